package dev.myelin.applications;

import dev.myelin.Tensor;
import dev.myelin.layers.Activation;
import dev.myelin.layers.Add;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.layers.ZeroPadding2D;
import dev.myelin.models.Model;

/**
 * Keras's {@code keras.applications.ResNet50}: a 7x7 stem ({@code conv1_pad} ... {@code
 * pool1_pool}), four stacks of bottleneck residual blocks ({@code conv2_block1_0_conv} ... {@code
 * conv5_block3_out}; 3, 4, 6 and 3 blocks) and {@code avg_pool} + {@code predictions} on top;
 * 25,636,712 parameters with the top. Inputs go through {@link #preprocessInput} (caffe mode).
 */
public final class ResNet50 {
  static final String URL =
      "https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
          + "resnet50_weights_tf_dim_ordering_tf_kernels";
  private static final double EPSILON = 1.001e-5;

  private ResNet50() {}

  /** Builds ResNet50 as Keras does (model name {@code resnet50}), with the weights asked for. */
  public static Model create(ApplicationOptions o) {
    KerasTensor in = Application.input("ResNet50", o, 224, 32);
    KerasTensor x = new ZeroPadding2D(new long[][] {{3, 3}, {3, 3}}).name("conv1_pad").apply(in);
    x = new Conv2D(64, 7, 7).strides(2, 2).name("conv1_conv").apply(x);
    x = bn("conv1_bn").apply(x);
    x = new Activation("relu").name("conv1_relu").apply(x);
    x = new ZeroPadding2D(new long[][] {{1, 1}, {1, 1}}).name("pool1_pad").apply(x);
    x = new MaxPooling2D(3, 3).strides(2, 2).name("pool1_pool").apply(x);
    x = stack(x, 64, 3, 1, "conv2");
    x = stack(x, 128, 4, 2, "conv3");
    x = stack(x, 256, 6, 2, "conv4");
    x = stack(x, 512, 3, 2, "conv5");
    if (o.includeTop()) {
      x = new dev.myelin.layers.GlobalAveragePooling2D().name("avg_pool").apply(x);
      x = Application.predictions("ResNet50", o, x);
    } else {
      x = Application.pooling(o, x, "avg_pool", "max_pool");
    }
    return Application.finish(
        "ResNet50",
        "resnet50",
        o,
        in,
        x,
        new Application.PublishedWeights(
            URL + ".h5",
            "2cb95161c43110f7111970584f804107",
            URL + "_notop.h5",
            "4d473c1dd8becc155b73f8504c6f6626"));
  }

  /** ResNet50 with Keras's defaults: the 1000-class top, random weights. */
  public static Model create() {
    return create(new ApplicationOptions());
  }

  /** Keras's {@code resnet50.preprocess_input}: caffe mode, on a copy (see {@link ImageNet}). */
  public static Tensor preprocessInput(Tensor x) {
    return ImageNet.preprocessInput(x, ImageNet.Mode.CAFFE);
  }

  private static BatchNormalization bn(String name) {
    return (BatchNormalization) new BatchNormalization().axis(3).epsilon(EPSILON).name(name);
  }

  /** Keras's {@code stack_residual_blocks_v1}: a projection block, then identity blocks. */
  private static KerasTensor stack(KerasTensor x, long filters, int blocks, long stride, String n) {
    x = block(x, filters, stride, true, n + "_block1");
    for (int i = 2; i <= blocks; i++) {
      x = block(x, filters, 1, false, n + "_block" + i);
    }
    return x;
  }

  /** Keras's {@code residual_block_v1}: 1x1, 3x3, 1x1 convolutions plus the shortcut. */
  private static KerasTensor block(
      KerasTensor x, long filters, long stride, boolean convShortcut, String n) {
    // applied in the order Keras lists the layers (its functional graph sorts them by depth):
    // 1_conv .. 2_relu, then 0_conv, 3_conv, 0_bn, 3_bn
    KerasTensor y = new Conv2D(filters, 1, 1).strides(stride, stride).name(n + "_1_conv").apply(x);
    y = bn(n + "_1_bn").apply(y);
    y = new Activation("relu").name(n + "_1_relu").apply(y);
    y = new Conv2D(filters, 3, 3).padding("same").name(n + "_2_conv").apply(y);
    y = bn(n + "_2_bn").apply(y);
    y = new Activation("relu").name(n + "_2_relu").apply(y);
    KerasTensor shortcut = x;
    if (convShortcut) {
      shortcut = new Conv2D(4 * filters, 1, 1).strides(stride, stride).name(n + "_0_conv").apply(x);
    }
    y = new Conv2D(4 * filters, 1, 1).name(n + "_3_conv").apply(y);
    if (convShortcut) {
      shortcut = bn(n + "_0_bn").apply(shortcut);
    }
    y = bn(n + "_3_bn").apply(y);
    KerasTensor sum = new Add().name(n + "_add").apply(shortcut, y);
    return new Activation("relu").name(n + "_out").apply(sum);
  }
}
