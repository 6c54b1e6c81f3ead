package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.datasets.TrainTest;
import dev.myelin.layers.Dense;
import dev.myelin.models.Sequential;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Chapter 6.1: a fully connected network on MNIST. 784 pixels scaled to [0, 1], one-hot labels,
 * {@code Dense(512, relu) -> Dense(256, relu) -> Dense(128, relu) -> Dense(32, relu) -> Dense(10,
 * softmax)} (570,602 parameters), RMSprop on the categorical cross-entropy, batch 128, 10 epochs
 * with {@code validation_split=0.1}; test and train accuracy, and the learning curves.
 */
public final class MnistDense implements Example {
  /** The model's summary, its training history and the accuracies. */
  public record Result(
      String summary,
      long params,
      long[] trainShape,
      float[] firstLabel,
      Map<String, List<Double>> history,
      double testAccuracy,
      double trainAccuracy,
      Path plot) {}

  @Override
  public String name() {
    return "mnist-dense";
  }

  @Override
  public String description() {
    return "ch.6 MNIST with a dense network: 784 -> 512 -> 256 -> 128 -> 32 -> 10, RMSprop";
  }

  @Override
  public void run(String[] args) {
    Result r = run(Mnist.dir(args), Book.outDir(name(), args), 10, 60000, 1, 0);
    System.out.println(Book.fmt("Test accuracy: %.4f", r.testAccuracy()));
    System.out.println(Book.fmt("Train accuracy: %.4f", r.trainAccuracy()));
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
      Tensor xTrain = Mnist.pixels(Mnist.head(data.train().x(), trainRows), -1, 28 * 28);
      Tensor yTrain = Mnist.oneHot(Mnist.head(data.train().y(), trainRows));
      Tensor xTest = Mnist.pixels(data.test().x(), -1, 28 * 28);
      Tensor yTest = Mnist.oneHot(data.test().y());
      Myelin.setSeed(seed);
      Sequential model = new Sequential();
      model.add(new Dense(512).inputDim(784).activation("relu"));
      model.add(new Dense(256).activation("relu"));
      model.add(new Dense(128).activation("relu"));
      model.add(new Dense(32).activation("relu"));
      model.add(new Dense(10).activation("softmax"));
      Mnist.Trained t = Mnist.train(model, xTrain, yTrain, xTest, yTest, epochs, 0.1, verbose, out);
      return new Result(
          t.summary(),
          t.params(),
          xTrain.shape(),
          yTrain.slice(dev.myelin.Slice.index(0)).toFloatArray(),
          t.history(),
          t.testAccuracy(),
          t.trainAccuracy(),
          t.plot());
    }
  }
}
