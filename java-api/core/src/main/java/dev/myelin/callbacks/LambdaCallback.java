package dev.myelin.callbacks;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A callback built from lambdas, as Keras's {@code LambdaCallback}.
 *
 * <pre>{@code
 * new LambdaCallback().onEpochEnd((epoch, logs) -> System.out.println(logs.get("loss")))
 * }</pre>
 */
public final class LambdaCallback extends Callback {
  static {
    Registry.builtIn(
        Registry.Kind.CALLBACK,
        LambdaCallback.class,
        "LambdaCallback",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  private BiConsumer<Integer, Map<String, Double>> epochBegin = (e, l) -> {};
  private BiConsumer<Integer, Map<String, Double>> epochEnd = (e, l) -> {};
  private BiConsumer<Integer, Map<String, Double>> batchBegin = (e, l) -> {};
  private BiConsumer<Integer, Map<String, Double>> batchEnd = (e, l) -> {};
  private Consumer<Map<String, Double>> trainBegin = l -> {};
  private Consumer<Map<String, Double>> trainEnd = l -> {};

  /** A callback doing nothing until hooks are set. */
  public LambdaCallback() {}

  /** Sets the epoch-begin hook. */
  public LambdaCallback onEpochBegin(BiConsumer<Integer, Map<String, Double>> f) {
    this.epochBegin = f;
    return this;
  }

  /** Sets the epoch-end hook. */
  public LambdaCallback onEpochEnd(BiConsumer<Integer, Map<String, Double>> f) {
    this.epochEnd = f;
    return this;
  }

  /** Sets the batch-begin hook. */
  public LambdaCallback onBatchBegin(BiConsumer<Integer, Map<String, Double>> f) {
    this.batchBegin = f;
    return this;
  }

  /** Sets the batch-end hook. */
  public LambdaCallback onBatchEnd(BiConsumer<Integer, Map<String, Double>> f) {
    this.batchEnd = f;
    return this;
  }

  /** Sets the train-begin hook. */
  public LambdaCallback onTrainBegin(Consumer<Map<String, Double>> f) {
    this.trainBegin = f;
    return this;
  }

  /** Sets the train-end hook. */
  public LambdaCallback onTrainEnd(Consumer<Map<String, Double>> f) {
    this.trainEnd = f;
    return this;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    epochBegin.accept(epoch, logs);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    epochEnd.accept(epoch, logs);
  }

  @Override
  public void onBatchBegin(int batch, Map<String, Double> logs) {
    batchBegin.accept(batch, logs);
  }

  @Override
  public void onBatchEnd(int batch, Map<String, Double> logs) {
    batchEnd.accept(batch, logs);
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    trainBegin.accept(logs);
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    trainEnd.accept(logs);
  }

  /**
   * Always throws: a LambdaCallback holds Java functions, which a config cannot carry (registered
   * so that a lookup by name says so).
   */
  public static LambdaCallback fromConfig(Map<String, Object> c) {
    throw new IllegalArgumentException(
        "LambdaCallback.fromConfig: it holds Java functions, which a config cannot carry; construct it in Java");
  }
}
