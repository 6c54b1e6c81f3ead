package dev.myelin.data.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * scikit-learn's {@code load_digits()}: 1797 handwritten digits as 8 x 8 images of values 0..16 (64
 * float64 features per row, row-major) and their classes 0..9.
 *
 * <pre>{@code
 * LabeledDataset d = Digits.load();                  // the installed scikit-learn's copy
 * LabeledDataset e = Digits.load(Path.of("digits.csv.gz"));
 * d.x()[0][2];        // 5.0, as load_digits().data[0, 2]
 * d.labels()[0];      // 0
 * }</pre>
 *
 * <p>The data file is scikit-learn's own {@code sklearn/datasets/data/digits.csv.gz} (65
 * comma-separated integers a line, the class last); Myelin ships no copy of it. {@link #load()}
 * asks Python where scikit-learn is installed.
 */
public final class Digits {
  /** Samples in the file. */
  public static final int SAMPLES = 1797;

  /** Features per sample (8 x 8 pixels). */
  public static final int FEATURES = 64;

  private Digits() {}

  /**
   * Reads the digits from the installed scikit-learn, found with the Python named by {@code
   * MYELIN_PYTHON} (default {@code python3}).
   */
  public static LabeledDataset load() {
    return load(sklearnFile());
  }

  /** Reads the digits from a {@code digits.csv.gz} (or an uncompressed {@code .csv}). */
  public static LabeledDataset load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Digits.load: argument 'file' expected scikit-learn's digits.csv.gz but "
              + file.toAbsolutePath().normalize()
              + " does not exist");
    }
    List<double[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try (var raw = Files.newInputStream(file);
        var in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != FEATURES + 1) {
          throw bad(file, lineNo, (FEATURES + 1) + " comma-separated values", f.length + "");
        }
        double[] x = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
          x[j] = number(file, lineNo, f[j]);
        }
        double y = number(file, lineNo, f[FEATURES]);
        if (y != Math.rint(y) || y < 0 || y > 9) {
          throw bad(file, lineNo, "a class 0..9 in the last column", f[FEATURES]);
        }
        rows.add(x);
        labels.add((int) y);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Digits.load: cannot read " + file, e);
    }
    int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
    return new LabeledDataset(rows.toArray(new double[0][]), y);
  }

  /**
   * The {@code digits.csv.gz} of the installed scikit-learn: {@code
   * dirname(sklearn.datasets.__file__)/data/digits.csv.gz}.
   */
  public static Path sklearnFile() {
    String env = System.getenv("MYELIN_PYTHON");
    String python = env != null && !env.isBlank() ? env : "python3";
    String probe = "import sklearn.datasets, os; print(os.path.dirname(sklearn.datasets.__file__))";
    String out;
    int rc;
    try {
      Process p = new ProcessBuilder(python, "-c", probe).redirectErrorStream(true).start();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("Digits.sklearnFile: '" + python + "' did not answer");
      }
      rc = p.exitValue();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Digits.sklearnFile: cannot run Python '"
              + python
              + "' to locate scikit-learn (set MYELIN_PYTHON or pass the file to Digits.load)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Digits.sklearnFile: interrupted", e);
    }
    if (rc != 0) {
      throw new IllegalStateException(
          "Digits.sklearnFile: scikit-learn is not importable in '"
              + python
              + "' (pip install scikit-learn, or pass the file to Digits.load): "
              + out);
    }
    String[] lines = out.split("\\R");
    Path file = Path.of(lines[lines.length - 1]).resolve("data").resolve("digits.csv.gz");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "Digits.sklearnFile: expected scikit-learn's data file at "
              + file
              + " but it is missing");
    }
    return file;
  }

  /** The features scaled as the book does ({@code X / 16.0}), as float32 rows for a tensor. */
  public static float[] scaled(LabeledDataset d) {
    float[] out = new float[d.x().length * FEATURES];
    for (int i = 0; i < d.x().length; i++) {
      for (int j = 0; j < FEATURES; j++) {
        out[i * FEATURES + j] = (float) (d.x()[i][j] / 16.0);
      }
    }
    return out;
  }

  /**
   * The strata scikit-learn forms when {@code stratify} is given one-hot rows ({@code
   * to_categorical(y)}, as the book's chapter 10 passes {@code y_train}): it joins each row into a
   * string and sorts those, which orders the classes backwards. Passing these keys to {@code
   * TrainTestSplit.stratify} reproduces that split exactly.
   *
   * @param labels classes 0..numClasses-1
   * @param numClasses the one-hot width
   * @return {@code numClasses - 1 - label} for each label
   */
  public static int[] oneHotStrata(int[] labels, int numClasses) {
    int[] out = new int[labels.length];
    for (int i = 0; i < out.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "Digits.oneHotStrata: argument 'labels' expected values in [0, "
                + numClasses
                + ") but was "
                + labels[i]
                + " at "
                + i);
      }
      out[i] = numClasses - 1 - labels[i];
    }
    return out;
  }

  private static double number(Path file, int line, String field) {
    try {
      return Double.parseDouble(field.strip());
    } catch (NumberFormatException e) {
      throw bad(file, line, "a number", "'" + field + "'");
    }
  }

  private static IllegalArgumentException bad(Path file, int line, String expected, String was) {
    return new IllegalArgumentException(
        "Digits.load: file "
            + file
            + " line "
            + line
            + " expected "
            + expected
            + " but was "
            + was);
  }
}
