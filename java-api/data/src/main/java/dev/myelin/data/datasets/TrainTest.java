package dev.myelin.data.datasets;

import dev.myelin.Tensor;

/**
 * Keras's {@code (x_train, y_train), (x_test, y_test)} pair of pairs.
 *
 * <pre>{@code
 * TrainTest mnist = KerasDatasets.mnist(Path.of("target/mnist"));
 * Tensor xTrain = mnist.train().x(); // uint8 (60000, 28, 28)
 * }</pre>
 *
 * @param train the training images and labels
 * @param test the test images and labels
 */
public record TrainTest(Part train, Part test) {
  /**
   * Images and their labels.
   *
   * @param x the images (uint8)
   * @param y the labels (uint8)
   */
  public record Part(Tensor x, Tensor y) {}
}
