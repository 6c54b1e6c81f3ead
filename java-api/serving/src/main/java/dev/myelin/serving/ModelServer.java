package dev.myelin.serving;

import dev.myelin.serving.grpc.GrpcFrontEnd;
import dev.myelin.serving.rest.RestServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Serves saved Myelin/Keras models over the TF-Serving REST API ({@code /v1/models/NAME:predict})
 * and the KServe v2 / Open Inference Protocol REST API ({@code /v2/models/NAME/infer}), and, when a
 * gRPC port is set, TF-Serving's and KServe v2's gRPC APIs ({@link GrpcFrontEnd}), with a versioned
 * model repository, dynamic batching, a bounded queue, size limits, timeouts, health endpoints,
 * Prometheus metrics and JSON access logs. See docs/serving.md.
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.builder().model("wifi", Path.of("/models/wifi"))
 *     .port(8501).maxBatchSize(32).start()) {
 *   server.awaitShutdown();
 * }
 * }</pre>
 */
public final class ModelServer implements AutoCloseable {
  private final Builder options;
  private final Metrics metrics = new Metrics();
  private final ModelRepository repository;
  private final RestServer rest;
  private final GrpcFrontEnd grpc;

  private ModelServer(Builder options) throws InterruptedException {
    this.options = options;
    this.repository = new ModelRepository(options, metrics);
    try {
      this.rest =
          new RestServer(
              repository,
              metrics,
              new AccessLog(options.accessLog),
              options.host,
              options.port,
              options.maxRequestBytes,
              options.requestTimeout,
              options.clientTimeout,
              options.routes);
    } catch (RuntimeException | InterruptedException e) {
      repository.close();
      throw e;
    }
    try {
      this.grpc =
          options.grpcPort < 0
              ? null
              : new GrpcFrontEnd(
                  repository,
                  metrics,
                  new AccessLog(options.accessLog),
                  options.host,
                  options.grpcPort,
                  options.maxRequestBytes,
                  options.requestTimeout);
    } catch (RuntimeException e) {
      repository.close();
      rest.close();
      throw e;
    }
    options.log.println(
        "myelin serve: Running REST API at "
            + options.host
            + ":"
            + rest.port()
            + " (models "
            + repository.models()
            + ")");
    if (grpc != null) {
      options.log.println("myelin serve: Running gRPC API at " + options.host + ":" + grpc.port());
    }
  }

  /** The gRPC port (the one chosen when {@link Builder#grpcPort} was 0), or -1 when gRPC is off. */
  public int grpcPort() {
    return grpc == null ? -1 : grpc.port();
  }

  /** A builder with the defaults listed on each option. */
  public static Builder builder() {
    return new Builder();
  }

  /** The REST port (the one chosen when {@link Builder#port} was 0). */
  public int port() {
    return rest.port();
  }

  /** The protocol-independent backend every front end calls (gRPC plugs in here). */
  public InferenceBackend backend() {
    return repository;
  }

  /** The server's metrics (also served at {@code /metrics}). */
  public Metrics metrics() {
    return metrics;
  }

  /** Blocks until {@link #close()} has finished (e.g. from a shutdown hook). */
  public void awaitShutdown() throws InterruptedException {
    rest.awaitClosed();
  }

