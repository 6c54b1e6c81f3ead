package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.table.DataFrame;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chapter 8.1: two hand-made features of each SMS, the number of times the word "free" occurs
 * (lower-cased, as a whole word) and the number of digits ({@code re.findall('[0-9]', sentence)}),
 * fed to one sigmoid unit ({@code split_fit_eval}: {@code train_test_split(random_state=0)}, Adam,
 * 10 epochs).
 */
public final class SpamFeatures implements Example {
  private static final Pattern FREE = Pattern.compile("\\bfree\\b");
  private static final Pattern DIGIT = Pattern.compile("[0-9]");

  /** The two features of every message and the test accuracy. */
  public record Result(double[][] features, int testRows, double testAccuracy) {}

  @Override
  public String name() {
    return "spam-features";
  }

  @Override
  public String description() {
    return "ch.8 SMS spam from two features (count of 'free', count of digits) -> Dense(1)";
  }

  @Override
  public void run(String[] args) {
    Result r = run(Book.dataDir(args), 10, 0);
    System.out.println(Book.fmt("Simple model accuracy: %.3f", r.testAccuracy()));
  }

  static int count(Pattern p, String s) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** Trains for {@code epochs}, seeded by {@code seed}. */
  public static Result run(Path data, int epochs, long seed) {
    DataFrame df = Book.csv(data, "sms_spam.csv");
    double[][] x = new double[df.length()][];
    int[] y = new int[df.length()];
    for (int i = 0; i < y.length; i++) {
      String m = String.valueOf(df.get("message").get(i));
      x[i] = new double[] {count(FREE, m.toLowerCase(Locale.ROOT)), count(DIGIT, m)};
      y[i] = ((Number) df.get("spam").get(i)).intValue();
    }
    Split split = new TrainTestSplit().randomState(0).split(y.length);
    Myelin.setSeed(seed);
    Sequential model = new Sequential();
    model.add(new Dense(1).inputDim(2).activation("sigmoid"));
    model.compile("adam", "binary_crossentropy", "accuracy");
    model.fit(
        Split.take(x, split.train()),
        Book.doubles(Split.take(y, split.train())),
        new FitOptions().epochs(epochs).verbose(0));
    double[] p = Book.predict(model, Split.take(x, split.test()));
    double acc = ClassificationMetrics.accuracy(Split.take(y, split.test()), Book.above(p, 0.5));
    return new Result(x, split.test().length, acc);
  }
}
