package dev.myelin.layers;

import dev.myelin.internal.NativeCore;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * The cell of a {@link SimpleRNN}, Keras's {@code SimpleRNNCell}: {@code h_t = activation(x_t @
 * kernel + h_{t-1} @ recurrent_kernel + bias)}; run it over a sequence with {@link RNN}.
 *
 * <pre>{@code
 * Layer rnn = new RNN(new SimpleRNNCell(32));   // the same as new SimpleRNN(32)
 * }</pre>
 */
public class SimpleRNNCell extends BaseRNNCell<SimpleRNNCell> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        SimpleRNNCell.class,
        "SimpleRNNCell",
        List.of(),
        KEYS.stream().filter(k -> !k.equals("recurrent_activation")).toList(),
        (c, custom) -> fromConfig(c, custom));
  }

  /** A cell of {@code units} outputs (tanh, glorot_uniform / orthogonal / zeros). */
  public SimpleRNNCell(long units) {
    super(units, NativeCore.MLN_RNN_SIMPLE);
  }

  @Override
  int gates() {
    return 1;
  }

  /** A new SimpleRNNCell from its Keras config. */
  public static SimpleRNNCell fromConfig(Map<String, Object> c, Map<String, ?> custom) {
    return readConfig(
        new SimpleRNNCell(((Number) Configs.require(c, "units", "SimpleRNNCell")).longValue()),
        c,
        custom);
  }
}
