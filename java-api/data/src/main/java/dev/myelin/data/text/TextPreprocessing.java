package dev.myelin.data.text;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keras's text functions ({@code keras.preprocessing.text}): {@code text_to_word_sequence}, {@code
 * one_hot} and {@code hashing_trick}, with Keras 2's defaults.
 *
 * <pre>{@code
 * List<String> words = TextPreprocessing.textToWordSequence("The cat, the hat.");  // [the, cat, the, hat]
 * int[] ids = TextPreprocessing.hashingTrick("The cat", 50, WordHash.MD5);
 * }</pre>
 */
public final class TextPreprocessing {
  /** Keras's default {@code filters}: punctuation, tab and newline. */
  public static final String DEFAULT_FILTERS = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

  private TextPreprocessing() {}

  /** Splits {@code text} into lower-cased words with Keras's default filters and a space split. */
  public static List<String> textToWordSequence(String text) {
    return textToWordSequence(text, DEFAULT_FILTERS, true, " ");
  }

  /**
   * Keras's {@code text_to_word_sequence}: lower-cases (when {@code lower}), turns every character
   * of {@code filters} into {@code split}, splits on {@code split} and drops empty pieces.
   */
  public static List<String> textToWordSequence(
      String text, String filters, boolean lower, String split) {
    if (text == null) {
      throw new IllegalArgumentException(
          "textToWordSequence: argument 'text' expected a string but was null");
    }
    if (split == null || split.isEmpty()) {
      throw new IllegalArgumentException(
          "textToWordSequence: argument 'split' expected a non-empty string but was '"
              + split
              + "'");
    }
    String t = lower ? lowerCase(text) : text;
    StringBuilder sb = new StringBuilder(t.length());
    t.codePoints()
        .forEach(
            c -> {
              if (filters.indexOf(c) >= 0) {
                sb.append(split);
              } else {
                sb.appendCodePoint(c);
              }
            });
    List<String> out = new ArrayList<>();
    String s = sb.toString();
    int from = 0;
    while (true) {
      int at = s.indexOf(split, from);
      String piece = at < 0 ? s.substring(from) : s.substring(from, at);
      if (!piece.isEmpty()) {
        out.add(piece);
      }
      if (at < 0) {
        return out;
      }
      from = at + split.length();
    }
  }

  /**
   * Keras's {@code one_hot(text, n)}: {@link #hashingTrick} with Python's built-in string hash. As
   * that hash is randomised per Python process, the Keras result is reproducible only with {@code
   * PYTHONHASHSEED=0}, which is the hash used here.
   */
  public static int[] oneHot(String text, int n) {
    return hashingTrick(text, n, WordHash.PYTHON_HASHSEED_0);
  }

  /**
   * Keras's {@code hashing_trick}: each word of {@link #textToWordSequence(String)} becomes {@code
   * hash(word) mod (n - 1) + 1} (Python's modulo, never negative), so indices lie in {@code [1,
   * n)}.
   */
  public static int[] hashingTrick(String text, int n, WordHash hash) {
    return hashingTrick(text, n, hash, DEFAULT_FILTERS, true, " ");
  }

  /** {@link #hashingTrick(String, int, WordHash)} with explicit word-splitting options. */
  public static int[] hashingTrick(
      String text, int n, WordHash hash, String filters, boolean lower, String split) {
    if (n < 2) {
      throw new IllegalArgumentException(
          "hashingTrick: argument 'n' expected at least 2 (indices lie in [1, n)) but was " + n);
    }
    List<String> words = textToWordSequence(text, filters, lower, split);
    BigInteger m = BigInteger.valueOf(n - 1L);
    int[] out = new int[words.size()];
    for (int i = 0; i < out.length; i++) {
      // BigInteger.mod is never negative, as Python's % with a positive divisor.
      out[i] = hash.hash(words.get(i)).mod(m).intValue() + 1;
    }
    return out;
  }

  /** Python's {@code str.lower()} for the texts in question (locale-independent). */
  static String lowerCase(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
