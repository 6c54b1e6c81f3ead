package dev.myelin.data.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code keras.datasets.reuters}: 11,228 newswires in 46 topics as word-index sequences,
 * shuffled and split by {@code testSplit}.
 *
 * <pre>{@code
 * TextSplits d = Reuters.loadData(new SequenceIndexing().numWords(20000).indexFrom(2));
 * }</pre>
 */
public final class Reuters {
  static final String FILE = "reuters.npz";
  static final String SHA256 = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916";
  static final String INDEX_FILE = "reuters_word_index.json";
  static final String INDEX_MD5 = "4d44cc38712099c9e383dc6e5f11a921";

  private Reuters() {}

  /** {@code load_data()} from the cached {@code reuters.npz}. */
  public static TextSplits loadData(SequenceIndexing indexing) {
    return loadData(KerasDatasetFiles.cached(FILE, "Reuters.download()"), indexing);
  }

  /**
   * {@code load_data(path=npz, ...)}: Keras's arithmetic over the arrays {@code x} and {@code y}.
   */
  public static TextSplits loadData(Path npz, SequenceIndexing indexing) {
    Map<String, NpzFile.Array> f = NpzFile.read(npz);
    if (!f.containsKey("x") || !f.containsKey("y")) {
      throw new IllegalArgumentException(
          "Reuters.loadData: file " + npz + " expected arrays 'x' and 'y' but has " + f.keySet());
    }
    return indexing.applyReuters(f.get("x").toSequences(), f.get("y").toIntArray());
  }

  /** {@code get_word_index()} from the cached {@code reuters_word_index.json}. */
  public static Map<String, Integer> getWordIndex() {
    return Imdb.readWordIndex(KerasDatasetFiles.cached(INDEX_FILE, "Reuters.download()"));
  }

  /** Downloads {@code reuters.npz} and its word index into the cache (checksums checked). */
  public static Path download() {
    KerasDatasetFiles.fetch(INDEX_FILE, INDEX_MD5);
    return KerasDatasetFiles.fetch(FILE, SHA256);
  }

  /** The 46 topic names in label order ({@code get_label_names()}). */
  public static List<String> labelNames() {
    return List.of(
        "cocoa",
        "grain",
        "veg-oil",
        "earn",
        "acq",
        "wheat",
        "copper",
        "housing",
        "money-supply",
        "coffee",
        "sugar",
        "trade",
        "reserves",
        "ship",
        "cotton",
        "carcass",
        "crude",
        "nat-gas",
        "cpi",
        "money-fx",
        "interest",
        "gnp",
        "meal-feed",
        "alum",
        "oilseed",
        "gold",
        "tin",
        "strategic-metal",
        "livestock",
        "retail",
        "ipi",
        "iron-steel",
        "rubber",
        "heat",
        "jobs",
        "lei",
        "bop",
        "zinc",
        "orange",
        "pet-chem",
        "dlr",
        "gas",
        "silver",
        "wpi",
        "hog",
        "lead");
  }
}
