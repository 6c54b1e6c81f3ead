package dev.myelin.models;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT (Ctrl-C) into an interrupt of one thread while a training, evaluation or prediction
 * loop runs on it, so the loop stops at its next batch boundary with a {@link
 * LoopInterruptedException}. For hosts that run Myelin's loops from another language (the Python
 * package): the handler is plain Java, so it needs nothing from the host while the loop runs (a
 * handler calling back into Python would have to take the interpreter's lock first).
 *
 * <pre>{@code
 * SigintInterrupts s = SigintInterrupts.install(Thread.currentThread());
 * try { model.fit(x, y, options); } finally { s.restore(); }
 * }</pre>
 */
public final class SigintInterrupts {
  private static final Signal INT = new Signal("INT");
  private final SignalHandler previous;

  private SigintInterrupts(SignalHandler previous) {
    this.previous = previous;
  }

  /**
   * Makes SIGINT interrupt {@code thread} until {@link #restore()}; returns the handle that puts
   * the previous handler back.
   */
  public static SigintInterrupts install(Thread thread) {
    if (thread == null) {
      throw new IllegalArgumentException(
          "SigintInterrupts.install: argument 'thread' expected a thread but was null");
    }
    return new SigintInterrupts(Signal.handle(INT, s -> thread.interrupt()));
  }

  /** Puts back the SIGINT handler that {@link #install} replaced. */
  public void restore() {
    Signal.handle(INT, previous);
  }
}
