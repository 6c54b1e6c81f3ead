package dev.myelin.data.datasets;

import static dev.myelin.data.Fixtures.assertBitExact;
import static dev.myelin.data.Fixtures.assertWithinUlps;
import static dev.myelin.data.Fixtures.doubleValue;
import static dev.myelin.data.Fixtures.doubles;
import static dev.myelin.data.Fixtures.ints;
import static dev.myelin.data.Fixtures.list;
import static dev.myelin.data.Fixtures.longValue;
import static dev.myelin.data.Fixtures.matrix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleGeneratorsTest {
  private static final Map<String, Object> FIXTURE =
      Fixtures.map(Fixtures.load("datasets.json"), "cases");

  private static Double noise(Object c) {
    Object value = ((Map<?, ?>) c).get("noise");
    return value == null ? null : ((Number) value).doubleValue();
  }

  private static boolean flag(Object c, String key) {
    return (Boolean) ((Map<?, ?>) c).get(key);
  }

  @Test
  void makeMoonsMatchesScikitLearn() {
    for (Object c : list(FIXTURE, "moons")) {
      LabeledDataset d =
          SampleGenerators.makeMoons(
              (int) longValue(c, "n"), flag(c, "shuffle"), noise(c), longValue(c, "seed"));
      // Java's Math.sin/cos/log and numpy's libm may each differ in the last bit: up to 4 ulps.
      assertWithinUlps(matrix(((Map<?, ?>) c).get("x")), d.x(), 4, "make_moons x");
      assertArrayEquals(ints(((Map<?, ?>) c).get("y")), d.labels());
    }
  }

  @Test
  void makeCirclesMatchesScikitLearn() {
    for (Object c : list(FIXTURE, "circles")) {
      LabeledDataset d =
          SampleGenerators.makeCircles(
              (int) longValue(c, "n"),
              flag(c, "shuffle"),
              noise(c),
              longValue(c, "seed"),
              doubleValue(c, "factor"));
      assertBitExact(matrix(((Map<?, ?>) c).get("x")), d.x(), "make_circles x");
      assertArrayEquals(ints(((Map<?, ?>) c).get("y")), d.labels());
    }
  }

  @Test
  void makeBlobsMatchesScikitLearn() {
    for (Object c : list(FIXTURE, "blobs")) {
      LabeledDataset d =
          SampleGenerators.makeBlobs(
              (int) longValue(c, "n"),
              (int) longValue(c, "n_features"),
              (int) longValue(c, "centers"),
              doubleValue(c, "std"),
              doubles(((Map<?, ?>) c).get("box")),
              flag(c, "shuffle"),
              longValue(c, "seed"));
      assertBitExact(matrix(((Map<?, ?>) c).get("x")), d.x(), "make_blobs x");
      assertArrayEquals(ints(((Map<?, ?>) c).get("y")), d.labels());
    }
  }

  @Test
  void makeClassificationMatchesScikitLearn() {
    for (Object c : list(FIXTURE, "classification")) {
      LabeledDataset d =
          SampleGenerators.makeClassification(
              (int) longValue(c, "n"), (int) longValue(c, "n_features"), longValue(c, "seed"));
      assertWithinUlps(matrix(((Map<?, ?>) c).get("x")), d.x(), 1, "make_classification x");
      assertArrayEquals(ints(((Map<?, ?>) c).get("y")), d.labels());
    }
  }

  @Test
  void makeRegressionMatchesScikitLearn() {
    for (Object c : list(FIXTURE, "regression")) {
      Dataset d =
          SampleGenerators.makeRegression(
              (int) longValue(c, "n"),
              (int) longValue(c, "n_features"),
              (int) longValue(c, "n_informative"),
              doubleValue(c, "bias"),
              doubleValue(c, "noise"),
              true,
              longValue(c, "seed"));
      assertWithinUlps(matrix(((Map<?, ?>) c).get("x")), d.x(), 1, "make_regression x");
      assertWithinUlps(doubles(((Map<?, ?>) c).get("y")), d.y(), 4, "make_regression y");
    }
  }

  @Test
  void badArgumentsNameTheArgument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SampleGenerators.makeMoons(-1, true, null, 0));
    assertTrue(e.getMessage().startsWith("nSamples:"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SampleGenerators.makeCircles(10, true, null, 0, 1.5));
    assertTrue(e.getMessage().startsWith("factor:"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> SampleGenerators.makeClassification(10, 3, 0));
    assertTrue(e.getMessage().startsWith("nFeatures:"), e.getMessage());
  }
}
