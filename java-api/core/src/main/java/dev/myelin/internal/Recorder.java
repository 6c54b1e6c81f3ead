package dev.myelin.internal;

import dev.myelin.Tensor;
import java.util.ArrayList;

/** The thread-local stack of active gradient tapes that differentiable ops report to. */
public final class Recorder {
  private static final class State {
    final ArrayList<TapeHook> tapes = new ArrayList<>(2);
    int paused;
  }

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  private Recorder() {}

  /** Whether some tape is active and recording on this thread. */
  public static boolean active() {
    State s = STATE.get();
    return s.paused == 0 && !s.tapes.isEmpty();
  }

  /** Reports an op to every active tape (each decides whether it watches an input). */
  public static void record(String name, BackwardFn fn, Tensor out, Tensor... in) {
    State s = STATE.get();
    if (s.paused != 0 || s.tapes.isEmpty() || !out.dtype().isFloating()) {
      return;
    }
    for (int i = 0, n = s.tapes.size(); i < n; i++) {
      s.tapes.get(i).record(name, fn, out, in);
    }
  }

  /** Makes a tape active on this thread. */
  public static void push(TapeHook tape) {
    STATE.get().tapes.add(tape);
  }

  /** Removes a tape from this thread's active set. */
  public static void remove(TapeHook tape) {
    STATE.get().tapes.remove(tape);
  }

  /** Suspends all recording on this thread (nestable). */
  public static void pause() {
    STATE.get().paused++;
  }

  /** Undoes one {@link #pause()}. */
  public static void resume() {
    STATE.get().paused--;
  }
}
