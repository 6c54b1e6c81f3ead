package dev.myelin.models;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.optimizers.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A CNN with fused batch normalization (channels last and, after a channels_first convolution, on
 * axis 1, with and without scale and offset) trains traced exactly as eager: weights, moving
 * statistics and history bit for bit.
 */
@ExtendWith(TensorScopePerTest.class)
class BatchNormTracedStepTest {
  @Test
  void convBatchNormModelTrainsTracedExactlyAsEager() {
    Myelin.setSeed(8);
    Tensor x = Tensor.randomNormal(new long[] {40, 2, 8, 8}, 0, 1, DType.FLOAT32);
    Tensor y = x.sum(1).sum(1).sum(1).gt(0.0).cast(DType.FLOAT32).reshape(40, 1);
    TracedStepTest.compare(
        () -> {
          Sequential m = new Sequential();
          m.add(new Conv2D(4, 3).dataFormat("channels_first").inputShape(2, 8, 8));
          m.add(new BatchNormalization().axis(1));
          m.add(new MaxPooling2D(2).dataFormat("channels_first"));
          m.add(new Conv2D(3, 2).activation("relu"));
          m.add(new BatchNormalization().center(false));
          m.add(new BatchNormalization().scale(false).momentum(0.9));
          m.add(new Flatten().dataFormat("channels_first"));
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
