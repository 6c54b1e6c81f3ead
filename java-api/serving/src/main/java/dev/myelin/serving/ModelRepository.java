package dev.myelin.serving;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.layers.InputLayer;
import dev.myelin.layers.KerasTensor;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.models.PredictOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The models a server serves, read from TF-Serving's repository layout ({@code BASE/1}, {@code
 * BASE/2}, ... each holding one saved model) and kept current by polling: the newest version that
 * loads and warms up is served; a version that fails is reported in its status and the one before
 * keeps serving; a folder whose files are still changing is left until they have been still for a
 * poll interval. It is the server's {@link InferenceBackend}.
 */
final class ModelRepository implements InferenceBackend, AutoCloseable {
  private final ModelServer.Builder options;
  private final Metrics metrics;
  private final PrintStream log;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final ScheduledExecutorService poller;
  private volatile boolean closing;

  /** One configured model: its base path, the versions seen, and the one being served. */
  private static final class Entry {
    final String name;
    final Path base;
    final TreeMap<Long, Version> versions = new TreeMap<>(); // guarded by this
    volatile Loaded current;

    Entry(String name, Path base) {
      this.name = name;
      this.base = base;
    }
  }

  /** What the poller knows of one version folder. */
  private static final class Version {
    final long number;
    volatile VersionStatus.State state = VersionStatus.State.LOADING;
    volatile String error = "";
    String signature; // the files' names, sizes and times when last looked at
    long stillSinceNanos;
    String failedSignature; // the signature that failed to load, retried only when it changes

    Version(long number) {
      this.number = number;
    }
  }

  /** A loaded, warmed-up version and its batching queue. */
  private final class Loaded {
    final Entry entry;
    final long version;
    final Model model;
    final ModelMetadata metadata;
    final Batcher batcher;
    int[] buckets = new int[0]; // warmed-up batch sizes, ascending; set before AVAILABLE
    volatile int tracesAtReady;

    Loaded(Entry entry, long version, Model model, ModelMetadata metadata) {
      this.entry = entry;
      this.version = version;
      this.model = model;
      this.metadata = metadata;
      this.batcher =
          new Batcher(
              entry.name + "/" + version,
              options.maxBatchSize,
              options.maxQueueDelay.toNanos(),
              options.queueCapacity,
              options.workers,
              this::run,
              rows -> metrics.recordBatch(entry.name, rows));
    }

    /** Runs a batch: concatenates the requests' rows, predicts once, splits the outputs. */
    void run(List<Batcher.Pending> batch) {
      // Requests with different trailing shapes (a model with variable-size axes) run apart.
      List<Batcher.Pending> group = new ArrayList<>();
      String key = null;
      for (Batcher.Pending p : batch) {
        String k = shapeKey(p.request);
        if (key != null && !k.equals(key)) {
          runChecked(group);
          group = new ArrayList<>();
        }
        key = k;
        group.add(p);
      }
      runChecked(group);
    }

    /**
     * Runs a group; an index out of range (an Embedding id beyond its vocabulary) is the client's
     * error, so the group's requests are rerun one by one and only the offending ones answer
     * INVALID_ARGUMENT, as TF-Serving answers a gather index out of range.
     */
    private void runChecked(List<Batcher.Pending> group) {
      try {
        runGroup(group);
      } catch (IndexOutOfBoundsException e) {
        if (group.size() == 1) {
          group
              .get(0)
              .future
              .completeExceptionally(
                  ServingException.invalid("model '" + entry.name + "': " + e.getMessage()));
          return;
        }
        for (Batcher.Pending p : group) {
          runChecked(List.of(p));
        }
      }
    }

    /**
     * The warmed-up batch size a batch of {@code rows} is padded to: the smallest one that holds
     * it, or {@code rows} itself when none does (that batch traces a plan of its own).
     */
    int bucket(int rows) {
      for (int b : buckets) {
        if (b >= rows) {
          return b;
        }
      }
      return rows;
    }