  /**
   * Shuts down gracefully: the server turns unready and refuses new requests with 503, requests
   * already received are answered (up to {@link Builder#shutdownGrace}), then the port closes.
   */
  @Override
  public void close() {
    repository.stopAccepting();
    long end = System.nanoTime() + options.shutdownGrace.toNanos();
    rest.drain(options.shutdownGrace);
    if (grpc != null) {
      try {
        grpc.drain(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    repository.close();
    rest.close();
    if (grpc != null) {
      grpc.close();
    }
  }

  /** The server's options; {@link #start()} builds and starts it. */
  public static final class Builder {
    final Map<String, Path> models = new LinkedHashMap<>();
    final Map<String, Route> routes = new LinkedHashMap<>();
    String host = "0.0.0.0";
    int port = 8501;
    int grpcPort = -1;
    int maxBatchSize = 32;
    Duration maxQueueDelay = Duration.ZERO;
    int queueCapacity = 1024;
    int workers = 1;
    Duration requestTimeout = Duration.ofSeconds(30);
    Duration clientTimeout = Duration.ofSeconds(10);
    int maxRequestBytes = 16 << 20;
    Duration pollInterval = Duration.ofSeconds(1);
    Duration shutdownGrace = Duration.ofSeconds(30);
    int[] warmupBatchSizes;
    int warmupRepeats = 3;
    PrintStream accessLog;
    PrintStream log = System.err;

    private Builder() {}

    /**
     * Serves {@code base} (a folder of version folders {@code 1}, {@code 2}, ..., or one model
     * file) as {@code name}.
     */
    public Builder model(String name, Path base) {
      if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException(
            "ModelServer: argument 'name' expected letters, digits, '_', '.' or '-' but was \""
                + name
                + "\"");
      }
      if (models.containsKey(name)) {
        throw new IllegalArgumentException("ModelServer: model '" + name + "' is given twice");
      }
      models.put(name, base);
      return this;
    }

    /** The address to listen on (default {@code 0.0.0.0}; tests use {@code 127.0.0.1}). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The REST port (default 8501, TF-Serving's); 0 picks a free one. */
    public Builder port(int port) {
      this.port = check("port", port, 0, 65535);
      return this;
    }

    /**
     * The gRPC port (TF-Serving's PredictionService and ModelService, KServe v2's
     * GRPCInferenceService); default -1: no gRPC; 0 picks a free one; TF-Serving's is 8500.
     */
    public Builder grpcPort(int port) {
      this.grpcPort = check("grpcPort", port, -1, 65535);
      return this;
    }

    /** Rows per batch the batcher forms at most (default 32); 1 turns dynamic batching off. */
    public Builder maxBatchSize(int n) {
      this.maxBatchSize = check("maxBatchSize", n, 1, 1 << 20);
      return this;
    }

    /**
     * How long the batcher waits for more requests before running a batch that is not full (default
     * 0: a batch is what queued while the model was busy).
     */
    public Builder maxQueueDelay(Duration d) {
      this.maxQueueDelay = nonNegative("maxQueueDelay", d);
      return this;
    }

    /** Requests that may wait per model before new ones get 429 (default 1024). */
    public Builder queueCapacity(int n) {
      this.queueCapacity = check("queueCapacity", n, 1, 1 << 24);
      return this;
    }

    /** Threads that run batches per model (default 1: oneDNN already uses every core). */
    public Builder workers(int n) {
      this.workers = check("workers", n, 1, 256);
      return this;
    }

    /** How long a request may take from its last byte to its answer (default 30 s; then 504). */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = positive("requestTimeout", d);
      return this;
    }

    /** How long a client may take to send one request (default 10 s; then 408). */
    public Builder clientTimeout(Duration d) {
      this.clientTimeout = positive("clientTimeout", d);
      return this;
    }

    /** The largest request body accepted (default 16 MiB; larger ones get 413). */
    public Builder maxRequestBytes(int n) {
      this.maxRequestBytes = check("maxRequestBytes", n, 1024, Integer.MAX_VALUE);
      return this;
    }

    /** How often the model folders are polled for new versions (default 1 s). */
    public Builder pollInterval(Duration d) {
      this.pollInterval = positive("pollInterval", d);
      return this;
    }

    /** How long {@link ModelServer#close()} waits for requests in flight (default 30 s). */
    public Builder shutdownGrace(Duration d) {
      this.shutdownGrace = nonNegative("shutdownGrace", d);
      return this;
    }

    /**
     * The batch sizes a version is warmed up at ({@code Model.warmUp}) before it turns AVAILABLE
     * (default the powers of two below maxBatchSize, and maxBatchSize). A batch is padded with zero
     * rows up to the smallest of them that holds it, so no request pays for tracing a plan.
     */
    public Builder warmupBatchSizes(int... sizes) {
      for (int s : sizes) {
        check("warmupBatchSizes", s, 1, 1 << 20);
      }
      this.warmupBatchSizes = sizes.clone();
      return this;
    }

    /** Where JSON access log lines go (default nowhere). */
    public Builder accessLog(PrintStream out) {
      this.accessLog = out;
      return this;
    }

    /** Where the server's own messages go (default standard error). */
    public Builder log(PrintStream out) {
      this.log = out;
      return this;
    }

    /** Adds a custom endpoint at {@code path} (e.g. the book's Flask-style {@code POST /}). */
    public Builder route(String path, Route route) {
      if (path == null
          || !path.startsWith("/")
          || path.startsWith("/v1/")
          || path.startsWith("/v2")) {
        throw new IllegalArgumentException(
            "ModelServer: argument 'path' expected a path starting with '/' outside /v1 and /v2 but was \""
                + path
                + "\"");
      }
      routes.put(path, route);
      return this;
    }

    int[] warmupBatchSizes() {
      if (warmupBatchSizes != null) {
        return warmupBatchSizes;
      }
      TreeSet<Integer> s = new TreeSet<>(List.of(maxBatchSize));
      for (int b = 1; b < maxBatchSize; b *= 2) {
        s.add(b);
      }
      List<Integer> l = new ArrayList<>(s);
      return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Loads the models (every version folder's newest loadable version) and opens the port. */
    public ModelServer start() throws InterruptedException {
      if (models.isEmpty() && routes.isEmpty()) {
        throw new IllegalArgumentException(
            "ModelServer: no model to serve; add one with model(name, path)");
      }
      return new ModelServer(this);
    }

    private static int check(String arg, int v, int lo, int hi) {
      if (v < lo || v > hi) {
        throw new IllegalArgumentException(
            "ModelServer: argument '" + arg + "' expected " + lo + ".." + hi + " but was " + v);
      }
      return v;
    }

    private static Duration positive(String arg, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(
            "ModelServer: argument '" + arg + "' expected a positive duration but was " + d);
      }
      return d;
    }

    private static Duration nonNegative(String arg, Duration d) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(
            "ModelServer: argument '" + arg + "' expected a duration >= 0 but was " + d);
      }
      return d;
    }
  }
}
