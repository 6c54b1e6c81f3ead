package dev.myelin.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.layers.Dense;
import dev.myelin.models.EvaluateOptions;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Labels of the wrong shape or dtype for a loss fail at fit/evaluate/trainOnBatch/testOnBatch
 * before any training, with a message naming the loss, what it expects and what it got.
 */
class LabelChecksTest {
  private static final int N = 8;

  private static Sequential model(int units, String activation, String loss) {
    Sequential m = new Sequential(new Dense(units).activation(activation).inputShape(3));
    m.compile(new SGD(0.1), loss);
    return m;
  }

  private static Tensor x() {
    return Tensor.ones(DType.FLOAT32, N, 3);
  }

  /** The four entry points, each of which must throw before touching the weights. */
  private static List<Consumer<Sequential>> entryPoints(Tensor y) {
    return List.of(
        m -> m.fit(x(), y, new FitOptions().epochs(1).verbose(0)),
        m -> m.evaluate(x(), y, new EvaluateOptions().batchSize(4).verbose(0)),
        m -> m.trainOnBatch(x(), y),
        m -> m.testOnBatch(x(), y),
        m ->
            m.fit(
                Tensor.ones(DType.FLOAT32, N, 3),
                goodLabelsFor(m),
                new FitOptions().epochs(1).verbose(0).validationData(x(), y)));
  }

  private static Tensor goodLabelsFor(Sequential m) {
    String loss = m.loss().name();
    long units = m.output().shape()[1];
    if (loss.equals("sparse_categorical_crossentropy")) {
      return Tensor.zeros(DType.INT64, N);
    }
    return Tensor.zeros(DType.FLOAT32, N, units);
  }

  /** Asserts every entry point throws with all of {@code parts} and leaves the weights alone. */
  private static String assertRejected(Sequential m, Tensor y, String... parts) {
    String last = null;
    for (Consumer<Sequential> call : entryPoints(y)) {
      float[] before = m.getWeights().get(0).toFloatArray();
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> call.accept(m));
      for (String p : parts) {
        assertTrue(e.getMessage().contains(p), "missing \"" + p + "\" in: " + e.getMessage());
      }
      assertArrayEquals(before, m.getWeights().get(0).toFloatArray(), "weights changed");
      assertEquals(0, m.optimizer().iterations(), "a step ran before the check");
      last = e.getMessage();
    }
    return last;
  }

  @Test
  void sparseCategoricalGivenOneHotLabels() {
    Sequential m = model(10, "softmax", "sparse_categorical_crossentropy");
    String msg =
        assertRejected(
            m,
            Tensor.zeros(DType.FLOAT32, N, 10),
            "sparse_categorical_crossentropy expects integer class ids of shape (8, 1) or (8,)"
                + " in [0, 10)",
            "model output of shape (8, 10)",
            "got y_true of shape (8, 10)",
            "use categorical_crossentropy");
    assertTrue(msg.startsWith("Model sequential"), msg);
  }

  @Test
  void sparseCategoricalGivenIdsOutOfRangeOrFractional() {
    Sequential m = model(10, "softmax", "sparse_categorical_crossentropy");
    float[] ids = {0, 1, 2, 3, 4, 5, 6, 10};
    assertRejected(
        m,
        Tensor.fromArray(ids, N),
        "sparse_categorical_crossentropy: expected integer labels in [0, 10)",
        "from 0 to 10");
    float[] frac = {0, 1, 2, 3, 4, 5, 6, 0.5f};
    assertRejected(m, Tensor.fromArray(frac, N), "non-integer values");
    assertDoesNotThrow(() -> m.trainOnBatch(x(), Tensor.fromArray(new long[N], N, 1)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void categoricalGivenIntegerClassIds(int rank) {
    Sequential m = model(10, "softmax", "categorical_crossentropy");
    Tensor ids = rank == 1 ? Tensor.zeros(DType.INT64, N) : Tensor.zeros(DType.INT64, N, 1);
    assertRejected(
        m,
        ids,
        "categorical_crossentropy expects one-hot labels of shape (8, 10)",
        "got y_true of shape " + (rank == 1 ? "(8,)" : "(8, 1)") + " and dtype int64",
        "use sparse_categorical_crossentropy");
  }

  @Test
  void categoricalGivenTooFewColumnsHasNoClassIdHint() {
    Sequential m = model(10, "softmax", "categorical_crossentropy");
    Tensor y = Tensor.zeros(DType.FLOAT32, N, 9);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.trainOnBatch(x(), y));
    assertTrue(e.getMessage().contains("got y_true of shape (8, 9)"), e.getMessage());
    assertTrue(!e.getMessage().contains("sparse"), e.getMessage());
  }

  @Test
  void binaryGivenTwoColumnTargetsForOneUnit() {
    Sequential m = model(1, "sigmoid", "binary_crossentropy");
    assertRejected(
        m,
        Tensor.zeros(DType.FLOAT32, N, 2),
        "binary_crossentropy expects one 0/1 target per output unit, of shape (8, 1) or (8,)",
        "got y_true of shape (8, 2)",
        "Dense(2, softmax) output with categorical_crossentropy");
    assertDoesNotThrow(() -> m.trainOnBatch(x(), Tensor.zeros(DType.FLOAT32, N)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mse",
        "mae",
        "mape",
        "msle",
        "hinge",
        "squared_hinge",
        "categorical_hinge",
        "kld",
        "poisson",
        "cosine_similarity",
        "huber",
        "log_cosh"
      })
  void everyOtherLossNamesItselfAndBothShapes(String loss) {
    Sequential m = model(2, "linear", loss);
    String name = Loss.get(loss).name();
    assertRejected(
        m,
        Tensor.zeros(DType.FLOAT32, N, 3),
        name + " expects y_true of the same shape as the model output, (8, 2)",
        "got y_true of shape (8, 3) and dtype float32");
    assertDoesNotThrow(() -> m.trainOnBatch(x(), Tensor.zeros(DType.FLOAT32, N, 2)));
  }

  @Test
  void mseOnOneUnitAcceptsAFlatVectorButNotAMatrix() {
    Sequential m = model(1, "linear", "mse");
    assertDoesNotThrow(() -> m.trainOnBatch(x(), Tensor.zeros(DType.FLOAT32, N)));
    Sequential fresh = model(1, "linear", "mse");
    assertRejected(
        fresh,
        Tensor.zeros(DType.FLOAT32, N, 4),
        "mean_squared_error expects y_true of the same shape as the model output, (8, 1) or"
            + " (8,)",
        "got y_true of shape (8, 4)");
  }

  @Test
  void targetsWithAnotherSampleCountAreRejected() {
    Sequential m = model(1, "sigmoid", "binary_crossentropy");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.trainOnBatch(x(), Tensor.zeros(DType.FLOAT32, N - 1, 1)));
    assertTrue(e.getMessage().contains("has 7 samples but the input data has 8"), e.getMessage());
  }

  @Test
  void checkLabelsDirectlyTreatsUnknownDimensionsAsWildcards() {
    Loss mse = Loss.get("mse");
    assertDoesNotThrow(
        () -> mse.checkLabels(Tensor.zeros(DType.FLOAT32, 5, 2), new long[] {-1, 2}));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> mse.checkLabels(Tensor.zeros(DType.FLOAT32, 5, 3), new long[] {-1, 2}));
    assertTrue(e.getMessage().contains("(None, 2)"), e.getMessage());
  }
}
