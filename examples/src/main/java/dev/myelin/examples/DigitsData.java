package dev.myelin.examples;

import dev.myelin.Tensor;
import dev.myelin.data.datasets.Digits;
import dev.myelin.data.datasets.LabeledDataset;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import java.nio.file.Path;

/**
 * Chapter 10's data: scikit-learn's {@code load_digits()}, scaled by {@code X / 16.0}, one-hot
 * labels, and {@code train_test_split(X_sc, y_cat, test_size=0.3, random_state=0, stratify=y)}
 * (1257 train, 540 test rows).
 *
 * @param labels the class of every digit
 * @param scaled {@code X / 16.0} as float32, row-major {@code (1797, 64)}
 * @param split the train and test row indices
 */
record DigitsData(int[] labels, float[] scaled, Split split) {
  /** Reads {@code --digits FILE} when given, else the installed scikit-learn's copy. */
  static DigitsData load(String[] args) {
    String file = Book.option(args, "--digits");
    return of(file != null ? Digits.load(Path.of(file)) : Digits.load());
  }

  /** The integer after {@code flag} in {@code args}, else {@code fallback} (which may be null). */
  static Integer count(String[] args, String flag, Integer fallback) {
    String v = Book.option(args, flag);
    return v == null ? fallback : Integer.valueOf(v);
  }

  /** Scales and splits a loaded digits set as the book does. */
  static DigitsData of(LabeledDataset d) {
    Split split =
        new TrainTestSplit().testSize(0.3).randomState(0).stratify(d.labels()).split(d.x().length);
    return new DigitsData(d.labels(), Digits.scaled(d), split);
  }

  /** The training rows' labels. */
  int[] trainLabels() {
    return Split.take(labels, split.train());
  }

  /** The test rows' labels. */
  int[] testLabels() {
    return Split.take(labels, split.test());
  }

  /** The given rows as a float32 tensor {@code (rows, shape...)} (64 values per row). */
  Tensor x(int[] rows, long... shape) {
    float[] out = new float[rows.length * Digits.FEATURES];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(scaled, rows[i] * Digits.FEATURES, out, i * Digits.FEATURES, 64);
    }
    long[] full = new long[shape.length + 1];
    full[0] = rows.length;
    System.arraycopy(shape, 0, full, 1, shape.length);
    return Tensor.fromArray(out, full);
  }

  /** The given rows' labels one-hot ({@code to_categorical(y, 10)}), float32 {@code (rows, 10)}. */
  Tensor oneHot(int[] rows) {
    float[] out = new float[rows.length * 10];
    for (int i = 0; i < rows.length; i++) {
      out[i * 10 + labels[rows[i]]] = 1;
    }
    return Tensor.fromArray(out, rows.length, 10);
  }
}
