package dev.myelin.models;

import dev.myelin.callbacks.History;

/**
 * Thrown by {@code fit}, {@code evaluate} and {@code predict} when the calling thread was
 * interrupted ({@link Thread#interrupt()}): the loop stops at the next batch boundary, leaving the
 * model's weights as the last finished step left them. The thread's interrupt status stays set, as
 * Java's convention asks of code that does not throw {@link InterruptedException}. A host that
 * turns Ctrl-C into a thread interrupt (the Python package through JPype) gets a clean stop.
 *
 * <pre>{@code
 * try {
 *   model.fit(x, y, new FitOptions().epochs(100));
 * } catch (LoopInterruptedException e) {
 *   Thread.interrupted(); // clear it before the next call
 *   History soFar = e.history();
 * }
 * }</pre>
 */
public final class LoopInterruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient History history;

  LoopInterruptedException(String op, String modelName, int step, History history) {
    super(
        "Model "
            + modelName
            + "."
            + op
            + ": interrupted; stopped after "
            + step
            + (step == 1 ? " batch" : " batches")
            + " of the current pass");
    this.history = history;
  }

  /** The epochs {@code fit} finished before the interrupt; null for evaluate and predict. */
  public History history() {
    return history;
  }

  /**
   * Throws when the current thread has been interrupted (its status is left set): the cooperative
   * check the loops make at each batch boundary. {@code step} counts the batches done.
   */
  static void check(String op, Model m, int step, History history) {
    if (Thread.currentThread().isInterrupted()) {
      throw new LoopInterruptedException(op, m.name(), step, history);
    }
  }
}
