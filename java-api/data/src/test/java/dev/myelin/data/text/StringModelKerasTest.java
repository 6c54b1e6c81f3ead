package dev.myelin.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import dev.myelin.data.PythonScripts;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.GlobalAveragePooling1D;
import dev.myelin.layers.KerasTensor;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole models with a string input (TextVectorization first) move both ways between Keras 3.15.1
 * and Myelin and predict on raw strings as Keras does: a Sequential, a functional model from {@code
 * Input(shape=(1,), dtype="string")} and the text guide's export model {@code
 * Sequential([vectorize_layer, model, Activation("sigmoid")])}, written by {@code
 * tests/fixtures/keras_string_models.py}.
 */
class StringModelKerasTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static JsonNode keras;
  private static List<String> texts;

  @BeforeAll
  static void runKeras() throws Exception {
    dir = Files.createTempDirectory("myelin-string-models");
    PythonScripts.runWith(
        TextVectorizationKerasTest.python(),
        "keras_string_models.py",
        Map.of(),
        "write",
        dir.toString());
    keras = JSON.readTree(dir.resolve("keras.json").toFile());
    texts = new ArrayList<>();
    keras.get("texts").forEach(t -> texts.add(t.asText()));
  }

  private static double[] flat(JsonNode rows) {
    List<Double> r = new ArrayList<>();
    rows.forEach(row -> row.forEach(v -> r.add(v.asDouble())));
    return r.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void assertClose(double[] expected, Tensor actual) {
    assertArrayEquals(expected, actual.toDoubleArray(), 1e-5);
  }

  @Test
  void sequentialStartingWithTextVectorizationPredictsOnRawStrings() {
    Model m = Models.loadModel(dir.resolve("seq.keras"));
    assertInstanceOf(TextVectorization.class, m.layers().get(0));
    Tensor p = m.predict(texts);
    assertArrayEquals(new long[] {5, 1}, p.shape());
    assertClose(flat(keras.get("seq")), p);
    assertClose(flat(keras.get("seq")), m.predict(texts.toArray(new String[0])));
    // Keras 2.2's classic layout (Myelin's summary): names cut at the column's width
    String s = m.summaryString().replaceAll(" +\n", "\n");
    assertTrue(
        s.contains(
            "\ntext_vectorization (TextVect (None, 8)                 0\n"
                + "_________________________________________________________________\n"
                + "embedding (Embedding)        (None, 8, 4)              120\n"),
        s);
    assertTrue(s.contains("Total params: 125\n"), s);
  }

  @Test
  void fitOnRawStringsTrainsAsKerasDoes() {
    // Keras (TensorFlow backend) trained its seq model on the texts: SGD(0.1), mse, batches of 2
    // in order, 3 epochs; Myelin trains the same saved (untrained) model on the same texts
    Model m = Models.loadModel(dir.resolve("seq.keras"));
    m.compile(new dev.myelin.optimizers.SGD(0.1), "mse");
    JsonNode fit = keras.get("fit");
    double[] y = flat(fit.get("targets"));
    dev.myelin.callbacks.History h =
        m.fit(
            texts,
            Tensor.fromArray(y, y.length, 1).cast(dev.myelin.DType.FLOAT32),
            new dev.myelin.models.FitOptions().batchSize(2).epochs(3).shuffle(false).verbose(0));
    double[] kerasLoss = new double[3];
    for (int i = 0; i < 3; i++) {
      kerasLoss[i] = fit.get("loss").get(i).asDouble();
    }
    assertArrayEquals(kerasLoss, h.values("loss"), 1e-5 * kerasLoss[0]);
    assertClose(flat(fit.get("predictions")), m.predict(texts));
  }

  @Test
  void functionalModelWithAStringInputPredictsOnRawStrings() {
    Model m = Models.loadModel(dir.resolve("fun.keras"));
    Tensor p = m.predict(texts.toArray(new String[0]));
    assertArrayEquals(new long[] {5, 3}, p.shape());
    assertClose(flat(keras.get("fun")), p);
    TextVectorization tv = (TextVectorization) m.getLayer("vectorize");
    assertEquals("[UNK]", tv.getVocabulary().get(1));
    String s = m.summaryString().replaceAll(" +\n", "\n");
    assertTrue(
        s.contains(
            "\ninput_layer (InputLayer)     (None, 1)                 0\n"
                + "_________________________________________________________________\n"
                + "vectorize (TextVectorization (None, 8)                 0\n"),
        s);
  }

  @Test
  void theExportModelOfKerassTextGuidePredictsOnRawStrings() {
    Model m = Models.loadModel(dir.resolve("export.keras"));
    assertClose(flat(keras.get("export")), m.predict(texts));
  }

  @Test
  void aTfIdfVectorizerInsideAModelLoadsWithKerassIdfWeights() {
    Model m = Models.loadModel(dir.resolve("tfidf.keras"));
    TextVectorization tv = (TextVectorization) m.layers().get(0);
    assertEquals("tf_idf", tv.outputMode());
    assertTrue(tv.idfWeights()[2] > 0, "idf weights read from model.weights.h5");
    assertClose(flat(keras.get("tfidf")), m.predict(texts));
  }

  @Test
  void modelsSavedByMyelinLoadInKerasAndPredictTheSame() throws Exception {
    List<String> files = new ArrayList<>();
    List<double[]> mine = new ArrayList<>();
    for (String name : List.of("seq", "fun", "export", "tfidf")) {
      Model m = Models.loadModel(dir.resolve(name + ".keras"));
      Path f = dir.resolve("java-" + name + ".keras");
      m.save(f);
      files.add(f.toString());
      mine.add(m.predict(texts).toDoubleArray());
      // and back into Myelin
      assertClose(mine.get(mine.size() - 1), Models.loadModel(f).predict(texts));
    }
    // a model built in Java: a vectorizer adapted here, first in a Sequential
    TextVectorization tv =
        new TextVectorization().maxTokens(25).outputSequenceLength(6).adapt(texts);
    Sequential built =
        new Sequential(tv, new Embedding(25, 3), new GlobalAveragePooling1D(), new Dense(2));
    Path f = dir.resolve("java-built.keras");
    built.save(f);
    files.add(f.toString());
    mine.add(built.predict(texts).toDoubleArray());
    // a tf-idf vectorizer adapted here: its idf weights travel in model.weights.h5
    TextVectorization idf = new TextVectorization().maxTokens(12).outputMode("tf_idf").adapt(texts);
    Sequential tfidf = new Sequential(idf, new Dense(2));
    Path t = dir.resolve("java-built-tfidf.keras");
    tfidf.save(t);
    files.add(t.toString());
    mine.add(tfidf.predict(texts).toDoubleArray());
    assertClose(mine.get(mine.size() - 1), Models.loadModel(t).predict(texts));
    // and one from Input.strings()
    KerasTensor in = Input.strings();
    TextVectorization tv2 = new TextVectorization().outputSequenceLength(4).adapt(texts);
    KerasTensor h = new GlobalAveragePooling1D().apply(new Embedding(40, 3).apply(tv2.apply(in)));
    Model functional = new Model(in, new Dense(1).apply(h));
    Path g = dir.resolve("java-functional.keras");
    functional.save(g);
    files.add(g.toString());
    mine.add(functional.predict(texts).toDoubleArray());

    Path out = dir.resolve("check.json");
    List<String> args = new ArrayList<>(List.of("check", out.toString()));
    args.addAll(files);
    PythonScripts.runWith(
        TextVectorizationKerasTest.python(),
        "keras_string_models.py",
        Map.of(),
        args.toArray(new String[0]));
    JsonNode back = JSON.readTree(out.toFile());
    for (int i = 0; i < files.size(); i++) {
      String key = Path.of(files.get(i)).getFileName().toString();
      assertArrayEquals(flat(back.get(key)), mine.get(i), 1e-5, key);
    }
  }

  @Test
  void aStringModelRefusesTensorsAndATensorModelRefusesStrings() {
    Model m = Models.loadModel(dir.resolve("seq.keras"));
    try (Tensor x = Tensor.ones(new long[] {2, 1})) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(x));
      assertTrue(
          e.getMessage()
              .contains(
                  "TextVectorization \"text_vectorization\": argument"
                      + " 'inputs' expected strings"),
          e.getMessage());
      assertTrue(e.getMessage().contains("float32 tensor of shape (2, 1)"), e.getMessage());
    }
    Sequential numeric = new Sequential(new Dense(1).inputShape(3));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> numeric.predict(List.of("a", "b")));
    assertTrue(
        e.getMessage()
            .contains(
                "argument 'x' expected tensors for the model's inputs"
                    + " [(None, 3) float32] but was 2 strings"),
        e.getMessage());
    KerasTensor floats = Input.of(1);
    IllegalArgumentException wiring =
        assertThrows(IllegalArgumentException.class, () -> new TextVectorization().apply(floats));
    assertTrue(wiring.getMessage().contains("expected a string input"), wiring.getMessage());
  }
}
