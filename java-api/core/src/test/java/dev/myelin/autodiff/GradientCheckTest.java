package dev.myelin.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Slice;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference check of every differentiable op: float64 inputs, central differences with eps
 * 1e-6, relative tolerance 1e-5. The loss is sum(f(x) * w) for fixed random weights w.
 */
class GradientCheckTest {
  private static final double EPS = 1e-6;
  private static final double TOL = 1e-5;

  /** One op under test: input shapes, the range inputs are drawn from, and the function. */
  record Case(String name, double lo, double hi, long[][] shapes, Function<Tensor[], Tensor> f) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static long[][] s(long[]... shapes) {
    return shapes;
  }

  private static long[] d(long... dims) {
    return dims;
  }

  private static Case c(String name, Function<Tensor[], Tensor> f, long[]... shapes) {
    return new Case(name, -2, 2, shapes, f);
  }

  private static Case pos(String name, Function<Tensor[], Tensor> f, long[]... shapes) {
    return new Case(name, 0.5, 2, shapes, f);
  }

  static List<Case> cases() {
    List<Case> l = new ArrayList<>();
    long[] m = d(2, 3);
    // unary
    l.add(c("neg", x -> x[0].neg(), m));
    l.add(c("exp", x -> x[0].exp(), m));
    l.add(c("expm1", x -> x[0].expm1(), m));
    l.add(pos("log", x -> x[0].log(), m));
    l.add(pos("log1p", x -> x[0].log1p(), m));
    l.add(pos("sqrt", x -> x[0].sqrt(), m));
    l.add(pos("rsqrt", x -> x[0].rsqrt(), m));
    l.add(pos("reciprocal", x -> x[0].reciprocal(), m));
    l.add(pos("abs", x -> x[0].abs(), m));
    l.add(c("square", x -> x[0].square(), m));
    l.add(pos("powScalar", x -> x[0].pow(2.5), m));
    l.add(c("clip", x -> x[0].clip(-0.7, 0.9), m));
    l.add(c("sin", x -> x[0].sin(), m));
    l.add(c("cos", x -> x[0].cos(), m));
    l.add(c("tanh", x -> x[0].tanh(), m));
    l.add(c("sigmoid", x -> x[0].sigmoid(), m));
    l.add(c("hardSigmoid", x -> x[0].hardSigmoid(), m));
    l.add(c("relu", x -> x[0].relu(), m));
    l.add(c("leakyRelu", x -> x[0].leakyRelu(0.1), m));
    l.add(c("elu", x -> x[0].elu(0.7), m));
    l.add(c("selu", x -> x[0].selu(), m));
    l.add(c("softplus", x -> x[0].softplus(), m));
    l.add(c("softsign", x -> x[0].softsign(), m));
    l.add(c("gelu", x -> x[0].gelu(), m));
    l.add(c("geluTanh", x -> x[0].gelu(true), m));
    l.add(c("swish", x -> x[0].swish(), m));
    // binary with broadcasting and scalars
    l.add(c("add", x -> x[0].add(x[1]), d(2, 3), d(3)));
    l.add(c("sub", x -> x[0].sub(x[1]), d(2, 1, 3), d(4, 1)));
    l.add(c("mul", x -> x[0].mul(x[1]), d(2, 3), d(2, 1)));
    l.add(pos("div", x -> x[0].div(x[1]), d(2, 3), d(1, 3)));
    l.add(pos("pow", x -> x[0].pow(x[1]), d(2, 3), d(3)));
    l.add(c("maximum", x -> x[0].maximum(x[1]), d(2, 3), d(2, 3)));
    l.add(c("minimum", x -> x[0].minimum(x[1]), d(3, 1), d(1, 4)));
    l.add(c("addScalar", x -> x[0].add(2.0).mul(3.0).sub(1.0).div(4.0), m));
    l.add(
        c("where", x -> Tensor.where(Tensor.of(true, false, true), x[0], x[1]), d(2, 3), d(2, 1)));
    // reductions
    l.add(c("sumAll", x -> x[0].sum(), d(2, 3, 4)));
    l.add(c("sumAxes02", x -> x[0].sum(0, 2), d(2, 3, 4)));
    l.add(c("sumKeepdims", x -> x[0].sum(true, 0, 2), d(2, 3, 4)));
    l.add(c("meanAxis1", x -> x[0].mean(1), d(2, 3, 4)));
    l.add(c("meanKeepdimsAll", x -> x[0].mean(true), d(2, 3)));
    l.add(c("maxAxis1", x -> x[0].max(1), d(2, 5)));
    l.add(c("minAxes", x -> x[0].min(true, 0, 1), d(2, 3, 2)));
    l.add(pos("prod", x -> x[0].prod(1), d(2, 3)));
    l.add(c("varAxes", x -> x[0].var(0, 2), d(2, 3, 4)));
    l.add(c("stdKeepdims", x -> x[0].std(true, 1), d(2, 4)));
    l.add(c("logsumexp", x -> x[0].logsumexp(-1), d(2, 3, 4)));
    l.add(c("logsumexpAll", x -> x[0].logsumexp(), d(3, 2)));
    // matmul
    l.add(c("matmul", x -> x[0].matmul(x[1]), d(2, 3), d(3, 4)));
    l.add(c("matmulBatchBroadcast", x -> x[0].matmul(x[1]), d(2, 1, 2, 3), d(3, 3, 2)));
    l.add(c("matmulBatchLeft", x -> x[0].matmul(x[1]), d(2, 2, 3), d(3, 4)));
    l.add(c("matmulVecMat", x -> x[0].matmul(x[1]), d(3), d(2, 3, 4)));
    l.add(c("matmulMatVec", x -> x[0].matmul(x[1]), d(2, 3), d(3)));
    l.add(c("matmulDot", x -> x[0].matmul(x[1]), d(3), d(3)));
    l.add(c("matmulTransposed", x -> x[0].matmul(x[1], true, true), d(2, 3, 2), d(4, 3)));
    // fused kernels
    l.add(c("denseLinear", x -> Tensor.dense(x[0], x[1], x[2], "linear"), d(4, 3), d(3, 2), d(2)));
    l.add(c("denseRelu", x -> Tensor.dense(x[0], x[1], x[2], "relu"), d(4, 3), d(3, 5), d(5)));
    l.add(c("denseTanh", x -> Tensor.dense(x[0], x[1], x[2], "tanh"), d(2, 3, 3), d(3, 2), d(2)));
    l.add(
        c("denseSigmoid", x -> Tensor.dense(x[0], x[1], x[2], "sigmoid"), d(5, 2), d(2, 1), d(1)));
    l.add(c("denseNoBias", x -> Tensor.dense(x[0], x[1], null, "tanh"), d(3, 4), d(4, 2)));
    l.add(
        new Case(
            "binaryCrossentropy",
            0.05,
            0.95,
            s(d(4, 2), d(4, 2)),
            x -> Tensor.binaryCrossentropy(x[0], x[1], 1e-7, false)));
    l.add(
        c(
            "binaryCrossentropyLogits",
            x -> Tensor.binaryCrossentropy(x[0], x[1], 1e-7, true),
            d(3, 2),
            d(3, 2)));
    l.add(
        new Case(
            "categoricalCrossentropy",
            0.05,
            0.95,
            s(d(4, 3), d(4, 3)),
            x -> Tensor.categoricalCrossentropy(x[0], x[1], 1e-7, false)));
    l.add(
        c(
            "categoricalCrossentropyLogits",
            x -> Tensor.categoricalCrossentropy(x[0], x[1], 1e-7, true),
            d(3, 4),
            d(3, 4)));
    l.add(
        c(
            "softmaxCategoricalCrossentropy",
            x -> Tensor.softmaxCategoricalCrossentropy(x[0], x[1], 1e-7),
            d(2, 3, 4),
            d(2, 3, 4)));
    // softmax
    l.add(c("softmax0", x -> x[0].softmax(0), d(3, 4)));
    l.add(c("softmax1", x -> x[0].softmax(1), d(2, 3, 4)));
    l.add(c("softmaxLast", x -> x[0].softmax(-1), d(2, 3, 4)));
    l.add(c("logSoftmax0", x -> x[0].logSoftmax(0), d(3, 4)));
    l.add(c("logSoftmaxLast", x -> x[0].logSoftmax(-1), d(2, 3, 4)));
    // shape and indexing
    l.add(c("reshape", x -> x[0].reshape(3, -1), d(2, 3, 2)));
    l.add(c("permute", x -> x[0].permute(2, 0, 1), d(2, 3, 4)));
    l.add(c("transpose", x -> x[0].transpose(), d(2, 3)));
    l.add(c("squeezeExpand", x -> x[0].squeeze().expandDims(0).flatten(), d(2, 1, 3)));
    l.add(c("broadcastTo", x -> x[0].broadcastTo(2, 3, 4), d(3, 1)));
    l.add(c("sumToShape", x -> x[0].sumToShape(1, 4), d(3, 4)));
    l.add(c("cast", x -> x[0].cast(DType.FLOAT64).mul(x[0]), m));
    l.add(c("copy", x -> x[0].copy(), m));
    l.add(c("slice", x -> x[0].slice("1:3, ::-1"), d(4, 3)));
    l.add(c("sliceNegativeSteps", x -> x[0].slice("::-2, -1:0:-2"), d(5, 5)));
    l.add(c("sliceIndex", x -> x[0].slice(Slice.all(), Slice.index(-1)), d(3, 4)));
    l.add(c("get", x -> x[0].get(1), d(3, 4)));
    l.add(
        c(
            "mask",
            x -> x[0].mask(Tensor.of(new boolean[][] {{true, false, true}, {false, true, true}})),
            d(2, 3)));
    l.add(c("concat", x -> Tensor.concat(1, x[0], x[1]), d(2, 3), d(2, 2)));
    l.add(c("stack", x -> Tensor.stack(1, x[0], x[1]), d(2, 3), d(2, 3)));
    l.add(
        c(
            "split",
            x -> {
              Tensor[] p = x[0].split(new long[] {1, 2}, 1);
              return Tensor.concat(1, p[1].mul(2.0), p[0]);
            },
            d(2, 3)));
    l.add(c("take", x -> x[0].take(Tensor.of(2L, 0L, 2L, -1L), 1), d(2, 3)));
    l.add(c("scatterAdd", x -> x[0].scatterAdd(Tensor.of(0, 2, 0), x[1], 0), d(3, 2), d(3, 2)));
    l.add(c("pad", x -> x[0].pad(new long[] {1, 0}, new long[] {2, 1}, 0.5), d(2, 3)));
    l.add(c("tile", x -> x[0].tile(2, 3), d(2, 3)));
    l.add(c("tileMoreReps", x -> x[0].tile(2, 1, 2), d(2, 3)));
    l.add(c("repeat", x -> x[0].repeat(3, 1), d(2, 3)));
    l.add(c("repeatAxis0", x -> x[0].repeat(2, 0), d(2, 3)));
    l.add(
        c(
            "composite",
            x -> x[0].matmul(x[1]).add(x[2]).tanh().softmax(-1).log().mean(0),
            d(4, 3),
            d(3, 2),
            d(2)));
    // appendix math (SignalOps): tensordot, numpy 1-D correlate/convolve, scipy 2-D (zero fill)
    l.add(c("tensordotInt", x -> x[0].tensordot(x[1], 2), d(2, 3, 4), d(3, 4, 2)));
    l.add(
        c(
            "tensordotPairs",
            x -> x[0].tensordot(x[1], new int[] {0, -1}, new int[] {2, 0}),
            d(2, 3, 4),
            d(4, 3, 2)));
    for (String mode : new String[] {"valid", "same", "full"}) {
      l.add(c("correlate_" + mode, x -> Tensor.correlate(x[0], x[1], mode), d(7), d(4)));
      l.add(c("correlateSwapped_" + mode, x -> Tensor.correlate(x[0], x[1], mode), d(3), d(6)));
      l.add(c("convolve_" + mode, x -> Tensor.convolve(x[0], x[1], mode), d(7), d(4)));
      l.add(c("convolveSwapped_" + mode, x -> Tensor.convolve(x[0], x[1], mode), d(3), d(6)));
      l.add(c("correlate2d_" + mode, x -> Tensor.correlate2d(x[0], x[1], mode), d(5, 4), d(2, 3)));
      l.add(c("convolve2d_" + mode, x -> Tensor.convolve2d(x[0], x[1], mode), d(5, 4), d(2, 3)));
    }
    l.add(c("correlate2dSwapped", x -> Tensor.correlate2d(x[0], x[1], "valid"), d(2, 3), d(4, 5)));
    l.add(c("convolve2dSwapped", x -> Tensor.convolve2d(x[0], x[1], "valid"), d(2, 3), d(4, 5)));
    // image resizing (the augmentation layers' sampling has no gradient, as in Keras)
    l.add(c("resizeImages bilinear", x -> x[0].resizeImages(5, 3, "bilinear"), d(2, 3, 4, 2)));
    l.add(c("resizeImages nearest", x -> x[0].resizeImages(2, 7, "nearest"), d(2, 3, 4, 2)));
    l.add(c("resizeImages one image", x -> x[0].resizeImages(4, 4, "bilinear"), d(3, 5, 1)));
    l.add(
        c(
            "resizeImages channels_first bilinear",
            x -> x[0].resizeImages(5, 7, "bilinear", "channels_first"),
            d(2, 3, 4, 2)));
    l.add(
        c(
            "UpSampling2D bilinear channels_first",
            x ->
                new dev.myelin.layers.UpSampling2D(2, 3)
                    .interpolation("bilinear")
                    .dataFormat("channels_first")
                    .call(x, false),
            d(2, 2, 3, 2)));
    return l;
  }

