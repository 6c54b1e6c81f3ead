package dev.myelin.data.embeddings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Word vectors looked up by word, as gensim's {@code KeyedVectors}: {@code vector(word)}, {@link
 * #similarity} and {@link #mostSimilar} (3CosAdd analogies such as king - man + woman).
 *
 * <pre>{@code
 * KeyedVectors glove = KeyedVectors.loadGlove(Path.of("../data/embeddings/glove.6B.50d.txt"));
 * glove.mostSimilar(List.of("king", "woman"), List.of("man"), 3);  // queen, throne, prince
 * }</pre>
 *
 * <p>Vectors are stored as float32 as read; similarities are computed in float64 from them (gensim
 * computes in float32, so its printed scores differ from these in about the seventh digit).
 */
public final class KeyedVectors {
  private final List<String> words;
  private final Map<String, Integer> index;
  private final float[] vectors;
  private final int dim;
  private double[] norms;

  /** Vectors for {@code words}, row-major in {@code vectors} ({@code words.size() x dim}). */
  public KeyedVectors(List<String> words, float[] vectors, int dim) {
    if (dim <= 0 || vectors.length != (long) words.size() * dim) {
      throw new IllegalArgumentException(
          "KeyedVectors: argument 'vectors' expected "
              + words.size()
              + " x "
              + dim
              + " values but was "
              + vectors.length);
    }
    this.words = List.copyOf(words);
    this.index = new HashMap<>();
    for (int i = 0; i < this.words.size(); i++) {
      // The first occurrence wins, as gensim keeps the first of duplicated words.
      index.putIfAbsent(this.words.get(i), i);
    }
    this.vectors = vectors;
    this.dim = dim;
  }

  /** A GloVe text file: {@code word v1 ... vD} per line, no header. */
  public static KeyedVectors loadGlove(Path path) {
    return EmbeddingFiles.readText(path, false);
  }

  /**
   * A word2vec file ({@code load_word2vec_format}): text with an {@code "N D"} header line, or
   * binary ({@code binary}) with the header then each word, a space and D little-endian float32.
   */
  public static KeyedVectors loadWord2VecFormat(Path path, boolean binary) {
    return binary ? EmbeddingFiles.readWord2VecBinary(path) : EmbeddingFiles.readText(path, true);
  }

  /** A fastText {@code .vec} file (the word2vec text format). */
  public static KeyedVectors loadFastText(Path path) {
    return EmbeddingFiles.readText(path, true);
  }

  /** The vector width ({@code vector_size}). */
  public int vectorSize() {
    return dim;
  }

  /** The number of words. */
  public int size() {
    return words.size();
  }

  /** The words in file order ({@code index_to_key}). */
  public List<String> vocabulary() {
    return words;
  }

  /** Whether {@code word} has a vector. */
  public boolean contains(String word) {
    return index.containsKey(word);
  }

  /** The row of {@code word} in file order ({@code key_to_index}); a missing word fails. */
  public int indexOf(String word) {
    Integer i = index.get(word);
    if (i == null) {
      throw new NoSuchElementException(
          "KeyedVectors: argument 'word' expected a word of the vocabulary ("
              + words.size()
              + " words) but was '"
              + word
              + "' (not present)");
    }
    return i;
  }

  /** The word at row {@code i}. */
  public String word(int i) {
    if (i < 0 || i >= words.size()) {
      throw new IndexOutOfBoundsException(
          "KeyedVectors: argument 'index' expected in [0, "
              + words.size()
              + ") but was "
              + i
              + " (beyond the vocabulary)");
    }
    return words.get(i);
  }

  /** A copy of the vector of {@code word} ({@code kv[word]}); a missing word fails. */
  public float[] vector(String word) {
    int i = indexOf(word);
    float[] v = new float[dim];
    System.arraycopy(vectors, i * dim, v, 0, dim);
    return v;
  }

