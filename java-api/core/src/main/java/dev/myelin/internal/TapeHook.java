package dev.myelin.internal;

import dev.myelin.Tensor;

/** What {@link Recorder} calls on each active tape for every differentiable op. */
public interface TapeHook {
  /**
   * Records op {@code name} (output {@code out}, inputs {@code in}) if the tape watches an input.
   */
  void record(String name, BackwardFn fn, Tensor out, Tensor[] in);
}
