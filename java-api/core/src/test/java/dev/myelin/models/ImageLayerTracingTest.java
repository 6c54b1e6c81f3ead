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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training through the image preprocessing layers: the deterministic ones (Rescaling, Resizing,
 * CenterCrop) are recorded into traced plans that replay bit for bit like the eager step; a random
 * augmentation draws its parameters with native random ops, so its steps stay eager (as Dropout's
 * do). Both data formats.
 */
@ExtendWith(TensorScopePerTest.class)
class ImageLayerTracingTest {
  private static Observed imageModel(Layer augmentation, boolean eager, String format) {
    Myelin.setSeed(12);
    boolean first = format.equals("channels_first");
    KerasTensor in = first ? Input.of(3, 6, 8) : Input.of(6, 8, 3);
    KerasTensor h = new Rescaling(1.0 / 255).apply(in);
    h = new Resizing(5, 4).dataFormat(format).apply(h);
    h = new CenterCrop(3, 3).dataFormat(format).apply(h);
    if (augmentation != null) {
      h = augmentation.apply(h);
    }
    Observed m = new Observed(in, new Dense(2).apply(new Flatten().dataFormat(format).apply(h)));
    m.compile(new SGD(0.05), "mse");
    m.runEagerly(eager);
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"channels_last", "channels_first"})
  void deterministicImageLayersReplayTracedStepsBitForBitAndRandomOnesStayEager(String format) {
    long[] shape =
        format.equals("channels_first") ? new long[] {12, 3, 6, 8} : new long[] {12, 6, 8, 3};
    Tensor x = Tensor.randomUniform(shape, 0, 255, DType.FLOAT32);
    Tensor y = Tensor.randomUniform(new long[] {12, 2}, 0, 1, DType.FLOAT32);
    FitOptions o = new FitOptions().batchSize(4).epochs(2).shuffle(false).verbose(0);
    Observed traced = imageModel(null, false, format);
    Observed eager = imageModel(null, true, format);
    traced.fit(x, y, o);
    eager.fit(x, y, o);
    assertEquals(StepContext.Trace.RECORDING, traced.traces.get(0));
    assertTrue(
        traced.traces.subList(1, 6).stream().allMatch(t -> t == StepContext.Trace.REPLAYING));
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(
          eager.getWeights().get(i).toFloatArray(), traced.getWeights().get(i).toFloatArray(), 0f);
    }
    Observed random = imageModel(new RandomTranslation(0.2, 0.2).dataFormat(format), false, format);
    random.fit(x, y, o);
    assertFalse(random.traces.contains(StepContext.Trace.REPLAYING), random.traces.toString());
  }
}
