package dev.myelin.bench.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark workload, described declaratively so every framework runs the same thing: the model
 * (an input shape and a list of Keras layers, each a class name and its config), its optimizer and
 * loss, the data set, the batch size and how long to measure. Every framework's implementation
 * reads this description (the Python and JVM peers get it as JSON from {@code BenchMain
 * --describe}).
 *
 * @param name short name: {@code tiny}, {@code mlp}, {@code predict}, {@code cnn}
 * @param kind {@code train} (time {@code fit}) or {@code predict} (time inference)
 * @param description one line for people
 * @param inputShape one sample's shape, channels-last as in Keras: {@code {784}}, {@code {28, 28,
 *     1}}; its element count must equal the data set's columns
 * @param layers the model's layers in order
 * @param optimizer Keras optimizer name ({@code sgd}, {@code adam})
 * @param learningRate the optimizer's learning rate
 * @param loss Keras loss name
 * @param data data set: {@code circles} (synthetic, 2 features, 0/1 label) or {@code mnist} (784
 *     pixels in [0, 1], 10 classes: the real MNIST when {@link SyntheticData#mnistDir()} finds a
 *     local copy, else synthetic)
 * @param samples rows in the training set (one epoch)
 * @param batchSize training batch size
 * @param epochsPerRep epochs timed in one repetition ({@code train})
 * @param warmupEpochs untimed epochs before the first repetition ({@code train})
 * @param repetitions timed repetitions per process
 * @param latencyCalls batch-1 calls timed one by one per repetition ({@code predict})
 * @param throughputBatch batch size of the throughput part ({@code predict})
 * @param throughputCalls calls of the throughput part per repetition ({@code predict})
 * @param dtype element type, {@code float32}
 * @param threads compute threads; 0 means every available core
 * @param metrics the metrics each repetition reports, the headline metric first
 */
public record Workload(
    String name,
    String kind,
    String description,
    int[] inputShape,
    List<LayerSpec> layers,
    String optimizer,
    double learningRate,
    String loss,
    String data,
    int samples,
    int batchSize,
    int epochsPerRep,
    int warmupEpochs,
    int repetitions,
    int latencyCalls,
    int throughputBatch,
    int throughputCalls,
    String dtype,
    int threads,
    List<String> metrics) {

  /** Checks the description. */
  public Workload {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException(
          "Workload " + name + ": argument 'layers' expected at least one layer but was []");
    }
    if (samples <= 0 || batchSize <= 0 || repetitions <= 0) {
      throw new IllegalArgumentException(
          "Workload "
              + name
              + ": 'samples', 'batchSize' and 'repetitions' must be positive, got "
              + samples
              + ", "
              + batchSize
              + ", "
              + repetitions);
    }
    inputShape = inputShape.clone();
    layers = List.copyOf(layers);
    // every layer must take its input: a wrong description fails here, not inside a framework
    shapes(inputShape, layers);
  }

  /**
   * A dense network: {@code units[0]} inputs, then one {@code Dense(units[i], activations[i - 1])}
   * per further entry.
   */
  public static List<LayerSpec> denseStack(int[] units, List<String> activations) {
    if (units.length < 2 || activations.size() != units.length - 1) {
      throw new IllegalArgumentException(
          "Workload: argument 'activations' expected one entry per Dense layer ("
              + (units.length - 1)
              + ") but was "
              + activations.size());
    }
    List<LayerSpec> l = new ArrayList<>();
    for (int i = 1; i < units.length; i++) {
      l.add(LayerSpec.dense(units[i], activations.get(i - 1)));
    }
    return l;
  }

  /** The input shape of each layer, then the model's output shape (no batch axis). */
  private static List<int[]> shapes(int[] input, List<LayerSpec> layers) {
    List<int[]> s = new ArrayList<>();
    s.add(input.clone());
    for (LayerSpec l : layers) {
      s.add(l.outputShape(s.get(s.size() - 1)));
    }
    return s;
  }

  /** One sample's shape (no batch axis). */
  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  /**
   * The widths {@code {inputs, units...}} when the model is a stack of Dense layers over a flat
   * input (the form {@code tiny}, {@code mlp} and {@code predict} had before layer lists), else
   * null.
   */
  public int[] denseUnits() {
    if (inputShape.length != 1 || layers.stream().anyMatch(l -> !l.className().equals("Dense"))) {
      return null;
    }
    int[] u = new int[layers.size() + 1];
    u[0] = inputShape[0];
    for (int i = 0; i < layers.size(); i++) {
      u[i + 1] = ((Number) layers.get(i).config().get("units")).intValue();
    }
    return u;
  }

  /** Whether this workload times training (else inference). */
  public boolean isTraining() {
    return kind.equals("train");
  }

  /** Optimizer steps in one epoch (the last batch may be short). */
  public int stepsPerEpoch() {
    return (samples + batchSize - 1) / batchSize;
  }

  /**
   * Multiply-add FLOPs of one sample's forward pass, the sum of {@link LayerSpec#forwardFlops} (2
   * per weight use).
   */
  public long forwardFlopsPerSample() {
    List<int[]> s = shapes(inputShape, layers);
    long f = 0;
    for (int i = 0; i < layers.size(); i++) {
      f += layers.get(i).forwardFlops(s.get(i));
    }
    return f;
  }

  /**
   * FLOPs of one sample's training step, counted as 3 forward passes (forward, input gradient,
   * weight gradient), the usual convention and the one the peer figures in issue 5 use.
   */
  public long trainFlopsPerSample() {
    return 3 * forwardFlopsPerSample();
  }

  /** The thread count to use: {@link #threads()}, or every available core when it is 0. */
  public int effectiveThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /** A copy with other repetition and length settings (used by {@code --quick} and tests). */
  public Workload withLength(
      int samples,
      int epochsPerRep,
      int warmupEpochs,
      int repetitions,
      int latencyCalls,
      int throughputCalls) {
    return copy(
        samples, epochsPerRep, warmupEpochs, repetitions, latencyCalls, throughputCalls, threads);
  }

  /** A copy with another thread count (0: every core). */
  public Workload withThreads(int n) {
    return copy(samples, epochsPerRep, warmupEpochs, repetitions, latencyCalls, throughputCalls, n);
  }

  /** A copy in which only the run-length settings and the thread count may differ. */
  private Workload copy(
      int samples,
      int epochsPerRep,
      int warmupEpochs,
      int repetitions,
      int latencyCalls,
      int throughputCalls,
      int threads) {
    return new Workload(
        name,
        kind,
        description,
        inputShape,
        layers,
        optimizer,
        learningRate,
        loss,
        data,
        samples,
        batchSize,
        epochsPerRep,
        warmupEpochs,
        repetitions,
        latencyCalls,
        throughputBatch,
        throughputCalls,
        dtype,
        threads,
        metrics);
  }

  /** A copy with another repetition count. */
  public Workload withRepetitions(int n) {
    return withLength(samples, epochsPerRep, warmupEpochs, n, latencyCalls, throughputCalls);
  }

  /** The description as a JSON-ready map (the form the peers read). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("kind", kind);
    m.put("description", description);
    m.put("input_shape", Arrays.stream(inputShape).boxed().toList());
    m.put("layers", layers.stream().map(LayerSpec::toMap).toList());
    int[] units = denseUnits();
    if (units != null) {
      // the dense workloads' earlier form, kept so results and readers from before layer lists
      // still compare; every reader in this repository reads "layers"
      m.put("units", Arrays.stream(units).boxed().toList());
      m.put("activations", layers.stream().map(l -> l.config().get("activation")).toList());
    }
    m.put("optimizer", optimizer);
    m.put("learning_rate", learningRate);
    m.put("loss", loss);
    m.put("data", data);
    // the real MNIST's folder when the data is mnist and a local copy exists, else null (synthetic)
    m.put("data_dir", data.equals("mnist") ? SyntheticData.mnistDir() : null);
    m.put("samples", samples);
    m.put("batch_size", batchSize);
    m.put("epochs_per_rep", epochsPerRep);
    m.put("warmup_epochs", warmupEpochs);
    m.put("repetitions", repetitions);
    m.put("latency_calls", latencyCalls);
    m.put("throughput_batch", throughputBatch);
    m.put("throughput_calls", throughputCalls);
    m.put("dtype", dtype);
    m.put("threads", effectiveThreads());
    m.put("train_flops_per_sample", trainFlopsPerSample());
    m.put("metrics", metrics);
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Workload w && toMap().equals(w.toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return Json.write(toMap());
  }
}
