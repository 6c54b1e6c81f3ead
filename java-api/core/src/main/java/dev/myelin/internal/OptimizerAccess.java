package dev.myelin.internal;

import dev.myelin.Variable;
import dev.myelin.optimizers.Optimizer;

/**
 * Package-crossing access to an optimizer's step bookkeeping for the traced training step (not
 * public API): the traced step replays the native updates itself and asks the optimizer for the
 * numbers the eager {@code applyGradients} would use.
 */
public abstract class OptimizerAccess {
  private static volatile OptimizerAccess instance;

  /** Installed once by Optimizer's static initialiser. */
  public static void install(OptimizerAccess access) {
    instance = access;
  }

  /** The installed accessor (initialising Optimizer if needed). */
  public static OptimizerAccess get() {
    OptimizerAccess a = instance;
    if (a == null) {
      try {
        Class.forName(
            "dev.myelin.optimizers.Optimizer", true, OptimizerAccess.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = instance;
    }
    return a;
  }

  /**
   * The hyperparameters of the next update (what {@code applyGradients} passes the native update
   * without gradient clipping); runs the optimizer's per-step hook (Nadam's running product).
   */
  public abstract double[] beginStep(Optimizer o);

  /** Counts one update ({@code iterations + 1}). */
  public abstract void endStep(Optimizer o);

  /** The slot variables of {@code v}, created on first use. */
  public abstract Variable[] slots(Optimizer o, Variable v);
}
