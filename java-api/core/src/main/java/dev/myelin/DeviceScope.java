package dev.myelin;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * A block of code whose new tensors and model weights are placed on one device, like TensorFlow's
 * {@code with tf.device(...)}: made by {@link Device#scope()}, closed by try-with-resources.
 *
 * <pre>{@code
 * try (DeviceScope s = Device.cuda(0).scope()) {
 *   Tensor x = Tensor.ones(2, 3);      // on cuda:0
 *   model.build(new long[] {-1, 3});   // weights on cuda:0
 * }
 * }</pre>
 *
 * <p>Scopes nest (the innermost decides) and belong to the thread that opened them: a scope never
 * changes where another thread places its tensors. Outside every scope {@link
 * Myelin#defaultDevice()} decides. Ops are not placed: they run where their inputs are, and inputs
 * on different devices fail naming both (move one with {@link Tensor#to(Device)}).
 */
public final class DeviceScope implements AutoCloseable {
  private static final ThreadLocal<ArrayDeque<DeviceScope>> OPEN =
      ThreadLocal.withInitial(ArrayDeque::new);
  private static volatile Device defaultDevice = Device.CPU;

  private final Device device;
  private final Thread owner;
  private boolean closed;

  DeviceScope(Device device) {
    this.device = device;
    this.owner = Thread.currentThread();
    OPEN.get().push(this);
  }

  /** The device this scope places tensors on. */
  public Device device() {
    return device;
  }

  /**
   * Ends the scope: the enclosing scope (or the default device) decides again. Closing twice does
   * nothing; closing a scope that is not the innermost open one, or from another thread, throws
   * {@link IllegalStateException} (scopes nest like blocks).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    ScopeThreads.requireOwner("DeviceScope.close", owner);
    ArrayDeque<DeviceScope> open = OPEN.get();
    if (open.peek() != this) {
      throw new IllegalStateException(
          "DeviceScope.close: expected the innermost open scope (on "
              + open.peek().device
              + ") to be closed first but was the scope on "
              + device);
    }
    open.pop();
    closed = true;
  }

  /**
   * The device new tensors of the calling thread go to: its innermost scope's, else the default.
   */
  static Device current() {
    DeviceScope s = OPEN.get().peek();
    return s == null ? defaultDevice : s.device;
  }

  static Device defaultDevice() {
    return defaultDevice;
  }

  static void setDefaultDevice(Device device) {
    defaultDevice = device;
  }

  /**
   * {@code t} on the calling thread's current device: {@code t} itself when it is there, else a
   * copy there ({@code t} is closed). Creation functions and weights pass their results through.
   */
  static Tensor place(Tensor t) {
    Device d = current();
    // Creation functions make their tensors on the CPU: no native query on the default device.
    if (d == Device.CPU || t.device().equals(d)) {
      return t;
    }
    Tensor moved = t.to(d);
    t.close();
    return moved;
  }

  /**
   * Runs {@code init} with new tensors on the CPU, then places its result on the calling thread's
   * current device: how layers initialise weights, so that every initializer (whose ops all have
   * CPU kernels, e.g. Orthogonal's QR) works whatever device the weights go to, and random weights
   * are the CPU engine's numbers for the seed.
   */
  public static Tensor initOnHost(Supplier<Tensor> init) {
    Tensor t;
    try (DeviceScope host = new DeviceScope(Device.CPU)) {
      t = init.get();
    }
    return place(t);
  }

  /** E.g. {@code DeviceScope(cuda:0)}, or {@code DeviceScope(cpu, closed)} once closed. */
  @Override
  public String toString() {
    return "DeviceScope(" + device + (closed ? ", closed)" : ")");
  }
}
