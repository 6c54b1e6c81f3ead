package dev.myelin.data.plot;

import static dev.myelin.data.internal.Checks.check;
import static dev.myelin.data.internal.Checks.nonEmpty;
import static dev.myelin.data.internal.Checks.sameLength;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.callbacks.History;
import dev.myelin.data.internal.ArrayData;
import dev.myelin.data.table.DataFrame;
import dev.myelin.models.Model;
import dev.myelin.models.PredictOptions;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Entry points in the spirit of {@code matplotlib.pyplot}: figures, and the book's two recurring
 * recipes, the decision boundary and the training-history curves.
 *
 * <pre>{@code
 * Figure fig = Plot.plotDecisionBoundary(model::predict, x, y);
 * fig.savePng(Path.of("boundary.png"));
 * Plot.plotHistory(history, "acc", "val_acc").savePng(Path.of("accuracy.png"));
 * }</pre>
 */
public final class Plot {
  /** The book's grid resolution: {@code np.linspace(lo, hi, 101)} on each axis. */
  public static final int GRID_STEPS = 101;

  private Plot() {}

  /**
   * A figure of {@code width x height} pixels with one empty axes ({@code plt.figure}).
   *
   * @param width the width in pixels
   * @param height the height in pixels
   * @return the figure
   */
  public static Figure figure(int width, int height) {
    return new Figure(width, height);
  }

  /**
   * The book's decision-boundary plot over the data's range plus 0.1 on every side (chapter 4), 800
   * x 600 pixels; see {@link #plotDecisionBoundary(Function, double[][], int[], double, double,
   * double, double, String, Figure)}.
   *
   * @param predictor maps {@code n x 2} grid points to one score per point (class-1 probability)
   * @param x the samples, {@code n x 2}
   * @param y the class of each sample
   * @return the figure
   */
  public static Figure plotDecisionBoundary(
      Function<double[][], double[]> predictor, double[][] x, int[] y) {
    double[] range = range(x);
    return plotDecisionBoundary(
        predictor,
        x,
        y,
        range[0] - 0.1,
        range[1] + 0.1,
        range[2] - 0.1,
        range[3] + 0.1,
        null,
        figure(800, 600));
  }

