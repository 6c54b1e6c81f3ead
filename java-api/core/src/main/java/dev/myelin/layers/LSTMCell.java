package dev.myelin.layers;

import dev.myelin.internal.NativeCore;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cell of an {@link LSTM}, Keras's {@code LSTMCell}: gates i, f, c, o (kernel columns in that
 * order), states h and c; run it over a sequence with {@link RNN}, natively as fast as {@link
 * LSTM}.
 *
 * <pre>{@code
 * Layer lstm = new RNN(new LSTMCell(32)).returnSequences(true);   // the same as an LSTM(32)
 * }</pre>
 */
public class LSTMCell extends BaseRNNCell<LSTMCell> {
  static {
    List<String> keys = new ArrayList<>(KEYS);
    keys.add("unit_forget_bias");
    Registry.builtIn(
        Registry.Kind.LAYER,
        LSTMCell.class,
        "LSTMCell",
        List.of(),
        keys,
        (c, custom) -> fromConfig(c, custom));
  }

  private boolean unitForgetBias = true;

  /** A cell of {@code units} outputs. */
  public LSTMCell(long units) {
    super(units, NativeCore.MLN_RNN_LSTM);
  }

  /** Whether the forget gate's bias starts at one (default true, as Keras). */
  public LSTMCell unitForgetBias(boolean on) {
    this.unitForgetBias = on;
    return this;
  }

  @Override
  boolean unitForgetBias() {
    return unitForgetBias;
  }

  @Override
  int gates() {
    return 4;
  }

  /** A new LSTMCell from its Keras config. */
  public static LSTMCell fromConfig(Map<String, Object> c, Map<String, ?> custom) {
    LSTMCell l = new LSTMCell(((Number) Configs.require(c, "units", "LSTMCell")).longValue());
    l.unitForgetBias(Configs.bool(c, "unit_forget_bias", true));
    return readConfig(l, c, custom);
  }
}
