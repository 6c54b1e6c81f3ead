package dev.myelin.benchpeers;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Runs one benchmark workload on a JVM peer framework and prints one JSON line with the keys of
 * Myelin's {@code RunResult}.
 *
 * <pre>
 * PeerMain --framework dl4j|djl --spec JSON
 * </pre>
 */
public final class PeerMain {
  /** What one peer measured. */
  record Outcome(
      String version, Map<String, String> versions, List<Map<String, Double>> reps, double finalLoss) {}

  private PeerMain() {}

  /** Parses the command line, runs the workload and prints its JSON line. */
  public static void main(String[] args) throws Exception {
    String framework = null;
    String json = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--framework" -> framework = args[i + 1];
        case "--spec" -> json = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (framework == null || json == null) {
      throw new IllegalArgumentException("usage: PeerMain --framework dl4j|djl --spec JSON");
    }
    Gson gson = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();
    @SuppressWarnings("unchecked")
    Spec spec = new Spec(gson.fromJson(json, Map.class));
    Properties versions = new Properties();
    try (InputStream in = PeerMain.class.getResourceAsStream("versions.properties")) {
      versions.load(in);
    }
    Outcome o;
    try {
      o =
          switch (framework) {
            case "dl4j" -> Dl4jPeer.run(spec, versions.getProperty("dl4j"));
            case "djl" -> DjlPeer.run(spec, versions.getProperty("djl"));
            default -> throw new IllegalArgumentException(
                "unknown framework '" + framework + "'; expected dl4j or djl");
          };
    } catch (UnsupportedWorkload e) {
      // compare.py reports a line with "error" as this framework's failed run, as peers.py does
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("framework", framework);
      r.put("workload", spec.str("name"));
      r.put("error", "unsupported workload '" + spec.str("name") + "': " + e.getMessage());
      System.out.println(gson.toJson(r));
      System.exit(0);
      return;
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("framework", framework);
    r.put("version", o.version());
    r.put("workload", spec.str("name"));
    r.put("spec", spec.map());
    r.put("repetitions", o.reps());
    Map<String, Object> median = new LinkedHashMap<>();
    Map<String, Object> spread = new LinkedHashMap<>();
    for (String k : o.reps().get(0).keySet()) {
      double[] v = o.reps().stream().mapToDouble(m -> m.get(k)).toArray();
      median.put(k, Measure.quantile(v, 0.5));
      spread.put(k, List.of(Measure.quantile(v, 0), Measure.quantile(v, 1)));
    }
    r.put("median", median);
    r.put("spread", spread);
    r.put("final_loss", Double.isNaN(o.finalLoss()) ? null : o.finalLoss());
    r.put("peak_rss_kib", Measure.peakResidentKiB());
    r.put("env", Measure.environment(spec.integer("threads"), o.versions()));
    System.out.println(gson.toJson(r));
    System.exit(0);
  }
}
