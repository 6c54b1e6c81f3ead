package dev.myelin.benchpeers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The deterministic data sets of Myelin's {@code SyntheticData} (same integer formulas, float64
 * then float32) or the real MNIST from the spec's data_dir, repeated here because this module must
 * not depend on Myelin.
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

  /** The first rows of the real MNIST training set in dataDir (the spec's data_dir). */
  private static Data mnistIdx(String dataDir, int rows) {
    try {
      byte[] img = Files.readAllBytes(Path.of(dataDir, "train-images-idx3-ubyte"));
      byte[] lab = Files.readAllBytes(Path.of(dataDir, "train-labels-idx1-ubyte"));
      int n = (img.length - 16) / 784;
      float[] x = new float[rows * 784];
      float[] y = new float[rows];
      for (int i = 0; i < rows; i++) {
        int src = i % n;
        y[i] = lab[8 + src] & 0xff;
        for (int j = 0; j < 784; j++) {
          x[i * 784 + j] = (float) ((img[16 + src * 784 + j] & 0xff) / 255.0);
        }
      }
      return new Data(x, y, rows, 784);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the MNIST idx files in " + dataDir, e);
    }
  }

  /**
   * The rows as one sample each of channels-first {@code (c, h, w)} from the spec's channels-last
   * {@code inputShape} {@code (h, w, c)}, for frameworks whose images are NCHW; a flat or one-channel
   * input is returned as it is (the element order is the same).
   */
  float[] channelsFirst(int[] inputShape) {
    if (inputShape.length != 3 || inputShape[2] == 1) {
      return x;
    }
    int h = inputShape[0];
    int w = inputShape[1];
    int c = inputShape[2];
    float[] out = new float[x.length];
    for (int r = 0; r < rows; r++) {
      int base = r * h * w * c;
      for (int i = 0; i < h * w; i++) {
        for (int k = 0; k < c; k++) {
          out[base + k * h * w + i] = x[base + i * c + k];
        }
      }
    }
    return out;
  }

  static Data of(String name, int rows, String dataDir) {
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
    if (name.equals("mnist") && dataDir != null) {
      return mnistIdx(dataDir, rows);
    }
    if (name.equals("mnist")) {
      float[] x = new float[rows * 784];
      float[] y = new float[rows];
      for (int i = 0; i < rows; i++) {
        int c = i % 10;
        long g = i / 10;
        y[i] = (g * 7 + 3) % 10 == 0 ? (float) ((c + 1 + g % 9) % 10) : c;
        for (int j = 0; j < 784; j++) {
          double t = (c * 97L + j * 13L) % 17 < 6 ? 1.0 : 0.0;
          long h = i * 1103L + j * 2579L + 12345L;
          double k = (h * (h + 7)) % 65521;
          x[i * 784 + j] = (float) (0.3 * t + 0.7 * (k / 65520.0));
        }
      }
      return new Data(x, y, rows, 784);
    }
    if (name.equals("sequences")) {
      // SyntheticData.sequences: 80 token ids in [1, 1999] per row; label 1 when the last is < 1000
      float[] x = new float[rows * 80];
      float[] y = new float[rows];
      for (int i = 0; i < rows; i++) {
        for (int t = 0; t < 80; t++) {
          long h = i * 1103L + t * 2579L + 12345L;
          x[i * 80 + t] = 1 + (h * (h + 7)) % 65521 % 1999;
        }
        y[i] = x[i * 80 + 79] < 1000 ? 1f : 0f;
      }
      return new Data(x, y, rows, 80);
    }
    throw new IllegalArgumentException("unknown data set '" + name + "'; expected circles, mnist or sequences");
  }
}
