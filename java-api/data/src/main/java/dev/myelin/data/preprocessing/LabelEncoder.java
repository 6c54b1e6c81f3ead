package dev.myelin.data.preprocessing;

import dev.myelin.data.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Encodes labels as integers {@code 0..nClasses-1} in sorted order, like scikit-learn's {@code
 * LabelEncoder}.
 *
 * <pre>{@code
 * LabelEncoder<String> encoder = new LabelEncoder<>();
 * int[] codes = encoder.fitTransform(List.of("cat", "dog", "cat"));   // [0, 1, 0]
 * List<String> names = encoder.inverseTransform(codes);
 * }</pre>
 *
 * @param <T> the label type
 */
public final class LabelEncoder<T extends Comparable<? super T>> {
  private List<T> classes;

  /** Creates an unfitted encoder. */
  public LabelEncoder() {}

  /** Learns the sorted distinct labels. */
  public LabelEncoder<T> fit(List<T> labels) {
    Checks.nonEmpty("labels", labels.size());
    classes = new ArrayList<>(new TreeSet<>(labels));
    return this;
  }

  /** The code of each label; unknown labels are an error. */
  public int[] transform(List<T> labels) {
    Checks.check(classes != null, "encoder", "a fitted encoder (call fit first)", "not fitted");
    int[] out = new int[labels.size()];
    for (int i = 0; i < out.length; i++) {
      int code = java.util.Collections.binarySearch(classes, labels.get(i));
      Checks.check(code >= 0, "labels[" + i + "]", "one of " + classes, labels.get(i));
      out[i] = code;
    }
    return out;
  }

  /** Fits and encodes {@code labels}. */
  public int[] fitTransform(List<T> labels) {
    return fit(labels).transform(labels);
  }

  /** The label of each code. */
  public List<T> inverseTransform(int[] codes) {
    Checks.check(classes != null, "encoder", "a fitted encoder (call fit first)", "not fitted");
    List<T> out = new ArrayList<>(codes.length);
    for (int i = 0; i < codes.length; i++) {
      Checks.check(
          codes[i] >= 0 && codes[i] < classes.size(),
          "codes[" + i + "]",
          "a code in [0, " + (classes.size() - 1) + "]",
          codes[i]);
      out.add(classes.get(codes[i]));
    }
    return out;
  }

  /** The sorted classes ({@code classes_}). */
  public List<T> classes() {
    Checks.check(classes != null, "encoder", "a fitted encoder (call fit first)", "not fitted");
    return List.copyOf(classes);
  }
}
