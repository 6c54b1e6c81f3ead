package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.constraints.NonNeg;
import dev.myelin.layers.Dense;
import dev.myelin.optimizers.SGD;
import dev.myelin.regularizers.L2;
import org.junit.jupiter.api.Test;

class RegularizationTest {
  @Test
  void kernelPenaltyIsAddedToTheLoss() {
    try (TensorScope scope = new TensorScope()) {
      Sequential m = new Sequential();
      m.add(new Dense(1).kernelInitializer("ones").kernelRegularizer(new L2(0.1)).inputShape(2));
      m.compile(new SGD(0.0), "mse");
      Tensor x = Tensor.of(new float[][] {{1, 2}, {0, 1}});
      Tensor y = Tensor.of(new float[][] {{3}, {0}});
      // predictions 3 and 1: mse = (0 + 1) / 2 = 0.5; penalty 0.1 * (1 + 1) = 0.2
      assertEquals(0.7, m.testOnBatch(x, y)[0], 1e-6);
      assertEquals(1, m.regularizationLosses().size());
    }
  }

  @Test
  void activityPenaltyAndConstraint() {
    try (TensorScope scope = new TensorScope()) {
      Sequential m = new Sequential();
      m.add(
          new Dense(1)
              .kernelInitializer("ones")
              .activityRegularizer(new L2(0.5))
              .kernelConstraint(new NonNeg())
              .inputShape(2));
      m.compile(new SGD(10.0), "mse");
      Tensor x = Tensor.of(new float[][] {{1, 1}});
      Tensor y = Tensor.of(new float[][] {{-10}});
      // output 2: mse 144, activity penalty 0.5 * 4 / batch 1 = 2
      assertEquals(146.0, m.testOnBatch(x, y)[0], 1e-4);
      m.trainOnBatch(x, y);
      for (float w : m.getWeights().get(0).toFloatArray()) {
        assertTrue(w >= 0f, "kernel after NonNeg " + w);
      }
      assertEquals(0f, m.getWeights().get(0).toFloatArray()[0], 0f);
    }
  }
}
