package dev.myelin.bench;

import dev.myelin.Myelin;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.serving.ModelServer;
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
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bin/myelin bench serve}: an open-loop load generator against a {@link ModelServer} on
 * loopback. Batch-1 {@code :predict} requests are sent at a fixed rate for a fixed time, whether or
 * not earlier ones have been answered; latency is measured from each request's scheduled send time
 * (so a stall is not hidden), and p50/p99, throughput and errors are printed for the server with
 * dynamic batching off ({@code maxBatchSize 1}) and on.
 *
 * <p>Requests go over 64 keep-alive connections, as a client's connection pool would.
 *
 * <p>Arguments: {@code --rate R} (requests/s, default 1000), {@code --seconds T} (default 60),
 * {@code --warmup S} (default 5), {@code --model mlp|wifi} (default mlp: 784-512-256-10, as the
 * predict workload; wifi: the book's 7-50-30-10-4), {@code --max-batch N} (default 32), {@code
 * --delay-ms X} (the batching run's max queue delay, default 0).
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
        String path = "/v1/models/m:predict";
        run(server.port(), path, body, rate, warmup, null);
        Result r = run(server.port(), path, body, rate, seconds, server);
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

  /** One request to send: its index and the time it was due. */
  private record Due(int index, long atNanos) {}

  /**
   * Sends {@code rate * seconds} requests over {@code CONNECTIONS} keep-alive connections: a
   * scheduler puts each request in a queue at its due time, connection threads send them in order
   * and record the time from due to answer (queueing behind busy connections included).
   */
  private static Result run(
      int port, String path, String body, int rate, int seconds, ModelServer server)
      throws Exception {
    int n = rate * seconds;
    long[] lat = new long[n];
    Arrays.fill(lat, -1);
    long[] lastDone = new long[CONNECTIONS];
    long batchesBefore = server == null ? 0 : server.metrics().batchCount("m");
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + bodyBytes.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    BlockingQueue<Due> queue = new LinkedBlockingQueue<>();
    Due stop = new Due(-1, 0);
    Thread[] conns = new Thread[CONNECTIONS];
    for (int c = 0; c < CONNECTIONS; c++) {
      int id = c;
      conns[c] =
          new Thread(
              () -> {
                Socket socket = null;
                try {
                  for (Due d; (d = queue.take()) != stop; ) {
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
                      int status = readResponse(socket.getInputStream());
                      long now = System.nanoTime();
                      if (status == 200) {
                        lat[d.index()] = now - d.atNanos();
                      }
                      lastDone[id] = Math.max(lastDone[id], now);
                    } catch (IOException e) {
                      closeQuietly(socket);
                      socket = null; // counted as an error: lat stays -1
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  closeQuietly(socket);
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
