package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.myelin.activations.Activations;
import dev.myelin.codegen.BindingGenerator;
import dev.myelin.internal.Native;
import dev.myelin.internal.NativeCore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What myelin.h declares per op (its {@code @nograd} tags, MLN_DENSE_ACTIVATIONS) agrees with what
 * the native kernels do, and the Java side reads it from there.
 */
class OpDeclarationsTest {
  private static final long[] SHAPE = {2, 3};

  @BeforeAll
  static void load() {
    Native.ensureLoaded();
  }

  private static long full(double v) {
    return NativeCore.mln_full(NativeCore.MLN_F64, 2, SHAPE, v);
  }

  /** Whether some element of the tensor {@code h} (float64) is not 0; releases it. */
  private static boolean anyNonzero(long h) {
    try (Tensor t = Tensor.make(h, "test")) {
      for (double v : t.toDoubleArray()) {
        if (v != 0) {
          return true;
        }
      }
      return false;
    }
  }

  @Test
  void unaryOpsWithAGradientAreTheDifferentiableOnes() {
    // 0.3 is inside every op's domain; alpha 0.1 and beta 0.5 keep clip and hard_sigmoid unclipped
    long x = full(0.3);
    long gy = full(1.0);
    int differentiable = 0;
    for (int op = 0; op < NativeCore.MLN_UNARY_OP_COUNT; op++) {
      long y = NativeCore.mln_unary(op, x, 0.1, 0.5);
      long g = NativeCore.mln_unary_backward(op, x, y, gy, 0.1, 0.5);
      NativeCore.mln_clear_error();
      boolean hasGradient = g != 0 && anyNonzero(g);
      assertEquals(OpCodes.unaryDifferentiable(op), hasGradient, "unary op " + op);
      differentiable += hasGradient ? 1 : 0;
      NativeCore.mln_release(y);
    }
    assertEquals(25, differentiable);
    NativeCore.mln_release(x);
    NativeCore.mln_release(gy);
  }

  @Test
  void binaryOpsWithAGradientAreTheOnesTheNativeBackwardTakes() {
    long a = full(0.3);
    long b = full(0.7);
    long gy = full(1.0);
    for (int op = 0; op < NativeCore.MLN_BINARY_OP_COUNT; op++) {
      long[] ga = new long[1];
      long[] gb = new long[1];
      int status = NativeCore.mln_binary_backward(op, a, b, gy, ga, gb);
      NativeCore.mln_clear_error();
      assertEquals(
          OpCodes.binaryDifferentiable(op), status == NativeCore.MLN_OK, "binary op " + op);
      NativeCore.mln_release(ga[0]);
      NativeCore.mln_release(gb[0]);
    }
    NativeCore.mln_release(a);
    NativeCore.mln_release(b);
    NativeCore.mln_release(gy);
  }

  @Test
  void reductionsWithAGradientAreTheOnesTheNativeBackwardTakes() {
    long x = full(0.3);
    long gy = NativeCore.mln_full(NativeCore.MLN_F64, 0, new long[0], 1.0);
    for (int op = 0; op < NativeCore.MLN_REDUCE_OP_COUNT; op++) {
      long y = NativeCore.mln_reduce(op, x, -1, null, 0);
      long g = NativeCore.mln_reduce_backward(op, x, y, gy, -1, null, 0);
      NativeCore.mln_clear_error();
      assertEquals(OpCodes.reduceDifferentiable(op), g != 0, "reduce op " + op);
      NativeCore.mln_release(y);
      NativeCore.mln_release(g);
    }
    NativeCore.mln_release(x);
    NativeCore.mln_release(gy);
  }

  @Test
  void denseFusesExactlyTheActivationsTheKernelAccepts() throws Exception {
    BindingGenerator.Header h =
        BindingGenerator.parse(
            Files.readString(Path.of("../../native-src/include/myelin/myelin.h")));
    long x = NativeCore.mln_full(NativeCore.MLN_F32, 2, SHAPE, 0.5);
    long w = NativeCore.mln_full(NativeCore.MLN_F32, 2, new long[] {3, 2}, 0.25);
    int fused = 0;
    for (BindingGenerator.Constant c : h.enumNamed("mln_unary_op").constants()) {
      if (c.value() == NativeCore.MLN_UNARY_OP_COUNT) {
        continue;
      }
      String name = c.name().substring(4).toLowerCase(Locale.ROOT);
      long y = NativeCore.mln_dense(x, w, 0, c.value());
      NativeCore.mln_clear_error();
      boolean accepted = y != 0 && c.value() != 0;
      assertEquals(accepted, Tensor.denseFuses(name), name);
      if (Tensor.denseFuses(name)) {
        fused++;
        assertEquals(name, Activations.fusedName(Activations.get(name)));
      }
      NativeCore.mln_release(y);
    }
    assertEquals(3, fused);
    assertEquals("linear", Activations.fusedName(Activations.get("linear")));
    // a parameterised relu or a custom activation is applied by the layer, never fused
    assertEquals(null, Activations.fusedName(Activations.relu(0.1, Double.NaN, 0)));
    assertNotEquals(null, Activations.fusedName(Activations.relu()));
    NativeCore.mln_release(x);
    NativeCore.mln_release(w);
  }
}
