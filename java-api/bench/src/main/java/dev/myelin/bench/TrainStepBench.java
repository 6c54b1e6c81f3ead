package dev.myelin.bench;

import dev.myelin.DType;
import dev.myelin.MemoryStats;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.layers.Activation;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.GRU;
import dev.myelin.layers.LSTM;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.SGD;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Time per training step of the benchmark suite's {@code tiny} (the book's first model, 2 ->
 * Dense(4, tanh) -> Dense(1, sigmoid), SGD, batch 32) and {@code mlp} (784-512-256-10, ReLU,
 * softmax, Adam, batch 128) workloads through {@code fit}, plus per-step counts of native
 * allocations (about one per native op) and Java heap bytes.
 *
 * <p>{@code java -cp ... dev.myelin.bench.TrainStepBench [tiny|mlp|lstm|gru|cnn-bn|all] [rounds]}:
 * each round runs one {@code fit} epoch over a fixed data set (no shuffling, verbose 0) of the
 * eager model and then of the traced one (same weights at the start, {@code Model.runEagerly}) and
 * reports microseconds per step; the medians and mins over rounds are printed last.
 */
public final class TrainStepBench {
  private TrainStepBench() {}

  public static void main(String[] args) {
    String which = args.length > 0 ? args[0] : "all";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    System.out.printf(
        Locale.ROOT,
        "myelin %s, isa %s, threads %d%n",
        Myelin.version(),
        Myelin.cpuIsa(),
        Myelin.numThreads());
    if (which.equals("tiny") || which.equals("all")) {
      tiny(rounds);
    }
    if (which.equals("mlp") || which.equals("all")) {
      mlp(rounds);
    }
    if (which.equals("lstm") || which.equals("gru") || which.equals("all")) {
      recurrent(which.equals("gru") ? "gru" : "lstm", rounds);
    }
    if (which.equals("all")) {
      recurrent("gru", rounds);
    }
    if (which.equals("cnn-bn") || which.equals("all")) {
      cnnBatchNorm(rounds);
    }
  }

  /**
   * Issue 13's workload: Embedding(2000, 64) -> LSTM(64) (or GRU(64)) -> Dense(1, sigmoid),
   * sequences of 80, batch 128, Adam, binary cross-entropy.
   */
  static void recurrent(String kind, int rounds) {
    int batch = 128;
    int steps = 8;
    Myelin.setSeed(1);
    try (TensorScope scope = new TensorScope()) {
      Tensor x =
          Tensor.randomUniform(new long[] {batch * steps, 80}, 0, 2000, DType.FLOAT32).floor();
      Tensor y = x.slice(":, 0").gt(999.5).cast(DType.FLOAT32).reshape(batch * steps, 1);
      Supplier<Sequential> build =
          () -> {
            Sequential m = new Sequential();
            m.add(new Embedding(2000, 64).inputLength(80));
            m.add(kind.equals("gru") ? new GRU(64) : new LSTM(64));
            m.add(new Dense(1).activation("sigmoid"));
            m.compile(new Adam(), "binary_crossentropy", "accuracy");
            return m;
          };
      // the gate matmuls, forward and backward: 6 * batch * steps * (F + H) * gates * H
      double flops = 6.0 * batch * 80 * (64 + 64) * (kind.equals("gru") ? 3 : 4) * 64;
      run(kind, build, x, y, batch, steps, rounds, flops);
    }
  }

