package dev.myelin.data.datasets;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code keras.datasets.imdb}: 25,000 training and 25,000 test movie reviews as word-index
 * sequences, labelled 1 (positive) or 0.
 *
 * <pre>{@code
 * TextSplits d = Imdb.loadData(new SequenceIndexing().numWords(10000));   // from ~/.keras/datasets
 * Map<String, Integer> idx = Imdb.getWordIndex();                         // 'the' -> 1
 * }</pre>
 *
 * <p>The files are read from the Keras cache (or a given path); {@link #download()} fetches them
 * from Keras's URL with their checksums. {@link RankedTexts#movieReviews} builds a local stand-in
 * with the same index conventions.
 */
public final class Imdb {
  static final String FILE = "imdb.npz";
  static final String SHA256 = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f";
  static final String INDEX_FILE = "imdb_word_index.json";
  static final String INDEX_MD5 = "bfafd718b763782e994055a2d397834f";

  private Imdb() {}

  /** {@code load_data()} from the cached {@code imdb.npz}. */
  public static TextSplits loadData(SequenceIndexing indexing) {
    return loadData(KerasDatasetFiles.cached(FILE, "Imdb.download()"), indexing);
  }

  /**
   * {@code load_data(path=npz, ...)}: Keras's arithmetic over {@code
   * x_train/y_train/x_test/y_test}.
   */
  public static TextSplits loadData(Path npz, SequenceIndexing indexing) {
    Map<String, NpzFile.Array> f = NpzFile.read(npz);
    for (String k : new String[] {"x_train", "y_train", "x_test", "y_test"}) {
      if (!f.containsKey(k)) {
        throw new IllegalArgumentException(
            "Imdb.loadData: file " + npz + " expected an array '" + k + "' but has " + f.keySet());
      }
    }
    return indexing.applyImdb(
        f.get("x_train").toSequences(),
        f.get("y_train").toIntArray(),
        f.get("x_test").toSequences(),
        f.get("y_test").toIntArray());
  }

  /** {@code get_word_index()} from the cached {@code imdb_word_index.json}. */
  public static Map<String, Integer> getWordIndex() {
    return readWordIndex(KerasDatasetFiles.cached(INDEX_FILE, "Imdb.download()"));
  }

  /** A word index JSON file ({@code {"word": rank, ...}}). */
  public static Map<String, Integer> readWordIndex(Path json) {
    try {
      return new ObjectMapper()
          .readValue(json.toFile(), new TypeReference<LinkedHashMap<String, Integer>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read word index " + json, e);
    }
  }

  /** Downloads {@code imdb.npz} and its word index into the cache (checksums checked). */
  public static Path download() {
    KerasDatasetFiles.fetch(INDEX_FILE, INDEX_MD5);
    return KerasDatasetFiles.fetch(FILE, SHA256);
  }

  /**
   * The book's reverse index: {@code {rank + indexFrom: word}} with {@code 1 -> "start_char"} and
   * {@code 2 -> "oov_char"} (and 0 {@code "pad"}), to decode {@code load_data} sequences.
   */
  public static Map<Integer, String> reverseIndex(Map<String, Integer> wordIndex, int indexFrom) {
    Map<Integer, String> rev = new LinkedHashMap<>();
    wordIndex.forEach((w, i) -> rev.put(i + indexFrom, w));
    rev.put(0, "pad");
    rev.put(1, "start_char");
    rev.put(2, "oov_char");
    return rev;
  }
}
