package dev.myelin.examples;

import static dev.myelin.examples.BookFixtures.assertPlot;
import static dev.myelin.examples.BookFixtures.data;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.callbacks.History;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Book chapters 4 and 5 (figures in shared/spec/book-examples.md sections 2 and 3). */
class Chapter4And5Test {
  @TempDir Path out;

  @Test
  void moonsShallowAndDeep() {
    MoonsShallowDeep.Result r = MoonsShallowDeep.run(out, 200, 100, 0);
    assertEquals(700, r.trainSize());
    assertEquals(300, r.testSize());
    // Book: shallow 0.847 on the test set; deep relu and tanh 1.000.
    assertTrue(r.shallow().test() >= 0.80 && r.shallow().test() <= 0.90, "" + r.shallow());
    assertTrue(r.relu().test() >= 0.95, "relu " + r.relu());
    assertTrue(r.tanh().test() >= 0.95, "tanh " + r.tanh());
    for (var s : List.of(r.shallow(), r.relu(), r.tanh())) {
      assertPlot(s.plot(), 20);
    }
  }

  @Test
  void irisMulticlass() {
    IrisMulticlass.Result r = IrisMulticlass.run(data(), out, 30, 0);
    assertArrayEquals(new double[] {1, 0, 0}, r.firstOneHot());
    assertEquals(120, r.trainSize());
    assertArrayEquals(new int[] {10, 10, 10}, r.testSupport(), "stratified test support");
    assertTrue(r.testAccuracy() >= 0.9, "test accuracy " + r.testAccuracy());
    assertTrue(r.report().contains("virginica"), r.report());
    assertPlot(r.plot(), 8);
  }

  @Test
  void banknotesGradientDescent() {
    Banknotes.Result r = Banknotes.run(data(), out, 20, 0);
    assertEquals(762, r.classCounts().locDouble(0));
    assertEquals(610, r.classCounts().locDouble(1));
    assertEquals(0.5553935860058309, r.majority(), 1e-15);
    assertEquals(960, r.trainSize());
    assertEquals(412, r.testSize());
    assertEquals(959, r.perPointLoss().length);
    assertEquals(60, r.miniBatchLoss().length);
    // Both loops descend (the book shows the two curves as plots only).
    for (double[] loss : new double[][] {r.perPointLoss(), r.miniBatchLoss()}) {
      int k = loss.length / 10;
      double early = mean(java.util.Arrays.copyOfRange(loss, 0, k));
      double late = mean(java.util.Arrays.copyOfRange(loss, loss.length - k, loss.length));
      assertTrue(late < early, "loss " + early + " -> " + late);
    }
    assertTrue(r.testAccuracy() >= 0.95, "book: 97.82 %; got " + r.testAccuracy());
    assertPlot(r.plot(), 8);
  }

  private static double mean(double[] v) {
    return java.util.Arrays.stream(v).average().orElse(Double.NaN);
  }

  private static double first(History h, String m) {
    return h.get(m).get(0);
  }

  private static double last(History h, String m) {
    return Book.last(h.get(m));
  }

  @Test
  void learningRates() {
    Map<String, History> h = LearningRates.run(data(), out, 10, 0);
    // Book, epoch 0 loss: 2.649 / 0.975 / 0.596 / 0.412; epoch 9: 0.146 / 0.063 / 0.045 / 0.030.
    History a = h.get("lr=0.01");
    History b = h.get("lr=0.05");
    History c = h.get("lr=0.1");
    History d = h.get("lr=0.5");
    assertTrue(first(a, "loss") > 2.0 && first(a, "loss") < 3.3, "lr 0.01 epoch 0 " + a);
    assertTrue(
        first(a, "loss") > first(b, "loss")
            && first(b, "loss") > first(c, "loss")
            && first(c, "loss") > first(d, "loss"),
        "epoch-0 loss falls with the rate " + h);
    assertTrue(last(a, "loss") > last(b, "loss") && last(b, "loss") > last(c, "loss"), "" + h);
    assertTrue(last(a, "loss") > 0.1 && last(a, "loss") < 0.2, "lr 0.01 epoch 9 " + a);
    for (History x : h.values()) {
      assertEquals(10, x.epoch().size());
      assertTrue(last(x, "accuracy") >= 0.93, "" + x);
    }
    assertPlot(out.resolve("loss.png"), 12);
    assertPlot(out.resolve("accuracy.png"), 12);
  }

  @Test
  void batchSizes() {
    Map<String, History> h = BatchSizes.run(data(), out, new int[] {4, 16, 64}, 20, 0);
    // Book, epoch 0 loss: batch 4 1.12, 16 2.65, 64 3.82; epoch 19: 0.049, 0.097, 0.239.
    History b4 = h.get("batch=4");
    History b16 = h.get("batch=16");
    History b64 = h.get("batch=64");
    assertTrue(
        first(b4, "loss") < first(b16, "loss") && first(b16, "loss") < first(b64, "loss"), "" + h);
    assertTrue(
        last(b4, "loss") < last(b16, "loss") && last(b16, "loss") < last(b64, "loss"), "" + h);
    assertTrue(last(b4, "accuracy") >= 0.95, "" + b4);
    assertPlot(out.resolve("loss.png"), 12);
  }

  @Test
  void optimizers() {
    Map<String, History> h = Optimizers.run(data(), out, 5, 0);
    assertEquals(6, h.size());
    // "some optimizers converge a lot faster than others": every loss falls, at rates that
    // differ by more than a factor of 2 at the end.
    double best = Double.MAX_VALUE;
    double worst = 0;
    for (var e : h.entrySet()) {
      List<Double> loss = e.getValue().get("loss");
      assertTrue(Book.last(loss) < loss.get(0), e.getKey() + " " + loss);
      best = Math.min(best, Book.last(loss));
      worst = Math.max(worst, Book.last(loss));
    }
    assertTrue(worst > 2 * best, "final losses from " + best + " to " + worst);
    assertPlot(out.resolve("loss.png"), 12);
    assertPlot(out.resolve("accuracy.png"), 12);
  }

  @Test
  void initializers() {
    Map<String, History> h = Initializers.run(data(), out, Initializers.INITS, 10, 0);
    assertEquals(7, h.size());
    // "some initializations don't even converge": all-zero weights cannot break the symmetry.
    assertTrue(last(h.get("zeros"), "accuracy") < 0.7, "zeros " + h.get("zeros"));
    for (String init : new String[] {"lecun_uniform", "he_normal", "glorot_normal"}) {
      assertTrue(last(h.get(init), "accuracy") >= 0.9, init + " " + h.get(init));
    }
    assertPlot(out.resolve("loss.png"), 12);
  }

  @Test
  void innerLayer() {
    InnerLayer.Result r = InnerLayer.run(data(), out, 20, 25, 0, false);
    assertArrayEquals(new long[] {10, 3, 13}, r.params());
    assertArrayEquals(new long[] {412, 2}, r.featureShape());
    assertEquals(25, r.testAccuracy().length);
    assertTrue(r.testAccuracy()[24] >= 0.9, "test accuracy " + r.testAccuracy()[24]);
    assertPlot(r.plot(), 8);
  }
}
