package dev.myelin.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.BytePointer;

/**
 * Raw memory helpers: direct ByteBuffers over native addresses, and the single release callback
 * used by wrapped foreign memory.
 */
public final class ForeignMemory {
  private static final Map<Long, Runnable> PENDING = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT_CTX = new AtomicLong(1);

  /** The one callback instance the native core calls; strongly reachable for the JVM's life. */
  public static final NativeCore.ReleaseCallback CALLBACK;

  static {
    Native.ensureLoaded();
    CALLBACK = new Dispatcher();
  }

  private ForeignMemory() {}

  /** Looks up the Runnable registered under ctx and runs it once. */
  private static final class Dispatcher extends NativeCore.ReleaseCallback {
    @Override
    public void call(long ctx) {
      Runnable r = PENDING.remove(ctx);
      if (r != null) {
        try {
          r.run();
        } catch (Throwable t) {
          Thread cur = Thread.currentThread();
          cur.getUncaughtExceptionHandler().uncaughtException(cur, t);
        }
      }
    }
  }

  /** Registers a release action and returns its context value (0 when action is null). */
  public static long register(Runnable onRelease) {
    if (onRelease == null) {
      return 0;
    }
    long ctx = NEXT_CTX.getAndIncrement();
    PENDING.put(ctx, onRelease);
    return ctx;
  }

  /** Drops a registration whose wrap failed. */
  public static void unregister(long ctx) {
    PENDING.remove(ctx);
  }

  /** A direct, native-order ByteBuffer over {@code n} bytes at {@code address}. */
  public static ByteBuffer byteBuffer(long address, long n) {
    if (n == 0 || address == 0) {
      return ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder());
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "asByteBuffer: argument 'nbytes' expected at most "
              + Integer.MAX_VALUE
              + " but was "
              + n);
    }
    BytePointer p = new RawPointer(address, n);
    return p.asByteBuffer().order(ByteOrder.nativeOrder());
  }

  /** A JavaCPP pointer over an address it does not own. */
  private static final class RawPointer extends BytePointer {
    RawPointer(long addr, long n) {
      this.address = addr;
      this.position = 0;
      this.limit = n;
      this.capacity = n;
    }
  }
}
