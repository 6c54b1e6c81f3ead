package dev.myelin.callbacks;

import java.util.Map;

/**
 * Stops training as soon as a batch's loss is NaN or infinite, printing {@code Batch 12: Invalid
 * loss, terminating training}.
 */
public final class TerminateOnNaN extends Callback {
  /** A NaN guard. */
  public TerminateOnNaN() {}

  @Override
  public void onBatchEnd(int batch, Map<String, Double> logs) {
    Double loss = logs.get("loss");
    if (loss != null && (loss.isNaN() || loss.isInfinite())) {
      System.out.println("Batch " + batch + ": Invalid loss, terminating training");
      model().stopTraining(true);
    }
  }
}
