package dev.myelin.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.data.PythonScripts;
import dev.myelin.data.text.Sequences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IMDB and Reuters loaders against Keras's own {@code load_data} (keras 3.15.1): the stand-ins
 * built here from the book's movie reviews and the sentiment sentences are written as Keras's npz
 * files by numpy, Keras loads them with several argument sets, and Myelin reads the same files.
 */
class TextDatasetsTest {
  private static RankedTexts imdb;
  private static RankedTexts reuters;
  private static Path dir;
  private static JsonNode keras;
  private static final Map<String, SequenceIndexing> IMDB_OPTIONS = new LinkedHashMap<>();
  private static final Map<String, SequenceIndexing> REUTERS_OPTIONS = new LinkedHashMap<>();

  @BeforeAll
  static void runKeras() throws Exception {
    imdb = RankedTexts.movieReviews(PythonScripts.data("book/movie_reviews.csv"));
    reuters =
        RankedTexts.sentimentSentencesBySource(PythonScripts.data("sentiment-labelled-sentences"));
    dir = Files.createTempDirectory("keras-datasets");
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("imdb", Map.of("x", imdb.x(), "y", imdb.y(), "train_count", imdb.trainCount()));
    raw.put("reuters", Map.of("x", reuters.x(), "y", reuters.y()));
    Map<String, Object> imdbKw = new LinkedHashMap<>();
    imdbKw.put("defaults", Map.of());
    imdb("defaults", new SequenceIndexing());
    imdbKw.put("num_words", Map.of("num_words", 2000));
    imdb("num_words", new SequenceIndexing().numWords(2000));
    imdbKw.put(
        "skip_maxlen_seed", Map.of("num_words", 5000, "skip_top", 20, "maxlen", 25, "seed", 7));
    imdb("skip_maxlen_seed", new SequenceIndexing().numWords(5000).skipTop(20).maxlen(25).seed(7));
    Map<String, Object> noOov = new LinkedHashMap<>();
    noOov.put("num_words", 300);
    noOov.put("oov_char", null);
    noOov.put("start_char", null);
    noOov.put("index_from", 0);
    imdbKw.put("no_oov_no_start", noOov);
    imdb(
        "no_oov_no_start",
        new SequenceIndexing().numWords(300).oovChar(null).startChar(null).indexFrom(0));
    raw.put("imdb_options", imdbKw);
    Map<String, Object> reutersKw = new LinkedHashMap<>();
    reutersKw.put("defaults", Map.of());
    reuters("defaults", new SequenceIndexing());
    reutersKw.put("book", Map.of("num_words", 2000, "index_from", 2));
    reuters("book", new SequenceIndexing().numWords(2000).indexFrom(2));
    reutersKw.put(
        "split_maxlen",
        Map.of("num_words", 800, "maxlen", 12, "test_split", 0.35, "seed", 1, "skip_top", 4));
    reuters(
        "split_maxlen",
        new SequenceIndexing().numWords(800).maxlen(12).testSplit(0.35).seed(1).skipTop(4));
    raw.put("reuters_options", reutersKw);
    PythonScripts.write(dir.resolve("raw.json"), raw);
    keras =
        PythonScripts.json(
            "keras_text_check.py",
            Map.of(),
            dir.resolve("keras.json"),
            "datasets",
            dir.resolve("raw.json").toString(),
            dir.toString());
  }

  private static void imdb(String name, SequenceIndexing s) {
    IMDB_OPTIONS.put(name, s);
  }

  private static void reuters(String name, SequenceIndexing s) {
    REUTERS_OPTIONS.put(name, s);
  }

  @Test
  void imdbLoaderMatchesKeras() {
    for (Map.Entry<String, SequenceIndexing> e : IMDB_OPTIONS.entrySet()) {
      JsonNode exp = keras.get("imdb").get(e.getKey());
      check(exp, Imdb.loadData(dir.resolve("imdb.npz"), e.getValue()), e.getKey());
      check(exp, imdb.loadImdbStyle(e.getValue()), e.getKey() + " (in memory)");
    }
  }

  @Test
  void reutersLoaderMatchesKeras() {
    for (Map.Entry<String, SequenceIndexing> e : REUTERS_OPTIONS.entrySet()) {
      JsonNode exp = keras.get("reuters").get(e.getKey());
      check(exp, Reuters.loadData(dir.resolve("reuters.npz"), e.getValue()), e.getKey());
      check(exp, reuters.loadReutersStyle(e.getValue()), e.getKey() + " (in memory)");
    }
  }

