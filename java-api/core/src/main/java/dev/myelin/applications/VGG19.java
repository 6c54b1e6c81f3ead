package dev.myelin.applications;

import dev.myelin.Tensor;
import dev.myelin.models.Model;

/**
 * Keras's {@code keras.applications.VGG19}: 16 3x3 convolutions in five blocks ({@code
 * block1_conv1} ... {@code block5_pool}), then {@code flatten}, {@code fc1}, {@code fc2}, {@code
 * predictions}; 143,667,240 parameters with the top at 224x224. Inputs go through {@link
 * #preprocessInput} (caffe mode).
 *
 * <pre>{@code
 * Model model = VGG19.create(new ApplicationOptions().weights("imagenet"));
 * Tensor preds = model.predict(VGG19.preprocessInput(images));
 * }</pre>
 */
public final class VGG19 {
  static final String URL =
      "https://storage.googleapis.com/tensorflow/keras-applications/vgg19/"
          + "vgg19_weights_tf_dim_ordering_tf_kernels";

  private VGG19() {}

  /** Builds VGG19 as Keras does (model name {@code vgg19}), with the weights {@code o} asks for. */
  public static Model create(ApplicationOptions o) {
    return Vgg.create(
        "VGG19",
        "vgg19",
        new int[] {2, 2, 4, 4, 4},
        o,
        new Application.PublishedWeights(
            URL + ".h5",
            "cbe5617147190e668d6c5d5026f83318",
            URL + "_notop.h5",
            "253f8cb515780f3b799900260a226db6"));
  }

  /** VGG19 with Keras's defaults: the 1000-class top, random weights. */
  public static Model create() {
    return create(new ApplicationOptions());
  }

  /** Keras's {@code vgg19.preprocess_input}: caffe mode, on a copy (see {@link ImageNet}). */
  public static Tensor preprocessInput(Tensor x) {
    return ImageNet.preprocessInput(x, ImageNet.Mode.CAFFE);
  }
}
