package dev.myelin.data.text;

import java.util.List;
import java.util.Set;

/**
 * scikit-learn's {@code TfidfVectorizer}: {@link CountVectorizer} counts weighted by inverse
 * document frequency, each row then scaled to unit norm.
 *
 * <pre>{@code
 * TfidfVectorizer tv = new TfidfVectorizer().stopWords(StopWords.ENGLISH).maxFeatures(10000);
 * CsrMatrix x = tv.fitTransform(reviews);   // float64, rows of unit L2 norm
 * }</pre>
 *
 * <p>With the defaults, {@code idf = ln((1 + n) / (1 + df)) + 1} ({@code smoothIdf}), {@code tf} is
 * the raw count ({@code ln(count) + 1} with {@code sublinearTf}), and each row of {@code tf * idf}
 * is divided by its L2 norm.
 */
public final class TfidfVectorizer extends CountVectorizer {
  private String norm = "l2";
  private boolean useIdf = true;
  private boolean smoothIdf = true;
  private boolean sublinearTf;
  private double[] idf;

  /** A vectorizer with scikit-learn's defaults. */
  public TfidfVectorizer() {}

  /** {@code "l2"} (default), {@code "l1"} or null (no normalisation). */
  public TfidfVectorizer norm(String norm) {
    if (norm != null && !norm.equals("l1") && !norm.equals("l2")) {
      throw new IllegalArgumentException(
          "TfidfVectorizer: argument 'norm' expected \"l1\", \"l2\" or null but was \""
              + norm
              + "\"");
    }
    this.norm = norm;
    return this;
  }

  /** Whether counts are weighted by inverse document frequency (default true). */
  public TfidfVectorizer useIdf(boolean on) {
    this.useIdf = on;
    return this;
  }

  /**
   * Whether one document containing every term is imagined, avoiding division by 0 (default true).
   */
  public TfidfVectorizer smoothIdf(boolean on) {
    this.smoothIdf = on;
    return this;
  }

  /** Whether term frequency is {@code 1 + ln(count)} (default false). */
  public TfidfVectorizer sublinearTf(boolean on) {
    this.sublinearTf = on;
    return this;
  }

  @Override
  public TfidfVectorizer lowercase(boolean on) {
    super.lowercase(on);
    return this;
  }

  @Override
  public TfidfVectorizer stopWords(Set<String> words) {
    super.stopWords(words);
    return this;
  }

  @Override
  public TfidfVectorizer ngramRange(int min, int max) {
    super.ngramRange(min, max);
    return this;
  }

  @Override
  public TfidfVectorizer maxFeatures(Integer n) {
    super.maxFeatures(n);
    return this;
  }

  @Override
  public TfidfVectorizer minDf(int count) {
    super.minDf(count);
    return this;
  }

  @Override
  public TfidfVectorizer minDf(double fraction) {
    super.minDf(fraction);
    return this;
  }

  @Override
  public TfidfVectorizer maxDf(int count) {
    super.maxDf(count);
    return this;
  }

  @Override
  public TfidfVectorizer maxDf(double fraction) {
    super.maxDf(fraction);
    return this;
  }

  @Override
  public TfidfVectorizer binary(boolean on) {
    super.binary(on);
    return this;
  }

  @Override
  public TfidfVectorizer fit(List<String> docs) {
    fitTransform(docs);
    return this;
  }

  @Override
  public CsrMatrix fitTransform(List<String> docs) {
    CsrMatrix counts = super.fitTransform(docs);
    int[] df = new int[counts.cols()];
    for (int j : counts.indices()) {
      df[j]++;
    }
    double n = counts.rows() + (smoothIdf ? 1 : 0);
    idf = new double[df.length];
    for (int j = 0; j < df.length; j++) {
      idf[j] = Math.log(n / (df[j] + (smoothIdf ? 1.0 : 0.0))) + 1.0;
    }
    return weigh(counts);
  }

  @Override
  public CsrMatrix transform(List<String> docs) {
    return weigh(super.transform(docs));
  }

  /** The inverse document frequency of each feature ({@code idf_}, a copy). */
  public double[] idf() {
    if (idf == null) {
      throw new IllegalStateException(
          "TfidfVectorizer.idf: the vectorizer is not fitted; call fit first");
    }
    return idf.clone();
  }

  @Override
  boolean integralCounts() {
    return false;
  }

  private CsrMatrix weigh(CsrMatrix counts) {
    int[] indptr = counts.indptr();
    int[] indices = counts.indices();
    double[] data = counts.data();
    for (int k = 0; k < data.length; k++) {
      if (sublinearTf) {
        data[k] = Math.log(data[k]) + 1.0;
      }
      if (useIdf) {
        data[k] *= idf[indices[k]];
      }
    }
    if (norm != null) {
      for (int r = 0; r < counts.rows(); r++) {
        double s = 0;
        for (int k = indptr[r]; k < indptr[r + 1]; k++) {
          s += norm.equals("l2") ? data[k] * data[k] : Math.abs(data[k]);
        }
        if (s == 0) {
          continue;
        }
        double d = norm.equals("l2") ? Math.sqrt(s) : s;
        for (int k = indptr[r]; k < indptr[r + 1]; k++) {
          data[k] /= d;
        }
      }
    }
    return new CsrMatrix(counts.rows(), counts.cols(), indptr, indices, data, false);
  }
}
