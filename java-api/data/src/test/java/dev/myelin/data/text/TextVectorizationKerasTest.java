package dev.myelin.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import dev.myelin.data.BookTexts;
import dev.myelin.data.PythonScripts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TextVectorization} against Keras 3.15.1's {@code TextVectorization} on the book's texts
 * (14,049 movie reviews, 5,572 SMS, 7,939 names): the learned vocabulary, the outputs of every
 * mode, the idf weights, and both directions of saving (Keras's config and {@code vocabulary.txt}
 * loaded here; ours loaded by Keras). Keras's layer needs TensorFlow's string ops, so the script
 * runs with {@code MYELIN_TF_PYTHON} (default {@code ~/.cache/myelin-tf-venv/bin/python}, the
 * virtual environment with tensorflow-cpu that .ci/run makes).
 */
class TextVectorizationKerasTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One compared setting: the Keras arguments and the same vectorizer built here. */
  record Case(
      String name,
      Map<String, Object> kwargs,
      Supplier<TextVectorization> java,
      String adapt,
      Integer batch,
      String inputs) {}

  private static final Map<String, List<String>> TEXTS = new LinkedHashMap<>();
  private static final List<Case> CASES = new ArrayList<>();
  private static final Map<String, TextVectorization> ADAPTED = new LinkedHashMap<>();
  private static JsonNode keras;
  private static Path dir;

  static String python() {
    String env = System.getenv("MYELIN_TF_PYTHON");
    return env != null && !env.isEmpty()
        ? env
        : Path.of(System.getProperty("user.home"), ".cache", "myelin-tf-venv", "bin", "python")
            .toString();
  }

  private static Map<String, Object> kw(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static final List<String> FIXED = List.of("free", "call", "txt", "ok", "u", "the", "to", "you");

  @BeforeAll
  static void runKeras() throws Exception {
    List<String> reviews = BookTexts.movieReviews();
    List<String> sms = BookTexts.smsMessages();
    List<String> names = Files.readAllLines(PythonScripts.data("book/names.txt"));
    TEXTS.put("reviews", reviews);
    TEXTS.put("sms", sms);
    TEXTS.put("names", names);
    TEXTS.put("sms300", sms.subList(0, 300));
    TEXTS.put("reviews300", reviews.subList(0, 300));
    TEXTS.put("names300", names.subList(0, 300));
    CASES.add(
        new Case(
            "int_reviews",
            kw("max_tokens", 2000, "output_sequence_length", 40),
            () -> new TextVectorization().maxTokens(2000).outputSequenceLength(40),
            "reviews",
            null,
            "reviews"));
    CASES.add(new Case("int_longest", kw(), TextVectorization::new, "sms", null, "sms300"));
    CASES.add(
        new Case(
            "multi_hot_bigrams",
            kw("max_tokens", 500, "ngrams", 2, "output_mode", "multi_hot"),
            () -> new TextVectorization().maxTokens(500).ngrams(2).outputMode("multi_hot"),
            "sms",
            null,
            "sms300"));
    CASES.add(
        new Case(
            "count_batches_lower",
            kw("max_tokens", 800, "output_mode", "count", "standardize", "lower"),
            () -> new TextVectorization().maxTokens(800).outputMode("count").standardize("lower"),
            "reviews",
            1000,
            "reviews300"));
    CASES.add(
        new Case(
            "characters_padded",
            kw(
                "max_tokens",
                40,
                "split",
                "character",
                "output_mode",
                "count",
                "pad_to_max_tokens",
                true),
            () ->
                new TextVectorization()
                    .maxTokens(40)
                    .split("character")
                    .outputMode("count")
                    .padToMaxTokens(true),
            "names",
            null,
            "names300"));
    CASES.add(
        new Case(
            "tf_idf_ngrams",
            kw("max_tokens", 1000, "output_mode", "tf_idf", "ngrams", List.of(1, 3)),
            () -> new TextVectorization().maxTokens(1000).outputMode("tf_idf").ngrams(1, 3),
            "sms",
            null,
            "sms300"));
    CASES.add(
        new Case(
            "whole_strings",
            kw("split", null, "standardize", null, "max_tokens", 1000, "output_mode", "multi_hot"),
            () ->
                new TextVectorization()
                    .split((String) null)
                    .standardize((String) null)
                    .maxTokens(1000)
                    .outputMode("multi_hot"),
            "names",
            null,
            "names300"));
    CASES.add(
        new Case(
            "fixed_vocabulary",
            kw(
                "vocabulary",
                FIXED,
                "standardize",
                "strip_punctuation",
                "output_sequence_length",
                12),
            () ->
                new TextVectorization()
                    .standardize("strip_punctuation")
                    .outputSequenceLength(12)
                    .vocabulary(FIXED),
            null,
            null,
            "sms300"));

    dir = Files.createTempDirectory("keras-textvec");
    List<Map<String, Object>> specCases = new ArrayList<>();
    for (Case c : CASES) {
      TextVectorization tv = c.java().get().name(c.name());
      if (c.adapt() != null) {
        List<String> data = TEXTS.get(c.adapt());
        if (c.batch() != null) {
          List<List<String>> batches = new ArrayList<>();
          for (int i = 0; i < data.size(); i += c.batch()) {
            batches.add(data.subList(i, Math.min(data.size(), i + c.batch())));
          }
          tv.adapt(batches);
        } else {
          tv.adapt(data);
        }
      }
      ADAPTED.put(c.name(), tv);
      Path javaAssets = Files.createDirectories(dir.resolve("java-" + c.name()));
      tv.saveAssets(javaAssets);
      Map<String, Object> java = new LinkedHashMap<>();
      java.put("config", tv.getConfig());
      java.put("assets", javaAssets.toString());
      java.put("idf", tv.idfWeights());
      Path javaArchive = dir.resolve("java-" + c.name() + ".keras");
      tv.save(javaArchive);
      java.put("archive", javaArchive.toString());
      Map<String, Object> sc = new LinkedHashMap<>();
      sc.put("name", c.name());
      Map<String, Object> kwargs = new LinkedHashMap<>(c.kwargs());
      kwargs.put("name", c.name());
      sc.put("kwargs", kwargs);
      sc.put("adapt", c.adapt());
      sc.put("batch", c.batch());
      sc.put("inputs", c.inputs());
      sc.put("assets", dir.resolve("keras-" + c.name()).toString());
      sc.put("archive", dir.resolve("keras-" + c.name() + ".keras").toString());
      sc.put("java", java);
      specCases.add(sc);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("texts", TEXTS);
    spec.put("cases", specCases);
    Path specFile = dir.resolve("spec.json");
    PythonScripts.write(specFile, spec);
    Path out = dir.resolve("out.json");
    PythonScripts.runWith(
        python(), "keras_text_vectorization.py", Map.of(), specFile.toString(), out.toString());
    keras = JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** Asserts the outputs for {@code texts} equal Keras's (exact; tf-idf within 1e-6 relative). */
  private static void assertOutputs(
      JsonNode exp, TextVectorization tv, List<String> texts, String what) {
    Tensor t = tv.apply(texts);
    assertEquals(exp.size(), t.dim(0), what + " rows");
    int cols = exp.get(0).size();
    assertEquals(cols, t.dim(1), what + " columns");
    if (tv.outputMode().equals("int")) {
      long[] got = t.toLongArray();
      for (int i = 0; i < exp.size(); i++) {
        for (int j = 0; j < cols; j++) {
          assertEquals(
              exp.get(i).get(j).asLong(), got[i * cols + j], what + " [" + i + ", " + j + "]");
        }
      }
      return;
    }
    float[] got = t.toFloatArray();
    boolean tfidf = tv.outputMode().equals("tf_idf");
    for (int i = 0; i < exp.size(); i++) {
      for (int j = 0; j < cols; j++) {
        double e = exp.get(i).get(j).asDouble();
        double tol = tfidf ? 1e-6 * Math.abs(e) : 0;
        assertEquals(e, got[i * cols + j], tol, what + " [" + i + ", " + j + "]");
      }
    }
  }

  @Test
  void adaptAndCallEqualKeras() {
    for (Case c : CASES) {
      JsonNode exp = keras.get(c.name());
      TextVectorization tv = ADAPTED.get(c.name());
      assertEquals(strings(exp.get("vocabulary")), tv.getVocabulary(), c.name() + " vocabulary");
      assertOutputs(exp.get("outputs"), tv, TEXTS.get(c.inputs()), c.name());
      if (exp.has("idf")) {
        double[] e = PythonScripts.doubles(exp.get("idf"));
        float[] got = tv.idfWeights();
        assertEquals(e.length, got.length, c.name() + " idf length");
        for (int i = 0; i < e.length; i++) {
          assertEquals(e[i], got[i], 1e-6 * e[i], c.name() + " idf[" + i + "]");
        }
      }
    }
  }

  @Test
  void configsEqualKeras() {
    for (Case c : CASES) {
      JsonNode exp = keras.get(c.name()).get("config");
      JsonNode got = JSON.valueToTree(ADAPTED.get(c.name()).getConfig());
      for (String key :
          List.of(
              "name",
              "max_tokens",
              "standardize",
              "split",
              "ngrams",
              "output_mode",
              "output_sequence_length",
              "pad_to_max_tokens",
              "sparse",
              "ragged",
              "vocabulary",
              "idf_weights",
              "encoding",
              "vocabulary_size",
              "trainable")) {
        assertEquals(exp.get(key), got.get(key), c.name() + " config key " + key);
      }
    }
  }

  @Test
  void kerasLoadsOurs() {
    for (Case c : CASES) {
      JsonNode exp = keras.get(c.name());
      assertEquals(exp.get("vocabulary"), exp.get("java_vocabulary"), c.name() + " vocabulary");
      assertSameOutputs(exp.get("outputs"), exp.get("java_outputs"), c.name());
    }
  }

  /** Keras's outputs {@code a} against Keras's outputs of a Myelin-written vectorizer {@code b}. */
  private static void assertSameOutputs(JsonNode a, JsonNode b, String what) {
    assertEquals(a.size(), b.size(), what + " rows");
    for (int i = 0; i < a.size(); i++) {
      for (int j = 0; j < a.get(i).size(); j++) {
        double e = a.get(i).get(j).asDouble();
        // tf-idf: our float32 idf weights round-trip through JSON; the rest are exact.
        assertEquals(
            e, b.get(i).get(j).asDouble(), 1e-6 * Math.abs(e), what + " [" + i + ", " + j + "]");
      }
    }
  }

  @Test
  void weLoadKeras() throws Exception {
    for (Case c : CASES) {
      JsonNode exp = keras.get(c.name());
      Map<String, Object> config =
          JSON.convertValue(exp.get("config"), new TypeReference<Map<String, Object>>() {});
      TextVectorization tv = TextVectorization.fromConfig(config);
      float[] idf = null;
      if (exp.has("idf")) {
        double[] d = PythonScripts.doubles(exp.get("idf"));
        idf = new float[d.length];
        for (int i = 0; i < d.length; i++) {
          idf[i] = (float) d[i];
        }
      }
      tv.loadAssets(dir.resolve("keras-" + c.name()), idf);
      assertEquals(strings(exp.get("vocabulary")), tv.getVocabulary(), c.name());
      assertOutputs(exp.get("outputs"), tv, TEXTS.get(c.inputs()), c.name() + " loaded");
    }
  }

  @Test
  void keraslikeDetails() {
    TextVectorization tv = new TextVectorization().adapt(List.of("b a", "a c", "c b", "D d É"));
    // Ties (all count 2 but 'é' and 'd': É is not lower-cased, as tf.strings.lower) by
    // descending byte order.
    assertEquals(List.of("", "[UNK]", "d", "c", "b", "a", "É"), tv.getVocabulary());
    assertArrayEquals(new long[][] {{5, 4, 1}, {2, 0, 0}}, tv.toSequences(List.of("a B z!", "d")));
    assertThrows(IllegalStateException.class, () -> new TextVectorization().apply(List.of("x")));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new TextVectorization().outputMode("tfidf"));
    assertTrue(e.getMessage().contains("'output_mode'") && e.getMessage().contains("tfidf"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TextVectorization().vocabulary(List.of("a", "b", "a")));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TextVectorization().outputMode("tf_idf").vocabulary(List.of("a")));
    assertThrows(
        IllegalStateException.class,
        () -> new TextVectorization().vocabulary(List.of("a")).adapt(List.of("b")));
  }

  @Test
  void kerasArchivesBothWays() {
    for (Case c : CASES) {
      JsonNode exp = keras.get(c.name());
      // Keras's model archive (the layer under layers/<name>/) read by Myelin
      TextVectorization tv = TextVectorization.load(dir.resolve("keras-" + c.name() + ".keras"));
      assertEquals(strings(exp.get("vocabulary")), tv.getVocabulary(), c.name() + " archive");
      assertOutputs(exp.get("outputs"), tv, TEXTS.get(c.inputs()), c.name() + " from archive");
      // Myelin's archive read by Keras's load_model, and by Myelin again
      assertSameOutputs(
          exp.get("outputs"), exp.get("java_archive_outputs"), c.name() + " Keras loads ours");
      TextVectorization back = TextVectorization.load(dir.resolve("java-" + c.name() + ".keras"));
      assertEquals(ADAPTED.get(c.name()).getVocabulary(), back.getVocabulary(), c.name());
      assertOutputs(exp.get("outputs"), back, TEXTS.get(c.inputs()), c.name() + " round trip");
    }
  }

  @Test
  void anArchiveWithoutTextVectorizationIsRejected() throws Exception {
    Path file = dir.resolve("not-text.keras");
    try (java.util.zip.ZipOutputStream zip =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("config.json"));
      zip.write(
          "{\"class_name\": \"Sequential\", \"config\": {\"layers\": []}}"
              .getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TextVectorization.load(file));
    assertTrue(e.getMessage().contains("has none (top-level class Sequential)"), e.getMessage());
  }
}
