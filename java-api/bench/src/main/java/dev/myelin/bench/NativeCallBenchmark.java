package dev.myelin.bench;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.internal.Native;
import dev.myelin.internal.NativeCore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of crossing from Java into the native core: a 32-element add through the public {@link
 * Tensor} API and through the raw binding (the difference is the Java layer's own overhead).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class NativeCallBenchmark {
  @Param({"32"})
  public int size;

  private Tensor a;
  private Tensor b;
  private long rawA;
  private long rawB;

  @Setup(Level.Trial)
  public void setUp() {
    Native.ensureLoaded();
    a = Tensor.randomUniform(new long[] {size}, 0.0, 1.0, DType.FLOAT32);
    b = Tensor.randomUniform(new long[] {size}, 0.0, 1.0, DType.FLOAT32);
    rawA = NativeCore.mln_full(NativeCore.MLN_F32, 1, new long[] {size}, 1.0);
    rawB = NativeCore.mln_full(NativeCore.MLN_F32, 1, new long[] {size}, 2.0);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    a.close();
    b.close();
    NativeCore.mln_release(rawA);
    NativeCore.mln_release(rawB);
  }

  /** Tensor.add, closed at once: what a user's eager code pays per small op. */
  @Benchmark
  public long tensorAdd() {
    try (Tensor c = a.add(b)) {
      return c.address();
    }
  }

  /** The same add through NativeCore directly: the floor set by JNI and the native kernel. */
  @Benchmark
  public long rawAdd() {
    long c = NativeCore.mln_binary(NativeCore.MLN_ADD, rawA, rawB);
    NativeCore.mln_release(c);
    return c;
  }
}
