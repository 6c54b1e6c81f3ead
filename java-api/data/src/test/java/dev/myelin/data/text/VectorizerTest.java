package dev.myelin.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.BookTexts;
import dev.myelin.data.PythonScripts;
import dev.myelin.initializers.Constant;
import dev.myelin.layers.Dense;
import dev.myelin.models.Batch;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import dev.myelin.models.TensorDataset;
import dev.myelin.optimizers.SGD;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CountVectorizer and TfidfVectorizer against scikit-learn 1.9.1 on the book's texts (fixture
 * written by tests/fixtures/generate_text_fixtures.py): vocabularies, counts exactly, tf-idf
 * weights within 1e-12.
 */
class VectorizerTest {
  private static JsonNode fx;
  private static List<String> sms;
  private static List<String> reviews;
  private static List<String> yelp;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = VectorizerTest.class.getResourceAsStream("/fixtures/sklearn_text.json")) {
      fx = new ObjectMapper().readTree(in);
    }
    sms = BookTexts.smsMessages();
    reviews = BookTexts.movieReviews();
    yelp = BookTexts.sentences("yelp_labelled.txt");
  }

  @Test
  void stopWordsAreScikitLearns() {
    List<String> exp = new ArrayList<>();
    fx.get("stop_words").forEach(w -> exp.add(w.asText()));
    assertEquals(exp, new ArrayList<>(new TreeSet<>(StopWords.ENGLISH)));
    assertEquals(318, StopWords.ENGLISH.size());
  }

  @Test
  void smsBagOfWordsMatchesScikitLearn() {
    CountVectorizer cv =
        new CountVectorizer().stopWords(StopWords.ENGLISH).lowercase(true).maxFeatures(3000);
    CsrMatrix x = cv.fitTransform(sms);
    JsonNode exp = fx.get("sms_count");
    checkMaxFeatures(exp, cv.getFeatureNames(), sms);
    checkMatrix(exp, cv.getFeatureNames(), x, 0);
    assertEquals(
        "<5572x3000 sparse matrix of type '<class 'numpy.int64'>' with "
            + exp.get("nnz").asInt()
            + " stored elements in Compressed Sparse Row format>",
        x.toString());
  }

  @Test
  void reviewsTfidfMatchesScikitLearn() {
    TfidfVectorizer tv = new TfidfVectorizer().stopWords(StopWords.ENGLISH).maxFeatures(10000);
    CsrMatrix x = tv.fitTransform(reviews);
    JsonNode exp = fx.get("reviews_tfidf");
    checkMaxFeatures(exp, tv.getFeatureNames(), reviews);
    assertEquals(14049, x.rows());
    double[] idf = tv.idf();
    JsonNode e = exp.get("idf");
    for (int j = 0; j < idf.length; j++) {
      assertEquals(e.get(j).asDouble(), idf[j], 1e-12, "idf " + j);
    }
    checkMatrix(exp, tv.getFeatureNames(), x, 1e-12);
    assertTrue(x.toString().contains("numpy.float64"));
  }

  @Test
  void bigramsDocumentFrequencyLimitsAndBinaryMatchScikitLearn() {
    CountVectorizer cv = new CountVectorizer().ngramRange(1, 2).minDf(2).maxDf(0.5).binary(true);
    CsrMatrix x = cv.fitTransform(yelp);
    JsonNode exp = fx.get("yelp_count_bigrams");
    checkMatrix(exp, cv.getFeatureNames(), x, 0);
    List<String> docs = new ArrayList<>(yelp.subList(0, 100));
    docs.add("the food was good good good");
    checkCsr(exp.get("transformed"), cv.transform(docs), 0);
  }

  @Test
  void sublinearUnsmoothedL1TfidfMatchesScikitLearn() {
    TfidfVectorizer tv =
        new TfidfVectorizer()
            .ngramRange(1, 2)
            .minDf(2)
            .sublinearTf(true)
            .smoothIdf(false)
            .norm("l1");
    CsrMatrix x = tv.fitTransform(yelp);
    JsonNode exp = fx.get("yelp_tfidf_variants");
    checkMatrix(exp, tv.getFeatureNames(), x, 1e-12);
    double[] idf = tv.idf();
    for (int j = 0; j < idf.length; j++) {
      assertEquals(exp.get("idf").get(j).asDouble(), idf[j], 1e-12);
    }
  }

  @Test
  void termFrequencyWithoutIdfAndCaseMatchesScikitLearn() {
    TfidfVectorizer tv =
        new TfidfVectorizer().useIdf(false).lowercase(false).maxDf(10).minDf(0.002);
    CsrMatrix x = tv.fitTransform(yelp);
    checkMatrix(fx.get("yelp_tf_no_idf"), tv.getFeatureNames(), x, 1e-12);
  }

  @Test
  void sparseBatchesDensifyRowsInOrder() {
    CountVectorizer cv = new CountVectorizer();
    CsrMatrix x = cv.fitTransform(List.of("a bb cc", "bb bb", "dd cc", "ee", "cc cc cc"));
    float[] y = {1, 0, 1, 0, 1};
    SparseBatches b = new SparseBatches(x, y).batchSize(2);
    assertEquals(3, b.steps());
    assertEquals(5, b.samples());
    double[][] dense = x.toDense();
    try (TensorScope scope = new TensorScope()) {
      Batch last = b.batch(2);
      assertArrayEquals(new long[] {1, x.cols()}, last.x()[0].shape());
      Batch first = b.batch(0);
      float[] f = first.x()[0].toFloatArray();
      for (int c = 0; c < x.cols(); c++) {
        assertEquals((float) dense[1][c], f[x.cols() + c]);
      }
      assertArrayEquals(new float[] {1, 0}, first.y()[0].toFloatArray());
      b.shuffle(3);
      b.onEpochBegin(0);
      int[] order = b.order();
      assertEquals(
          Set.of(0, 1, 2, 3, 4),
          new HashSet<>(List.of(order[0], order[1], order[2], order[3], order[4])));
      Batch s = b.batch(1);
      float[] sx = s.x()[0].toFloatArray();
      for (int c = 0; c < x.cols(); c++) {
        assertEquals((float) dense[order[2]][c], sx[c]);
      }
      assertEquals(y[order[3]], s.y()[0].toFloatArray()[1]);
      Tensor t = x.toTensor();
      assertArrayEquals(new long[] {5, x.cols()}, t.shape());
      CsrMatrix picked = x.selectRows(new int[] {4, 1, 4});
      assertArrayEquals(dense[4], picked.toDense()[0]);
      assertArrayEquals(dense[1], picked.toDense()[1]);
      assertArrayEquals(dense[4], picked.toDense()[2]);
      assertThrows(IndexOutOfBoundsException.class, () -> x.selectRows(new int[] {5}));
    }
    assertThrows(IndexOutOfBoundsException.class, () -> b.batch(3));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SparseBatches(x, new float[4]));
    assertTrue(e.getMessage().contains("5 targets"), e.getMessage());
  }

  @Test
  void fitOnSparseBatchesTrainsAsOnTheDenseMatrix() {
    CountVectorizer cv = new CountVectorizer().stopWords(StopWords.ENGLISH).maxFeatures(200);
    CsrMatrix x = cv.fitTransform(sms.subList(0, 500));
    float[] y = new float[500];
    for (int i = 0; i < y.length; i++) {
      y[i] = sms.get(i).toLowerCase().contains("free") ? 1 : 0;
    }
    try (TensorScope scope = new TensorScope()) {
      Model sparse = logistic();
      Model dense = logistic();
      FitOptions o = new FitOptions().epochs(2).verbose(0);
      sparse.fit(new SparseBatches(x, y).batchSize(64), o);
      dense.fit(new TensorDataset(x.toTensor(), Tensor.fromArray(y, y.length, 1)).batchSize(64), o);
      float[] ws = sparse.getWeights().get(0).toFloatArray();
      float[] wd = dense.getWeights().get(0).toFloatArray();
      assertArrayEquals(wd, ws);
      assertTrue(ws[cv.vocabulary().get("free")] > 0.01f, "training moved the weight of 'free'");
    }
  }

  private static Model logistic() {
    Sequential m = new Sequential();
    m.add(
        new Dense(1)
            .inputDim(200)
            .activation("sigmoid")
            .kernelInitializer(new Constant(0.01))
            .biasInitializer(new Constant(0)));
    m.compile(new SGD(0.5), "binary_crossentropy");
    return m;
  }

  @Test
  void badArgumentsAreNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new CountVectorizer().ngramRange(2, 1));
    assertTrue(e.getMessage().contains("'ngramRange'"), e.getMessage());
    IllegalArgumentException prune =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CountVectorizer().minDf(2).fitTransform(List.of("aa bb", "cc dd")));
    assertTrue(prune.getMessage().contains("no terms remain"), prune.getMessage());
    IllegalArgumentException df =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CountVectorizer().minDf(5).fitTransform(List.of("aa bb", "cc dd")));
    assertTrue(df.getMessage().contains("'maxDf'"), df.getMessage());
    assertThrows(IllegalStateException.class, () -> new TfidfVectorizer().transform(List.of("x")));
    assertThrows(IllegalArgumentException.class, () -> new TfidfVectorizer().norm("l3"));
  }

  /**
   * scikit-learn's own max_features choice breaks ties at the cut-off count arbitrarily (numpy's
   * unstable argsort); every term above the cut-off must agree, and as many tied terms be kept.
   */
  private static void checkMaxFeatures(JsonNode exp, List<String> mine, List<String> docs) {
    double cut = exp.get("cut_count").asDouble();
    assertTrue(cut > 0);
    Set<String> theirs = new HashSet<>();
    exp.get("sklearn_features").forEach(w -> theirs.add(w.asText()));
    assertEquals(theirs.size(), mine.size());
    Set<String> expectedFeatures = new HashSet<>();
    exp.get("features").forEach(w -> expectedFeatures.add(w.asText()));
    // The fixture's "features" are the alphabetical tie-break of the same ranking.
    assertEquals(expectedFeatures, new HashSet<>(mine));
    Set<String> differing = new HashSet<>(theirs);
    differing.removeAll(mine);
    CountVectorizer all = new CountVectorizer().stopWords(StopWords.ENGLISH);
    CsrMatrix counts = all.fitTransform(docs);
    double[] totals = new double[counts.cols()];
    int[] idx = counts.indices();
    double[] data = counts.data();
    for (int k = 0; k < idx.length; k++) {
      totals[idx[k]] += data[k];
    }
    for (String w : differing) {
      assertEquals(cut, totals[all.vocabulary().get(w)], 0.0, "'" + w + "' is not a tied term");
    }
    for (String w : mine) {
      if (!theirs.contains(w)) {
        assertEquals(cut, totals[all.vocabulary().get(w)], 0.0, "'" + w + "' is not a tied term");
      }
    }
  }

  private static void checkMatrix(JsonNode exp, List<String> names, CsrMatrix x, double tol) {
    List<String> features = new ArrayList<>();
    exp.get("features").forEach(w -> features.add(w.asText()));
    assertEquals(features, names);
    assertEquals(exp.get("nnz").asInt(), x.nnz());
    checkCsr(exp.get("matrix"), x, tol);
  }

  private static void checkCsr(JsonNode m, CsrMatrix x, double tol) {
    int rows = m.get("shape").get(0).asInt();
    assertEquals(m.get("shape").get(1).asInt(), x.cols());
    int[] indptr = PythonScripts.ints(m.get("indptr"));
    int[] indices = PythonScripts.ints(m.get("indices"));
    double[] data = PythonScripts.doubles(m.get("data"));
    int[] myPtr = x.indptr();
    int[] myIdx = x.indices();
    double[] myData = x.data();
    for (int r = 0; r < rows; r++) {
      assertEquals(indptr[r + 1] - indptr[r], myPtr[r + 1] - myPtr[r], "stored values in row " + r);
      for (int k = 0; k < indptr[r + 1] - indptr[r]; k++) {
        assertEquals(indices[indptr[r] + k], myIdx[myPtr[r] + k], "row " + r);
        assertEquals(data[indptr[r] + k], myData[myPtr[r] + k], tol, "row " + r);
      }
    }
  }
}
