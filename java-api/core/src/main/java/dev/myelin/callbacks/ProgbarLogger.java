package dev.myelin.callbacks;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import dev.myelin.utils.Progbar;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints Keras 2.2's training progress: {@code Epoch 3/20}, then the bar with samples seen, time,
 * time per sample and the running averages, ending with the epoch's {@code val_} values. {@code
 * fit} adds it when verbose is 1 or 2.
 */
public final class ProgbarLogger extends Callback {
  static {
    Registry.builtIn(
        Registry.Kind.CALLBACK,
        ProgbarLogger.class,
        "ProgbarLogger",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  private final int verbose;
  private final PrintStream out;
  private final boolean dynamic;
  private Progbar bar;
  private long seen;
  private long target;
  private int epochs;
  private final Map<String, Double> values = new LinkedHashMap<>();

  /** A logger printing to {@code out}; {@code dynamic} redraws the bar in place. */
  public ProgbarLogger(int verbose, PrintStream out, boolean dynamic) {
    this.verbose = verbose;
    this.out = out;
    this.dynamic = dynamic;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    epochs = ((Number) params().get("epochs")).intValue();
    Object samples = params().get("samples");
    target =
        samples != null && ((Number) samples).longValue() >= 0
            ? ((Number) samples).longValue()
            : ((Number) params().get("steps")).longValue();
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    out.printf("Epoch %d/%d%n", epoch + 1, epochs);
    out.flush();
    bar = new Progbar(target, verbose, out, dynamic);
    seen = 0;
  }

  @Override
  public void onBatchEnd(int batch, Map<String, Double> logs) {
    Double size = logs.get("size");
    seen += size != null && params().get("samples") != null ? size.longValue() : 1;
    values.clear();
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      if (!e.getKey().equals("size") && !e.getKey().equals("batch")) {
        values.put(e.getKey(), e.getValue());
      }
    }
    if (seen < target) {
      bar.update(seen, values);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Map<String, Double> last = new LinkedHashMap<>(values);
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      if (e.getKey().startsWith("val_")) {
        last.put(e.getKey(), e.getValue());
      }
    }
    bar.update(seen, last);
  }

  /**
   * A ProgbarLogger from Keras's constructor arguments as a config map (snake_case keys; missing
   * ones take the defaults).
   */
  public static ProgbarLogger fromConfig(Map<String, Object> c) {
    return new ProgbarLogger((int) Configs.num(c, "verbose", 1), System.out, true);
  }
}
