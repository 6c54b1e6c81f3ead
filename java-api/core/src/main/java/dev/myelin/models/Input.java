package dev.myelin.models;

import dev.myelin.layers.InputLayer;
import dev.myelin.layers.KerasTensor;

/**
 * Creates the symbolic input of a functional model, as Keras's {@code Input(shape=...)}.
 *
 * <pre>{@code
 * KerasTensor inputs = Input.of(3);
 * KerasTensor outputs = new Dense(1).apply(inputs);
 * Model model = new Model(inputs, outputs);
 * }</pre>
 */
public final class Input {
  private Input() {}

  /** A symbolic input of the given shape (batch axis excluded). */
  public static KerasTensor of(long... shape) {
    return new InputLayer(shape).tensor();
  }

  /**
   * A symbolic string input, one text per sample (Keras's {@code Input(shape=(1,),
   * dtype="string")}), for a model whose first layers are {@link dev.myelin.layers.StringLayer}s.
   */
  public static KerasTensor strings() {
    return InputLayer.strings().tensor();
  }
}
