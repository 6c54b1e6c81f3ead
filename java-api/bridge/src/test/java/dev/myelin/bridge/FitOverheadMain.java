package dev.myelin.bridge;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.callbacks.History;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.SGD;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The Java side of {@code python-bridge/bench/fit_overhead.py} (a benchmark, not a test): the same
 * fit the Python package drives (same model, data, epochs, seed), in a standalone JVM.
 *
 * <pre>
 * java -cp ... dev.myelin.bridge.FitOverheadMain MODEL X.f32 Y.f32 ROWS EPOCHS SEED VERBOSE
 * </pre>
 *
 * MODEL is {@code tiny} (the book's first model: 2 -> Dense(4, tanh) -> Dense(1, sigmoid),
 * SGD(0.5), batch 32) or {@code mlp} (784 -> 512 -> 256 -> 10, relu/softmax, Adam(0.001), batch
 * 128); X.f32 and Y.f32 hold native-order float32 rows written by the Python driver. Prints {@code
 * ready}, then for each line {@code fit} on stdin builds the model afresh (seeded), fits one
 * warm-up epoch and times one fit of EPOCHS epochs, printing {@code per_epoch_ms=... cpu_ms=...
 * loss=...} (wall and calling-thread CPU time per epoch, final loss); any other line or end of
 * input ends it. The driver alternates these rounds with the same fit run in Python.
 */
public final class FitOverheadMain {
  private FitOverheadMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 7) {
      System.err.println("usage: FitOverheadMain tiny|mlp X.f32 Y.f32 ROWS EPOCHS SEED VERBOSE");
      System.exit(2);
    }
    String name = args[0];
    int rows = Integer.parseInt(args[3]);
    int epochs = Integer.parseInt(args[4]);
    long seed = Long.parseLong(args[5]);
    int verbose = Integer.parseInt(args[6]);
    boolean tiny = name.equals("tiny");
    if (!tiny && !name.equals("mlp")) {
      throw new IllegalArgumentException(
          "FitOverheadMain: model expected tiny or mlp but was " + name);
    }
    int features = tiny ? 2 : 784;
    Tensor x = read(Path.of(args[1]), rows, features);
    Tensor y = read(Path.of(args[2]), rows, 1);
    int batch = tiny ? 32 : 128;
    // The calling thread's CPU time (ns resolution), as Python's time.thread_time() around a fit
    // that JPype runs on the Python thread: robust to other processes' load; with
    // OMP_NUM_THREADS=1 the whole fit runs on that thread.
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("ready");
    System.out.flush();
    for (String line = in.readLine(); line != null && line.equals("fit"); line = in.readLine()) {
      Sequential model = build(tiny, seed);
      model.setOutput(new PrintStream(OutputStream.nullOutputStream()));
      model.fit(x, y, new FitOptions().epochs(1).batchSize(batch).verbose(verbose));
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      History h =
          model.fit(x, y, new FitOptions().epochs(epochs).batchSize(batch).verbose(verbose));
      double ms = (System.nanoTime() - t0) / 1e6 / epochs;
      double cpuMs = (cpu.getCurrentThreadCpuTime() - c0) / 1e6 / epochs;
      List<Double> loss = h.history().get("loss");
      System.out.printf(
          Locale.ROOT,
          "per_epoch_ms=%.4f cpu_ms=%.4f loss=%.6f%n",
          ms,
          cpuMs,
          loss.get(loss.size() - 1));
      System.out.flush();
    }
  }

  /** The model, seeded as the Python side seeds it ({@code myelin.set_seed(seed)} first). */
  private static Sequential build(boolean tiny, long seed) {
    Myelin.setSeed(seed);
    Sequential model = new Sequential();
    if (tiny) {
      model.add(new Dense(4).activation("tanh").inputShape(2));
      model.add(new Dense(1).activation("sigmoid"));
      model.compile(new SGD(0.5), "binary_crossentropy", "accuracy");
    } else {
      model.add(new Dense(512).activation("relu").inputShape(784));
      model.add(new Dense(256).activation("relu"));
      model.add(new Dense(10).activation("softmax"));
      model.compile(new Adam(0.001), "sparse_categorical_crossentropy", "accuracy");
    }
    return model;
  }

  private static Tensor read(Path file, int rows, int cols) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length != 4L * rows * cols) {
      throw new IllegalArgumentException(
          "FitOverheadMain: "
              + file
              + " expected "
              + 4L * rows * cols
              + " bytes but had "
              + bytes.length);
    }
    float[] values = new float[rows * cols];
    ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asFloatBuffer().get(values);
    return Tensor.fromArray(values, rows, cols);
  }
}
