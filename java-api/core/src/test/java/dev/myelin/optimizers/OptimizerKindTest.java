package dev.myelin.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.internal.Native;
import dev.myelin.internal.NativeCore;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Optimizer kinds and hyperparameter counts come from myelin.h and are the ones the native update
 * takes; each optimizer names its kind.
 */
class OptimizerKindTest {
  @Test
  void eachKindPassesExactlyTheHyperparametersTheNativeUpdateTakes() {
    Native.ensureLoaded();
    long[] shape = {4};
    long var = NativeCore.mln_full(NativeCore.MLN_F32, 1, shape, 1.0);
    long grad = NativeCore.mln_full(NativeCore.MLN_F32, 1, shape, 0.5);
    long[] slots = new long[3];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = NativeCore.mln_full(NativeCore.MLN_F32, 1, shape, 0.0);
    }
    for (OptimizerKind kind : OptimizerKind.values()) {
      int n = kind.hyperparameterCount();
      double[] h = new double[n + 1];
      Arrays.fill(h, 0.5); // a valid value for every rate, decay, epsilon and flag
      h[HyperparameterIndex.CLIPVALUE] = Double.POSITIVE_INFINITY;
      h[HyperparameterIndex.WEIGHT_DECAY] = 0.0;
      h[HyperparameterIndex.GRADIENT_SCALE] = 1.0;
      int nslots = slotsFor(kind);
      for (int count : new int[] {n - 1, n + 1}) {
        int status =
            NativeCore.mln_optimizer_update(kind.code(), var, grad, slots, nslots, h, count, 1);
        NativeCore.mln_clear_error();
        assertEquals(NativeCore.MLN_ERR_ARGUMENT, status, kind + " with " + count);
      }
      assertEquals(
          NativeCore.MLN_OK,
          NativeCore.mln_optimizer_update(kind.code(), var, grad, slots, nslots, h, n, 1),
          kind + ": " + NativeCore.mln_last_error());
    }
    NativeCore.mln_release(var);
    NativeCore.mln_release(grad);
    for (long s : slots) {
      NativeCore.mln_release(s);
    }
  }

  /** The slot count of each kind with every flag and momentum set (see myelin.h). */
  private static int slotsFor(OptimizerKind kind) {
    switch (kind) {
      case SGD:
      case ADAGRAD:
        return 1;
      case RMSPROP:
      case ADAM:
        return 3;
      default:
        return 2;
    }
  }

  @Test
  void everyKindHasAnOptimizer() {
    List<Optimizer> all =
        List.of(
            new SGD(),
            new RMSprop(),
            new Adagrad(),
            new Adadelta(),
            new Adam(),
            new Adamax(),
            new Nadam(),
            new AdamW());
    Set<OptimizerKind> kinds = EnumSet.noneOf(OptimizerKind.class);
    for (Optimizer o : all) {
      kinds.add(o.kind());
    }
    assertEquals(EnumSet.allOf(OptimizerKind.class), kinds);
    assertEquals(OptimizerKind.SGD, new SGD().kind());
    assertEquals(OptimizerKind.ADAM, new AdamW().kind());
    assertEquals(NativeCore.MLN_OPT_NADAM, new Nadam().kind().code());
  }
}
