package dev.myelin.metrics;

import dev.myelin.Tensor;
import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.losses.CategoricalCrossentropy;
import dev.myelin.losses.CategoricalHinge;
import dev.myelin.losses.Hinge;
import dev.myelin.losses.Loss;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.losses.SquaredHinge;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * The metric behind the strings {@code accuracy} and {@code acc}: binary, categorical or sparse
 * categorical accuracy, chosen from the loss as Keras 2.2 does, or from the first batch's shapes as
 * Keras 3 does (last prediction axis of size 1: binary; labels of lower rank or with a last axis of
 * 1: sparse; otherwise categorical).
 */
final class ResolvedAccuracy extends Mean {
  static {
    // The loss decides the variant: Metric.get hands it over through resolveFrom.
    Registry.builtIn(
        Registry.Kind.METRIC,
        ResolvedAccuracy.class,
        null,
        List.of("accuracy", "acc"),
        (c, custom) ->
            new ResolvedAccuracy(c.get("name") instanceof String n ? n : "accuracy", null));
  }

  enum Kind {
    BINARY,
    CATEGORICAL,
    SPARSE
  }

  private Kind kind;

  ResolvedAccuracy(String name, Loss loss) {
    super(name, "acc");
    resolveFrom(loss);
  }

  /** Picks the variant the loss implies (binary, sparse or categorical); null leaves it open. */
  void resolveFrom(Loss loss) {
    if (loss instanceof BinaryCrossentropy
        || loss instanceof Hinge
        || loss instanceof SquaredHinge) {
      kind = Kind.BINARY;
    } else if (loss instanceof SparseCategoricalCrossentropy) {
      kind = Kind.SPARSE;
    } else if (loss instanceof CategoricalCrossentropy || loss instanceof CategoricalHinge) {
      kind = Kind.CATEGORICAL;
    }
  }

  /** The variant in use (null until the first batch when the loss did not decide it). */
  Kind kind() {
    return kind;
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    updateState(yTrue, yPred, sampleWeight, false);
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight, boolean labelsChecked) {
    if (yTrue == null || yPred == null) {
      throw new IllegalArgumentException(
          name() + ": arguments 'yTrue' and 'yPred' expected tensors but one was null");
    }
    if (kind == null) {
      if (yPred.rank() <= 1 || yPred.dim(-1) == 1) {
        kind = Kind.BINARY;
      } else if (yTrue.rank() < yPred.rank() || yTrue.dim(-1) == 1) {
        kind = Kind.SPARSE;
      } else {
        kind = Kind.CATEGORICAL;
      }
    }
    try (dev.myelin.TensorScope scope = new dev.myelin.TensorScope()) {
      Tensor values;
      switch (kind) {
        case BINARY:
          values = BinaryAccuracy.values(name(), yTrue, yPred, 0.5);
          break;
        case SPARSE:
          values = SparseCategoricalAccuracy.values(name(), yTrue, yPred, labelsChecked);
          break;
        default:
          values = CategoricalAccuracy.values(name(), yTrue, yPred);
          break;
      }
      update(values, sampleWeight);
    }
  }
}
