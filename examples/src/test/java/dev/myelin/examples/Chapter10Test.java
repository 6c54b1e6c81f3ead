package dev.myelin.examples;

import static dev.myelin.examples.BookFixtures.assertPlot;
import static dev.myelin.examples.BookFixtures.data;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.examples.DigitsOverfitting.Remedy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Book chapter 10 (figures in shared/spec/book-examples.md, "Ch.10") on scikit-learn's digits, read
 * from the installed scikit-learn (.ci/run installs 1.9.1). Counts are exact; accuracies are
 * stochastic and checked against the book's with margins. The repeated trainings of 10.3-10.7 and
 * 10.9 (14 and 3 runs of a 2.2-million-parameter network in the programs) would take minutes on the
 * two CI cores, so their tests train each model once and for fewer epochs, as each test says.
 */
class Chapter10Test {
  @TempDir Path out;
  static DigitsData digits;

  @BeforeAll
  static void load() {
    digits = DigitsData.load(new String[0]);
  }

  @Test
  void baselineAndLearningCurve() {
    DigitsLearningCurve.Result r = DigitsLearningCurve.run(digits, out, 100, 0, false);
    assertEquals(1257, r.trainSize());
    assertEquals(540, r.testSize());
    // Book: 5 55, 3 55, 1 55, 9 54, 7 54, 6 54, 4 54, 0 54, 2 53, 8 52.
    assertEquals(
        Map.of(5, 55, 3, 55, 1, 55, 9, 54, 7, 54, 6, 54, 4, 54, 0, 54, 2, 53, 8, 52),
        r.testClassCounts());
    assertEquals(
        List.of("5 55", "3 55", "1 55", "9 54", "7 54", "6 54", "4 54", "0 54", "2 53", "8 52"),
        DigitsLearningCurve.valueCounts(r.testClassCounts()));
    // Book (100 epochs, as here): Train accuracy: 0.9952, Test accuracy: 0.9741.
    assertTrue(r.trainAccuracy() >= 0.98, "train accuracy " + r.trainAccuracy());
    assertTrue(r.testAccuracy() >= 0.95, "test accuracy " + r.testAccuracy());
    assertArrayEquals(new int[] {125, 377, 628, 879, 1131}, r.trainSizes());
    // Book: a plot only, "the test score is still rising"; the small sets are learned completely.
    double[] test = r.testScores();
    assertTrue(test[4] > test[0] + 0.02, "test scores " + java.util.Arrays.toString(test));
    assertTrue(test[4] >= 0.94, "test score at 1131 rows " + test[4]);
    assertTrue(r.trainScores()[0] >= 0.99, "train score at 125 rows " + r.trainScores()[0]);
    assertPlot(r.plot(), 8);
  }

  @Test
  void overfittingRemedies() {
    // The programs run 5 (base) and 3 repeats of 40 epochs (batch norm: 15 epochs of batch 32);
    // here one run of 12 epochs each (batch norm 4), about 30 s on 2 cores.
    DigitsOverfitting.Result r =
        DigitsOverfitting.run(digits, out, List.of(Remedy.values()), 1, 12, 0, false);
    // The base network: 64*1024+1024 + 2*(1024*1024+1024) + 1024*10+10 (derived in the book).
    for (Remedy m : List.of(Remedy.BASE, Remedy.L2, Remedy.DROPOUT, Remedy.DROPOUT_MAX_NORM)) {
      assertEquals(2_176_010, r.of(m).params(), m + " params");
    }
    // Batch norm adds 4 x channels: 3 x 4096 + 40.
    assertEquals(2_188_338, r.of(Remedy.BATCH_NORM).params());
    assertTrue(r.of(Remedy.BASE).summary().contains("2,176,010"), r.of(Remedy.BASE).summary());
    for (DigitsOverfitting.Run run : r.runs()) {
      RepeatTrain.Curves c = run.curves();
      assertEquals(1, c.repeats());
      assertTrue(c.finalTest() >= 0.9, run.remedy() + " test accuracy " + c.finalTest());
      assertPlot(run.plot(), 8);
    }
    // Book: the base model overfits (train above test) ...
    RepeatTrain.Curves base = r.of(Remedy.BASE).curves();
    assertTrue(base.finalTrain() >= 0.99, "base train " + base.finalTrain());
    assertTrue(base.finalTrain() > base.finalTest(), "base train vs test");
    // ... and with dropout the train score (measured with dropout on) is below the test score.
    RepeatTrain.Curves drop = r.of(Remedy.DROPOUT).curves();
    assertTrue(drop.finalTrain() < drop.finalTest(), "dropout train vs test");
  }

  @Test
  void augmentationDemo() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    AugmentationDemo.Result r;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r = AugmentationDemo.run(data(), out, 7L);
    } finally {
      System.setOut(stdout);
    }
    assertTrue(
        buf.toString(StandardCharsets.UTF_8).contains("Found 1 images belonging to 1 classes."),
        buf.toString(StandardCharsets.UTF_8));
    assertEquals(1, r.samples());
    assertEquals(1, r.classes());
    assertArrayEquals(new long[] {1, 128, 128, 3}, r.batchShape());
    assertEquals(15, r.distinct(), "every draw is a new augmentation");
    assertPlot(r.plot(), 200);
  }

  @Test
  void augmentedDigits() {
    // The program runs 3 repeats of 40 epochs (5 steps of 256 each); here one run of 15 epochs.
    DigitsAugmented.Result r = DigitsAugmented.run(digits, out, 1, 15, 0, false);
    assertArrayEquals(new long[] {1257, 8, 8, 1}, r.trainShape());
    assertArrayEquals(new long[] {32, 8, 8, 1}, r.flowBatchShape(), "flow's default batch");
    assertEquals(2_176_010, r.params());
    assertEquals(15, r.curves().meanVal().length);
    assertTrue(r.curves().finalTest() >= 0.93, "test accuracy " + r.curves().finalTest());
    assertPlot(r.plot(), 8);
  }
}
