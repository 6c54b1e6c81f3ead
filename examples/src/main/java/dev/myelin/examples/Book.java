package dev.myelin.examples;

import dev.myelin.Tensor;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.table.Csv;
import dev.myelin.data.table.DataFrame;
import dev.myelin.models.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the book's example programs share: where the data and the plots go, loading a data file, and
 * turning Java arrays into float32 tensors and back.
 *
 * <p>Every book example takes {@code [--data DIR] [--out DIR]}. The data folder defaults to {@code
 * ../shared/data/book} relative to the repository root (the launcher's working directory); the
 * output folder to {@code target/example-output/NAME}.
 */
public final class Book {
  private Book() {}

  /** The book's data folder: {@code --data DIR}, else {@code ../shared/data/book}. */
  public static Path dataDir(String[] args) {
    String given = option(args, "--data");
    Path dir = Path.of(given != null ? given : "../shared/data/book");
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "the book's data folder "
              + dir.toAbsolutePath().normalize()
              + " does not exist; pass --data DIR");
    }
    return dir;
  }

  /** The folder plots are written to ({@code --out DIR}, else target/example-output/NAME). */
  public static Path outDir(String name, String[] args) {
    String given = option(args, "--out");
    Path dir = Path.of(given != null ? given : "target/example-output/" + name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** The value after {@code flag} in {@code args}, or null. */
  public static String option(String[] args, String flag) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(flag)) {
        return args[i + 1];
      }
    }
    return null;
  }

  /** Reads one of the book's CSV files. */
  public static DataFrame csv(Path dataDir, String file) {
    return Csv.read(dataDir.resolve(file));
  }

  /**
   * Saves a figure as PNG and says so; returns the file. An SVG with the same name beside it keeps
   * titles, tick labels and legends as text, so the figures are searchable (and tests read them).
   */
  public static Path save(Figure figure, Path outDir, String file) {
    Path p = outDir.resolve(file);
    try {
      figure.savePng(p);
      figure.saveSvg(outDir.resolve(file.replaceFirst("\\.png$", "") + ".svg"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println("wrote " + p);
    return p;
  }

  /** A float32 {@code (n, d)} tensor from rows. */
  public static Tensor tensor(double[][] x) {
    int d = x.length == 0 ? 0 : x[0].length;
    float[] flat = new float[x.length * d];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < d; j++) {
        flat[i * d + j] = (float) x[i][j];
      }
    }
    return Tensor.fromArray(flat, x.length, d);
  }

  /** A float32 {@code (n, 1)} tensor of targets. */
  public static Tensor column(double[] y) {
    float[] f = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      f[i] = (float) y[i];
    }
    return Tensor.fromArray(f, y.length, 1);
  }

  /** A float32 {@code (n, 1)} tensor of 0/1 labels. */
  public static Tensor column(int[] y) {
    float[] f = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      f[i] = y[i];
    }
    return Tensor.fromArray(f, y.length, 1);
  }

  /** The model's outputs for {@code x}, flattened row by row. */
  public static double[] predict(Model model, double[][] x) {
    try (Tensor in = tensor(x);
        Tensor out = model.predict(in)) {
      float[] f = out.toFloatArray();
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }
  }

  /** {@code y_pred > threshold} as 0/1 labels (the book's {@code y_pred > 0.5}). */
  public static int[] above(double[] p, double threshold) {
    int[] out = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i] > threshold ? 1 : 0;
    }
    return out;
  }

  /** The index of the largest value in each row of a flattened {@code (n, k)} array. */
  public static int[] argmax(double[] flat, int k) {
    int[] out = new int[flat.length / k];
    for (int i = 0; i < out.length; i++) {
      int best = 0;
      for (int j = 1; j < k; j++) {
        if (flat[i * k + j] > flat[i * k + best]) {
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /** One column of a matrix. */
  public static double[] col(double[][] x, int j) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i][j];
    }
    return out;
  }

  /** Labels as doubles. */
  public static double[] doubles(int[] y) {
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = y[i];
    }
    return out;
  }

  /** The last value of a history series. */
  public static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }

  /** {@code String.format} in the root locale. */
  public static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** A shape as Python prints a tuple: {@code (412, 2)}, {@code (835200,)}. */
  public static String shape(long... dims) {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      s.append(i == 0 ? "" : ", ").append(dims[i]);
    }
    return s.append(dims.length == 1 ? ",)" : ")").toString();
  }

  /**
   * Turns the Keras 2.2 conventions on when {@code args} has {@code --keras2}: {@code acc} metric
   * names, {@code dense_1} layer names, and the book's classification report and confusion matrix
   * layout ({@code avg / total}, labelled rows and columns).
   */
  public static void keras2Flag(String[] args) {
    if (java.util.Arrays.asList(args).contains("--keras2")) {
      dev.myelin.models.Models.useKeras2Conventions(true);
    }
  }
}
