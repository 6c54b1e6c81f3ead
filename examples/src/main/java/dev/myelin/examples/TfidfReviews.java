package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.preprocessing.LabelEncoder;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.text.CsrMatrix;
import dev.myelin.data.text.StopWords;
import dev.myelin.data.text.TfidfVectorizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Chapter 8.3: movie-review sentiment from TF-IDF. The reviews without a vote are dropped (14,049
 * left), the vote is label-encoded (fresh 0, rotten 1), {@code TfidfVectorizer(stop_words=
 * 'english', max_features=10000)} gives a sparse matrix, and one sigmoid unit is trained on it.
 */
public final class TfidfReviews implements Example {
  /** The figures the chapter prints. */
  public record Result(
      int rows,
      double majority,
      String matrix,
      int testRows,
      List<Double> losses,
      double testAccuracy) {}

  @Override
  public String name() {
    return "tfidf-reviews";
  }

  @Override
  public String description() {
    return "ch.8 movie reviews: TfidfVectorizer(10000) -> Dense(1, sigmoid) sentiment";
  }

  @Override
  public void run(String[] args) {
    run(Book.dataDir(args), 30, 0, true);
  }

  /** Trains for {@code epochs}, seeded by {@code seed}. */
  public static Result run(Path data, int epochs, long seed, boolean print) {
    DataFrame df = Book.csv(data, "movie_reviews.csv");
    df = df.filter(df.get("vote").ne("none"));
    List<String> reviews = new ArrayList<>();
    List<String> votes = new ArrayList<>();
    for (int i = 0; i < df.length(); i++) {
      reviews.add(String.valueOf(df.get("review").get(i)));
      votes.add(String.valueOf(df.get("vote").get(i)));
    }
    int[] y = new LabelEncoder<String>().fitTransform(votes);
    double rotten = IntStream.of(y).average().orElse(0);
    double majority = Math.max(rotten, 1 - rotten);
    CsrMatrix x =
        new TfidfVectorizer().stopWords(StopWords.ENGLISH).maxFeatures(10000).fitTransform(reviews);
    Split split = new TrainTestSplit().randomState(0).split(y.length);
    Myelin.setSeed(seed);
    SparseLogistic.Trained t = SparseLogistic.train(x, y, split, epochs);
    if (print) {
      System.out.println(x);
      System.out.println(Book.fmt("Reference (majority) accuracy: %.3f", majority));
      System.out.println(Book.fmt("Test set accuracy: %.3f", t.accuracy()));
    }
    return new Result(
        y.length, majority, x.toString(), split.test().length, t.losses(), t.accuracy());
  }
}
