package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Variable;
import dev.myelin.callbacks.History;
import dev.myelin.data.plot.Axes;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The book's {@code repeat_train}: trains a freshly built model {@code repeats} times ({@code
 * K.clear_session()} before each), printing {@code 0 1 2 ...}, and keeps the mean and the
 * (population, numpy's) standard deviation of the train and test accuracy at every epoch.
 */
final class RepeatTrain {
  private static final Color TRAIN = new Color(0x1f77b4);
  private static final Color TEST = new Color(0xff7f0e);

  /**
   * The averaged curves of one model.
   *
   * @param repeats how many runs were averaged
   * @param meanAcc mean training accuracy per epoch
   * @param stdAcc its standard deviation
   * @param meanVal mean test accuracy per epoch
   * @param stdVal its standard deviation
   */
  record Curves(int repeats, double[] meanAcc, double[] stdAcc, double[] meanVal, double[] stdVal) {
    /** The mean test accuracy after the last epoch. */
    double finalTest() {
      return meanVal[meanVal.length - 1];
    }

    /** The mean training accuracy after the last epoch. */
    double finalTrain() {
      return meanAcc[meanAcc.length - 1];
    }

    /** The highest mean test accuracy over the epochs. */
    double bestTest() {
      double best = 0;
      for (double v : meanVal) {
        best = Math.max(best, v);
      }
      return best;
    }
  }

  private RepeatTrain() {}

  /**
   * Runs {@code fit} on {@code repeats} models from {@code build}, seeding repeat {@code r} with
   * {@code seed + r}; {@code fit} must record {@code accuracy} and {@code val_accuracy}.
   */
  static Curves run(
      Supplier<Model> build, Function<Model, History> fit, int repeats, long seed, boolean print) {
    double[][] acc = null;
    double[][] val = null;
    for (int r = 0; r < repeats; r++) {
      Models.clearSession();
      Myelin.setSeed(seed + r);
      Model model = build.get();
      History h = fit.apply(model);
      // 2.2 million weights a run: free them now rather than when the collector gets to them.
      model.weights().forEach(Variable::close);
      List<Double> a = h.history().get("accuracy");
      List<Double> v = h.history().get("val_accuracy");
      if (acc == null) {
        acc = new double[repeats][a.size()];
        val = new double[repeats][v.size()];
      }
      for (int e = 0; e < a.size(); e++) {
        acc[r][e] = a.get(e);
        val[r][e] = v.get(e);
      }
      if (print) {
        System.out.print(r + " ");
        System.out.flush();
      }
    }
    if (print) {
      System.out.println();
    }
    return new Curves(repeats, mean(acc), std(acc), mean(val), std(val));
  }

  /**
   * The book's plot: mean train and test accuracy, each with a {@code fill_between} band of one
   * standard deviation, y from 0.85 to 1.05, titled {@code title}.
   */
  static Path plot(Curves c, String title, Double xMax, Path out, String file) {
    Figure fig = Plot.figure(800, 600);
    Axes ax = fig.axes();
    double[] epochs = new double[c.meanAcc().length];
    for (int i = 0; i < epochs.length; i++) {
      epochs[i] = i;
    }
    ax.plot(epochs, c.meanAcc(), "Train", TRAIN);
    ax.plot(epochs, c.meanVal(), "Test", TEST);
    band(ax, epochs, c.meanAcc(), c.stdAcc(), TRAIN);
    band(ax, epochs, c.meanVal(), c.stdVal(), TEST);
    ax.setTitle(title).setXLabel("Epochs").setYLabel("Accuracy").setYLim(0.85, 1.05).legend();
    if (xMax != null) {
      ax.setXLim(0, xMax);
    }
    return Book.save(fig, out, file);
  }

  private static void band(Axes ax, double[] x, double[] mean, double[] std, Color c) {
    double[] lo = new double[mean.length];
    double[] hi = new double[mean.length];
    for (int i = 0; i < mean.length; i++) {
      lo[i] = mean[i] - std[i];
      hi[i] = mean[i] + std[i];
    }
    ax.fillBetween(x, lo, hi, c, 0.2);
  }

  private static double[] mean(double[][] runs) {
    double[] m = new double[runs[0].length];
    for (double[] run : runs) {
      for (int e = 0; e < m.length; e++) {
        m[e] += run[e];
      }
    }
    for (int e = 0; e < m.length; e++) {
      m[e] /= runs.length;
    }
    return m;
  }

  private static double[] std(double[][] runs) {
    double[] m = mean(runs);
    double[] s = new double[m.length];
    for (double[] run : runs) {
      for (int e = 0; e < m.length; e++) {
        s[e] += (run[e] - m[e]) * (run[e] - m[e]);
      }
    }
    for (int e = 0; e < m.length; e++) {
      s[e] = Math.sqrt(s[e] / runs.length);
    }
    return s;
  }
}
