package dev.myelin.callbacks;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when {@code monitor} has not improved for {@code
 * patience} epochs, then waits {@code cooldown} epochs; never below {@code minLr}. Keras's
 * defaults: val_loss, factor 0.1, patience 10, minDelta 1e-4, cooldown 0, minLr 0.
 *
 * <pre>{@code
 * new ReduceLROnPlateau().monitor("loss").factor(0.5).patience(2)
 * }</pre>
 */
public final class ReduceLROnPlateau extends Callback {
  static {
    Registry.builtIn(
        Registry.Kind.CALLBACK,
        ReduceLROnPlateau.class,
        "ReduceLROnPlateau",
        List.of(),
        List.of(
            "monitor", "factor", "patience", "mode", "min_delta", "cooldown", "min_lr", "verbose"),
        (c, custom) -> fromConfig(c));
  }

  private String monitor = "val_loss";
  private double factor = 0.1;
  private int patience = 10;
  private String mode = "auto";
  private double minDelta = 1e-4;
  private int cooldown;
  private double minLr;
  private int verbose;
  private double best;
  private boolean maximise;
  private int wait;
  private int cooldownCounter;

  /** A scheduler with Keras's defaults. */
  public ReduceLROnPlateau() {}

  /** The logged quantity to watch. */
  public ReduceLROnPlateau monitor(String m) {
    this.monitor = m;
    return this;
  }

  /** The factor applied to the learning rate (in (0, 1)). */
  public ReduceLROnPlateau factor(double f) {
    if (!(f > 0 && f < 1)) {
      throw new IllegalArgumentException(
          "ReduceLROnPlateau: argument 'factor' expected a number in (0, 1) but was " + f);
    }
    this.factor = f;
    return this;
  }

  /** Epochs without improvement before reducing. */
  public ReduceLROnPlateau patience(int p) {
    this.patience = p;
    return this;
  }

  /** "auto", "min" or "max". */
  public ReduceLROnPlateau mode(String m) {
    Monitor.maximise("x", m, "ReduceLROnPlateau");
    this.mode = m;
    return this;
  }

  /** The smallest change that counts as an improvement. */
  public ReduceLROnPlateau minDelta(double d) {
    this.minDelta = Math.abs(d);
    return this;
  }

  /** Epochs to wait after a reduction before watching again. */
  public ReduceLROnPlateau cooldown(int c) {
    this.cooldown = c;
    return this;
  }

  /** The lowest learning rate. */
  public ReduceLROnPlateau minLr(double lr) {
    this.minLr = lr;
    return this;
  }

  /** 1 prints each reduction. */
  public ReduceLROnPlateau verbose(int v) {
    this.verbose = v;
    return this;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    maximise = Monitor.maximise(monitor, mode, "ReduceLROnPlateau");
    best = maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    wait = 0;
    cooldownCounter = 0;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    logs.put("learning_rate", model().optimizer().learningRate());
    Double current = MetricAliases.get(logs, monitor);
    if (current == null) {
      return;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    }
    boolean improved = maximise ? current > best + minDelta : current < best - minDelta;
    if (improved) {
      best = current;
      wait = 0;
    } else if (cooldownCounter <= 0) {
      wait++;
      if (wait >= patience) {
        double old = model().optimizer().learningRate();
        if (old > minLr) {
          double lr = Math.max(old * factor, minLr);
          model().optimizer().setLearningRate(lr);
          if (verbose > 0) {
            out()
                .printf(
                    "%nEpoch %05d: ReduceLROnPlateau reducing learning rate to %s.%n",
                    epoch + 1, lr);
          }
          cooldownCounter = cooldown;
          wait = 0;
        }
      }
    }
  }

  /**
   * A ReduceLROnPlateau from Keras's constructor arguments as a config map (snake_case keys;
   * missing ones take the defaults).
   */
  public static ReduceLROnPlateau fromConfig(Map<String, Object> c) {
    ReduceLROnPlateau r = new ReduceLROnPlateau();
    if (c.get("monitor") != null) {
      r.monitor(String.valueOf(c.get("monitor")));
    }
    if (c.get("factor") != null) {
      r.factor(Configs.num(c, "factor", 0));
    }
    if (c.get("patience") != null) {
      r.patience((int) Configs.num(c, "patience", 0));
    }
    if (c.get("mode") != null) {
      r.mode(String.valueOf(c.get("mode")));
    }
    if (c.get("min_delta") != null) {
      r.minDelta(Configs.num(c, "min_delta", 0));
    }
    if (c.get("cooldown") != null) {
      r.cooldown((int) Configs.num(c, "cooldown", 0));
    }
    if (c.get("min_lr") != null) {
      r.minLr(Configs.num(c, "min_lr", 0));
    }
    if (c.get("verbose") != null) {
      r.verbose((int) Configs.num(c, "verbose", 0));
    }
    return r;
  }
}
