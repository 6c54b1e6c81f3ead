package dev.myelin.examples;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.callbacks.History;
import dev.myelin.data.datasets.KerasDatasets;
import dev.myelin.data.datasets.TrainTest;
import dev.myelin.data.plot.Plot;
import dev.myelin.models.EvaluateOptions;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MNIST for the chapter 6 and 10 programs, prepared as the book prepares it: pixels as float32 in
 * [0, 1] ({@code astype('float32') / 255.0}), labels one-hot ({@code to_categorical}).
 */
final class Mnist {
  private Mnist() {}

  /**
   * The folder holding MNIST's idx files: {@code --mnist DIR}, else {@code MYELIN_MNIST_DIR}, else
   * {@code target/mnist} (where {@code bin/myelin bench fetch-mnist} puts them); null when none of
   * them holds the files (then {@link #load} downloads into Keras's cache as {@code
   * mnist.load_data()} does).
   */
  static Path dir(String[] args) {
    String given = Book.option(args, "--mnist");
    if (given == null) {
      given = System.getenv("MYELIN_MNIST_DIR");
    }
    Path dir = Path.of(given != null && !given.isEmpty() ? given : "target/mnist");
    if (Files.isRegularFile(dir.resolve("train-images-idx3-ubyte"))
        || Files.isRegularFile(dir.resolve("mnist.npz"))) {
      return dir;
    }
    if (given != null && !given.isEmpty()) {
      throw new IllegalArgumentException(
          "no MNIST files in " + dir.toAbsolutePath().normalize() + " (--mnist/MYELIN_MNIST_DIR)");
    }
    return null;
  }

  /** MNIST from {@code dir}, or Keras's download into the cache when {@code dir} is null. */
  static TrainTest load(Path dir) {
    try {
      return dir != null ? KerasDatasets.mnist(dir) : KerasDatasets.mnist();
    } catch (IOException e) {
      throw new UncheckedIOException("reading MNIST", e);
    }
  }

  /** uint8 images {@code (n, 28, 28)} as float32 {@code shape}, scaled to [0, 1]. */
  static Tensor pixels(Tensor images, long... shape) {
    return images.cast(DType.FLOAT32).div(255.0).reshape(shape);
  }

  /** uint8 labels as float32 one-hot rows of 10 ({@code to_categorical(y, 10)}). */
  static Tensor oneHot(Tensor labels) {
    return labels.cast(DType.INT32).oneHot(10);
  }

  /** The first {@code n} rows of {@code t} (all of them when {@code n} is not smaller). */
  static Tensor head(Tensor t, long n) {
    return n >= t.shape()[0] ? t : t.slice(dev.myelin.Slice.to(n));
  }

  /** What {@link #train} gives: the summary, the history, the accuracies and the plot. */
  record Trained(
      String summary,
      long params,
      Map<String, List<Double>> history,
      double testAccuracy,
      double trainAccuracy,
      Path plot) {}

  /**
   * Trains {@code model} as the chapter 6 programs do: RMSprop on the categorical cross-entropy,
   * batch 128, {@code validationSplit} of the training rows held out; then scores both sets and
   * plots the accuracy curves into {@code out}. {@code verbose} 1 prints the summary and progress.
   */
  static Trained train(
      Sequential model,
      Tensor xTrain,
      Tensor yTrain,
      Tensor xTest,
      Tensor yTest,
      int epochs,
      double validationSplit,
      int verbose,
      Path out) {
    String summary = model.summaryString();
    if (verbose > 0) {
      System.out.print(summary);
    }
    model.compile("rmsprop", "categorical_crossentropy", "accuracy");
    History h =
        model.fit(
            xTrain,
            yTrain,
            new FitOptions()
                .batchSize(128)
                .epochs(epochs)
                .verbose(verbose)
                .validationSplit(validationSplit));
    EvaluateOptions quiet = new EvaluateOptions().verbose(0);
    double test = model.evaluate(xTest, yTest, quiet)[1];
    double train = model.evaluate(xTrain, yTrain, quiet)[1];
    Path plot =
        Book.save(Plot.plotHistory(h.history(), "accuracy", "val_accuracy"), out, "accuracy.png");
    return new Trained(summary, model.countParams(), h.history(), test, train, plot);
  }
}
