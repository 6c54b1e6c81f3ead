package dev.myelin.data.modelselection;

import static dev.myelin.data.Fixtures.ints;
import static dev.myelin.data.Fixtures.list;
import static dev.myelin.data.Fixtures.longValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSelectionTest {
  private static final Map<String, Object> FIXTURE =
      Fixtures.map(Fixtures.load("model_selection.json"), "cases");

  private static Long seed(Object c) {
    Object value = ((Map<?, ?>) c).get("seed");
    return value == null ? null : ((Number) value).longValue();
  }

  private static Object get(Object c, String key) {
    return ((Map<?, ?>) c).get(key);
  }

  @Test
  void trainTestSplitMatchesScikitLearn() {
    for (Object c : list(FIXTURE, "train_test_split")) {
      TrainTestSplit splitter = new TrainTestSplit().shuffle((Boolean) get(c, "shuffle"));
      Object test = get(c, "test_size");
      if (test instanceof Double d) {
        splitter.testSize(d);
      } else if (test instanceof Long l) {
        splitter.testSize(l.intValue());
      }
      if (get(c, "train_size") instanceof Double d) {
        splitter.trainSize(d);
      }
      if (get(c, "shuffle") == Boolean.TRUE) {
        splitter.randomState(seed(c));
      }
      if (get(c, "stratify") != null) {
        splitter.stratify(ints(get(c, "stratify")));
      }
      Split split = splitter.split((int) longValue(c, "n"));
      assertArrayEquals(ints(get(c, "train")), split.train(), "train " + c);
      assertArrayEquals(ints(get(c, "test")), split.test(), "test " + c);
    }
  }

  @Test
  void kFoldMatchesScikitLearn() {
    for (Object c : list(FIXTURE, "kfold")) {
      KFold cv = new KFold((int) longValue(c, "n_splits"), (Boolean) get(c, "shuffle"), seed(c));
      assertFolds(list(c, "folds"), cv.split((int) longValue(c, "n")));
    }
  }

  @Test
  void stratifiedKFoldMatchesScikitLearn() {
    for (Object c : list(FIXTURE, "stratified_kfold")) {
      StratifiedKFold cv =
          new StratifiedKFold((int) longValue(c, "n_splits"), (Boolean) get(c, "shuffle"), seed(c));
      assertFolds(list(c, "folds"), cv.split(ints(get(c, "y"))));
    }
  }

  private static void assertFolds(List<Object> expected, List<Split> actual) {
    assertEquals(expected.size(), actual.size());
    for (int f = 0; f < expected.size(); f++) {
      assertArrayEquals(ints(get(expected.get(f), "train")), actual.get(f).train(), "fold " + f);
      assertArrayEquals(ints(get(expected.get(f), "test")), actual.get(f).test(), "fold " + f);
    }
  }

  @Test
  void badArgumentsNameTheArgument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new TrainTestSplit().testSize(1.5).split(10));
    assertTrue(e.getMessage().startsWith("testSize: expected"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new KFold(5, false, null).split(3));
    assertTrue(e.getMessage().contains("nSplits") && e.getMessage().contains("got 5"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TrainTestSplit().stratify(new int[] {0, 1}).split(3));
    assertTrue(e.getMessage().contains("stratify.length=2") && e.getMessage().contains("=3"));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new TrainTestSplit().testSize(0.5).split(0));
    assertTrue(e.getMessage().startsWith("nSamples:"), e.getMessage());
  }
}
