package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a recurrent layer over the sequence both ways and merges the two outputs, Keras's {@code
 * Bidirectional(layer, merge_mode="concat")}. The two directions are copies of {@code layer} made
 * from its config, tracked as {@code forward_layer} and {@code backward_layer} (named {@code
 * forward_<name>} and {@code backward_<name>}, the backward one with {@code go_backwards}), so the
 * weights nest as Keras 3 saves them. With {@code return_sequences} the backward outputs are
 * flipped back into time order before merging; with {@code return_state} the forward states, then
 * the backward states, follow the merged output.
 *
 * <pre>{@code
 * Sequential model = new Sequential();
 * model.add(new Bidirectional(new LSTM(8).returnSequences(true)).inputShape(5, 3));  // (None, 5, 16)
 * model.add(new Bidirectional(new GRU(4), "sum"));                                    // (None, 4)
 * }</pre>
 */
public class Bidirectional extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Bidirectional.class,
        "Bidirectional",
        List.of(),
        (c, custom) -> fromConfig(c, custom));
  }

  private static final List<String> MODES = List.of("concat", "sum", "ave", "mul");

  private final String mergeMode;
  private final RNN forward;
  private final RNN backward;

  /** Both directions of {@code layer}, outputs concatenated. */
  public Bidirectional(RNN layer) {
    this(layer, "concat", null);
  }

  /** Both directions of {@code layer}, merged by "concat", "sum", "ave" or "mul". */
  public Bidirectional(RNN layer, String mergeMode) {
    this(layer, mergeMode, null);
  }

  /**
   * Both directions: a copy of {@code layer} forwards and {@code backwardLayer} (or, when null, a
   * copy of {@code layer} with go_backwards) backwards, merged by {@code mergeMode}.
   */
  public Bidirectional(RNN layer, String mergeMode, RNN backwardLayer) {
    if (layer == null) {
      throw new IllegalArgumentException(
          "Bidirectional: argument 'layer' expected a recurrent layer (SimpleRNN, LSTM, GRU or RNN) but was null");
    }
    if (!MODES.contains(mergeMode)) {
      throw new IllegalArgumentException(
          "Bidirectional: argument 'merge_mode' expected one of "
              + MODES
              + " but was "
              + (mergeMode == null ? "null" : "\"" + mergeMode + "\""));
    }
    this.mergeMode = mergeMode;
    this.forward = track("forward_layer", copy(layer, "forward_", false));
    this.backward =
        track(
            "backward_layer",
            backwardLayer != null ? backwardLayer : copy(layer, "backward_", true));
    // Keras: with return_sequences both directions output zeros at masked steps
    forward.zeroOutputForMask(forward.returnSequences);
    backward.zeroOutputForMask(backward.returnSequences);
    if (forward.returnSequences != backward.returnSequences
        || forward.returnState != backward.returnState) {
      throw new IllegalArgumentException(
          "Bidirectional: the forward and backward layers must agree on return_sequences and"
              + " return_state");
    }
  }

  private static RNN copy(RNN layer, String prefix, boolean backwards) {
    Map<String, Object> c = new LinkedHashMap<>(layer.getConfig());
    String name = layer.name();
    c.put("name", prefix + (name.startsWith(prefix) ? name.substring(prefix.length()) : name));
    if (backwards) {
      c.put("go_backwards", true);
    }
    return (RNN) Layers.fromConfig(layer.className(), c);
  }

  /** The forward copy. */
  public RNN forwardLayer() {
    return forward;
  }

  /** The backward copy. */
  public RNN backwardLayer() {
    return backward;
  }

  @Override
  public Bidirectional inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected void build(long[][] inputShapes) {
    if (inputShapes.length != 1) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (Bidirectional): expected one input (the sequence), got "
              + inputShapes.length);
    }
    forward.ensureBuilt(inputShapes);
    backward.ensureBuilt(inputShapes);
  }

  @Override
  protected void checkInputShapes(long[][] inputShapes) {
    forward.ensureBuilt(inputShapes);
  }

  @Override
  public long[][] computeOutputShapes(long[][] inputShapes) {
    long[][] f = forward.computeOutputShapes(inputShapes);
    long[][] b = backward.computeOutputShapes(inputShapes);
    long[] out = f[0].clone();
    if (mergeMode.equals("concat")) {
      out[out.length - 1] += b[0][b[0].length - 1];
    }
    List<long[]> all = new ArrayList<>();
    all.add(out);
    for (int i = 1; i < f.length; i++) {
      all.add(f[i]);
    }
    for (int i = 1; i < b.length; i++) {
      all.add(b[i]);
    }
    return all.toArray(new long[0][]);
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    return computeOutputShapes(inputShapes)[0];
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    return callAll(inputs, training)[0];
  }

  @Override
  public Tensor[] callAll(Tensor[] inputs, boolean training) {
    Tensor[] f = forward.invokeAll(new Tensor[] {inputs[0]}, training);
    Tensor[] b = backward.invokeAll(new Tensor[] {inputs[0]}, training);
    Tensor fy = f[0];
    Tensor by = forward.returnSequences ? b[0].slice(":, ::-1, :") : b[0];
    Tensor merged;
    switch (mergeMode) {
      case "sum":
        merged = fy.add(by);
        break;
      case "ave":
        merged = fy.add(by).mul(0.5);
        break;
      case "mul":
        merged = fy.mul(by);
        break;
      default:
        merged = Tensor.concat(-1, fy, by);
    }
    Tensor[] all = new Tensor[f.length + b.length - 1];
    all[0] = merged;
    System.arraycopy(f, 1, all, 1, f.length - 1);
    System.arraycopy(b, 1, all, f.length, b.length - 1);
    return all;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("merge_mode", mergeMode);
    c.put("layer", Configs.serialized("keras.layers", forward.className(), forward.getConfig()));
    c.put(
        "backward_layer",
        Configs.serialized("keras.layers", backward.className(), backward.getConfig()));
    return c;
  }

  /** A new Bidirectional from its Keras config. */
  public static Bidirectional fromConfig(Map<String, Object> c, Map<String, ?> custom) {
    RNN layer = inner(c.get("layer"), "layer", custom);
    Object back = c.get("backward_layer");
    RNN backward = back == null ? null : inner(back, "backward_layer", custom);
    Object mode = c.get("merge_mode");
    return new Bidirectional(layer, mode == null ? "concat" : mode.toString(), backward);
  }

  private static RNN inner(Object o, String key, Map<String, ?> custom) {
    Map<String, Object> m = Configs.map(o, "Bidirectional config '" + key + "'");
    Layer l =
        Layers.fromConfig(
            Configs.className(m),
            Configs.map(m.get("config"), "Bidirectional '" + key + "'"),
            custom);
    if (!(l instanceof RNN r)) {
      throw new IllegalArgumentException(
          "Bidirectional: config '"
              + key
              + "' expected a recurrent layer (SimpleRNN, LSTM, GRU or RNN) but was "
              + l.className());
    }
    return r;
  }

  /** Both directions skip the masked steps (each reads the sequence's mask). */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  /** The sequence's mask goes on with {@code return_sequences}, else none. */
  @Override
  public Tensor computeMask(Tensor[] inputs, Tensor[] masks) {
    return forward.returnSequences && masks.length > 0 ? masks[0] : null;
  }
}
