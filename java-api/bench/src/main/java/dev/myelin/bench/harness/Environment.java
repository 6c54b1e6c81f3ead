package dev.myelin.bench.harness;

import dev.myelin.Myelin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a result depends on besides the code: CPU, ISA, threads, versions, tuning variables. */
public final class Environment {
  /** Environment variables that change the speed of some framework; printed for every run. */
  public static final List<String> TUNING_VARIABLES =
      List.of(
          "OMP_NUM_THREADS",
          "MKL_NUM_THREADS",
          "OPENBLAS_NUM_THREADS",
          "OPENBLAS_CORETYPE",
          "OPENBLAS_L2_SIZE",
          "DNNL_MAX_CPU_ISA",
          "ONEDNN_MAX_CPU_ISA",
          "TF_NUM_INTRAOP_THREADS",
          "TF_NUM_INTEROP_THREADS",
          "XLA_FLAGS",
          "KERAS_BACKEND");

  private Environment() {}

  /** The environment of this Myelin process. */
  public static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu", cpuModel());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("isa", Myelin.cpuIsa());
    m.put("threads", Myelin.numThreads());
    m.put("myelin", Myelin.version());
    m.put("onednn", Myelin.onednnVersion());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    Map<String, Object> vars = new LinkedHashMap<>();
    for (String v : TUNING_VARIABLES) {
      vars.put(v, System.getenv(v));
    }
    m.put("variables", vars);
    return m;
  }

  /** The CPU's model name from /proc/cpuinfo, or {@code os.arch} where that is not readable. */
  public static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through to the architecture name
    }
    return System.getProperty("os.arch");
  }

  /**
   * This process's peak resident memory in KiB (VmHWM in /proc/self/status), or -1 where the kernel
   * does not report it.
   */
  public static long peakResidentKiB() {
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
}
