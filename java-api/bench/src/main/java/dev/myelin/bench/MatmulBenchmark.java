package dev.myelin.bench;

import dev.myelin.DType;
import dev.myelin.Tensor;
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
 * A 1024x1024x1024 float32 matmul from Java, to compare against the same call in the native {@code
 * bench_matmul} executable: GFLOP/s = 2*n^3 / (time in ns).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MatmulBenchmark {
  @Param({"1024"})
  public int n;

  private Tensor a;
  private Tensor b;

  @Setup(Level.Trial)
  public void setUp() {
    a = Tensor.randomUniform(new long[] {n, n}, -1.0, 1.0, DType.FLOAT32);
    b = Tensor.randomUniform(new long[] {n, n}, -1.0, 1.0, DType.FLOAT32);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    a.close();
    b.close();
  }

  /** a.matmul(b), result closed at once (the caching allocator recycles its buffer). */
  @Benchmark
  public long matmul() {
    try (Tensor c = a.matmul(b)) {
      return c.address();
    }
  }
}
