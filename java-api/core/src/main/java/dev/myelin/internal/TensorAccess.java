package dev.myelin.internal;

import dev.myelin.Tensor;

/** Package-crossing access to Tensor internals for the autodiff package (not public API). */
public abstract class TensorAccess {
  private static volatile TensorAccess instance;

  /** Installed once by Tensor's static initialiser. */
  public static void install(TensorAccess access) {
    instance = access;
  }

  /** The installed accessor (initialising Tensor if needed). */
  public static TensorAccess get() {
    TensorAccess a = instance;
    if (a == null) {
      try {
        Class.forName("dev.myelin.Tensor", true, TensorAccess.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = instance;
    }
    return a;
  }

  /**
   * A new Tensor object holding its own native reference to t's tensor (mln_retain), owned by no
   * scope, so it stays valid after t is closed until it is closed itself.
   */
  public abstract Tensor alias(Tensor t, String op);

  /**
   * Like {@link #alias} but without a {@link java.lang.ref.Cleaner} registration of its own (which
   * costs more than a small op): the caller must close it, or own a backstop that does (the
   * gradient tape registers one per tape, not one per recorded tensor).
   */
  public abstract Tensor aliasUnmanaged(Tensor t, String op);

  /**
   * The logits {@code p} was computed from when {@code p} is the output of {@code softmax} over its
   * last axis and both are still open, else null (losses use it to fuse softmax and cross-entropy).
   */
  public abstract Tensor softmaxLogits(Tensor p);
}
