package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Results checked against values computed by hand with numpy's rules. */
@ExtendWith(TensorScopePerTest.class)
class TensorOpsTest {
  private static Tensor m23() {
    return Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
  }

  @Test
  void broadcastingArithmetic() {
    Tensor a = m23();
    Tensor row = Tensor.of(10f, 20f, 30f);
    Tensor col = Tensor.of(new float[][] {{1}, {2}});
    assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.add(row).toFloatArray());
    assertArrayEquals(new float[] {0, 1, 2, 2, 3, 4}, a.sub(col).toFloatArray());
    assertArrayEquals(new float[] {1, 2, 3, 8, 10, 12}, a.mul(col).toFloatArray());
    assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2, 2.5f, 3}, a.div(2).toFloatArray());
    assertArrayEquals(new float[] {1, 4, 9, 16, 25, 36}, a.pow(Tensor.scalar(2)).toFloatArray());
    assertArrayEquals(new float[] {3, 3, 3, 4, 5, 6}, a.maximum(3).toFloatArray());
    assertArrayEquals(new float[] {1, 2, 3, 3, 3, 3}, a.minimum(3).toFloatArray());
    assertArrayEquals(new long[] {2, 2, 3}, Tensor.zeros(2, 1, 3).add(Tensor.zeros(2, 1)).shape());
  }

  @Test
  void numpyRemainderAndIntegerDivision() {
    Tensor x = Tensor.of(-7, 7, -7, 7);
    Tensor y = Tensor.of(3, -3, -3, 3);
    assertArrayEquals(new int[] {2, -2, -1, 1}, x.mod(y).toIntArray());
    assertArrayEquals(new int[] {-3, -3, 2, 2}, x.div(y).toIntArray());
    assertArrayEquals(
        new float[] {2, -2}, Tensor.of(-7f, 7f).mod(Tensor.of(3f, -3f)).toFloatArray());
  }

  @Test
  void promotionToTheWiderDType() {
    assertEquals(DType.FLOAT64, Tensor.of(1, 2).add(Tensor.of(0.5, 0.5)).dtype());
    assertEquals(DType.INT64, Tensor.of(1, 2).add(Tensor.of(1L, 1L)).dtype());
    assertArrayEquals(
        new double[] {1.5, 2.5}, Tensor.of(1, 2).add(Tensor.of(0.5, 0.5)).toDoubleArray());
  }

  @Test
  void comparisonsAndLogic() {
    Tensor a = Tensor.of(1f, 2f, 3f);
    assertArrayEquals(new boolean[] {false, true, false}, a.eq(2).toBooleanArray());
    assertArrayEquals(new boolean[] {true, false, true}, a.ne(2).toBooleanArray());
    assertArrayEquals(new boolean[] {true, false, false}, a.lt(2).toBooleanArray());
    assertArrayEquals(new boolean[] {true, true, false}, a.le(2).toBooleanArray());
    assertArrayEquals(new boolean[] {false, false, true}, a.gt(2).toBooleanArray());
    assertArrayEquals(new boolean[] {false, true, true}, a.ge(2).toBooleanArray());
    Tensor p = Tensor.of(true, true, false, false);
    Tensor q = Tensor.of(true, false, true, false);
    assertArrayEquals(new boolean[] {true, false, false, false}, p.logicalAnd(q).toBooleanArray());
    assertArrayEquals(new boolean[] {true, true, true, false}, p.logicalOr(q).toBooleanArray());
    assertArrayEquals(new boolean[] {false, true, true, false}, p.logicalXor(q).toBooleanArray());
    assertArrayEquals(new boolean[] {false, false, true, true}, p.logicalNot().toBooleanArray());
    Tensor w = Tensor.where(a.gt(1), a, Tensor.scalar(-1));
    assertArrayEquals(new float[] {-1, 2, 3}, w.toFloatArray());
  }

  @Test
  void unaryMath() {
    Tensor x = Tensor.of(-1.0, 0.0, 2.0);
    assertArrayEquals(new double[] {Math.exp(-1), 1, Math.exp(2)}, x.exp().toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {1, 0, 2}, x.abs().toDoubleArray());
    assertArrayEquals(new double[] {-1, 0, 1}, x.sign().toDoubleArray());
    assertArrayEquals(new double[] {0, 0, 2}, x.relu().toDoubleArray());
    assertArrayEquals(new double[] {-0.2, 0, 2}, x.leakyRelu().toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {-0.5, 0, 0.5}, x.clip(-0.5, 0.5).toDoubleArray());
    assertArrayEquals(
        new double[] {1 / (1 + Math.exp(1)), 0.5, 1 / (1 + Math.exp(-2))},
        x.sigmoid().toDoubleArray(),
        1e-12);
    assertArrayEquals(new double[] {1 / 3.0, 0.5, 5 / 6.0}, x.hardSigmoid().toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {-0.5, 0, 2 / 3.0}, x.softsign().toDoubleArray(), 1e-12);
    assertArrayEquals(
        new double[] {Math.tanh(-1), 0, Math.tanh(2)}, x.tanh().toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {0, 2, 2}, Tensor.of(0.5, 1.5, 2.5).round().toDoubleArray());
    assertArrayEquals(new double[] {-2, 1}, Tensor.of(-1.5, 1.5).floor().toDoubleArray());
    assertArrayEquals(new double[] {-1, 2}, Tensor.of(-1.5, 1.5).ceil().toDoubleArray());
    assertArrayEquals(new double[] {4, 0.25}, Tensor.of(2.0, 0.5).pow(2).toDoubleArray());
    assertArrayEquals(new double[] {0.5, 2}, Tensor.of(4.0, 0.25).rsqrt().toDoubleArray(), 1e-12);
  }

  @Test
  void reductionsWithAxesAndKeepdims() {
    Tensor a = m23();
    assertEquals(21f, a.sum().item());
    assertArrayEquals(new float[] {5, 7, 9}, a.sum(0).toFloatArray());
    assertArrayEquals(new long[] {2, 1}, a.sum(true, 1).shape());
    assertArrayEquals(new float[] {6, 15}, a.sum(true, 1).toFloatArray());
    assertArrayEquals(new float[] {2, 5}, a.mean(1).toFloatArray());
    assertArrayEquals(new float[] {4, 5, 6}, a.max(0).toFloatArray());
    assertArrayEquals(new float[] {1, 4}, a.min(-1).toFloatArray());
    assertArrayEquals(new float[] {6, 120}, a.prod(1).toFloatArray());
    assertArrayEquals(new float[] {2.25f, 2.25f, 2.25f}, a.var(0).toFloatArray());
    assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f}, a.std(0).toFloatArray());
    assertEquals(
        Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), a.logsumexp(1).getDouble(0), 1e-5);
    assertArrayEquals(new long[] {2, 2}, a.argmax(1).toLongArray());
    assertArrayEquals(new long[] {0, 0, 0}, a.argmin(0).toLongArray());
    assertEquals(5, a.argmax().item());
    assertArrayEquals(
        new boolean[] {true, false},
        Tensor.of(new boolean[][] {{true, false}, {false, false}}).any(1).toBooleanArray());
    assertArrayEquals(
        new boolean[] {false, false},
        Tensor.of(new boolean[][] {{true, false}, {false, false}}).all(0).toBooleanArray());
    Tensor c = Tensor.arange(24).reshape(2, 3, 4).cast(DType.FLOAT64);
    assertArrayEquals(new double[] {60, 66, 72, 78}, c.sum(0, 1).toDoubleArray());
    assertArrayEquals(new long[] {1, 3, 1}, c.sum(true, 0, 2).shape());
  }

  @Test
  void matmulLikeNumpy() {
    Tensor a = m23();
    Tensor b = Tensor.of(new float[][] {{1, 0}, {0, 1}, {1, 1}});
    assertArrayEquals(new float[] {4, 5, 10, 11}, a.matmul(b).toFloatArray());
    Tensor v = Tensor.of(1f, 1f, 1f);
    assertArrayEquals(new long[] {2}, a.matmul(v).shape());
    assertArrayEquals(new float[] {6, 15}, a.matmul(v).toFloatArray());
    assertArrayEquals(new float[] {5, 7, 9}, Tensor.of(1f, 1f).matmul(a).toFloatArray());
    assertEquals(14f, Tensor.of(1f, 2f, 3f).matmul(Tensor.of(1f, 2f, 3f)).item());
    Tensor batch = Tensor.stack(0, a, a.mul(2));
    assertArrayEquals(new long[] {2, 2, 2}, batch.matmul(b).shape());
    assertArrayEquals(new float[] {4, 5, 10, 11, 8, 10, 20, 22}, batch.matmul(b).toFloatArray());
    assertArrayEquals(new float[] {14, 32, 32, 77}, a.matmul(a, false, true).toFloatArray());
  }

  @Test
  void shapeOps() {
    Tensor a = m23();
    assertArrayEquals(new long[] {3, 2}, a.reshape(-1, 2).shape());
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, a.transpose().toFloatArray());
    assertArrayEquals(new long[] {1, 2, 3}, a.expandDims(0).shape());
    assertArrayEquals(new long[] {2, 3}, a.expandDims(-1).squeeze().shape());
    assertArrayEquals(new long[] {6}, a.flatten().shape());
    Tensor x = Tensor.arange(24).reshape(2, 3, 4);
    assertArrayEquals(new long[] {4, 2, 3}, x.permute(2, 0, 1).shape());
    assertEquals(13, x.permute(2, 0, 1).getLong(1, 1, 0));
    assertArrayEquals(
        new float[] {1, 2, 3, 1, 2, 3}, Tensor.of(1f, 2f, 3f).broadcastTo(2, 3).toFloatArray());
    assertArrayEquals(new float[] {5, 7, 9}, a.sumToShape(3).toFloatArray());
    assertArrayEquals(new int[] {1, 2}, Tensor.of(1.7f, 2.2f).cast(DType.INT32).toIntArray());
  }

  @Test
  void slicingWithPythonSemantics() {
    Tensor x = Tensor.arange(12).reshape(3, 4);
    assertArrayEquals(new long[] {7, 6, 5, 4, 11, 10, 9, 8}, x.slice("1:3, ::-1").toLongArray());
    assertArrayEquals(new long[] {2, 4}, x.slice("1:3, ::-1").shape());
    assertArrayEquals(new long[] {11, 9, 3, 1}, x.slice("::-2, -1:0:-2").toLongArray());
    assertArrayEquals(new long[] {1, 5, 9}, x.slice(":, 1").toLongArray());
    assertArrayEquals(new long[] {3}, x.slice(":, 1").shape());
    assertArrayEquals(new long[] {3, 7, 11}, x.slice("..., -1").toLongArray());
    assertArrayEquals(new long[] {0, 1, 2, 3}, x.slice("-100:1").toLongArray());
    assertArrayEquals(new long[] {0, 4}, x.slice("5:, :").shape());
    assertArrayEquals(new long[] {8, 4, 0}, x.slice(Slice.every(-1), Slice.index(0)).toLongArray());
    assertArrayEquals(
        new long[] {5, 6}, x.slice(Slice.range(1, 2), Slice.range(1, 3)).toLongArray());
    assertArrayEquals(new long[] {8, 9, 10, 11}, x.get(-1).toLongArray());
    assertEquals(6, x.get(1, 2).item());
    assertEquals(0, x.get(1, 2).rank());
  }

  @Test
  void masksTakeScatterOneHot() {
    Tensor x = m23();
    assertArrayEquals(new float[] {4, 5, 6}, x.mask(x.gt(3)).toFloatArray());
    Tensor idx = Tensor.of(2L, 0L, -1L);
    assertArrayEquals(new float[] {3, 1, 3, 6, 4, 6}, x.take(idx, 1).toFloatArray());
    assertArrayEquals(new float[] {4, 5, 6}, x.take(Tensor.of(1), 0).toFloatArray());
    Tensor base = Tensor.zeros(3);
    assertArrayEquals(
        new float[] {3, 0, 2},
        base.scatterAdd(Tensor.of(0, 2, 0), Tensor.of(1f, 2f, 2f), 0).toFloatArray());
    assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1}, Tensor.of(1, 2).oneHot(3).toFloatArray());
  }

  @Test
  void softmaxJoiningPaddingTiling() {
    Tensor l = Tensor.of(new double[][] {{1, 2, 3}, {1, 1, 1}});
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertArrayEquals(
        new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z, 1 / 3.0, 1 / 3.0, 1 / 3.0},
        l.softmax(1).toDoubleArray(),
        1e-12);
    assertArrayEquals(
        new double[] {1 - Math.log(z), 2 - Math.log(z)},
        l.logSoftmax(-1).slice("0, :2").toDoubleArray(),
        1e-12);
    assertArrayEquals(new double[] {0.5, 0.5}, l.softmax(0).slice(":, 0").toDoubleArray(), 1e-12);
    Tensor a = Tensor.of(1f, 2f);
    Tensor b = Tensor.of(3f);
    assertArrayEquals(new float[] {1, 2, 3}, Tensor.concat(0, a, b).toFloatArray());
    assertArrayEquals(new long[] {2, 2}, Tensor.stack(1, a, a).shape());
    Tensor[] parts = Tensor.of(1f, 2f, 3f, 4f, 5f).split(new long[] {2, 3}, 0);
    assertArrayEquals(new float[] {3, 4, 5}, parts[1].toFloatArray());
    assertEquals(2, m23().split(3, 1)[2].size());
    assertArrayEquals(
        new float[] {0, 1, 2, 0, 0}, a.pad(new long[] {1}, new long[] {2}).toFloatArray());
    assertArrayEquals(
        new float[] {9, 1, 2, 9, 9}, a.pad(new long[] {1}, new long[] {2}, 9).toFloatArray());
    assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2, 1, 2}, a.tile(2, 2).toFloatArray());
    assertArrayEquals(new long[] {2, 4}, a.tile(2, 2).shape());
    assertArrayEquals(new float[] {1, 1, 2, 2}, a.repeat(2, 0).toFloatArray());
  }
}
