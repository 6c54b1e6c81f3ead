package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * Rescales every value: {@code x * scale + offset} (integer inputs become float32), in training and
 * at inference, as Keras's {@code Rescaling}; e.g. {@code new Rescaling(1.0 / 255)} maps [0, 255]
 * to [0, 1].
 *
 * <pre>{@code
 * model.add(new Rescaling(1.0 / 127.5).offset(-1));
 * }</pre>
 */
public class Rescaling extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Rescaling.class,
        "Rescaling",
        List.of(),
        List.of("offset"),
        (c, custom) -> fromConfig(c));
  }

  private final double scale;
  private double offset;

  /** A rescaling by {@code scale} with offset 0. */
  public Rescaling(double scale) {
    this.scale = scale;
  }

  /** A rescaling by {@code scale} then {@code offset}. */
  public Rescaling(double scale, double offset) {
    this.scale = scale;
    this.offset = offset;
  }

  /** Sets the offset added after scaling (default 0). */
  public Rescaling offset(double value) {
    offset = value;
    return this;
  }

  /** The scale. */
  public double scale() {
    return scale;
  }

  /** The offset. */
  public double offset() {
    return offset;
  }

  @Override
  public Rescaling inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Rescaling name(String newName) {
    super.name(newName);
    return this;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    return ImageLayers.floats(inputs[0]).mul(scale).add(offset);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("scale", scale);
    c.put("offset", offset);
    return c;
  }

  /** A new Rescaling from its Keras config, the inverse of {@link #getConfig()}. */
  public static Rescaling fromConfig(Map<String, Object> c) {
    Object s = Configs.require(c, "scale", "Rescaling");
    if (!(s instanceof Number n)) {
      throw new IllegalArgumentException(
          "Rescaling: argument 'scale' expected a number but was " + s);
    }
    return new Rescaling(n.doubleValue(), Configs.num(c, "offset", 0.0));
  }
}
