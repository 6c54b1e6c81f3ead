package dev.myelin.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.data.BookTexts;
import dev.myelin.data.PythonScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokenizer, padSequences, oneHot, hashingTrick and textToWordSequence against Keras's own
 * (keras.preprocessing legacy text, keras 3.15.1) on the book's texts: vocabularies, counts,
 * sequences and matrices must be identical.
 */
class TokenizerKerasTest {
  private static JsonNode keras;
  private static List<String> reviews;
  private static List<String> sms;
  private static List<String> sentences;
  private static Tokenizer javaForPython;

  @BeforeAll
  static void runKeras() throws Exception {
    reviews = BookTexts.movieReviews();
    sms = BookTexts.smsMessages();
    sentences = BookTexts.sentences();
    Path dir = Files.createTempDirectory("keras-text");
    javaForPython = new Tokenizer().numWords(300).oovToken("<unk>");
    javaForPython.fitOnTexts(sms);
    Path tokJson = dir.resolve("java_tokenizer.json");
    Files.writeString(tokJson, javaForPython.toJson());
    keras =
        PythonScripts.json(
            "keras_text_check.py",
            Map.of("PYTHONHASHSEED", "0"),
            dir.resolve("out.json"),
            "tokenizer",
            dir.resolve("out.json").toString(),
            tokJson.toString());
  }

  @Test
  void bookFiguresForTheMovieReviews() {
    Tokenizer tok = new Tokenizer().numWords(10000);
    tok.fitOnTexts(reviews);
    assertEquals(14049, tok.documentCount());
    assertEquals(10000, tok.numWords());
    assertEquals(
        List.of("the", "a", "and", "of", "to", "is", "in", "it", "that", "as"),
        new ArrayList<>(tok.wordIndex().keySet()).subList(0, 10));
    int[][] x = Sequences.padSequences(tok.textsToSequences(reviews));
    assertEquals(14049, x.length);
    assertEquals(49, x[0].length);
  }

  @Test
  void reviewsWithTenThousandWordsMatchKeras() {
    Tokenizer tok = new Tokenizer().numWords(10000);
    tok.fitOnTexts(reviews);
    check(keras.get("reviews"), tok, reviews, 300);
  }

  @Test
  void smsWithOovTokenAndCaseMatchesKeras() {
    Tokenizer tok = new Tokenizer().numWords(500).oovToken("<OOV>").lower(false);
    tok.fitOnTexts(sms);
    check(keras.get("sms_oov"), tok, sms, 300);
  }

  @Test
  void characterLevelMatchesKeras() {
    Tokenizer tok = new Tokenizer().charLevel(true);
    tok.fitOnTexts(sentences);
    check(keras.get("sentences_chars"), tok, sentences, 100);
  }

  @Test
  void customFiltersAndSplitMatchKeras() {
    Tokenizer tok = new Tokenizer().filters("").split(",").lower(true);
    tok.fitOnTexts(sentences);
    check(keras.get("sentences_comma"), tok, sentences, 50);
  }

  @Test
  void twoFitsAndAnOovTokenThatIsAlsoAWordMatchKeras() {
    Tokenizer tok = new Tokenizer().oovToken("the");
    tok.fitOnTexts(sentences.subList(0, 500));
    tok.fitOnTexts(sentences.subList(500, 1000));
    check(keras.get("two_fits_oov_is_word"), tok, sentences.subList(0, 1200), 40);
  }

