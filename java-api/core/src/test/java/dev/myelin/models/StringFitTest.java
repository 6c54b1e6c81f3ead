package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.callbacks.Callback;
import dev.myelin.callbacks.History;
import dev.myelin.layers.Dense;
import dev.myelin.optimizers.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code fit}, {@code evaluate}, {@code trainOnBatch} and {@code testOnBatch} on texts for a model
 * with a string input (Keras's {@code model.fit(texts, y)}): the same numbers, bit for bit, as the
 * same model's tensor part trained on the vectorized texts, with the owner's compile settings and
 * callbacks. {@code StringInputsTest.TextLengths} (length x scale) stands in for TextVectorization;
 * {@code StringModelKerasTest} trains a real one.
 */
class StringFitTest {
  private static final List<String> TEXTS =
      List.of("a", "bb", "ccc", "dddd", "eeeee", "ffffff", "g", "hh", "iii", "jjjjjjjjjj");
  private static final float[] TARGETS = {1, 2, 3, 4, 5, 6, 1, 2, 3, 10};
  private static final List<String> VAL_TEXTS = List.of("xyz", "xy");

  /** Lengths of {@code texts} as a (n, 1) tensor: what the string layer hands the tensor part. */
  private static Tensor lengths(List<String> texts) {
    float[] v = new float[texts.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = texts.get(i).length() * 0.1f;
    }
    return Tensor.fromArray(v, v.length, 1);
  }

  private static StringInputsTest.TextLengths scaled() {
    StringInputsTest.TextLengths l = new StringInputsTest.TextLengths();
    l.scale = 0.1;
    return l;
  }

  /** A string model and its tensor twin, with the same starting weights and compile settings. */
  private static Model[] twins() {
    Sequential texts = new Sequential(scaled(), new Dense(3).activation("tanh"), new Dense(1));
    Sequential tensors =
        new Sequential(new Dense(3).activation("tanh").inputShape(1), new Dense(1));
    texts.predict(List.of("warm"));
    tensors.setWeights(texts.getWeights());
    texts.compile(new Adam(0.05), "mse", "mae");
    tensors.compile(new Adam(0.05), "mse", "mae");
    return new Model[] {texts, tensors};
  }

  @Test
  void fitOnTextsEqualsFitOnTheVectorizedTextsBitForBit() {
    try (TensorScope scope = new TensorScope()) {
      Model[] m = twins();
      Tensor y = Tensor.fromArray(TARGETS, TARGETS.length, 1);
      Tensor vy = Tensor.fromArray(new float[] {3, 2}, 2, 1);
      History a =
          m[0].fit(
              TEXTS,
              y,
              new FitOptions()
                  .epochs(4)
                  .batchSize(4)
                  .shuffle(false)
                  .verbose(0)
                  .validationData(VAL_TEXTS, vy));
      History b =
          m[1].fit(
              lengths(TEXTS),
              y,
              new FitOptions()
                  .epochs(4)
                  .batchSize(4)
                  .shuffle(false)
                  .verbose(0)
                  .validationData(lengths(VAL_TEXTS), vy));
      assertEquals(List.of("loss", "mae", "val_loss", "val_mae"), List.of(a.names()));
      for (String k : a.names()) {
        assertArrayEquals(b.values(k), a.values(k), 0.0, k);
      }
      assertTrue(a.values("loss")[3] < a.values("loss")[0], "trained: " + a.get("loss"));
      for (int i = 0; i < 4; i++) {
        assertArrayEquals(
            m[1].getWeights().get(i).toFloatArray(), m[0].getWeights().get(i).toFloatArray(), 0f);
      }
      // the owner's optimizer carried the state: its iteration count is the fit's 3 x 4 steps
      assertEquals(12, m[0].optimizer().iterations());
      assertArrayEquals(
          m[1].evaluate(lengths(TEXTS), y, new EvaluateOptions().verbose(0)),
          m[0].evaluate(TEXTS, y, new EvaluateOptions().verbose(0)),
          0.0);
      assertArrayEquals(
          m[1].trainOnBatch(lengths(VAL_TEXTS), vy), m[0].trainOnBatch(VAL_TEXTS, vy), 0.0);
      assertArrayEquals(m[1].testOnBatch(lengths(TEXTS), y), m[0].testOnBatch(TEXTS, y), 0.0);
      // texts given as an array and labels as a Java array take the same path
      assertArrayEquals(
          m[0].evaluate(TEXTS, y, new EvaluateOptions().verbose(0)),
          m[0].evaluate(TEXTS.toArray(new String[0]), TARGETS, new EvaluateOptions().verbose(0)),
          0.0);
    }
  }

  @Test
  void callbacksSeeTheStringModelAndCanStopIt() {
    try (TensorScope scope = new TensorScope()) {
      Model m = twins()[0];
      List<Model> seen = new ArrayList<>();
      Callback stopper =
          new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
              seen.add(model());
              model().stopTraining(true);
            }
          };
      History h =
          m.fit(
              TEXTS,
              Tensor.fromArray(TARGETS, TARGETS.length, 1),
              new FitOptions().epochs(5).verbose(0).callbacks(stopper));
      assertEquals(1, h.values("loss").length, "stopped after the first epoch");
      assertEquals(1, seen.size());
      assertSame(m, seen.get(0));
    }
  }

  @Test
  void badTextInputsAreRefusedNamingWhatWasWrong() {
    try (TensorScope scope = new TensorScope()) {
      Sequential numeric = new Sequential(new Dense(1).inputShape(1));
      numeric.compile("sgd", "mse");
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> numeric.fit(TEXTS, Tensor.zeros(10, 1), new FitOptions().verbose(0)));
      assertTrue(
          e.getMessage().contains("only a model whose one input is a string input"),
          e.getMessage());
      Model m = twins()[0];
      IllegalArgumentException len =
          assertThrows(
              IllegalArgumentException.class,
              () -> m.fit(TEXTS, Tensor.zeros(7, 1), new FitOptions().verbose(0)));
      assertTrue(len.getMessage().contains("7"), len.getMessage());
      Sequential uncompiled = new Sequential(scaled(), new Dense(1));
      IllegalStateException c =
          assertThrows(
              IllegalStateException.class,
              () -> uncompiled.fit(TEXTS, Tensor.zeros(10, 1), new FitOptions().verbose(0)));
      assertTrue(c.getMessage().contains("You must compile"), c.getMessage());
      List<Object> mixed = new ArrayList<>(List.of("a", 3));
      IllegalArgumentException mix =
          assertThrows(
              IllegalArgumentException.class,
              () -> m.evaluate(mixed, Tensor.zeros(2, 1), new EvaluateOptions().verbose(0)));
      assertTrue(mix.getMessage().contains("element 1 was a java.lang.Integer"), mix.getMessage());
    }
  }
}
