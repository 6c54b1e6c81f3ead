package dev.myelin.benchpeers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Timing, statistics and the environment, computed as Myelin's harness and the Python peers do
 * (this module cannot depend on Myelin: its JavaCPP version differs).
 */
final class Measure {
  private static final List<String> TUNING_VARIABLES =
      List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE",
          "OPENBLAS_L2_SIZE", "DNNL_MAX_CPU_ISA", "ONEDNN_MAX_CPU_ISA");

  private Measure() {}

  static Map<String, Double> train(Spec s, double seconds) {
    long steps = (long) ((s.integer("samples") + s.integer("batch_size") - 1) / s.integer("batch_size"))
        * s.integer("epochs_per_rep");
    double samples = (double) s.integer("samples") * s.integer("epochs_per_rep");
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("wall_s", seconds);
    m.put("us_per_step", seconds * 1e6 / steps);
    m.put("samples_per_s", samples / seconds);
    m.put("gflops", samples * s.number("train_flops_per_sample") / seconds / 1e9);
    return m;
  }

  static Map<String, Double> predict(Spec s, Runnable one, Runnable big, long bigRows) {
    long start = System.nanoTime();
    double[] lat = new double[s.integer("latency_calls")];
    for (int i = 0; i < lat.length; i++) {
      long t0 = System.nanoTime();
      one.run();
      lat[i] = (System.nanoTime() - t0) / 1e3;
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < s.integer("throughput_calls"); i++) {
      big.run();
    }
    double tp = (System.nanoTime() - t0) / 1e9;
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("wall_s", (System.nanoTime() - start) / 1e9);
    m.put("p50_us_b1", quantile(lat, 0.5));
    m.put("p99_us_b1", quantile(lat, 0.99));
    m.put("samples_per_s_b256", (double) bigRows * s.integer("throughput_calls") / tp);
    return m;
  }

  static double quantile(double[] values, double q) {
    double[] v = values.clone();
    Arrays.sort(v);
    double pos = q * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, v.length - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
  }

  static long peakResidentKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  static Map<String, Object> environment(int threads, Map<String, String> versions) {
    Map<String, Object> m = new LinkedHashMap<>();
    String cpu = System.getProperty("os.arch");
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // keep the architecture name
    }
    m.put("cpu", cpu);
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("threads", threads);
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.putAll(versions);
    Map<String, String> vars = new LinkedHashMap<>();
    for (String v : TUNING_VARIABLES) {
      vars.put(v, System.getenv(v));
    }
    m.put("variables", vars);
    return m;
  }
}
