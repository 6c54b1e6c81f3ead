package dev.myelin.callbacks;

import dev.myelin.models.Model;
import dev.myelin.saving.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Several callbacks called in order, as {@code fit} drives them. */
public final class CallbackList extends Callback {
  static {
    Registry.builtIn(
        Registry.Kind.CALLBACK,
        CallbackList.class,
        "CallbackList",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  private final List<Callback> callbacks;

  /** A list calling {@code callbacks} in order. */
  public CallbackList(List<Callback> callbacks) {
    this.callbacks = new ArrayList<>(callbacks);
  }

  /** The callbacks in call order. */
  public List<Callback> callbacks() {
    return List.copyOf(callbacks);
  }

  @Override
  public void setModel(Model model) {
    super.setModel(model);
    for (Callback c : callbacks) {
      c.setModel(model);
    }
  }

  @Override
  public void setParams(Map<String, Object> params) {
    super.setParams(params);
    for (Callback c : callbacks) {
      c.setParams(params);
    }
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    for (Callback c : callbacks) {
      c.onTrainBegin(logs);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    for (Callback c : callbacks) {
      c.onTrainEnd(logs);
    }
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    for (Callback c : callbacks) {
      c.onEpochBegin(epoch, logs);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    for (Callback c : callbacks) {
      c.onEpochEnd(epoch, logs);
    }
  }

  @Override
  public void onBatchBegin(int batch, Map<String, Double> logs) {
    for (Callback c : callbacks) {
      c.onBatchBegin(batch, logs);
    }
  }

  @Override
  public void onBatchEnd(int batch, Map<String, Double> logs) {
    for (Callback c : callbacks) {
      c.onBatchEnd(batch, logs);
    }
  }

  /**
   * Always throws: a CallbackList holds other callbacks, which a config cannot carry (registered so
   * that a lookup by name says so).
   */
  public static CallbackList fromConfig(Map<String, Object> c) {
    throw new IllegalArgumentException(
        "CallbackList.fromConfig: it holds other callbacks, which a config cannot carry; construct it in Java");
  }
}
