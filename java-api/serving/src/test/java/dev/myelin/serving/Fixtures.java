package dev.myelin.serving;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Models, a raw HTTP/1.1 client and waiting helpers shared by the serving tests. */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** A 7-feature, 4-class softmax MLP (the book's wifi shape) with seeded random weights. */
  static Model wifiModel(long seed, int outputs, String activation) {
    Myelin.setSeed(seed);
    KerasTensor in = Input.of(7);
    KerasTensor h = new Dense(12).activation("relu").apply(in);
    KerasTensor out = new Dense(outputs).activation(activation).apply(h);
    return new Model(in, out);
  }

  /** Saves {@code model} as {@code base/VERSION/model.keras}. */
  static Path saveVersion(Model model, Path base, int version) throws IOException {
    Path dir = base.resolve(Integer.toString(version));
    Files.createDirectories(dir);
    Path file = dir.resolve("model.keras");
    model.save(file);
    return file;
  }

  /** Rows of the book's X_test[:5]. */
  static final float[][] ROWS = {
    {-62, -58, -59, -59, -67, -80, -77},
    {-49, -53, -50, -48, -67, -78, -88},
    {-52, -57, -49, -50, -66, -80, -80},
    {-40, -55, -52, -43, -60, -76, -72},
    {-64, -59, -51, -67, -43, -88, -92}
  };

  /** A TF-Serving row-format {@code :predict} body of {@code rows}. */
  static String instances(float[][] rows) {
    StringBuilder sb = new StringBuilder("{\"instances\": [");
    for (int i = 0; i < rows.length; i++) {
      sb.append(i > 0 ? "," : "").append(java.util.Arrays.toString(rows[i]));
    }
    return sb.append("]}").toString();
  }

  /** {@code model.predict(rows)} as float rows. */
  static float[][] predict(Model model, float[][] rows) {
    try (Tensor x = Tensor.of(rows);
        Tensor p = model.predict(x)) {
      float[] flat = p.toFloatArray();
      int k = (int) p.dim(1);
      float[][] out = new float[rows.length][k];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(flat, i * k, out[i], 0, k);
      }
      return out;
    }
  }

  /** Asserts a nested JSON array equals {@code want} within 1e-6. */
  static void assertRows(float[][] want, JsonNode got) {
    assertTrue(got.isArray() && got.size() == want.length, "rows: " + got);
    for (int i = 0; i < want.length; i++) {
      for (int j = 0; j < want[i].length; j++) {
        double g = got.get(i).get(j).asDouble();
        if (Math.abs(g - want[i][j]) > 1e-6) {
          fail("row " + i + " col " + j + ": expected " + want[i][j] + " but was " + g);
        }
      }
    }
  }

  /** An HTTP answer. */
  record Response(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }
  }

  /** Sends one request on a fresh connection and reads the answer. */
  static Response http(int port, String method, String path, String body) throws IOException {
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: "
            + b.length
            + "\r\nConnection: close\r\n\r\n";
    return raw(port, head.getBytes(StandardCharsets.US_ASCII), b);
  }

  /** Writes {@code parts} as they are and reads the answer until the server closes. */
  static Response raw(int port, byte[]... parts) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      try {
        for (byte[] p : parts) {
          out.write(p);
        }
        out.flush();
      } catch (IOException e) {
        // The server may answer (413) and close before the whole body is written.
      }
      return read(s.getInputStream());
    }
  }

  static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        all.write(buf, 0, n);
      }
    } catch (java.net.SocketException e) {
      // reset after the answer: keep what arrived
    }
    String text = all.toString(StandardCharsets.UTF_8);
    int sp = text.indexOf(' ');
    int end = text.indexOf("\r\n\r\n");
    if (sp < 0 || end < 0) {
      throw new IOException("no HTTP answer: \"" + text + "\"");
    }
    return new Response(Integer.parseInt(text.substring(sp + 1, sp + 4)), text.substring(end + 4));
  }

  /** Waits (polling) until {@code condition} holds, failing after {@code limit}. */
  static void await(String what, Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long until = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        fail("timed out waiting for " + what);
      }
      // Polling a server-side state change (a version loaded by the poller); bounded by `until`.
      Thread.sleep(20);
    }
  }
}
