package dev.myelin.metrics;

/**
 * The switch between current Keras metric names ({@code accuracy}, {@code val_accuracy}) and Keras
 * 2.2's, which the book prints ({@code acc}, {@code val_acc}; {@code mean_squared_error} for {@code
 * mse}). It is process-wide and read whenever a metric's {@link Metric#name()} is asked.
 *
 * <pre>{@code
 * MetricNames.useKeras2Names(true);   // History keys become acc / val_acc
 * }</pre>
 */
public final class MetricNames {
  private static volatile boolean keras2;

  private MetricNames() {}

  /** Turns Keras 2.2 naming on or off (off by default). */
  public static void useKeras2Names(boolean on) {
    keras2 = on;
  }

  /** Whether Keras 2.2 naming is on. */
  public static boolean keras2Names() {
    return keras2;
  }
}
