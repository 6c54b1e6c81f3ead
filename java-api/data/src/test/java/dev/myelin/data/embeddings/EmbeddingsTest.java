package dev.myelin.data.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.data.PythonScripts;
import dev.myelin.data.random.RandomState;
import dev.myelin.data.text.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KeyedVectors read from GloVe, word2vec text/binary and fastText files (written here and by
 * numpy), with mostSimilar/similarity checked against a numpy computation.
 */
class EmbeddingsTest {
  private static Path dir;
  private static JsonNode numpy;
  private static final List<Map<String, Object>> QUERIES = new ArrayList<>();

  @BeforeAll
  static void writeFiles() throws Exception {
    dir = Files.createTempDirectory("embeddings");
    RandomState rng = new RandomState(42);
    StringBuilder glove = new StringBuilder();
    String[] named = {"king", "queen", "man", "woman", "good", "better", "two", "three", "naïve"};
    for (int i = 0; i < 300; i++) {
      String w = i < named.length ? named[i] : "w" + i;
      glove.append(w);
      double[] v = rng.standardNormal(16);
      for (double x : v) {
        // Six significant digits, as GloVe files print them.
        glove.append(' ').append(String.format("%.6g", x));
      }
      glove.append('\n');
    }
    Files.writeString(dir.resolve("vectors.txt"), glove.toString(), StandardCharsets.UTF_8);
    QUERIES.add(query(List.of("good"), List.of(), 5));
    QUERIES.add(query(List.of("king", "woman"), List.of("man"), 3));
    QUERIES.add(query(List.of("two", "naïve", "w17"), List.of("w200", "queen"), 10));
    QUERIES.add(query(List.of(), List.of("w20"), 4));
    PythonScripts.write(dir.resolve("queries.json"), QUERIES);
    numpy =
        PythonScripts.json(
            "numpy_text_check.py", Map.of(), dir.resolve("out.json"), "embeddings", dir.toString());
  }

