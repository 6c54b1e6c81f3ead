package dev.myelin.callbacks;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Stops training as soon as a batch's loss is NaN or infinite, printing {@code Batch 12: Invalid
 * loss, terminating training}.
 */
public final class TerminateOnNaN extends Callback {
  static {
    Registry.builtIn(
        Registry.Kind.CALLBACK,
        TerminateOnNaN.class,
        "TerminateOnNaN",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  /** A NaN guard. */
  public TerminateOnNaN() {}

  @Override
  public void onBatchEnd(int batch, Map<String, Double> logs) {
    Double loss = logs.get("loss");
    if (loss != null && (loss.isNaN() || loss.isInfinite())) {
      out().println("Batch " + batch + ": Invalid loss, terminating training");
      model().stopTraining(true);
    }
  }

  /**
   * A TerminateOnNaN from Keras's constructor arguments as a config map (snake_case keys; missing
   * ones take the defaults).
   */
  public static TerminateOnNaN fromConfig(Map<String, Object> c) {
    return new TerminateOnNaN();
  }
}