  /**
   * All vectors as rows in file order ({@code size() x vectorSize()}): the book's {@code
   * embedding_weights} for {@code Embedding(input_dim=size(), weights=[...])}, where a word's row
   * is {@link #indexOf}.
   */
  public float[][] matrix() {
    float[][] m = new float[words.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = row(i);
    }
    return m;
  }

  /** {@link #matrix()} as a float32 tensor of shape {@code (size(), vectorSize())}. */
  public dev.myelin.Tensor toTensor() {
    return dev.myelin.Tensor.fromArray(vectors.clone(), words.size(), dim);
  }

  /** The vector of row {@code i}. */
  float[] row(int i) {
    float[] v = new float[dim];
    System.arraycopy(vectors, i * dim, v, 0, dim);
    return v;
  }

  /** Cosine similarity of two words. */
  public double similarity(String a, String b) {
    int i = indexOf(a);
    int j = indexOf(b);
    double dot = 0;
    for (int k = 0; k < dim; k++) {
      dot += (double) vectors[i * dim + k] * vectors[j * dim + k];
    }
    return dot / (norm(i) * norm(j));
  }

  /** A word and its cosine similarity to the query. */
  public record Similar(String word, double similarity) {}

  /** The {@code topn} words most similar to {@code word}. */
  public List<Similar> mostSimilar(String word, int topn) {
    return mostSimilar(List.of(word), List.of(), topn);
  }

  /**
   * gensim's {@code most_similar(positive, negative, topn)}: the mean of the unit vectors of the
   * positive words minus those of the negative words, normalised, ranked against every unit vector
   * by cosine; the query words themselves are left out.
   */
  public List<Similar> mostSimilar(List<String> positive, List<String> negative, int topn) {
    if (topn < 1) {
      throw new IllegalArgumentException(
          "mostSimilar: argument 'topn' expected a positive integer but was " + topn);
    }
    if (positive.isEmpty() && negative.isEmpty()) {
      throw new IllegalArgumentException(
          "mostSimilar: argument 'positive' expected at least one word (with 'negative') but both"
              + " were empty");
    }
    double[] mean = new double[dim];
    Set<Integer> used = new HashSet<>();
    for (int pass = 0; pass < 2; pass++) {
      List<String> ws = pass == 0 ? positive : negative;
      double sign = pass == 0 ? 1 : -1;
      for (String w : ws) {
        int i = indexOf(w);
        used.add(i);
        double n = norm(i);
        for (int k = 0; k < dim; k++) {
          mean[k] += sign * vectors[i * dim + k] / n;
        }
      }
    }
    int count = positive.size() + negative.size();
    double len = 0;
    for (int k = 0; k < dim; k++) {
      mean[k] /= count;
      len += mean[k] * mean[k];
    }
    len = Math.sqrt(len);
    List<Similar> best = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      if (used.contains(i)) {
        continue;
      }
      double dot = 0;
      for (int k = 0; k < dim; k++) {
        dot += vectors[i * dim + k] * mean[k];
      }
      double sim = dot / (norm(i) * len);
      insert(best, new Similar(words.get(i), sim), topn);
    }
    return Collections.unmodifiableList(best);
  }

  private static void insert(List<Similar> best, Similar s, int topn) {
    if (best.size() == topn && !(s.similarity() > best.get(topn - 1).similarity())) {
      return;
    }
    int at = best.size();
    while (at > 0 && s.similarity() > best.get(at - 1).similarity()) {
      at--;
    }
    best.add(at, s);
    if (best.size() > topn) {
      best.remove(topn);
    }
  }

  private double norm(int i) {
    if (norms == null) {
      double[] n = new double[words.size()];
      for (int r = 0; r < n.length; r++) {
        double s = 0;
        for (int k = 0; k < dim; k++) {
          double v = vectors[r * dim + k];
          s += v * v;
        }
        n[r] = Math.sqrt(s);
      }
      norms = n;
    }
    return norms[i];
  }
}
