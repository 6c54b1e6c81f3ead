package dev.myelin.models;

import dev.myelin.layers.LayerNames;
import dev.myelin.metrics.MetricNames;

/**
 * Session-wide Keras settings: {@link #clearSession()} (Keras's {@code K.clear_session()}) and the
 * one switch to the book's Keras 2.2 behaviour.
 */
public final class Models {
  private Models() {}

  /** Resets the automatic layer and model name counters, as {@code K.clear_session()} does. */
  public static void clearSession() {
    LayerNames.reset();
  }

  /**
   * Switches to Keras 2.2 conventions (the book's): layer names {@code dense_1, dense_2}, metric
   * names {@code acc / val_acc}, {@code summary()} without the {@code Model: "..."} header and
   * {@code Epoch 00006: early stopping}. Off (Keras 3) by default. Also resets the name counters.
   */
  public static void useKeras2Conventions(boolean on) {
    LayerNames.useKeras2Names(on);
    MetricNames.useKeras2Names(on);
    LayerNames.reset();
  }

  /** Whether the Keras 2.2 conventions are on. */
  public static boolean keras2Conventions() {
    return LayerNames.keras2Names();
  }
}
