package dev.myelin.data.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The characters of a corpus and their indices, and the book's character windows: every {@code
 * maxlen} consecutive characters of a text with the character that follows as the target (chapter
 * 8's name model).
 *
 * <pre>{@code
 * List<String> names = CharVocabulary.readNames(Path.of("../data/names.txt")); // 7939, each + "\n"
 * CharVocabulary chars = CharVocabulary.of(names);                             // 28 characters
 * CharVocabulary.Windows w = chars.windows(names, 3);                          // x (32016, 3), next (32016)
 * }</pre>
 *
 * <p>The book numbers the characters in Python set order, which changes from run to run; here they
 * are numbered in code-point order, so indices are reproducible.
 */
public final class CharVocabulary {
  private final int[] chars;
  private final Map<Integer, Integer> index = new HashMap<>();

  private CharVocabulary(int[] chars) {
    this.chars = chars;
    for (int i = 0; i < chars.length; i++) {
      index.put(chars[i], i);
    }
  }

  /** The windows and targets of {@link #windows}. */
  public record Windows(int[][] x, int[] next) {}

  /**
   * The book's names: each line of {@code path} lower-cased, stripped of surrounding whitespace and
   * ended with {@code "\n"} ({@code n.lower().strip() + '\n'}).
   */
  public static List<String> readNames(Path path) {
    try {
      List<String> out = new ArrayList<>();
      for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
        out.add(TextPreprocessing.lowerCase(line).strip() + "\n");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("readNames: cannot read " + path, e);
    }
  }

  /** The distinct characters (code points) of {@code texts}, in code-point order. */
  public static CharVocabulary of(List<String> texts) {
    TreeSet<Integer> set = new TreeSet<>();
    for (String t : texts) {
      t.codePoints().forEach(set::add);
    }
    return new CharVocabulary(set.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The number of characters. */
  public int size() {
    return chars.length;
  }

  /** The index of character {@code c} (a code point); unknown characters fail. */
  public int indexOf(int c) {
    Integer i = index.get(c);
    if (i == null) {
      throw new IllegalArgumentException(
          "CharVocabulary: argument 'char' expected one of the "
              + chars.length
              + " known characters but was "
              + describe(c));
    }
    return i;
  }

  /** The character at {@code i} as a string. */
  public String charAt(int i) {
    if (i < 0 || i >= chars.length) {
      throw new IndexOutOfBoundsException(
          "CharVocabulary: argument 'index' expected in [0, "
              + chars.length
              + ") but was "
              + i
              + " (beyond the vocabulary)");
    }
    return new String(Character.toChars(chars[i]));
  }

  /** The characters in index order. */
  public List<String> chars() {
    List<String> out = new ArrayList<>(chars.length);
    for (int c : chars) {
      out.add(new String(Character.toChars(c)));
    }
    return out;
  }

  /** The indices of the characters of {@code text}. */
  public int[] encode(String text) {
    return text.codePoints().map(this::indexOf).toArray();
  }

  /**
   * Every run of {@code maxlen} consecutive characters of each text (as indices) with the index of
   * the character after it; a text of {@code L} characters gives {@code L - maxlen} windows.
   */
  public Windows windows(List<String> texts, int maxlen) {
    if (maxlen < 1) {
      throw new IllegalArgumentException(
          "windows: argument 'maxlen' expected a positive integer but was " + maxlen);
    }
    List<int[]> xs = new ArrayList<>();
    List<Integer> next = new ArrayList<>();
    for (String t : texts) {
      int[] e = encode(t);
      for (int i = 0; i + maxlen < e.length; i++) {
        xs.add(java.util.Arrays.copyOfRange(e, i, i + maxlen));
        next.add(e[i + maxlen]);
      }
    }
    return new Windows(
        xs.toArray(new int[0][]), next.stream().mapToInt(Integer::intValue).toArray());
  }

  private static String describe(int c) {
    return "'" + new String(Character.toChars(c)) + "' (U+" + String.format("%04X", c) + ")";
  }
}
