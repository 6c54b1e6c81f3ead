package dev.myelin.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.data.random.RandomState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AffineTransformsTest {
  @TempDir Path dir;

  private static Map<String, Object> affineCase(
      double theta,
      double tx,
      double ty,
      double shear,
      double zx,
      double zy,
      String mode,
      double cval) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("theta", theta);
    m.put("tx", tx);
    m.put("ty", ty);
    m.put("shear", shear);
    m.put("zx", zx);
    m.put("zy", zy);
    m.put("mode", mode);
    m.put("cval", cval);
    return m;
  }

  @Test
  void matchesScipyAffineTransformForEveryFillMode() throws Exception {
    int h = 9;
    int w = 12;
    int c = 3;
    float[] x = new float[h * w * c];
    RandomState rs = new RandomState(7);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.floor(rs.uniform(0, 256));
    }
    List<Map<String, Object>> cases = new ArrayList<>();
    for (String mode : new String[] {"constant", "nearest", "reflect", "wrap"}) {
      cases.add(affineCase(20, 0, 0, 0, 1, 1, mode, 17));
      cases.add(affineCase(0, 2.5, -3.25, 0, 1, 1, mode, 0));
      cases.add(affineCase(0, 0, 0, 30, 1, 1, mode, 0));
      cases.add(affineCase(0, 0, 0, 0, 0.7, 1.3, mode, 0));
      cases.add(affineCase(-35, 4.1, 6.3, 12, 1.4, 0.8, mode, -5));
      cases.add(affineCase(170, -11, 25, -40, 2.5, 0.45, mode, 3));
    }
    Map<String, Object> req = new LinkedHashMap<>();
    req.put("h", h);
    req.put("w", w);
    req.put("c", c);
    req.put("image", x);
    req.put("cases", cases);
    JsonNode images = ScipyReference.ask(req, dir).get("images");
    double worst = 0;
    for (int k = 0; k < cases.size(); k++) {
      Map<String, Object> p = cases.get(k);
      float[] got =
          AffineTransforms.apply(
              x,
              h,
              w,
              c,
              (double) p.get("theta"),
              (double) p.get("tx"),
              (double) p.get("ty"),
              (double) p.get("shear"),
              (double) p.get("zx"),
              (double) p.get("zy"),
              FillMode.of((String) p.get("mode")),
              (double) p.get("cval"));
      JsonNode want = images.get(k);
      assertEquals(got.length, want.size());
      for (int i = 0; i < got.length; i++) {
        double d = Math.abs(got[i] - want.get(i).asDouble());
        worst = Math.max(worst, d);
        assertTrue(
            d <= 1e-4, "case " + p + " value " + i + ": " + got[i] + " vs scipy " + want.get(i));
      }
    }
    assertTrue(worst <= 1e-4, "largest difference " + worst);
  }

  @Test
  void aWholePixelShiftMovesTheImageAndFillsTheEdge() {
    // A 1x4 row shifted by ty = 1: output column j samples input column j + 1.
    float[] row = {10, 20, 30, 40};
    assertArrayEquals(
        new float[] {20, 30, 40, 40},
        AffineTransforms.apply(row, 1, 4, 1, 0, 0, 1, 0, 1, 1, FillMode.NEAREST, 0));
    assertArrayEquals(
        new float[] {20, 30, 40, -1},
        AffineTransforms.apply(row, 1, 4, 1, 0, 0, 1, 0, 1, 1, FillMode.CONSTANT, -1));
    assertArrayEquals(
        new float[] {20, 30, 40, 40},
        AffineTransforms.apply(row, 1, 4, 1, 0, 0, 1, 0, 1, 1, FillMode.REFLECT, 0));
    // scipy's 'wrap' has period n - 1: coordinate 4 is coordinate 1.
    assertArrayEquals(
        new float[] {20, 30, 40, 20},
        AffineTransforms.apply(row, 1, 4, 1, 0, 0, 1, 0, 1, 1, FillMode.WRAP, 0));
    assertSame(row, AffineTransforms.apply(row, 1, 4, 1, 0, 0, 0, 0, 1, 1, FillMode.NEAREST, 0));
  }

  @Test
  void keras22CentreIsHalfAPixelPastTheMiddle() {
    // A pure zoom keeps the point (h/2 + 0.5, w/2 + 0.5) fixed: offset = o * (1 - z).
    double[] m = AffineTransforms.matrix(10, 20, 0, 0, 0, 0, 2, 3);
    assertArrayEquals(new double[] {2, 0, 5.5 * (1 - 2), 0, 3, 10.5 * (1 - 3)}, m, 1e-12);
  }

  @Test
  void randomDrawsFollowKeras22OrderAndNumpysGenerator() throws Exception {
    ImageDataGenerator g =
        new ImageDataGenerator()
            .rotationRange(20)
            .widthShiftRange(0.1)
            .heightShiftRange(0.2)
            .shearRange(0.3)
            .zoomRange(0.3)
            .horizontalFlip(true);
    int h = 8;
    int w = 6;
    int n = 10;
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("rotation", 20.0);
    opts.put("width_shift", 0.1);
    opts.put("height_shift", 0.2);
    opts.put("shear", 0.3);
    opts.put("zoom", 0.3);
    opts.put("horizontal_flip", true);
    opts.put("vertical_flip", false);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("seed", 42);
    d.put("n", n);
    d.put("shuffle", true);
    d.put("h", h);
    d.put("w", w);
    d.put("samples", 4);
    d.put("options", opts);
    JsonNode want = ScipyReference.ask(Map.of("draws", d), dir).get("draws");
    RandomState rs = new RandomState(42);
    int[] perm = rs.permutation(n);
    for (int i = 0; i < n; i++) {
      assertEquals(want.get("permutation").get(i).asInt(), perm[i]);
    }
    for (int s = 0; s < 4; s++) {
      TransformParameters p = g.getRandomTransform(h, w, rs);
      JsonNode e = want.get("params").get(s);
      double[] got = {p.theta(), p.tx(), p.ty(), p.shear(), p.zx(), p.zy()};
      for (int k = 0; k < 6; k++) {
        assertEquals(e.get(k).asDouble(), got[k], 1e-12, "sample " + s + " parameter " + k);
      }
      assertEquals(e.get(6).asBoolean(), p.flipHorizontal());
      assertEquals(e.get(7).asBoolean(), p.flipVertical());
    }
  }

  @Test
  void badArgumentsAreNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AffineTransforms.apply(
                    new float[5], 2, 2, 1, 10, 0, 0, 0, 1, 1, FillMode.NEAREST, 0));
    assertTrue(e.getMessage().startsWith("x: expected h*w*c = 4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FillMode.of("mirror"));
    assertTrue(e.getMessage().contains("fillMode") && e.getMessage().contains("mirror"));
  }
}
