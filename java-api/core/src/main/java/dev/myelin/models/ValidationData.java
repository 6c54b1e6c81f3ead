package dev.myelin.models;

import dev.myelin.Tensor;

/**
 * The validation data of {@link FitOptions} as tensors: given as tensors, or as array-likes
 * converted by the rules of {@link Model#fit(Object, Object, FitOptions)} (integer labels become
 * float32 unless the loss is the sparse categorical cross-entropy).
 */
final class ValidationData {
  private ValidationData() {}

  /**
   * {@code {x, y}} of {@code o}'s validation arrays, new tensors belonging to the caller's scope;
   * null when {@code o} validates on a Dataset or not at all.
   */
  static Tensor[][] arrays(Model m, FitOptions o) {
    if (o.validationX != null) {
      return new Tensor[][] {o.validationX, o.validationY};
    }
    if (o.validationArrayX == null) {
      return null;
    }
    String op = m.name() + ".fit";
    java.util.List<String> texts = StringInputs.texts(o.validationArrayX);
    if (texts != null) {
      // validation texts of a model with a string input: vectorized by that model's string layers
      Model owner = m.callbackModel();
      return new Tensor[][] {
        StringInputs.tensors(owner, texts, op), {ModelArrays.target(owner, op, o.validationArrayY)}
      };
    }
    return new Tensor[][] {
      {ModelArrays.input(op, "validationData x", o.validationArrayX)},
      {ModelArrays.target(m, op, o.validationArrayY)}
    };
  }
}
