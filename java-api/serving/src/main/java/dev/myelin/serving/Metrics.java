package dev.myelin.serving;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics, rendered in the text exposition format at {@code /metrics}:
 * request counts by protocol and HTTP code, a request latency histogram, a batch size histogram and
 * queue depth per model, in-flight requests and the state of each model version.
 */
public final class Metrics {
  private static final double[] LATENCY_BUCKETS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };
  private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};

  private final Map<String, LongAdder> requests = new ConcurrentSkipListMap<>();
  private final Histogram latency = new Histogram(LATENCY_BUCKETS);
  private final Map<String, Histogram> batchSizes = new ConcurrentSkipListMap<>();
  private final AtomicLong inFlight = new AtomicLong();
  private volatile Supplier<Map<String, Integer>> queueDepths = Map::of;
  private volatile Supplier<Map<String, String>> versionStates = Map::of;
  private volatile Supplier<Map<String, Integer>> requestTraces = Map::of;

  /** A cumulative histogram with fixed upper bounds. */
  private static final class Histogram {
    final double[] bounds;
    final LongAdder[] counts;
    final LongAdder count = new LongAdder();
    final ConcurrentHashMap<String, Double> sum = new ConcurrentHashMap<>();

    Histogram(double[] bounds) {
      this.bounds = bounds;
      this.counts = new LongAdder[bounds.length];
      for (int i = 0; i < bounds.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void observe(double v) {
      for (int i = 0; i < bounds.length; i++) {
        if (v <= bounds[i]) {
          counts[i].increment();
          break;
        }
      }
      count.increment();
      sum.merge("s", v, Double::sum);
    }

    long count() {
      return count.sum();
    }

    void render(StringBuilder out, String metric, String labels) {
      long cumulative = 0;
      String sep = labels.isEmpty() ? "" : labels + ",";
      for (int i = 0; i < bounds.length; i++) {
        cumulative += counts[i].sum();
        out.append(metric)
            .append("_bucket{")
            .append(sep)
            .append("le=\"")
            .append(num(bounds[i]))
            .append("\"} ")
            .append(cumulative)
            .append('\n');
      }
      String braces = labels.isEmpty() ? "" : "{" + labels + "}";
      out.append(metric).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(count());
      out.append('\n').append(metric).append("_sum").append(braces).append(' ');
      out.append(num(sum.getOrDefault("s", 0.0))).append('\n');
      out.append(metric).append("_count").append(braces).append(' ').append(count()).append('\n');
    }
  }

  /** Counts one answered request of {@code protocol} (v1, v2, metrics, route, other). */
  public void recordRequest(String protocol, int httpCode, double seconds) {
    requests
        .computeIfAbsent(
            "protocol=\"" + protocol + "\",code=\"" + httpCode + "\"", k -> new LongAdder())
        .increment();
    latency.observe(seconds);
  }

  /** Counts one batch of {@code rows} rows run by {@code model}. */
  public void recordBatch(String model, int rows) {
    batchSizes.computeIfAbsent(model, k -> new Histogram(BATCH_BUCKETS)).observe(rows);
  }

  /** Requests received and not yet answered (up or down by one). */
  public void inFlight(int delta) {
    inFlight.addAndGet(delta);
  }

  /** The number of requests received and not yet answered. */
  public long inFlight() {
    return inFlight.get();
  }

  /** The count of answered requests with {@code protocol} and {@code httpCode}. */
  public long requestCount(String protocol, int httpCode) {
    LongAdder a = requests.get("protocol=\"" + protocol + "\",code=\"" + httpCode + "\"");
    return a == null ? 0 : a.sum();
  }

  /** The number of batches {@code model} has run. */
  public long batchCount(String model) {
    Histogram h = batchSizes.get(model);
    return h == null ? 0 : h.count();
  }

  void sources(
      Supplier<Map<String, Integer>> depths,
      Supplier<Map<String, String>> states,
      Supplier<Map<String, Integer>> traces) {
    this.queueDepths = depths;
    this.versionStates = states;
    this.requestTraces = traces;
  }

  /** The metrics in Prometheus's text exposition format (version 0.0.4). */
  public String render() {
    StringBuilder out = new StringBuilder(4096);
    out.append("# HELP myelin_requests_total Requests answered, by protocol and HTTP status.\n");
    out.append("# TYPE myelin_requests_total counter\n");
    requests.forEach(
        (labels, n) ->
            out.append("myelin_requests_total{")
                .append(labels)
                .append("} ")
                .append(n.sum())
                .append('\n'));
    out.append(
        "# HELP myelin_request_duration_seconds Time from a request's last byte to its answer.\n");
    out.append("# TYPE myelin_request_duration_seconds histogram\n");
    latency.render(out, "myelin_request_duration_seconds", "");
    out.append("# HELP myelin_batch_size Rows per batch run by a model.\n");
    out.append("# TYPE myelin_batch_size histogram\n");
    batchSizes.forEach((model, h) -> h.render(out, "myelin_batch_size", "model=\"" + model + "\""));
    out.append("# HELP myelin_queue_depth Requests waiting in a model's queue.\n");
    out.append("# TYPE myelin_queue_depth gauge\n");
    queueDepths
        .get()
        .forEach(
            (model, n) ->
                out.append("myelin_queue_depth{model=\"")
                    .append(model)
                    .append("\"} ")
                    .append(n)
                    .append('\n'));
    out.append("# HELP myelin_in_flight_requests Requests received and not yet answered.\n");
    out.append("# TYPE myelin_in_flight_requests gauge\n");
    out.append("myelin_in_flight_requests ").append(inFlight.get()).append('\n');
    out.append("# HELP myelin_model_version_state 1 for each model version's current state.\n");
    out.append("# TYPE myelin_model_version_state gauge\n");
    versionStates
        .get()
        .forEach(
            (labels, state) ->
                out.append("myelin_model_version_state{")
                    .append(labels)
                    .append(",state=\"")
                    .append(state)
                    .append("\"} 1\n"));
    out.append(
        "# HELP myelin_request_traces_total Predict plans traced while serving (after warm-up).\n");
    out.append("# TYPE myelin_request_traces_total counter\n");
    requestTraces
        .get()
        .forEach(
            (model, n) ->
                out.append("myelin_request_traces_total{model=\"")
                    .append(model)
                    .append("\"} ")
                    .append(n)
                    .append('\n'));
    return out.toString();
  }

  private static String num(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
