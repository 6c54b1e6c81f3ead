package dev.myelin.applications;

import dev.myelin.Tensor;
import dev.myelin.layers.Activation;
import dev.myelin.layers.AveragePooling2D;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Concatenate;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.models.Model;

/**
 * Keras's {@code keras.applications.InceptionV3}: a convolutional stem and eleven inception modules
 * concatenated as {@code mixed0} ... {@code mixed10}, {@code avg_pool} + {@code predictions} on
 * top; 23,851,784 parameters with the top at 299x299. Each convolution is followed by a batch norm
 * without scale and a relu, all named by Keras's counters ({@code conv2d_12}, as in Keras). Inputs
 * go through {@link #preprocessInput} (tf mode).
 */
public final class InceptionV3 {
  static final String URL =
      "https://storage.googleapis.com/tensorflow/keras-applications/inception_v3/"
          + "inception_v3_weights_tf_dim_ordering_tf_kernels";

  private InceptionV3() {}

  /** Builds InceptionV3 as Keras does (model name {@code inception_v3}), with the weights. */
  public static Model create(ApplicationOptions o) {
    KerasTensor in = Application.input("InceptionV3", o, 299, 75);
    KerasTensor x = conv(in, 32, 3, 3, 2, "valid");
    x = conv(x, 32, 3, 3, 1, "valid");
    x = conv(x, 64, 3, 3, 1, "same");
    x = maxPool(x);
    x = conv(x, 80, 1, 1, 1, "valid");
    x = conv(x, 192, 3, 3, 1, "valid");
    x = maxPool(x);
    for (int i = 0; i < 3; i++) {
      KerasTensor b1 = conv(x, 64, 1, 1);
      KerasTensor b5 = conv(conv(x, 48, 1, 1), 64, 5, 5);
      KerasTensor b3 = conv(conv(conv(x, 64, 1, 1), 96, 3, 3), 96, 3, 3);
      KerasTensor bp = conv(avgPool(x), i == 0 ? 32 : 64, 1, 1);
      x = concat("mixed" + i, b1, b5, b3, bp);
    }
    KerasTensor b3 = conv(x, 384, 3, 3, 2, "valid");
    KerasTensor b3d = conv(conv(conv(x, 64, 1, 1), 96, 3, 3), 96, 3, 3, 2, "valid");
    x = concat("mixed3", b3, b3d, maxPool(x));
    long[] widths = {128, 160, 160, 192};
    for (int i = 0; i < 4; i++) {
      long c = widths[i];
      KerasTensor b1 = conv(x, 192, 1, 1);
      KerasTensor b7 = conv(conv(conv(x, c, 1, 1), c, 1, 7), 192, 7, 1);
      KerasTensor b7d = conv(x, c, 1, 1);
      b7d = conv(conv(conv(conv(b7d, c, 7, 1), c, 1, 7), c, 7, 1), 192, 1, 7);
      KerasTensor bp = conv(avgPool(x), 192, 1, 1);
      x = concat("mixed" + (4 + i), b1, b7, b7d, bp);
    }
    b3 = conv(conv(x, 192, 1, 1), 320, 3, 3, 2, "valid");
    KerasTensor b7x3 = conv(conv(conv(x, 192, 1, 1), 192, 1, 7), 192, 7, 1);
    b7x3 = conv(b7x3, 192, 3, 3, 2, "valid");
    x = concat("mixed8", b3, b7x3, maxPool(x));
    for (int i = 0; i < 2; i++) {
      KerasTensor b1 = conv(x, 320, 1, 1);
      KerasTensor b3a = conv(x, 384, 1, 1);
      KerasTensor b3x = concat("mixed9_" + i, conv(b3a, 384, 1, 3), conv(b3a, 384, 3, 1));
      KerasTensor bd = conv(conv(x, 448, 1, 1), 384, 3, 3);
      KerasTensor bdx = concat(null, conv(bd, 384, 1, 3), conv(bd, 384, 3, 1));
      KerasTensor bp = conv(avgPool(x), 192, 1, 1);
      x = concat("mixed" + (9 + i), b1, b3x, bdx, bp);
    }
    if (o.includeTop()) {
      x = new GlobalAveragePooling2D().name("avg_pool").apply(x);
      x = Application.predictions("InceptionV3", o, x);
    } else {
      x = Application.pooling(o, x, null, null);
    }
    return Application.finish(
        "InceptionV3",
        "inception_v3",
        o,
        in,
        x,
        new Application.PublishedWeights(
            URL + ".h5",
            "9a0d58056eeedaa3f26cb7ebd46da564",
            URL + "_notop.h5",
            "bcbd6486424b2319ff4ef7d526e38f63"));
  }

  /** InceptionV3 with Keras's defaults: the 1000-class top, random weights. */
  public static Model create() {
    return create(new ApplicationOptions());
  }

  /** Keras's {@code inception_v3.preprocess_input}: tf mode, on a copy (see {@link ImageNet}). */
  public static Tensor preprocessInput(Tensor x) {
    return ImageNet.preprocessInput(x, ImageNet.Mode.TF);
  }

  private static KerasTensor conv(KerasTensor x, long filters, long rows, long cols) {
    return conv(x, filters, rows, cols, 1, "same");
  }

  /** Keras's {@code conv2d_bn}: a bias-free convolution, batch norm without scale, relu. */
  private static KerasTensor conv(
      KerasTensor x, long filters, long rows, long cols, long stride, String padding) {
    x =
        new Conv2D(filters, rows, cols)
            .strides(stride, stride)
            .padding(padding)
            .useBias(false)
            .apply(x);
    x = new BatchNormalization().axis(3).scale(false).apply(x);
    return new Activation("relu").apply(x);
  }

  private static KerasTensor maxPool(KerasTensor x) {
    return new MaxPooling2D(3, 3).strides(2, 2).apply(x);
  }

  private static KerasTensor avgPool(KerasTensor x) {
    return new AveragePooling2D(3, 3).strides(1, 1).padding("same").apply(x);
  }

  private static KerasTensor concat(String name, KerasTensor... xs) {
    Concatenate c = new Concatenate();
    return (name == null ? c : c.name(name)).apply(xs);
  }
}
