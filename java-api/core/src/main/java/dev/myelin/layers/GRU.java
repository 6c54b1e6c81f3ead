package dev.myelin.layers;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gated recurrent unit, Keras's {@code GRU}: update and reset gates {@code z, r =
 * recurrent_activation(...)}, candidate {@code hh = activation(x W_h + r * (h U_h + b_rh))} with
 * {@code reset_after} (Keras 3's default, bias of shape (2, 3 * units)) or {@code activation(x W_h
 * + (r * h) U_h + b_h)} without it (Keras 2.2's default, bias (3 * units)), and {@code h_t = z *
 * h_{t-1} + (1 - z) * hh}; kernel columns in Keras's order z, r, h. Under Keras 2 conventions the
 * defaults are hard_sigmoid gates and reset_after false.
 *
 * <pre>{@code
 * GRU gru = new GRU(32).inputShape(10, 16);   // 3 * 32 * (16 + 32 + 2) = 4,800 parameters
 * }</pre>
 */
public class GRU extends Recurrent<GRU> {
  static {
    List<String> keys = new ArrayList<>(Recurrent.KEYS);
    keys.add("reset_after");
    Registry.builtIn(
        Registry.Kind.LAYER,
        GRU.class,
        "GRU",
        List.of(),
        keys,
        (c, custom) -> fromConfig(c, custom));
  }

  /** A GRU of {@code units} outputs. */
  public GRU(long units) {
    super(new GRUCell(units));
  }

  /** Applies the reset gate after the recurrent matmul (Keras 3: true; Keras 2.2: false). */
  public GRU resetAfter(boolean on) {
    ((GRUCell) cell).resetAfter(on);
    return this;
  }

  /** A new GRU from its Keras config. */
  public static GRU fromConfig(Map<String, Object> c, Map<String, ?> custom) {
    GRU l = new GRU(((Number) Configs.require(c, "units", "GRU")).longValue());
    l.resetAfter(Configs.bool(c, "reset_after", true));
    return readConfig(l, c, custom);
  }
}
