package dev.myelin.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.Variable;
import dev.myelin.layers.Layer;
import dev.myelin.models.Model;
import dev.myelin.saving.PythonKeras;
import dev.myelin.utils.NpyFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * VGG16, VGG19 and ResNet50 against Keras 3.15.1: Keras builds each with weights=None, randomises
 * every variable, saves the weights in the legacy HDF5 layout of Keras's published weight files and
 * predicts on three random 32x32 images (tests/fixtures/keras_applications.py); Myelin builds the
 * same application, loads that file and must predict the same within 1e-4 (relative to the largest
 * output, as ResNet50's random-weight outputs reach ~100). The full 224x224 models must have
 * Keras's layer names and parameter counts, and a weights file for another architecture must fail
 * naming the layer.
 */
@ExtendWith(TensorScopePerTest.class)
class ApplicationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void xceptionMatchesKeras() throws Exception {
    JsonNode info = matchesKeras("xception", Xception::create, Xception::preprocessInput);
    assertEquals(22_910_480L, info.get("top_params").asLong());
  }

  @Test
  void inceptionV3MatchesKeras() throws Exception {
    JsonNode info = matchesKeras("inceptionv3", InceptionV3::create, InceptionV3::preprocessInput);
    assertEquals(23_851_784L, info.get("top_params").asLong());
  }

  @Test
  void mobileNetV2MatchesKeras() throws Exception {
    JsonNode info = matchesKeras("mobilenetv2", MobileNetV2::create, MobileNetV2::preprocessInput);
    assertEquals(3_538_984L, info.get("top_params").asLong());
    assertEquals("mobilenetv2_1.00_224", MobileNetV2.create().name());
  }

  @Test
  void vgg16MatchesKerasAndRejectsAFileForOtherChannels() throws Exception {
    JsonNode info = matchesKeras("vgg16", VGG16::create, VGG16::preprocessInput);
    assertEquals(138_357_544L, info.get("top_params").asLong());
    String e = vgg16LoadError("vgg16.h5", 1);
    assertTrue(
        e.contains(
            "VGG16.loadWeights: layer 'block1_conv1' weight 0 expected shape [3, 3, 1, 64]"
                + " but was [3, 3, 3, 64] (file layer 'block1_conv1'"),
        e);
  }

  @Test
  void vgg19MatchesKerasAndAVgg19FileDoesNotLoadIntoVgg16() throws Exception {
    JsonNode info = matchesKeras("vgg19", VGG19::create, VGG19::preprocessInput);
    assertEquals(143_667_240L, info.get("top_params").asLong());
    String e = vgg16LoadError("vgg19.h5", 3);
    assertTrue(e.contains("expected 13 layers with weights but was 16"), e);
  }

  @Test
  void resnet50MatchesKerasAndAResNetFileDoesNotLoadIntoVgg16() throws Exception {
    JsonNode info = matchesKeras("resnet50", ResNet50::create, ResNet50::preprocessInput);
    assertEquals(25_636_712L, info.get("top_params").asLong());
    String e = vgg16LoadError("resnet50.h5", 3);
    assertTrue(e.contains("expected 13 layers with weights but was 106"), e);
  }

  /** The message of loading {@code file} into a no-top 32x32 VGG16 with {@code channels}. */
  private String vgg16LoadError(String file, long channels) {
    ApplicationOptions o =
        new ApplicationOptions()
            .includeTop(false)
            .inputShape(32, 32, channels)
            .weights(dir.resolve(file).toString());
    return assertThrows(IllegalArgumentException.class, () -> VGG16.create(o)).getMessage();
  }

  @Test
  void argumentsAreCheckedAsKerasChecksThem() {
    IllegalArgumentException small =
        assertThrows(
            IllegalArgumentException.class,
            () -> VGG16.create(new ApplicationOptions().includeTop(false).inputShape(16, 16, 3)));
    assertEquals(
        "VGG16: argument 'inputShape' expected at least 32x32 but was [16, 16, 3]",
        small.getMessage());
    IllegalArgumentException classes =
        assertThrows(
            IllegalArgumentException.class,
            () -> ResNet50.create(new ApplicationOptions().weights("imagenet").classes(10)));
    assertTrue(classes.getMessage().contains("argument 'classes' expected 1000"));
    assertThrows(IllegalArgumentException.class, () -> new ApplicationOptions().pooling("sum"));
  }

  /**
   * A name Keras generates carries a per-process counter ({@code input_layer_2}, {@code conv2d_3})
   * in Keras and in Myelin alike; without it the names must match.
   */
  private static String unnumbered(String name) {
    return name.replaceAll(
        "^(input_layer|input|conv2d|batch_normalization|add|activation|concatenate"
            + "|average_pooling2d|max_pooling2d|global_average_pooling2d|global_max_pooling2d)"
            + "(_\\d+)?$",
        "$1");
  }

  /**
   * Runs the fixture for {@code app}, checks Myelin's predictions from Keras's file and the full
   * model's layer names and parameter counts; returns Keras's facts.
   */
  private JsonNode matchesKeras(
      String app, Function<ApplicationOptions, Model> create, UnaryOperator<Tensor> preprocess)
      throws Exception {
    PythonKeras.check(
        "keras_applications.py", "writing Keras's " + app, "app", dir.toString(), app);
    JsonNode info = JSON.readTree(dir.resolve(app + ".json").toFile());
    long size = app.equals("xception") || app.equals("inceptionv3") ? 75 : 32;
    ApplicationOptions o =
        new ApplicationOptions()
            .includeTop(false)
            .inputShape(size, size, 3)
            .pooling(info.get("pooling").isNull() ? null : info.get("pooling").asText())
            .weights(dir.resolve(app + ".h5").toString());
    Model m = create.apply(o);
    String name =
        switch (app) {
          case "mobilenetv2" -> "mobilenetv2_1.00_32";
          case "inceptionv3" -> "inception_v3";
          default -> app;
        };
    assertEquals(name, m.name());
    Tensor images = NpyFile.load(dir.resolve(app + "_images.npy"));
    float[] before = images.toFloatArray();
    Tensor got = m.predict(preprocess.apply(images));
    assertArrayEquals(before, images.toFloatArray(), 0f, "preprocessInput alters its argument");
    Tensor expected = NpyFile.load(dir.resolve(app + "_expected.npy"));
    assertArrayEquals(expected.shape(), got.shape(), app + " output shape");
    float[] e = expected.toFloatArray();
    float scale = 1f;
    for (float v : e) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertArrayEquals(e, got.toFloatArray(), 1e-4f * scale, app + " predictions");

    Model top = create.apply(new ApplicationOptions());
    List<String> names = new ArrayList<>();
    for (Layer l : top.layers()) {
      names.add(unnumbered(l.name()));
    }
    List<String> keras = new ArrayList<>();
    info.get("top_names").forEach(n -> keras.add(unnumbered(n.asText())));
    assertEquals(keras, names, app + " layers");
    assertEquals(top.layers().size(), names.size());
    assertEquals(info.get("top_params").asLong(), top.countParams(), app + " parameters");
    long trainable = 0;
    for (Variable v : top.trainableWeights()) {
      trainable += java.util.Arrays.stream(v.shape()).reduce(1, (a, b) -> a * b);
    }
    assertEquals(info.get("top_trainable").asLong(), trainable, app + " trainable parameters");
    return info;
  }
}
