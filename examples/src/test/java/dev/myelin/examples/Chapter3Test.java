package dev.myelin.examples;

import static dev.myelin.examples.BookFixtures.assertClose;
import static dev.myelin.examples.BookFixtures.assertPlot;
import static dev.myelin.examples.BookFixtures.data;
import static dev.myelin.examples.BookFixtures.round;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Book chapter 3 (figures in shared/spec/book-examples.md sections 2 and 3). */
class Chapter3Test {
  @TempDir Path out;

  @Test
  void linearRegression() {
    LinearRegression.Result r = LinearRegression.run(data(), out, 40, 50, false);
    // The manual cost for given weights: exact up to summation order.
    assertClose(27093.83757456157, r.mse00(), 1e-9, "MSE w=0 b=0");
    assertClose(1457.1224504786412, r.mse20(), 1e-9, "MSE w=2 b=0");
    assertClose(708.9129575511095, r.mse2_20(), 1e-9, "MSE w=2 b=20");
    assertEquals("0.802", round(r.r2PrintedWeights(), 3), "R2 of the book's W and B");
    assertEquals(8000, r.trainSize());
    assertEquals(2000, r.testSize());
    // Training (stochastic): the book's w 7.58, b -348.8, R2 0.802; then 0.851/0.843.
    assertTrue(r.r2() >= 0.78, "R2 " + r.r2());
    assertTrue(r.w() > 6 && r.w() < 9, "w " + r.w());
    assertTrue(r.r2Train() >= 0.80 && r.r2Test() >= 0.80, r.r2Train() + " / " + r.r2Test());
    assertTrue(Math.abs(r.r2Train() - r.r2Test()) <= 0.05, r.r2Train() + " / " + r.r2Test());
    assertTrue(r.mseTrain() > 140 && r.mseTrain() < 180, "train MSE " + r.mseTrain());
    assertTrue(r.mseTest() > 140 && r.mseTest() < 180, "test MSE " + r.mseTest());
    assertPlot(r.plot(), 8);
  }

  @Test
  void logisticRegression() {
    LogisticRegression.Result r = LogisticRegression.run(data(), out, 25, false);
    // With the book's printed weights the figures are exact.
    assertEquals(0.83, r.bookAccuracy(), 1e-12);
    assertArrayEquals(new long[] {40, 10}, r.bookCm().counts()[0]);
    assertArrayEquals(new long[] {7, 43}, r.bookCm().counts()[1]);
    assertEquals("0.811", round(r.bookPrecision(), 3));
    assertEquals("0.860", round(r.bookRecall(), 3));
    assertEquals("0.835", round(r.bookF1(), 3));
    assertTrue(
        r.bookReport().matches("(?s).*0\\s+0\\.85\\s+0\\.80\\s+0\\.82\\s+50.*"), r.bookReport());
    assertTrue(
        r.bookReport().matches("(?s).*1\\s+0\\.81\\s+0\\.86\\s+0\\.83\\s+50.*"), r.bookReport());
    assertEquals(0.5, r.zeroAccuracy(), 0.0, "zero weights give sigmoid(0) = 0.5 everywhere");
    assertEquals(80, r.trainSize());
    assertEquals(20, r.testSize());
    // Training (book: 0.84 after 25 epochs; split 0.825 / 0.850).
    assertTrue(r.trainedAccuracy() >= 0.75, "trained accuracy " + r.trainedAccuracy());
    assertTrue(r.splitTrainAccuracy() >= 0.75, "split train " + r.splitTrainAccuracy());
    assertTrue(r.splitTestAccuracy() >= 0.7, "split test " + r.splitTestAccuracy());
    assertPlot(r.plot(), 8);
  }

  @Test
  void crossValidationArithmeticOfTheBooksScores() {
    double[] ms = CrossValidation.meanStd(new double[] {25.0 / 34, 29.0 / 33, 26.0 / 33});
    assertEquals("0.8007 ± 0.0593", round(ms[0], 4) + " ± " + round(ms[1], 4));
  }

  @Test
  void crossValidation() {
    CrossValidation.Result r = CrossValidation.run(data(), 25, 0L, false);
    assertEquals(3, r.scores().length);
    assertArrayEquals(new int[] {34, 33, 33}, r.foldSizes());
    assertTrue(r.mean() >= 0.7, "mean " + r.mean());
    // KerasClassifier.score is evaluate's accuracy: a whole number of right answers per fold.
    for (int k = 0; k < 3; k++) {
      double right = r.scores()[k] * r.foldSizes()[k];
      assertEquals(Math.rint(right), right, 1e-4, "fold " + k + " score " + r.scores()[k]);
    }
    assertTrue(
        r.precision() > 0.6 && r.recall() > 0.6 && r.f1() > 0.6,
        r.precision() + " " + r.recall() + " " + r.f1());
    assertTrue(r.report().contains("support"), r.report());
  }

  @Test
  void featureEngineering() {
    FeatureEngineering.Result r = FeatureEngineering.run(data(), out, 20, 0);
    assertEquals(List.of("Gender_Female", "Gender_Male"), r.genderDummies());
    var d = r.scaledDescribe();
    assertEquals(-3.01, d.get("Weight_ss").locDouble("min"), 1e-9);
    assertEquals(3.38, d.get("Weight_ss").locDouble("max"), 1e-9);
    assertEquals(-3.15, d.get("Height_ss").locDouble("min"), 1e-9);
    assertEquals(3.28, d.get("Height_ss").locDouble("max"), 1e-9);
    assertEquals(0.49, d.get("Height_mms").locDouble("mean"), 1e-9);
    assertEquals(0.47, d.get("Weight_mms").locDouble("mean"), 1e-9);
    assertEquals(1.0, d.get("Height_ss").locDouble("std"), 1e-9);
    // Rescaling makes the same linear model train (the exercise's point).
    assertTrue(
        r.housingScaledR2() > r.housingRawR2(), r.housingRawR2() + " -> " + r.housingScaledR2());
    assertEquals(20, r.hrFeatures());
    assertEquals(11428.0 / 14999, r.hrBenchmark(), 1e-12, "share of employees who stayed");
    assertTrue(r.hrTestAccuracy() >= 0.7, "HR accuracy " + r.hrTestAccuracy());
    assertPlot(r.plot(), 8);
  }
}
