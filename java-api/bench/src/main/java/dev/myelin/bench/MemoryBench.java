package dev.myelin.bench;

import dev.myelin.DType;
import dev.myelin.MemoryStats;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.internal.NativeCollector;
import dev.myelin.layers.Dense;
import dev.myelin.models.PredictOptions;
import dev.myelin.models.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code bin/myelin bench memory [CALLS] [BATCH]}: a scope-free loop of {@code predict} calls, as
 * ordinary code writes it (no {@code TensorScope}, no {@code close()}), keeps native memory flat
 * (issue 16). Every call returns a fresh {@code (BATCH, 64)} float tensor that the program drops;
 * the garbage-collection backstop frees it, and the allocator's collection mark asks for a
 * collection once live native bytes grow by a step. Prints, every tenth of the loop, the
 * allocator's live and peak bytes, the process's resident size and the collections asked for; then
 * the same loop with the mark out of reach (the behaviour before it), for comparison.
 */
public final class MemoryBench {
  private MemoryBench() {}

  /** Runs the loop twice (mark on, mark out of reach); arguments: calls (100000) and batch (64). */
  public static void main(String[] args) throws IOException {
    long calls = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    Myelin.setNumThreads(1);
    Myelin.setSeed(1);
    Sequential m = new Sequential();
    m.add(new Dense(64).activation("relu").inputShape(32));
    m.add(new Dense(64));
    Tensor x = Tensor.randomNormal(new long[] {batch, 32}, 0, 1, DType.FLOAT32);
    System.out.printf(
        Locale.ROOT,
        "memory: %d scope-free predict calls, batch %d, output %d KiB per call, isa %s,"
            + " collection step %d MiB%n",
        calls,
        batch,
        batch * 64 * 4 / 1024,
        Myelin.cpuIsa(),
        NativeCollector.step() >> 20);
    loop("with the collection mark", m, x, calls);
    long saved = NativeCollector.step();
    NativeCollector.setStep(Long.MAX_VALUE / 4);
    loop("mark out of reach (before)", m, x, calls);
    NativeCollector.setStep(saved);
  }

  private static void loop(String title, Sequential m, Tensor x, long calls) throws IOException {
    System.gc();
    Myelin.resetPeakMemory();
    long gcs = NativeCollector.collections();
    System.out.println(title + ":");
    System.out.println("       calls   live MiB   peak MiB    RSS MiB  collections   seconds");
    PredictOptions o = new PredictOptions().batchSize((int) x.dim(0));
    long t0 = System.nanoTime();
    for (long i = 0; i <= calls; i++) {
      if (i % (calls / 10) == 0) {
        MemoryStats s = Myelin.memoryStats();
        System.out.printf(
            Locale.ROOT,
            "%12d %10.1f %10.1f %10.1f %12d %9.1f%n",
            i,
            s.liveBytes() / 1048576.0,
            s.peakBytes() / 1048576.0,
            rssKib() / 1024.0,
            NativeCollector.collections() - gcs,
            (System.nanoTime() - t0) / 1e9);
      }
      if (i < calls) {
        m.predict(x, o);
      }
    }
  }

  /** The resident set size of this process in KiB (Linux), or -1. */
  static long rssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
