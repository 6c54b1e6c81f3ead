package dev.myelin;

/**
 * Where a tensor's memory lives and its kernels run. Only the CPU exists today; asking for a GPU
 * throws {@link IllegalStateException} until the GPU engine lands.
 */
public final class Device {
  /** The host CPU (oneDNN CPU engine). */
  public static final Device CPU = new Device("cpu", 0);

  private final String kind;
  private final int index;

  private Device(String kind, int index) {
    this.kind = kind;
    this.index = index;
  }

  /** The CUDA device with the given index; always throws today since no GPU backend exists. */
  public static Device cuda(int index) {
    throw new IllegalStateException(
        "Device.cuda("
            + index
            + "): no CUDA device/backend available (Myelin runs on the CPU only)");
  }

  /** The first GPU; always throws today since no GPU backend exists. */
  public static Device gpu() {
    return cuda(0);
  }

  /** Parses "cpu", "cuda" or "cuda:N" (the latter two throw today). */
  public static Device of(String name) {
    if (name == null) {
      throw new IllegalArgumentException(
          "Device.of: argument 'name' expected \"cpu\" or \"cuda[:N]\" but was null");
    }
    String n = name.trim().toLowerCase(java.util.Locale.ROOT);
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

  /** The devices this process can use: the CPU, plus GPUs once the CUDA engine exists. */
  public static java.util.List<Device> available() {
    return java.util.List.of(CPU);
  }

  /** The device kind, e.g. {@code "cpu"}. */
  public String kind() {
    return kind;
  }

  /** The device index within its kind. */
  public int index() {
    return index;
  }

  /** Returns e.g. {@code "cpu"}. */
  @Override
  public String toString() {
    return kind;
  }
}
