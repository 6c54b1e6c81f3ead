package dev.myelin.optimizers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Keras 3's {@code AdamW}): before each Adam update, {@code w <-
 * w - w * weight_decay * lr}. Defaults: learning rate 0.001, weight decay 0.004, beta_1 0.9, beta_2
 * 0.999, epsilon 1e-7, amsgrad false.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(0.001, 0.01);
 * }</pre>
 */
public final class AdamW extends Adam {
  static {
    Registry.builtIn(
        Registry.Kind.OPTIMIZER,
        AdamW.class,
        "AdamW",
        List.of("adamw"),
        List.of("weight_decay", "beta_1", "beta_2", "epsilon", "amsgrad"),
        (c, custom) -> fromConfig(c));
  }

  /** AdamW with Keras's defaults. */
  public AdamW() {
    this(0.001, 0.004);
  }

  /** AdamW with the given learning rate and weight decay. */
  public AdamW(double learningRate, double weightDecay) {
    this(learningRate, weightDecay, 0.9, 0.999, 1e-7, false);
  }

  /** AdamW with every hyperparameter. */
  public AdamW(
      double learningRate,
      double weightDecay,
      double beta1,
      double beta2,
      double epsilon,
      boolean amsgrad) {
    super("adamw", learningRate, beta1, beta2, epsilon, amsgrad);
    weightDecay(weightDecay);
  }

  /**
   * AdamW from its own config keys and the learning rate (Keras's defaults for missing ones);
   * {@link Optimizer#fromConfig} adds the keys every optimizer shares.
   */
  static AdamW fromConfig(Map<String, Object> c) {
    double lr = learningRate(c, 0.001);
    return new AdamW(
        lr,
        number(c, "weight_decay", 0.004),
        number(c, "beta_1", 0.9),
        number(c, "beta_2", 0.999),
        number(c, "epsilon", 1e-7),
        flag(c, "amsgrad", false));
  }
}
