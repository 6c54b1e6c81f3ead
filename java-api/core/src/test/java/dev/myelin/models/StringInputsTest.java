package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Tensor;
import dev.myelin.layers.Dense;
import dev.myelin.layers.InputLayer;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Layers;
import dev.myelin.layers.StringLayer;
import dev.myelin.saving.KerasArchive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model with a string input runs its string layers on Java strings, then its tensor graph; the
 * string layers' asset files travel in {@code .keras} archives. A small string layer stands in for
 * myelin-data's TextVectorization (tested against Keras in {@code StringModelKerasTest}).
 */
class StringInputsTest {
  /** Each text's length times a scale kept as an asset file ({@code scale.txt}). */
  static final class TextLengths extends StringLayer {
    double scale = 1;

    @Override
    public Tensor callStrings(List<String> texts) {
      float[] v = new float[texts.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (texts.get(i).length() * scale);
      }
      return Tensor.fromArray(v, v.length, 1);
    }

    @Override
    public long[] computeOutputShape(long[][] inputShapes) {
      return new long[] {inputShapes[0][0], 1};
    }

    @Override
    public Map<String, byte[]> assetFiles() {
      return Map.of("scale.txt", Double.toString(scale).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void loadAssetFiles(Map<String, byte[]> files) {
      scale = Double.parseDouble(new String(files.get("scale.txt"), StandardCharsets.UTF_8));
    }
  }

  /** Sequential(lengths, Dense(1)) with kernel 2 and bias 1: 2 * scale * length + 1. */
  private static Sequential model(TextLengths lengths) {
    Sequential m = new Sequential(lengths, new Dense(1));
    m.setWeights(
        List.of(Tensor.fromArray(new float[] {2f}, 1, 1), Tensor.fromArray(new float[] {1f}, 1)));
    return m;
  }

  @Test
  void aSequentialStartingWithAStringLayerPredictsOnTexts() {
    Models.clearSession();
    Sequential m = model(new TextLengths());
    assertTrue(m.input().layer() instanceof InputLayer il && il.isStrings());
    assertArrayEquals(
        new float[] {7f, 1f, 11f}, m.predict(List.of("abc", "", "hello")).toFloatArray());
    assertArrayEquals(new float[] {3f}, m.predict(new String[] {"x"}).toFloatArray());
    // the tensor part behind the string layer draws no automatic name
    KerasTensor in = Input.of(2);
    assertEquals("functional", new Model(in, new Dense(1).apply(in)).name());
  }

  @Test
  void aFunctionalModelFromAStringInputPredictsOnTexts() {
    KerasTensor in = Input.strings();
    Model m = new Model(in, new Dense(1).apply(new TextLengths().apply(in)));
    m.setWeights(
        List.of(Tensor.fromArray(new float[] {-1f}, 1, 1), Tensor.fromArray(new float[] {0f}, 1)));
    assertArrayEquals(new float[] {-4f, -2f}, m.predict(List.of("four", "tw")).toFloatArray());
  }

  @Test
  void wrongInputsAreRefusedNamingWhatWasWrong() {
    Sequential texts = model(new TextLengths());
    try (Tensor x = Tensor.ones(2, 1)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> texts.predict(x));
      assertTrue(
          e.getMessage().contains("argument 'inputs' expected strings")
              && e.getMessage().contains("but was a float32 tensor of shape (2, 1)"),
          e.getMessage());
    }
    Sequential numbers = new Sequential(new Dense(1).inputShape(4));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> numbers.predict(List.of("a")));
    assertTrue(
        e.getMessage()
            .contains(
                ".predict: argument 'x' expected tensors for the model's inputs [(None, 4)"
                    + " float32] but was 1 strings"),
        e.getMessage());
    IllegalArgumentException nul =
        assertThrows(
            IllegalArgumentException.class,
            () -> texts.predict(java.util.Arrays.asList("a", null)));
    assertTrue(nul.getMessage().contains("element 1 was null"), nul.getMessage());
    KerasTensor floats = Input.of(1);
    IllegalArgumentException wiring =
        assertThrows(IllegalArgumentException.class, () -> new TextLengths().apply(floats));
    assertTrue(wiring.getMessage().contains("expected a string input"), wiring.getMessage());
  }

  @Test
  void aStringInputsConfigSaysStringAndReadsBack() {
    Map<String, Object> c = InputLayer.strings().getConfig();
    assertEquals("string", c.get("dtype"));
    assertTrue(InputLayer.fromConfig(c).isStrings());
    // Keras's Sequential built on a rank-1 batch of strings
    InputLayer rank1 = InputLayer.fromConfig(Map.of("batch_shape", List.of(2), "dtype", "string"));
    assertTrue(rank1.isStrings());
    assertArrayEquals(new long[] {1}, rank1.shape());
    assertTrue(!new InputLayer(3).isStrings());
    assertEquals("float32", new InputLayer(3).getConfig().get("dtype"));
  }

  @Test
  void assetFilesTravelInKerasArchives(@TempDir Path dir) {
    Layers.register("TextLengths", c -> new TextLengths());
    TextLengths lengths = new TextLengths();
    lengths.scale = 3;
    Path f = dir.resolve("m.keras");
    model(lengths).save(f);
    KerasArchive a = KerasArchive.read(f);
    assertEquals(
        "3.0",
        new String(a.assets().get("assets/layers/text_lengths/scale.txt"), StandardCharsets.UTF_8));
    Model back = Models.loadModel(f);
    assertArrayEquals(new float[] {13f}, back.predict(List.of("ab")).toFloatArray());
  }
}
