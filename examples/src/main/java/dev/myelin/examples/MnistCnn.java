package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.datasets.TrainTest;
import dev.myelin.layers.Activation;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.models.Sequential;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Chapter 6.8: a convolutional network on MNIST. Images as {@code (28, 28, 1)} in [0, 1}, one-hot
 * labels, {@code Conv2D(32, (3, 3), kernel_initializer='normal') -> MaxPooling2D((2, 2)) ->
 * Activation('relu') -> Flatten() -> Dense(64, relu) -> Dense(10, softmax)} (347,146 parameters),
 * RMSprop on the categorical cross-entropy, batch 128, 5 epochs with {@code validation_split=0.3}.
 */
public final class MnistCnn implements Example {
  /** The model's summary, its training history and the accuracies. */
  public record Result(
      String summary,
      long params,
      long[] trainShape,
      Map<String, List<Double>> history,
      double testAccuracy,
      double trainAccuracy,
      Path plot) {}

  @Override
  public String name() {
    return "mnist-cnn";
  }

  @Override
  public String description() {
    return "ch.6 MNIST with a CNN: Conv2D(32, 3x3) -> MaxPooling2D -> Dense(64) -> 10, RMSprop";
  }

  @Override
  public void run(String[] args) {
    Result r = run(Mnist.dir(args), Book.outDir(name(), args), 5, 60000, 1, 0);
    System.out.println(Book.fmt("Train accuracy: %.4f", r.trainAccuracy()));
    System.out.println(Book.fmt("Test accuracy: %.4f", r.testAccuracy()));
    System.out.println("learning curves: " + r.plot());
  }

  /**
   * Trains on the first {@code trainRows} MNIST training images for {@code epochs}, seeded by
   * {@code seed}; {@code verbose} 1 prints the summary and Keras's progress lines.
   */
  public static Result run(
      Path mnist, Path out, int epochs, int trainRows, int verbose, long seed) {
    TrainTest data = Mnist.load(mnist);
    try (TensorScope scope = new TensorScope()) {
      Tensor xTrain = Mnist.pixels(Mnist.head(data.train().x(), trainRows), -1, 28, 28, 1);
      Tensor yTrain = Mnist.oneHot(Mnist.head(data.train().y(), trainRows));
      Tensor xTest = Mnist.pixels(data.test().x(), -1, 28, 28, 1);
      Tensor yTest = Mnist.oneHot(data.test().y());
      Myelin.setSeed(seed);
      Sequential model = new Sequential();
      model.add(new Conv2D(32, 3, 3).inputShape(28, 28, 1).kernelInitializer("normal"));
      model.add(new MaxPooling2D(2, 2));
      model.add(new Activation("relu"));
      model.add(new Flatten());
      model.add(new Dense(64).activation("relu"));
      model.add(new Dense(10).activation("softmax"));
      Mnist.Trained t = Mnist.train(model, xTrain, yTrain, xTest, yTest, epochs, 0.3, verbose, out);
      return new Result(
          t.summary(),
          t.params(),
          xTrain.shape(),
          t.history(),
          t.testAccuracy(),
          t.trainAccuracy(),
          t.plot());
    }
  }
}
