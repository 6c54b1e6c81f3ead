package dev.myelin.models;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.optimizers.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A small CNN's traced training step replays and equals the eager step bit for bit. */
@ExtendWith(TensorScopePerTest.class)
class ConvTracedStepTest {
  @Test
  void smallConv2dModelTrainsTracedExactlyAsEager() {
    Myelin.setSeed(5);
    Tensor x = Tensor.randomNormal(new long[] {40, 8, 8, 1}, 0, 1, DType.FLOAT32);
    Tensor y = x.sum(1).sum(1).gt(0.0).cast(DType.FLOAT32).reshape(40, 1);
    TracedStepTest.compare(
        () -> {
          Sequential m = new Sequential();
          m.add(new Conv2D(4, 3).activation("relu").inputShape(8, 8, 1));
          m.add(new Conv2D(3, 3).strides(2).padding("same").activation("tanh"));
          m.add(new Flatten());
          m.add(new Dense(1).activation("sigmoid"));
          m.compile(new Adam(0.01), "binary_crossentropy", "accuracy");
          return m;
        },
        x,
        y,
        TracedStepTest.opts(2, 16),
        2);
  }
}
