package dev.myelin.losses;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns Keras's {@code class_weight} map into per-sample weights: each sample gets the weight of
 * its class, taken from integer labels (batch,), one-hot rows (batch, classes) (their argmax) or
 * binary labels (batch, 1) (rounded), as Keras does in {@code fit}.
 *
 * <pre>{@code
 * Tensor w = ClassWeights.sampleWeights(yTrain, Map.of(0, 1.0, 1, 5.0));
 * }</pre>
 */
public final class ClassWeights {
  private ClassWeights() {}

  /** Per-sample weights (float32, shape (batch,)) for {@code yTrue} from {@code classWeight}. */
  public static Tensor sampleWeights(Tensor yTrue, Map<Integer, Double> classWeight) {
    if (yTrue == null || classWeight == null || classWeight.isEmpty()) {
      throw new IllegalArgumentException(
          "ClassWeights.sampleWeights: arguments 'yTrue' and 'classWeight' expected a tensor and a"
              + " non-empty map but got "
              + yTrue
              + " and "
              + classWeight);
    }
    try (TensorScope scope = new TensorScope()) {
      Tensor classes;
      if (yTrue.rank() >= 2 && yTrue.dim(-1) > 1) {
        classes = yTrue.argmax(-1);
      } else if (yTrue.rank() == 2 && yTrue.dim(-1) == 1) {
        classes = yTrue.cast(DType.FLOAT64).round().squeeze(-1).cast(DType.INT64);
      } else {
        classes = yTrue.cast(DType.INT64);
      }
      classes = classes.reshape(classes.numel());
      long lo = classes.numel() == 0 ? 0 : (long) classes.min().item();
      long hi = classes.numel() == 0 ? 0 : (long) classes.max().item();
      if (lo < 0) {
        throw new IllegalArgumentException(
            "ClassWeights.sampleWeights: expected class labels >= 0 but found " + lo);
      }
      float[] table = new float[(int) hi + 1];
      for (int c = 0; c <= hi; c++) {
        Double w = classWeight.get(c);
        if (w == null) {
          boolean present = classes.eq(c).any().item() != 0;
          if (present) {
            throw new IllegalArgumentException(
                "ClassWeights.sampleWeights: argument 'classWeight' has no weight for class "
                    + c
                    + " present in the labels; it has classes "
                    + new TreeMap<>(classWeight).keySet());
          }
          w = 1.0;
        }
        table[c] = w.floatValue();
      }
      return scope.keep(Tensor.fromArray(table, table.length).take(classes, 0));
    }
  }
}
