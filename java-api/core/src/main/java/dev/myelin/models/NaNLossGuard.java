package dev.myelin.models;

import dev.myelin.callbacks.Callback;
import java.util.Map;

/**
 * The {@code TerminateOnNaN} that every {@code fit} runs unless {@link FitOptions#terminateOnNaN}
 * is off: a batch whose loss is NaN or infinite stops training with a line naming the epoch and the
 * batch, printed to the model's progress output whatever the verbosity.
 */
final class NaNLossGuard extends Callback {
  private final int epochs;
  private int epoch;

  NaNLossGuard(int epochs) {
    this.epochs = epochs;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    this.epoch = epoch;
  }

  @Override
  public void onBatchEnd(int batch, Map<String, Double> logs) {
    Double loss = logs.get("loss");
    if (loss != null && !Double.isFinite(loss)) {
      model()
          .progressOutput()
          .printf(
              "Epoch %d/%d, batch %d: invalid loss %s, terminating training"
                  + " (FitOptions.terminateOnNaN(false) keeps going)%n",
              epoch + 1, epochs, batch, loss.isNaN() ? "nan" : loss > 0 ? "inf" : "-inf");
      model().stopTraining(true);
    }
  }
}
