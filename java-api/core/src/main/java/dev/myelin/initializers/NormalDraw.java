package dev.myelin.initializers;

import dev.myelin.internal.Errors;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code mean, stddev, seed} arguments, their check and their config, shared by {@link
 * RandomNormal} and {@link TruncatedNormal}; each keeps only how it draws.
 */
record NormalDraw(double mean, double stddev, Long seed) {
  /** The arguments after the check that names {@code className}'s argument. */
  static NormalDraw checked(String className, double mean, double stddev, Long seed) {
    if (!(stddev >= 0)) {
      throw Errors.arg(className, "stddev", "a value >= 0", stddev);
    }
    return new NormalDraw(mean, stddev, seed);
  }

  /** {@code {mean, stddev, seed}}, Keras's config. */
  Map<String, Object> config() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", mean);
    m.put("stddev", stddev);
    m.put("seed", seed);
    return m;
  }
}
