package dev.myelin.examples;

import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import java.nio.file.Path;

/**
 * Chapter 5: gradient descent by hand on a one-parameter cost with two minima, {@code J(w) = 70 -
 * 15 w^2 + 0.5 w^3 + w^4}. From {@code w0 = -4} with learning rate 0.001, each step moves {@code w}
 * by {@code -lr * dJ/dw}; the first step is {@code -0.112}, so {@code w} becomes {@code -3.888},
 * and 30 steps walk it down into the minimum near {@code -2.93}.
 */
public final class GradientDescentToy implements Example {
  /** The book's starting point, learning rate and number of iterations. */
  static final double W0 = -4;

  static final double LR = 0.001;
  static final int ITERATIONS = 30;

  /** The first step, the point after it, and the whole path (31 values of w, from w0). */
  public record Result(double firstStep, double afterFirstStep, double[] path, Path plot) {}

  @Override
  public String name() {
    return "gradient-descent";
  }

  @Override
  public String description() {
    return "ch.5 gradient descent by hand on J(w) = 70 - 15w^2 + 0.5w^3 + w^4 (lr 0.001, 30 steps)";
  }

  @Override
  public void run(String[] args) {
    Result r = run(Book.outDir(name(), args), W0, LR, ITERATIONS);
    System.out.println(Book.fmt("step = lr * dJdw(w0) = %.3f", r.firstStep()));
    System.out.println(Book.fmt("w0 - step = %.3f", r.afterFirstStep()));
    double[] p = r.path();
    System.out.println(
        Book.fmt(
            "after %d steps: w = %.6f, J(w) = %.6f",
            p.length - 1, p[p.length - 1], cost(p[p.length - 1])));
  }

  /** The book's cost {@code J(w) = 70.0 - 15.0*w**2 + 0.5*w**3 + w**4}. */
  public static double cost(double w) {
    return 70.0 - 15.0 * Math.pow(w, 2) + 0.5 * Math.pow(w, 3) + Math.pow(w, 4);
  }

  /** Its derivative {@code dJdw = -30.0*w + 1.5*w**2 + 4*w**3}. */
  public static double gradient(double w) {
    return -30.0 * w + 1.5 * Math.pow(w, 2) + 4 * Math.pow(w, 3);
  }

  /** Runs {@code iterations} steps from {@code w0} and plots the path over the cost curve. */
  public static Result run(Path out, double w0, double lr, int iterations) {
    double[] path = new double[iterations + 1];
    path[0] = w0;
    for (int i = 1; i <= iterations; i++) {
      double step = lr * gradient(path[i - 1]);
      path[i] = path[i - 1] - step;
    }
    double firstStep = lr * gradient(w0);

    // The cost curve over [-5, 5] (the book's np.linspace(-5, 5, 500)) with the visited points.
    double[] x = new double[500];
    double[] j = new double[500];
    for (int i = 0; i < x.length; i++) {
      x[i] = -5 + 10.0 * i / (x.length - 1);
      j[i] = cost(x[i]);
    }
    double[] jPath = new double[path.length];
    for (int i = 0; i < path.length; i++) {
      jPath[i] = cost(path[i]);
    }
    Figure fig = Plot.figure(800, 600);
    fig.axes()
        .plot(x, j, "J(w)")
        .scatter(path, jPath, "gradient descent steps")
        .setTitle("Gradient descent from w0 = " + w0 + ", lr = " + lr)
        .setXLabel("w")
        .setYLabel("J(w)")
        .legend();
    Path plot = Book.save(fig, out, "gradient-descent.png");
    return new Result(firstStep, w0 - firstStep, path, plot);
  }
}