  @Test
  void standInsFollowTheKerasConventions() {
    // 14049 reviews (none votes dropped), ranks 1 = "the" as in IMDB's word index.
    assertEquals(14049, imdb.x().size());
    assertEquals(7025, imdb.trainCount());
    assertEquals(1, imdb.wordIndex().get("the"));
    assertEquals(3000, reuters.x().size());
    assertEquals(
        List.of(0, 1, 2),
        java.util.Arrays.stream(reuters.y()).distinct().sorted().boxed().toList());
    // Decoding with the book's reverse index gives the review's words back.
    TextSplits d = imdb.loadImdbStyle(new SequenceIndexing());
    Map<Integer, String> rev = Imdb.reverseIndex(imdb.wordIndex(), 3);
    int[] first = d.xTrain().get(0);
    assertEquals("start_char", rev.get(first[0]));
    List<String> words = new ArrayList<>();
    for (int i = 1; i < first.length; i++) {
      words.add(rev.get(first[i]));
    }
    assertTrue(words.stream().allMatch(w -> w != null && !w.equals("oov_char")), words.toString());
    // Ragged sequences must be padded before they become a tensor.
    IllegalArgumentException ragged =
        assertThrows(
            IllegalArgumentException.class,
            () -> Sequences.toTensor(d.xTrain().subList(0, 50).toArray(new int[0][])));
    assertTrue(ragged.getMessage().contains("padSequences"), ragged.getMessage());
    // An index beyond the vocabulary is named.
    int[][] x = Sequences.padSequences(d.xTrain(), 40);
    IndexOutOfBoundsException beyond =
        assertThrows(IndexOutOfBoundsException.class, () -> Sequences.checkIndices(x, 1000));
    assertTrue(beyond.getMessage().contains("beyond the vocabulary"), beyond.getMessage());
    Sequences.checkIndices(
        Sequences.padSequences(
            new SequenceIndexing()
                .numWords(1000)
                .applyImdb(d.xTrain(), d.yTrain(), d.xTest(), d.yTest())
                .xTrain(),
            40),
        1000);
  }

  @Test
  void foreignPicklesAndMissingFilesAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Reuters.loadData(dir.resolve("evil.npz"), new SequenceIndexing()));
    assertTrue(e.getMessage().contains("fractions.Fraction"), e.getMessage());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> Imdb.loadData(dir.resolve("reuters.npz"), new SequenceIndexing()));
    assertTrue(missing.getMessage().contains("'x_train'"), missing.getMessage());
    // A header claiming more values than the file holds is refused before any allocation.
    byte[] header = "\u0093NUMPY".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (4000000000, 1000), }";
    byte[] npy = new byte[10 + dict.length()];
    System.arraycopy(header, 0, npy, 0, 6);
    npy[6] = 1;
    npy[8] = (byte) dict.length();
    System.arraycopy(
        dict.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, npy, 10, dict.length());
    IllegalArgumentException big =
        assertThrows(IllegalArgumentException.class, () -> NpzFile.readNpy(npy, "x.npy"));
    assertTrue(big.getMessage().contains("4000000000"), big.getMessage());
  }

  @Test
  void cacheChecksumsAndMissingFiles() throws Exception {
    Path empty = Files.createTempFile(dir, "empty", ".bin");
    assertEquals(
        "d41d8cd98f00b204e9800998ecf8427e", KerasDatasetFiles.digest(empty, Imdb.INDEX_MD5));
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        KerasDatasetFiles.digest(empty, Imdb.SHA256));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> KerasDatasetFiles.cached("no-such-dataset-file.npz", "Imdb.download()"));
    assertTrue(
        e.getMessage().contains("no-such-dataset-file.npz")
            && e.getMessage().contains("Imdb.download()"),
        e.getMessage());
  }

  private static void check(JsonNode exp, TextSplits got, String what) {
    checkSeqs(exp.get("x_train"), got.xTrain(), what + " x_train");
    assertArrayEquals(PythonScripts.ints(exp.get("y_train")), got.yTrain(), what + " y_train");
    checkSeqs(exp.get("x_test"), got.xTest(), what + " x_test");
    assertArrayEquals(PythonScripts.ints(exp.get("y_test")), got.yTest(), what + " y_test");
  }

  private static void checkSeqs(JsonNode exp, List<int[]> got, String what) {
    assertEquals(exp.size(), got.size(), what + " count");
    for (int i = 0; i < got.size(); i++) {
      assertArrayEquals(PythonScripts.ints(exp.get(i)), got.get(i), what + " " + i);
    }
  }
}