  /**
   * Issue 12's batch-normalization workload, the cnn workload with BatchNormalization after each
   * convolution: 28x28x1 -> Conv2D(32, 3) -> BN -> relu -> MaxPooling2D(2) -> Conv2D(64, 3) -> BN
   * -> relu -> MaxPooling2D(2) -> Flatten -> Dense(10, softmax), Adam, batch 128, both traced; the
   * first model composes BN from elementwise and reduction ops, the second runs oneDNN's fused
   * batch_normalization primitive (same seed, same weights at the start).
   */
  static void cnnBatchNorm(int rounds) {
    int batch = 128;
    int steps = 16;
    Myelin.setSeed(1);
    try (TensorScope scope = new TensorScope()) {
      Tensor x = Tensor.randomUniform(new long[] {batch * steps, 28, 28, 1}, 0, 1, DType.FLOAT32);
      Tensor labels =
          Tensor.randomUniform(new long[] {batch * steps}, 0, 10, DType.FLOAT32)
              .floor()
              .cast(DType.INT64);
      Tensor y = labels.oneHot(10).cast(DType.FLOAT32);
      Sequential[] models = new Sequential[2];
      for (int k = 0; k < 2; k++) {
        boolean fused = k == 1;
        Myelin.setSeed(3);
        Sequential m = new Sequential();
        m.add(new Conv2D(32, 3).inputShape(28, 28, 1));
        m.add(new BatchNormalization().fused(fused));
        m.add(new Activation("relu"));
        m.add(new MaxPooling2D(2));
        m.add(new Conv2D(64, 3));
        m.add(new BatchNormalization().fused(fused));
        m.add(new Activation("relu"));
        m.add(new MaxPooling2D(2));
        m.add(new Flatten());
        m.add(new Dense(10).activation("softmax"));
        m.compile(new Adam(), "categorical_crossentropy", "accuracy");
        m.runEagerly(false);
        models[k] = m;
      }
      // the two convolutions and the dense layer, forward and backward: 3 x forward FLOPs
      double flops = 3.0 * 2 * batch * (26 * 26 * 9 * 32 + 11 * 11 * 9 * 32 * 64 + 5 * 5 * 64 * 10);
      compare(
          "cnn-bn",
          new String[] {"cnn-bn composed", "cnn-bn fused"},
          models[0],
          models[1],
          x,
          y,
          batch,
          steps,
          rounds,
          flops);
    }
  }

  static void tiny(int rounds) {
    int batch = 32;
    int steps = 2000;
    Myelin.setSeed(1);
    try (TensorScope scope = new TensorScope()) {
      Tensor x = Tensor.randomNormal(new long[] {batch * steps, 2}, 0, 1, DType.FLOAT32);
      Tensor y = x.square().sum(1).gt(1.0).cast(DType.FLOAT32);
      Supplier<Sequential> build =
          () -> {
            Sequential m = new Sequential();
            m.add(new Dense(4).activation("tanh").inputShape(2));
            m.add(new Dense(1).activation("sigmoid"));
            m.compile(new SGD(0.5), "binary_crossentropy", "accuracy");
            return m;
          };
      run("tiny", build, x, y, batch, steps, rounds, 0);
    }
  }

  static void mlp(int rounds) {
    int batch = 128;
    int steps = 60;
    Myelin.setSeed(1);
    try (TensorScope scope = new TensorScope()) {
      Tensor x = Tensor.randomUniform(new long[] {batch * steps, 784}, 0, 1, DType.FLOAT32);
      Tensor labels =
          Tensor.randomUniform(new long[] {batch * steps}, 0, 10, DType.FLOAT32)
              .floor()
              .cast(DType.INT64);
      Tensor y = labels.oneHot(10).cast(DType.FLOAT32);
      Supplier<Sequential> build =
          () -> {
            Sequential m = new Sequential();
            m.add(new Dense(512).activation("relu").inputShape(784));
            m.add(new Dense(256).activation("relu"));
            m.add(new Dense(10).activation("softmax"));
            m.compile(new Adam(), "categorical_crossentropy", "accuracy");
            return m;
          };
      double flops = 6.0 * batch * (784 * 512 + 512 * 256 + 256 * 10);
      run("mlp", build, x, y, batch, steps, rounds, flops);
    }
  }

