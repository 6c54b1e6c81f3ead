package dev.myelin.examples;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.image.ArrayIterator;
import dev.myelin.data.image.ImageDataGenerator;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import java.nio.file.Path;

/**
 * Chapter 10.9: the base network of 10.3 behind {@code Flatten(input_shape=(8, 8, 1))}, trained on
 * digits augmented by {@code ImageDataGenerator(width_shift_range=0.1, height_shift_range=0.1,
 * rotation_range=10, shear_range=0.1, zoom_range=0.1, fill_mode='constant')}: the book's {@code
 * repeat_train_generator} fits from the generator with {@code steps_per_epoch=5} batches of 256 for
 * 40 epochs, three times, validating on the untouched test digits.
 */
public final class DigitsAugmented implements Example {
  /**
   * The figures of 10.9.
   *
   * @param trainShape {@code X_train_t.shape}
   * @param flowBatchShape the images of one batch of the default {@code flow(X_train_t, y_train)}
   * @param params the model's parameter count
   * @param curves the averaged accuracy curves
   * @param plot the plot
   */
  public record Result(
      long[] trainShape,
      long[] flowBatchShape,
      long params,
      RepeatTrain.Curves curves,
      Path plot) {}

  @Override
  public String name() {
    return "digits-augmented";
  }

  @Override
  public String description() {
    return "ch.10.9 digits with ImageDataGenerator augmentation, fit from the generator (repeated)";
  }

  @Override
  public void run(String[] args) {
    int repeats = DigitsData.count(args, "--repeats", 3);
    int epochs = DigitsData.count(args, "--epochs", 40);
    Result r = run(DigitsData.load(args), Book.outDir(name(), args), repeats, epochs, 0, true);
    System.out.println(
        Book.fmt(
            "final train %.4f  final test %.4f  best test %.4f",
            r.curves().finalTrain(), r.curves().finalTest(), r.curves().bestTest()));
  }

  /** {@code repeat_train_generator(tensor_model, repeats, epochs)}; repeat r is seeded seed + r. */
  public static Result run(
      DigitsData d, Path out, int repeats, int epochs, long seed, boolean print) {
    ImageDataGenerator idg =
        new ImageDataGenerator()
            .widthShiftRange(0.1)
            .heightShiftRange(0.1)
            .rotationRange(10)
            .shearRange(0.1)
            .zoomRange(0.1)
            .fillMode("constant");
    try (TensorScope scope = new TensorScope()) {
      Tensor xTrain = d.x(d.split().train(), 8, 8, 1);
      Tensor yTrain = d.oneHot(d.split().train());
      Tensor xTest = d.x(d.split().test(), 8, 8, 1);
      Tensor yTest = d.oneHot(d.split().test());
      long[] batchShape;
      try (ArrayIterator demo = idg.flow(xTrain, yTrain)) {
        batchShape = demo.next().x().shape();
      }
      if (print) {
        System.out.println("X_train_t.shape: " + tuple(xTrain.shape()));
        System.out.println("flow(X_train_t, y=y_train) batch: " + tuple(batchShape));
      }
      long params = build().countParams();
      FitOptions fit = new FitOptions().epochs(epochs).verbose(0).validationData(xTest, yTest);
      long[] repeat = {seed};
      RepeatTrain.Curves c =
          RepeatTrain.run(
              DigitsAugmented::build,
              m -> {
                try (TensorScope inner = new TensorScope();
                    ArrayIterator gen = idg.flow(xTrain, yTrain, 256, true, repeat[0]++)) {
                  gen.stepsPerEpoch(5);
                  return m.fit(gen, fit);
                }
              },
              repeats,
              seed,
              print);
      Path plot = RepeatTrain.plot(c, "Augmented Data Accuracy", null, out, "augmented.png");
      return new Result(xTrain.shape(), batchShape, params, c, plot);
    }
  }

  /** A shape as numpy prints it, e.g. {@code (32, 8, 8, 1)}. */
  private static String tuple(long[] shape) {
    String s = java.util.Arrays.toString(shape);
    return "(" + s.substring(1, s.length() - 1) + ")";
  }

  private static Model build() {
    Sequential m = new Sequential();
    m.add(new Flatten().inputShape(8, 8, 1));
    for (int i = 0; i < 3; i++) {
      m.add(new Dense(1024).activation("relu"));
    }
    m.add(new Dense(10).activation("softmax"));
    m.compile("adam", "categorical_crossentropy", "accuracy");
    return m;
  }
}
