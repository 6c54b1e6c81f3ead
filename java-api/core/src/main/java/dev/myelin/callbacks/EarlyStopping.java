package dev.myelin.callbacks;

import dev.myelin.Tensor;
import dev.myelin.layers.LayerNames;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * Stops training when {@code monitor} has not improved by more than {@code minDelta} for {@code
 * patience} epochs, optionally restoring the best weights; prints {@code Epoch 6: early stopping}
 * ({@code Epoch 00006: early stopping} with Keras 2.2 naming) when verbose.
 *
 * <pre>{@code
 * new EarlyStopping().monitor("loss").patience(1).verbose(1)
 * }</pre>
 */
public final class EarlyStopping extends Callback {
  static {
    Registry.builtIn(
        Registry.Kind.CALLBACK,
        EarlyStopping.class,
        "EarlyStopping",
        List.of(),
        List.of(
            "monitor",
            "min_delta",
            "patience",
            "verbose",
            "mode",
            "baseline",
            "restore_best_weights"),
        (c, custom) -> fromConfig(c));
  }

  private String monitor = "val_loss";
  private double minDelta;
  private int patience;
  private String mode = "auto";
  private boolean restoreBestWeights;
  private int verbose;
  private int wait;
  private int stoppedEpoch;
  private double best;
  private boolean maximise;
  private List<Tensor> bestWeights;
  private Double baseline;

  /** Keras's defaults: monitor val_loss, minDelta 0, patience 0, mode auto. */
  public EarlyStopping() {}

  /** The logged quantity to watch (default {@code val_loss}). */
  public EarlyStopping monitor(String name) {
    this.monitor = name;
    return this;
  }

  /** The smallest change that counts as an improvement (default 0). */
  public EarlyStopping minDelta(double d) {
    this.minDelta = Math.abs(d);
    return this;
  }

  /** Epochs without improvement before stopping (default 0). */
  public EarlyStopping patience(int p) {
    if (p < 0) {
      throw new IllegalArgumentException(
          "EarlyStopping: argument 'patience' expected a non-negative integer but was " + p);
    }
    this.patience = p;
    return this;
  }

  /** "auto", "min" or "max". */
  public EarlyStopping mode(String m) {
    Monitor.maximise("x", m, "EarlyStopping");
    this.mode = m;
    return this;
  }

  /** Whether to restore the weights of the best epoch when stopping (default false). */
  public EarlyStopping restoreBestWeights(boolean on) {
    this.restoreBestWeights = on;
    return this;
  }

  /** 1 prints the stopping message. */
  public EarlyStopping verbose(int v) {
    this.verbose = v;
    return this;
  }

  /**
   * A value the monitored quantity must beat (Keras 3's {@code baseline}, null for none): an epoch
   * that improves on the best so far but not on the baseline still counts towards {@code patience}.
   */
  public EarlyStopping baseline(Double value) {
    this.baseline = value;
    return this;
  }

  /** The 0-based epoch training stopped at, or 0 if it ran to the end. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    maximise = Monitor.maximise(monitor, mode, "EarlyStopping");
    wait = 0;
    stoppedEpoch = 0;
    best = maximise ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    closeBest();
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Double current = MetricAliases.get(logs, monitor);
    if (current == null) {
      System.err.println(
          "Early stopping conditioned on metric `"
              + monitor
              + "` which is not available. Available metrics are: "
              + String.join(",", logs.keySet()));
      return;
    }
    boolean improved = improves(current, best);
    if (improved) {
      best = current;
      wait = baseline == null || improves(current, baseline) ? 0 : wait + 1;
      if (restoreBestWeights) {
        closeBest();
        bestWeights = model().getWeights();
      }
    } else {
      wait++;
      if (wait >= patience) {
        stoppedEpoch = epoch;
        model().stopTraining(true);
        if (restoreBestWeights && bestWeights != null) {
          model().setWeights(bestWeights);
        }
      }
    }
  }

  private boolean improves(double current, double reference) {
    return maximise ? current - minDelta > reference : current + minDelta < reference;
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (stoppedEpoch > 0 && verbose > 0) {
      out()
          .println(
              LayerNames.keras2Names()
                  ? String.format("Epoch %05d: early stopping", stoppedEpoch + 1)
                  : "Epoch " + (stoppedEpoch + 1) + ": early stopping");
    }
    closeBest();
  }

  private void closeBest() {
    if (bestWeights != null) {
      for (Tensor t : bestWeights) {
        t.close();
      }
      bestWeights = null;
    }
  }

  /**
   * An EarlyStopping from Keras's constructor arguments as a config map (snake_case keys; missing
   * ones take the defaults).
   */
  public static EarlyStopping fromConfig(Map<String, Object> c) {
    EarlyStopping e = new EarlyStopping();
    if (c.get("monitor") != null) {
      e.monitor(String.valueOf(c.get("monitor")));
    }
    if (c.get("min_delta") != null) {
      e.minDelta(Configs.num(c, "min_delta", 0));
    }
    if (c.get("patience") != null) {
      e.patience((int) Configs.num(c, "patience", 0));
    }
    if (c.get("verbose") != null) {
      e.verbose((int) Configs.num(c, "verbose", 0));
    }
    if (c.get("mode") != null) {
      e.mode(String.valueOf(c.get("mode")));
    }
    if (c.get("baseline") != null) {
      e.baseline(Configs.num(c, "baseline", 0));
    }
    if (c.get("restore_best_weights") != null) {
      e.restoreBestWeights(Configs.bool(c, "restore_best_weights", false));
    }
    return e;
  }
}