  /**
   * The book's {@code plot_decision_boundary(model, X, y)}: a 101 x 101 grid from {@code
   * np.linspace} over the given box, the predictor's scores filled with {@code contourf(aa, bb, cc,
   * cmap='bwr', alpha=0.2)}, class 0 as blue circles ({@code 'ob'}), class 1 as red crosses ({@code
   * 'xr'}), other classes in the colour cycle, all at alpha 0.5, and a legend of the class values.
   *
   * @param predictor maps {@code n x 2} grid points to one score per point
   * @param x the samples, {@code n x 2}
   * @param y the class of each sample
   * @param xMin the grid's left end
   * @param xMax the grid's right end
   * @param yMin the grid's bottom end
   * @param yMax the grid's top end
   * @param title the title, or null for none
   * @param figure the figure to draw in (its first axes)
   * @return the figure
   */
  public static Figure plotDecisionBoundary(
      Function<double[][], double[]> predictor,
      double[][] x,
      int[] y,
      double xMin,
      double xMax,
      double yMin,
      double yMax,
      String title,
      Figure figure) {
    check(predictor != null, "predictor", "a function", "null");
    check(figure != null, "figure", "a figure", "null");
    range(x);
    check(y != null, "y", "an array", "null");
    sameLength("x", x.length, "y", y.length);
    check(xMax > xMin, "xMax", "greater than xMin=" + xMin, xMax);
    check(yMax > yMin, "yMax", "greater than yMin=" + yMin, yMax);
    double[] xs = linspace(xMin, xMax, GRID_STEPS);
    double[] ys = linspace(yMin, yMax, GRID_STEPS);
    // np.c_[aa.ravel(), bb.ravel()] after np.meshgrid: x varies fastest.
    double[][] grid = new double[GRID_STEPS * GRID_STEPS][];
    for (int j = 0; j < GRID_STEPS; j++) {
      for (int i = 0; i < GRID_STEPS; i++) {
        grid[j * GRID_STEPS + i] = new double[] {xs[i], ys[j]};
      }
    }
    double[] scores = predictor.apply(grid);
    check(
        scores != null && scores.length == grid.length,
        "predictor",
        "one score per grid point (" + grid.length + ")",
        scores == null ? "null" : scores.length + " scores");
    double[][] cc = new double[GRID_STEPS][GRID_STEPS];
    for (int j = 0; j < GRID_STEPS; j++) {
      System.arraycopy(scores, j * GRID_STEPS, cc[j], 0, GRID_STEPS);
    }
    Axes ax = figure.axes();
    ax.contourf(xs, ys, cc, 8, Colormap.BWR, 0.2);
    java.util.TreeSet<Integer> classes = new java.util.TreeSet<>();
    for (int c : y) {
      classes.add(c);
    }
    int k = 0;
    for (int cls : classes) {
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < y.length; i++) {
        if (y[i] == cls) {
          pts.add(x[i]);
        }
      }
      double[] px = new double[pts.size()];
      double[] py = new double[pts.size()];
      for (int i = 0; i < px.length; i++) {
        px[i] = pts.get(i)[0];
        py[i] = pts.get(i)[1];
      }
      Color base = cls == 0 ? Color.BLUE : cls == 1 ? Color.RED : Palette.color(k);
      String marker = cls == 1 ? "x" : "o";
      ax.scatter(px, py, String.valueOf(cls), Palette.withAlpha(base, 0.5), marker);
      k++;
    }
    ax.setXLim(xMin, xMax).setYLim(yMin, yMax).legend();
    if (title != null) {
      ax.setTitle(title);
    }
    return figure;
  }

  /**
   * The book's {@code plot_decision_boundary(model, X, y)} for a model: its predictions over the
   * grid are the scores (the class-1 probability of a one-unit output, the arg-max class of a
   * softmax); {@code x} is any {@code n x 2} array-like, {@code y} any label array.
   *
   * @param model a trained model with two input features
   * @param x the samples, {@code n x 2}
   * @param y the class of each sample
   * @return the figure
   */
  public static Figure plotDecisionBoundary(Model model, Object x, Object y) {
    check(model != null, "model", "a model", "null");
    return plotDecisionBoundary(
        grid -> {
          try (TensorScope scope = new TensorScope()) {
            Tensor p = model.predict(grid, new PredictOptions().verbose(0));
            return p.rank() == 2 && p.dim(1) > 1 ? p.argmax(1).toDoubleArray() : p.toDoubleArray();
          }
        },
        ArrayData.matrix(x, "x"),
        ArrayData.labels(y, "y"));
  }

  /**
   * {@link #plotHistory(Map, String...)} of a {@code fit}'s history ({@code acc} and {@code
   * accuracy} both work).
   */
  public static Figure plotHistory(History history, String... metrics) {
    check(history != null, "history", "a History", "null");
    return plotHistory(history.history(), metrics);
  }

  /**
   * pandas' {@code df.hist()}: one 10-bin histogram per numeric column, titled with its name, on a
   * grid of {@code ceil(sqrt(n))} columns.
   *
   * @param df the frame
   * @return the figure
   */
  public static Figure hist(DataFrame df) {
    check(df != null, "df", "a DataFrame", "null");
    List<String> cols = new ArrayList<>();
    for (String c : df.columns()) {
      if (df.get(c).dtype().isNumeric()) {
        cols.add(c);
      }
    }
    nonEmpty("numeric columns", cols.size());
    int nc = (int) Math.ceil(Math.sqrt(cols.size()));
    int nr = (cols.size() + nc - 1) / nc;
    Figure fig = figure(300 * nc, 250 * nr);
    Axes[][] grid = fig.subplots(nr, nc);
    for (int k = 0; k < cols.size(); k++) {
      grid[k / nc][k % nc].hist(df.get(cols.get(k)).toDoubleArray(), 10).setTitle(cols.get(k));
    }
    return fig;
  }

  /**
   * seaborn's {@code sns.heatmap(df, annot=annot)} of a square frame such as {@code df.corr()}:
   * rows named by the index, columns by the column names.
   *
   * @param df the values, e.g. a correlation matrix
   * @param annotate whether each cell shows its value
   * @return the figure
   */
  public static Figure heatmap(DataFrame df, boolean annotate) {
    check(df != null, "df", "a DataFrame", "null");
    String[] rows = df.index().stream().map(String::valueOf).toArray(String[]::new);
    String[] cols = df.columns().toArray(new String[0]);
    Figure fig = figure(900, 750);
    fig.axes().heatmap(df.toDoubleMatrix(), rows, cols, annotate);
    return fig;
  }

  /**
   * Training curves from a Keras-style history ({@code h.history}) as the book shows them: one line
   * per metric against the epoch 0, 1, 2, ..., labelled with the metric name, x labelled "Epochs".
   * Losses and other metrics have different scales, so when both are asked for they get a panel
   * each, side by side (1200 x 500 pixels), titled "Loss" and after the metric ("Accuracy");
   * otherwise one 800 x 600 axes titled after the metric, or with the names when they are not
   * {@code name}/{@code val_name} pairs.
   *
   * @param history the per-epoch values by metric name ({@code loss}, {@code val_loss}, ...)
   * @param metrics the metrics to draw, in order; none means every metric of the history
   * @return the figure
   */
  public static Figure plotHistory(Map<String, List<Double>> history, String... metrics) {
    check(history != null, "history", "a map of metric name to values", "null");
    String[] names =
        metrics == null || metrics.length == 0 ? history.keySet().toArray(new String[0]) : metrics;
    nonEmpty("metrics", names.length);
    Map<Boolean, List<String>> byKind = new java.util.LinkedHashMap<>();
    for (String name : names) {
      check(history.get(name) != null, "metrics", "names from " + history.keySet(), name);
      byKind.computeIfAbsent(base(name).endsWith("loss"), k -> new ArrayList<>()).add(name);
    }
    boolean panels = byKind.size() == 2;
    Figure fig = panels ? figure(1200, 500) : figure(800, 600);
    Axes[] axes = panels ? fig.subplots(1, 2)[0] : new Axes[] {fig.axes()};
    int k = 0;
    for (boolean loss : panels ? List.of(true, false) : List.copyOf(byKind.keySet())) {
      Axes ax = axes[k++];
      List<String> group = byKind.get(loss);
      for (String name : group) {
        List<Double> values = history.get(name);
        double[] y = new double[values.size()];
        double[] epochs = new double[y.length];
        for (int i = 0; i < y.length; i++) {
          y[i] = values.get(i);
          epochs[i] = i;
        }
        ax.plot(epochs, y, name);
      }
      ax.setTitle(historyTitle(group)).setXLabel("Epochs").legend();
    }
    return fig;
  }

  private static String base(String metric) {
    return metric.startsWith("val_") ? metric.substring(4) : metric;
  }

  /** "Accuracy" for acc/val_acc, "Loss" for loss/val_loss, the names otherwise. */
  private static String historyTitle(List<String> names) {
    String first = base(names.get(0));
    for (String n : names) {
      if (!base(n).equals(first)) {
        return String.join(", ", names);
      }
    }
    String word = first.equals("acc") ? "accuracy" : first;
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static double[] linspace(double lo, double hi, int n) {
    double[] out = new double[n];
    double step = (hi - lo) / (n - 1);
    for (int i = 0; i < n; i++) {
      out[i] = lo + i * step;
    }
    out[n - 1] = hi;
    return out;
  }

  /** {xMin, xMax, yMin, yMax} of two-column samples, checking the shape. */
  private static double[] range(double[][] x) {
    check(x != null, "x", "an n x 2 array", "null");
    nonEmpty("x", x.length);
    double[] r = {
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
    };
    for (int i = 0; i < x.length; i++) {
      check(
          x[i] != null && x[i].length == 2,
          "x[" + i + "]",
          "2 features",
          x[i] == null ? "null" : x[i].length + " features");
      r[0] = Math.min(r[0], x[i][0]);
      r[1] = Math.max(r[1], x[i][0]);
      r[2] = Math.min(r[2], x[i][1]);
      r[3] = Math.max(r[3], x[i][1]);
    }
    return r;
  }
}
