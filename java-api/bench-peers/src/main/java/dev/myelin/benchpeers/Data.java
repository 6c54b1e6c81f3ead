package dev.myelin.benchpeers;

/**
 * The deterministic data sets of Myelin's {@code SyntheticData} (same integer formulas, float64
 * then float32), repeated here because this module must not depend on Myelin.
 */
final class Data {
  final float[] x;
  final float[] y;
  final int rows;
  final int cols;

  private Data(float[] x, float[] y, int rows, int cols) {
    this.x = x;
    this.y = y;
    this.rows = rows;
    this.cols = cols;
  }

  static Data of(String name, int rows) {
    if (name.equals("circles")) {
      float[] x = new float[rows * 2];
      float[] y = new float[rows];
      for (int i = 0; i < rows; i++) {
        double a = (i * 37L % 101) / 50.0 - 1.0;
        double b = (i * 59L % 103) / 51.0 - 1.0;
        x[2 * i] = (float) a;
        x[2 * i + 1] = (float) b;
        y[i] = a * a + b * b < 0.5 ? 1f : 0f;
      }
      return new Data(x, y, rows, 2);
    }
    if (name.equals("mnist")) {
      float[] x = new float[rows * 784];
      float[] y = new float[rows];
      for (int i = 0; i < rows; i++) {
        int c = i % 10;
        y[i] = c;
        for (int j = 0; j < 784; j++) {
          double t = (c * 97L + j * 13L) % 17 < 6 ? 0.8 : 0.0;
          double k = (i * 131L + j * 31L) % 251;
          x[i * 784 + j] = (float) (t + 0.4 * (k / 250.0));
        }
      }
      return new Data(x, y, rows, 784);
    }
    throw new IllegalArgumentException("unknown data set '" + name + "'; expected circles or mnist");
  }
}
