package dev.myelin.data.text;

import dev.myelin.Tensor;
import java.util.List;

/**
 * Keras's {@code pad_sequences} and the checks that turn index sequences into the rectangular
 * arrays an {@code Embedding} layer takes.
 *
 * <pre>{@code
 * int[][] x = Sequences.padSequences(tokenizer.textsToSequences(texts), 49);  // pre-padded, pre-truncated
 * Tensor t = Sequences.toTensor(x);                                           // int32 (n, 49)
 * }</pre>
 */
public final class Sequences {
  private Sequences() {}

  /** Pads and truncates at the front to the longest sequence's length, with 0. */
  public static int[][] padSequences(List<int[]> sequences) {
    return padSequences(sequences, null, "pre", "pre", 0);
  }

  /** Pads and truncates at the front to {@code maxlen} (null: the longest length), with 0. */
  public static int[][] padSequences(List<int[]> sequences, Integer maxlen) {
    return padSequences(sequences, maxlen, "pre", "pre", 0);
  }

  /**
   * Keras's {@code pad_sequences(sequences, maxlen, dtype='int32', padding, truncating, value)}:
   * each row is the sequence's last ({@code truncating="pre"}) or first ({@code "post"}) {@code
   * maxlen} values, placed at the end ({@code padding="pre"}) or the start ({@code "post"}) of a
   * row filled with {@code value} (truncated toward zero, as numpy casts a float fill to int32).
   */
  public static int[][] padSequences(
      List<int[]> sequences, Integer maxlen, String padding, String truncating, double value) {
    int len = length(sequences.stream().mapToInt(a -> a.length), maxlen, padding, truncating);
    int fill = (int) value;
    int[][] x = new int[sequences.size()][len];
    for (int r = 0; r < x.length; r++) {
      int[] s = sequences.get(r);
      java.util.Arrays.fill(x[r], fill);
      int n = Math.min(s.length, len);
      int from = truncating.equals("pre") ? s.length - n : 0;
      int to = padding.equals("pre") ? len - n : 0;
      System.arraycopy(s, from, x[r], to, n);
    }
    return x;
  }

  /**
   * {@link #padSequences(List, Integer, String, String, double)} for float32 ({@code
   * dtype='float32'}).
   */
  public static float[][] padFloatSequences(
      List<float[]> sequences, Integer maxlen, String padding, String truncating, float value) {
    int len = length(sequences.stream().mapToInt(a -> a.length), maxlen, padding, truncating);
    float[][] x = new float[sequences.size()][len];
    for (int r = 0; r < x.length; r++) {
      float[] s = sequences.get(r);
      java.util.Arrays.fill(x[r], value);
      int n = Math.min(s.length, len);
      int from = truncating.equals("pre") ? s.length - n : 0;
      int to = padding.equals("pre") ? len - n : 0;
      System.arraycopy(s, from, x[r], to, n);
    }
    return x;
  }

  private static int length(
      java.util.stream.IntStream lengths, Integer maxlen, String padding, String truncating) {
    if (!"pre".equals(padding) && !"post".equals(padding)) {
      throw new IllegalArgumentException(
          "padSequences: argument 'padding' expected \"pre\" or \"post\" but was \""
              + padding
              + "\"");
    }
    if (!"pre".equals(truncating) && !"post".equals(truncating)) {
      throw new IllegalArgumentException(
          "padSequences: argument 'truncating' expected \"pre\" or \"post\" but was \""
              + truncating
              + "\"");
    }
    if (maxlen != null) {
      if (maxlen < 0) {
        throw new IllegalArgumentException(
            "padSequences: argument 'maxlen' expected null or >= 0 but was " + maxlen);
      }
      return maxlen;
    }
    return lengths
        .max()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "padSequences: argument 'sequences' expected at least one sequence when maxlen"
                        + " is null but was empty"));
  }

  /**
   * The rows as an int32 tensor of shape {@code (rows, length)}; ragged rows fail, naming the first
   * row whose length differs (pad them with {@link #padSequences} first).
   */
  public static Tensor toTensor(int[][] rows) {
    int cols = rectangular(rows, "toTensor");
    int[] flat = new int[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * cols, cols);
    }
    return Tensor.fromArray(flat, rows.length, cols);
  }

  /** The rows as an int32 tensor (see {@link #toTensor(int[][])}). */
  public static Tensor toTensor(List<int[]> rows) {
    return toTensor(rows.toArray(new int[0][]));
  }

  /** The common row length; fails naming the first ragged row. */
  static int rectangular(int[][] rows, String op) {
    if (rows.length == 0) {
      return 0;
    }
    int cols = rows[0].length;
    for (int r = 1; r < rows.length; r++) {
      if (rows[r].length != cols) {
        throw new IllegalArgumentException(
            op
                + ": argument 'sequences' expected rows of equal length "
                + cols
                + " (row 0) but row "
                + r
                + " has length "
                + rows[r].length
                + "; pad ragged sequences with Sequences.padSequences first");
      }
    }
    return cols;
  }

  /**
   * Fails unless every index lies in {@code [0, vocabularySize)}, naming the first offending row,
   * position and value: what an {@code Embedding(input_dim=vocabularySize)} can look up.
   */
  public static void checkIndices(int[][] rows, int vocabularySize) {
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < rows[r].length; c++) {
        int v = rows[r][c];
        if (v < 0 || v >= vocabularySize) {
          throw new IndexOutOfBoundsException(
              "checkIndices: argument 'sequences' expected indices in [0, "
                  + vocabularySize
                  + ") but row "
                  + r
                  + ", position "
                  + c
                  + " holds "
                  + v
                  + " (beyond the vocabulary)");
        }
      }
    }
  }
}
