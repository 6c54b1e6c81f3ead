package dev.myelin.data.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * scikit-learn's {@code CountVectorizer}: documents to a sparse matrix of term counts over an
 * alphabetical vocabulary.
 *
 * <pre>{@code
 * CountVectorizer cv = new CountVectorizer().stopWords(StopWords.ENGLISH).maxFeatures(3000);
 * CsrMatrix x = cv.fitTransform(messages);    // <5572x3000 sparse matrix ... 37142 stored elements ...>
 * List<String> vocab = cv.getFeatureNames();
 * }</pre>
 *
 * <p>Tokens are the matches of {@code tokenPattern} (default {@code (?u)\b\w\w+\b}, evaluated with
 * Unicode character classes) in the lower-cased text; stop words are removed before n-grams are
 * formed. {@code maxFeatures} keeps the terms of highest total count; among terms tied at the
 * cut-off the alphabetically first are kept, where numpy's unstable argsort may pick others.
 */
public class CountVectorizer {
  private boolean lowercase = true;
  private Set<String> stopWords;
  private int ngramMin = 1;
  private int ngramMax = 1;
  private double maxDf = 1.0;
  private boolean maxDfIsCount;
  private double minDf = 1;
  private boolean minDfIsCount = true;
  private Integer maxFeatures;
  private boolean binary;
  private Pattern tokenPattern = compile("(?u)\\b\\w\\w+\\b");
  private Map<String, Integer> vocabulary;
  private List<String> featureNames;

  /** A vectorizer with scikit-learn's defaults. */
  public CountVectorizer() {}

  /** Whether text is lower-cased before tokenizing (default true). */
  public CountVectorizer lowercase(boolean on) {
    this.lowercase = on;
    return this;
  }

  /**
   * Words removed from the tokens ({@link StopWords#ENGLISH} for {@code 'english'}; null: none).
   */
  public CountVectorizer stopWords(Set<String> words) {
    this.stopWords = words;
    return this;
  }

  /** The stop words in use (scikit-learn's {@code get_stop_words()}), or null. */
  public Set<String> getStopWords() {
    return stopWords == null ? null : Collections.unmodifiableSet(stopWords);
  }

  /** The regular expression whose matches are the tokens (Python syntax for these patterns). */
  public CountVectorizer tokenPattern(String regex) {
    this.tokenPattern = compile(regex);
    return this;
  }