    /**
     * Input {@code i} of every request of the group as one tensor of {@code rows} rows (zero
     * padded) in the input's dtype; a single unpadded request's values are used as they are.
     */
    private static Tensor batch(
        List<Batcher.Pending> group,
        int i,
        InferTensor first,
        long[] shape,
        boolean unpadded,
        String datatype) {
      boolean alone = group.size() == 1 && unpadded;
      int size = Math.toIntExact(Math.multiplyExact(shape[0], rowSize(shape)));
      if (datatype.equals("FP32")) {
        float[] data = alone ? first.data() : new float[size];
        int at = 0;
        for (Batcher.Pending p : alone ? List.<Batcher.Pending>of() : group) {
          float[] d = p.request.inputs().get(i).data();
          System.arraycopy(d, 0, data, at, d.length);
          at += d.length;
        }
        return Tensor.fromArray(data, shape);
      }
      long[] ints = alone ? first.ints() : new long[size];
      int at = 0;
      for (Batcher.Pending p : alone ? List.<Batcher.Pending>of() : group) {
        long[] d = p.request.inputs().get(i).ints();
        System.arraycopy(d, 0, ints, at, d.length);
        at += d.length;
      }
      if (datatype.equals("INT64")) {
        return Tensor.fromArray(ints, shape);
      }
      int[] narrow = new int[ints.length]; // checked to fit when the request was accepted
      for (int k = 0; k < ints.length; k++) {
        narrow[k] = (int) ints[k];
      }
      return Tensor.fromArray(narrow, shape);
    }

    private void runGroup(List<Batcher.Pending> group) {
      int inputs = metadata.inputs().size();
      int used = 0;
      for (Batcher.Pending p : group) {
        used += p.rows;
      }
      // Padding rows are zeros; rows do not mix in inference, and their outputs are dropped.
      int rows = bucket(used);
      Tensor[] xs = new Tensor[inputs];
      Tensor[] ys = null;
      try {
        for (int i = 0; i < inputs; i++) {
          InferTensor first = group.get(0).request.inputs().get(i);
          long[] shape = first.shape().clone();
          shape[0] = rows;
          xs[i] = batch(group, i, first, shape, rows == used, metadata.inputs().get(i).datatype());
        }
        ys = model.predictAll(xs, new PredictOptions().batchSize(Math.max(1, rows)));
        List<float[]> values = new ArrayList<>(ys.length);
        for (Tensor y : ys) {
          values.add(y.toFloatArray());
        }
        int row = 0;
        for (Batcher.Pending p : group) {
          List<InferTensor> outs = new ArrayList<>(ys.length);
          for (int o = 0; o < ys.length; o++) {
            long[] shape = ys[o].shape().clone();
            long per = rowSize(shape);
            shape[0] = p.rows;
            float[] part =
                Arrays.copyOfRange(values.get(o), (int) (row * per), (int) ((row + p.rows) * per));
            outs.add(new InferTensor(metadata.outputs().get(o).name(), shape, part));
          }
          row += p.rows;
          p.future.complete(new InferenceResult(entry.name, version, outs));
        }
      } finally {
        for (Tensor x : xs) {
          if (x != null) {
            x.close();
          }
        }
        if (ys != null) {
          for (Tensor y : ys) {
            y.close();
          }
        }
      }
    }
  }

