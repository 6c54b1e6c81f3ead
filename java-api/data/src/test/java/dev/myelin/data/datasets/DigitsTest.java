package dev.myelin.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.data.PythonScripts;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Digits} against scikit-learn 1.9.1's {@code load_digits()} and the book's chapter-10
 * splits, written by tests/fixtures/sklearn_digits.py at test time.
 */
class DigitsTest {
  @TempDir static Path tmp;
  static JsonNode sk;
  static LabeledDataset digits;

  @BeforeAll
  static void load() throws Exception {
    sk = PythonScripts.json("sklearn_digits.py", Map.of(), tmp.resolve("digits.json"));
    digits = Digits.load();
  }

  @Test
  void equalsLoadDigitsBitForBit() {
    assertEquals("float64", sk.get("dtype").asText());
    assertEquals(Digits.SAMPLES, digits.x().length);
    assertEquals(Digits.FEATURES, digits.x()[0].length);
    double[] data = PythonScripts.doubles(sk.get("data"));
    for (int i = 0; i < Digits.SAMPLES; i++) {
      for (int j = 0; j < Digits.FEATURES; j++) {
        assertEquals(
            Double.doubleToRawLongBits(data[i * 64 + j]),
            Double.doubleToRawLongBits(digits.x()[i][j]),
            "data[" + i + ", " + j + "]");
      }
    }
    assertArrayEquals(PythonScripts.ints(sk.get("target")), digits.labels());
    int[] bits = PythonScripts.ints(sk.get("scaled_bits"));
    float[] scaled = Digits.scaled(digits);
    for (int i = 0; i < bits.length; i++) {
      assertEquals(bits[i], Float.floatToRawIntBits(scaled[i]), "X / 16 at " + i);
    }
  }

  @Test
  void bookSplitsEqualScikitLearn() {
    Split s =
        new TrainTestSplit()
            .testSize(0.3)
            .randomState(0)
            .stratify(digits.labels())
            .split(Digits.SAMPLES);
    assertArrayEquals(PythonScripts.ints(sk.get("train")), s.train());
    assertArrayEquals(PythonScripts.ints(sk.get("test")), s.test());
    int[] yTrain = Split.take(digits.labels(), s.train());
    // The book stratifies on the one-hot y_train; plain labels would pick other rows.
    int[] strata = Digits.oneHotStrata(yTrain, 10);
    assertTrue(
        !java.util.Arrays.equals(
            PythonScripts.ints(sk.get("subsets").get("125")),
            new TrainTestSplit()
                .trainSize(125)
                .randomState(0)
                .stratify(yTrain)
                .split(1257)
                .train()));
    for (int size : new int[] {125, 377, 628, 879, 1131}) {
      Split sub =
          new TrainTestSplit().trainSize(size).randomState(0).stratify(strata).split(yTrain.length);
      assertArrayEquals(
          PythonScripts.ints(sk.get("subsets").get(String.valueOf(size))), sub.train(), "" + size);
    }
  }

  @Test
  void malformedFilesFailNamingTheLine() throws Exception {
    Path short1 = tmp.resolve("short.csv.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(short1))) {
      o.write("0,1,2\n".getBytes(StandardCharsets.UTF_8));
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Digits.load(short1));
    assertTrue(
        e.getMessage().contains("line 1 expected 65 comma-separated values but was 3"),
        e.getMessage());
    Path text = tmp.resolve("text.csv");
    Files.writeString(text, "0,".repeat(64) + "x\n");
    e = assertThrows(IllegalArgumentException.class, () -> Digits.load(text));
    assertTrue(e.getMessage().contains("expected a number but was 'x'"), e.getMessage());
    Path label = tmp.resolve("label.csv");
    Files.writeString(label, "0,".repeat(64) + "12\n");
    e = assertThrows(IllegalArgumentException.class, () -> Digits.load(label));
    assertTrue(e.getMessage().contains("a class 0..9"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Digits.load(tmp.resolve("none.gz")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }
}