  /** Word n-grams from {@code min} to {@code max} words (default 1, 1). */
  public CountVectorizer ngramRange(int min, int max) {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException(
          "CountVectorizer: argument 'ngramRange' expected 1 <= min <= max but was ("
              + min
              + ", "
              + max
              + ")");
    }
    this.ngramMin = min;
    this.ngramMax = max;
    return this;
  }

  /** Ignores terms found in more than {@code count} documents. */
  public CountVectorizer maxDf(int count) {
    this.maxDf = checkCount(count, "maxDf");
    this.maxDfIsCount = true;
    return this;
  }

  /** Ignores terms found in more than this fraction of documents (default 1.0). */
  public CountVectorizer maxDf(double fraction) {
    this.maxDf = checkFraction(fraction, "maxDf");
    this.maxDfIsCount = false;
    return this;
  }

  /** Ignores terms found in fewer than {@code count} documents (default 1). */
  public CountVectorizer minDf(int count) {
    this.minDf = checkCount(count, "minDf");
    this.minDfIsCount = true;
    return this;
  }

  /** Ignores terms found in fewer than this fraction of documents. */
  public CountVectorizer minDf(double fraction) {
    this.minDf = checkFraction(fraction, "minDf");
    this.minDfIsCount = false;
    return this;
  }

  /** Keeps only the {@code n} terms of highest total count (null: all). */
  public CountVectorizer maxFeatures(Integer n) {
    if (n != null && n <= 0) {
      throw new IllegalArgumentException(
          "CountVectorizer: argument 'maxFeatures' expected null or a positive integer but was "
              + n);
    }
    this.maxFeatures = n;
    return this;
  }

  /** Whether every non-zero count becomes 1 (default false). */
  public CountVectorizer binary(boolean on) {
    this.binary = on;
    return this;
  }

  /** Learns the vocabulary of {@code docs}. */
  public CountVectorizer fit(List<String> docs) {
    fitTransform(docs);
    return this;
  }

  /** Learns the vocabulary and returns the documents' count matrix. */
  public CsrMatrix fitTransform(List<String> docs) {
    List<List<String>> analyzed = new ArrayList<>(docs.size());
    TreeMap<String, int[]> stats = new TreeMap<>(); // term -> {document frequency, total count}
    for (String d : docs) {
      List<String> terms = analyze(d);
      analyzed.add(terms);
      Map<String, Integer> counts = new HashMap<>();
      for (String t : terms) {
        counts.merge(t, 1, Integer::sum);
      }
      counts.forEach(
          (t, c) -> {
            int[] s = stats.computeIfAbsent(t, k -> new int[2]);
            s[0]++;
            s[1] += c;
          });
    }
    int n = docs.size();
    double high = maxDfIsCount ? maxDf : maxDf * n;
    double low = minDfIsCount ? minDf : minDf * n;
    if (high < low) {
      throw new IllegalArgumentException(
          "CountVectorizer: argument 'maxDf' expected to correspond to at least as many documents"
              + " as minDf ("
              + low
              + ") but was "
              + high);
    }
    List<String> kept = new ArrayList<>();
    for (Map.Entry<String, int[]> e : stats.entrySet()) {
      int df = e.getValue()[0];
      if (df <= high && df >= low) {
        kept.add(e.getKey());
      }
    }
    if (maxFeatures != null && kept.size() > maxFeatures) {
      List<String> byCount = new ArrayList<>(kept);
      byCount.sort((a, b) -> Integer.compare(stats.get(b)[1], stats.get(a)[1])); // stable
      kept = new ArrayList<>(byCount.subList(0, maxFeatures));
      Collections.sort(kept);
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(
          "CountVectorizer.fit: after pruning, no terms remain; try a lower minDf or a higher"
              + " maxDf");
    }
    Map<String, Integer> vocab = new HashMap<>();
    for (int i = 0; i < kept.size(); i++) {
      vocab.put(kept.get(i), i);
    }
    this.vocabulary = vocab;
    this.featureNames = kept;
    return countMatrix(analyzed);
  }

  /** The count matrix of {@code docs} over the fitted vocabulary (unknown terms are ignored). */
  public CsrMatrix transform(List<String> docs) {
    requireFitted("transform");
    List<List<String>> analyzed = new ArrayList<>(docs.size());
    for (String d : docs) {
      analyzed.add(analyze(d));
    }
    return countMatrix(analyzed);
  }

  /** The terms in column order (alphabetical), scikit-learn's {@code get_feature_names_out()}. */
  public List<String> getFeatureNames() {
    requireFitted("getFeatureNames");
    return Collections.unmodifiableList(featureNames);
  }

  /** Term to column ({@code vocabulary_}). */
  public Map<String, Integer> vocabulary() {
    requireFitted("vocabulary");
    return Collections.unmodifiableMap(vocabulary);
  }

  /** The terms of one document: lower-cased tokens less stop words, then their n-grams. */
  public List<String> analyze(String doc) {
    if (doc == null) {
      throw new IllegalArgumentException(
          "CountVectorizer: argument 'docs' expected strings but holds null");
    }
    String text = lowercase ? TextPreprocessing.lowerCase(doc) : doc;
    List<String> tokens = new ArrayList<>();
    Matcher m = tokenPattern.matcher(text);
    while (m.find()) {
      String t = m.groupCount() == 1 ? m.group(1) : m.group();
      if (stopWords == null || !stopWords.contains(t)) {
        tokens.add(t);
      }
    }
    if (ngramMin == 1 && ngramMax == 1) {
      return tokens;
    }
    List<String> out = new ArrayList<>();
    for (int k = ngramMin; k <= Math.min(ngramMax, tokens.size()); k++) {
      for (int i = 0; i + k <= tokens.size(); i++) {
        out.add(String.join(" ", tokens.subList(i, i + k)));
      }
    }
    return out;
  }

  private CsrMatrix countMatrix(List<List<String>> docs) {
    int[] indptr = new int[docs.size() + 1];
    List<int[]> rowCols = new ArrayList<>(docs.size());
    List<double[]> rowVals = new ArrayList<>(docs.size());
    for (int r = 0; r < docs.size(); r++) {
      TreeMap<Integer, Integer> counts = new TreeMap<>();
      for (String t : docs.get(r)) {
        Integer j = vocabulary.get(t);
        if (j != null) {
          counts.merge(j, 1, Integer::sum);
        }
      }
      int[] cols = new int[counts.size()];
      double[] vals = new double[counts.size()];
      int k = 0;
      for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
        cols[k] = e.getKey();
        vals[k++] = binary ? 1 : e.getValue();
      }
      rowCols.add(cols);
      rowVals.add(vals);
      indptr[r + 1] = indptr[r] + k;
    }
    int[] indices = new int[indptr[docs.size()]];
    double[] data = new double[indices.length];
    for (int r = 0; r < docs.size(); r++) {
      System.arraycopy(rowCols.get(r), 0, indices, indptr[r], rowCols.get(r).length);
      System.arraycopy(rowVals.get(r), 0, data, indptr[r], rowVals.get(r).length);
    }
    return new CsrMatrix(docs.size(), featureNames.size(), indptr, indices, data, integralCounts());
  }

  /** Whether the matrix holds counts (int64 in scikit-learn) rather than weights. */
  boolean integralCounts() {
    return true;
  }

  private void requireFitted(String op) {
    if (vocabulary == null) {
      throw new IllegalStateException(
          getClass().getSimpleName() + "." + op + ": the vectorizer is not fitted; call fit first");
    }
  }

  private static Pattern compile(String regex) {
    // Python's (?u) is the default in Python 3; Java needs UNICODE_CHARACTER_CLASS for \w and \b.
    String r = regex.startsWith("(?u)") ? regex.substring(4) : regex;
    return Pattern.compile(r, Pattern.UNICODE_CHARACTER_CLASS);
  }

  private static double checkCount(int count, String name) {
    if (count < 0) {
      throw new IllegalArgumentException(
          "CountVectorizer: argument '" + name + "' expected a count >= 0 but was " + count);
    }
    return count;
  }

  private static double checkFraction(double f, String name) {
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException(
          "CountVectorizer: argument '" + name + "' expected a fraction in [0, 1] but was " + f);
    }
    return f;
  }
}