  ModelRepository(ModelServer.Builder options, Metrics metrics) {
    this.options = options;
    this.metrics = metrics;
    this.log = options.log;
    for (Map.Entry<String, Path> m : options.models.entrySet()) {
      entries.put(m.getKey(), new Entry(m.getKey(), m.getValue()));
    }
    metrics.sources(this::queueDepths, this::versionStates, this::requestTraces);
    for (Entry e : entries.values()) {
      scan(e, true);
    }
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "myelin-repository-poller");
              t.setDaemon(true);
              return t;
            });
    long every = options.pollInterval.toMillis();
    poller.scheduleWithFixedDelay(this::scanAll, every, every, TimeUnit.MILLISECONDS);
  }

  private void scanAll() {
    for (Entry e : entries.values()) {
      if (closing) {
        return;
      }
      try {
        scan(e, false);
      } catch (RuntimeException ex) {
        log.println("myelin serve: scanning " + e.base + " failed: " + ex.getMessage());
      }
    }
  }

  /**
   * Looks at the model's folder and loads the newest version worth trying. At start-up ({@code
   * first}) files need not have been still for a poll interval: nothing is being served yet.
   */
  private void scan(Entry e, boolean first) {
    TreeMap<Long, Path> folders = versionFolders(e);
    long served = e.current == null ? 0 : e.current.version;
    for (Long n : folders.descendingKeySet()) {
      if (n <= served) {
        return;
      }
      Version v;
      synchronized (e) {
        v = e.versions.computeIfAbsent(n, Version::new);
      }
      String sig = signature(folders.get(n));
      long now = System.nanoTime();
      if (!sig.equals(v.signature)) {
        v.signature = sig;
        v.stillSinceNanos = now;
        if (!first) {
          v.state = VersionStatus.State.LOADING;
          return; // still being written, perhaps: look again next time
        }
      }
      if (sig.equals(v.failedSignature)) {
        continue; // failed as it is now; try the next older version
      }
      if (!first && now - v.stillSinceNanos < options.pollInterval.toNanos()) {
        return;
      }
      if (load(e, v, folders.get(n))) {
        return;
      }
    }
  }

  private static TreeMap<Long, Path> versionFolders(Entry e) {
    TreeMap<Long, Path> out = new TreeMap<>();
    if (Files.isRegularFile(e.base)) {
      out.put(1L, e.base); // a single model file: version 1
      return out;
    }
    try (Stream<Path> s = Files.list(e.base)) {
      s.forEach(
          p -> {
            String f = p.getFileName().toString();
            if (Files.isDirectory(p) && f.matches("[0-9]{1,18}") && Long.parseLong(f) > 0) {
              out.put(Long.parseLong(f), p);
            }
          });
    } catch (IOException ex) {
      throw new IllegalStateException("model '" + e.name + "': cannot list " + e.base + ": " + ex);
    }
    return out;
  }

  private static String signature(Path folder) {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.isDirectory(folder) ? Files.walk(folder) : Stream.of(folder)) {
      s.filter(Files::isRegularFile)
          .sorted()
          .forEach(
              p -> {
                try {
                  sb.append(p).append(':').append(Files.size(p)).append(':');
                  sb.append(Files.getLastModifiedTime(p).toMillis()).append(';');
                } catch (IOException ex) {
                  sb.append(p).append(":gone;");
                }
              });
    } catch (IOException | java.io.UncheckedIOException ex) {
      sb.append("unreadable:").append(ex.getMessage());
    }
    return sb.toString();
  }

  /** Loads, checks and warms up one version; on success it becomes the served one. */
  private boolean load(Entry e, Version v, Path folder) {
    v.state = VersionStatus.State.LOADING;
    Loaded loaded;
    try {
      Model model = readModel(folder);
      ModelMetadata meta = describe(e.name, v.number, model);
      loaded = new Loaded(e, v.number, model, meta);
      try {
        warmUp(loaded);
      } catch (RuntimeException ex) {
        loaded.batcher.close();
        throw ex;
      }
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError ex) {
      v.state = VersionStatus.State.END;
      v.error = ex.getMessage() == null ? ex.toString() : ex.getMessage();
      v.failedSignature = v.signature;
      log.println(
          "myelin serve: failed to load servable version {name: "
              + e.name
              + " version: "
              + v.number
              + "}: "
              + v.error
              + (e.current == null ? "" : "; version " + e.current.version + " keeps serving"));
      return false;
    }
    v.error = "";
    v.state = VersionStatus.State.AVAILABLE;
    Loaded old = e.current;
    e.current = loaded;
    log.println(
        "myelin serve: Successfully loaded servable version {name: "
            + e.name
            + " version: "
            + v.number
            + "}");
    if (old != null) {
      Version ov;
      synchronized (e) {
        ov = e.versions.get(old.version);
      }
      ov.state = VersionStatus.State.UNLOADING;
      old.batcher.close(); // finishes the requests already queued for it
      ov.state = VersionStatus.State.END;
    }
    return true;
  }

  private static Model readModel(Path folder) {
    if (Files.isRegularFile(folder)) {
      return Models.loadModel(folder);
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files =
          s.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .sorted()
              .toList();
    } catch (IOException ex) {
      throw new IllegalStateException("cannot list " + folder + ": " + ex.getMessage(), ex);
    }
    Path json = folder.resolve("model.json");
    if (Files.isRegularFile(json)) {
      // The book's Flask export: architecture JSON plus HDF5 weights.
      List<Path> weights = files.stream().filter(p -> p.toString().endsWith(".h5")).toList();
      if (weights.size() != 1) {
        throw new IllegalArgumentException(
            folder
                + ": model.json expected one .h5 weights file beside it but found "
                + weights.size());
      }
      try {
        Model m = Models.modelFromJson(Files.readString(json));
        m.loadWeights(weights.get(0));
        return m;
      } catch (IOException ex) {
        throw new IllegalStateException(json + ": " + ex.getMessage(), ex);
      }
    }
    List<Path> models =
        files.stream()
            .filter(p -> p.toString().endsWith(".keras") || p.toString().endsWith(".h5"))
            .filter(p -> !p.toString().endsWith(".weights.h5"))
            .toList();
    if (models.size() != 1) {
      throw new IllegalArgumentException(
          folder
              + ": expected one saved model (a .keras or .h5 file, or model.json + weights .h5) but found "
              + models.stream().map(p -> p.getFileName().toString()).toList());
    }
    return Models.loadModel(models.get(0));
  }

  private static ModelMetadata describe(String name, long version, Model model) {
    List<KerasTensor> ins = model.inputs();
    List<KerasTensor> outs = model.outputs();
    if (ins == null || ins.isEmpty() || outs == null || outs.isEmpty()) {
      throw new IllegalArgumentException(
          "model '"
              + name
              + "' version "
              + version
              + " has no declared inputs/outputs (build it with an input shape before saving)");
    }
    return new ModelMetadata(name, version, specs(ins, true), specs(outs, false));
  }

  private static List<TensorSpec> specs(List<KerasTensor> ts, boolean inputs) {
    List<TensorSpec> out = new ArrayList<>();
    for (KerasTensor t : ts) {
      long[] shape = t.shape().clone();
      for (int i = 0; i < shape.length; i++) {
        if (shape[i] <= 0) {
          shape[i] = -1;
        }
      }
      String base = t.layer().name();
      String name = base;
      for (int k = 1; contains(out, name); k++) {
        name = base + "_" + k; // a layer with several outputs
      }
      DType dtype = inputs && t.layer() instanceof InputLayer in ? in.dtype() : DType.FLOAT32;
      out.add(
          new TensorSpec(
              name,
              shape,
              switch (dtype) {
                case INT32 -> "INT32";
                case INT64 -> "INT64";
                default -> "FP32";
              }));
    }
    return out;
  }

  private static boolean contains(List<TensorSpec> specs, String name) {
    return specs.stream().anyMatch(s -> s.name().equals(name));
  }

  /**
   * Warms a version up before it turns AVAILABLE: {@link Model#warmUp} traces the predict plan of
   * every warm-up batch size and replays it until the JIT has compiled the request path; then one
   * predict per size through the version's own batcher warms its worker threads' native caches.
   * Batches are later padded up to these sizes ({@link Loaded#bucket}), so no request traces. A
   * model with an unknown input dimension cannot be traced on zeros: it gets a few predicts with
   * that dimension 1 and no padding.
   */
  private void warmUp(Loaded l) {
    int[] sizes = options.warmupBatchSizes();
    boolean known =
        l.metadata.inputs().stream()
            .allMatch(t -> Arrays.stream(t.shape()).skip(1).allMatch(d -> d >= 0));
    if (known) {
      l.model.warmUp(sizes);
      l.buckets = sizes.clone();
      Arrays.sort(l.buckets);
    }
    for (int rows : sizes) {
      List<InferTensor> xs = new ArrayList<>();
      for (TensorSpec spec : l.metadata.inputs()) {
        long[] shape = spec.shape().clone();
        shape[0] = rows;
        for (int d = 1; d < shape.length; d++) {
          if (shape[d] < 0) {
            shape[d] = 1;
          }
        }
        int n = Math.toIntExact(rows * rowSize(shape));
        xs.add(
            spec.isInteger()
                ? InferTensor.ofIntegers(spec.name(), shape, new long[n])
                : new InferTensor(spec.name(), shape, new float[n]));
      }
      for (int rep = 0; rep < (known ? 1 : options.warmupRepeats); rep++) {
        try {
          l.batcher
              .submit(
                  new InferenceRequest(
                      l.entry.name, l.version, xs, System.nanoTime() + 3_600_000_000_000L),
                  rows)
              .get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("warm-up interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable c = e.getCause();
          throw new IllegalStateException(
              "warm-up predict at batch size " + rows + " failed: " + c.getMessage(), c);
        }
      }
    }
    l.tracesAtReady = l.model.predictTraces();
  }

  private Entry entry(String model) {
    Entry e = entries.get(model);
    if (e == null) {
      throw new ServingException(
          ServingException.Code.NOT_FOUND,
          "Servable not found for request: model '"
              + model
              + "' (serving "
              + entries.keySet()
              + ")");
    }
    return e;
  }

  private Loaded loaded(String model, long version) {
    Entry e = entry(model);
    Loaded l = e.current;
    if (l == null) {
      throw new ServingException(
          ServingException.Code.UNAVAILABLE,
          "model '" + model + "' has no available version yet: " + describeVersions(e));
    }
    if (version != 0 && l.version != version) {
      throw new ServingException(
          ServingException.Code.NOT_FOUND,
          "Servable not found for request: model '"
              + model
              + "' version "
              + version
              + " is not being served (serving version "
              + l.version
              + "; "
              + describeVersions(e)
              + ")");
    }
    return l;
  }

  private static String describeVersions(Entry e) {
    List<String> parts = new ArrayList<>();
    synchronized (e) {
      for (Version v : e.versions.descendingMap().values()) {
        parts.add(v.number + " " + v.state + (v.error.isEmpty() ? "" : " (" + v.error + ")"));
      }
    }
    return parts.isEmpty() ? "no version folder in " + e.base : String.join(", ", parts);
  }

  @Override
  public CompletableFuture<InferenceResult> infer(InferenceRequest request) {
    if (closing) {
      throw new ServingException(ServingException.Code.UNAVAILABLE, "the server is shutting down");
    }
    for (int attempt = 0; ; attempt++) {
      Loaded l = loaded(request.model(), request.version());
      InferenceRequest ordered = check(l.metadata, request);
      try {
        return l.batcher.submit(ordered, ordered.inputs().get(0).rows());
      } catch (ServingException ex) {
        // The version was replaced between looking it up and queueing: use the new one.
        if (ex.code() != ServingException.Code.UNAVAILABLE
            || attempt > 2
            || request.version() != 0) {
          throw ex;
        }
      }
    }
  }

  /** The request's inputs in the model's order, checked against its signature. */
  static InferenceRequest check(ModelMetadata meta, InferenceRequest r) {
    List<TensorSpec> specs = meta.inputs();
    List<InferTensor> given = r.inputs();
    List<String> names = specs.stream().map(TensorSpec::name).toList();
    if (given.size() != specs.size()) {
      throw ServingException.invalid(
          "model '"
              + meta.name()
              + "': expected "
              + specs.size()
              + " input(s) "
              + names
              + " but got "
              + given.size());
    }
    List<InferTensor> ordered = new ArrayList<>(given);
    if (specs.size() > 1) {
      for (int i = 0; i < specs.size(); i++) {
        String want = names.get(i);
        InferTensor t = given.stream().filter(g -> g.name().equals(want)).findFirst().orElse(null);
        if (t == null) {
          throw ServingException.invalid(
              "model '"
                  + meta.name()
                  + "': expected inputs "
                  + names
                  + " but got "
                  + given.stream().map(InferTensor::name).toList());
        }
        ordered.set(i, t);
      }
    }
    int rows = -1;
    for (int i = 0; i < specs.size(); i++) {
      TensorSpec s = specs.get(i);
      InferTensor t = ordered.get(i);
      long[] want = s.shape();
      long[] got = t.shape();
      boolean ok = got.length == want.length && got.length > 0;
      for (int d = 1; ok && d < want.length; d++) {
        ok = want[d] < 0 || want[d] == got[d];
      }
      if (!ok) {
        throw ServingException.invalid(
            "model '"
                + meta.name()
                + "': input '"
                + s.name()
                + "' expected shape "
                + Arrays.toString(want)
                + " but was "
                + Arrays.toString(got));
      }
      if (got[0] < 1) {
        throw ServingException.invalid(
            "model '"
                + meta.name()
                + "': input '"
                + s.name()
                + "' expected at least one row but was empty");
      }
      if (rows >= 0 && got[0] != rows) {
        throw ServingException.invalid(
            "model '"
                + meta.name()
                + "': every input expected the same number of rows "
                + rows
                + " but input '"
                + s.name()
                + "' had "
                + got[0]);
      }
      rows = (int) got[0];
      ordered.set(i, typed(meta, s, t));
    }
    return new InferenceRequest(r.model(), r.version(), ordered, r.deadlineNanos());
  }

  /**
   * The tensor under the input's name with values of the input's dtype. A float32 input takes
   * integers float32 holds exactly; an integer input takes integers (int32: those fitting 32 bits)
   * and refuses floating-point values, as TF-Serving refuses a dtype that differs from the
   * signature's: no float is ever rounded into an id.
   */
  private static InferTensor typed(ModelMetadata meta, TensorSpec s, InferTensor t) {
    String what = "model '" + meta.name() + "': input '" + s.name() + "'";
    if (!s.isInteger()) {
      return t.isInteger()
          ? new InferTensor(s.name(), t.shape(), Values.toFloat32(what, t.ints()))
          : t.name().equals(s.name()) ? t : t.named(s.name());
    }
    if (!t.isInteger()) {
      throw ServingException.invalid(
          what
              + " expected integer values (its dtype is "
              + s.datatype()
              + ") but was a floating-point tensor (floats are not converted to integers)");
    }
    if (s.datatype().equals("INT32")) {
      Values.toInt32(what, t.ints());
    }
    return t.name().equals(s.name()) ? t : t.named(s.name());
  }

  private static String shapeKey(InferenceRequest r) {
    StringBuilder sb = new StringBuilder();
    for (InferTensor t : r.inputs()) {
      for (int d = 1; d < t.shape().length; d++) {
        sb.append(t.shape()[d]).append(',');
      }
      sb.append('|');
    }
    return sb.toString();
  }

  private static long rowSize(long[] shape) {
    long n = 1;
    for (int d = 1; d < shape.length; d++) {
      n *= shape[d];
    }
    return n;
  }

  @Override
  public List<VersionStatus> status(String model, long version) {
    Entry e = entry(model);
    List<VersionStatus> out = new ArrayList<>();
    synchronized (e) {
      for (Version v : e.versions.descendingMap().values()) {
        if (version == 0 || v.number == version) {
          out.add(new VersionStatus(v.number, v.state, v.error));
        }
      }
    }
    if (version != 0 && out.isEmpty()) {
      throw new ServingException(
          ServingException.Code.NOT_FOUND,
          "Could not find version "
              + version
              + " of model '"
              + model
              + "': "
              + describeVersions(e));
    }
    return out;
  }

  @Override
  public ModelMetadata metadata(String model, long version) {
    return loaded(model, version).metadata;
  }

  @Override
  public List<String> models() {
    return List.copyOf(entries.keySet());
  }

  @Override
  public boolean isReady(String model, long version) {
    Loaded l = entry(model).current;
    return !closing && l != null && (version == 0 || l.version == version);
  }

  @Override
  public boolean isReady() {
    return !closing && entries.values().stream().allMatch(e -> e.current != null);
  }

  private Map<String, Integer> queueDepths() {
    Map<String, Integer> out = new TreeMap<>();
    for (Entry e : entries.values()) {
      Loaded l = e.current;
      out.put(e.name, l == null ? 0 : l.batcher.queueDepth());
    }
    return out;
  }

  /** Plans each served version traced after its warm-up: requests that paid for tracing. */
  private Map<String, Integer> requestTraces() {
    Map<String, Integer> out = new TreeMap<>();
    for (Entry e : entries.values()) {
      Loaded l = e.current;
      out.put(e.name, l == null ? 0 : l.model.predictTraces() - l.tracesAtReady);
    }
    return out;
  }

  private Map<String, String> versionStates() {
    Map<String, String> out = new TreeMap<>();
    for (Entry e : entries.values()) {
      synchronized (e) {
        for (Version v : e.versions.values()) {
          out.put("model=\"" + e.name + "\",version=\"" + v.number + "\"", v.state.name());
        }
      }
    }
    return out;
  }

  /** Makes the server unready (new requests get UNAVAILABLE); queued requests still run. */
  void stopAccepting() {
    closing = true;
  }

  /** Stops polling and finishes every queued request. */
  @Override
  public void close() {
    closing = true;
    poller.shutdownNow();
    try {
      poller.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    for (Entry e : entries.values()) {
      Loaded l = e.current;
      if (l != null) {
        l.batcher.close();
      }
    }
  }
}
