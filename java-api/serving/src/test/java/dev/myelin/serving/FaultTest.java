package dev.myelin.serving;

import static dev.myelin.serving.Fixtures.ROWS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.models.Model;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed requests (bad JSON, wrong shapes, wrong dtypes, huge payloads, slow clients) each get a
 * 4xx with a message while a concurrent client keeps getting correct predictions. A few hundred by
 * default; {@code -Dmyelin.serving.faults=10000} is the long run.
 */
class FaultTest {
  @TempDir Path dir;

  @Test
  void malformedRequestsGetFourHundredsWhileAGoodClientIsServed() throws Exception {
    int total = Integer.getInteger("myelin.serving.faults", 300);
    Model model = Fixtures.wifiModel(5, 4, "softmax");
    Fixtures.saveVersion(model, dir.resolve("wifi"), 1);
    float[][] want = Fixtures.predict(model, ROWS);
    String good = "{\"instances\": " + ModelServerTest.rowsJson(ROWS) + "}";
    try (ModelServer s =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .model("wifi", dir.resolve("wifi"))
            .maxRequestBytes(32 * 1024)
            .clientTimeout(Duration.ofMillis(200))
            .log(new PrintStream(new ByteArrayOutputStream()))
            .start()) {
      int port = s.port();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger goodAnswers = new AtomicInteger();
      Thread client =
          new Thread(
              () -> {
                try {
                  while (!stop.get()) {
                    var r = Fixtures.http(port, "POST", "/v1/models/wifi:predict", good);
                    assertEquals(200, r.status(), r.body());
                    Fixtures.assertRows(want, r.json().get("predictions"));
                    goodAnswers.incrementAndGet();
                  }
                } catch (Exception | AssertionError e) {
                  goodAnswers.set(Integer.MIN_VALUE);
                  throw new RuntimeException(e);
                }
              });
      client.start();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        int kind = i % 10;
        long seed = i;
        results.add(pool.submit(() -> malformed(port, kind, new Random(seed))));
      }
      for (Future<String> f : results) {
        String problem = f.get();
        if (problem != null) {
          fail(problem);
        }
      }
      pool.shutdown();
      int before = goodAnswers.get();
      Fixtures.await(
          "one more good answer",
          Duration.ofSeconds(30),
          () -> goodAnswers.get() > before || goodAnswers.get() < 0);
      stop.set(true);
      client.join();
      assertTrue(goodAnswers.get() > 0, "the good client failed");
      assertEquals(0, s.metrics().requestCount("v1", 500));
    }
  }

  /** Sends one malformed request of {@code kind}; null when it got a 4xx with a message. */
  private static String malformed(int port, int kind, Random rnd) throws Exception {
    String row = Arrays.toString(ROWS[rnd.nextInt(ROWS.length)]);
    Fixtures.Response r;
    String what;
    switch (kind) {
      case 0 -> {
        what = "truncated JSON";
        String b = "{\"instances\": [" + row + "]}";
        r =
            Fixtures.http(
                port,
                "POST",
                "/v1/models/wifi:predict",
                b.substring(0, 1 + rnd.nextInt(b.length() - 2)));
      }
      case 1 -> {
        what = "random bytes";
        byte[] junk = new byte[1 + rnd.nextInt(200)];
        rnd.nextBytes(junk);
        r =
            Fixtures.http(
                port,
                "POST",
                "/v1/models/wifi:predict",
                new String(junk, StandardCharsets.ISO_8859_1));
      }
      case 2 -> {
        what = "wrong width";
        int w = 1 + rnd.nextInt(20);
        w = w == 7 ? 8 : w;
        float[] x = new float[w];
        r =
            Fixtures.http(
                port,
                "POST",
                "/v1/models/wifi:predict",
                "{\"instances\": [" + Arrays.toString(x) + "]}");
      }
      case 3 -> {
        what = "wrong rank";
        r =
            Fixtures.http(
                port, "POST", "/v1/models/wifi:predict", "{\"instances\": [[" + row + "]]}");
      }
      case 4 -> {
        what = "strings and nulls for numbers";
        String bad = rnd.nextBoolean() ? "\"-62\"" : "null";
        r =
            Fixtures.http(
                port,
                "POST",
                "/v1/models/wifi:predict",
                "{\"inputs\": [[1,2,3," + bad + ",5,6,7]]}");
      }
      case 5 -> {
        what = "KServe wrong datatype";
        String dt = List.of("BYTES", "FP8", "STRING", "fp32").get(rnd.nextInt(4));
        r =
            Fixtures.http(
                port,
                "POST",
                "/v2/models/wifi/infer",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 7], \"datatype\": \""
                    + dt
                    + "\", \"data\": [1,2,3,4,5,6,7]}]}");
      }
      case 6 -> {
        what = "KServe data not matching the shape";
        r =
            Fixtures.http(
                port,
                "POST",
                "/v2/models/wifi/infer",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [2, 7], \"datatype\": \"FP32\", \"data\": [1,2,3]}]}");
      }
      case 7 -> {
        what = "huge payload";
        int size = 40 * 1024 + rnd.nextInt(200 * 1024);
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) '1');
        String head =
            "POST /v1/models/wifi:predict HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + size
                + "\r\n\r\n";
        r = Fixtures.raw(port, head.getBytes(StandardCharsets.US_ASCII), body);
      }
      case 8 -> {
        what = "slow client";
        String head =
            "POST /v1/models/wifi:predict HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"instances\": [";
        r = Fixtures.raw(port, head.getBytes(StandardCharsets.US_ASCII));
      }
      default -> {
        what = "deeply nested JSON";
        int depth = 70 + rnd.nextInt(500);
        r =
            Fixtures.http(
                port,
                "POST",
                "/v1/models/wifi:predict",
                "{\"instances\": " + "[".repeat(depth) + "]".repeat(depth) + "}");
      }
    }
    if (r.status() < 400 || r.status() >= 500) {
      return what + ": expected a 4xx but was " + r.status() + " " + r.body();
    }
    JsonNode e = r.json().get("error");
    if (e == null || e.asText().isBlank()) {
      return what + ": expected {\"error\": message} but was " + r.body();
    }
    return null;
  }
}
