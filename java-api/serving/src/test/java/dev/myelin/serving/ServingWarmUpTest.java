package dev.myelin.serving;

import static dev.myelin.serving.Fixtures.ROWS;
import static dev.myelin.serving.Fixtures.assertRows;
import static dev.myelin.serving.Fixtures.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.models.Model;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version is warmed up by {@code Model.warmUp} before it turns AVAILABLE, and batches are padded
 * to the warmed-up sizes: no request after AVAILABLE pays for tracing a predict plan (the {@code
 * myelin_request_traces_total} metric counts the plans traced after warm-up).
 */
class ServingWarmUpTest {
  @TempDir Path dir;

  /** The model's {@code myelin_request_traces_total}: plans its served version traced. */
  static int traces(ModelServer s, String model) throws Exception {
    var r = http(s.port(), "GET", "/metrics", null);
    assertEquals(200, r.status(), r.body());
    Matcher m =
        Pattern.compile("myelin_request_traces_total\\{model=\"" + model + "\"} (\\d+)")
            .matcher(r.body());
    assertTrue(m.find(), r.body());
    return Integer.parseInt(m.group(1));
  }

  private static void predict(ModelServer s, Model model, float[][] rows) throws Exception {
    var r = http(s.port(), "POST", "/v1/models/wifi:predict", Fixtures.instances(rows));
    assertEquals(200, r.status(), r.body());
    assertRows(Fixtures.predict(model, rows), r.json().get("predictions"));
  }

  private ModelServer start(int... warmupSizes) throws InterruptedException {
    ModelServer.Builder b =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .model("wifi", dir.resolve("wifi"))
            .maxBatchSize(8)
            .log(new PrintStream(new ByteArrayOutputStream()));
    return (warmupSizes.length == 0 ? b : b.warmupBatchSizes(warmupSizes)).start();
  }

  @Test
  void noRequestAfterAvailableTracesAPlan() throws Exception {
    Model wifi = Fixtures.wifiModel(4, 4, "softmax");
    Fixtures.saveVersion(wifi, dir.resolve("wifi"), 1);
    try (ModelServer s = start()) {
      assertEquals(0, traces(s, "wifi"));
      // 1 row, then 5 and 3 rows: padded to the warmed-up 8 and 4, their padding rows dropped.
      predict(s, wifi, new float[][] {ROWS[0]});
      predict(s, wifi, ROWS);
      predict(s, wifi, Arrays.copyOfRange(ROWS, 1, 4));
      assertEquals(0, traces(s, "wifi"), "requests after AVAILABLE traced a plan");
    }
  }

  @Test
  void aBatchNoWarmedUpSizeHoldsIsTracedAndCounted() throws Exception {
    Model wifi = Fixtures.wifiModel(5, 4, "softmax");
    Fixtures.saveVersion(wifi, dir.resolve("wifi"), 1);
    try (ModelServer s = start(1, 2)) {
      predict(s, wifi, new float[][] {ROWS[0], ROWS[1]});
      assertEquals(0, traces(s, "wifi"));
      predict(s, wifi, ROWS); // 5 rows: larger than every warmed-up size
      assertEquals(1, traces(s, "wifi"));
      predict(s, wifi, ROWS); // its plan is kept
      assertEquals(1, traces(s, "wifi"));
    }
  }
}
