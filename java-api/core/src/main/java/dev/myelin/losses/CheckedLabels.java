package dev.myelin.losses;

/**
 * Marks, on the calling thread, that the labels a loss or metric is about to see have already been
 * checked (values included) by {@link Loss#checkLabels}: {@code Model} checks a whole target tensor
 * once per {@code fit}/{@code evaluate} call (or each batch of a custom {@code Dataset} before its
 * step) and says so in the step's {@code StepContext.labelsChecked()}; its default train and test
 * steps (and only they) then run inside this scope. Losses and metrics then skip their per-batch
 * host-side value checks (class ids in range, whole numbers), so the step is pure tensor ops and
 * can be traced and replayed. Outside the scope every loss checks its labels as before.
 *
 * <pre>{@code
 * try (CheckedLabels c = CheckedLabels.enter()) {
 *   Tensor l = loss.compute(yTrue, yPred, null); // yTrue already passed loss.checkLabels
 * }
 * }</pre>
 */
public final class CheckedLabels implements AutoCloseable {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
  private boolean open = true;

  private CheckedLabels() {}

  /** Opens the scope on this thread (scopes nest). */
  public static CheckedLabels enter() {
    DEPTH.get()[0]++;
    return new CheckedLabels();
  }

  /** Whether a scope is open on this thread. */
  public static boolean active() {
    return DEPTH.get()[0] > 0;
  }

  @Override
  public void close() {
    if (open) {
      open = false;
      DEPTH.get()[0]--;
    }
  }
}
