package dev.myelin.applications;

import dev.myelin.Tensor;
import dev.myelin.layers.Activation;
import dev.myelin.layers.Add;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.layers.SeparableConv2D;
import dev.myelin.models.Model;

/**
 * Keras's {@code keras.applications.Xception}: depthwise-separable convolutions in 14 blocks with
 * residual 1x1 projections ({@code block1_conv1} ... {@code block14_sepconv2_act}), {@code
 * avg_pool} + {@code predictions} on top; 22,910,480 parameters with the top at 299x299 (20,861,480
 * without). Inputs go through {@link #preprocessInput} (tf mode).
 */
public final class Xception {
  static final String URL =
      "https://storage.googleapis.com/tensorflow/keras-applications/xception/"
          + "xception_weights_tf_dim_ordering_tf_kernels";

  private Xception() {}

  /** Builds Xception as Keras does (model name {@code xception}), with the weights asked for. */
  public static Model create(ApplicationOptions o) {
    KerasTensor in = Application.input("Xception", o, 299, 71);
    KerasTensor x =
        new Conv2D(32, 3, 3).strides(2, 2).useBias(false).name("block1_conv1").apply(in);
    x = new BatchNormalization().name("block1_conv1_bn").apply(x);
    x = new Activation("relu").name("block1_conv1_act").apply(x);
    x = new Conv2D(64, 3, 3).useBias(false).name("block1_conv2").apply(x);
    x = new BatchNormalization().name("block1_conv2_bn").apply(x);
    x = new Activation("relu").name("block1_conv2_act").apply(x);
    x = entryBlock(x, 2, 128, 128, false);
    x = entryBlock(x, 3, 256, 256, true);
    x = entryBlock(x, 4, 728, 728, true);
    for (int b = 5; b <= 12; b++) {
      KerasTensor residual = x;
      String p = "block" + b;
      for (int k = 1; k <= 3; k++) {
        x = new Activation("relu").name(p + "_sepconv" + k + "_act").apply(x);
        x = sep(728, p + "_sepconv" + k).apply(x);
        x = new BatchNormalization().name(p + "_sepconv" + k + "_bn").apply(x);
      }
      x = new Add().apply(x, residual);
    }
    x = entryBlock(x, 13, 728, 1024, true);
    x = sep(1536, "block14_sepconv1").apply(x);
    x = new BatchNormalization().name("block14_sepconv1_bn").apply(x);
    x = new Activation("relu").name("block14_sepconv1_act").apply(x);
    x = sep(2048, "block14_sepconv2").apply(x);
    x = new BatchNormalization().name("block14_sepconv2_bn").apply(x);
    x = new Activation("relu").name("block14_sepconv2_act").apply(x);
    if (o.includeTop()) {
      x = new GlobalAveragePooling2D().name("avg_pool").apply(x);
      x = Application.predictions("Xception", o, x);
    } else {
      x = Application.pooling(o, x, null, null);
    }
    return Application.finish(
        "Xception",
        "xception",
        o,
        in,
        x,
        new Application.PublishedWeights(
            URL + ".h5",
            "0a58e3b7378bc2990ea3b43d5981f1f6",
            URL + "_notop.h5",
            "b0042744bf5b25fce3cb969f33bebb97"));
  }

  /** Xception with Keras's defaults: the 1000-class top, random weights. */
  public static Model create() {
    return create(new ApplicationOptions());
  }

  /** Keras's {@code xception.preprocess_input}: tf mode, on a copy (see {@link ImageNet}). */
  public static Tensor preprocessInput(Tensor x) {
    return ImageNet.preprocessInput(x, ImageNet.Mode.TF);
  }

  private static SeparableConv2D sep(long filters, String name) {
    return new SeparableConv2D(filters, 3, 3).padding("same").useBias(false).name(name);
  }

  /**
   * Blocks 2, 3, 4 and 13: two separable convolutions, a strided max pool, plus a strided 1x1
   * projection of the block's input. Layers are applied in the order Keras lists them (its graph
   * sorts by depth: the projection after the second separable convolution's batch norm, its batch
   * norm after the pool).
   */
  private static KerasTensor entryBlock(
      KerasTensor x, int block, long filters1, long filters2, boolean reluFirst) {
    String p = "block" + block;
    KerasTensor y = x;
    if (reluFirst) {
      y = new Activation("relu").name(p + "_sepconv1_act").apply(y);
    }
    y = sep(filters1, p + "_sepconv1").apply(y);
    y = new BatchNormalization().name(p + "_sepconv1_bn").apply(y);
    y = new Activation("relu").name(p + "_sepconv2_act").apply(y);
    y = sep(filters2, p + "_sepconv2").apply(y);
    y = new BatchNormalization().name(p + "_sepconv2_bn").apply(y);
    KerasTensor residual =
        new Conv2D(filters2, 1, 1).strides(2, 2).padding("same").useBias(false).apply(x);
    y = new MaxPooling2D(3, 3).strides(2, 2).padding("same").name(p + "_pool").apply(y);
    residual = new BatchNormalization().apply(residual);
    return new Add().apply(y, residual);
  }
}
