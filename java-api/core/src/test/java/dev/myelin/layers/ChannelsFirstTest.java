package dev.myelin.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.TensorScopePerTest;
import dev.myelin.Variable;
import dev.myelin.autodiff.GradientTape;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer with {@code data_format="channels_first"} computes what its channels-last twin (same
 * weights) computes on the transposed input, and its input gradient matches central finite
 * differences. Keras's own predictions are checked in ChannelsFirstSavingTest.
 */
@ExtendWith(TensorScopePerTest.class)
class ChannelsFirstTest {
  /** A layer made in either format, and its channels-first input shape. */
  record Case(String name, Function<String, Layer> make, long[] shape) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("Conv1D", f -> new Conv1D(3, 2).dataFormat(f), new long[] {2, 3, 5}),
        new Case(
            "Conv2D same strided",
            f -> new Conv2D(3, 3).strides(2).padding("same").dataFormat(f),
            new long[] {2, 2, 5, 4}),
        new Case("Conv3D", f -> new Conv3D(2, 2).dataFormat(f), new long[] {1, 2, 3, 3, 3}),
        new Case(
            "Conv2DTranspose",
            f -> new Conv2DTranspose(2, 2).strides(2).dataFormat(f),
            new long[] {2, 3, 3, 2}),
        new Case(
            "DepthwiseConv2D", f -> new DepthwiseConv2D(2).dataFormat(f), new long[] {2, 3, 4, 4}),
        new Case(
            "SeparableConv2D",
            f -> new SeparableConv2D(2, 2).dataFormat(f),
            new long[] {2, 3, 4, 4}),
        new Case(
            "MaxPooling2D",
            f -> new MaxPooling2D(2).padding("same").dataFormat(f),
            new long[] {2, 3, 5, 4}),
        new Case(
            "AveragePooling1D",
            f -> new AveragePooling1D(2).strides(1).dataFormat(f),
            new long[] {2, 3, 5}),
        new Case(
            "MaxPooling3D", f -> new MaxPooling3D(2).dataFormat(f), new long[] {1, 2, 4, 4, 2}),
        new Case(
            "UpSampling2D bilinear",
            f -> new UpSampling2D(2, 3).interpolation("bilinear").dataFormat(f),
            new long[] {2, 3, 2, 3}),
        new Case(
            "UpSampling2D nearest",
            f -> new UpSampling2D(2).dataFormat(f),
            new long[] {1, 2, 2, 3}),
        new Case(
            "ZeroPadding2D",
            f -> new ZeroPadding2D(new long[][] {{1, 0}, {0, 2}}).dataFormat(f),
            new long[] {2, 3, 2, 3}),
        new Case("ZeroPadding1D", f -> new ZeroPadding1D(2).dataFormat(f), new long[] {2, 3, 4}),
        new Case(
            "Cropping2D",
            f -> new Cropping2D(new long[][] {{1, 0}, {0, 1}}).dataFormat(f),
            new long[] {2, 3, 4, 4}),
        new Case(
            "GlobalAveragePooling2D",
            f -> new GlobalAveragePooling2D().dataFormat(f),
            new long[] {2, 3, 2, 3}),
        new Case(
            "GlobalMaxPooling3D keepdims",
            f -> new GlobalMaxPooling3D().keepdims(true).dataFormat(f),
            new long[] {2, 3, 2, 2, 2}));
  }

  /** Evenly spaced distinct values in a fixed shuffle (no ties for max pooling). */
  private static Tensor input(long[] shape, long seed) {
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i - n / 2) * 0.07f;
    }
    Random r = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      float t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    return Tensor.fromArray(v, shape);
  }

  /** The same weights in both layers (the kernel layout does not depend on the data format). */
  private static void copyWeights(Layer from, Layer to) {
    List<Variable> a = from.weights();
    List<Variable> b = to.weights();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      b.get(i).assign(a.get(i).value());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void channelsFirstEqualsChannelsLastOnTheTransposedInput(Case c) {
    Myelin.setSeed(3);
    Layer first = c.make().apply("channels_first");
    Layer last = c.make().apply("channels_last");
    Tensor x = input(c.shape(), 11);
    Tensor y = first.apply(x);
    Tensor xl = DataFormat.toLast(x, true);
    last.ensureBuilt(new long[][] {xl.shape()});
    copyWeights(first, last);
    Tensor expected = DataFormat.toFirst(last.apply(xl), true);
    assertArrayEquals(expected.shape(), y.shape(), c.name());
    assertArrayEquals(
        first.computeOutputShape(new long[][] {c.shape()}), y.shape(), c.name() + " shape");
    assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), 1e-5f, c.name());
    assertEquals("channels_first", first.getConfig().get("data_format"), c.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void inputGradientMatchesFiniteDifferences(Case c) {
    Myelin.setSeed(5);
    Layer layer = c.make().apply("channels_first");
    layer.ensureBuilt(new long[][] {c.shape()});
    check(c.name(), x -> layer.call(new Tensor[] {x}, true), input(c.shape(), 13));
  }

  @Test
  void batchNormalizationOnAxisOneTrainsWithChannelStatistics() {
    BatchNormalization bn = new BatchNormalization().axis(1);
    Tensor x = input(new long[] {3, 2, 2, 3}, 17);
    bn.ensureBuilt(new long[][] {x.shape()});
    check("BatchNormalization(axis=1)", t -> bn.call(new Tensor[] {t}, true), x);
    // each channel of the normalized batch has mean 0 over the batch and both spatial axes
    float[] y = bn.call(new Tensor[] {x}, true).toFloatArray();
    for (int ch = 0; ch < 2; ch++) {
      double s = 0;
      for (int b = 0; b < 3; b++) {
        for (int k = 0; k < 6; k++) {
          s += y[b * 12 + ch * 6 + k];
        }
      }
      assertEquals(0, s / 18, 1e-5, "channel " + ch);
    }
  }

  @Test
  void flattenChannelsFirstOrdersLikeChannelsLast() {
    Tensor x = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
    // (batch, channels=2, steps=3) moves to (1, 3, 2) before flattening, as Keras does
    assertArrayEquals(
        new float[] {1, 4, 2, 5, 3, 6},
        new Flatten().dataFormat("channels_first").apply(x).toFloatArray(),
        0f);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, new Flatten().apply(x).toFloatArray(), 0f);
  }

  @Test
  void otherDataFormatsAreRefusedNamingTheArgument() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3).dataFormat("nchw"));
    assertEquals(
        "Conv2D: argument 'data_format' expected \"channels_last\" or \"channels_first\" but was"
            + " \"nchw\"",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(2).dataFormat("NHWC"));
  }

  /** Central differences of sum(w * f(x)) against the tape's gradient, in float32. */
  private static void check(String name, Function<Tensor, Tensor> f, Tensor x0) {
    float[] x = x0.toFloatArray();
    long[] shape = x0.shape();
    double[] w;
    float[] g;
    try (GradientTape tape = new GradientTape()) {
      Tensor in = Tensor.fromArray(x, shape);
      tape.watch(in);
      Tensor y = f.apply(in);
      Random rnd = new Random(9);
      w = new double[(int) y.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = rnd.nextDouble() * 2 - 1;
      }
      Tensor l = y.mul(Tensor.fromArray(w, y.shape()).cast(DType.FLOAT32)).sum();
      g = tape.gradient(l, new Tensor[] {in})[0].toFloatArray();
    }
    Supplier<Double> loss =
        () -> {
          try (TensorScope s = new TensorScope()) {
            float[] y = f.apply(Tensor.fromArray(x, shape)).toFloatArray();
            double acc = 0;
            for (int i = 0; i < y.length; i++) {
              acc += y[i] * w[i];
            }
            return acc;
          }
        };
    float eps = 1e-2f;
    for (int j = 0; j < x.length; j++) {
      float orig = x[j];
      x[j] = orig + eps;
      double lp = loss.get();
      x[j] = orig - eps;
      double lm = loss.get();
      x[j] = orig;
      double num = (lp - lm) / (2 * eps);
      assertTrue(
          Math.abs(num - g[j]) <= 2e-2 * Math.max(1, Math.abs(num)),
          name + " element " + j + ": analytic " + g[j] + " numeric " + num);
    }
  }
}
