package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The book's appendix math (ch.14) against numpy 2.4 and scipy 1.17: random cases generated at test
 * time by tests/fixtures/appendix_math.py, and the book's own values (where the book printed wrong
 * rows, numpy/scipy's values are the reference, as book-examples.md section 4 records).
 *
 * <p>Exactness: integer results are compared bit for bit. Float results are compared within the
 * classic dot-product bound {@code |ours - ref| <= 2 n u S}, with n the terms per output, u the
 * unit roundoff of the result dtype and {@code S = sum |a_i b_i|} (numpy/scipy on |a|, |b| in
 * float64): numpy's float 1-D correlate and tensordot go through BLAS dot/gemm, whose summation
 * order is the BLAS build's, and scipy 1.17's 2-D order could not be pinned down (our kernel's
 * order, row partial sums without FMA, matches it bit for bit in valid mode for short kernel rows,
 * not for long rows or with boundary terms). How many float cases came out bit-identical anyway is
 * not asserted.
 */
class SignalOpsTest {

  private static Tensor tensor(JsonNode a) {
    JsonNode shapeNode = a.get("shape");
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
    }
    JsonNode data = a.get("data");
    double[] v = new double[data.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = data.get(i).asDouble();
    }
    DType dt = dtype(a.get("dtype").asText());
    Tensor t = Tensor.fromArray(v, shape);
    return dt == DType.FLOAT64 ? t : t.cast(dt);
  }

  private static DType dtype(String numpyName) {
    for (DType d : DType.values()) {
      if (d.numpyName().equals(numpyName)) {
        return d;
      }
    }
    throw new AssertionError("no dtype " + numpyName);
  }

  private static Tensor run(JsonNode c, Tensor a, Tensor b) {
    String op = c.get("op").asText();
    switch (op) {
      case "correlate":
        return Tensor.correlate(a, b, c.get("mode").asText());
      case "convolve":
        return Tensor.convolve(a, b, c.get("mode").asText());
      case "correlate2d":
        return Tensor.correlate2d(
            a, b, c.get("mode").asText(), c.get("boundary").asText(), c.get("fill").asDouble());
      case "convolve2d":
        return Tensor.convolve2d(
            a, b, c.get("mode").asText(), c.get("boundary").asText(), c.get("fill").asDouble());
      case "tensordot":
        JsonNode axes = c.get("axes");
        if (axes.isInt()) {
          return a.tensordot(b, axes.asInt());
        }
        return a.tensordot(b, ints(axes.get(0)), ints(axes.get(1)));
      default:
        throw new AssertionError(op);
    }
  }

  private static int[] ints(JsonNode n) {
    int[] r = new int[n.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = n.get(i).asInt();
    }
    return r;
  }

  /** Terms summed per output of a case, or a bound on them (the n of the error bound). */
  private static long terms(JsonNode c, Tensor a, Tensor b) {
    if (c.get("op").asText().endsWith("2d")) {
      return a.size() + b.size();
    }
    if (c.get("op").asText().equals("tensordot")) {
      long outSize = Math.max(1, c.get("out").get("data").size());
      return Math.max(1, a.size() * b.size() / Math.max(1, outSize));
    }
    return Math.min(a.size(), b.size());
  }

  private static JsonNode numpyCases(Path dir, long seed) throws IOException, InterruptedException {
    Path out = dir.resolve("cases.json");
    ProcessBuilder pb =
        new ProcessBuilder(
                "python3",
                Path.of("../../tests/fixtures/appendix_math.py").toString(),
                Long.toString(seed),
                out.toString())
            .redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      fail("python3 with numpy 2.4 and scipy 1.17 is required for this test: " + e);
      return null;
    }
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "appendix_math.py timed out");
    assertEquals(0, p.exitValue(), "appendix_math.py (numpy and scipy required) failed:\n" + log);
    return new ObjectMapper().readTree(Files.readString(out));
  }

  @Test
  void randomCasesMatchNumpyAndScipy(@TempDir Path dir) throws Exception {
    long seed = System.nanoTime();
    JsonNode cases = numpyCases(dir, seed);
    assertEquals(440, cases.size());
    int integerCases = 0;
    for (JsonNode c : cases) {
      try (TensorScope scope = new TensorScope()) {
        Tensor a = tensor(c.get("a"));
        Tensor b = tensor(c.get("b"));
        Tensor want = tensor(c.get("out"));
        Tensor got = run(c, a, b);
        String what = "seed " + seed + ": " + c.get("op").asText() + " " + c;
        assertEquals(want.dtype(), got.dtype(), what);
        assertArrayEquals(want.shape(), got.shape(), what);
        double[] w = want.toDoubleArray();
        double[] g = got.toDoubleArray();
        if (!want.dtype().isFloating()) {
          integerCases++;
          for (int i = 0; i < w.length; i++) {
            assertEquals(
                Double.doubleToLongBits(w[i]),
                Double.doubleToLongBits(g[i]),
                what + " element " + i + ": " + g[i] + " vs " + w[i]);
          }
        } else {
          double u = want.dtype() == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
          double[] s = tensor(c.get("abs")).toDoubleArray();
          long n = terms(c, a, b);
          for (int i = 0; i < w.length; i++) {
            double bound = 2 * n * u * s[i];
            assertTrue(
                Math.abs(g[i] - w[i]) <= bound,
                what + " element " + i + ": " + g[i] + " vs " + w[i] + " bound " + bound);
          }
        }
      }
    }
    assertTrue(integerCases > 150, "integer cases: " + integerCases);
  }

  // ============================================================================ the book's values

  private static final float[] A15 = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};

  @Test
  void bookCorrelateAndConvolveValid() {
    try (TensorScope s = new TensorScope()) {
      Tensor a = Tensor.of(A15);
      Tensor v = Tensor.of(-1f, 1f);
      // The book printed 13 values for a 16-element a; numpy gives these 14 for its 15-element a.
      assertArrayEquals(
          new float[] {0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 0, 0, 0},
          Tensor.correlate(a, v, "valid").toFloatArray());
      assertArrayEquals(
          new float[] {0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0},
          Tensor.convolve(a, v, "valid").toFloatArray());
      assertEquals(DType.FLOAT32, Tensor.convolve(a, v, "valid").dtype());
    }
  }

  @Test
  void numpySwapRulesForALongerSecondOperand() {
    try (TensorScope s = new TensorScope()) {
      Tensor a = Tensor.of(1.0, 2.0, 3.0);
      Tensor v = Tensor.of(0.0, 1.0, 0.5, 2.0);
      // numpy correlates the longer v with a and reverses the result, so 'same' keeps v's length
      // and centres on a's taps (values from numpy 2.4).
      assertArrayEquals(
          new double[] {4.5, 8.0, 3.5, 3.0}, Tensor.correlate(a, v, "same").toDoubleArray());
      assertArrayEquals(
          new double[] {2.0, 4.5, 8.0, 3.5, 3.0, 0.0},
          Tensor.correlate(a, v, "full").toDoubleArray());
      assertArrayEquals(
          new double[] {1.0, 2.5, 6.0, 5.5}, Tensor.convolve(a, v, "same").toDoubleArray());
    }
  }

  /** The appendix's 11x11 "X" image: diagonals of ones inside a border, centre set, then 2A-1. */
  static Tensor bookX() {
    double[] a = new double[121];
    for (int i = 0; i < 7; i++) {
      a[(2 + i) * 11 + 2 + i] = 1;
      a[(2 + 6 - i) * 11 + 2 + i] += 1;
    }
    a[5 * 11 + 5] = 1;
    for (int i = 0; i < a.length; i++) {
      a[i] = a[i] * 2 - 1;
    }
    return Tensor.fromArray(a, 11, 11);
  }

  static Tensor bookV() {
    return Tensor.fromArray(new double[] {1, -1, -1, -1, 1, -1, -1, -1, 1}, 3, 3);
  }

  @Test
  void bookConvolve2dOfTheXImage() {
    try (TensorScope s = new TensorScope()) {
      Tensor a = bookX();
      Tensor v = bookV();
      Tensor c = Tensor.convolve2d(a, v, "valid");
      assertArrayEquals(new long[] {9, 9}, c.shape());
      assertTrue(c.allClose(c.transpose(), 0, 0), "C is symmetric");
      assertArrayEquals(new double[] {5, 1, 1, 3, 3, 3, 5, 1, 1}, c.get(0).toDoubleArray());
      // The book prints [1, 1, 5, 3, 3, 1, 1, 1, 5]; scipy gives this.
      assertArrayEquals(new double[] {1, 1, 5, 3, 3, 3, 1, 1, 5}, c.get(8).toDoubleArray());
      double[] diag = new double[9];
      for (int i = 0; i < 9; i++) {
        diag[i] = c.getDouble(i, i);
      }
      assertArrayEquals(new double[] {5, 7, 9, 9, 5, 9, 9, 7, 5}, diag);
      // The book's manual loop: each output is the window times the reversed kernel, summed.
      Tensor vRev = v.slice(Slice.every(-1), Slice.every(-1));
      Tensor first = a.slice(Slice.range(0, 3), Slice.range(0, 3)).tensordot(vRev, 2);
      assertEquals(0, first.rank());
      assertEquals(5.0, first.item());
      assertEquals(1.0, a.slice(Slice.range(1, 4), Slice.range(0, 3)).tensordot(v, 2).item());
      for (int i = 0; i < 9; i++) {
        for (int j = 0; j < 9; j++) {
          Tensor win = a.slice(Slice.range(i, i + 3), Slice.range(j, j + 3));
          assertEquals(
              win.tensordot(vRev, 2).item(), c.getDouble(i, j), "res[" + i + "," + j + "]");
        }
      }
      // C / 9 shown to one decimal reads 1.0 at four pixels (where C is 9)
      long roundsToOne = 0;
      for (double x : c.div(9).mul(10).round().toDoubleArray()) {
        roundsToOne += x == 10.0 ? 1 : 0;
      }
      assertEquals(4, roundsToOne);
    }
  }

  @Test
  void bookTensordotShapesAndMatrixProducts() {
    try (TensorScope s = new TensorScope()) {
      Tensor a = Tensor.randomUniform(new long[] {2, 3, 4, 5}, 0, 10, DType.FLOAT64, 3).floor();
      Tensor b = Tensor.of(new long[][] {{1, 0, 3}, {5, 8, 3}});
      assertArrayEquals(
          new long[] {3, 4, 5, 3},
          a.tensordot(b.cast(DType.FLOAT64), new int[] {0}, new int[] {0}).shape());
      Tensor r = a.cast(DType.INT64).tensordot(b, new int[] {0, 1}, new int[] {0, 1});
      assertArrayEquals(new long[] {4, 5}, r.shape());
      assertEquals(DType.INT64, r.dtype());
      // element (i, j) = sum over the paired axes, written out
      long want = 0;
      for (int p = 0; p < 2; p++) {
        for (int q = 0; q < 3; q++) {
          want += a.getLong(p, q, 2, 3) * b.getLong(p, q);
        }
      }
      assertEquals(want, r.getLong(2, 3));
      Tensor ma = Tensor.of(new long[][] {{0, 1, 2}, {2, 3, 0}});
      Tensor mb = Tensor.of(new long[][] {{0, 1}, {2, 3}, {4, 5}});
      assertArrayEquals(new long[] {10, 13, 6, 11}, ma.tensordot(mb, 1).toLongArray());
    }
  }

  @Test
  void badArgumentsNameTheOpAndArgument() {
    try (TensorScope s = new TensorScope()) {
      Tensor a = Tensor.of(1.0, 2.0, 3.0);
      Tensor m = Tensor.ones(3, 3);
      assertEquals(
          "correlate: argument 'mode' expected one of 'valid', 'same', 'full' but was middle",
          assertThrows(IllegalArgumentException.class, () -> Tensor.correlate(a, a, "middle"))
              .getMessage());
      assertEquals(
          "convolve: argument 'v' expected a 1-D tensor but was shape [3, 3]",
          assertThrows(IllegalArgumentException.class, () -> Tensor.convolve(a, m, "full"))
              .getMessage());
      assertEquals(
          "tensordot: argument 'axes' expected b axis 0 of length 3 (as a axis 0) but was 2",
          assertThrows(
                  IllegalArgumentException.class,
                  () -> a.tensordot(Tensor.ones(2), new int[] {0}, new int[] {0}))
              .getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> Tensor.convolve2d(Tensor.ones(3, 5), Tensor.ones(5, 3), "valid"));
      assertEquals(
          "convolve2d: argument 'boundary' expected one of 'fill', 'wrap', 'symm' but was reflect",
          assertThrows(
                  IllegalArgumentException.class,
                  () -> Tensor.convolve2d(m, m, "same", "reflect", 0))
              .getMessage());
      assertThrows(IllegalArgumentException.class, () -> a.tensordot(a, 2));
    }
  }
}
