package dev.myelin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogisticTapeTest {
  @Test
  void lossFallsAndTheClassesSeparate() {
    LogisticTape.Result r = LogisticTape.train(1000, 100, 0.5, 42, false);
    assertEquals(Math.log(2), r.firstLoss(), 1e-6, "zero weights predict 0.5 everywhere");
    assertTrue(r.finalLoss() < 0.25, "final loss " + r.finalLoss());
    // Two unit-variance clouds 2*sqrt(2) apart: the Bayes accuracy is Phi(sqrt 2) = 0.921.
    assertTrue(r.accuracy() > 0.89 && r.accuracy() < 0.95, "accuracy " + r.accuracy());
  }

  @Test
  void sameSeedSameRun() {
    assertEquals(
        LogisticTape.train(200, 20, 0.5, 7, false), LogisticTape.train(200, 20, 0.5, 7, false));
  }
}
