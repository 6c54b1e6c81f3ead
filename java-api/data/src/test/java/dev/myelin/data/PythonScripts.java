package dev.myelin.data;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a checking script of tests/fixtures with python3 (numpy 2.4.6, pandas 3.1.1, keras 3.15.1
 * with jax, as .ci/run installs them) and reads the JSON it writes. A missing python3 or package
 * fails the test, never skips it.
 */
public final class PythonScripts {
  /** The repository's fixture scripts, seen from the module folder. */
  public static final Path FIXTURES = Path.of("../../tests/fixtures");

  /** The shared data folder beside the repository. */
  public static final Path SHARED_DATA = Path.of("../../../shared/data");

  private static final ObjectMapper JSON = new ObjectMapper();

  private PythonScripts() {}

  /**
   * Runs {@code script args...} with {@code env} added to the environment; fails with the script's
   * output unless it exits 0 within 300 s.
   */
  public static String run(String script, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return runWith("python3", script, env, args);
  }

  /** {@link #run} with another interpreter ({@code python}: a command or a path). */
  public static String runWith(
      String python, String script, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(python, FIXTURES.resolve(script).toString()));
    cmd.addAll(List.of(args));
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().putIfAbsent("KERAS_BACKEND", "jax");
      pb.environment().putAll(env);
      p = pb.start();
    } catch (IOException e) {
      fail(python + " with numpy, pandas and keras (.ci/run installs them) is required: " + e);
      return "";
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), script + " timed out");
    if (p.exitValue() != 0) {
      fail(script + " failed (" + python + " with numpy, pandas and keras is required):\n" + out);
    }
    return out;
  }

  /** Runs the script with the output file as the last argument and returns the parsed JSON. */
  public static JsonNode json(String script, Map<String, String> env, Path out, String... args)
      throws IOException, InterruptedException {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = out.toString();
    run(script, env, all);
    return JSON.readTree(Files.readString(out));
  }

  /** Writes {@code value} as JSON to {@code file}. */
  public static void write(Path file, Object value) throws IOException {
    JSON.writeValue(file.toFile(), value);
  }

  /** A book data file of the shared folder, failing clearly when it is missing. */
  public static Path data(String relative) {
    Path p = SHARED_DATA.resolve(relative);
    assertTrue(
        Files.exists(p),
        "data file missing: "
            + p.toAbsolutePath().normalize()
            + " (tests expect shared/data beside the repository checkout)");
    return p;
  }

  /** A JSON array of ints as an int array. */
  public static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  /** A JSON array of numbers as a double array. */
  public static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  /** A JSON array as a string array. */
  public static String[] strings(JsonNode a) {
    String[] out = new String[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asText();
    }
    return out;
  }
}
