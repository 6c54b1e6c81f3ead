package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.preprocessing.LabelEncoder;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.text.Sequences;
import dev.myelin.data.text.Tokenizer;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.LSTM;
import dev.myelin.models.EvaluateOptions;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chapter 8.4 and 8.5: an {@code Embedding} turns word indices into vectors (a repeated index gives
 * the same row), then movie-review sentiment with {@code Embedding(10000, 16) -> LSTM(32) ->
 * Dense(1, sigmoid)} on the reviews tokenized by a {@code Tokenizer(num_words=10000)} and padded to
 * the longest review (49 words).
 */
public final class SentimentLstm implements Example {
  /** The figures the chapter prints. */
  public record Result(
      float[][] embeddingDemo,
      long[] demoBatchShape,
      int documentCount,
      List<String> firstWords,
      long[] xShape,
      int trainRows,
      int testRows,
      String summary,
      long params,
      Map<String, List<Double>> history,
      double testAccuracy) {}

  @Override
  public String name() {
    return "sentiment-lstm";
  }

  @Override
  public String description() {
    return "ch.8 movie reviews: Tokenizer(10000), pad_sequences, Embedding(16) -> LSTM(32) -> 1";
  }

  @Override
  public void run(String[] args) {
    Result r = run(Book.dataDir(args), 8, 1, 0);
    System.out.println(Book.fmt("Test accuracy: %.4f", r.testAccuracy()));
  }

  /** Runs 8.4 and 8.5 with {@code epochs} of training, seeded by {@code seed}. */
  public static Result run(Path data, int epochs, int verbose, long seed) {
    Myelin.setSeed(seed);
    Sequential demoModel = new Sequential();
    demoModel.add(new Embedding(100, 2));
    demoModel.compile("sgd", "categorical_crossentropy");
    float[][] demo = embeddingDemo(demoModel, verbose > 0);
    long[] batchShape;
    try (TensorScope scope = new TensorScope()) {
      batchShape =
          demoModel
              .predict(
                  Sequences.toTensor(
                      new int[][] {{0, 81, 1, 0, 79}, {1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}}))
              .shape();
    }

    DataFrame df = Book.csv(data, "movie_reviews.csv");
    df = df.filter(df.get("vote").ne("none"));
    List<String> reviews = new ArrayList<>();
    List<String> votes = new ArrayList<>();
    for (int i = 0; i < df.length(); i++) {
      reviews.add(String.valueOf(df.get("review").get(i)));
      votes.add(String.valueOf(df.get("vote").get(i)));
    }
    int[] y = new LabelEncoder<String>().fitTransform(votes);
    Tokenizer tok = new Tokenizer().numWords(10000);
    tok.fitOnTexts(reviews);
    List<String> first = new ArrayList<>(tok.wordIndex().keySet()).subList(0, 10);
    // pad_sequences without maxlen pads to the longest review.
    int[][] x = Sequences.padSequences(tok.textsToSequences(reviews));
    int maxlen = x[0].length;
    if (verbose > 0) {
      System.out.println("document_count " + tok.documentCount() + ", first words " + first);
      System.out.println("X shape (" + x.length + ", " + maxlen + ")");
    }
    Split split = new TrainTestSplit().randomState(0).split(x.length);
    Sequential model = new Sequential();
    model.add(new Embedding(10000, 16).inputLength(maxlen));
    model.add(new LSTM(32));
    model.add(new Dense(1).activation("sigmoid"));
    model.compile("adam", "binary_crossentropy", "accuracy");
    try (TensorScope scope = new TensorScope()) {
      Tensor xTrain = Sequences.toTensor(rows(x, split.train()));
      Tensor yTrain = Book.column(Split.take(y, split.train()));
      Tensor xTest = Sequences.toTensor(rows(x, split.test()));
      Tensor yTest = Book.column(Split.take(y, split.test()));
      model.build(new long[] {-1, maxlen});
      String summary = model.summaryString();
      if (verbose > 0) {
        System.out.print(summary);
      }
      var h =
          model.fit(
              xTrain,
              yTrain,
              new FitOptions().batchSize(128).epochs(epochs).validationSplit(0.2).verbose(verbose));
      double acc = model.evaluate(xTest, yTest, new EvaluateOptions().verbose(0))[1];
      return new Result(
          demo,
          batchShape,
          tok.documentCount(),
          List.copyOf(first),
          new long[] {x.length, maxlen},
          split.train().length,
          split.test().length,
          summary,
          model.countParams(),
          h.history(),
          acc);
    }
  }

  /** 8.4: {@code Embedding(input_dim=100, output_dim=2)} applied to {@code [[0, 81, 1, 0, 79]]}. */
  static float[][] embeddingDemo(Sequential model, boolean print) {
    try (TensorScope scope = new TensorScope()) {
      float[] out =
          model.predict(Sequences.toTensor(new int[][] {{0, 81, 1, 0, 79}})).toFloatArray();
      float[][] rows = new float[5][];
      for (int i = 0; i < 5; i++) {
        rows[i] = new float[] {out[2 * i], out[2 * i + 1]};
        if (print) {
          System.out.println(Book.fmt("[%.8f, %.8f]", rows[i][0], rows[i][1]));
        }
      }
      return rows;
    }
  }

  private static int[][] rows(int[][] x, int[] idx) {
    int[][] out = new int[idx.length][];
    for (int i = 0; i < idx.length; i++) {
      out[i] = x[idx[i]];
    }
    return out;
  }
}
