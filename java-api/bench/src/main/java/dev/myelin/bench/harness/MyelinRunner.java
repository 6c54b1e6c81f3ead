package dev.myelin.bench.harness;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Slice;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Layers;
import dev.myelin.models.EvaluateOptions;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.optimizers.SGD;
import dev.myelin.saving.Registry;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Workload} on Myelin through its public Keras API ({@link Sequential} of layers made
 * by {@link Layers#fromConfig} from the workload's Keras class names and configs, {@code compile},
 * {@code fit}, {@code predictOnBatch}), the way a user would write it.
 */
public final class MyelinRunner {
  private static final long MATMUL_N = 1024;
  private static final int EVALUATE_BATCH = 1024;

  private MyelinRunner() {}

  /** Warms up, then times {@code w.repetitions()} repetitions in this process. */
  public static RunResult run(Workload w) {
    return run(w, false);
  }

  /** {@link #run(Workload)}, with tracing off when {@code eager} (Keras's {@code run_eagerly}). */
  public static RunResult run(Workload w, boolean eager) {
    Myelin.setNumThreads(w.effectiveThreads());
    Myelin.setSeed(42);
    RunResult r = new RunResult("myelin", Myelin.version(), w);
    try (TensorScope scope = new TensorScope()) {
      SyntheticData.Arrays d =
          SyntheticData.load(w.data(), w.samples(), (String) w.toMap().get("data_dir"));
      Tensor x = Tensor.fromArray(d.x(), batchShape(d.rows(), w.inputShape(), d.cols()));
      Tensor y = Tensor.fromArray(d.y(), d.rows(), 1);
      Sequential model = build(w);
      model.compile(optimizer(w), w.loss());
      model.runEagerly(eager);
      if (w.isTraining()) {
        train(w, model, x, y, r);
        if (w.metrics().contains("gflops")) {
          double peak = matmulPeakGflops();
          r.put("matmul_peak_gflops", peak);
          r.put("pct_of_peak", 100.0 * r.median("gflops") / peak);
        }
      } else {
        predict(w, model, x, r);
      }
    }
    return r;
  }

  /**
   * The workload's model: each {@link LayerSpec} made by the layer registry from its Keras class
   * name and config (as loading a saved model does), the first given the workload's input shape. A
   * layer class this build does not have throws an {@link IllegalArgumentException} naming it.
   */
  public static Sequential build(Workload w) {
    List<String> missing = missingLayers(w);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "Workload "
              + w.name()
              + ": Myelin has no layer class "
              + String.join(", ", missing)
              + " in this build (the registry's layers: "
              + Registry.names(Registry.Kind.LAYER)
              + "); it runs this workload once those layers are registered");
    }
    Sequential model = new Sequential();
    List<LayerSpec> specs = w.layers();
    for (int i = 0; i < specs.size(); i++) {
      Layer layer = Layers.fromConfig(specs.get(i).className(), specs.get(i).config());
      model.add(i == 0 ? layer.inputShape(toLong(w.inputShape())) : layer);
    }
    return model;
  }

  /** The Keras layer classes of {@code w} that Myelin's layer registry does not know, in order. */
  public static List<String> missingLayers(Workload w) {
    return w.layers().stream()
        .map(LayerSpec::className)
        .distinct()
        .filter(c -> Registry.find(Registry.Kind.LAYER, c, null) == null)
        .toList();
  }

  /** {@code {rows, inputShape...}}; the data's columns must be one sample's element count. */
  static long[] batchShape(int rows, int[] inputShape, int cols) {
    if (LayerSpec.product(inputShape) != cols) {
      throw new IllegalArgumentException(
          "MyelinRunner: argument 'inputShape' expected "
              + cols
              + " elements (the data's columns) but was "
              + Arrays.toString(inputShape));
    }
    long[] s = new long[inputShape.length + 1];
    s[0] = rows;
    for (int i = 0; i < inputShape.length; i++) {
      s[i + 1] = inputShape[i];
    }
    return s;
  }

  private static long[] toLong(int[] a) {
    return Arrays.stream(a).asLongStream().toArray();
  }

  private static Optimizer optimizer(Workload w) {
    return switch (w.optimizer()) {
      case "sgd" -> new SGD(w.learningRate());
      case "adam" -> new Adam(w.learningRate());
      default ->
          throw new IllegalArgumentException(
              "Workload "
                  + w.name()
                  + ": unsupported optimizer '"
                  + w.optimizer()
                  + "' (sgd, adam)");
    };
  }

  private static void train(Workload w, Sequential model, Tensor x, Tensor y, RunResult r) {
    FitOptions warm = new FitOptions().batchSize(w.batchSize()).epochs(w.warmupEpochs()).verbose(0);
    if (w.warmupEpochs() > 0) {
      model.fit(x, y, warm);
    }
    FitOptions timed =
        new FitOptions().batchSize(w.batchSize()).epochs(w.epochsPerRep()).verbose(0);
    long steps = (long) w.stepsPerEpoch() * w.epochsPerRep();
    long samples = (long) w.samples() * w.epochsPerRep();
    for (int rep = 0; rep < w.repetitions(); rep++) {
      long t0 = System.nanoTime();
      model.fit(x, y, timed);
      r.addRepetition(trainMetrics(w, (System.nanoTime() - t0) / 1e9, steps, samples));
    }
    r.finalLoss(
        model.evaluate(x, y, new EvaluateOptions().batchSize(EVALUATE_BATCH).verbose(0))[0]);
  }

  /** The training metrics of one repetition that took {@code seconds}. */
  public static Map<String, Double> trainMetrics(
      Workload w, double seconds, long steps, long samples) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("wall_s", seconds);
    m.put("us_per_step", seconds * 1e6 / steps);
    m.put("samples_per_s", samples / seconds);
    m.put("gflops", samples * (double) w.trainFlopsPerSample() / seconds / 1e9);
    return m;
  }

  private static void predict(Workload w, Sequential model, Tensor x, RunResult r) {
    Tensor one = x.slice(Slice.range(0, 1));
    Tensor big = x.slice(Slice.range(0, Math.min(w.throughputBatch(), w.samples())));
    for (int i = 0; i < Math.max(10, w.latencyCalls() / 5); i++) {
      call(model, one);
    }
    call(model, big);
    for (int rep = 0; rep < w.repetitions(); rep++) {
      long start = System.nanoTime();
      double[] lat = new double[w.latencyCalls()];
      for (int i = 0; i < lat.length; i++) {
        long t0 = System.nanoTime();
        call(model, one);
        lat[i] = (System.nanoTime() - t0) / 1e3;
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < w.throughputCalls(); i++) {
        call(model, big);
      }
      double tp = (System.nanoTime() - t0) / 1e9;
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("wall_s", (System.nanoTime() - start) / 1e9);
      m.put("p50_us_b1", Stats.quantile(lat, 0.5));
      m.put("p99_us_b1", Stats.quantile(lat, 0.99));
      m.put("samples_per_s_b256", (double) big.dim(0) * w.throughputCalls() / tp);
      r.addRepetition(m);
    }
  }

  private static void call(Sequential model, Tensor input) {
    try (TensorScope s = new TensorScope()) {
      model.predictOnBatch(input);
    }
  }

  /** Best-of-10 GFLOP/s of a 1024^3 float32 matmul: the machine's measured peak for this run. */
  public static double matmulPeakGflops() {
    try (TensorScope s = new TensorScope()) {
      long[] shape = {MATMUL_N, MATMUL_N};
      Tensor a = Tensor.randomNormal(shape, 0.0, 1.0, DType.FLOAT32);
      Tensor b = Tensor.randomNormal(shape, 0.0, 1.0, DType.FLOAT32);
      double best = Double.MAX_VALUE;
      for (int i = 0; i < 13; i++) {
        try (TensorScope inner = new TensorScope()) {
          long t0 = System.nanoTime();
          a.matmul(b);
          double t = (System.nanoTime() - t0) / 1e9;
          if (i >= 3) {
            best = Math.min(best, t);
          }
        }
      }
      return 2.0 * MATMUL_N * MATMUL_N * MATMUL_N / best / 1e9;
    }
  }
}
