package dev.myelin.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one framework's process measured for one workload: one map of metrics per repetition, the
 * training loss it ended with, its peak resident memory and its environment. {@link #toMap()} is
 * the JSON line every framework's runner prints (the Python peers print the same keys).
 */
public final class RunResult {
  private final String framework;
  private final String version;
  private final Workload workload;
  private final List<Map<String, Double>> repetitions = new ArrayList<>();
  private final Map<String, Object> extra = new LinkedHashMap<>();
  private double finalLoss = Double.NaN;

  /** An empty result of {@code framework} (at {@code version}) on {@code workload}. */
  public RunResult(String framework, String version, Workload workload) {
    this.framework = framework;
    this.version = version;
    this.workload = workload;
  }

  /**
   * Adds one repetition's metrics (names as in {@link Workload#metrics()}, plus {@code wall_s}).
   */
  public void addRepetition(Map<String, Double> metrics) {
    repetitions.add(new LinkedHashMap<>(metrics));
  }

  /**
   * Records the loss over the whole training set after the last repetition (computed outside the
   * timed region, the same way for every framework, so their losses compare).
   */
  public void finalLoss(double loss) {
    finalLoss = loss;
  }

  /** Adds a key to the JSON (e.g. the measured matmul peak). */
  public void put(String key, Object value) {
    extra.put(key, value);
  }

  /** The repetitions measured so far. */
  public List<Map<String, Double>> repetitions() {
    return repetitions;
  }

  /** The median over repetitions of {@code metric}. */
  public double median(String metric) {
    return Stats.median(values(metric));
  }

  private double[] values(String metric) {
    return repetitions.stream().mapToDouble(r -> r.getOrDefault(metric, Double.NaN)).toArray();
  }

  /** The JSON-ready form: identity, spec, repetitions, medians, [min, max] spreads, memory, env. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("framework", framework);
    m.put("version", version);
    m.put("workload", workload.name());
    m.put("spec", workload.toMap());
    m.put("repetitions", repetitions);
    Map<String, Object> med = new LinkedHashMap<>();
    Map<String, Object> spread = new LinkedHashMap<>();
    if (!repetitions.isEmpty()) {
      for (String k : repetitions.get(0).keySet()) {
        double[] v = values(k);
        med.put(k, Stats.median(v));
        spread.put(k, List.of(Stats.quantile(v, 0), Stats.quantile(v, 1)));
      }
    }
    m.put("median", med);
    m.put("spread", spread);
    m.put("final_loss", finalLoss);
    m.put("peak_rss_kib", Environment.peakResidentKiB());
    m.putAll(extra);
    m.put("env", Environment.describe());
    return m;
  }
}
