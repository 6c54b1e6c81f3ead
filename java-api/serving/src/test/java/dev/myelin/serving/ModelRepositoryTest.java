package dev.myelin.serving;

import static dev.myelin.serving.Fixtures.ROWS;
import static dev.myelin.serving.Fixtures.assertRows;
import static dev.myelin.serving.Fixtures.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.models.Model;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version folders: the newest is served, new ones are picked up, broken ones leave the old one
 * serving.
 */
class ModelRepositoryTest {
  @TempDir Path dir;
  final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private ModelServer start(Path base) throws InterruptedException {
    return ModelServer.builder()
        .host("127.0.0.1")
        .port(0)
        .model("wifi", base)
        .pollInterval(Duration.ofMillis(50))
        .log(new PrintStream(log, true, StandardCharsets.UTF_8))
        .start();
  }

  private static String body() {
    StringBuilder sb = new StringBuilder("{\"instances\": [");
    for (int i = 0; i < ROWS.length; i++) {
      sb.append(i > 0 ? "," : "").append(Arrays.toString(ROWS[i]));
    }
    return sb.append("]}").toString();
  }

  private static JsonNode predictions(int port) throws Exception {
    var r = http(port, "POST", "/v1/models/wifi:predict", body());
    assertEquals(200, r.status(), r.body());
    return r.json().get("predictions");
  }

  private static VersionStatus.State state(ModelServer s, long version) {
    List<VersionStatus> st = s.backend().status("wifi", 0);
    return st.stream()
        .filter(v -> v.version() == version)
        .map(VersionStatus::state)
        .findFirst()
        .orElse(null);
  }

  @Test
  void servesTheNewestVersionAndPicksUpNewOnesWithoutRestart() throws Exception {
    Path base = dir.resolve("wifi");
    Model v1 = Fixtures.wifiModel(1, 4, "softmax");
    Model v2 = Fixtures.wifiModel(2, 4, "softmax");
    Model v3 = Fixtures.wifiModel(3, 4, "softmax");
    Fixtures.saveVersion(v1, base, 1);
    Fixtures.saveVersion(v2, base, 2);
    try (ModelServer s = start(base)) {
      assertEquals(2, s.backend().metadata("wifi", 0).version());
      assertRows(Fixtures.predict(v2, ROWS), predictions(s.port()));
      assertTrue(
          log.toString().contains("Successfully loaded servable version {name: wifi version: 2}"),
          log.toString());
      Fixtures.saveVersion(v3, base, 3);
      Fixtures.await("version 3", Duration.ofSeconds(30), () -> s.backend().isReady("wifi", 3));
      assertRows(Fixtures.predict(v3, ROWS), predictions(s.port()));
      Fixtures.await(
          "version 2 to end", Duration.ofSeconds(30), () -> state(s, 2) == VersionStatus.State.END);
    }
  }

  @Test
  void aVersionIsWarmedUpAtItsBatchSizesBeforeItIsAvailable() throws Exception {
    Path base = dir.resolve("wifi");
    Fixtures.saveVersion(Fixtures.wifiModel(1, 4, "softmax"), base, 1);
    try (ModelServer s = start(base)) {
      assertEquals(VersionStatus.State.AVAILABLE, state(s, 1));
      // Model.warmUp at 1, 2, 4, ..., maxBatchSize (32), then one predict per size through the
      // version's batcher, before any request.
      assertEquals(6, s.metrics().batchCount("wifi"));
      String m = http(s.port(), "GET", "/metrics", null).body();
      assertTrue(m.contains("myelin_batch_size_bucket{model=\"wifi\",le=\"1\"} 1"), m);
      assertTrue(m.contains("myelin_batch_size_bucket{model=\"wifi\",le=\"32\"} 6"), m);
    }
  }

