package dev.myelin.callbacks;

import java.util.Locale;

/** Whether a monitored quantity improves by going down ("min") or up ("max"), Keras's "mode". */
final class Monitor {
  private Monitor() {}

  /**
   * Resolves "auto" as Keras does: names containing "acc" (or starting "fmeasure") are maximised.
   */
  static boolean maximise(String monitor, String mode, String who) {
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "min":
        return false;
      case "max":
        return true;
      case "auto":
        return monitor.contains("acc") || monitor.startsWith("fmeasure") || monitor.contains("auc");
      default:
        throw new IllegalArgumentException(
            who + ": argument 'mode' expected one of [auto, min, max] but was \"" + mode + "\"");
    }
  }
}
