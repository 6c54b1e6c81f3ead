package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.layers.SeparableConv2D;
import dev.myelin.layers.UpSampling2D;
import dev.myelin.optimizers.Adam;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A channels-first CNN's traced training step runs the native channels-first kernels: it trains
 * exactly as eagerly, and its plan holds as many native calls as its channels-last twin's (a
 * permutation around each convolution and pooling, forward and backward, would add calls).
 */
@ExtendWith(TensorScopePerTest.class)
class ChannelsFirstTracedStepTest {
  /** Conv2D -> MaxPooling2D -> SeparableConv2D -> GlobalAveragePooling2D -> Dense in a format. */
  private static Supplier<Model> cnn(String format, long... inputShape) {
    return () -> {
      Sequential m = new Sequential();
      m.add(new Conv2D(4, 3).activation("relu").dataFormat(format).inputShape(inputShape));
      m.add(new MaxPooling2D(2).padding("same").dataFormat(format));
      m.add(new SeparableConv2D(3, 3).padding("same").activation("tanh").dataFormat(format));
      m.add(new GlobalAveragePooling2D().dataFormat(format));
      m.add(new Dense(1).activation("sigmoid"));
      m.compile(new Adam(0.01), "binary_crossentropy", "accuracy");
      return m;
    };
  }

  private static long nativeCalls(List<String> steps) {
    Function<String, Long> calls =
        s -> Long.parseLong(s.substring("replayable, ".length(), s.indexOf(" native calls")));
    return calls.apply(steps.get(0));
  }

  @Test
  void channelsFirstStepRecordsNoPermutationAndTrainsAsEager() {
    Myelin.setSeed(5);
    Tensor last = Tensor.randomNormal(new long[] {32, 9, 9, 2}, 0, 1, DType.FLOAT32);
    Tensor first = last.permute(0, 3, 1, 2);
    Tensor y = last.sum(1).sum(1).sum(1).gt(0.0).cast(DType.FLOAT32).reshape(32, 1);
    TracedStepTest.Run cf =
        TracedStepTest.compare(
            cnn("channels_first", 2, 9, 9), first, y, TracedStepTest.opts(2, 16), 1);
    TracedStepTest.Run cl =
        TracedStepTest.compare(
            cnn("channels_last", 9, 9, 2), last, y, TracedStepTest.opts(2, 16), 1);
    long cfCalls = nativeCalls(cf.model().tracedSteps());
    long clCalls = nativeCalls(cl.model().tracedSteps());
    assertEquals(clCalls, cfCalls, "native calls of the channels-first step vs channels-last");
    // the same weights on the same (permuted) data give the same losses in both formats
    for (int i = 0; i < cf.batches().size(); i++) {
      assertEquals(
          cl.batches().get(i).get(2), cf.batches().get(i).get(2), 1e-4, "batch " + i + " loss");
    }
  }

  /** Conv2D -> bilinear UpSampling2D -> GlobalAveragePooling2D -> Dense in a format. */
  private static Supplier<Model> upsampling(String format, long... inputShape) {
    return () -> {
      Sequential m = new Sequential();
      m.add(new Conv2D(3, 3).activation("relu").dataFormat(format).inputShape(inputShape));
      m.add(new UpSampling2D(2, 3).interpolation("bilinear").dataFormat(format));
      m.add(new GlobalAveragePooling2D().dataFormat(format));
      m.add(new Dense(1).activation("sigmoid"));
      m.compile(new Adam(0.01), "binary_crossentropy", "accuracy");
      return m;
    };
  }

  @Test
  void channelsFirstBilinearUpSamplingRecordsNoPermutation() {
    Myelin.setSeed(6);
    Tensor last = Tensor.randomNormal(new long[] {16, 7, 6, 2}, 0, 1, DType.FLOAT32);
    Tensor first = last.permute(0, 3, 1, 2);
    Tensor y = last.sum(1).sum(1).sum(1).gt(0.0).cast(DType.FLOAT32).reshape(16, 1);
    TracedStepTest.Run cf =
        TracedStepTest.compare(
            upsampling("channels_first", 2, 7, 6), first, y, TracedStepTest.opts(2, 8), 1);
    TracedStepTest.Run cl =
        TracedStepTest.compare(
            upsampling("channels_last", 7, 6, 2), last, y, TracedStepTest.opts(2, 8), 1);
    // a permutation around the resize, forward and backward, would add calls to the first plan
    assertEquals(
        nativeCalls(cl.model().tracedSteps()),
        nativeCalls(cf.model().tracedSteps()),
        "native calls of the channels-first step vs channels-last");
    for (int i = 0; i < cf.batches().size(); i++) {
      assertEquals(
          cl.batches().get(i).get(2), cf.batches().get(i).get(2), 1e-4, "batch " + i + " loss");
    }
  }
}