  @Test
  void aCorruptNewVersionIsReportedAndTheOldOneKeepsServing() throws Exception {
    Path base = dir.resolve("wifi");
    Model v1 = Fixtures.wifiModel(1, 4, "softmax");
    Fixtures.saveVersion(v1, base, 1);
    try (ModelServer s = start(base)) {
      Files.createDirectories(base.resolve("2"));
      Files.write(
          base.resolve("2/model.keras"),
          "PK\3\4 this is not a model".getBytes(StandardCharsets.UTF_8));
      Fixtures.await(
          "version 2 to fail",
          Duration.ofSeconds(30),
          () -> state(s, 2) == VersionStatus.State.END);
      VersionStatus v2 = s.backend().status("wifi", 2).get(0);
      assertTrue(v2.error().contains("model.keras"), v2.error());
      assertRows(Fixtures.predict(v1, ROWS), predictions(s.port()));
      JsonNode st =
          http(s.port(), "GET", "/v1/models/wifi", null).json().get("model_version_status");
      assertEquals("2", st.get(0).get("version").asText());
      assertEquals("END", st.get(0).get("state").asText());
      assertEquals("UNKNOWN", st.get(0).get("status").get("error_code").asText());
      assertEquals("AVAILABLE", st.get(1).get("state").asText());
      assertTrue(log.toString().contains("version 1 keeps serving"), log.toString());
    }
  }

  @Test
  void aVersionBeingWrittenIsNotServedUntilComplete() throws Exception {
    Path base = dir.resolve("wifi");
    Model v1 = Fixtures.wifiModel(1, 4, "softmax");
    Model v2 = Fixtures.wifiModel(2, 4, "softmax");
    Fixtures.saveVersion(v1, base, 1);
    Path whole = Fixtures.saveVersion(v2, dir.resolve("staging"), 2);
    byte[] bytes = Files.readAllBytes(whole);
    try (ModelServer s = start(base)) {
      Path target = base.resolve("2/model.keras");
      Files.createDirectories(target.getParent());
      Files.write(target, Arrays.copyOf(bytes, bytes.length / 2)); // a copy in progress
      Fixtures.await(
          "the partial version to be looked at",
          Duration.ofSeconds(30),
          () -> state(s, 2) == VersionStatus.State.END);
      assertEquals(1, s.backend().metadata("wifi", 0).version());
      assertRows(Fixtures.predict(v1, ROWS), predictions(s.port()));
      Files.write(target, bytes); // the copy completes
      Fixtures.await("version 2", Duration.ofSeconds(30), () -> s.backend().isReady("wifi", 2));
      assertRows(Fixtures.predict(v2, ROWS), predictions(s.port()));
    }
  }

  @Test
  void theBooksFlaskExportAndASingleFileLoad() throws Exception {
    Model m = Fixtures.wifiModel(4, 4, "softmax");
    Path v = dir.resolve("flask/1");
    Files.createDirectories(v);
    Files.writeString(v.resolve("model.json"), m.toJson());
    m.saveWeights(v.resolve("weights.h5"));
    Path single = dir.resolve("single.keras");
    m.save(single);
    for (Path base : List.of(dir.resolve("flask"), single)) {
      try (ModelServer s = start(base)) {
        assertRows(Fixtures.predict(m, ROWS), predictions(s.port()));
      }
    }
  }

  @Test
  void noLoadableVersionMeansUnavailableWithTheReason() throws Exception {
    Path base = dir.resolve("empty");
    Files.createDirectories(base.resolve("1"));
    Files.writeString(base.resolve("1/notes.txt"), "no model here");
    try (ModelServer s = start(base)) {
      var r = http(s.port(), "POST", "/v1/models/wifi:predict", body());
      assertEquals(503, r.status());
      assertTrue(r.json().get("error").asText().contains("expected one saved model"), r.body());
      assertEquals(503, http(s.port(), "GET", "/v2/health/ready", null).status());
      assertEquals(503, http(s.port(), "GET", "/v2/models/wifi/ready", null).status());
    }
  }
}
