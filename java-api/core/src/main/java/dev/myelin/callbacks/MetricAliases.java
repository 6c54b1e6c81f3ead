package dev.myelin.callbacks;

import java.util.Map;

/**
 * Keras 2's and Keras 3's names for the same logged metric ({@code acc} / {@code accuracy}, {@code
 * mse} / {@code mean_squared_error}, ..., each also with {@code val_}), so that the book's {@code
 * history.get("acc")} or {@code EarlyStopping(monitor="val_acc")} reads the value whatever naming
 * mode logged it.
 */
public final class MetricAliases {
  private static final String[][] PAIRS = {
    {"acc", "accuracy"},
    {"mse", "mean_squared_error"},
    {"mae", "mean_absolute_error"},
    {"mape", "mean_absolute_percentage_error"},
    {"msle", "mean_squared_logarithmic_error"},
  };

  private MetricAliases() {}

  /** The other spelling of {@code name} ({@code val_acc} gives {@code val_accuracy}), or null. */
  public static String alias(String name) {
    String prefix = name.startsWith("val_") ? "val_" : "";
    String base = name.substring(prefix.length());
    for (String[] p : PAIRS) {
      if (p[0].equals(base)) {
        return prefix + p[1];
      }
      if (p[1].equals(base)) {
        return prefix + p[0];
      }
    }
    return null;
  }

  /**
   * The key of {@code logs} that holds {@code name}: itself, or its alias when only that is there.
   */
  public static String key(Map<String, ?> logs, String name) {
    if (name == null || logs.containsKey(name)) {
      return name;
    }
    String other = alias(name);
    return other != null && logs.containsKey(other) ? other : name;
  }

  /** {@code logs.get(name)}, falling back to the alias. */
  public static <V> V get(Map<String, V> logs, String name) {
    return logs.get(key(logs, name));
  }
}
