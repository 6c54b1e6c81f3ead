package dev.myelin.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.models.Sequential;
import dev.myelin.saving.PythonKeras;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The image preprocessing layers with {@code data_format="channels_first"}: each computes what its
 * channels-last twin computes on the transposed images (the random layers with one seed, so the
 * same draws), and equals Keras 3.15.1 (jax) within 1e-5 for every Resizing option and CenterCrop,
 * batched and unbatched, and for the random layers with Keras's draws fixed (numbers written at
 * test time by tests/fixtures/keras_image_channels_first.py).
 */
@ExtendWith(TensorScopePerTest.class)
class ImageChannelsFirstTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long[] SHAPE = {2, 3, 5, 7};
  private static JsonNode keras;

  @BeforeAll
  static void kerasNumbers(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("numerics.json");
    PythonKeras.check(
        "keras_image_channels_first.py",
        "Keras's channels_first numbers",
        "numerics",
        out.toString());
    keras = JSON.readTree(out.toFile());
  }

  private static Tensor images() {
    return Tensor.fromArray(PythonKeras.flat(keras.get("images")), SHAPE);
  }

  /** (N, C, H, W) or (C, H, W) as channels-last, written out here rather than borrowed. */
  private static Tensor last(Tensor x) {
    return x.rank() == 4 ? x.permute(0, 2, 3, 1) : x.permute(1, 2, 0);
  }

  private static Tensor first(Tensor x) {
    return x.rank() == 4 ? x.permute(0, 3, 1, 2) : x.permute(2, 0, 1);
  }

  /** A layer made in either format. */
  record Case(String name, Function<String, Layer> make) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("Resizing up", f -> new Resizing(9, 11).dataFormat(f)),
        new Case("Resizing down", f -> new Resizing(3, 4).dataFormat(f)),
        new Case(
            "Resizing nearest", f -> new Resizing(7, 3).interpolation("nearest").dataFormat(f)),
        new Case("Resizing crop", f -> new Resizing(4, 9).cropToAspectRatio(true).dataFormat(f)),
        new Case(
            "Resizing pad",
            f -> new Resizing(9, 4).padToAspectRatio(true).fillValue(0.5).dataFormat(f)),
        new Case("Resizing antialias", f -> new Resizing(2, 9).antialias(true).dataFormat(f)),
        new Case("CenterCrop", f -> new CenterCrop(3, 4).dataFormat(f)),
        new Case("CenterCrop smart_resize", f -> new CenterCrop(7, 9).dataFormat(f)),
        new Case("RandomFlip", f -> new RandomFlip().seed(4).dataFormat(f)),
        new Case("RandomFlip horizontal", f -> new RandomFlip("horizontal").seed(8).dataFormat(f)),
        new Case(
            "RandomRotation",
            f -> new RandomRotation(0.3).fillMode("constant").fillValue(1.5).seed(5).dataFormat(f)),
        new Case(
            "RandomZoom", f -> new RandomZoom(0.3).widthFactor(-0.2, 0.4).seed(6).dataFormat(f)),
        new Case(
            "RandomTranslation",
            f ->
                new RandomTranslation(0.3, 0.2)
                    .interpolation("nearest")
                    .fillMode("wrap")
                    .seed(7)
                    .dataFormat(f)),
        new Case(
            "RandomContrast",
            f -> new RandomContrast(0.6).valueRange(0.1, 0.9).seed(9).dataFormat(f)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void channelsFirstEqualsChannelsLastOnTheTransposedImages(Case c) {
    Tensor x = images();
    for (Tensor in : List.of(x, x.get(1))) {
      Layer cf = c.make().apply("channels_first");
      Layer cl = c.make().apply("channels_last");
      Tensor y = cf.invoke(new Tensor[] {in}, true);
      Tensor expected = first(cl.invoke(new Tensor[] {last(in)}, true));
      assertArrayEquals(expected.shape(), y.shape(), c.name());
      assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), 0f, c.name());
      assertArrayEquals(
          cf.computeOutputShape(new long[][] {in.shape()}), y.shape(), c.name() + " shape");
    }
    Layer cf = c.make().apply("channels_first");
    assertEquals("channels_first", cf.getConfig().get("data_format"), c.name());
    assertEquals("channels_first", dataFormatOf(cf), c.name());
    assertEquals("channels_last", dataFormatOf(c.make().apply(null)), c.name());
  }

  private static String dataFormatOf(Layer l) {
    Layer again = Layers.fromConfig(l.className(), l.getConfig());
    assertEquals(l.getConfig(), again.getConfig());
    return (String) again.getConfig().get("data_format");
  }

  @Test
  void randomLayersAreTheIdentityAtInferenceAndChangeTheImagesInTraining() {
    Tensor x = images();
    for (Case c : cases().filter(c -> c.name().startsWith("Random")).toList()) {
      Layer layer = c.make().apply("channels_first");
      assertArrayEquals(
          x.toFloatArray(), layer.invoke(new Tensor[] {x}, false).toFloatArray(), 0f, c.name());
      boolean changed = false;
      for (int k = 0; k < 4 && !changed; k++) {
        changed = !layer.invoke(new Tensor[] {x}, true).allClose(x, 0, 0);
      }
      assertTrue(changed, c.name() + " changed nothing in training");
    }
    // a channels-first flip reverses the width (the last axis) and keeps every value
    Tensor mirrored =
        new RandomFlip("horizontal")
            .dataFormat("channels_first")
            .flip(x, new boolean[] {true, false});
    assertArrayEquals(
        x.get(0, 0, 0, 6).toFloatArray(), mirrored.get(0, 0, 0, 0).toFloatArray(), 0f);
    assertArrayEquals(x.get(1).toFloatArray(), mirrored.get(1).toFloatArray(), 0f);
    // contrast keeps each channel's mean where nothing clips (the mean is over H and W)
    Tensor adjusted =
        new RandomContrast(0.5)
            .valueRange(-100, 100)
            .dataFormat("channels_first")
            .adjust(x, new float[] {1.4f, 0.6f});
    assertArrayEquals(
        x.mean(false, 2, 3).toFloatArray(), adjusted.mean(false, 2, 3).toFloatArray(), 1e-5f);
  }

  @Test
  void resizingAndCenterCropMatchKerasBatchedAndUnbatched() {
    Tensor x = images();
    for (JsonNode c : keras.get("deterministic")) {
      Map<String, Object> config = new HashMap<>(JSON.convertValue(c.get("config"), Map.class));
      config.put("data_format", "channels_first");
      Layer layer = Layers.fromConfig(c.get("layer").asText(), config);
      String what = c.get("layer").asText() + " " + c.get("config");
      Tensor y = layer.invoke(new Tensor[] {x}, false);
      int h = c.get("config").get("height").asInt();
      int w = c.get("config").get("width").asInt();
      assertArrayEquals(new long[] {2, 3, h, w}, y.shape(), what);
      assertArrayEquals(PythonKeras.flat(c.get("batch")), y.toFloatArray(), 1e-5f, what);
      Tensor one = layer.invoke(new Tensor[] {x.get(0)}, false);
      assertArrayEquals(new long[] {3, h, w}, one.shape(), what);
      assertArrayEquals(PythonKeras.flat(c.get("single")), one.toFloatArray(), 1e-5f, what);
    }
  }

  @Test
  void randomLayersWithKerassDrawsGiveKerassChannelsFirstImages() {
    // the layers and draws of keras_image_layers.py's channels-last check, channels first here
    Tensor x = images();
    JsonNode l = keras.get("random");
    for (String mode : RandomFlip.MODES) {
      assertArrayEquals(
          PythonKeras.flat(l.get("flip_" + mode).get("output")),
          new RandomFlip(mode)
              .dataFormat("channels_first")
              .flip(x, new boolean[] {true, false})
              .toFloatArray(),
          1e-5f,
          mode);
    }
    assertKeras(
        l.get("rotation"),
        d ->
            new RandomRotation(0.2)
                .fillMode("constant")
                .fillValue(3.0)
                .dataFormat("channels_first")
                .transform(x, d));
    assertKeras(
        l.get("zoom"),
        d ->
            new RandomZoom(0.3)
                .widthFactor(0.3)
                .fillMode("wrap")
                .interpolation("nearest")
                .dataFormat("channels_first")
                .transform(x, d));
    assertKeras(
        l.get("translation"),
        d ->
            new RandomTranslation(0.3, 0.3)
                .fillMode("nearest")
                .dataFormat("channels_first")
                .transform(x, d));
    assertKeras(
        l.get("contrast"),
        d ->
            new RandomContrast(0.5).valueRange(0.1, 0.9).dataFormat("channels_first").adjust(x, d));
  }

  private static void assertKeras(JsonNode c, Function<float[], Tensor> apply) {
    Tensor y = apply.apply(PythonKeras.flat(c.get("draws")));
    assertArrayEquals(SHAPE, y.shape());
    assertArrayEquals(PythonKeras.flat(c.get("output")), y.toFloatArray(), 1e-5f);
  }

  @Test
  void symbolicShapesSummaryAndErrorsNameTheChannelsFirstLayout() {
    Sequential m = new Sequential();
    m.add(new Resizing(6, 8).dataFormat("channels_first").inputShape(3, 10, 12));
    m.add(new CenterCrop(4, 5).dataFormat("channels_first"));
    m.add(new RandomRotation(0.1).dataFormat("channels_first"));
    assertArrayEquals(new long[] {-1, 3, 4, 5}, m.output().shape());
    Tensor ints = Tensor.ones(DType.INT32, 2, 3, 10, 12);
    Tensor y = m.predict(ints);
    assertEquals(DType.FLOAT32, y.dtype());
    assertArrayEquals(new float[] {1f}, y.max().toFloatArray(), 1e-6f);
    Sequential bad = new Sequential();
    assertEquals(
        "Layer \"zoom\" (RandomZoom): argument 'inputs' expected images of rank 3 (C, H, W) or 4"
            + " (N, C, H, W) but was shape (None, 2, 3, 4, 5)",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    bad.add(
                        new RandomZoom(0.1)
                            .dataFormat("channels_first")
                            .name("zoom")
                            .inputShape(2, 3, 4, 5)))
            .getMessage());
    assertEquals(
        "CenterCrop: argument 'data_format' expected \"channels_last\" or \"channels_first\" but"
            + " was \"NCHW\"",
        assertThrows(IllegalArgumentException.class, () -> new CenterCrop(2, 2).dataFormat("NCHW"))
            .getMessage());
    assertFalse(new Resizing(2, 2).getConfig().containsValue("channels_first"));
  }
}
