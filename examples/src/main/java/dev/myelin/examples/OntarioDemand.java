package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.callbacks.EarlyStopping;
import dev.myelin.data.metrics.RegressionMetrics;
import dev.myelin.data.table.Csv;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.table.Series;
import dev.myelin.data.timeseries.LaggedWindows;
import dev.myelin.initializers.Initializer;
import dev.myelin.layers.Dense;
import dev.myelin.layers.LSTM;
import dev.myelin.layers.SimpleRNN;
import dev.myelin.models.FitOptions;
import dev.myelin.models.PredictOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Chapter 7.4 to 7.7: forecasting Ontario's hourly electricity demand one hour ahead. The demand is
 * indexed by date and hour, split at 2014-01-01, scaled by {@code (x - 10000) / 5000}; then a dense
 * network on the previous value (with early stopping), a stateful SimpleRNN and a stateful LSTM fed
 * one value at a time (batch 1, no shuffling), and an LSTM on windows of the last 24 hours.
 *
 * <p>The stateful models take one optimizer step per hour (93,551 per epoch); {@code --limit N}
 * trains and scores them on the first N hours of each set only, which the acceptance test uses.
 */
public final class OntarioDemand implements Example {
  /** What one model scored on the test set, and its per-epoch training losses. */
  public record Score(double mse, double r2, List<Double> losses) {}

  /** The figures the chapter prints. */
  public record Result(
      LocalDateTime firstIndex,
      double[] firstScaled,
      int trainRows,
      int testRows,
      long denseParams,
      int denseStoppedEpoch,
      Score dense,
      Score simpleRnn,
      Score statefulLstm,
      long[] windowShape,
      Score windowLstm) {}

  /** How much of the chapter to run. */
  public record Settings(int statefulLimit, int lstmEpochs, int windowEpochs, long seed) {
    /** The book's settings: all hours, 2 epochs of the stateful LSTM, 5 of the window LSTM. */
    public static Settings book() {
      return new Settings(Integer.MAX_VALUE, 2, 5, 0);
    }
  }

  @Override
  public String name() {
    return "ontario-demand";
  }

  @Override
  public String description() {
    return "ch.7 Ontario demand: dense, stateful SimpleRNN/LSTM and 24-hour-window LSTM forecasts";
  }

  @Override
  public void run(String[] args) {
    String limit = Book.option(args, "--limit");
    Settings s = Settings.book();
    if (limit != null) {
      s = new Settings(Integer.parseInt(limit), s.lstmEpochs(), s.windowEpochs(), s.seed());
    }
    run(Book.dataDir(args), s, true);
  }

  /** The scaled demand before (train) and after (test) the split, in time order. */
  record Scaled(LocalDateTime first, double[] train, double[] test) {}

  static Scaled load(Path data) {
    DataFrame df = Csv.read(data.resolve("ZonalDemands_2003-2016.csv.bz2"));
    Series when = df.get("Date").toDatetime().plus(df.get("Hour"), ChronoUnit.HOURS);
    DataFrame indexed = df.withIndex(when.rename("Date")).select("Total Ontario");
    LocalDateTime split = LocalDateTime.of(2014, 1, 1, 0, 0);
    // The book's df.loc[:split_date] and df.loc[split_date:] both hold the split hour.
    double[] train =
        indexed.locRange(null, split).get("Total Ontario").sub(10000).div(5000).toDoubleArray();
    double[] test =
        indexed.locRange(split, null).get("Total Ontario").sub(10000).div(5000).toDoubleArray();
    return new Scaled((LocalDateTime) when.get(0), train, test);
  }

