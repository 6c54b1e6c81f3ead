package dev.myelin.internal;

import java.lang.ref.Reference;

/**
 * Keeps tensors reachable until a native call that reads them has returned.
 *
 * <p>A {@code Tensor} that is not closed is released by a {@link java.lang.ref.Cleaner} once it
 * becomes unreachable, and the JIT may consider it unreachable as soon as its handle (a {@code
 * long}) has been loaded: without a fence the Cleaner could free the storage while native code
 * still reads or writes it. Every native call that takes a tensor's handle is therefore written as
 * {@code Reachable.after(NativeCore.mln_op(a.h(op), b.h(op)), a, b)}: the tensors are arguments
 * evaluated after the call, and {@link Reference#reachabilityFence} keeps them alive up to there.
 * Arrays of tensors are passed as the array (it keeps its elements reachable); the {@code int}
 * overloads pass through the {@code long} ones. The fence compiles to nothing (it only extends
 * liveness), and the fixed-arity overloads allocate nothing.
 */
public final class Reachable {
  private Reachable() {}

  /** Returns {@code result} after keeping {@code a} reachable up to here. */
  public static long after(long result, Object a) {
    Reference.reachabilityFence(a);
    return result;
  }

  /** Returns {@code result} after keeping {@code a} and {@code b} reachable up to here. */
  public static long after(long result, Object a, Object b) {
    Reference.reachabilityFence(a);
    Reference.reachabilityFence(b);
    return result;
  }

  /** Returns {@code result} after keeping {@code a}, {@code b} and {@code c} reachable. */
  public static long after(long result, Object a, Object b, Object c) {
    Reference.reachabilityFence(a);
    Reference.reachabilityFence(b);
    Reference.reachabilityFence(c);
    return result;
  }

  /** Returns {@code result} after keeping {@code a} reachable up to here. */
  public static int after(int result, Object a) {
    return (int) after((long) result, a);
  }

  /** Returns {@code result} after keeping {@code a} and {@code b} reachable up to here. */
  public static int after(int result, Object a, Object b) {
    return (int) after((long) result, a, b);
  }

  /** Returns {@code result} after keeping {@code a}, {@code b} and {@code c} reachable. */
  public static int after(int result, Object a, Object b, Object c) {
    return (int) after((long) result, a, b, c);
  }

  /** Returns {@code result} after keeping {@code a} reachable up to here. */
  public static double after(double result, Object a) {
    Reference.reachabilityFence(a);
    return result;
  }

  /** Returns {@code result} after keeping {@code a} reachable up to here. */
  public static <T> T after(T result, Object a) {
    Reference.reachabilityFence(a);
    return result;
  }
}