  @Test
  void jsonRoundTripsWithKeras() {
    // Myelin's JSON read by Keras's tokenizer_from_json gives Myelin's sequences.
    List<int[]> mine = javaForPython.textsToSequences(sentences);
    JsonNode theirs = keras.get("java_json_sequences");
    assertEquals(mine.size(), theirs.size());
    for (int i = 0; i < mine.size(); i++) {
      assertArrayEquals(PythonScripts.ints(theirs.get(i)), mine.get(i), "text " + i);
    }
    // Keras's JSON read by Myelin gives Keras's sequences.
    Tokenizer fromKeras = Tokenizer.fromJson(keras.get("reviews_json").asText());
    assertEquals(14049, fromKeras.documentCount());
    List<int[]> seqs = fromKeras.textsToSequences(reviews);
    JsonNode expected = keras.get("reviews").get("sequences");
    for (int i = 0; i < seqs.size(); i++) {
      assertArrayEquals(PythonScripts.ints(expected.get(i)), seqs.get(i), "review " + i);
    }
    // And Myelin's JSON read back by Myelin is the same tokenizer.
    Tokenizer again = Tokenizer.fromJson(javaForPython.toJson());
    assertEquals(javaForPython.wordIndex(), again.wordIndex());
    assertEquals(javaForPython.indexDocs(), again.indexDocs());
    assertEquals(javaForPython.numWords(), again.numWords());
  }

  @Test
  void padSequencesMatchesKeras() {
    Tokenizer tok = new Tokenizer().numWords(10000);
    tok.fitOnTexts(reviews);
    List<int[]> seqs = tok.textsToSequences(reviews);
    JsonNode pad = keras.get("pad");
    assertRows(pad.get("default"), Sequences.padSequences(seqs.subList(0, 400)));
    assertRows(pad.get("maxlen49"), Sequences.padSequences(seqs, 49));
    assertRows(
        pad.get("post_post_20"),
        Sequences.padSequences(seqs.subList(0, 400), 20, "post", "post", -1.7));
    assertRows(
        pad.get("pre_post_5"), Sequences.padSequences(seqs.subList(0, 400), 5, "pre", "post", 0));
    List<float[]> floats = new ArrayList<>();
    for (int[] s : seqs.subList(0, 50)) {
      float[] f = new float[s.length];
      for (int i = 0; i < s.length; i++) {
        f[i] = s[i];
      }
      floats.add(f);
    }
    float[][] got = Sequences.padFloatSequences(floats, 12, "post", "pre", 0.5f);
    JsonNode exp = pad.get("float32_post");
    for (int r = 0; r < got.length; r++) {
      for (int c = 0; c < 12; c++) {
        assertEquals((float) exp.get(r).get(c).asDouble(), got[r][c], "row " + r);
      }
    }
  }

  @Test
  void hashingMatchesKeras() {
    assertEquals("0", keras.get("hash_seed").asText());
    JsonNode oneHot = keras.get("one_hot_50");
    for (int i = 0; i < 300; i++) {
      assertArrayEquals(
          PythonScripts.ints(oneHot.get(i)),
          TextPreprocessing.oneHot(sentences.get(i), 50),
          "text " + i);
    }
    JsonNode md5 = keras.get("md5_1000");
    for (int i = 0; i < sentences.size(); i++) {
      assertArrayEquals(
          PythonScripts.ints(md5.get(i)),
          TextPreprocessing.hashingTrick(sentences.get(i), 1000, WordHash.MD5),
          "text " + i);
    }
    JsonNode md5Case = keras.get("md5_7_nolower");
    for (int i = 0; i < 300; i++) {
      assertArrayEquals(
          PythonScripts.ints(md5Case.get(i)),
          TextPreprocessing.hashingTrick(
              sms.get(i), 7, WordHash.MD5, TextPreprocessing.DEFAULT_FILTERS, false, " "),
          "message " + i);
    }
    JsonNode words = keras.get("words_custom");
    for (int i = 0; i < 300; i++) {
      List<String> exp = new ArrayList<>();
      words.get(i).forEach(w -> exp.add(w.asText()));
      assertEquals(exp, TextPreprocessing.textToWordSequence(sentences.get(i), ".,!", false, " "));
    }
  }

  @Test
  void analyzerReplacesTheSplitting() {
    // Keras applies the analyzer as is: no lower-casing, no filters.
    Tokenizer tok = new Tokenizer().analyzer(t -> List.of(t.split("\\|")));
    tok.fitOnTexts(List.of("A|b|b", "b|c"));
    assertEquals(List.of("b", "A", "c"), new ArrayList<>(tok.wordIndex().keySet()));
    assertArrayEquals(new int[] {2, 3, 1}, tok.textsToSequences(List.of("A|c|b|zz")).get(0));
    assertEquals(Map.of("A", 1, "b", 3, "c", 1), tok.wordCounts());
  }

