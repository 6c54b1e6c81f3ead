package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation called with bad arguments throws the right exception type with a message naming
 * the operation, and the JVM and native core keep working afterwards.
 */
class BadInputTest {
  private static TensorScope scope;
  private static Tensor m;
  private static Tensor v;
  private static Tensor closed;

  /** A bad call: the op name its message must contain and the expected exception type. */
  record Bad(String label, String op, Class<? extends Throwable> type, Consumer<Void> call) {
    @Override
    public String toString() {
      return label;
    }
  }

  @BeforeAll
  static void setUp() {
    scope = new TensorScope();
    m = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
    v = Tensor.of(1f, 2f);
    closed = Tensor.of(1f);
    closed.close();
  }

  @AfterAll
  static void tearDown() {
    scope.close();
  }

  private static void add(
      List<Bad> l, String label, String op, Class<? extends Throwable> t, Runnable r) {
    l.add(new Bad(label, op, t, x -> r.run()));
  }

  static List<Bad> cases() {
    Class<IllegalArgumentException> iae = IllegalArgumentException.class;
    Class<IndexOutOfBoundsException> ioob = IndexOutOfBoundsException.class;
    Class<IllegalStateException> ise = IllegalStateException.class;
    List<Bad> l = new ArrayList<>();
    add(l, "add wrong shape", "add", iae, () -> m.add(v));
    add(l, "add null", "add", iae, () -> m.add((Tensor) null));
    add(l, "add closed", "add", ise, () -> closed.add(m));
    add(l, "add closed argument", "add", ise, () -> m.add(closed));
    add(l, "sub wrong shape", "sub", iae, () -> m.sub(Tensor.zeros(4)));
    add(l, "mul wrong shape", "mul", iae, () -> m.mul(Tensor.zeros(3, 3)));
    add(l, "div wrong shape", "div", iae, () -> m.div(v));
    add(l, "pow wrong shape", "pow", iae, () -> m.pow(v));
    add(l, "maximum wrong shape", "maximum", iae, () -> m.maximum(v));
    add(l, "minimum wrong shape", "minimum", iae, () -> m.minimum(v));
    add(l, "mod wrong shape", "mod", iae, () -> m.mod(v));
    add(l, "eq wrong shape", "eq", iae, () -> m.eq(v));
    add(l, "lt null", "lt", iae, () -> m.lt((Tensor) null));
    add(
        l,
        "logicalAnd wrong shape",
        "logicalAnd",
        iae,
        () -> m.gt(1).logicalAnd(Tensor.of(true, false)));
    add(l, "where wrong dtype", "where", iae, () -> Tensor.where(m, m, m));
    add(l, "where null", "where", iae, () -> Tensor.where(null, m, m));
    add(l, "exp closed", "exp", ise, () -> closed.exp());
    add(l, "log wrong dtype", "log", iae, () -> Tensor.of(true).log());
    add(l, "relu closed", "relu", ise, () -> closed.relu());
    add(l, "sum bad axis", "sum", iae, () -> m.sum(5));
    add(l, "mean bad axis", "mean", iae, () -> m.mean(-3));
    add(l, "max null axes", "max", iae, () -> m.max((int[]) null));
    add(l, "var bad axis", "var", iae, () -> m.var(2));
    add(l, "argmax bad axis", "argmax", iae, () -> m.argmax(2));
    add(l, "matmul wrong shape", "matmul", iae, () -> m.matmul(m));
    add(l, "matmul null", "matmul", iae, () -> m.matmul(null));
    add(l, "matmul scalar", "matmul", iae, () -> m.matmul(Tensor.scalar(1)));
    add(
        l,
        "matmul wrong dtype",
        "matmul",
        iae,
        () -> m.matmul(Tensor.of(new int[][] {{1}, {2}, {3}})));
    add(l, "softmax bad axis", "softmax", iae, () -> m.softmax(2));
    add(l, "logSoftmax wrong dtype", "logSoftmax", iae, () -> Tensor.of(1, 2).logSoftmax(0));
    add(l, "reshape two -1", "reshape", iae, () -> m.reshape(-1, -1));
    add(l, "reshape wrong count", "reshape", iae, () -> m.reshape(4, 2));
    add(l, "reshape closed", "reshape", ise, () -> closed.reshape(1));
    add(l, "permute wrong length", "permute", iae, () -> m.permute(0));
    add(l, "permute repeated axis", "permute", iae, () -> m.permute(0, 0));
    add(l, "squeeze non-unit axis", "squeeze", iae, () -> m.squeeze(0));
    add(l, "expandDims bad axis", "expandDims", iae, () -> m.expandDims(4));
    add(l, "slice zero step", "slice", iae, () -> m.slice("::0"));
    add(l, "slice garbage", "slice", iae, () -> m.slice("a:b"));
    add(l, "slice too many axes", "slice", iae, () -> m.slice("1, 1, 1"));
    add(l, "slice index out of range", "slice", ioob, () -> m.slice("2, :"));
    add(l, "get out of range", "get", ioob, () -> m.get(-3));
    add(l, "getFloat out of range", "getFloat", ioob, () -> m.getFloat(0, 3));
    add(l, "getFloat wrong arity", "getFloat", iae, () -> m.getFloat(0));
    add(l, "mask wrong shape", "mask", iae, () -> m.mask(Tensor.of(true, false)));
    add(l, "mask wrong dtype", "mask", iae, () -> m.mask(m));
    add(l, "take out of range", "take", ioob, () -> m.take(Tensor.of(7L), 1));
    add(l, "take wrong dtype", "take", iae, () -> m.take(Tensor.of(1f), 1));
    add(l, "take bad axis", "take", iae, () -> m.take(Tensor.of(0L), 3));
    add(
        l,
        "scatterAdd out of range",
        "scatterAdd",
        ioob,
        () -> Tensor.zeros(3).scatterAdd(Tensor.of(5), Tensor.of(1f), 0));
    add(
        l,
        "scatterAdd wrong shape",
        "scatterAdd",
        iae,
        () -> Tensor.zeros(3).scatterAdd(Tensor.of(1), Tensor.of(1f, 2f), 0));
    add(l, "oneHot wrong dtype", "oneHot", iae, () -> m.oneHot(3));
    add(l, "concat wrong shape", "concat", iae, () -> Tensor.concat(0, m, v));
    add(l, "concat none", "concat", iae, () -> Tensor.concat(0));
    add(l, "stack wrong shape", "stack", iae, () -> Tensor.stack(0, m, v));
    add(l, "split bad sizes", "split", iae, () -> m.split(new long[] {1, 1}, 1));
    add(l, "split bad parts", "split", iae, () -> m.split(2, 1));
    add(l, "pad wrong length", "pad", iae, () -> m.pad(new long[] {1}, new long[] {1}));
    add(l, "pad negative", "pad", iae, () -> m.pad(new long[] {-1, 0}, new long[] {0, 0}));
    add(l, "tile negative", "tile", iae, () -> m.tile(-1, 1));
    add(l, "repeat bad axis", "repeat", iae, () -> m.repeat(2, 5));
    add(l, "cast null", "cast", iae, () -> m.cast(null));
    add(l, "broadcastTo incompatible", "broadcastTo", iae, () -> m.broadcastTo(3, 3));
    add(l, "sumToShape incompatible", "sumToShape", iae, () -> m.sumToShape(2));
    add(l, "fromArray mismatch", "fromArray", iae, () -> Tensor.fromArray(new double[] {1}, 2));
    add(l, "fromArray null", "fromArray", iae, () -> Tensor.fromArray((float[]) null, 1));
    add(l, "zeros negative", "full", iae, () -> Tensor.zeros(-1));
    add(l, "arange zero step", "arange", iae, () -> Tensor.arange(0, 1, 0));
    add(l, "linspace negative", "linspace", iae, () -> Tensor.linspace(0, 1, -1));
    add(l, "eye negative", "eye", iae, () -> Tensor.eye(-1, 2, 0, DType.FLOAT32));
    add(
        l,
        "randomNormal negative stddev",
        "randomNormal",
        iae,
        () -> Tensor.randomNormal(new long[] {2}, 0, -1, DType.FLOAT32, 1));
    add(
        l,
        "randomUniform int dtype",
        "randomUniform",
        iae,
        () -> Tensor.randomUniform(new long[] {2}, 0, 1, DType.BOOL, 1));
    add(
        l,
        "bernoulli bad p",
        "bernoulli",
        iae,
        () -> Tensor.bernoulli(new long[] {2}, 2, DType.FLOAT32, 1));
    add(l, "permutation negative", "permutation", iae, () -> Tensor.permutation(-1, 1));
    add(
        l,
        "wrap null address",
        "wrap",
        iae,
        () -> Tensor.wrap(0, new long[] {4}, DType.FLOAT32, null));
    add(l, "item of many", "item", ise, () -> m.item());
    add(l, "toFloatArray closed", "toFloatArray", ise, () -> closed.toFloatArray());
    add(l, "shape closed", "shape", ise, () -> closed.shape());
    add(l, "asByteBuffer closed", "asByteBuffer", ise, () -> closed.asByteBuffer());
    add(l, "keep null", "keep", iae, () -> scope.keep((Tensor) null));
    return l;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badCallThrowsNamingTheOpAndTheJvmKeepsWorking(Bad b) {
    Throwable t = assertThrows(b.type(), () -> b.call().accept(null), b.label());
    assertTrue(
        t.getMessage() != null && t.getMessage().contains(b.op()),
        b.label() + ": message should name '" + b.op() + "': " + t.getMessage());
    try (TensorScope s = new TensorScope()) {
      assertArrayEquals(
          new float[] {4, 6}, Tensor.of(1f, 2f).add(Tensor.of(3f, 4f)).toFloatArray());
    }
  }
}
