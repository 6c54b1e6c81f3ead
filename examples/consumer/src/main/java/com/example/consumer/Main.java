package com.example.consumer;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.datasets.LabeledDataset;
import dev.myelin.data.datasets.SampleGenerators;
import dev.myelin.layers.Dense;
import dev.myelin.models.EvaluateOptions;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What a user's program does with the Maven artifacts alone: generate data (myelin-data), build,
 * train, evaluate, save and reload a model (myelin-core, with its native library from the jar).
 * Exits non-zero when the model does not learn or the reloaded model predicts differently.
 */
public final class Main {
  private Main() {}

  /** Trains the book's first model on make_circles and checks the result. */
  public static void main(String[] args) throws Exception {
    LabeledDataset circles = SampleGenerators.makeCircles(1000, true, 0.1, 0, 0.2);
    double[] y = Arrays.stream(circles.labels()).asDoubleStream().toArray();
    try (TensorScope scope = new TensorScope()) {
      Tensor x = Tensor.of(circles.x());
      Tensor labels = Tensor.fromArray(y, y.length);
      Sequential model = new Sequential();
      model.add(new Dense(4).activation("tanh").inputShape(2));
      model.add(new Dense(1).activation("sigmoid"));
      model.compile(new SGD(0.5), "binary_crossentropy", "accuracy");
      model.fit(x, labels, new FitOptions().epochs(20).verbose(0));
      double accuracy = model.evaluate(x, labels, new EvaluateOptions().verbose(0))[1];
      Path file = Files.createTempFile("consumer", ".h5");
      model.save(file);
      Model loaded = Models.loadModel(file);
      Files.delete(file);
      float[] a = model.predict(x).toFloatArray();
      float[] b = loaded.predict(x).toFloatArray();
      System.out.printf("consumer: accuracy %.3f, reloaded model equal: %b%n", accuracy, Arrays.equals(a, b));
      if (accuracy < 0.9 || !Arrays.equals(a, b)) {
        System.exit(1);
      }
    }
  }
}
