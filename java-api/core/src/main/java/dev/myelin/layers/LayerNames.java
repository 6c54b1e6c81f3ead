package dev.myelin.layers;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Session-wide automatic names for layers and models, numbered per type the way Keras does: Keras 3
 * names the first {@code dense}, then {@code dense_1}, {@code dense_2}; the book's Keras 2.2 names
 * the first {@code dense_1}. {@link dev.myelin.models.Models#clearSession()} resets the counters.
 */
public final class LayerNames {
  private static final Map<String, Integer> COUNTS = new HashMap<>();
  private static boolean keras2;

  private LayerNames() {}

  /** Returns the next unique name for {@code prefix}, e.g. {@code dense_1}. */
  public static synchronized String next(String prefix) {
    int n = COUNTS.merge(prefix, 1, Integer::sum);
    if (keras2) {
      return prefix + "_" + n;
    }
    return n == 1 ? prefix : prefix + "_" + (n - 1);
  }

  /** Forgets every counter, so the next layer of each type gets the first name again. */
  public static synchronized void reset() {
    COUNTS.clear();
  }

  /** Chooses Keras 2.2 numbering ({@code dense_1} first) or Keras 3's ({@code dense} first). */
  public static synchronized void useKeras2Names(boolean on) {
    keras2 = on;
  }

  /** Whether Keras 2.2 numbering is on. */
  public static synchronized boolean keras2Names() {
    return keras2;
  }

  /**
   * The snake-case prefix of a class name as Keras writes it: {@code BatchNormalization} gives
   * {@code batch_normalization}.
   */
  public static String snakeCase(String className) {
    String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
    return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Runs {@code make} and then gives back the automatic names it drew, so that an internal object
   * no user sees (a model's tensor part behind its string layers) leaves the numbering of the
   * user's next layers as Keras's.
   */
  public static synchronized <T> T withoutDrawing(Supplier<T> make) {
    Map<String, Integer> before = new HashMap<>(COUNTS);
    try {
      return make.get();
    } finally {
      COUNTS.clear();
      COUNTS.putAll(before);
    }
  }
}
