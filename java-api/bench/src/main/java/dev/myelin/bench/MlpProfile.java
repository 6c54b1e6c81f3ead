package dev.myelin.bench;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.autodiff.GradientTape;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the time of one {@code mlp} training step goes (784-512-256-10, ReLU, softmax, Adam,
 * categorical cross-entropy, batch 128): each part of the step timed alone with the step's own
 * shapes, the whole {@code fit} step, and a 1024^3 matmul as the peak, all in this process and in
 * CPU time of the calling thread (best of several runs), so that a loaded machine distorts it less
 * than wall time. Run it with one thread ({@code OMP_NUM_THREADS=1}): then every kernel runs on the
 * calling thread and its CPU time is the work done.
 *
 * <p>{@code java -cp ... dev.myelin.bench.MlpProfile [reps]} ({@code bin/myelin bench
 * profile-mlp}). Parts: the three Dense forwards (matmul + bias + activation), the weight- and
 * input-gradient matmuls of the backward (the input gradient of the first layer is not needed: the
 * data is not differentiated), softmax + cross-entropy forward and backward, and the Adam update of
 * the 535,040 weights; the rest of the step (activation gradients, bias sums, Java, tape,
 * allocator, metrics) is the whole step minus the parts.
 */
public final class MlpProfile {
  private static final ThreadMXBean TMX = ManagementFactory.getThreadMXBean();
  private static final int BATCH = 128;
  private static final int[] UNITS = {784, 512, 256, 10};

  private MlpProfile() {}

  /** Wall microseconds of the best run (by wall time) of the last {@link #bestCpuUs} call. */
  private static double lastWallUs;

  /**
   * Best CPU microseconds of the calling thread over {@code reps} runs of {@code r}; the best wall
   * time goes to {@link #lastWallUs} (with several threads the CPU time of the calling thread
   * misses the other threads' work: read the wall time then).
   */
  private static double bestCpuUs(int reps, Runnable r) {
    r.run();
    double best = Double.MAX_VALUE;
    double wall = Double.MAX_VALUE;
    for (int i = 0; i < reps; i++) {
      long c0 = TMX.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      r.run();
      wall = Math.min(wall, (System.nanoTime() - t0) / 1e3);
      best = Math.min(best, (TMX.getCurrentThreadCpuTime() - c0) / 1e3);
    }
    lastWallUs = wall;
    return best;
  }

