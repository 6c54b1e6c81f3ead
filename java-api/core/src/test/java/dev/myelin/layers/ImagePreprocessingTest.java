package dev.myelin.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.callbacks.History;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import dev.myelin.saving.PythonKeras;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image preprocessing layers against Keras 3.15.1 on jax (numbers written at test time by
 * tests/fixtures/keras_image_layers.py): Rescaling, Resizing, CenterCrop and the affine sampling
 * with fixed transforms within 1e-5, the random layers with Keras's draws fixed; then their
 * training/inference behaviour, seeds, configs, summary rows and argument checks.
 */
@ExtendWith(TensorScopePerTest.class)
class ImagePreprocessingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode keras;
  private static final long[] SHAPE = {2, 5, 7, 3};

  @BeforeAll
  static void kerasNumbers(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("numerics.json");
    PythonKeras.check("keras_image_layers.py", "Keras's image numbers", "numerics", out.toString());
    keras = JSON.readTree(out.toFile());
  }

  private static Tensor images() {
    return Tensor.fromArray(PythonKeras.flat(keras.get("images")), SHAPE);
  }

  private static void assertKeras(JsonNode expected, Tensor got, String what) {
    assertArrayEquals(PythonKeras.flat(expected), got.toFloatArray(), 1e-5f, what);
  }

  @Test
  void rescalingResizingAndCenterCropMatchKeras() {
    Tensor x = images();
    assertKeras(
        keras.get("rescaling"),
        new Rescaling(2.0).offset(-1.0).invoke(new Tensor[] {x}, false),
        "rescaling");
    for (JsonNode c : keras.get("resize")) {
      int h = c.get("height").asInt();
      int w = c.get("width").asInt();
      Resizing r =
          new Resizing(h, w)
              .interpolation(c.get("interpolation").asText())
              .cropToAspectRatio(c.get("crop").asBoolean());
      Tensor y = r.invoke(new Tensor[] {x}, false);
      assertArrayEquals(new long[] {2, h, w, 3}, y.shape());
      assertKeras(c.get("output"), y, "resize " + c.get("interpolation") + " " + h + "x" + w);
      // one image (rank 3) gives the same numbers as its batch row
      Tensor one = r.invoke(new Tensor[] {x.get(1)}, false);
      assertArrayEquals(y.get(1).toFloatArray(), one.toFloatArray(), 0f);
    }
    for (JsonNode c : keras.get("center_crop")) {
      Tensor y =
          new CenterCrop(c.get("height").asInt(), c.get("width").asInt())
              .invoke(new Tensor[] {x}, false);
      assertKeras(c.get("output"), y, "center crop " + c.get("height") + "x" + c.get("width"));
    }
  }

  @Test
  void affineTransformMatchesKerasForEveryFillModeAndInterpolation() {
    Tensor x = images();
    Tensor t = Tensor.fromArray(PythonKeras.flat(keras.get("transforms")), 2, 8);
    for (JsonNode c : keras.get("affine")) {
      String interp = c.get("interpolation").asText();
      String mode = c.get("fill_mode").asText();
      assertKeras(c.get("output"), x.affineTransform(t, interp, mode, 7.5), interp + " " + mode);
    }
  }

  @Test
  void randomLayersWithKerassDrawsGiveKerassImages() {
    Tensor x = images();
    JsonNode l = keras.get("layers");
    for (String mode : RandomFlip.MODES) {
      JsonNode c = l.get("flip_" + mode);
      assertKeras(c.get("output"), new RandomFlip(mode).flip(x, new boolean[] {true, false}), mode);
    }
    JsonNode rot = l.get("rotation");
    assertKeras(
        rot.get("output"),
        new RandomRotation(0.2)
            .fillMode("constant")
            .fillValue(3.0)
            .transform(x, PythonKeras.flat(rot.get("draws"))),
        "rotation");
    JsonNode zoom = l.get("zoom");
    assertKeras(
        zoom.get("output"),
        new RandomZoom(0.3)
            .widthFactor(0.3)
            .fillMode("wrap")
            .interpolation("nearest")
            .transform(x, PythonKeras.flat(zoom.get("draws"))),
        "zoom");
    JsonNode tr = l.get("translation");
    assertKeras(
        tr.get("output"),
        new RandomTranslation(0.3, 0.3)
            .fillMode("nearest")
            .transform(x, PythonKeras.flat(tr.get("draws"))),
        "translation");
    JsonNode con = l.get("contrast");
    assertKeras(
        con.get("output"),
        new RandomContrast(0.5).valueRange(0.1, 0.9).adjust(x, PythonKeras.flat(con.get("draws"))),
        "contrast");
  }

  private static List<Layer> randomLayers() {
    return List.of(
        new RandomFlip(),
        new RandomRotation(0.2),
        new RandomZoom(0.3),
        new RandomTranslation(0.2, 0.2),
        new RandomContrast(0.5));
  }

  @Test
  void randomLayersAreTheIdentityAtInferenceAndAugmentInTraining() {
    Tensor x = images();
    Myelin.setSeed(3);
    for (Layer layer : randomLayers()) {
      Tensor[] in = {x};
      assertArrayEquals(
          x.toFloatArray(), layer.invoke(in, false).toFloatArray(), 0f, layer.className());
      Tensor y = layer.invoke(in, true);
      assertArrayEquals(SHAPE, y.shape(), layer.className());
      // RandomFlip leaves an image alone with probability 1/2: three tries all but rule that out
      boolean changed = !y.allClose(x, 0, 0);
      for (int k = 0; k < 3 && !changed; k++) {
        changed = !layer.invoke(in, true).allClose(x, 0, 0);
      }
      assertTrue(changed, layer.className() + " changed nothing in training");
    }
    // integer images become float32, as Keras casts to the compute dtype
    Tensor ints = Tensor.ones(DType.INT32, 1, 4, 4, 1);
    assertEquals(DType.FLOAT32, new RandomZoom(0.1).invoke(new Tensor[] {ints}, false).dtype());
    assertEquals(DType.FLOAT32, new Rescaling(0.5).invoke(new Tensor[] {ints}, false).dtype());
  }

  @Test
  void randomFlipFlipsWholeImagesAndSeedsRepeat() {
    Tensor x = images();
    RandomFlip flip = new RandomFlip("horizontal").seed(42);
    Tensor mirrored = new RandomFlip("horizontal").flip(x, new boolean[] {true, true});
    for (int k = 0; k < 6; k++) {
      Tensor y = flip.invoke(new Tensor[] {x}, true);
      for (int i = 0; i < 2; i++) {
        boolean same = y.get(i).allClose(x.get(i), 0, 0);
        boolean flipped = y.get(i).allClose(mirrored.get(i), 0, 0);
        assertTrue(same || flipped, "image " + i + " is neither itself nor its mirror");
      }
    }
    // two layers with one seed draw the same sequence; a layer's calls differ from each other
    RandomRotation a = new RandomRotation(0.3).seed(9);
    RandomRotation b = new RandomRotation(0.3).seed(9);
    Tensor a1 = a.invoke(new Tensor[] {x}, true);
    Tensor b1 = b.invoke(new Tensor[] {x}, true);
    assertArrayEquals(a1.toFloatArray(), b1.toFloatArray(), 0f);
    assertFalse(a1.allClose(a.invoke(new Tensor[] {x}, true), 0, 0));
    // unseeded layers follow Myelin.setSeed
    Myelin.setSeed(77);
    Tensor c1 = new RandomZoom(0.3).invoke(new Tensor[] {x}, true);
    Myelin.setSeed(77);
    Tensor c2 = new RandomZoom(0.3).invoke(new Tensor[] {x}, true);
    assertArrayEquals(c1.toFloatArray(), c2.toFloatArray(), 0f);
  }

  @Test
  void rotationByTheFactorsExtremesStaysInTheRange() {
    // factor (0.25, 0.25) draws exactly a quarter turn: a square image's pixels permute exactly
    Tensor sq = Tensor.arange(0, 16, 1, DType.FLOAT32).reshape(1, 4, 4, 1);
    Tensor y =
        new RandomRotation(0.25, 0.25).interpolation("nearest").invoke(new Tensor[] {sq}, true);
    float[] v = y.toFloatArray();
    float[] sorted = v.clone();
    java.util.Arrays.sort(sorted);
    assertArrayEquals(sq.toFloatArray(), sorted, 0f);
    assertNotEquals(sq.getFloat(0, 0, 0, 0), y.getFloat(0, 0, 0, 0));
  }

  @Test
  void configsCarryKerasKeysAndRoundTrip() {
    List<String> shifts =
        List.of(
            "data_format",
            "height_factor",
            "width_factor",
            "fill_mode",
            "interpolation",
            "seed",
            "fill_value");
    Map<String, List<String>> keys =
        Map.of(
            "Rescaling", List.of("scale", "offset"),
            "Resizing",
                List.of(
                    "data_format",
                    "height",
                    "width",
                    "interpolation",
                    "crop_to_aspect_ratio",
                    "pad_to_aspect_ratio",
                    "fill_mode",
                    "fill_value",
                    "antialias"),
            "CenterCrop", List.of("data_format", "height", "width"),
            "RandomFlip", List.of("data_format", "seed", "mode"),
            "RandomRotation",
                List.of(
                    "data_format", "factor", "fill_mode", "interpolation", "seed", "fill_value"),
            "RandomZoom", shifts,
            "RandomTranslation", shifts,
            "RandomContrast", List.of("data_format", "factor", "value_range", "seed"));
    List<Layer> layers =
        List.of(
            new Rescaling(1.0 / 255),
            new Resizing(4, 5).interpolation("nearest").cropToAspectRatio(true),
            new CenterCrop(3, 3),
            new RandomFlip("vertical").seed(1),
            new RandomRotation(-0.1, 0.3).fillMode("wrap").fillValue(2),
            new RandomZoom(0.1).widthFactor(-0.2, 0.4).interpolation("nearest"),
            new RandomTranslation(new double[] {0.1}, new double[] {-0.2, 0.3})
                .fillMode("constant"),
            new RandomContrast(0.2).valueRange(0, 1).seed(4));
    for (Layer layer : layers) {
      Map<String, Object> c = layer.getConfig();
      for (String k : keys.get(layer.className())) {
        assertTrue(c.containsKey(k), layer.className() + " config lacks " + k);
      }
      Layer back = Layers.fromConfig(layer.className(), c);
      assertEquals(layer.getClass(), back.getClass());
      assertEquals(c, back.getConfig(), layer.className());
    }
    // Keras's defaults and normalised factors
    Map<String, Object> rot = new RandomRotation(0.1).getConfig();
    assertEquals(List.of(-0.1, 0.1), rot.get("factor"));
    assertEquals("reflect", rot.get("fill_mode"));
    assertEquals("bilinear", rot.get("interpolation"));
    assertEquals(List.of(0.0, 0.2), new RandomContrast(0.2).getConfig().get("factor"));
    assertEquals(List.of(0.0, 255.0), new RandomContrast(0.2).getConfig().get("value_range"));
    assertEquals("horizontal_and_vertical", new RandomFlip().getConfig().get("mode"));
    assertEquals(0.1, new RandomZoom(0.1).getConfig().get("height_factor"));
    assertEquals(null, new RandomZoom(0.1).getConfig().get("width_factor"));
  }

  @Test
  void summaryRowsShowKerasOutputShapes() {
    Models.clearSession();
    Sequential m = new Sequential();
    m.add(new Rescaling(1.0 / 255).inputShape(8, 10, 3));
    m.add(new Resizing(6, 6));
    m.add(new CenterCrop(4, 5));
    m.add(new RandomFlip());
    m.add(new RandomRotation(0.1));
    m.add(new Flatten());
    m.add(new Dense(2));
    String s = m.summaryString();
    for (String row :
        List.of(
            "rescaling (Rescaling)        (None, 8, 10, 3)          0         ",
            "resizing (Resizing)          (None, 6, 6, 3)           0         ",
            "center_crop (CenterCrop)     (None, 4, 5, 3)           0         ",
            "random_flip (RandomFlip)     (None, 4, 5, 3)           0         ",
            "random_rotation (RandomRotat (None, 4, 5, 3)           0         ",
            "flatten (Flatten)            (None, 60)                0         ",
            "dense (Dense)                (None, 2)                 122       ")) {
      assertTrue(s.contains(row + "\n"), "summary lacks row '" + row + "':\n" + s);
    }
  }

  @Test
  void trainingWithAugmentationRunsEagerlyAndRepeatsUnderASeed() {
    double[] first = null;
    for (int run = 0; run < 2; run++) {
      Models.clearSession();
      Myelin.setSeed(5);
      Sequential m = new Sequential();
      m.add(new RandomFlip("horizontal").inputShape(5, 7, 3));
      m.add(new RandomZoom(0.2));
      m.add(new RandomContrast(0.3).valueRange(0, 1));
      m.add(new Flatten());
      m.add(new Dense(1));
      m.compile(new SGD(0.01), "mse");
      Tensor x = Tensor.randomUniform(new long[] {8, 5, 7, 3}, 0, 1, DType.FLOAT32);
      Tensor y = Tensor.randomUniform(new long[] {8, 1}, 0, 1, DType.FLOAT32);
      History h = m.fit(x, y, new FitOptions().epochs(3).batchSize(4).verbose(0));
      double[] losses = h.values("loss");
      assertEquals(3, losses.length);
      for (double l : losses) {
        assertTrue(Double.isFinite(l));
      }
      if (first == null) {
        first = losses;
      } else {
        assertArrayEquals(first, losses, 0.0);
      }
    }
  }

  @Test
  void badInputsFailWithClearMessages() {
    Tensor flat = Tensor.ones(4, 4);
    for (Layer layer :
        List.of(
            new Resizing(2, 2),
            new CenterCrop(1, 1),
            new RandomFlip(),
            new RandomRotation(0.1),
            new RandomContrast(0.1))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> layer.invoke(new Tensor[] {flat}, true));
      assertTrue(
          e.getMessage().contains("expected images of rank 3 (H, W, C) or 4 (N, H, W, C)"),
          e.getMessage());
      assertTrue(e.getMessage().contains(layer.className()), e.getMessage());
    }
    assertEquals(
        "resize: argument 'images' expected rank 3 [H, W, C] or rank 4 [N, H, W, C] but was rank 2 [4, 4]",
        assertThrows(IllegalArgumentException.class, () -> flat.resizeImages(2, 2, "bilinear"))
            .getMessage());
    Tensor img = Tensor.ones(1, 4, 4, 1);
    assertEquals(
        "affineTransform: argument 'fillMode' expected one of [reflect, wrap, constant, nearest] but was \"mirror\"",
        assertThrows(
                IllegalArgumentException.class,
                () -> img.affineTransform(Tensor.zeros(1, 8), "bilinear", "mirror", 0))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> img.affineTransform(Tensor.zeros(2, 8), "bilinear", "wrap", 0))
            .getMessage()
            .contains("expected shape [8], [1, 8] or [1, 8] but was [2, 8]"));
    assertThrows(IllegalArgumentException.class, () -> img.resizeImages(0, 3, "bilinear"));
    assertThrows(IllegalArgumentException.class, () -> img.resizeImages(3, 3, "bicubic"));
    assertEquals(
        "Resizing: argument 'height' expected at least 1 but was 0",
        assertThrows(IllegalArgumentException.class, () -> new Resizing(0, 3)).getMessage());
    assertEquals(
        "RandomRotation: argument 'fill_mode' expected one of [reflect, wrap, constant, nearest] but was \"edge\"",
        assertThrows(IllegalArgumentException.class, () -> new RandomRotation(0.1).fillMode("edge"))
            .getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new RandomZoom(-1.0))
            .getMessage()
            .startsWith("RandomZoom: argument 'height_factor' expected numbers in (-1.0, 1.0]"));
    assertThrows(IllegalArgumentException.class, () -> new RandomTranslation(0.1, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new RandomContrast(1.5));
    assertThrows(IllegalArgumentException.class, () -> new RandomRotation(0.1, 0.2, 0.3));
    assertThrows(IllegalArgumentException.class, () -> new RandomFlip("diagonal"));
    Map<String, Object> c = new CenterCrop(2, 2).getConfig();
    c.put("data_format", "channels_middle");
    assertEquals(
        "CenterCrop config: argument 'data_format' expected \"channels_last\" or"
            + " \"channels_first\" but was \"channels_middle\"",
        assertThrows(IllegalArgumentException.class, () -> Layers.fromConfig("CenterCrop", c))
            .getMessage());
    // a rank-5 symbolic input fails when the layer joins a model, naming the layer and the shape
    Sequential m = new Sequential();
    assertEquals(
        "Layer \"resizing\" (Resizing): argument 'inputs' expected images of rank 3 (H, W, C) or 4"
            + " (N, H, W, C) but was shape (None, 2, 3, 4, 5)",
        assertThrows(
                IllegalArgumentException.class,
                () -> m.add(new Resizing(2, 2).name("resizing").inputShape(2, 3, 4, 5)))
            .getMessage());
  }
}