  private static Map<String, Object> query(List<String> pos, List<String> neg, int topn) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("positive", pos);
    q.put("negative", neg);
    q.put("topn", topn);
    return q;
  }

  @Test
  void allFormatsReadTheSameVectors() {
    KeyedVectors glove = KeyedVectors.loadGlove(dir.resolve("vectors.txt"));
    assertEquals(300, glove.size());
    assertEquals(16, glove.vectorSize());
    int[] nd =
        EmbeddingFiles.glove2word2vec(dir.resolve("vectors.txt"), dir.resolve("vectors.vec"));
    assertArrayEquals(new int[] {300, 16}, nd);
    List<KeyedVectors> others =
        List.of(
            KeyedVectors.loadWord2VecFormat(dir.resolve("vectors.vec"), false),
            KeyedVectors.loadFastText(dir.resolve("vectors.vec")),
            KeyedVectors.loadWord2VecFormat(dir.resolve("vectors.bin"), true),
            KeyedVectors.loadWord2VecFormat(dir.resolve("vectors_nl.bin"), true));
    for (KeyedVectors kv : others) {
      assertEquals(glove.vocabulary(), kv.vocabulary());
      for (String w : glove.vocabulary()) {
        assertArrayEquals(glove.vector(w), kv.vector(w), w);
      }
    }
    // Our own binary writer round-trips too.
    EmbeddingFiles.writeWord2VecBinary(glove, dir.resolve("mine.bin"));
    KeyedVectors back = KeyedVectors.loadWord2VecFormat(dir.resolve("mine.bin"), true);
    assertArrayEquals(glove.vector("naïve"), back.vector("naïve"));
    assertEquals(1, glove.indexOf("queen"));
    assertEquals("w9", glove.word(9));
    // The book's embedding_weights: row indexOf(word) is the word's vector.
    float[][] m = glove.matrix();
    assertArrayEquals(glove.vector("good"), m[glove.indexOf("good")]);
    try (dev.myelin.TensorScope scope = new dev.myelin.TensorScope()) {
      dev.myelin.Tensor t = glove.toTensor();
      assertArrayEquals(new long[] {300, 16}, t.shape());
      float[] flat = t.toFloatArray();
      assertEquals(m[299][15], flat[299 * 16 + 15]);
    }
  }

  @Test
  void mostSimilarMatchesNumpy() {
    KeyedVectors kv = KeyedVectors.loadWord2VecFormat(dir.resolve("vectors.bin"), true);
    JsonNode exp = numpy.get("most_similar");
    for (int q = 0; q < QUERIES.size(); q++) {
      @SuppressWarnings("unchecked")
      List<String> pos = (List<String>) QUERIES.get(q).get("positive");
      @SuppressWarnings("unchecked")
      List<String> neg = (List<String>) QUERIES.get(q).get("negative");
      List<KeyedVectors.Similar> got =
          kv.mostSimilar(pos, neg, (Integer) QUERIES.get(q).get("topn"));
      JsonNode e = exp.get(q);
      assertEquals(e.size(), got.size());
      for (int i = 0; i < got.size(); i++) {
        assertEquals(e.get(i).get(0).asText(), got.get(i).word(), "query " + q + " rank " + i);
        assertEquals(e.get(i).get(1).asDouble(), got.get(i).similarity(), 1e-12);
      }
    }
    for (JsonNode s : numpy.get("similarity")) {
      assertEquals(s.get(2).asDouble(), kv.similarity(s.get(0).asText(), s.get(1).asText()), 1e-12);
    }
    assertEquals(kv.mostSimilar(List.of("good"), List.of(), 5), kv.mostSimilar("good", 5));
  }

  @Test
  void malformedFilesNameFileAndLine() throws Exception {
    Path bad = dir.resolve("bad_width.txt");
    Files.writeString(bad, "a 1 2 3\nb 4 5 6\nc 7 8\nd 1 1 1\n");
    EmbeddingFormatException e =
        assertThrows(EmbeddingFormatException.class, () -> KeyedVectors.loadGlove(bad));
    assertTrue(e.getMessage().contains("bad_width.txt"), e.getMessage());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    assertTrue(e.getMessage().contains("expected 3 values"), e.getMessage());
    assertEquals(3, e.line());
    Path notNumber = dir.resolve("nan.vec");
    Files.writeString(notNumber, "2 2\na 1 2\nb 1 x\n");
    EmbeddingFormatException n =
        assertThrows(EmbeddingFormatException.class, () -> KeyedVectors.loadFastText(notNumber));
    assertTrue(n.getMessage().contains("line 3") && n.getMessage().contains("'x'"), n.getMessage());
    Path header = dir.resolve("header.vec");
    Files.writeString(header, "3 2\na 1 2\nb 1 2\n");
    assertThrows(EmbeddingFormatException.class, () -> KeyedVectors.loadFastText(header));
    byte[] bin = Files.readAllBytes(dir.resolve("vectors.bin"));
    badBinary("cut.bin", java.util.Arrays.copyOf(bin, bin.length - 10), "end of the file");
    badBinary("huge.bin", "2000000000 300\nab".getBytes(StandardCharsets.UTF_8), "fit in the file");
    KeyedVectors kv = KeyedVectors.loadGlove(dir.resolve("vectors.txt"));
    NoSuchElementException missing =
        assertThrows(NoSuchElementException.class, () -> kv.vector("unknownword"));
    assertTrue(missing.getMessage().contains("'unknownword'"), missing.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> kv.word(300));
  }

  /** A word2vec binary file with {@code bytes} must fail naming the file and {@code what}. */
  private static void badBinary(String name, byte[] bytes, String what) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    EmbeddingFormatException e =
        assertThrows(
            EmbeddingFormatException.class, () -> KeyedVectors.loadWord2VecFormat(p, true));
    assertTrue(e.getMessage().contains(name) && e.getMessage().contains(what), e.getMessage());
  }

  @Test
  void embeddingMatrixFollowsTheWordIndex() {
    KeyedVectors kv = KeyedVectors.loadGlove(dir.resolve("vectors.txt"));
    Tokenizer tok = new Tokenizer();
    tok.fitOnTexts(List.of("good good good king unseen man", "man better zzz"));
    // word_index: good 1, man 2, king 3, unseen 4, better 5, zzz 6
    float[][] zeros = EmbeddingMatrix.build(tok.wordIndex(), 6, kv, null);
    assertEquals(6, zeros.length);
    assertArrayEquals(new float[16], zeros[0]);
    assertArrayEquals(kv.vector("good"), zeros[1]);
    assertArrayEquals(kv.vector("man"), zeros[2]);
    assertArrayEquals(kv.vector("king"), zeros[3]);
    assertArrayEquals(new float[16], zeros[4]);
    assertArrayEquals(kv.vector("better"), zeros[5]);
    float[][] random = EmbeddingMatrix.build(tok.wordIndex(), 7, kv, new RandomState(0));
    double[] draws = new RandomState(0).randomSample(32);
    for (int k = 0; k < 16; k++) {
      assertEquals((float) draws[k], random[4][k]);
      assertEquals((float) draws[16 + k], random[6][k]);
    }
    assertArrayEquals(new float[16], random[0]);
  }
}
