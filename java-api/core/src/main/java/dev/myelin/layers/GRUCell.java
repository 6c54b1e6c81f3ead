package dev.myelin.layers;

import dev.myelin.internal.NativeCore;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cell of a {@link GRU}, Keras's {@code GRUCell}: gates z, r, h, with the reset gate after the
 * recurrent matmul ({@code reset_after}, Keras 3's default) or before it (Keras 2.2's); run it over
 * a sequence with {@link RNN}.
 *
 * <pre>{@code
 * Layer gru = new RNN(new GRUCell(32));   // the same as a GRU(32)
 * }</pre>
 */
public class GRUCell extends BaseRNNCell<GRUCell> {
  static {
    List<String> keys = new ArrayList<>(KEYS);
    keys.add("reset_after");
    Registry.builtIn(
        Registry.Kind.LAYER,
        GRUCell.class,
        "GRUCell",
        List.of(),
        keys,
        (c, custom) -> fromConfig(c, custom));
  }

  private boolean resetAfter = !LayerNames.keras2Names();

  /** A cell of {@code units} outputs. */
  public GRUCell(long units) {
    super(units, NativeCore.MLN_RNN_GRU);
  }

  /** Applies the reset gate after the recurrent matmul (Keras 3: true; Keras 2.2: false). */
  public GRUCell resetAfter(boolean on) {
    this.resetAfter = on;
    return this;
  }

  @Override
  boolean resetAfter() {
    return resetAfter;
  }

  @Override
  int gates() {
    return 3;
  }

  /** A new GRUCell from its Keras config. */
  public static GRUCell fromConfig(Map<String, Object> c, Map<String, ?> custom) {
    GRUCell l = new GRUCell(((Number) Configs.require(c, "units", "GRUCell")).longValue());
    l.resetAfter(Configs.bool(c, "reset_after", true));
    return readConfig(l, c, custom);
  }
}
