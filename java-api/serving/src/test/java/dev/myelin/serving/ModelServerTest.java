package dev.myelin.serving;

import static dev.myelin.serving.Fixtures.ROWS;
import static dev.myelin.serving.Fixtures.assertRows;
import static dev.myelin.serving.Fixtures.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.models.Model;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every REST endpoint of a server on loopback, its answers and its errors. */
class ModelServerTest {
  @TempDir static Path dir;
  static Model wifi;
  static Model reg;
  static ModelServer server;
  static int port;
  static final ByteArrayOutputStream accessLog = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    wifi = Fixtures.wifiModel(1, 4, "softmax");
    Fixtures.saveVersion(wifi, dir.resolve("wifi"), 1);
    reg = Fixtures.wifiModel(2, 1, "linear");
    Fixtures.saveVersion(reg, dir.resolve("reg"), 3);
    server =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .model("wifi", dir.resolve("wifi"))
            .model("reg", dir.resolve("reg"))
            .maxRequestBytes(64 * 1024)
            .clientTimeout(Duration.ofMillis(300))
            .accessLog(new PrintStream(accessLog, true, StandardCharsets.UTF_8))
            .log(new PrintStream(new ByteArrayOutputStream()))
            .route("/echo", body -> new String(body, StandardCharsets.UTF_8))
            .start();
    port = server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String rowsJson(float[][] rows) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < rows.length; i++) {
      sb.append(i > 0 ? "," : "").append(Arrays.toString(rows[i]));
    }
    return sb.append("]").toString();
  }

  @Test
  void predictRowFormatEqualsModelPredict() throws Exception {
    var r =
        http(
            port,
            "POST",
            "/v1/models/wifi:predict",
            "{\"signature_name\": \"predict\", \"instances\": " + rowsJson(ROWS) + "}");
    assertEquals(200, r.status(), r.body());
    assertRows(Fixtures.predict(wifi, ROWS), r.json().get("predictions"));
  }

  @Test
  void predictColumnarFormatAndVersionPath() throws Exception {
    var r =
        http(
            port,
            "POST",
            "/v1/models/wifi/versions/1:predict",
            "{\"inputs\": " + rowsJson(ROWS) + "}");
    assertEquals(200, r.status(), r.body());
    assertRows(Fixtures.predict(wifi, ROWS), r.json().get("outputs"));
    String name = server.backend().metadata("wifi", 0).inputs().get(0).name();
    var named =
        http(
            port,
            "POST",
            "/v1/models/wifi:predict",
            "{\"inputs\": {\"" + name + "\": " + rowsJson(ROWS) + "}}");
    assertRows(Fixtures.predict(wifi, ROWS), named.json().get("outputs"));
    var rowsNamed =
        http(
            port,
            "POST",
            "/v1/models/wifi:predict",
            "{\"instances\": [{\"" + name + "\": " + Arrays.toString(ROWS[0]) + "}]}");
    assertRows(
        Fixtures.predict(wifi, new float[][] {ROWS[0]}), rowsNamed.json().get("predictions"));
  }

  @Test
  void statusAndMetadata() throws Exception {
    JsonNode s = http(port, "GET", "/v1/models/wifi", null).json();
    JsonNode v = s.get("model_version_status").get(0);
    assertEquals("1", v.get("version").asText());
    assertEquals("AVAILABLE", v.get("state").asText());
    assertEquals("OK", v.get("status").get("error_code").asText());
    assertEquals(200, http(port, "GET", "/v1/models/reg/versions/3", null).status());
    var missing = http(port, "GET", "/v1/models/reg/versions/4", null);
    assertEquals(404, missing.status());
    JsonNode m = http(port, "GET", "/v1/models/wifi/metadata", null).json();
    assertEquals("1", m.get("model_spec").get("version").asText());
    JsonNode sig =
        m.get("metadata").get("signature_def").get("signature_def").get("serving_default");
    JsonNode input = sig.get("inputs").elements().next();
    assertEquals("DT_FLOAT", input.get("dtype").asText());
    assertEquals("-1", input.get("tensor_shape").get("dim").get(0).get("size").asText());
    assertEquals("7", input.get("tensor_shape").get("dim").get(1).get("size").asText());
    assertEquals(
        "4",
        sig.get("outputs")
            .elements()
            .next()
            .get("tensor_shape")
            .get("dim")
            .get(1)
            .get("size")
            .asText());
  }

  @Test
  void classifyAndRegress() throws Exception {
    float[][] p = Fixtures.predict(wifi, ROWS);
    var c =
        http(
            port,
            "POST",
            "/v1/models/wifi:classify",
            "{\"examples\": [{\"x\": "
                + Arrays.toString(ROWS[0])
                + "}, {\"x\": "
                + Arrays.toString(ROWS[1])
                + "}]}");
    assertEquals(200, c.status(), c.body());
    JsonNode first = c.json().get("results").get(0);
    assertEquals(4, first.size());
    assertEquals("2", first.get(2).get(0).asText());
    assertEquals(p[0][2], first.get(2).get(1).asDouble(), 1e-6);
    var bad =
        http(
            port,
            "POST",
            "/v1/models/wifi:regress",
            "{\"examples\": [{\"x\": " + Arrays.toString(ROWS[0]) + "}]}");
    assertEquals(400, bad.status());
    assertTrue(bad.json().get("error").asText().contains("(None, 1)"), bad.body());
    var r =
        http(
            port,
            "POST",
            "/v1/models/reg:regress",
            "{\"examples\": [{\"x\": " + Arrays.toString(ROWS[3]) + "}]}");
    assertEquals(200, r.status(), r.body());
    assertEquals(
        Fixtures.predict(reg, new float[][] {ROWS[3]})[0][0],
        r.json().get("results").get(0).asDouble(),
        1e-6);
  }

  @Test
  void kserveHealthMetadataAndJsonInfer() throws Exception {
    assertEquals(200, http(port, "GET", "/v2/health/live", null).status());
    assertTrue(http(port, "GET", "/v2/health/ready", null).json().get("ready").asBoolean());
    assertEquals("myelin", http(port, "GET", "/v2", null).json().get("name").asText());
    JsonNode m = http(port, "GET", "/v2/models/wifi", null).json();
    assertEquals("FP32", m.get("inputs").get(0).get("datatype").asText());
    assertEquals("[-1,7]", m.get("inputs").get(0).get("shape").toString());
    assertEquals(200, http(port, "GET", "/v2/models/wifi/versions/1/ready", null).status());
    String in = m.get("inputs").get(0).get("name").asText();
    String out = m.get("outputs").get(0).get("name").asText();
    StringBuilder flat = new StringBuilder();
    for (float[] row : ROWS) {
      for (float v : row) {
        flat.append(flat.length() > 0 ? "," : "").append(v);
      }
    }
    var r =
        http(
            port,
            "POST",
            "/v2/models/wifi/infer",
            "{\"id\": \"7\", \"inputs\": [{\"name\": \""
                + in
                + "\", \"shape\": [5, 7], \"datatype\": \"FP32\", \"data\": ["
                + flat
                + "]}]}");
    assertEquals(200, r.status(), r.body());
    JsonNode o = r.json().get("outputs").get(0);
    assertEquals(out, o.get("name").asText());
    assertEquals("[5,4]", o.get("shape").toString());
    assertEquals("7", r.json().get("id").asText());
    float[][] p = Fixtures.predict(wifi, ROWS);
    for (int i = 0; i < 20; i++) {
      assertEquals(p[i / 4][i % 4], o.get("data").get(i).asDouble(), 1e-6);
    }
  }

  @Test
  void kserveBinaryTensorData() throws Exception {
    String in = server.backend().metadata("wifi", 0).inputs().get(0).name();
    ByteBuffer bin = ByteBuffer.allocate(5 * 7 * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : ROWS) {
      for (float v : row) {
        bin.putDouble(v); // FP64 on the wire, converted to float32
      }
    }
    byte[] header =
        ("{\"inputs\": [{\"name\": \""
                + in
                + "\", \"shape\": [5, 7], \"datatype\": \"FP64\","
                + " \"parameters\": {\"binary_data_size\": 280}}], \"parameters\": {\"binary_data_output\": true}}")
            .getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /v2/models/wifi/infer HTTP/1.1\r\nHost: x\r\nInference-Header-Content-Length: "
            + header.length
            + "\r\nContent-Length: "
            + (header.length + 280)
            + "\r\nConnection: close\r\n\r\n";
    try (var s = new java.net.Socket("127.0.0.1", port)) {
      s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(header);
      s.getOutputStream().write(bin.array());
      byte[] all = s.getInputStream().readAllBytes();
      String text = new String(all, StandardCharsets.ISO_8859_1);
      assertTrue(text.startsWith("HTTP/1.1 200"), text);
      int len =
          Integer.parseInt(
              text.replaceAll("(?s).*[Ii]nference-[Hh]eader-[Cc]ontent-[Ll]ength: (\\d+).*", "$1"));
      int bodyAt = text.indexOf("\r\n\r\n") + 4;
      JsonNode h = Fixtures.JSON.readTree(Arrays.copyOfRange(all, bodyAt, bodyAt + len));
      assertEquals(80, h.get("outputs").get(0).get("parameters").get("binary_data_size").asInt());
      ByteBuffer out = ByteBuffer.wrap(all, bodyAt + len, 80).order(ByteOrder.LITTLE_ENDIAN);
      float[][] p = Fixtures.predict(wifi, ROWS);
      for (int i = 0; i < 20; i++) {
        assertEquals(p[i / 4][i % 4], out.getFloat(), 1e-6);
      }
    }
  }

  @Test
  void errorsAreFourHundredsWithMessages() throws Exception {
    String in = server.backend().metadata("wifi", 0).inputs().get(0).name();
    Object[][] cases = {
      {"POST", "/v1/models/wifi:predict", "{\"instances\": [[1,2,3", 400, "malformed JSON"},
      {"POST", "/v1/models/wifi:predict", "[1, 2]", 400, "expected a JSON object"},
      {
        "POST",
        "/v1/models/wifi:predict",
        "{\"instances\": [[1,2,3]]}",
        400,
        "expected shape [-1, 7] but was [1, 3]"
      },
      {
        "POST", "/v1/models/wifi:predict", "{\"instances\": [[1,2,3,4,5,6,7],[1,2]]}", 400, "ragged"
      },
      {
        "POST",
        "/v1/models/wifi:predict",
        "{\"instances\": [[1,2,3,4,5,6,\"a\"]]}",
        400,
        "instances[0][6]: expected a number but was a string"
      },
      {
        "POST",
        "/v1/models/wifi:predict",
        "{\"instances\": [[1,2,3,4,5,6,1e300]]}",
        400,
        "finite float32"
      },
      {"POST", "/v1/models/wifi:predict", "{\"instances\": []}", 400, "non-empty"},
      {
        "POST",
        "/v1/models/wifi:predict",
        "{\"instances\": [[1]], \"inputs\": [[1]]}",
        400,
        "exactly one of"
      },
      {
        "POST",
        "/v1/models/wifi:predict",
        "{\"signature_name\": \"nope\", \"instances\": [[1,2,3,4,5,6,7]]}",
        400,
        "not found in signature def"
      },
      {
        "POST",
        "/v1/models/nosuch:predict",
        "{\"instances\": [[1,2,3,4,5,6,7]]}",
        404,
        "Servable not found"
      },
      {
        "POST",
        "/v1/models/wifi/versions/2:predict",
        "{\"instances\": [[1,2,3,4,5,6,7]]}",
        404,
        "version 2 is not being served"
      },
      {"POST", "/v1/models/wifi:explain", "{}", 404, "unknown method"},
      {"GET", "/v1/models/wifi:predict", null, 405, "expects POST"},
      {"GET", "/nowhere", null, 404, "no endpoint"},
      {
        "POST",
        "/v2/models/wifi/infer",
        "{\"inputs\": [{\"name\": \""
            + in
            + "\", \"shape\": [1, 7], \"datatype\": \"BYTES\", \"data\": [\"a\"]}]}",
        400,
        "datatype expected one of"
      },
      {
        "POST",
        "/v2/models/wifi/infer",
        "{\"inputs\": [{\"name\": \""
            + in
            + "\", \"shape\": [1, 7], \"datatype\": \"FP32\", \"data\": [1,2]}]}",
        400,
        "expected 7 values"
      },
      {
        "POST",
        "/v2/models/wifi/infer",
        "{\"inputs\": [{\"name\": \""
            + in
            + "\", \"shape\": [1, 7], \"datatype\": \"FP32\", \"data\": [1,2,3,4,5,6,7]}], \"outputs\": [{\"name\": \"zz\"}]}",
        400,
        "requested output 'zz'"
      },
      {
        "POST",
        "/v2/models/wifi/infer",
        "{\"inputs\": [{\"name\": \"x\", \"shape\": [-1, 7], \"datatype\": \"FP32\", \"data\": []}]}",
        400,
        "non-negative integers"
      },
      {"GET", "/v2/models/nosuch", null, 404, "Servable not found"},
    };
    for (Object[] c : cases) {
      var r = http(port, (String) c[0], (String) c[1], (String) c[2]);
      assertEquals((int) c[3], r.status(), c[1] + " " + c[2] + " -> " + r.body());
      String error = r.json().get("error").asText();
      assertTrue(
          error.contains((String) c[4]),
          c[2] + ": expected the message to contain \"" + c[4] + "\" but was: " + error);
    }
  }

  @Test
  void oversizedBodyIs413AndSlowClientIs408() throws Exception {
    byte[] big = new byte[200 * 1024];
    Arrays.fill(big, (byte) ' ');
    String head =
        "POST /v1/models/wifi:predict HTTP/1.1\r\nHost: x\r\nContent-Length: "
            + big.length
            + "\r\n\r\n";
    var r = Fixtures.raw(port, head.getBytes(StandardCharsets.US_ASCII), big);
    assertEquals(413, r.status());
    assertTrue(r.json().get("error").asText().contains("limit of 65536 bytes"), r.body());
    String slow =
        "POST /v1/models/wifi:predict HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"instan";
    var s = Fixtures.raw(port, slow.getBytes(StandardCharsets.US_ASCII)); // never sends the rest
    assertEquals(408, s.status());
    assertTrue(s.json().get("error").asText().contains("too slowly"), s.body());
    var line =
        Fixtures.raw(
            port,
            ("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    assertEquals(414, line.status());
  }

  @Test
  void customRouteAndMetrics() throws Exception {
    var e = http(port, "POST", "/echo", "{\"data\": [1]}");
    assertEquals("{\"data\": [1]}", e.body());
    http(port, "POST", "/v1/models/wifi:predict", "{\"instances\": " + rowsJson(ROWS) + "}");
    String m = http(port, "GET", "/metrics", null).body();
    assertTrue(m.contains("# TYPE myelin_requests_total counter"), m);
    assertTrue(m.matches("(?s).*myelin_requests_total\\{protocol=\"v1\",code=\"200\"} [1-9].*"), m);
    assertTrue(m.matches("(?s).*myelin_batch_size_count\\{model=\"wifi\"} [1-9].*"), m);
    assertTrue(m.contains("myelin_queue_depth{model=\"wifi\"} 0"), m);
    assertTrue(
        m.contains(
            "myelin_model_version_state{model=\"wifi\",version=\"1\",state=\"AVAILABLE\"} 1"),
        m);
    assertTrue(m.contains("myelin_request_duration_seconds_bucket{le=\"+Inf\"}"), m);
    assertTrue(server.metrics().requestCount("v1", 200) >= 1);
  }

  @Test
  void accessLogLinesAreJson() throws Exception {
    http(port, "GET", "/v1/models/nosuch", null);
    String[] lines = accessLog.toString(StandardCharsets.UTF_8).split("\n");
    boolean found = false;
    for (String l : lines) {
      JsonNode j = Fixtures.JSON.readTree(l);
      assertTrue(j.has("time") && j.has("remote") && j.has("duration_ms") && j.has("bytes_out"), l);
      if (j.get("path").asText().equals("/v1/models/nosuch")) {
        assertEquals(404, j.get("status").asInt());
        assertTrue(j.get("error").asText().contains("nosuch"), l);
        found = true;
      }
    }
    assertTrue(found, "no access log line for /v1/models/nosuch");
  }

  @Test
  void gracefulShutdownFinishesInFlightRequests() throws Exception {
    ModelServer s =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .log(new PrintStream(new ByteArrayOutputStream()))
            .route(
                "/slow",
                body -> {
                  Thread.sleep(300); // still running when close() starts
                  return "{\"finished\": true}";
                })
            .start();
    int p = s.port();
    CompletableFuture<Fixtures.Response> inFlight =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return http(p, "POST", "/slow", "{}");
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    Fixtures.await(
        "the request to arrive", Duration.ofSeconds(10), () -> s.metrics().inFlight() == 1);
    s.close();
    var r = inFlight.get();
    assertEquals(200, r.status());
    assertTrue(r.json().get("finished").asBoolean());
    assertThrows(IOException.class, () -> http(p, "GET", "/v2/health/live", null));
  }

  @Test
  void aRequestPastItsDeadlineGets504() throws Exception {
    try (ModelServer s =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .requestTimeout(Duration.ofMillis(200))
            .log(new PrintStream(new ByteArrayOutputStream()))
            .route(
                "/stuck",
                body -> {
                  Thread.sleep(2_000); // longer than the deadline
                  return "{}";
                })
            .start()) {
      var r = http(s.port(), "POST", "/stuck", "{}");
      assertEquals(504, r.status());
      assertTrue(r.json().get("error").asText().contains("deadline passed"), r.body());
      assertEquals(1, s.metrics().requestCount("other", 504));
    }
  }

  @Test
  void builderChecksArguments() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> ModelServer.builder().maxBatchSize(0));
    assertEquals(
        "ModelServer: argument 'maxBatchSize' expected 1..1048576 but was 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ModelServer.builder().model("a/b", dir));
    assertThrows(
        IllegalArgumentException.class, () -> ModelServer.builder().route("/v1/x", b -> ""));
    assertFalse(ModelServer.builder().model("a", dir).models.isEmpty());
  }
}
