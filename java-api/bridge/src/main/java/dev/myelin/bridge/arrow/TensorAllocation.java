package dev.myelin.bridge.arrow;

import dev.myelin.Tensor;
import org.apache.arrow.memory.ForeignAllocation;

/**
 * Arrow's view of a tensor's memory: holds its own tensor view and closes it when Arrow is done.
 */
final class TensorAllocation extends ForeignAllocation {
  private final Tensor view;

  /** Takes ownership of {@code view}, a detached view of the tensor's storage. */
  TensorAllocation(Tensor view) {
    super(view.nbytes(), view.address());
    this.view = view;
  }

  @Override
  protected void release0() {
    view.close();
  }
}
