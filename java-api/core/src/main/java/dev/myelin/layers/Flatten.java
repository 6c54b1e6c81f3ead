package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Flattens every axis but the batch axis: {@code (batch, d1, d2, ...)} becomes {@code (batch,
 * d1*d2*...)}. With {@code data_format="channels_first"} an input {@code (batch, channels,
 * spatial...)} is first moved to channels last, as Keras does, so the flat order matches a
 * channels-last model's.
 *
 * <pre>{@code
 * model.add(new Flatten().inputShape(8, 8, 1)); // (None, 64)
 * }</pre>
 */
public class Flatten extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Flatten.class,
        "Flatten",
        List.of(),
        List.of("data_format"),
        (c, custom) -> fromConfig(c));
  }

  private boolean channelsFirst;

  /** A flatten layer. */
  public Flatten() {}

  /** Sets the data format, "channels_last" (default; null means it too) or "channels_first". */
  public Flatten dataFormat(String format) {
    this.channelsFirst = DataFormat.channelsFirst(format, "Flatten");
    return this;
  }

  @Override
  public Flatten inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] s = inputShapes[0];
    long n = 1;
    for (int i = 1; i < s.length; i++) {
      n = s[i] < 0 || n < 0 ? -1 : n * s[i];
    }
    return new long[] {s[0], n};
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = DataFormat.toLast(inputs[0], channelsFirst);
    return x.reshape(x.dim(0), -1);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", DataFormat.name(channelsFirst));
    return c;
  }

  /** A new Flatten from its Keras config, the inverse of {@link #getConfig()}. */
  public static Flatten fromConfig(Map<String, Object> c) {
    return new Flatten().dataFormat(DataFormat.name(DataFormat.read(c, "Flatten")));
  }
}
