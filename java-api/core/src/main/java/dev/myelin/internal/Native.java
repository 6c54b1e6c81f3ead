package dev.myelin.internal;

import org.bytedeco.javacpp.Loader;

/**
 * Loads oneDNN (from the org.bytedeco:dnnl jar) and then Myelin's own libraries, once per JVM.
 *
 * <p>Order matters: {@code libmyelin.so} needs {@code libdnnl.so.3} and {@code libgomp.so.1}, which
 * the loader only finds by SONAME because the dnnl preset has already loaded them.
 */
public final class Native {
  private static final Throwable LOAD_FAILURE = load();

  private Native() {}

  private static Throwable load() {
    try {
      Loader.load(org.bytedeco.dnnl.global.dnnl.class);
      Loader.load(NativeCore.class);
      MemoryPressure.install();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  /** Throws a clear error if the native libraries could not be loaded on this platform. */
  public static void ensureLoaded() {
    if (LOAD_FAILURE instanceof IllegalArgumentException e) {
      throw e; // a malformed myelin.memory.* property: the libraries themselves loaded
    }
    if (LOAD_FAILURE != null) {
      throw new UnsatisfiedLinkError(
          "Myelin's native libraries could not be loaded for platform "
              + Loader.getPlatform()
              + " (the myelin-core jar ships linux-x86_64 only; it needs org.bytedeco:dnnl:"
              + "3.11-1.5.13:linux-x86_64 on the class path): "
              + LOAD_FAILURE);
    }
  }
}
