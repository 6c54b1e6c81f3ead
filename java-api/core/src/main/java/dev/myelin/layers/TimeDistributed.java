package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one layer to every time step of a sequence, Keras's {@code TimeDistributed(layer)}: the
 * input (batch, timesteps, ...) is folded to (batch * timesteps, ...), passed through the layer and
 * unfolded, so all steps share the layer's weights. The layer is tracked as {@code layer}, as Keras
 * 3 saves it ({@code layers/time_distributed/layer/vars}).
 *
 * <pre>{@code
 * model.add(new LSTM(32).returnSequences(true).inputShape(10, 8));
 * model.add(new TimeDistributed(new Dense(1)));   // (None, 10, 1)
 * }</pre>
 */
public class TimeDistributed extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        TimeDistributed.class,
        "TimeDistributed",
        List.of(),
        (c, custom) -> fromConfig(c, custom));
  }

  private final Layer layer;

  /** Applies {@code layer} to each time step. */
  public TimeDistributed(Layer layer) {
    if (layer == null) {
      throw new IllegalArgumentException(
          "TimeDistributed: argument 'layer' expected a Layer but was null");
    }
    this.layer = track("layer", layer);
  }

  /** The wrapped layer. */
  public Layer layer() {
    return layer;
  }

  @Override
  public TimeDistributed inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  private static long[] stepShape(long[] s) {
    long[] r = new long[s.length - 1];
    r[0] = s[0] < 0 || s[1] < 0 ? -1 : s[0] * s[1];
    System.arraycopy(s, 2, r, 1, s.length - 2);
    return r;
  }

  private void checkRank(long[][] shapes) {
    if (shapes.length != 1 || shapes[0].length < 3) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (TimeDistributed): expected one input of rank 3 or more (batch, timesteps,"
              + " ...) but got "
              + KerasTensor.shapes(shapes));
    }
  }

  @Override
  protected void build(long[][] inputShapes) {
    checkRank(inputShapes);
    layer.ensureBuilt(new long[][] {stepShape(inputShapes[0])});
  }

  @Override
  protected void checkInputShapes(long[][] inputShapes) {
    checkRank(inputShapes);
    layer.ensureBuilt(new long[][] {stepShape(inputShapes[0])});
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] s = inputShapes[0];
    long[] inner = layer.computeOutputShape(new long[][] {stepShape(s)});
    long[] out = new long[inner.length + 1];
    out[0] = s[0];
    out[1] = s[1];
    System.arraycopy(inner, 1, out, 2, inner.length - 1);
    return out;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    long[] s = x.shape();
    if (s.length < 3) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (TimeDistributed): expected an input of rank 3 or more but"
              + " got shape "
              + Arrays.toString(s));
    }
    Tensor y = layer.invoke(new Tensor[] {x.reshape(stepShape(s))}, training);
    long[] ys = y.shape();
    long[] out = new long[ys.length + 1];
    out[0] = s[0];
    out[1] = s[1];
    System.arraycopy(ys, 1, out, 2, ys.length - 1);
    return y.reshape(out);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("layer", Configs.serialized("keras.layers", layer.className(), layer.getConfig()));
    return c;
  }

  /** A new TimeDistributed from its Keras config. */
  public static TimeDistributed fromConfig(Map<String, Object> c, Map<String, ?> custom) {
    Map<String, Object> m = Configs.map(c.get("layer"), "TimeDistributed config 'layer'");
    Map<String, Object> inner =
        new LinkedHashMap<>(Configs.map(m.get("config"), "TimeDistributed 'layer' config"));
    return new TimeDistributed(Layers.fromConfig(Configs.className(m), inner, custom));
  }

  /** The mask of the sequence goes on unchanged (Keras: {@code supports_masking = True}). */
  @Override
  public boolean supportsMasking() {
    return true;
  }
}
