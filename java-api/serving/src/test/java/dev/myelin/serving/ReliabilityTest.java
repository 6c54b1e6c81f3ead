package dev.myelin.serving;

import static dev.myelin.serving.Fixtures.ROWS;
import static dev.myelin.serving.Fixtures.assertRows;
import static dev.myelin.serving.Fixtures.http;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.Myelin;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload and crashes over the real transport: a full queue answers 429 and the server keeps
 * serving; a new version whose writer is killed (SIGKILL) half-way through the copy is never
 * served, the old one keeps serving, nothing on disk is lost, and a complete copy is picked up.
 */
class ReliabilityTest {
  @TempDir Path dir;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private static CompletableFuture<Fixtures.Response> post(int port, String path, String body) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return http(port, "POST", path, body);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @Test
  void aFullQueueAnswers429OverHttpAndTheServerKeepsServing() throws Exception {
    // Wide enough that a batch of 8,192 rows keeps the one worker busy while two more arrive.
    Myelin.setSeed(3);
    KerasTensor in = Input.of(7);
    KerasTensor h = new Dense(1024).activation("relu").apply(in);
    h = new Dense(1024).activation("relu").apply(h);
    Model model = new Model(in, new Dense(4).activation("softmax").apply(h));
    Fixtures.saveVersion(model, dir.resolve("big"), 1);
    float[][] many = new float[8192][];
    for (int i = 0; i < many.length; i++) {
      many[i] = ROWS[i % ROWS.length];
    }
    String slowBody = Fixtures.instances(many);
    String path = "/v1/models/big:predict";
    String one = Fixtures.instances(new float[][] {ROWS[1]});
    float[][] wantOne = Fixtures.predict(model, new float[][] {ROWS[1]});
    try (ModelServer s =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .model("big", dir.resolve("big"))
            .maxBatchSize(1)
            .queueCapacity(1)
            .warmupBatchSizes(1)
            .maxRequestBytes(8 << 20)
            .log(new PrintStream(log, true, StandardCharsets.UTF_8))
            .start()) {
      Fixtures.Response refused = null;
      // The worker may finish the big batch before the third request arrives on a fast machine:
      // then nothing was refused and the round is repeated.
      for (int round = 0; round < 5 && refused == null; round++) {
        long batches = s.metrics().batchCount("big");
        CompletableFuture<Fixtures.Response> slow = post(s.port(), path, slowBody);
        Fixtures.await(
            "the big batch to start",
            Duration.ofSeconds(60),
            () -> s.metrics().batchCount("big") > batches);
        CompletableFuture<Fixtures.Response> queued = post(s.port(), path, one);
        Fixtures.await(
            "the second request to queue",
            Duration.ofSeconds(60),
            () ->
                queued.isDone()
                    || s.metrics().render().contains("myelin_queue_depth{model=\"big\"} 1"));
        Fixtures.Response third = http(s.port(), "POST", path, one);
        assertTrue(third.status() == 200 || third.status() == 429, third.body());
        if (third.status() == 429) {
          refused = third;
        } else {
          assertRows(wantOne, third.json().get("predictions"));
        }
        // Whatever was accepted is answered, and correctly.
        Fixtures.Response big = slow.get(120, TimeUnit.SECONDS);
        assertEquals(200, big.status(), big.body());
        assertEquals(8192, big.json().get("predictions").size());
        Fixtures.Response second = queued.get(120, TimeUnit.SECONDS);
        assertEquals(200, second.status(), second.body());
        assertRows(wantOne, second.json().get("predictions"));
      }
      assertTrue(refused != null, "no request was refused with the queue full in 5 rounds");
      assertTrue(
          refused.json().get("error").asText().contains("the request queue is full"),
          refused.body());
      assertTrue(s.metrics().requestCount("v1", 429) >= 1);
      // The server keeps serving after the overload.
      for (int i = 0; i < 3; i++) {
        var after = http(s.port(), "POST", path, one);
        assertEquals(200, after.status(), after.body());
        assertRows(wantOne, after.json().get("predictions"));
      }
    }
  }

  private static Process copier(Path from, Path to, long bytes) throws IOException {
    // A separate process copies `bytes` of the new version, then hangs as a slow copy would.
    return new ProcessBuilder(
            "sh",
            "-c",
            "mkdir -p \"$(dirname \"$2\")\" && head -c \"$3\" \"$1\" > \"$2\" && exec sleep 600",
            "copier",
            from.toString(),
            to.toString(),
            Long.toString(bytes))
        .redirectErrorStream(true)
        .start();
  }

  private static VersionStatus status(ModelServer s, long version) {
    List<VersionStatus> st = s.backend().status("wifi", 0);
    return st.stream().filter(v -> v.version() == version).findFirst().orElse(null);
  }

  @Test
  void aCopyKilledHalfWayIsNeverServedAndTheOldVersionKeepsServing() throws Exception {
    Path base = dir.resolve("wifi");
    Model v1 = Fixtures.wifiModel(1, 4, "softmax");
    Model v2 = Fixtures.wifiModel(2, 4, "softmax");
    Path v1File = Fixtures.saveVersion(v1, base, 1);
    byte[] v1Bytes = Files.readAllBytes(v1File);
    Path staged = dir.resolve("staging").resolve("model.keras");
    Files.createDirectories(staged.getParent());
    v2.save(staged);
    long size = Files.size(staged);
    Path target = base.resolve("2").resolve("model.keras");
    float[][] want1 = Fixtures.predict(v1, ROWS);
    try (ModelServer s =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .model("wifi", base)
            .pollInterval(Duration.ofMillis(50))
            .log(new PrintStream(log, true, StandardCharsets.UTF_8))
            .start()) {
      Process p = copier(staged, target, size / 2);
      try {
        Fixtures.await(
            "half of the copy",
            Duration.ofSeconds(60),
            () -> Files.exists(target) && sizeOf(target) == size / 2);
      } finally {
        p.destroyForcibly(); // SIGKILL on Linux: the copy stops where it is
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      }
      assertNotEquals(0, p.exitValue());
      // The poller looks at the still, half-written version, fails to load it, and says so.
      Fixtures.await(
          "version 2 to be tried",
          Duration.ofSeconds(60),
          () -> status(s, 2) != null && status(s, 2).state() == VersionStatus.State.END);
      assertTrue(!status(s, 2).error().isEmpty(), "version 2 reports its error");
      assertTrue(s.backend().isReady("wifi", 1));
      assertEquals(1, s.backend().metadata("wifi", 0).version());
      JsonNode served =
          http(s.port(), "POST", "/v1/models/wifi:predict", Fixtures.instances(ROWS)).json();
      assertRows(want1, served.get("predictions"));
      assertArrayEquals(v1Bytes, Files.readAllBytes(v1File), "version 1 on disk is untouched");
      assertEquals(size / 2, Files.size(target), "the server does not touch the partial copy");

      // The copy is done again, completely: the server picks it up without a restart.
      Files.copy(staged, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Fixtures.await("version 2", Duration.ofSeconds(60), () -> s.backend().isReady("wifi", 2));
      JsonNode now =
          http(s.port(), "POST", "/v1/models/wifi:predict", Fixtures.instances(ROWS)).json();
      assertRows(Fixtures.predict(v2, ROWS), now.get("predictions"));
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }
}
