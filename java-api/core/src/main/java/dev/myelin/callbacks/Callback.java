package dev.myelin.callbacks;

import dev.myelin.models.Model;
import dev.myelin.saving.Registry;
import java.util.Map;

/**
 * The base of training callbacks, as in Keras: override the hooks you need. {@code logs} maps names
 * ({@code loss}, {@code accuracy}, {@code val_loss}, ...) to values: at epoch end the epoch's
 * averages (weighted by batch size), at batch end that batch's own values with its {@code batch}
 * index and {@code size}, as Keras 2.2 logs them (Keras 3 logs running averages there).
 *
 * <pre>{@code
 * model.fit(x, y, new FitOptions().callbacks(new Callback() {
 *   public void onEpochEnd(int epoch, Map<String, Double> logs) { System.out.println(logs); }
 * }));
 * }</pre>
 */
public abstract class Callback {
  private Model model;
  private Map<String, Object> params = Map.of();

  /** Binds the callback to the model being trained (called by {@code fit}). */
  public void setModel(Model model) {
    this.model = model;
  }

  /** The model being trained, or null before {@code fit}. */
  public Model model() {
    return model;
  }

  /**
   * Where a callback prints its notes ("Epoch 6: early stopping"): the model's progress output
   * ({@link Model#progressOutput}), else {@code System.out}.
   */
  protected java.io.PrintStream out() {
    return model == null ? System.out : model.progressOutput();
  }

  /**
   * Receives the run's parameters: {@code epochs}, {@code steps}, {@code samples}, {@code verbose}.
   */
  public void setParams(Map<String, Object> params) {
    this.params = params;
  }

  /** The run's parameters. */
  public Map<String, Object> params() {
    return params;
  }

  /** Called once before training. */
  public void onTrainBegin(Map<String, Double> logs) {}

  /** Called once after training. */
  public void onTrainEnd(Map<String, Double> logs) {}

  /** Called at the start of each epoch (0-based). */
  public void onEpochBegin(int epoch, Map<String, Double> logs) {}

  /** Called at the end of each epoch with the epoch's training and validation values. */
  public void onEpochEnd(int epoch, Map<String, Double> logs) {}

  /** Called before each training batch. */
  public void onBatchBegin(int batch, Map<String, Double> logs) {}

  /** Called after each training batch with {@code size} and the batch's values. */
  public void onBatchEnd(int batch, Map<String, Double> logs) {}

  /**
   * A callback of Keras class {@code className} from Keras's constructor arguments ({@code
   * {"patience": 3}}), through the {@link Registry}; an unknown class throws an {@link
   * IllegalArgumentException} listing the known ones.
   */
  public static Callback fromConfig(String className, Map<String, Object> config) {
    return (Callback) Registry.fromConfig(Registry.Kind.CALLBACK, className, config, null);
  }
}