  @Test
  void badInputIsNamed() {
    Tokenizer empty = new Tokenizer();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> empty.textsToMatrix(List.of("a"), MatrixMode.COUNT));
    assertTrue(e.getMessage().contains("numWords"), e.getMessage());
    IllegalArgumentException neg =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Tokenizer()
                    .numWords(5)
                    .sequencesToMatrix(List.of(new int[] {1, -3}), MatrixMode.BINARY));
    assertTrue(neg.getMessage().contains("holds -3"), neg.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> TextPreprocessing.hashingTrick("a", 1, WordHash.MD5));
    assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson("{\"x\": 1}"));
    IllegalArgumentException pad =
        assertThrows(
            IllegalArgumentException.class,
            () -> Sequences.padSequences(List.of(new int[] {1}), 3, "middle", "pre", 0));
    assertTrue(pad.getMessage().contains("'padding'"), pad.getMessage());
  }

  private static void check(JsonNode exp, Tokenizer tok, List<String> texts, int matrixRows) {
    assertEquals(exp.get("document_count").asInt(), tok.documentCount());
    assertEquals(
        pairs(exp.get("word_index")),
        new ArrayList<>(tok.wordIndex().entrySet())
            .stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    assertEquals(
        pairs(exp.get("word_counts")),
        new ArrayList<>(tok.wordCounts().entrySet())
            .stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    Map<String, Integer> docs = new HashMap<>();
    exp.get("word_docs").fields().forEachRemaining(e -> docs.put(e.getKey(), e.getValue().asInt()));
    assertEquals(docs, new HashMap<>(tok.wordDocs()));
    Map<Integer, Integer> indexDocs = new HashMap<>();
    exp.get("index_docs")
        .fields()
        .forEachRemaining(e -> indexDocs.put(Integer.parseInt(e.getKey()), e.getValue().asInt()));
    assertEquals(indexDocs, new HashMap<>(tok.indexDocs()));
    List<int[]> seqs = tok.textsToSequences(texts);
    JsonNode es = exp.get("sequences");
    assertEquals(es.size(), seqs.size());
    for (int i = 0; i < seqs.size(); i++) {
      assertArrayEquals(PythonScripts.ints(es.get(i)), seqs.get(i), "text " + i);
    }
    List<String> back = tok.sequencesToTexts(seqs.subList(0, matrixRows));
    for (int i = 0; i < matrixRows; i++) {
      assertEquals(exp.get("texts").get(i).asText(), back.get(i), "text " + i);
    }
    for (MatrixMode mode : MatrixMode.values()) {
      double[][] m = tok.textsToMatrix(texts.subList(0, matrixRows), mode);
      Map<Long, Double> expected = new LinkedHashMap<>();
      for (JsonNode t : exp.get("matrices").get(mode.name().toLowerCase())) {
        expected.put(t.get(0).asLong() * 1_000_000 + t.get(1).asLong(), t.get(2).asDouble());
      }
      int nonZero = 0;
      for (int r = 0; r < m.length; r++) {
        for (int c = 0; c < m[r].length; c++) {
          if (m[r][c] != 0) {
            nonZero++;
            Double e = expected.get(r * 1_000_000L + c);
            assertTrue(
                e != null, mode + " (" + r + ", " + c + ") is " + m[r][c] + " but Keras has 0");
            assertEquals(e, m[r][c], 0.0, mode + " (" + r + ", " + c + ")");
          }
        }
      }
      assertEquals(expected.size(), nonZero, mode + " non-zero cells");
    }
  }

  private static List<String> pairs(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(p -> out.add(p.get(0).asText() + "=" + p.get(1).asInt()));
    return out;
  }

  private static void assertRows(JsonNode exp, int[][] got) {
    assertEquals(exp.size(), got.length);
    for (int r = 0; r < got.length; r++) {
      assertArrayEquals(PythonScripts.ints(exp.get(r)), got[r], "row " + r);
    }
  }
}
