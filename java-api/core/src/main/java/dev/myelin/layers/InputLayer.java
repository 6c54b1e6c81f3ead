package dev.myelin.layers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * The entry point of a model: it passes its input through and fixes the input shape. Usually
 * created by {@code Input.of(shape)} or by the first layer's {@code inputShape}.
 *
 * <pre>{@code
 * KerasTensor x = new InputLayer(7).output(); // same as Input.of(7)
 * }</pre>
 */
public class InputLayer extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        InputLayer.class,
        "InputLayer",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  private final long[] shape;
  private final KerasTensor output;
  private DType dtype = DType.FLOAT32;

  /** An input of the given shape without the batch axis, e.g. {@code new InputLayer(7)}. */
  public InputLayer(long... shape) {
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException(
          "InputLayer: argument 'shape' expected at least one dimension but was empty");
    }
    this.shape = shape.clone();
    long[] full = new long[shape.length + 1];
    full[0] = -1;
    System.arraycopy(shape, 0, full, 1, shape.length);
    ensureBuilt(new long[][] {full});
    this.output = addSourceNode(full);
  }

  @Override
  protected String defaultNamePrefix() {
    return LayerNames.keras2Names() ? "input" : "input_layer";
  }

  /** The input shape without the batch axis. */
  public long[] shape() {
    return shape.clone();
  }

  /**
   * The element type callers feed this input: float32, or int32/int64 for a Keras {@code
   * Input(dtype="int32")} (token ids of an Embedding); a server uses it to hand ids over exactly.
   */
  public DType dtype() {
    return dtype;
  }

  /** This input with the given element type ({@code dtype()}); returns this layer. */
  public InputLayer dtype(DType d) {
    if (d != DType.FLOAT32 && d != DType.INT32 && d != DType.INT64) {
      throw new IllegalArgumentException(
          "InputLayer: argument 'dtype' expected float32, int32 or int64 but was " + d);
    }
    dtype = d;
    return this;
  }

  /** The symbolic tensor this layer produces. */
  public KerasTensor tensor() {
    return output;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    return inputs[0];
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    long[] b = new long[shape.length + 1];
    b[0] = -1;
    System.arraycopy(shape, 0, b, 1, shape.length);
    c.put("batch_shape", Configs.shape(b));
    c.put("sparse", false);
    if (strings) {
      c.put("dtype", "string");
    } else if (dtype != DType.FLOAT32) {
      c.put("dtype", dtype.numpyName());
    }
    return c;
  }

  /** A new InputLayer from its Keras config, the inverse of {@link #getConfig()}. */
  public static InputLayer fromConfig(Map<String, Object> c) {
    Object s = c.containsKey("batch_shape") ? c.get("batch_shape") : c.get("batch_input_shape");
    long[] full = Configs.shape(s, "InputLayer config 'batch_shape'");
    if ("string".equals(c.get("dtype"))) {
      // Keras's Sequential built on a rank-1 batch of strings saves batch_shape [n]: one text a
      // sample either way
      return strings();
    }
    InputLayer in = new InputLayer(java.util.Arrays.copyOfRange(full, 1, full.length));
    // Keras writes an integer input's dtype as a plain name; a float input may carry a policy map.
    if (c.get("dtype") instanceof String d && (d.equals("int32") || d.equals("int64"))) {
      in.dtype(d.equals("int32") ? DType.INT32 : DType.INT64);
    }
    return in;
  }

  // ---- string inputs ----

  private boolean strings;

  /**
   * A string input of one text per sample, shape {@code (None, 1)}, as Keras's {@code
   * Input(shape=(1,), dtype="string")}; the layers after it are {@link StringLayer}s.
   */
  public static InputLayer strings() {
    InputLayer il = new InputLayer(1);
    il.strings = true;
    return il;
  }

  /** Whether this input takes strings ({@link #strings()}) rather than tensors. */
  public boolean isStrings() {
    return strings;
  }
}
