package dev.myelin.examples;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.text.CsrMatrix;
import dev.myelin.data.text.SparseBatches;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import java.util.stream.IntStream;

/**
 * The chapter 8 bag-of-words models: one sigmoid unit on sparse rows, trained with Adam on the
 * binary cross-entropy (batch 32, densified a batch at a time), scored on the held-out rows.
 */
final class SparseLogistic {
  private SparseLogistic() {}

  /** The per-epoch training losses, the test accuracy and the unit's input weights. */
  record Trained(java.util.List<Double> losses, double accuracy, float[] weights) {}

  /** Trains {@code Dense(1, sigmoid)} on the training rows of {@code split} for {@code epochs}. */
  static Trained train(CsrMatrix x, int[] y, Split split, int epochs) {
    CsrMatrix xTrain = x.selectRows(split.train());
    float[] yTrain = new float[split.train().length];
    for (int i = 0; i < yTrain.length; i++) {
      yTrain[i] = y[split.train()[i]];
    }
    Sequential model = new Sequential();
    model.add(new Dense(1).inputDim(x.cols()).activation("sigmoid"));
    model.compile("adam", "binary_crossentropy", "accuracy");
    var history =
        model.fit(
            new SparseBatches(xTrain, yTrain).batchSize(32),
            new FitOptions().epochs(epochs).verbose(0));
    int[] yTest = IntStream.of(split.test()).map(i -> y[i]).toArray();
    try (TensorScope scope = new TensorScope()) {
      Tensor p = model.predict(x.selectRows(split.test()).toTensor());
      int[] pred = Book.above(toDoubles(p.toFloatArray()), 0.5);
      return new Trained(
          history.history().get("loss"),
          ClassificationMetrics.accuracy(yTest, pred),
          model.getWeights().get(0).toFloatArray());
    }
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
