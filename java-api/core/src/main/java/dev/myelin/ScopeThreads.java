package dev.myelin;

/**
 * The owner-thread rule shared by the per-thread scopes ({@link TensorScope}, {@link DeviceScope}):
 * a scope lives on a thread-local stack, so only the thread that opened it may close it; closing it
 * from another thread would pop that other thread's stack.
 */
final class ScopeThreads {
  private ScopeThreads() {}

  /**
   * Throws {@link IllegalStateException} in the house form unless the calling thread is {@code
   * owner}; {@code op} names the closing method, e.g. {@code "TensorScope.close"}.
   */
  static void requireOwner(String op, Thread owner) {
    Thread caller = Thread.currentThread();
    if (caller != owner) {
      throw new IllegalStateException(
          op
              + ": expected on the thread that opened it ("
              + owner.getName()
              + ") but was on "
              + caller.getName());
    }
  }
}
