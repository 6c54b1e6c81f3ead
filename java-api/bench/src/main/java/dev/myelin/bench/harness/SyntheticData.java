package dev.myelin.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Deterministic training data from integer formulas, so Java, numpy and every framework build the
 * very same float32 arrays without sharing a random generator (the Python peers compute the same
 * expressions in float64 and cast, as here).
 */
public final class SyntheticData {
  /** Features (row-major, {@code rows x cols}) and one label per row. */
  public record Arrays(float[] x, float[] y, int rows, int cols) {}

  private SyntheticData() {}

  /**
   * The data set {@code name} ({@code circles}, {@code mnist} or {@code sequences}) with {@code
   * rows} rows.
   */
  public static Arrays of(String name, int rows) {
    return switch (name) {
      case "circles" -> circles(rows);
      case "mnist" -> mnist(rows);
      case "sequences" -> sequences(rows);
      default ->
          throw new IllegalArgumentException(
              "unknown data set '" + name + "'; expected circles, mnist or sequences");
    };
  }

  /** Steps per row of {@link #sequences}. */
  public static final int SEQUENCE_LENGTH = 80;

  /** Token ids of {@link #sequences} lie in {@code [1, SEQUENCE_VOCABULARY)}; 0 is unused. */
  public static final int SEQUENCE_VOCABULARY = 2000;

  /**
   * Integer token sequences for the recurrent workloads: {@value #SEQUENCE_LENGTH} ids per row in
   * {@code [1, 1999]} from the same quadratic hash as {@link #mnist} ({@code 1 + k % 1999}, {@code
   * k = h (h + 7) mod 65521}, {@code h = 1103 i + 2579 t + 12345}), stored as floats (Keras's
   * Embedding takes them so); label 1 when the last id is below 1000, so the loss falls as the
   * network learns to carry the last step through its gates.
   */
  public static Arrays sequences(int rows) {
    int cols = SEQUENCE_LENGTH;
    float[] x = new float[rows * cols];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      for (int t = 0; t < cols; t++) {
        long h = i * 1103L + t * 2579L + 12345L;
        long k = (h * (h + 7)) % 65521;
        x[i * cols + t] = 1 + k % (SEQUENCE_VOCABULARY - 1);
      }
      y[i] = x[i * cols + cols - 1] < 1000 ? 1f : 0f;
    }
    return new Arrays(x, y, rows, cols);
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
   * MNIST-shaped rows that a network cannot fit trivially: 784 "pixels" = 0.3 x a class template (0
   * or 1 per pixel, class {@code i % 10}) + 0.7 x hash noise in [0, 1] (a quadratic hash of the row
   * and pixel index modulo 65521), and 10 % of the labels replaced by another class (rows whose
   * {@code (i / 10) * 7 + 3} is a multiple of 10), so the training loss stays well above 0 and the
   * frameworks' final losses compare.
   */
  public static Arrays mnist(int rows) {
    int cols = 784;
    float[] x = new float[rows * cols];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      int c = i % 10;
      long g = i / 10;
      y[i] = (g * 7 + 3) % 10 == 0 ? (float) ((c + 1 + g % 9) % 10) : c;
      for (int j = 0; j < cols; j++) {
        double t = (c * 97L + j * 13L) % 17 < 6 ? 1.0 : 0.0;
        long h = i * 1103L + j * 2579L + 12345L;
        double k = (h * (h + 7)) % 65521;
        x[i * cols + j] = (float) (0.3 * t + 0.7 * (k / 65520.0));
      }
    }
    return new Arrays(x, y, rows, cols);
  }

  /**
   * The environment variable (or system property {@code myelin.mnist.dir}) naming the folder of the
   * real MNIST's idx files ({@code bin/myelin bench fetch-mnist} puts them in target/mnist).
   */
  public static final String MNIST_DIR_ENV = "MYELIN_MNIST_DIR";

  private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";

  /**
   * The folder holding the real MNIST training files ({@value #TRAIN_IMAGES}, {@value
   * #TRAIN_LABELS}) named by {@link #MNIST_DIR_ENV} or the system property {@code
   * myelin.mnist.dir}, as an absolute path; null when neither is set or the files are missing.
   */
  public static String mnistDir() {
    String d = System.getProperty("myelin.mnist.dir", System.getenv(MNIST_DIR_ENV));
    if (d == null || d.isEmpty()) {
      return null;
    }
    Path dir = Path.of(d).toAbsolutePath();
    return Files.isRegularFile(dir.resolve(TRAIN_IMAGES))
            && Files.isRegularFile(dir.resolve(TRAIN_LABELS))
        ? dir.toString()
        : null;
  }

  /**
   * The data set {@code name} with {@code rows} rows: for {@code mnist}, the first rows of the real
   * MNIST training set from {@code dataDir} when it is not null, else the synthetic data.
   */
  public static Arrays load(String name, int rows, String dataDir) {
    if (name.equals("mnist") && dataDir != null) {
      try {
        return mnistIdx(Path.of(dataDir), rows);
      } catch (IOException e) {
        throw new UncheckedIOException("reading the MNIST idx files in " + dataDir, e);
      }
    }
    return of(name, rows);
  }

  /**
   * The first {@code rows} images of the MNIST training set in {@code dir} (cycling past 60,000),
   * pixels as {@code (float) (v / 255.0)}, labels 0-9.
   */
  public static Arrays mnistIdx(Path dir, int rows) throws IOException {
    ByteBuffer img = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(TRAIN_IMAGES)));
    ByteBuffer lab = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(TRAIN_LABELS)));
    if (img.getInt(0) != 0x803 || lab.getInt(0) != 0x801) {
      throw new IOException(
          "not MNIST idx files (magic numbers "
              + Integer.toHexString(img.getInt(0))
              + ", "
              + Integer.toHexString(lab.getInt(0))
              + "; expected 803, 801)");
    }
    int n = img.getInt(4);
    int cols = img.getInt(8) * img.getInt(12);
    if (cols != 784 || lab.getInt(4) != n || img.capacity() != 16 + n * cols) {
      throw new IOException("MNIST idx files of unexpected shape: " + n + " x " + cols);
    }
    float[] x = new float[rows * cols];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      int src = i % n;
      y[i] = lab.get(8 + src) & 0xff;
      for (int j = 0; j < cols; j++) {
        x[i * cols + j] = (float) ((img.get(16 + src * cols + j) & 0xff) / 255.0);
      }
    }
    return new Arrays(x, y, rows, cols);
  }
}
