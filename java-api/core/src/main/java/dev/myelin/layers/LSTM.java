package dev.myelin.layers;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Long short-term memory, Keras's {@code LSTM}: gates {@code i, f, o = recurrent_activation(...)},
 * candidate {@code g = activation(...)} (kernel columns in Keras's order i, f, c, o), {@code c_t =
 * f * c_{t-1} + i * g}, {@code h_t = o * activation(c_t)}. Keras 3 defaults (sigmoid gates,
 * unit_forget_bias); under Keras 2 conventions the gates default to hard_sigmoid, as in the book.
 * With {@code returnState} the outputs are {@code [output, h, c]}.
 *
 * <pre>{@code
 * Sequential model = new Sequential();
 * model.add(new LSTM(32).inputShape(10, 16));   // 4 * 32 * (16 + 32 + 1) = 6,272 parameters
 * model.add(new Dense(1));
 * }</pre>
 */
public class LSTM extends Recurrent<LSTM> {
  static {
    List<String> keys = new ArrayList<>(Recurrent.KEYS);
    keys.add("unit_forget_bias");
    Registry.builtIn(
        Registry.Kind.LAYER,
        LSTM.class,
        "LSTM",
        List.of(),
        keys,
        (c, custom) -> fromConfig(c, custom));
  }

  /** An LSTM of {@code units} outputs. */
  public LSTM(long units) {
    super(new LSTMCell(units));
  }

  /** Whether the forget gate's bias starts at one (default true, as Keras). */
  public LSTM unitForgetBias(boolean on) {
    ((LSTMCell) cell).unitForgetBias(on);
    return this;
  }

  /** A new LSTM from its Keras config. */
  public static LSTM fromConfig(Map<String, Object> c, Map<String, ?> custom) {
    LSTM l = new LSTM(((Number) Configs.require(c, "units", "LSTM")).longValue());
    l.unitForgetBias(Configs.bool(c, "unit_forget_bias", true));
    return readConfig(l, c, custom);
  }
}
