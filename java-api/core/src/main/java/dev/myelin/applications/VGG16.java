package dev.myelin.applications;

import dev.myelin.Tensor;
import dev.myelin.models.Model;

/**
 * Keras's {@code keras.applications.VGG16}: 13 3x3 convolutions in five blocks ({@code
 * block1_conv1} ... {@code block5_pool}), then {@code flatten}, {@code fc1}, {@code fc2}, {@code
 * predictions}; 138,357,544 parameters with the top at 224x224. Inputs go through {@link
 * #preprocessInput} (caffe mode).
 *
 * <pre>{@code
 * Model model = VGG16.create(new ApplicationOptions().weights("imagenet"));
 * Tensor preds = model.predict(VGG16.preprocessInput(images));
 * }</pre>
 */
public final class VGG16 {
  static final String URL =
      "https://storage.googleapis.com/tensorflow/keras-applications/vgg16/"
          + "vgg16_weights_tf_dim_ordering_tf_kernels";

  private VGG16() {}

  /** Builds VGG16 as Keras does (model name {@code vgg16}), with the weights {@code o} asks for. */
  public static Model create(ApplicationOptions o) {
    return Vgg.create(
        "VGG16",
        "vgg16",
        new int[] {2, 2, 3, 3, 3},
        o,
        new Application.PublishedWeights(
            URL + ".h5",
            "64373286793e3c8b2b4e3219cbf3544b",
            URL + "_notop.h5",
            "6d6bbae143d832006294945121d1f1fc"));
  }

  /** VGG16 with Keras's defaults: the 1000-class top, random weights. */
  public static Model create() {
    return create(new ApplicationOptions());
  }

  /** Keras's {@code vgg16.preprocess_input}: caffe mode, on a copy (see {@link ImageNet}). */
  public static Tensor preprocessInput(Tensor x) {
    return ImageNet.preprocessInput(x, ImageNet.Mode.CAFFE);
  }
}
