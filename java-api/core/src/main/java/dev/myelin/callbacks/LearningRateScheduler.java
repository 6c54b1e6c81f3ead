package dev.myelin.callbacks;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Sets the optimizer's learning rate at the start of each epoch to {@code schedule(epoch, lr)}.
 *
 * <pre>{@code
 * new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * 0.9)
 * }</pre>
 */
public final class LearningRateScheduler extends Callback {
  static {
    Registry.builtIn(
        Registry.Kind.CALLBACK,
        LearningRateScheduler.class,
        "LearningRateScheduler",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  private final BiFunction<Integer, Double, Double> schedule;
  private final int verbose;

  /** A scheduler; {@code verbose} 1 prints each change. */
  public LearningRateScheduler(BiFunction<Integer, Double, Double> schedule, int verbose) {
    if (schedule == null) {
      throw new IllegalArgumentException(
          "LearningRateScheduler: argument 'schedule' expected a function but was null");
    }
    this.schedule = schedule;
    this.verbose = verbose;
  }

  /** A silent scheduler. */
  public LearningRateScheduler(BiFunction<Integer, Double, Double> schedule) {
    this(schedule, 0);
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    double lr = schedule.apply(epoch, model().optimizer().learningRate());
    model().optimizer().setLearningRate(lr);
    if (verbose > 0) {
      out()
          .printf(
              "%nEpoch %05d: LearningRateScheduler setting learning rate to %s.%n", epoch + 1, lr);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    logs.put("learning_rate", model().optimizer().learningRate());
  }

  /**
   * Always throws: a LearningRateScheduler holds a Java function, which a config cannot carry
   * (registered so that a lookup by name says so).
   */
  public static LearningRateScheduler fromConfig(Map<String, Object> c) {
    throw new IllegalArgumentException(
        "LearningRateScheduler.fromConfig: it holds a Java function, which a config cannot carry; construct it in Java");
  }
}
