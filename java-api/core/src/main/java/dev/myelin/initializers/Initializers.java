package dev.myelin.initializers;

import dev.myelin.internal.Errors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Keras's built-in initializers by string name and by class name, with default arguments. */
public final class Initializers {
  private static final Map<String, Supplier<Initializer>> BY_NAME = new LinkedHashMap<>();

  static {
    add(Zeros::new, "zeros", "Zeros");
    add(Ones::new, "ones", "Ones");
    add(Constant::new, "constant", "Constant");
    add(RandomUniform::new, "random_uniform", "uniform", "RandomUniform");
    add(RandomNormal::new, "random_normal", "normal", "RandomNormal");
    add(TruncatedNormal::new, "truncated_normal", "TruncatedNormal");
    add(VarianceScaling::new, "variance_scaling", "VarianceScaling");
    add(LecunUniform::new, "lecun_uniform", "LecunUniform");
    add(LecunNormal::new, "lecun_normal", "LecunNormal");
    add(GlorotUniform::new, "glorot_uniform", "GlorotUniform");
    add(GlorotNormal::new, "glorot_normal", "GlorotNormal");
    add(HeUniform::new, "he_uniform", "HeUniform");
    add(HeNormal::new, "he_normal", "HeNormal");
    add(Orthogonal::new, "orthogonal", "Orthogonal", "OrthogonalInitializer");
    add(Identity::new, "identity", "Identity", "IdentityInitializer");
  }

  private Initializers() {}

  private static void add(Supplier<Initializer> s, String... names) {
    for (String n : names) {
      BY_NAME.put(n, s);
    }
  }

  /**
   * The initializer for a Keras string or class name with default arguments; an unknown name throws
   * an {@link IllegalArgumentException} listing the valid names.
   */
  public static Initializer get(String name) {
    Supplier<Initializer> s = name == null ? null : BY_NAME.get(name);
    if (s == null) {
      throw Errors.arg(
          "Initializer.get",
          "name",
          "one of " + String.join(", ", BY_NAME.keySet()),
          name == null ? "null" : "\"" + name + "\"");
    }
    return s.get();
  }

  /** Every name {@link #get(String)} accepts. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }
}
