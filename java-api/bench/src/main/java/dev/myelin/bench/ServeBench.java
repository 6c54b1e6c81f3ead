package dev.myelin.bench;

import dev.myelin.Myelin;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.serving.ModelServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bin/myelin bench serve}: an open-loop load generator against a {@link ModelServer} on
 * loopback. Batch-1 {@code :predict} requests are sent at a fixed rate for a fixed time, whether or
 * not earlier ones have been answered; latency is measured from each request's scheduled send time
 * (so a stall is not hidden), and p50/p99, throughput and errors are printed for the server with
 * dynamic batching off ({@code maxBatchSize 1}) and on.
 *
 * <p>Arguments: {@code --rate R} (requests/s, default 1000), {@code --seconds T} (default 60),
 * {@code --warmup S} (default 5), {@code --model mlp|wifi} (default mlp: 784-512-256-10, as the
 * predict workload; wifi: the book's 7-50-30-10-4), {@code --max-batch N} (default 32), {@code
 * --delay-ms X} (the batching run's max queue delay, default 0).
 */
public final class ServeBench {
  private ServeBench() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    int rate = 1000;
    int seconds = 60;
    int warmup = 5;
    String modelName = "mlp";
    int maxBatch = 32;
    double delayMs = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--model" -> modelName = args[++i];
        case "--max-batch" -> maxBatch = Integer.parseInt(args[++i]);
        case "--delay-ms" -> delayMs = Double.parseDouble(args[++i]);
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
    StringBuilder row = new StringBuilder("{\"instances\": [[");
    for (int i = 0; i < units[0]; i++) {
      row.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%.4f", rnd.nextDouble()));
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
    for (int batch : new int[] {1, maxBatch}) {
      try (ModelServer server =
          ModelServer.builder()
              .host("127.0.0.1")
              .port(0)
              .model("m", repo.resolve("m"))
              .maxBatchSize(batch)
              .maxQueueDelay(Duration.ofNanos((long) (delayMs * 1e6)))
              .log(new PrintStream(new ByteArrayOutputStream()))
              .start()) {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/models/m:predict");
        run(uri, body, rate, warmup, null);
        Result r = run(uri, body, rate, seconds, server);
        String label =
            batch == 1
                ? "no batching"
                : "dynamic batching (max " + batch + ", delay " + delayMs + " ms)";
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
    }
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

  private static Result run(URI uri, String body, int rate, int seconds, ModelServer server)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(pool)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    int n = rate * seconds;
    long[] lat = new long[n];
    Arrays.fill(lat, -1);
    AtomicInteger done = new AtomicInteger();
    long[] lastDone = {0};
    long batchesBefore = server == null ? 0 : server.metrics().batchCount("m");
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime();
    CompletableFuture<?>[] all = new CompletableFuture<?>[n];
    for (int i = 0; i < n; i++) {
      long at = start + i * period;
      long wait;
      while ((wait = at - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      int k = i;
      all[i] =
          client
              .sendAsync(req, HttpResponse.BodyHandlers.ofString())
              .whenComplete(
                  (res, err) -> {
                    long now = System.nanoTime();
                    if (err == null && res.statusCode() == 200) {
                      lat[k] = now - at;
                    }
                    done.incrementAndGet();
                    synchronized (lastDone) {
                      lastDone[0] = Math.max(lastDone[0], now);
                    }
                  });
    }
    try {
      CompletableFuture.allOf(all).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      // counted below: requests not answered within a minute are errors
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
    double elapsed = (lastDone[0] - start) / 1e9;
    long batches = server == null ? 0 : server.metrics().batchCount("m") - batchesBefore;
    pool.shutdownNow();
    return new Result(n, ok, n - ok, us, ok / elapsed, batches == 0 ? 0 : (double) ok / batches);
  }
}