  private static double loss(Function<Tensor[], Tensor> f, Tensor[] x, double[] w) {
    try (TensorScope s = new TensorScope()) {
      double[] y = f.apply(x).toDoubleArray();
      double acc = 0;
      for (int i = 0; i < y.length; i++) {
        acc += y[i] * w[i];
      }
      return acc;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void analyticGradientMatchesFiniteDifferences(Case c) {
    Random rnd = new Random(c.name().hashCode());
    try (TensorScope scope = new TensorScope()) {
      int n = c.shapes().length;
      double[][] data = new double[n][];
      Tensor[] x = new Tensor[n];
      for (int i = 0; i < n; i++) {
        long numel = 1;
        for (long dd : c.shapes()[i]) {
          numel *= dd;
        }
        data[i] = new double[(int) numel];
        for (int j = 0; j < numel; j++) {
          double v = c.lo() + (c.hi() - c.lo()) * rnd.nextDouble();
          data[i][j] = c.name().equals("abs") && rnd.nextBoolean() ? -v : v;
        }
        x[i] = Tensor.fromArray(data[i], c.shapes()[i]);
      }
      Tensor[] grads;
      double[] w;
      try (GradientTape tape = new GradientTape()) {
        tape.watch(x);
        Tensor y = c.f().apply(x);
        assertEquals(DType.FLOAT64, y.dtype());
        w = new double[(int) y.size()];
        for (int i = 0; i < w.length; i++) {
          w[i] = rnd.nextDouble() * 2 - 1;
        }
        Tensor loss = y.mul(Tensor.fromArray(w, y.shape())).sum();
        grads = tape.gradient(loss, x);
      }
      for (int i = 0; i < n; i++) {
        assertNotNull(grads[i], c.name() + ": gradient of input " + i);
        double[] g = grads[i].toDoubleArray();
        assertEquals(data[i].length, g.length);
        for (int j = 0; j < data[i].length; j++) {
          double orig = data[i][j];
          Tensor[] xp = x.clone();
          data[i][j] = orig + EPS;
          xp[i] = Tensor.fromArray(data[i], c.shapes()[i]);
          double lp = loss(c.f(), xp, w);
          data[i][j] = orig - EPS;
          xp[i] = Tensor.fromArray(data[i], c.shapes()[i]);
          double lm = loss(c.f(), xp, w);
          data[i][j] = orig;
          double num = (lp - lm) / (2 * EPS);
          double err = Math.abs(num - g[j]);
          assertTrue(
              err <= TOL * Math.max(1, Math.max(Math.abs(num), Math.abs(g[j]))),
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
}
