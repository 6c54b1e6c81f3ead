package dev.myelin.data.image;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs tests/fixtures/scipy_affine_transform.py (python3 with numpy and scipy) on a request and
 * returns its answer; a missing python3 or scipy fails the test, never skips it.
 */
final class ScipyReference {
  static final Path SCRIPT = Path.of("../../tests/fixtures/scipy_affine_transform.py");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScipyReference() {}

  static JsonNode ask(Object request, Path dir) throws IOException, InterruptedException {
    Path in = Files.createTempFile(dir, "request", ".json");
    Path out = Files.createTempFile(dir, "answer", ".json");
    JSON.writeValue(in.toFile(), request);
    Process p;
    try {
      p =
          new ProcessBuilder("python3", SCRIPT.toString(), in.toString(), out.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      fail("python3 with numpy and scipy is required for this test: " + e);
      return null;
    }
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "scipy_affine_transform.py timed out");
    if (p.exitValue() != 0) {
      fail("scipy_affine_transform.py failed (python3 with numpy and scipy is required):\n" + log);
    }
    return JSON.readTree(out.toFile());
  }
}