  /** Runs the chapter's four forecasters; {@code print} writes the book's lines. */
  public static Result run(Path data, Settings s, boolean print) {
    Myelin.setSeed(s.seed());
    Scaled sc = load(data);
    // X = series[:-1], y = series[1:]: predict the next hour from this one.
    double[] xTrain = Arrays.copyOf(sc.train(), sc.train().length - 1);
    double[] yTrain = Arrays.copyOfRange(sc.train(), 1, sc.train().length);
    double[] xTest = Arrays.copyOf(sc.test(), sc.test().length - 1);
    double[] yTest = Arrays.copyOfRange(sc.test(), 1, sc.test().length);
    if (print) {
      System.out.println("first index " + sc.first());
      System.out.println("X_train " + xTrain.length + ", X_test " + xTest.length);
    }

    // 7.4: Dense(24) -> Dense(12) -> Dense(6) -> Dense(1), early stopping on the training loss.
    Sequential dense = new Sequential();
    dense.add(new Dense(24).inputDim(1).activation("relu"));
    dense.add(new Dense(12).activation("relu"));
    dense.add(new Dense(6).activation("relu"));
    dense.add(new Dense(1));
    dense.compile("adam", "mean_squared_error");
    if (print) {
      dense.summary();
    }
    EarlyStopping stop = new EarlyStopping().monitor("loss").patience(1).verbose(print ? 1 : 0);
    Score denseScore =
        fitScore(
            dense,
            xTrain,
            yTrain,
            xTest,
            yTest,
            new long[] {1},
            new FitOptions().epochs(200).batchSize(512).verbose(0).callbacks(stop),
            512);
    report("dense", denseScore, print);

    // 7.5 and 7.6: one value per step, the state carried from batch to batch (batch size 1).
    int n = Math.min(s.statefulLimit(), xTrain.length);
    int nt = Math.min(s.statefulLimit(), xTest.length);
    double[] xs = Arrays.copyOf(xTrain, n);
    double[] ys = Arrays.copyOf(yTrain, n);
    double[] xst = Arrays.copyOf(xTest, nt);
    double[] yst = Arrays.copyOf(yTest, nt);
    Sequential rnn = new Sequential();
    rnn.add(
        new SimpleRNN(6)
            .batchInputShape(1, 1, 1)
            .kernelInitializer(Initializer.get("ones"))
            .stateful(true));
    rnn.add(new Dense(1));
    rnn.compile(new Adam(0.0005), "mean_squared_error");
    FitOptions stateful = new FitOptions().epochs(1).batchSize(1).shuffle(false).verbose(0);
    Score rnnScore = fitScore(rnn, xs, ys, xst, yst, new long[] {1, 1}, stateful, 1);
    report("stateful SimpleRNN", rnnScore, print);

    Sequential lstm = new Sequential();
    lstm.add(
        new LSTM(6)
            .batchInputShape(1, 1, 1)
            .kernelInitializer(Initializer.get("ones"))
            .stateful(true));
    lstm.add(new Dense(1));
    lstm.compile(new Adam(0.0005), "mean_squared_error");
    Score lstmScore =
        fitScore(lstm, xs, ys, xst, yst, new long[] {1, 1}, stateful.epochs(s.lstmEpochs()), 1);
    report("stateful LSTM", lstmScore, print);

    // 7.7: windows of the previous 24 hours (create_lagged_Xy_win(train_sc, 1, 24)).
    LaggedWindows wTrain = LaggedWindows.of(sc.train(), 1, 24);
    LaggedWindows wTest = LaggedWindows.of(sc.test(), 1, 24);
    Sequential win = new Sequential();
    win.add(new LSTM(6).inputShape(24, 1).kernelInitializer(Initializer.get("ones")));
    win.add(new Dense(1));
    win.compile(new Adam(0.05), "mean_squared_error");
    Score winScore;
    try (TensorScope scope = new TensorScope()) {
      var h =
          win.fit(
              wTrain.toTensor(),
              wTrain.targets(),
              new FitOptions().epochs(s.windowEpochs()).batchSize(256).verbose(print ? 1 : 0));
      Tensor p = win.predict(wTest.toTensor(), new PredictOptions().batchSize(256));
      winScore = score(wTest.y(), p.toFloatArray(), h.history().get("loss"));
    }
    report("LSTM on 24-hour windows", winScore, print);
    return new Result(
        sc.first(),
        Arrays.copyOf(sc.train(), 5),
        xTrain.length,
        xTest.length,
        dense.countParams(),
        stop.stoppedEpoch(),
        denseScore,
        rnnScore,
        lstmScore,
        new long[] {wTrain.samples(), wTrain.windowLen(), wTrain.features()},
        winScore);
  }

  private static Score fitScore(
      Sequential model,
      double[] x,
      double[] y,
      double[] xTest,
      double[] yTest,
      long[] featureShape,
      FitOptions options,
      int predictBatch) {
    try (TensorScope scope = new TensorScope()) {
      var h = model.fit(tensor(x, featureShape), tensor(y, 1), options);
      float[] p =
          model
              .predict(tensor(xTest, featureShape), new PredictOptions().batchSize(predictBatch))
              .toFloatArray();
      float[] yt = new float[yTest.length];
      for (int i = 0; i < yt.length; i++) {
        yt[i] = (float) yTest[i];
      }
      return score(yt, p, h.history().get("loss"));
    }
  }

  private static Score score(float[] yTrue, float[] yPred, List<Double> losses) {
    double[] t = new double[yTrue.length];
    double[] p = new double[yPred.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = yTrue[i];
      p[i] = yPred[i];
    }
    return new Score(RegressionMetrics.mse(t, p), RegressionMetrics.r2(t, p), List.copyOf(losses));
  }

  /** A float32 tensor of shape {@code (n, featureShape...)} from {@code values}. */
  private static Tensor tensor(double[] values, long... featureShape) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    long[] shape = new long[featureShape.length + 1];
    shape[0] = values.length;
    System.arraycopy(featureShape, 0, shape, 1, featureShape.length);
    return Tensor.fromArray(f, shape);
  }

  private static void report(String what, Score s, boolean print) {
    if (print) {
      System.out.println(what + ": losses " + s.losses());
      System.out.println(Book.fmt("MSE: %.3f", s.mse()));
      System.out.println(Book.fmt("R2: %.3f", s.r2()));
    }
  }
}
