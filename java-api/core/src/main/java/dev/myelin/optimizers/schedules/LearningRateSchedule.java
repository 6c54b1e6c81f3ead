package dev.myelin.optimizers.schedules;

import java.util.Map;

/**
 * A learning rate as a function of the optimizer's step (its iteration count before the update),
 * like Keras's {@code keras.optimizers.schedules.LearningRateSchedule}.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(new ExponentialDecay(0.1, 1000, 0.96, false), 0.0, false);
 * }</pre>
 */
public interface LearningRateSchedule {
  /** The learning rate at {@code step} (0 for the first update). */
  double apply(long step);

  /** The Keras class name, e.g. {@code ExponentialDecay}. */
  String className();

  /** Keras's {@code get_config()} keys and values. */
  Map<String, Object> getConfig();
}
