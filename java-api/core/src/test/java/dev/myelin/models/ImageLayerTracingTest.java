package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.CenterCrop;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Layer;
import dev.myelin.layers.RandomTranslation;
import dev.myelin.layers.Rescaling;
import dev.myelin.layers.Resizing;
import dev.myelin.models.StepContextTest.Observed;
import dev.myelin.optimizers.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Training through the image preprocessing layers: the deterministic ones (Rescaling, Resizing,
 * CenterCrop) are recorded into traced plans that replay bit for bit like the eager step; a random
 * augmentation draws its parameters with native random ops, so its steps stay eager (as Dropout's
 * do).
 */
@ExtendWith(TensorScopePerTest.class)
class ImageLayerTracingTest {
  private static Observed imageModel(Layer augmentation, boolean eager) {
    Myelin.setSeed(12);
    KerasTensor in = Input.of(6, 8, 3);
    KerasTensor h = new Rescaling(1.0 / 255).apply(in);
    h = new Resizing(5, 4).apply(h);
    h = new CenterCrop(3, 3).apply(h);
    if (augmentation != null) {
      h = augmentation.apply(h);
    }
    Observed m = new Observed(in, new Dense(2).apply(new Flatten().apply(h)));
    m.compile(new SGD(0.05), "mse");
    m.runEagerly(eager);
    return m;
  }

  @Test
  void deterministicImageLayersReplayTracedStepsBitForBitAndRandomOnesStayEager() {
    Tensor x = Tensor.randomUniform(new long[] {12, 6, 8, 3}, 0, 255, DType.FLOAT32);
    Tensor y = Tensor.randomUniform(new long[] {12, 2}, 0, 1, DType.FLOAT32);
    FitOptions o = new FitOptions().batchSize(4).epochs(2).shuffle(false).verbose(0);
    Observed traced = imageModel(null, false);
    Observed eager = imageModel(null, true);
    traced.fit(x, y, o);
    eager.fit(x, y, o);
    assertEquals(StepContext.Trace.RECORDING, traced.traces.get(0));
    assertTrue(
        traced.traces.subList(1, 6).stream().allMatch(t -> t == StepContext.Trace.REPLAYING));
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(
          eager.getWeights().get(i).toFloatArray(), traced.getWeights().get(i).toFloatArray(), 0f);
    }
    Observed random = imageModel(new RandomTranslation(0.2, 0.2), false);
    random.fit(x, y, o);
    assertFalse(random.traces.contains(StepContext.Trace.REPLAYING), random.traces.toString());
  }
}
