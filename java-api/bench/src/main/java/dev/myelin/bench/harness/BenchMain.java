package dev.myelin.bench.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command line of the workload suite ({@code bin/myelin bench tiny|mlp|predict}):
 *
 * <pre>
 * BenchMain [WORKLOAD...|all] [--quick] [--reps N] [--threads N] [--out FILE] [--describe]
 * [--eager]
 * </pre>
 *
 * Prints one JSON line per workload on standard output (a {@link RunResult}) and a one-line summary
 * per workload on standard error. {@code --describe} prints the workload descriptions instead of
 * running them (the comparison driver hands them to the peers). {@code --out} also appends the JSON
 * lines to a file. {@code --eager} runs the models with tracing off ({@code runEagerly(true)}): the
 * "before" of traced fit and predict in the same comparison.
 */
public final class BenchMain {
  private BenchMain() {}

  /** Runs the command line; exits 2 on a usage error. */
  public static void main(String[] args) throws IOException {
    try {
      System.exit(run(args, System.out, System.err));
    } catch (IllegalArgumentException e) {
      System.err.println("myelin bench: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Runs with the given streams; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
    List<Workload> workloads = new ArrayList<>();
    boolean quick = false;
    boolean describe = false;
    boolean eager = false;
    int reps = -1;
    int threads = -1;
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> quick = true;
        case "--describe" -> describe = true;
        case "--eager" -> eager = true;
        case "--reps" -> reps = positive(a, value(args, ++i, a));
        case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
        case "--out" -> file = Path.of(value(args, ++i, a));
        case "all" -> workloads.addAll(Workloads.all());
        default -> {
          if (a.startsWith("--")) {
            throw new IllegalArgumentException(
                "unknown option '"
                    + a
                    + "'; expected --quick, --reps N, --threads N, --out FILE, --describe, --eager");
          }
          workloads.add(Workloads.byName(a));
        }
      }
    }
    if (workloads.isEmpty()) {
      workloads.addAll(Workloads.all());
    }
    List<String> lines = new ArrayList<>();
    for (Workload w : workloads) {
      Workload x = quick ? Workloads.quick(w) : w;
      x = reps > 0 ? x.withRepetitions(reps) : x;
      x = threads >= 0 ? x.withThreads(threads) : x;
      String line;
      if (describe) {
        line = Json.write(x.toMap());
      } else {
        RunResult r = MyelinRunner.run(x, eager);
        line = Json.write(r.toMap());
        err.println(summary(x, r));
      }
      out.println(line);
      out.flush();
      lines.add(line);
    }
    if (file != null) {
      Files.write(
          file,
          lines,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
    return 0;
  }

  /** One line for people: each metric's median and [min, max]. */
  static String summary(Workload w, RunResult r) {
    StringBuilder sb = new StringBuilder("myelin " + w.name() + ":");
    Map<String, Object> m = r.toMap();
    @SuppressWarnings("unchecked")
    Map<String, Object> med = (Map<String, Object>) m.get("median");
    for (String k : w.metrics()) {
      sb.append(String.format(Locale.ROOT, " %s=%.4g", k, ((Number) med.get(k)).doubleValue()));
    }
    if (m.containsKey("pct_of_peak")) {
      sb.append(
          String.format(
              Locale.ROOT,
              " (%.0f%% of %.0f GFLOP/s matmul peak)",
              ((Number) m.get("pct_of_peak")).doubleValue(),
              ((Number) m.get("matmul_peak_gflops")).doubleValue()));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            " loss=%.4f peak_rss=%d MiB reps=%d",
            ((Number) m.get("final_loss")).doubleValue(),
            ((Number) m.get("peak_rss_kib")).longValue() / 1024,
            r.repetitions().size()));
    @SuppressWarnings("unchecked")
    Object dir = ((Map<String, Object>) m.get("spec")).get("data_dir");
    sb.append(" data=").append(w.data());
    if (w.data().equals("mnist")) {
      sb.append(dir == null ? " (synthetic)" : " (real MNIST from " + dir + ")");
    }
    return sb.toString();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException("option " + option + " needs a value");
    }
    return args[i];
  }

  private static int positive(String option, String v) {
    int n = Integer.parseInt(v);
    if (n <= 0) {
      throw new IllegalArgumentException(
          "option " + option + " expects a positive number, got " + v);
    }
    return n;
  }
}
