package dev.myelin;

import dev.myelin.internal.Errors;
import dev.myelin.internal.Native;
import dev.myelin.internal.NativeCore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a tensor's memory lives and its kernels run: a device kind ({@code "cpu"}, {@code "cuda"})
 * and an index. The native core serves each kind with an engine; a kind whose engine is not built
 * into the library has no devices, and asking for one throws {@link IllegalStateException}.
 */
public final class Device {
  // Native mln_device_kind codes.
  private static final int CPU_CODE = 0;
  private static final int CUDA_CODE = 1;
  private static final int KIND_COUNT = 2;

  /** The host CPU (oneDNN CPU engine). */
  public static final Device CPU = new Device("cpu", 0, CPU_CODE);

  private final String kind;
  private final int index;
  private final int code;

  private Device(String kind, int index, int code) {
    this.kind = kind;
    this.index = index;
    this.code = code;
  }

  /**
   * The CUDA device with the given index; throws {@link IllegalStateException} naming the reason
   * while no CUDA engine serves (library not built or not found, no driver, no device).
   */
  public static Device cuda(int index) {
    if (index < 0) {
      throw Errors.arg("Device.cuda", "index", ">= 0", index);
    }
    Native.ensureLoaded();
    int count = NativeCore.mln_device_count(CUDA_CODE);
    if (index >= count) {
      throw new IllegalStateException(
          "Device.cuda("
              + index
              + "): "
              + (count == 0
                  ? "no CUDA device/backend available ("
                      + cudaUnavailableReason()
                      + "; Myelin runs on the CPU only)"
                  : "only " + count + " CUDA device(s) are present"));
    }
    return new Device("cuda", index, CUDA_CODE);
  }

  /** The first GPU; throws while no CUDA engine is built in. */
  public static Device gpu() {
    return cuda(0);
  }

  /** Parses "cpu", "cuda" or "cuda:N" (the latter two throw while no CUDA engine is built in). */
  public static Device of(String name) {
    if (name == null) {
      throw new IllegalArgumentException(
          "Device.of: argument 'name' expected \"cpu\" or \"cuda[:N]\" but was null");
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("cpu")) {
      return CPU;
    }
    if (n.equals("cuda") || n.equals("gpu")) {
      return cuda(0);
    }
    if (n.startsWith("cuda:") || n.startsWith("gpu:")) {
      return cuda(Integer.parseInt(n.substring(n.indexOf(':') + 1)));
    }
    throw new IllegalArgumentException(
        "Device.of: argument 'name' expected \"cpu\" or \"cuda[:N]\" but was \"" + name + "\"");
  }

  /** The devices this process can use, as the native engines enumerate them (the CPU first). */
  public static List<Device> available() {
    Native.ensureLoaded();
    List<Device> out = new ArrayList<>();
    for (int code = 0; code < KIND_COUNT; code++) {
      int count = NativeCore.mln_device_count(code);
      for (int i = 0; i < count; i++) {
        out.add(fromNative(code, i));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Why no CUDA device serves in this process, or "" when one does: the CUDA engine library not
   * built or not found, no driver, no device (the native loader's reason; docs/gpu.md).
   */
  public static String cudaUnavailableReason() {
    Native.ensureLoaded();
    String reason = NativeCore.mln_device_unavailable_reason(CUDA_CODE);
    if (reason == null) {
      throw Errors.fail("Device.cudaUnavailableReason");
    }
    return reason;
  }

  /** The device for a native (kind code, index) pair. */
  static Device fromNative(int code, int index) {
    if (code == CPU_CODE && index == 0) {
      return CPU;
    }
    String name = NativeCore.mln_device_kind_name(code);
    if (name == null) {
      throw new IllegalStateException("device: the native core reported unknown kind " + code);
    }
    return new Device(name, index, code);
  }

  /** The native mln_device_kind code. */
  int code() {
    return code;
  }

  /** The device kind, e.g. {@code "cpu"}. */
  public String kind() {
    return kind;
  }

  /** The device index within its kind. */
  public int index() {
    return index;
  }

  /** A one-line description from the device's engine, e.g. threads, ISA and memory budget. */
  public String description() {
    Native.ensureLoaded();
    String d = NativeCore.mln_device_description(code, index);
    if (d == null) {
      throw Errors.fail("Device.description");
    }
    return d;
  }

  /**
   * The allocator counters of this device: for the CPU, {@link Myelin#memoryStats()}; for a GPU,
   * its engine's caching allocator (live, peak and cached bytes, allocations, cache hits), with no
   * budget or cache limit (both 0).
   */
  public MemoryStats memoryStats() {
    if (code == CPU_CODE) {
      return Myelin.memoryStats();
    }
    Native.ensureLoaded();
    long[] s = new long[5];
    if (NativeCore.mln_device_alloc_stats(code, index, s) != 0) {
      throw Errors.fail("Device.memoryStats");
    }
    return new MemoryStats(s[0], s[1], s[2], s[3], s[4], 0, 0);
  }

  /** Gives the device allocator's cached free blocks back to the system (the driver for a GPU). */
  public void emptyCache() {
    Native.ensureLoaded();
    if (NativeCore.mln_device_empty_cache(code, index) != 0) {
      throw Errors.fail("Device.emptyCache");
    }
  }

  /**
   * Opens a scope placing the calling thread's new tensors (creation functions, random draws,
   * {@link Tensor#of}) and model weights on this device until it is closed, like TensorFlow's
   * {@code with tf.device(...)}; see {@link DeviceScope}. Throws {@link IllegalStateException} with
   * the reason when this device no longer serves.
   */
  public DeviceScope scope() {
    return new DeviceScope(requireServing("Device.scope"));
  }

  /**
   * The device the calling thread's new tensors go to now: its innermost open {@link
   * DeviceScope}'s, else {@link Myelin#defaultDevice()}.
   */
  public static Device current() {
    return DeviceScope.current();
  }

  /** This device, after checking that its engine still serves it (else the reason, naming op). */
  Device requireServing(String op) {
    if (code == CPU_CODE) {
      return this;
    }
    Native.ensureLoaded();
    int count = NativeCore.mln_device_count(code);
    if (index >= count) {
      throw new IllegalStateException(
          op
              + ": device "
              + this
              + " is not available ("
              + (code == CUDA_CODE ? cudaUnavailableReason() : count + " device(s) present")
              + ")");
    }
    return this;
  }

  /** Devices are equal when kind and index are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Device d && d.code == code && d.index == index;
  }

  @Override
  public int hashCode() {
    return code * 31 + index;
  }

  /** Returns {@code "cpu"} for the CPU, else kind and index, e.g. {@code "cuda:1"}. */
  @Override
  public String toString() {
    return code == CPU_CODE ? kind : kind + ":" + index;
  }
}
