package dev.myelin.applications;

import dev.myelin.Tensor;
import dev.myelin.layers.Activation;
import dev.myelin.layers.Add;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.DepthwiseConv2D;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.ZeroPadding2D;
import dev.myelin.models.Model;
import java.util.List;

/**
 * Keras's {@code keras.applications.MobileNetV2}: a strided 3x3 stem ({@code Conv1}), 17 inverted
 * residual blocks ({@code expanded_conv_*}, {@code block_1_*} ... {@code block_16_*}), {@code
 * Conv_1} and {@code out_relu}; 3,538,984 parameters with the top at alpha 1.0, 224x224. Keras's
 * {@code ReLU(6.0)} layers are {@code Activation("relu6")} layers of the same names here. Inputs go
 * through {@link #preprocessInput} (tf mode).
 */
public final class MobileNetV2 {
  static final String URL =
      "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
          + "mobilenet_v2_weights_tf_dim_ordering_tf_kernels";
  private static final List<Long> SIZES = List.of(96L, 128L, 160L, 192L, 224L);
  private static final List<Double> ALPHAS = List.of(0.35, 0.5, 0.75, 1.0, 1.3, 1.4);

  private MobileNetV2() {}

  /** MobileNetV2 with width multiplier 1.0. */
  public static Model create(ApplicationOptions o) {
    return create(o, 1.0);
  }

  /** MobileNetV2 with Keras's defaults: alpha 1.0, the 1000-class top, random weights. */
  public static Model create() {
    return create(new ApplicationOptions());
  }

  /**
   * Builds MobileNetV2 with width multiplier {@code alpha} as Keras does (model name {@code
   * mobilenetv2_1.00_224}); Keras's published weights exist for alpha 0.35, 0.5, 0.75, 1.0, 1.3 and
   * 1.4 at 96, 128, 160, 192 and 224 pixels (other square sizes load the 224 weights).
   */
  public static Model create(ApplicationOptions o, double alpha) {
    if (!(alpha > 0)) {
      throw new IllegalArgumentException(
          "MobileNetV2: argument 'alpha' expected > 0 but was " + alpha);
    }
    if ("imagenet".equals(o.weights()) && !ALPHAS.contains(alpha)) {
      throw new IllegalArgumentException(
          "MobileNetV2: argument 'alpha' expected one of "
              + ALPHAS
              + " with imagenet weights but"
              + " was "
              + alpha);
    }
    long[] shape = o.inputShape();
    long rows = 224;
    if (shape != null && shape[0] == shape[1] && SIZES.contains(shape[0])) {
      rows = shape[0];
    }
    KerasTensor in = Application.input("MobileNetV2", o, (int) rows, 32);
    long first = makeDivisible(32 * alpha);
    KerasTensor x =
        new Conv2D(first, 3, 3)
            .strides(2, 2)
            .padding("same")
            .useBias(false)
            .name("Conv1")
            .apply(in);
    x = bn("bn_Conv1").apply(x);
    x = relu6("Conv1_relu").apply(x);
    int[][] blocks = {
      {16, 1, 1}, {24, 2, 6}, {24, 1, 6}, {32, 2, 6}, {32, 1, 6}, {32, 1, 6}, {64, 2, 6},
      {64, 1, 6}, {64, 1, 6}, {64, 1, 6}, {96, 1, 6}, {96, 1, 6}, {96, 1, 6}, {160, 2, 6},
      {160, 1, 6}, {160, 1, 6}, {320, 1, 6}
    };
    for (int id = 0; id < blocks.length; id++) {
      x = invertedResidual(x, blocks[id][0], blocks[id][1], blocks[id][2], alpha, id);
    }
    long last = alpha > 1.0 ? makeDivisible(1280 * alpha) : 1280;
    x = new Conv2D(last, 1, 1).useBias(false).name("Conv_1").apply(x);
    x = bn("Conv_1_bn").apply(x);
    x = relu6("out_relu").apply(x);
    if (o.includeTop()) {
      x = new GlobalAveragePooling2D().apply(x);
      x = Application.predictions("MobileNetV2", o, x);
    } else {
      x = Application.pooling(o, x, null, null);
    }
    String file = URL + "_" + alpha + "_" + rows + (o.includeTop() ? ".h5" : "_no_top.h5");
    return Application.finish(
        "MobileNetV2",
        String.format(
            java.util.Locale.ROOT, "mobilenetv2_%.2f_%d", alpha, shape == null ? 224 : shape[0]),
        o,
        in,
        x,
        new Application.PublishedWeights(file, null, file, null));
  }

  /** Keras's {@code mobilenet_v2.preprocess_input}: tf mode, on a copy (see {@link ImageNet}). */
  public static Tensor preprocessInput(Tensor x) {
    return ImageNet.preprocessInput(x, ImageNet.Mode.TF);
  }

  /** Keras's {@code _make_divisible(v, 8)}: the nearest multiple of 8, at most 10% below v. */
  static long makeDivisible(double v) {
    long n = Math.max(8, (long) (v + 4) / 8 * 8);
    return n < 0.9 * v ? n + 8 : n;
  }

  private static BatchNormalization bn(String name) {
    return (BatchNormalization) new BatchNormalization().epsilon(1e-3).momentum(0.999).name(name);
  }

  private static Activation relu6(String name) {
    return new Activation("relu6").name(name);
  }

  /** Keras's {@code _inverted_res_block}: expand 1x1, depthwise 3x3, project 1x1 (+ identity). */
  private static KerasTensor invertedResidual(
      KerasTensor inputs, long filters, int stride, int expansion, double alpha, int id) {
    long in = inputs.shape()[inputs.shape().length - 1];
    long pointwise = makeDivisible((long) (filters * alpha));
    String p = id == 0 ? "expanded_conv_" : "block_" + id + "_";
    KerasTensor x = inputs;
    if (id != 0) {
      x =
          new Conv2D(expansion * in, 1, 1)
              .padding("same")
              .useBias(false)
              .name(p + "expand")
              .apply(x);
      x = bn(p + "expand_BN").apply(x);
      x = relu6(p + "expand_relu").apply(x);
    }
    if (stride == 2) {
      // Keras's imagenet_utils.correct_pad: one row/column less before than after on even sizes
      long[] s = x.shape();
      long adjustRows = s[1] < 0 ? 1 : 1 - s[1] % 2;
      long adjustCols = s[2] < 0 ? 1 : 1 - s[2] % 2;
      x =
          new ZeroPadding2D(new long[][] {{1 - adjustRows, 1}, {1 - adjustCols, 1}})
              .name(p + "pad")
              .apply(x);
    }
    x =
        new DepthwiseConv2D(3, 3)
            .strides(stride, stride)
            .useBias(false)
            .padding(stride == 1 ? "same" : "valid")
            .name(p + "depthwise")
            .apply(x);
    x = bn(p + "depthwise_BN").apply(x);
    x = relu6(p + "depthwise_relu").apply(x);
    x = new Conv2D(pointwise, 1, 1).padding("same").useBias(false).name(p + "project").apply(x);
    x = bn(p + "project_BN").apply(x);
    if (in == pointwise && stride == 1) {
      return new Add().name(p + "add").apply(inputs, x);
    }
    return x;
  }
}
