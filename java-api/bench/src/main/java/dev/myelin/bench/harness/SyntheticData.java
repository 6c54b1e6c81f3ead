package dev.myelin.bench.harness;

/**
 * Deterministic training data from integer formulas, so Java, numpy and every framework build the
 * very same float32 arrays without sharing a random generator (the Python peers compute the same
 * expressions in float64 and cast, as here).
 */
public final class SyntheticData {
  /** Features (row-major, {@code rows x cols}) and one label per row. */
  public record Arrays(float[] x, float[] y, int rows, int cols) {}

  private SyntheticData() {}

  /** The data set {@code name} ({@code circles} or {@code mnist}) with {@code rows} rows. */
  public static Arrays of(String name, int rows) {
    return switch (name) {
      case "circles" -> circles(rows);
      case "mnist" -> mnist(rows);
      default ->
          throw new IllegalArgumentException(
              "unknown data set '" + name + "'; expected circles or mnist");
    };
  }

  /** Two features on a grid in [-1, 1]; label 1 inside the circle of radius sqrt(0.5). */
  public static Arrays circles(int rows) {
    float[] x = new float[rows * 2];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      double a = (i * 37L % 101) / 50.0 - 1.0;
      double b = (i * 59L % 103) / 51.0 - 1.0;
      x[2 * i] = (float) a;
      x[2 * i + 1] = (float) b;
      y[i] = a * a + b * b < 0.5 ? 1f : 0f;
    }
    return new Arrays(x, y, rows, 2);
  }

  /**
   * MNIST-shaped rows: 784 "pixels" = a class template (0 or 0.8 per pixel) plus a deterministic
   * ripple in [0, 0.4]; class {@code i % 10}.
   */
  public static Arrays mnist(int rows) {
    int cols = 784;
    float[] x = new float[rows * cols];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      int c = i % 10;
      y[i] = c;
      for (int j = 0; j < cols; j++) {
        double t = (c * 97L + j * 13L) % 17 < 6 ? 0.8 : 0.0;
        double k = (i * 131L + j * 31L) % 251;
        x[i * cols + j] = (float) (t + 0.4 * (k / 250.0));
      }
    }
    return new Arrays(x, y, rows, cols);
  }
}
