package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a checking script of tests/fixtures with python3 (keras 3.15.1, jax backend). A missing
 * python3 or keras fails the test, never skips it: these checks are the interchange guarantee.
 */
public final class PythonKeras {
  public static final Path FIXTURES = Path.of("../../tests/fixtures");

  private PythonKeras() {}

  /** Runs {@code script} with {@code args}; fails with the script's output unless it exits 0. */
  public static String check(String script, String what, String... args)
      throws IOException, InterruptedException {
    return run(
        script,
        "python3 with keras==3.15.1 and jax (.ci/run installs them)",
        "Python Keras check failed for " + what,
        args);
  }

  /**
   * Runs {@code script} of tests/fixtures with {@code args} and returns its output; fails with
   * {@code failure}, the {@code requirement} and the output unless it exits 0, and fails (never
   * skips) when python3 cannot start.
   */
  static String run(String script, String requirement, String failure, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("python3", FIXTURES.resolve(script).toString()));
    cmd.addAll(List.of(args));
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().putIfAbsent("KERAS_BACKEND", "jax");
      p = pb.start();
    } catch (IOException e) {
      fail(requirement + " is required for this test: " + e);
      return "";
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), script + " timed out");
    if (p.exitValue() != 0) {
      fail(failure + " (" + requirement + " is required):\n" + out);
    }
    return out;
  }

  /** The rows of a rank-2 float tensor, for the JSON handed to the Python scripts. */
  static float[][] rows(dev.myelin.Tensor t) {
    float[] f = t.toFloatArray();
    int cols = (int) t.dim(1);
    float[][] r = new float[(int) t.dim(0)][cols];
    for (int i = 0; i < r.length; i++) {
      System.arraycopy(f, i * cols, r[i], 0, cols);
    }
    return r;
  }

  /** The rank-2 float tensor of a JSON matrix written by a Python script (inverse of rows). */
  static dev.myelin.Tensor matrix(com.fasterxml.jackson.databind.JsonNode rows) {
    float[][] r = new float[rows.size()][];
    for (int i = 0; i < r.length; i++) {
      r[i] = new float[rows.get(i).size()];
      for (int j = 0; j < r[i].length; j++) {
        r[i][j] = (float) rows.get(i).get(j).asDouble();
      }
    }
    return dev.myelin.Tensor.of(r);
  }

  /**
   * Saves {@code m} as {@code dir/NAME.keras} and as legacy {@code dir/NAME.h5}, then has {@code
   * script check} (keras_sublayers.check's contract) load both in Keras and predict {@code got}
   * from the rank-2 input {@code x} within 1e-5; returns the .keras path.
   */
  static Path checkSavedInKeras(
      String script,
      dev.myelin.models.Model m,
      Path dir,
      String name,
      dev.myelin.Tensor x,
      dev.myelin.Tensor got)
      throws IOException, InterruptedException {
    Path file = dir.resolve(name + ".keras");
    m.save(file);
    Path legacy = dir.resolve(name + ".h5");
    m.save(legacy);
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    Path in = dir.resolve(name + "_inputs.json");
    Path expected = dir.resolve(name + "_expected.json");
    java.nio.file.Files.writeString(in, json.writeValueAsString(List.of((Object) rows(x))));
    java.nio.file.Files.writeString(expected, json.writeValueAsString(List.of((Object) rows(got))));
    check(
        script,
        file.toString(),
        "check",
        in.toString(),
        expected.toString(),
        file.toString(),
        legacy.toString());
    return file;
  }

  /** Every number of a (nested) JSON array written by a Python script, in order, as floats. */
  public static float[] flat(com.fasterxml.jackson.databind.JsonNode a) {
    List<Float> r = new ArrayList<>();
    collect(a, r);
    float[] f = new float[r.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = r.get(i);
    }
    return f;
  }

  private static void collect(com.fasterxml.jackson.databind.JsonNode a, List<Float> r) {
    if (a.isArray()) {
      for (com.fasterxml.jackson.databind.JsonNode x : a) {
        collect(x, r);
      }
    } else {
      r.add((float) a.asDouble());
    }
  }
}
