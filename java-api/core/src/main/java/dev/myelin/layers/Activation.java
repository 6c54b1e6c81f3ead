package dev.myelin.layers;

import dev.myelin.Tensor;
import java.util.Map;

/**
 * Applies an activation function to its input; no weights. Output shape equals input shape.
 *
 * <pre>{@code
 * model.add(new Dense(1).inputDim(1));
 * model.add(new Activation("sigmoid"));
 * }</pre>
 */
public class Activation extends Layer {
  private final dev.myelin.activations.Activation fn;

  /** An activation layer by Keras name ("sigmoid", "relu", "softmax", ...). */
  public Activation(String name) {
    this(dev.myelin.activations.Activation.get(name));
  }

  /** An activation layer applying {@code fn}. */
  public Activation(dev.myelin.activations.Activation fn) {
    if (fn == null) {
      throw new IllegalArgumentException(
          "Activation: argument 'fn' expected an activation but was null");
    }
    this.fn = fn;
  }

  @Override
  public Activation inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Activation name(String newName) {
    super.name(newName);
    return this;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    return fn.apply(inputs[0]);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("activation", fn.name());
    return c;
  }
}