  /** Runs {@code body} inside a scope that frees what it made. */
  private static Runnable scoped(Runnable body) {
    return () -> {
      try (TensorScope s = new TensorScope()) {
        body.run();
      }
    };
  }

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Myelin.setSeed(1);
    List<String[]> rows = new ArrayList<>();
    try (TensorScope scope = new TensorScope()) {
      int steps = 60;
      Tensor x = Tensor.randomUniform(new long[] {BATCH * steps, 784}, 0, 1, DType.FLOAT32);
      Tensor labels =
          Tensor.randomUniform(new long[] {BATCH * steps}, 0, 10, DType.FLOAT32).floor();
      Tensor y = labels.cast(DType.INT64).oneHot(10).cast(DType.FLOAT32);
      Sequential m = new Sequential();
      m.add(new Dense(512).activation("relu").inputShape(784));
      m.add(new Dense(256).activation("relu"));
      m.add(new Dense(10).activation("softmax"));
      m.compile(new Adam(), "categorical_crossentropy", "accuracy");
      FitOptions o = new FitOptions().batchSize(BATCH).epochs(1).verbose(0).shuffle(false);
      for (int w = 0; w < 5; w++) {
        m.fit(x, y, o);
      }
      double step = bestCpuUs(Math.max(3, reps / 6), () -> m.fit(x, y, o)) / steps;
      double stepWall = lastWallUs / steps;
      double partsWall = 0;

      Tensor xb = x.slice("0:" + BATCH);
      Tensor yb = y.slice("0:" + BATCH);
      List<Variable> vars = m.trainableWeights();
      Tensor[] w = new Tensor[3];
      Tensor[] b = new Tensor[3];
      Tensor[] in = new Tensor[3];
      Tensor[] g = new Tensor[3];
      in[0] = xb;
      for (int l = 0; l < 3; l++) {
        w[l] = vars.get(2 * l).value();
        b[l] = vars.get(2 * l + 1).value();
        g[l] = Tensor.randomUniform(new long[] {BATCH, UNITS[l + 1]}, -1, 1, DType.FLOAT32);
        if (l < 2) {
          in[l + 1] = Tensor.dense(in[l], w[l], b[l], "relu");
        }
      }
      double parts = 0;
      String[] act = {"relu", "relu", "linear"};
      for (int l = 0; l < 3; l++) {
        int k = l;
        double us = bestCpuUs(reps, scoped(() -> Tensor.dense(in[k], w[k], b[k], act[k])));
        parts += us;
        partsWall += lastWallUs;
        rows.add(row("dense " + (l + 1) + " forward", us, 2.0 * BATCH * UNITS[l] * UNITS[l + 1]));
      }
      for (int l = 2; l >= 0; l--) {
        int k = l;
        double us = bestCpuUs(reps, scoped(() -> in[k].matmul(g[k], true, false)));
        parts += us;
        partsWall += lastWallUs;
        rows.add(
            row("dense " + (l + 1) + " dW = x^T g", us, 2.0 * BATCH * UNITS[l] * UNITS[l + 1]));
        if (l > 0) {
          double gx = bestCpuUs(reps, scoped(() -> g[k].matmul(w[k], false, true)));
          parts += gx;
          partsWall += lastWallUs;
          rows.add(
              row("dense " + (l + 1) + " dx = g W^T", gx, 2.0 * BATCH * UNITS[l] * UNITS[l + 1]));
        }
      }
      Tensor logits = Tensor.dense(in[2], w[2], b[2], "linear");
      double cce =
          bestCpuUs(
              reps,
              scoped(
                  () -> {
                    try (GradientTape t = new GradientTape()) {
                      t.watch(logits);
                      Tensor l = Tensor.softmaxCategoricalCrossentropy(yb, logits, 1e-7).mean();
                      t.gradient(l, logits);
                    }
                  }));
      parts += cce;
      partsWall += lastWallUs;
      rows.add(row("softmax + cross-entropy, forward and backward", cce, 0));
      List<Tensor> grads = new ArrayList<>();
      for (Variable v : vars) {
        grads.add(Tensor.randomUniform(v.value().shape(), -1e-3, 1e-3, DType.FLOAT32));
      }
      Adam adam = new Adam();
      double upd = bestCpuUs(reps, scoped(() -> adam.applyGradients(vars, grads)));
      parts += upd;
      partsWall += lastWallUs;
      rows.add(row("Adam update, 535,040 weights", upd, 0));
      lastWallUs = stepWall - partsWall;
      rows.add(
          row("rest: activation gradients, bias sums, Java, tape, allocator", step - parts, 0));
      double flops = 6.0 * BATCH * (784 * 512 + 512 * 256 + 256 * 10);
      lastWallUs = stepWall;
      rows.add(row("whole fit step", step, flops));

      Tensor a = Tensor.randomUniform(new long[] {1024, 1024}, -1, 1, DType.FLOAT32);
      Tensor c = Tensor.randomUniform(new long[] {1024, 1024}, -1, 1, DType.FLOAT32);
      double peakUs = bestCpuUs(Math.max(3, reps / 3), scoped(() -> a.matmul(c)));
      if (Myelin.numThreads() > 1) {
        peakUs = lastWallUs; // the other threads' work is not in this thread's CPU time
        step = stepWall;
      }
      double peak = 2.0 * 1024 * 1024 * 1024 / peakUs / 1e3;
      System.out.printf(
          Locale.ROOT,
          "mlp step profile, myelin %s, isa %s, threads %d, CPU time of the calling thread (best of"
              + " %d)%n",
          Myelin.version(),
          Myelin.cpuIsa(),
          Myelin.numThreads(),
          reps);
      System.out.printf(
          Locale.ROOT,
          "%-62s %10s %7s %9s %10s%n",
          "part",
          "CPU us",
          "% step",
          "GFLOP/s",
          "wall us");
      boolean wallBased = Myelin.numThreads() > 1;
      for (String[] r : rows) {
        double us = Double.parseDouble(r[1]);
        double wall = Double.parseDouble(r[3]);
        double pct = wallBased ? 100 * wall / stepWall : 100 * us / step;
        System.out.printf(
            Locale.ROOT, "%-62s %10.1f %6.1f%% %9s %10.1f%n", r[0], us, pct, r[2], wall);
      }
      System.out.printf(
          Locale.ROOT,
          "matmul 1024^3 peak in this process: %.1f GFLOP/s; the step (3 x forward FLOPs) reaches"
              + " %.1f GFLOP/s = %.0f%% of it%n",
          peak,
          flops / step / 1e3,
          100 * flops / step / 1e3 / peak);
    }
  }

  private static String[] row(String name, double us, double flops) {
    return new String[] {
      name,
      Double.toString(us),
      flops > 0 ? String.format(Locale.ROOT, "%.1f", flops / us / 1e3) : "",
      Double.toString(lastWallUs)
    };
  }
}
