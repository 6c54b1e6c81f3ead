package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autodiff.GradientTape;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolutions through the tape: gradients for input, kernel and bias against central finite
 * differences (float64, eps 1e-6, relative tolerance 1e-6), shapes of Keras's padding rules and the
 * errors for bad arguments.
 */
class ConvOpsTest {
  private static final double EPS = 1e-6;
  private static final double TOL = 1e-6;

  /** A case: x, kernel and bias shapes and the op over the three tensors. */
  record Case(String name, long[] x, long[] k, long[] b, Function<Tensor[], Tensor> f) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case(
            "conv1d_stride_dilation_causal",
            new long[] {2, 9, 3},
            new long[] {3, 3, 2},
            new long[] {2},
            t -> t[0].conv(t[1], t[2], ConvOptions.DEFAULT.dilationRate(2).padding("causal"))),
        new Case(
            "conv1d_stride2_same",
            new long[] {2, 7, 2},
            new long[] {3, 2, 4},
            new long[] {4},
            t -> t[0].conv(t[1], t[2], ConvOptions.DEFAULT.strides(2).padding("same"))),
        new Case(
            "conv2d_same_stride_relu",
            new long[] {2, 6, 5, 2},
            new long[] {3, 3, 2, 3},
            new long[] {3},
            t ->
                t[0].conv(
                    t[1],
                    t[2],
                    ConvOptions.DEFAULT.strides(2, 1).padding("same").activation("tanh"))),
        new Case(
            "conv2d_groups_dilation",
            new long[] {1, 7, 6, 4},
            new long[] {2, 3, 2, 6},
            new long[] {6},
            t -> t[0].conv(t[1], t[2], ConvOptions.DEFAULT.groups(2).dilationRate(2, 1))),
        new Case(
            "conv3d_same",
            new long[] {1, 4, 3, 5, 2},
            new long[] {2, 2, 3, 2, 2},
            new long[] {2},
            t -> t[0].conv(t[1], t[2], ConvOptions.DEFAULT.padding("same").activation("sigmoid"))),
        new Case(
            "conv2d_transpose_same",
            new long[] {2, 3, 4, 3},
            new long[] {3, 3, 2, 3},
            new long[] {2},
            t -> t[0].convTranspose(t[1], t[2], ConvOptions.DEFAULT.strides(2).padding("same"))),
        new Case(
            "conv2d_transpose_valid_dilated",
            new long[] {1, 3, 3, 2},
            new long[] {2, 3, 2, 2},
            new long[] {2},
            t ->
                t[0].convTranspose(
                    t[1], t[2], ConvOptions.DEFAULT.dilationRate(2, 1).activation("relu"))),
        new Case(
            "conv2d_transpose_output_padding",
            new long[] {1, 3, 2, 2},
            new long[] {2, 3, 2, 2},
            new long[] {2},
            t ->
                t[0].convTranspose(
                    t[1],
                    t[2],
                    ConvOptions.DEFAULT.strides(3, 2).padding("same").outputPadding(2, 1))),
        // channels first, natively (x and outputs (N, C, spatial...); kernels as above)
        new Case(
            "cf_conv1d_dilation_causal",
            new long[] {2, 3, 9},
            new long[] {3, 3, 2},
            new long[] {2},
            t -> t[0].conv(t[1], t[2], CF.dilationRate(2).padding("causal"))),
        new Case(
            "cf_conv1d_stride2_same",
            new long[] {2, 2, 7},
            new long[] {3, 2, 4},
            new long[] {4},
            t -> t[0].conv(t[1], t[2], CF.strides(2).padding("same"))),
        new Case(
            "cf_conv1d_valid_stride_dilation",
            new long[] {1, 2, 11},
            new long[] {3, 2, 3},
            new long[] {3},
            t -> t[0].conv(t[1], t[2], CF.strides(2).dilationRate(2).activation("relu"))),
        new Case(
            "cf_conv2d_same_stride_tanh",
            new long[] {2, 2, 7, 5},
            new long[] {3, 3, 2, 3},
            new long[] {3},
            t -> t[0].conv(t[1], t[2], CF.strides(2, 1).padding("same").activation("tanh"))),
        new Case(
            "cf_conv2d_groups_dilation",
            new long[] {1, 4, 7, 6},
            new long[] {2, 3, 2, 6},
            new long[] {6},
            t -> t[0].conv(t[1], t[2], CF.groups(2).dilationRate(2, 1))),
        new Case(
            "cf_depthwise2d",
            new long[] {1, 3, 5, 5},
            new long[] {3, 3, 1, 6},
            new long[] {6},
            t -> t[0].conv(t[1], t[2], CF.groups(3).padding("same"))),
        new Case(
            "cf_conv3d_same_sigmoid",
            new long[] {1, 2, 4, 3, 5},
            new long[] {2, 2, 3, 2, 2},
            new long[] {2},
            t -> t[0].conv(t[1], t[2], CF.padding("same").activation("sigmoid"))),
        new Case(
            "cf_conv2d_transpose_same",
            new long[] {2, 3, 3, 4},
            new long[] {3, 3, 2, 3},
            new long[] {2},
            t -> t[0].convTranspose(t[1], t[2], CF.strides(2).padding("same"))),
        new Case(
            "cf_conv1d_transpose_valid_dilated_relu",
            new long[] {1, 2, 5},
            new long[] {3, 3, 2},
            new long[] {3},
            t -> t[0].convTranspose(t[1], t[2], CF.dilationRate(2).activation("relu"))));
  }

  private static final ConvOptions CF = ConvOptions.DEFAULT.dataFormat("channels_first");

  /**
   * float32 channels-first convolutions (oneDNN on nchw with its reorders) give the channels-last
   * results on the permuted tensors, for the output and all three gradients, and agree with
   * float64.
   */
  @Test
  void channelsFirstFloat32EqualsPermutedChannelsLast() {
    Random rnd = new Random(11);
    long[] xs = {2, 9, 7, 6};
    long[] ks = {3, 3, 2, 9};
    double[] xd = random(rnd, count(xs));
    double[] kd = random(rnd, count(ks));
    double[] bd = random(rnd, 9);
    ConvOptions o = ConvOptions.DEFAULT.strides(2, 1).padding("same").activation("relu").groups(3);
    try (TensorScope s = new TensorScope()) {
      Tensor x = Tensor.fromArray(xd, xs).cast(DType.FLOAT32);
      Tensor k = Tensor.fromArray(kd, ks).cast(DType.FLOAT32);
      Tensor b = Tensor.fromArray(bd, 9).cast(DType.FLOAT32);
      Tensor xf = x.permute(0, 3, 1, 2);
      double[][] last = grads(x, k, b, o);
      double[][] first = grads(xf, k, b, o.dataFormat("channels_first"));
      double[][] first64 =
          grads(
              xf.cast(DType.FLOAT64),
              k.cast(DType.FLOAT64),
              b.cast(DType.FLOAT64),
              o.dataFormat("channels_first"));
      Tensor gxLastAsFirst = Tensor.fromArray(last[0], xs).permute(0, 3, 1, 2);
      assertArrayEquals(gxLastAsFirst.toDoubleArray(), first[0], 1e-5, "input gradient");
      assertArrayEquals(last[1], first[1], 1e-4, "kernel gradient");
      assertArrayEquals(last[2], first[2], 1e-4, "bias gradient");
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(first64[i], first[i], 1e-4, "float64 gradient " + i);
      }
      Tensor y = x.conv(k, b, o).permute(0, 3, 1, 2);
      Tensor yf = xf.conv(k, b, o.dataFormat("channels_first"));
      assertArrayEquals(y.shape(), yf.shape());
      assertArrayEquals(
          y.cast(DType.FLOAT64).toDoubleArray(), yf.cast(DType.FLOAT64).toDoubleArray(), 1e-5);
    }
  }

  private static double[] random(Random r, long n) {
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextDouble() * 2 - 1;
    }
    return v;
  }

  private static long count(long[] s) {
    long n = 1;
    for (long d : s) {
      n *= d;
    }
    return n;
  }

  private static double loss(Function<Tensor[], Tensor> f, Tensor[] in, double[] w) {
    try (TensorScope s = new TensorScope()) {
      Tensor y = f.apply(in);
      return y.mul(Tensor.fromArray(w, y.shape())).sum().item();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void gradientsMatchFiniteDifferences(Case c) {
    Random rnd = new Random(c.name().hashCode());
    long[][] shapes = {c.x(), c.k(), c.b()};
    double[][] data = new double[3][];
    Tensor[] in = new Tensor[3];
    try (TensorScope scope = new TensorScope()) {
      for (int i = 0; i < 3; i++) {
        data[i] = random(rnd, count(shapes[i]));
        in[i] = Tensor.fromArray(data[i], shapes[i]);
      }
      Tensor[] grads;
      double[] w;
      try (GradientTape tape = new GradientTape()) {
        tape.watch(in);
        Tensor y = c.f().apply(in);
        w = random(rnd, y.size());
        grads = tape.gradient(y.mul(Tensor.fromArray(w, y.shape())).sum(), in);
      }
      for (int i = 0; i < 3; i++) {
        double[] g = grads[i].toDoubleArray();
        for (int j = 0; j < data[i].length; j++) {
          double orig = data[i][j];
          Tensor[] moved = in.clone();
          data[i][j] = orig + EPS;
          moved[i] = Tensor.fromArray(data[i], shapes[i]);
          double up = loss(c.f(), moved, w);
          data[i][j] = orig - EPS;
          moved[i] = Tensor.fromArray(data[i], shapes[i]);
          double down = loss(c.f(), moved, w);
          data[i][j] = orig;
          double num = (up - down) / (2 * EPS);
          assertTrue(
              Math.abs(num - g[j]) <= TOL * Math.max(1, Math.abs(num)),
              c.name()
                  + ": input "
                  + i
                  + " element "
                  + j
                  + ": analytic "
                  + g[j]
                  + " numeric "
                  + num);
        }
      }
    }
  }

  @Test
  void float32GradientsAgreeWithFloat64() {
    Random rnd = new Random(7);
    long[] xs = {2, 8, 8, 3};
    long[] ks = {3, 3, 3, 4};
    double[] xd = random(rnd, count(xs));
    double[] kd = random(rnd, count(ks));
    double[] bd = random(rnd, 4);
    ConvOptions o = ConvOptions.DEFAULT.strides(2).padding("same").activation("relu");
    double[][] g64;
    double[][] g32;
    try (TensorScope s = new TensorScope()) {
      g64 = grads(Tensor.fromArray(xd, xs), Tensor.fromArray(kd, ks), Tensor.fromArray(bd, 4), o);
      g32 =
          grads(
              Tensor.fromArray(xd, xs).cast(DType.FLOAT32),
              Tensor.fromArray(kd, ks).cast(DType.FLOAT32),
              Tensor.fromArray(bd, 4).cast(DType.FLOAT32),
              o);
    }
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(g64[i], g32[i], 1e-4, "gradient " + i);
    }
  }

  private static double[][] grads(Tensor x, Tensor k, Tensor b, ConvOptions o) {
    try (GradientTape tape = new GradientTape()) {
      tape.watch(x, k, b);
      Tensor[] g = tape.gradient(x.conv(k, b, o).sum(), new Tensor[] {x, k, b});
      return new double[][] {
        g[0].cast(DType.FLOAT64).toDoubleArray(),
        g[1].cast(DType.FLOAT64).toDoubleArray(),
        g[2].cast(DType.FLOAT64).toDoubleArray()
      };
    }
  }

  @Test
  void kerasOutputSizes() {
    try (TensorScope s = new TensorScope()) {
      Tensor x = Tensor.zeros(DType.FLOAT32, 1, 512, 512, 1);
      Tensor k = Tensor.ones(DType.FLOAT32, 11, 11, 1, 1);
      assertArrayEquals(new long[] {1, 502, 502, 1}, x.conv(k).shape());
      assertArrayEquals(
          new long[] {1, 512, 512, 1},
          x.conv(k, null, ConvOptions.DEFAULT.padding("same")).shape());
      assertArrayEquals(
          new long[] {1, 103, 103, 1},
          x.conv(k, null, ConvOptions.DEFAULT.strides(5).padding("same")).shape());
      assertArrayEquals(
          new long[] {1, 47, 103, 1},
          x.conv(k, null, ConvOptions.DEFAULT.strides(11, 5).padding("same")).shape());
      Tensor t = Tensor.ones(DType.FLOAT32, 1, 7, 7, 2);
      Tensor tk = Tensor.ones(DType.FLOAT32, 3, 3, 4, 2);
      assertArrayEquals(
          new long[] {1, 14, 14, 4},
          t.convTranspose(tk, null, ConvOptions.DEFAULT.strides(2).padding("same")).shape());
      assertArrayEquals(
          new long[] {1, 15, 15, 4},
          t.convTranspose(tk, null, ConvOptions.DEFAULT.strides(2)).shape());
      // output_padding: (n - 1) * s + k + p ("valid"), (n - 1) * s + k % 2 + p ("same")
      assertArrayEquals(
          new long[] {1, 16, 15, 4},
          t.convTranspose(tk, null, ConvOptions.DEFAULT.strides(2).outputPadding(1, 0)).shape());
      assertArrayEquals(
          new long[] {1, 14, 13, 4},
          t.convTranspose(
                  tk, null, ConvOptions.DEFAULT.strides(2).padding("same").outputPadding(1, 0))
              .shape());
      assertMessage(
          "conv_transpose: argument 'output_padding' expected values below the strides [2, 2]"
              + " but was [2, 0]",
          () -> t.convTranspose(tk, null, ConvOptions.DEFAULT.strides(2).outputPadding(2, 0)));
    }
  }

  @Test
  void sameSplitsTheOddPadOnTheRight() {
    try (TensorScope s = new TensorScope()) {
      // 1-D, n = 4, k = 2, stride 1, "same": total pad 1, all on the right, so the last output is
      // x[3] * k[0] alone.
      Tensor x = Tensor.fromArray(new double[] {1, 2, 3, 4}, 1, 4, 1);
      Tensor k = Tensor.fromArray(new double[] {10, 1}, 2, 1, 1);
      double[] y = x.conv(k, null, ConvOptions.DEFAULT.padding("same")).toDoubleArray();
      assertArrayEquals(new double[] {12, 23, 34, 40}, y, 0);
      // causal: (k - 1) zeros on the left, so the first output is x[0] * k[1].
      double[] c = x.conv(k, null, ConvOptions.DEFAULT.padding("causal")).toDoubleArray();
      assertArrayEquals(new double[] {1, 12, 23, 34}, c, 0);
    }
  }

  @Test
  void badArgumentsNameTheOpAndTheValues() {
    try (TensorScope s = new TensorScope()) {
      Tensor x = Tensor.zeros(DType.FLOAT32, 1, 4, 4, 3);
      assertMessage(
          "conv: argument 'kernel' expected 3 input channels",
          () -> x.conv(Tensor.zeros(DType.FLOAT32, 3, 3, 2, 4)));
      assertMessage("padded input 4", () -> x.conv(Tensor.zeros(DType.FLOAT32, 5, 5, 3, 4)));
      assertMessage(
          "rank 3, 4 or 5",
          () -> Tensor.zeros(DType.FLOAT32, 4, 3).conv(Tensor.zeros(DType.FLOAT32, 3, 3)));
      Tensor k = Tensor.zeros(DType.FLOAT32, 3, 3, 1, 4);
      assertMessage(
          "'groups' expected to divide the input channels 3",
          () -> x.conv(k, null, ConvOptions.DEFAULT.groups(2)));
      ConvOptions huge = ConvOptions.DEFAULT.dilationRate(Long.MAX_VALUE, 1);
      assertMessage(
          "conv: argument 'dilation_rate' expected a dilated kernel size that fits in 64 bits",
          () -> x.conv(Tensor.zeros(DType.FLOAT32, 3, 3, 3, 4), null, huge));
      assertMessage(
          "conv: argument 'padding' expected one of \"valid\", \"same\", \"causal\" but was full",
          () -> ConvOptions.DEFAULT.padding("full"));
    }
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
