package dev.myelin.optimizers;

import java.util.Map;

/**
 * The {@code beta_1, beta_2, epsilon} hyperparameters that Adam, Adamax and Nadam share, checked,
 * configured and read back from a config in one place so the three cannot drift apart.
 */
record Moments(double beta1, double beta2, double epsilon) {
  /** Keras's defaults for all three optimizers. */
  static final Moments DEFAULTS = new Moments(0.9, 0.999, 1e-7);

  /** The triple after {@code owner}'s range checks (the error names the optimizer). */
  static Moments checked(Optimizer owner, double beta1, double beta2, double epsilon) {
    return new Moments(
        owner.checkRange("beta_1", beta1, 0, 1),
        owner.checkRange("beta_2", beta2, 0, 1),
        owner.checkRange("epsilon", epsilon, 0, Double.MAX_VALUE));
  }

  /** The triple from a config's keys, Keras's defaults for missing ones. */
  static Moments fromConfig(Map<String, Object> c) {
    return new Moments(
        Optimizer.number(c, "beta_1", DEFAULTS.beta1),
        Optimizer.number(c, "beta_2", DEFAULTS.beta2),
        Optimizer.number(c, "epsilon", DEFAULTS.epsilon));
  }

  /** Writes the triple to the hyperparameter slots at the given indices. */
  void write(double[] h, int beta1Index, int beta2Index, int epsilonIndex) {
    h[beta1Index] = beta1;
    h[beta2Index] = beta2;
    h[epsilonIndex] = epsilon;
  }

  /** Puts the triple into {@code config} under Keras's keys, in Keras's order. */
  Map<String, Object> putInto(Map<String, Object> config) {
    config.put("beta_1", beta1);
    config.put("beta_2", beta2);
    config.put("epsilon", epsilon);
    return config;
  }
}
