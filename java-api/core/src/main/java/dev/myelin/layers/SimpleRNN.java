package dev.myelin.layers;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.Map;

/**
 * A fully connected recurrent layer: {@code h_t = activation(x_t @ kernel + h_{t-1} @
 * recurrent_kernel + bias)}, Keras's {@code SimpleRNN}. Options and shapes are {@link Recurrent}'s.
 *
 * <pre>{@code
 * Sequential model = new Sequential();
 * model.add(new SimpleRNN(32).inputShape(10, 1));   // 32 * (1 + 32 + 1) = 1,088 parameters
 * model.add(new Dense(1));
 * }</pre>
 */
public class SimpleRNN extends Recurrent<SimpleRNN> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        SimpleRNN.class,
        "SimpleRNN",
        java.util.List.of(),
        Recurrent.KEYS.stream().filter(k -> !k.equals("recurrent_activation")).toList(),
        (c, custom) -> fromConfig(c, custom));
  }

  /** A SimpleRNN of {@code units} outputs (tanh, glorot_uniform / orthogonal / zeros). */
  public SimpleRNN(long units) {
    super(new SimpleRNNCell(units));
  }

  /** A new SimpleRNN from its Keras config. */
  public static SimpleRNN fromConfig(Map<String, Object> c, Map<String, ?> custom) {
    SimpleRNN l = new SimpleRNN(((Number) Configs.require(c, "units", "SimpleRNN")).longValue());
    return readConfig(l, c, custom);
  }
}
