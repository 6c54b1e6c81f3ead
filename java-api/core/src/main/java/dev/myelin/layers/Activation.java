package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
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
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Activation.class,
        "Activation",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c, custom));
  }

  private final dev.myelin.activations.Activation fn;

  /**
   * An activation layer by Keras name ("sigmoid", "relu", "softmax", ...); the parameter has
   * Keras's name, which the Python bridge binds keyword arguments to.
   */
  public Activation(String activation) {
    this(dev.myelin.activations.Activation.get(activation));
  }

  /** An activation layer applying {@code activation}. */
  public Activation(dev.myelin.activations.Activation activation) {
    if (activation == null) {
      throw new IllegalArgumentException(
          "Activation: argument 'activation' expected an activation but was null");
    }
    this.fn = activation;
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

  /**
   * A new Activation from its Keras config, the inverse of {@link #getConfig()}; nested components
   * are looked up in {@code customObjects} first.
   */
  public static Activation fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    return new Activation(
        (dev.myelin.activations.Activation)
            Configs.component(
                Registry.Kind.ACTIVATION,
                Configs.require(c, "activation", "Activation"),
                customObjects));
  }

  /** The mask of the input goes on unchanged (Keras: {@code supports_masking = True}). */
  @Override
  public boolean supportsMasking() {
    return true;
  }
}
