package dev.myelin.serving;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code bin/myelin serve --model NAME=PATH [--model ...] [--port 8501] [--grpc-port 8500] ...}:
 * starts a {@link ModelServer} and runs until interrupted (Ctrl-C or SIGTERM shut it down
 * gracefully). {@code --port 0} picks a free port; the chosen one is printed.
 */
public final class ServeCommand {
  private ServeCommand() {}

  private static final String USAGE =
      """
      usage: bin/myelin serve --model NAME=PATH [--model NAME=PATH ...] [options]
        --model NAME=PATH        serve PATH (a folder of version folders 1, 2, ... or one model file) as NAME
        --port N                 REST port (default 8501; 0 = any free port)
        --host ADDR              address to listen on (default 0.0.0.0)
        --grpc-port N            gRPC port: TF-Serving and KServe v2 gRPC APIs (default off; 0 = any free port)
        --max-batch-size N       rows per dynamic batch (default 32; 1 = no batching)
        --max-queue-delay-ms X   wait for more requests before running a batch (default 0)
        --queue-capacity N       requests waiting per model before 429 (default 1024)
        --workers N              threads running batches per model (default 1)
        --timeout-ms N           per-request deadline (default 30000; then 504)
        --client-timeout-ms N    time a client has to send its request (default 10000; then 408)
        --max-request-bytes N    largest body (default 16777216; then 413)
        --poll-ms N              how often model folders are polled for new versions (default 1000)
        --access-log PATH|-      JSON line access log to a file or standard output (default off)
      """;

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    ModelServer.Builder b = ModelServer.builder();
    PrintStream accessLog = null;
    int models = 0;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          System.out.print(USAGE);
          return;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("myelin serve: " + a + " expects a value");
        }
        String v = args[++i];
        switch (a) {
          case "--model" -> {
            int eq = v.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException(
                  "myelin serve: --model expected NAME=PATH but was \"" + v + "\"");
            }
            Path p = Path.of(v.substring(eq + 1));
            if (!Files.exists(p)) {
              throw new IllegalArgumentException(
                  "myelin serve: --model " + v + ": " + p + " does not exist");
            }
            b.model(v.substring(0, eq), p);
            models++;
          }
          case "--port" -> b.port(Integer.parseInt(v));
          case "--host" -> b.host(v);
          case "--grpc-port" -> b.grpcPort(Integer.parseInt(v));
          case "--max-batch-size" -> b.maxBatchSize(Integer.parseInt(v));
          case "--max-queue-delay-ms" ->
              b.maxQueueDelay(Duration.ofNanos((long) (Double.parseDouble(v) * 1e6)));
          case "--queue-capacity" -> b.queueCapacity(Integer.parseInt(v));
          case "--workers" -> b.workers(Integer.parseInt(v));
          case "--timeout-ms" -> b.requestTimeout(Duration.ofMillis(Long.parseLong(v)));
          case "--client-timeout-ms" -> b.clientTimeout(Duration.ofMillis(Long.parseLong(v)));
          case "--max-request-bytes" -> b.maxRequestBytes(Integer.parseInt(v));
          case "--poll-ms" -> b.pollInterval(Duration.ofMillis(Long.parseLong(v)));
          case "--access-log" -> {
            accessLog =
                v.equals("-")
                    ? System.out
                    : new PrintStream(Files.newOutputStream(Path.of(v)), true);
            b.accessLog(accessLog);
          }
          default -> throw new IllegalArgumentException("myelin serve: unknown option " + a);
        }
      }
      if (models == 0) {
        throw new IllegalArgumentException("myelin serve: give at least one --model NAME=PATH");
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    ModelServer server = b.start();
    // The port line is what scripts and tests wait for.
    System.out.println("Running ModelServer at " + "127.0.0.1:" + server.port() + " (REST)");
    if (server.grpcPort() >= 0) {
      System.out.println("Running ModelServer at " + "127.0.0.1:" + server.grpcPort() + " (gRPC)");
    }
    System.out.flush();
    Thread hook = new Thread(server::close, "myelin-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    server.awaitShutdown();
  }
}
