package dev.myelin;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the public Tensor API with hostile shapes, dtypes, axes, indices and values
 * (issue 10): batches of {@link FuzzChild} cases run in child JVMs, so that a crash (SIGSEGV,
 * abort) or a hang of the native core is caught and reported with the seed, the case number and the
 * call, instead of killing the test run.
 *
 * <p>The default run is 8 batches of 8000 cases (about 30 s on 2 cores). Longer runs: {@code
 * -Dmyelin.fuzz.cases=N} (cases per batch), {@code -Dmyelin.fuzz.batches=B}, {@code
 * -Dmyelin.fuzz.seed=S} (first seed; batch b uses S + b). One case to reproduce: {@code java -cp
 * <test classpath> dev.myelin.FuzzChild SEED CASE 1}.
 */
class FuzzTest {
  private static final long TIMEOUT_S = 120;

  @Test
  void noCrashNoHangNoWrongShape() throws Exception {
    int cases = Integer.getInteger("myelin.fuzz.cases", 8000);
    int batches = Integer.getInteger("myelin.fuzz.batches", 8);
    long seed = Long.getLong("myelin.fuzz.seed", 20261207L);
    List<String> failures = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      String f = runBatch(seed + b, cases);
      if (f != null) {
        failures.add(f);
      }
    }
    if (!failures.isEmpty()) {
      fail(String.join("\n\n", failures));
    }
  }

  /** Runs one child JVM; returns null when it passed, else a report naming seed, case and call. */
  private static String runBatch(long seed, int cases) throws IOException, InterruptedException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    // The same JVM options as this test JVM (the JavaCPP cache folder, --add-opens, stack size).
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    // A crash report goes to target/, not into the source tree.
    cmd.add("-XX:ErrorFile=target/fuzz-hs_err_pid%p.log");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(FuzzChild.class.getName());
    cmd.add(Long.toString(seed));
    cmd.add("0");
    cmd.add(Integer.toString(cases));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Deque<String> tail = new ArrayDeque<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 40) {
                      tail.removeFirst();
                    }
                  }
                }
              } catch (IOException e) {
                // the child died; its last lines are already in `tail`
              }
            });
    reader.start();
    boolean finished = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly().waitFor();
    }
    reader.join(10_000);
    String last;
    synchronized (tail) {
      last = String.join("\n", tail);
    }
    if (!finished) {
      return "fuzz seed "
          + seed
          + ": HANG (no exit after "
          + TIMEOUT_S
          + " s); last lines:\n"
          + last;
    }
    if (p.exitValue() != 0) {
      return "fuzz seed "
          + seed
          + ": child exited with "
          + p.exitValue()
          + (p.exitValue() > 128 ? " (signal " + (p.exitValue() - 128) + ", a crash)" : "")
          + "; last lines (the failing case is the last CASE line):\n"
          + last;
    }
    return null;
  }
}
