package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.TensorScope;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.metrics.RegressionMetrics;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.plot.Axes;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.data.preprocessing.MinMaxScaler;
import dev.myelin.data.preprocessing.StandardScaler;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.table.Series;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import java.nio.file.Path;
import java.util.List;

/**
 * Chapter 3: feature preprocessing. Categorical features become dummy columns ({@code
 * get_dummies}); numeric features are rescaled by hand, with MinMaxScaler and with StandardScaler
 * (weight-height); the same linear model on raw and rescaled house data shows why scale matters;
 * the HR data get dummies and a scaled column before a logistic regression.
 */
public final class FeatureEngineering implements Example {
  /** The scaled weight-height table's summary, the dummies and the two models' scores. */
  public record Result(
      List<String> genderDummies,
      DataFrame scaledDescribe,
      double housingRawR2,
      double housingScaledR2,
      int hrFeatures,
      double hrBenchmark,
      double hrTestAccuracy,
      Path plot) {}

  @Override
  public String name() {
    return "feature-engineering";
  }

  @Override
  public String description() {
    return "ch.3 get_dummies and feature scaling (manual, MinMax, Standard) on weight-height, "
        + "housing, HR";
  }

  @Override
  public void run(String[] args) {
    Result r = run(Book.dataDir(args), Book.outDir(name(), args), 20, 0);
    System.out.println("Dummy columns: " + r.genderDummies());
    System.out.println(r.scaledDescribe());
    System.out.println(
        Book.fmt(
            "Housing R2 (test), raw features: %.3f; rescaled: %.3f",
            r.housingRawR2(), r.housingScaledR2()));
    System.out.println(
        Book.fmt(
            "HR: %d features; benchmark %.3f; test accuracy %.3f",
            r.hrFeatures(), r.hrBenchmark(), r.hrTestAccuracy()));
  }

  /** Runs the comparisons, training each model for {@code epochs}. */
  public static Result run(Path data, Path out, int epochs, long seed) {
    DataFrame df = Book.csv(data, "weight-height.csv");
    List<String> dummies = DataFrame.getDummies(df.get("Gender"), "Gender").columns();

    double[][] hw = df.toDoubleMatrix("Height", "Weight");
    double[][] mms = new MinMaxScaler().fitTransform(hw);
    double[][] ss = new StandardScaler().fitTransform(hw);
    DataFrame scaled =
        df.assign("Height (feet)", df.get("Height").div(12.0))
            .assign("Weight (100 lbs)", df.get("Weight").div(100.0))
            .assign("Height_mms", Series.of("Height_mms", Book.col(mms, 0)))
            .assign("Weight_mms", Series.of("Weight_mms", Book.col(mms, 1)))
            .assign("Height_ss", Series.of("Height_ss", Book.col(ss, 0)))
            .assign("Weight_ss", Series.of("Weight_ss", Book.col(ss, 1)));
    DataFrame describe = scaled.describe().round(2);

    String[] cols = {
      "Height",
      "Height (feet)",
      "Height_mms",
      "Height_ss",
      "Weight",
      "Weight (100 lbs)",
      "Weight_mms",
      "Weight_ss"
    };
    Figure fig = Plot.figure(1400, 600);
    Axes[][] ax = fig.subplots(2, 4);
    for (int i = 0; i < cols.length; i++) {
      ax[i / 4][i % 4]
          .hist(scaled.get(cols[i]).toDoubleArray(), 40)
          .setTitle(cols[i])
          .setXLabel("value")
          .setYLabel(i % 4 == 0 ? "count" : null);
    }
    Path plot = Book.save(fig, out, "scaling.png");

    // Housing: price from sqft, bdrms, age, raw and rescaled (sqft/1000, age/10, price/1e5).
    DataFrame house = Book.csv(data, "housing-data.csv");
    double[][] xRaw = house.toDoubleMatrix("sqft", "bdrms", "age");
    double[] yRaw = house.get("price").toDoubleArray();
    double[][] xSc =
        house
            .assign("sqft", house.get("sqft").div(1000.0))
            .assign("age", house.get("age").div(10.0))
            .toDoubleMatrix("sqft", "bdrms", "age");
    double[] ySc = house.get("price").div(1e5).toDoubleArray();
    Split hs = new TrainTestSplit().testSize(0.2).randomState(0).split(yRaw.length);
    double rawR2 = regress(xRaw, yRaw, hs, 0.8, epochs, seed);
    double scaledR2 = regress(xSc, ySc, hs, 0.1, epochs, seed);

    // HR: who left. Scaled hours, dummies of the department ('sales') and the salary band.
    DataFrame hr = Book.csv(data, "HR_comma_sep.csv");
    hr =
        hr.assign("average_montly_hours_100", hr.get("average_montly_hours").div(100.0))
            .drop("average_montly_hours")
            .getDummies("sales", "salary");
    String[] features = hr.columns().stream().filter(c -> !c.equals("left")).toArray(String[]::new);
    double[][] xHr = hr.toDoubleMatrix(features);
    int[] yHr = hr.toIntLabels("left");
    double benchmark = 1 - hr.get("left").mean();
    Split split = new TrainTestSplit().testSize(0.2).randomState(0).split(yHr.length);
    double hrAcc;
    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(seed);
      Sequential model =
          new Sequential(new Dense(1).inputDim(features.length).activation("sigmoid"));
      model.compile(new Adam(0.5), "binary_crossentropy", "accuracy");
      model.fit(
          Book.tensor(Split.take(xHr, split.train())),
          Book.column(Split.take(yHr, split.train())),
          new FitOptions().epochs(Math.max(1, epochs / 2)).verbose(0));
      hrAcc =
          ClassificationMetrics.accuracy(
              Split.take(yHr, split.test()),
              Book.above(Book.predict(model, Split.take(xHr, split.test())), 0.5));
    }
    return new Result(dummies, describe, rawR2, scaledR2, features.length, benchmark, hrAcc, plot);
  }

  private static double regress(
      double[][] x, double[] y, Split s, double lr, int epochs, long seed) {
    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(seed);
      Sequential model = new Sequential(new Dense(1).inputDim(3));
      model.compile(new Adam(lr), "mean_squared_error");
      model.fit(
          Book.tensor(Split.take(x, s.train())),
          Book.column(Split.take(y, s.train())),
          new FitOptions().epochs(epochs).verbose(0));
      return RegressionMetrics.r2(
          Split.take(y, s.test()), Book.predict(model, Split.take(x, s.test())));
    }
  }
}
