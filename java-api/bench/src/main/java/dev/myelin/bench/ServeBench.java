package dev.myelin.bench;

import dev.myelin.Myelin;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.serving.ModelServer;
import dev.myelin.serving.grpc.proto.tf.DataType;
import dev.myelin.serving.grpc.proto.tf.TensorProto;
import dev.myelin.serving.grpc.proto.tf.TensorShapeProto;
import dev.myelin.serving.grpc.proto.tfs.ModelSpec;
import dev.myelin.serving.grpc.proto.tfs.PredictRequest;
import dev.myelin.serving.grpc.proto.tfs.PredictionServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bin/myelin bench serve}: an open-loop load generator against a {@link ModelServer} on
 * loopback. Batch-1 {@code :predict} requests are sent at a fixed rate for a fixed time, whether or
 * not earlier ones have been answered; latency is measured from each request's scheduled send time
 * (so a stall is not hidden), and p50/p99, throughput and errors are printed for the server with
 * dynamic batching off ({@code maxBatchSize 1}) and on, over REST (JSON {@code :predict}) and gRPC
 * (TF-Serving {@code Predict}, float_val). With {@code --python PY} the same model, saved once, is
 * also served by the Python baseline {@code tests/bench/serve_fastapi.py} (FastAPI + uvicorn +
 * Keras on JAX; PY is a Python with {@code tests/bench/requirements-serve.txt}) and driven by the
 * same generator with the same request bytes, and the batch-1 latency ratios are printed.
 *
 * <p>REST requests go over 64 keep-alive connections, as a client's connection pool would; gRPC
 * requests over 4 HTTP/2 channels shared by 64 caller threads.
 *
 * <p>Arguments: {@code --rate R} (requests/s, default 1000), {@code --seconds T} (default 60),
 * {@code --warmup S} (default 5), {@code --model mlp|wifi} (default mlp: 784-512-256-10, as the
 * predict workload; wifi: the book's 7-50-30-10-4), {@code --max-batch N} (default 32), {@code
 * --delay-ms X} (the batching run's max queue delay, default 0), {@code --protocols rest,grpc}
 * (default both), {@code --python PY} (default {@code $MYELIN_BENCH_PYTHON}; none: no baseline).
 */
public final class ServeBench {
  /** Keep-alive connections the generator sends over (bounded, as a real client pool is). */
  private static final int CONNECTIONS = 64;

  private ServeBench() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    int rate = 1000;
    int seconds = 60;
    int warmup = 5;
    String modelName = "mlp";
    int maxBatch = 32;
    double delayMs = 0;
    List<String> protocols = List.of("rest", "grpc");
    String python = System.getenv("MYELIN_BENCH_PYTHON");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--model" -> modelName = args[++i];
        case "--max-batch" -> maxBatch = Integer.parseInt(args[++i]);
        case "--delay-ms" -> delayMs = Double.parseDouble(args[++i]);
        case "--protocols" -> protocols = List.of(args[++i].split(","));
        case "--python" -> python = args[++i];
        default -> throw new IllegalArgumentException("bench serve: unknown argument " + args[i]);
      }
    }
    int[] units =
        modelName.equals("wifi") ? new int[] {7, 50, 30, 10, 4} : new int[] {784, 512, 256, 10};
    Myelin.setSeed(0);
    KerasTensor in = Input.of(units[0]);
    KerasTensor h = in;
    for (int i = 1; i < units.length; i++) {
      h = new Dense(units[i]).activation(i + 1 < units.length ? "relu" : "softmax").apply(h);
    }
    Model model = new Model(in, h);
    Path repo = Files.createTempDirectory("myelin-serve-bench");
    Files.createDirectories(repo.resolve("m/1"));
    model.save(repo.resolve("m/1/model.keras"));
    Random rnd = new Random(0);
    float[] values = new float[units[0]];
    StringBuilder row = new StringBuilder("{\"instances\": [[");
    for (int i = 0; i < units[0]; i++) {
      String v = String.format(Locale.ROOT, "%.4f", rnd.nextDouble());
      values[i] = Float.parseFloat(v);
      row.append(i > 0 ? "," : "").append(v);
    }
    String body = row.append("]]}").toString();
    System.out.printf(
        Locale.ROOT,
        "bench serve: model %s %s, batch-1 JSON requests of %d bytes, %d req/s for %d s (after %d s warm-up), %d cores%n",
        modelName,
        Arrays.toString(units),
        body.length(),
        rate,
        seconds,
        warmup,
        Runtime.getRuntime().availableProcessors());
    Map<String, Result> batch1 = new LinkedHashMap<>();
    for (int batch : new int[] {1, maxBatch}) {
      try (ModelServer server =
          ModelServer.builder()
              .host("127.0.0.1")
              .port(0)
              .grpcPort(protocols.contains("grpc") ? 0 : -1)
              .model("m", repo.resolve("m"))
              .maxBatchSize(batch)
              .maxQueueDelay(Duration.ofNanos((long) (delayMs * 1e6)))
              .log(new PrintStream(new ByteArrayOutputStream()))
              .start()) {
        for (String protocol : protocols) {
          Senders senders =
              protocol.equals("grpc")
                  ? grpc(
                      server.grpcPort(),
                      server.backend().metadata("m", 0).inputs().get(0).name(),
                      values)
                  : rest(server.port(), "/v1/models/m:predict", body);
          try {
            run(senders, rate, warmup, null);
            Result r = run(senders, rate, seconds, server);
            String label =
                (protocol.equals("grpc") ? "gRPC Predict, " : "REST :predict, ")
                    + (batch == 1
                        ? "no batching"
                        : "dynamic batching (max " + batch + ", delay " + delayMs + " ms)");
            print("myelin " + label, rate, seconds, r);
            if (batch == 1) {
              batch1.put("myelin " + protocol, r);
            }
          } finally {
            senders.close();
          }
        }
      }
    }
    if (python == null) {
      System.out.println(
          "bench serve: no Python baseline (give --python PY, a Python with tests/bench/requirements-serve.txt)");
      return;
    }
    Result base = fastApi(python, repo.resolve("m/1/model.keras"), body, rate, warmup, seconds);
    print("fastapi+keras-jax REST :predict (predict_on_batch)", rate, seconds, base);
    for (Map.Entry<String, Result> e : batch1.entrySet()) {
      System.out.printf(
          Locale.ROOT,
          "{\"ratio\": \"%s / fastapi+keras-jax\", \"p50\": %.3f, \"p99\": %.3f}%n",
          e.getKey(),
          e.getValue().p(0.50) / base.p(0.50),
          e.getValue().p(0.99) / base.p(0.99));
    }
  }

  private static void print(String label, int rate, int seconds, Result r) {
    System.out.printf(
        Locale.ROOT,
        "{\"config\": \"%s\", \"rate\": %d, \"seconds\": %d, \"sent\": %d, \"ok\": %d, \"errors\": %d,"
            + " \"p50_us\": %.0f, \"p90_us\": %.0f, \"p99_us\": %.0f, \"max_us\": %.0f, \"throughput_rps\": %.1f, \"mean_batch\": %.2f}%n",
        label,
        rate,
        seconds,
        r.sent,
        r.ok,
        r.errors,
        r.p(0.50),
        r.p(0.90),
        r.p(0.99),
        r.p(1.0),
        r.throughput,
        r.meanBatch);
  }

  /**
   * Starts the FastAPI baseline on a free port, waits until it answers, drives it as the Myelin
   * server was driven, and stops it.
   */
  private static Result fastApi(
      String python, Path model, String body, int rate, int warmup, int seconds) throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    // The classes live in ROOT/java-api/bench/target/classes (bin/myelin runs them from there).
    Path classes =
        Path.of(ServeBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path script = classes.resolve("../../../../tests/bench/serve_fastapi.py").normalize();
    ProcessBuilder pb =
        new ProcessBuilder(
                python,
                script.toString(),
                "--model",
                model.toString(),
                "--port",
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putIfAbsent("OMP_NUM_THREADS", "1");
    Process p = pb.start();
    try {
      Senders senders = rest(port, "/v1/models/m:predict", body);
      long until = System.nanoTime() + 300_000_000_000L;
      while (true) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "bench serve: the FastAPI baseline exited with " + p.exitValue());
        }
        try (Socket probe = new Socket("127.0.0.1", port)) {
          break;
        } catch (IOException notYet) {
          if (System.nanoTime() > until) {
            throw new IllegalStateException(
                "bench serve: the FastAPI baseline did not start in 300 s");
          }
          // Waiting for the Python process to import Keras and open its port (no signal to wait
          // on).
          Thread.sleep(200);
        }
      }
      try {
        run(senders, rate, warmup, null);
        return run(senders, rate, seconds, null);
      } finally {
        senders.close();
      }
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** Makes, per connection thread, a way to send one request and tell whether it was answered. */
  private interface Senders extends AutoCloseable {
    Sender open();

    @Override
    void close();
  }

  /** One connection's sender: true when the answer was a success. */
  private interface Sender {
    boolean send() throws IOException;

    void close();
  }

  /** REST {@code :predict} over a keep-alive socket per connection thread. */
  private static Senders rest(int port, String path, String body) {
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + bodyBytes.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    return new Senders() {
      @Override
      public Sender open() {
        return new Sender() {
          Socket socket;

          @Override
          public boolean send() throws IOException {
            try {
              if (socket == null) {
                socket = new Socket("127.0.0.1", port);
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
              }
              OutputStream out = socket.getOutputStream();
              out.write(head);
              out.write(bodyBytes);
              out.flush();
              return readResponse(socket.getInputStream()) == 200;
            } catch (IOException e) {
              close();
              throw e;
            }
          }

          @Override
          public void close() {
            closeQuietly(socket);
            socket = null;
          }
        };
      }

      @Override
      public void close() {}
    };
  }

  /** TF-Serving gRPC {@code Predict} (float_val) over a few shared HTTP/2 channels. */
  private static Senders grpc(int port, String input, float[] row) {
    TensorProto.Builder x =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_FLOAT)
            .setTensorShape(
                TensorShapeProto.newBuilder()
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(1))
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(row.length)));
    for (float v : row) {
      x.addFloatVal(v);
    }
    PredictRequest request =
        PredictRequest.newBuilder()
            .setModelSpec(ModelSpec.newBuilder().setName("m"))
            .putInputs(input, x.build())
            .build();
    ManagedChannel[] channels = new ManagedChannel[4];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }
    int[] next = {0};
    return new Senders() {
      @Override
      public synchronized Sender open() {
        PredictionServiceGrpc.PredictionServiceBlockingStub stub =
            PredictionServiceGrpc.newBlockingStub(channels[next[0]++ % channels.length]);
        return new Sender() {
          @Override
          public boolean send() throws IOException {
            try {
              stub.withDeadlineAfter(30, TimeUnit.SECONDS).predict(request);
              return true;
            } catch (StatusRuntimeException e) {
              return false;
            }
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public void close() {
        for (ManagedChannel c : channels) {
          c.shutdownNow();
        }
      }
    };
  }

  private record Result(
      int sent, int ok, int errors, double[] latUs, double throughput, double meanBatch) {
    double p(double q) {
      if (latUs.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.min(latUs.length - 1, Math.ceil(q * latUs.length) - 1);
      return latUs[Math.max(0, i)];
    }
  }

  /** One request to send: its index and the time it was due. */
  private record Due(int index, long atNanos) {}

  /**
   * Sends {@code rate * seconds} requests over {@code CONNECTIONS} keep-alive connections: a
   * scheduler puts each request in a queue at its due time, connection threads send them in order
   * and record the time from due to answer (queueing behind busy connections included).
   */
  private static Result run(Senders senders, int rate, int seconds, ModelServer server)
      throws Exception {
    int n = rate * seconds;
    long[] lat = new long[n];
    Arrays.fill(lat, -1);
    long[] lastDone = new long[CONNECTIONS];
    long batchesBefore = server == null ? 0 : server.metrics().batchCount("m");
    BlockingQueue<Due> queue = new LinkedBlockingQueue<>();
    Due stop = new Due(-1, 0);
    Thread[] conns = new Thread[CONNECTIONS];
    for (int c = 0; c < CONNECTIONS; c++) {
      int id = c;
      Sender sender = senders.open();
      conns[c] =
          new Thread(
              () -> {
                try {
                  for (Due d; (d = queue.take()) != stop; ) {
                    try {
                      boolean ok = sender.send();
                      long now = System.nanoTime();
                      if (ok) {
                        lat[d.index()] = now - d.atNanos();
                      }
                      lastDone[id] = Math.max(lastDone[id], now);
                    } catch (IOException e) {
                      // counted as an error: lat stays -1; the sender reconnects next time
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  sender.close();
                }
              },
              "serve-bench-conn-" + c);
      conns[c].start();
    }
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long at = start + i * period;
      long wait;
      while ((wait = at - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      queue.add(new Due(i, at));
    }
    for (int c = 0; c < CONNECTIONS; c++) {
      queue.add(stop);
    }
    for (Thread t : conns) {
      t.join();
    }
    int ok = 0;
    double[] us = new double[n];
    for (long l : lat) {
      if (l >= 0) {
        us[ok++] = l / 1e3;
      }
    }
    us = Arrays.copyOf(us, ok);
    Arrays.sort(us);
    long last = Arrays.stream(lastDone).max().orElse(start);
    double elapsed = (last - start) / 1e9;
    long batches = server == null ? 0 : server.metrics().batchCount("m") - batchesBefore;
    return new Result(n, ok, n - ok, us, ok / elapsed, batches == 0 ? 0 : (double) ok / batches);
  }

  /** Reads one HTTP/1.1 answer with a Content-Length body; returns its status. */
  private static int readResponse(InputStream in) throws IOException {
    StringBuilder headers = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      headers.append((char) b);
      int len = headers.length();
      if (len >= 4 && headers.charAt(len - 1) == '\n' && headers.charAt(len - 3) == '\n') {
        break;
      }
    }
    if (b < 0) {
      throw new IOException("connection closed");
    }
    String h = headers.toString();
    int status = Integer.parseInt(h.substring(9, 12));
    int cl = h.toLowerCase(Locale.ROOT).indexOf("content-length:");
    int length = Integer.parseInt(h.substring(cl + 15, h.indexOf('\r', cl)).trim());
    in.readNBytes(length);
    if (h.toLowerCase(Locale.ROOT).contains("connection: close")) {
      throw new IOException("server closed the connection");
    }
    return status;
  }

  private static void closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing a broken connection: nothing to do
      }
    }
  }
}
