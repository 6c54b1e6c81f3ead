package dev.myelin.losses;

import dev.myelin.saving.internal.Configs;
import java.util.Map;

/**
 * The {@code from_logits} and {@code label_smoothing} arguments that {@link BinaryCrossentropy} and
 * {@link CategoricalCrossentropy} share: checked, configured and read back in one place.
 */
record CrossentropyArgs(boolean fromLogits, double labelSmoothing) {
  /** The arguments after the check of {@code labelSmoothing}, whose error names {@code loss}. */
  static CrossentropyArgs checked(String loss, boolean fromLogits, double labelSmoothing) {
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new IllegalArgumentException(
          loss
              + ": argument 'label_smoothing' expected a value in [0, 1] but was "
              + labelSmoothing);
    }
    return new CrossentropyArgs(fromLogits, labelSmoothing);
  }

  /** The arguments under a config's keys, Keras's defaults for missing ones (unchecked). */
  static CrossentropyArgs fromConfig(Map<String, Object> c) {
    return new CrossentropyArgs(
        Configs.bool(c, "from_logits", false), Configs.num(c, "label_smoothing", 0));
  }

  /** Adds Keras's keys (the last axis included) to a loss's config. */
  Map<String, Object> putInto(Map<String, Object> config) {
    config.put("from_logits", fromLogits);
    config.put("label_smoothing", labelSmoothing);
    config.put("axis", -1);
    return config;
  }
}
