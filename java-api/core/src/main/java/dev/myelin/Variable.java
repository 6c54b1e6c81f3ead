package dev.myelin;

import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;

/**
 * A named, mutable holder of a tensor: a layer's weight or an optimizer's slot. Its value is
 * detached from every {@link TensorScope}, so per-step scopes never close it; it lives until {@link
 * #close()}.
 *
 * <p>Optimizers update a variable in place (fused native kernels write into {@link #value()}'s
 * memory) or by {@link #assign(Tensor)}, which swaps in a new tensor and closes the old one. A
 * {@link Tensor#isReadOnly() read-only} tensor given to the constructor or to {@code assign} (numpy
 * weights over a {@code bytes} object, an Arrow buffer) is copied, so the value is always writable.
 *
 * <pre>{@code
 * Variable w = new Variable("dense/kernel", Tensor.zeros(DType.FLOAT32, 2, 4), true);
 * w.assign(w.value().sub(grad.mul(0.1)));
 * }</pre>
 */
public final class Variable implements AutoCloseable {
  private final String name;
  private boolean trainable;
  private Tensor value;

  /**
   * A variable named {@code name} that takes ownership of {@code initial} (a read-only one is
   * copied and closed).
   */
  public Variable(String name, Tensor initial, boolean trainable) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          "Variable: argument 'name' expected a non-empty string but was " + quote(name));
    }
    if (initial == null) {
      throw new IllegalArgumentException(
          "Variable: argument 'initial' expected a Tensor but was null (variable " + name + ")");
    }
    this.name = name;
    this.trainable = trainable;
    this.value = writable(initial);
  }

  /** {@code t} detached, or for a read-only {@code t} a detached writable copy (t is closed). */
  private static Tensor writable(Tensor t) {
    if (!t.isReadOnly()) {
      return t.detach();
    }
    Tensor c = t.copy().detach();
    t.close();
    return c;
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  /** The variable's name, e.g. {@code dense_1/kernel}. */
  public String name() {
    return name;
  }

  /** Whether optimizers update this variable. */
  public boolean trainable() {
    return trainable;
  }

  /** Marks the variable trainable or frozen. */
  public void setTrainable(boolean trainable) {
    this.trainable = trainable;
  }

  /** The current value (owned by this variable: do not close it). */
  public Tensor value() {
    if (value == null) {
      throw new IllegalStateException("Variable " + name + ": variable was closed");
    }
    return value;
  }

  /** The shape of the value. */
  public long[] shape() {
    return value().shape();
  }

  /** The dtype of the value. */
  public DType dtype() {
    return value().dtype();
  }

  /**
   * Replaces the value with {@code newValue} (same shape and dtype), taking ownership of it and
   * closing the previous value; a read-only {@code newValue} is copied (and closed).
   */
  public void assign(Tensor newValue) {
    Tensor old = value();
    if (newValue == null) {
      throw new IllegalArgumentException(
          "Variable " + name + ".assign: argument 'newValue' expected a Tensor but was null");
    }
    if (newValue == old) {
      return;
    }
    if (!java.util.Arrays.equals(newValue.shape(), old.shape())
        || newValue.dtype() != old.dtype()) {
      throw new IllegalArgumentException(
          "Variable "
              + name
              + ".assign: expected shape "
              + java.util.Arrays.toString(old.shape())
              + " and dtype "
              + old.dtype()
              + ", got shape "
              + java.util.Arrays.toString(newValue.shape())
              + " and dtype "
              + newValue.dtype());
    }
    value = writable(newValue);
    old.close();
  }

  /**
   * In place, {@code value = value * momentum + x * (1 - momentum)} (Keras's moving statistics, as
   * batch normalization keeps them). The update writes into the value's memory, so a traced
   * training step records and replays it; it is not recorded on gradient tapes.
   */
  public void assignMovingAverage(Tensor x, double momentum) {
    String op = "Variable " + name + ".assignMovingAverage";
    if (x == null) {
      throw new IllegalArgumentException(op + ": argument 'x' expected a Tensor but was null");
    }
    Tensor v = value();
    int status = Reachable.after(NativeCore.mln_moving_average(v.h(op), x.h(op), momentum), v, x);
    Errors.checkStatus(status, op);
  }

  /** Releases the value. */
  @Override
  public void close() {
    if (value != null) {
      value.close();
      value = null;
    }
  }

  /** Returns e.g. {@code <Variable dense_1/kernel shape=[2, 4] dtype=FLOAT32>}. */
  @Override
  public String toString() {
    return value == null
        ? "<Variable " + name + " (closed)>"
        : "<Variable "
            + name
            + " shape="
            + java.util.Arrays.toString(value.shape())
            + " dtype="
            + value.dtype()
            + ">";
  }
}
