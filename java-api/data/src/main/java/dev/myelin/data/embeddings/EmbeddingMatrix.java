package dev.myelin.data.embeddings;

import dev.myelin.Tensor;
import dev.myelin.data.random.RandomState;
import java.util.Map;

/**
 * The weights of an {@code Embedding(inputDim, vectorSize)} layer from pretrained vectors: row
 * {@code i} is the vector of the word with index {@code i} in a word index (a Tokenizer's {@code
 * wordIndex()}, or a dataset's), so {@code weights=[matrix]} maps each index to its word's vector.
 *
 * <pre>{@code
 * float[][] w = EmbeddingMatrix.build(tokenizer.wordIndex(), 10000, glove, null);  // missing rows zero
 * }</pre>
 */
public final class EmbeddingMatrix {
  private EmbeddingMatrix() {}

  /**
   * A {@code inputDim x vectorSize} matrix: rows of words with a vector hold it; rows of words
   * without one hold zeros ({@code missing == null}) or, as the book does, {@code
   * np.random.random(size=vectorSize)} drawn from {@code missing} in ascending index order; row 0
   * (padding) and unused indices stay zero. Indices at or beyond {@code inputDim} are skipped, as a
   * Tokenizer's {@code numWords} drops them.
   */
  public static float[][] build(
      Map<String, Integer> wordIndex, int inputDim, KeyedVectors vectors, RandomState missing) {
    if (inputDim < 1) {
      throw new IllegalArgumentException(
          "EmbeddingMatrix.build: argument 'inputDim' expected a positive integer but was "
              + inputDim);
    }
    String[] byIndex = new String[inputDim];
    for (Map.Entry<String, Integer> e : wordIndex.entrySet()) {
      int i = e.getValue();
      if (i < 0) {
        throw new IllegalArgumentException(
            "EmbeddingMatrix.build: argument 'wordIndex' expected indices >= 0 but '"
                + e.getKey()
                + "' has "
                + i);
      }
      if (i < inputDim) {
        byIndex[i] = e.getKey();
      }
    }
    int dim = vectors.vectorSize();
    float[][] m = new float[inputDim][dim];
    for (int i = 0; i < inputDim; i++) {
      String w = byIndex[i];
      if (w == null) {
        continue;
      }
      if (vectors.contains(w)) {
        m[i] = vectors.vector(w);
      } else if (missing != null) {
        double[] r = missing.randomSample(dim);
        for (int k = 0; k < dim; k++) {
          m[i][k] = (float) r[k];
        }
      }
    }
    return m;
  }

  /** {@link #build} as a float32 tensor of shape {@code (inputDim, vectorSize)}. */
  public static Tensor buildTensor(
      Map<String, Integer> wordIndex, int inputDim, KeyedVectors vectors, RandomState missing) {
    return Tensor.of(build(wordIndex, inputDim, vectors, missing));
  }
}
