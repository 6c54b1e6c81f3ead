package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * {@code mean(max(1 - y_true * y_pred, 0), axis=-1)}; labels in {0, 1} are first mapped to {-1, 1}
 * as Keras does.
 *
 * <pre>{@code
 * Tensor l = new Hinge().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class Hinge extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS, Hinge.class, "Hinge", List.of("hinge"), (c, custom) -> new Hinge());
  }

  /** The loss named {@code hinge}. */
  public Hinge() {
    super("hinge");
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align(yTrue, yPred);
    a[0] = toSignedLabels(a[0]);
    return meanLastAxis(a[0].mul(a[1]).neg().add(1.0).relu());
  }

  /**
   * Maps labels in {0, 1} to {-1, 1} (Keras's convert_binary_labels_to_hinge); others unchanged.
   */
  static Tensor toSignedLabels(Tensor t) {
    // decided on the device (like Keras's tf.cond), no host read: the step stays traceable
    Tensor binary = t.eq(0.0).logicalOr(t.eq(1.0)).all();
    return Tensor.where(binary, t.mul(2.0).sub(1.0), t);
  }
}
