package dev.myelin.initializers;

import dev.myelin.saving.Registry;
import java.util.List;

/**
 * Keras's built-in initializers by string name and by class name, with default arguments: a view of
 * the {@link Registry}, where each initializer class registers its names.
 */
public final class Initializers {
  private Initializers() {}

  /**
   * The initializer for a Keras string or class name with default arguments; an unknown name throws
   * an {@link IllegalArgumentException} listing close matches and the valid names.
   */
  public static Initializer get(String name) {
    return (Initializer) Registry.get(Registry.Kind.INITIALIZER, name);
  }

  /** Every name {@link #get(String)} accepts. */
  public static List<String> names() {
    return Registry.names(Registry.Kind.INITIALIZER);
  }
}