  /**
   * Builds the model twice (same seed), one running eagerly and one traced, and times them in
   * alternating rounds (eager, traced, eager, traced, ...) so both see the same machine load.
   */
  private static void run(
      String name,
      Supplier<Sequential> build,
      Tensor x,
      Tensor y,
      int batch,
      int steps,
      int rounds,
      double flopsPerStep) {
    Myelin.setSeed(3);
    Sequential eager = build.get();
    eager.runEagerly(true);
    Myelin.setSeed(3);
    Sequential traced = build.get();
    traced.runEagerly(false);
    compare(
        name,
        new String[] {name + " eager", name + " traced"},
        eager,
        traced,
        x,
        y,
        batch,
        steps,
        rounds,
        flopsPerStep);
  }

  /**
   * Times two models on the same data in alternating rounds (first, second, first, ...) so both see
   * the same machine load; prints each one's medians and the ratio second / first.
   */
  private static void compare(
      String name,
      String[] label,
      Sequential first,
      Sequential second,
      Tensor x,
      Tensor y,
      int batch,
      int steps,
      int rounds,
      double flopsPerStep) {
    FitOptions o = new FitOptions().batchSize(batch).epochs(1).verbose(0).shuffle(false);
    for (int w = 0; w < 5; w++) {
      first.fit(x, y, o); // warm-up (the JIT compiles the step's Java code)
      second.fit(x, y, o);
    }
    System.out.printf(Locale.ROOT, "%s plans: %s%n", label[1], second.tracedSteps());
    double[][] us = new double[2][rounds];
    double[][] cpu = new double[2][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 2; k++) {
        round(
            label[k],
            k == 0 ? first : second,
            x,
            y,
            o,
            batch,
            steps,
            r,
            flopsPerStep,
            us[k],
            cpu[k]);
      }
    }
    double[] med = new double[2];
    for (int k = 0; k < 2; k++) {
      double[] sorted = us[k].clone();
      Arrays.sort(sorted);
      med[k] = sorted[rounds / 2];
      double[] csorted = cpu[k].clone();
      Arrays.sort(csorted);
      System.out.printf(
          Locale.ROOT,
          "%s: median %.2f us/step, min %.2f us/step, median CPU %.2f us/step (batch %d)%s%n",
          label[k],
          med[k],
          sorted[0],
          csorted[rounds / 2],
          batch,
          flopsPerStep > 0
              ? String.format(
                  Locale.ROOT,
                  ", median %.0f samples/s, %.1f GFLOP/s",
                  batch / med[k] * 1e6,
                  flopsPerStep / med[k] / 1e3)
              : "");
    }
    System.out.printf(
        Locale.ROOT, "%s: %s / %s median = %.2f%n", name, label[1], label[0], med[1] / med[0]);
  }

  private static void round(
      String label,
      Sequential m,
      Tensor x,
      Tensor y,
      FitOptions o,
      int batch,
      int steps,
      int r,
      double flopsPerStep,
      double[] us,
      double[] cpu) {
    com.sun.management.ThreadMXBean tmx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    MemoryStats s0 = Myelin.memoryStats();
    long b0 = tmx.getThreadAllocatedBytes(tid);
    long c0 = tmx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    m.fit(x, y, o);
    long t1 = System.nanoTime();
    long c1 = tmx.getCurrentThreadCpuTime();
    cpu[r] = (c1 - c0) / 1e3 / steps;
    long b1 = tmx.getThreadAllocatedBytes(tid);
    MemoryStats s1 = Myelin.memoryStats();
    us[r] = (t1 - t0) / 1e3 / steps;
    String extra =
        flopsPerStep > 0
            ? String.format(
                Locale.ROOT,
                ", %.0f samples/s, %.1f GFLOP/s",
                batch / us[r] * 1e6,
                flopsPerStep / us[r] / 1e3)
            : "";
    System.out.printf(
        Locale.ROOT,
        "%s round %d: %.2f us/step (%.2f us CPU of this thread)%s, %.1f native allocs/step,"
            + " %.0f heap bytes/step%n",
        label,
        r,
        us[r],
        cpu[r],
        extra,
        (double) (s1.allocations() - s0.allocations()) / steps,
        (double) (b1 - b0) / steps);
  }
}
