package dev.myelin.examples;

import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.text.CountVectorizer;
import dev.myelin.data.text.CsrMatrix;
import dev.myelin.data.text.StopWords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Chapter 8.0 and 8.2: the SMS spam baseline, then a bag of words ({@code CountVectorizer} with
 * English stop words and 3000 features) fed to one sigmoid unit. The sparse matrix is densified a
 * batch at a time by {@link SparseBatches}; the most positive and most negative weights name the
 * spam and ham words, as the book prints them.
 */
public final class BagOfWords implements Example {
  /** The figures the chapter prints. */
  public record Result(
      double baseline,
      String matrix,
      int trainSize,
      int testSize,
      double testAccuracy,
      List<String> spamWords,
      List<String> hamWords) {}

  @Override
  public String name() {
    return "bag-of-words";
  }

  @Override
  public String description() {
    return "ch.8 SMS spam: baseline, CountVectorizer(3000) bag of words -> Dense(1, sigmoid)";
  }

  @Override
  public void run(String[] args) {
    run(Book.dataDir(args), 10, true);
  }

  /** Runs the chapter's steps for {@code epochs} epochs. */
  public static Result run(Path data, int epochs, boolean print) {
    DataFrame df = Book.csv(data, "sms_spam.csv");
    List<String> docs = new ArrayList<>();
    int[] y = new int[df.length()];
    for (int i = 0; i < y.length; i++) {
      docs.add(String.valueOf(df.get("message").get(i)));
      y[i] = ((Number) df.get("spam").get(i)).intValue();
    }
    double baseline = 1 - IntStream.of(y).average().orElse(0);
    CountVectorizer vect =
        new CountVectorizer().stopWords(StopWords.ENGLISH).lowercase(true).maxFeatures(3000);
    CsrMatrix x = vect.fitTransform(docs);
    // The book's split_fit_eval: train_test_split(X, y, random_state=0), test_size 0.25.
    Split split = new TrainTestSplit().randomState(0).split(y.length);
    SparseLogistic.Trained t = SparseLogistic.train(x, y, split, epochs);
    double accuracy = t.accuracy();
    float[] w = t.weights();
    int[] yTest = IntStream.of(split.test()).map(i -> y[i]).toArray();
    List<String> vocab = vect.getFeatureNames();
    List<Integer> byWeight = new ArrayList<>(IntStream.range(0, w.length).boxed().toList());
    byWeight.sort(Comparator.comparingDouble(i -> -w[i]));
    List<String> spam = byWeight.subList(0, 20).stream().map(vocab::get).toList();
    List<String> ham = byWeight.subList(w.length - 20, w.length).stream().map(vocab::get).toList();
    Result r =
        new Result(baseline, x.toString(), split.train().length, yTest.length, accuracy, spam, ham);
    if (print) {
      System.out.println(Book.fmt("Baseline accuracy: %.3f", baseline));
      System.out.println(x);
      System.out.println(Book.fmt("Test set accuracy: %.3f", accuracy));
      System.out.println("Most spam-like words: " + spam);
      System.out.println("Most ham-like words: " + ham);
    }
    return r;
  }
}
