package dev.myelin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuickstartTest {
  @Test
  void booksFirstModelSeparatesTheCircles() {
    Quickstart.Result r = Quickstart.train(42, 0);
    assertTrue(r.accuracy() >= 0.95, "accuracy " + r.accuracy());
    assertTrue(r.finalLoss() < r.firstLoss(), "loss " + r.firstLoss() + " -> " + r.finalLoss());
    assertTrue(r.finalLoss() < 0.3, "final loss " + r.finalLoss());
  }

  @Test
  void sameSeedSameRun() {
    assertEquals(Quickstart.train(7, 0), Quickstart.train(7, 0));
  }
}
