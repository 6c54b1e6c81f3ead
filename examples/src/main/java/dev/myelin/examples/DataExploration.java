package dev.myelin.examples;

import dev.myelin.data.image.Image;
import dev.myelin.data.image.Images;
import dev.myelin.data.plot.Axes;
import dev.myelin.data.plot.Colormap;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.data.table.Agg;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.table.Series;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chapter 2: data exploration. Loads the titanic passengers and looks at them the way the book does
 * with pandas (info, describe, value counts, filters, groupby, pivot table, correlation), then
 * draws every kind of plot the chapter shows: line, scatter, histograms, bar, pie, box, hexbin, 2-D
 * histogram, heatmap, image and a subplot grid.
 */
public final class DataExploration implements Example {
  /** The figures of the titanic exploration, and the plot files written. */
  public record Result(
      int rows,
      int columns,
      int ageCount,
      Series survivedCounts,
      Series pclassCounts,
      DataFrame pivot,
      double ageMin,
      double ageMax,
      double ageMean,
      double ageMedian,
      Series ageMeanBySurvived,
      Series ageStdBySurvived,
      Series corrWithSurvived,
      DataFrame describe,
      List<Path> plots) {}

  @Override
  public String name() {
    return "data-exploration";
  }

  @Override
  public String description() {
    return "ch.2 titanic and friends: describe, value counts, groupby, pivot and every plot kind";
  }

  @Override
  public void run(String[] args) throws Exception {
    run(Book.dataDir(args), Book.outDir(name(), args), true);
    ImageAndSound.run(Book.dataDir(args), Book.outDir(name(), args), true);
  }

  /** Explores the data in {@code data} and writes the plots into {@code out}. */
  public static Result run(Path data, Path out, boolean print) throws Exception {
    DataFrame df = Book.csv(data, "titanic-train.csv");
    DataFrame describe = df.describe();
    Series age = df.get("Age");
    Series survivedCounts = df.get("Survived").valueCounts();
    Series pclassCounts = df.get("Pclass").valueCounts();
    DataFrame pivot = df.pivotTable("Pclass", "Survived", "PassengerId", Agg.COUNT);
    Series meanBySurvived = df.groupBy("Survived").mean("Age");
    Series stdBySurvived = df.groupBy("Survived").std("Age");
    DataFrame numeric =
        df.assign("IsFemale", df.get("Sex").apply(s -> "female".equals(s) ? 1 : 0))
            .select(
                "PassengerId", "Survived", "Pclass", "Age", "SibSp", "Parch", "Fare", "IsFemale");
    Series corr = numeric.corr().get("Survived").sortValues();
    if (print) {
      System.out.println(df.head());
      System.out.println(df.info());
      System.out.println(describe);
      System.out.println(survivedCounts);
      System.out.println(pclassCounts);
      System.out.println("Passengers older than 70:");
      System.out.println(df.filter(age.gt(70)).select("Name", "Age"));
      System.out.println(df.query("Sex == 'male' and Age > 60").length() + " men over 60");
      System.out.println(pivot);
      System.out.println(meanBySurvived);
      System.out.println(stdBySurvived);
      System.out.println(corr);
    }

    List<Path> plots = new ArrayList<>();
    // Line: the airline passengers time series.
    DataFrame air = Book.csv(data, "international-airline-passengers.csv");
    Figure line = Plot.figure(800, 500);
    line.axes()
        .plot(air.get("Thousand Passengers").toDoubleArray())
        .setTitle("International airline passengers")
        .setXLabel("Month")
        .setYLabel("Thousands");
    plots.add(Book.save(line, out, "line.png"));

    // Scatter coloured by class, histograms, box plot: weight and height.
    DataFrame wh = Book.csv(data, "weight-height.csv");
    double[] height = wh.get("Height").toDoubleArray();
    double[] weight = wh.get("Weight").toDoubleArray();
    int[] male = wh.get("Gender").map(Map.of("Male", 1, "Female", 0)).toIntLabels();
    Figure scatter = Plot.figure(800, 600);
    scatter
        .axes()
        .scatter(height, weight, male)
        .setTitle("Weight vs height")
        .setXLabel("Height (in)")
        .setYLabel("Weight (lbs)");
    plots.add(Book.save(scatter, out, "scatter.png"));

    DataFrame males = wh.filter(wh.get("Gender").eq("Male"));
    DataFrame females = wh.filter(wh.get("Gender").eq("Female"));
    Figure hist = Plot.figure(800, 500);
    hist.axes()
        .hist(males.get("Height").toDoubleArray(), 50, false, false, "Male")
        .hist(females.get("Height").toDoubleArray(), 50, false, false, "Female")
        .setTitle("Height distribution")
        .setXLabel("Height (in)")
        .setYLabel("Count")
        .legend();
    plots.add(Book.save(hist, out, "hist.png"));

    Figure cumulative = Plot.figure(800, 500);
    cumulative
        .axes()
        .hist(height, 50, true, true)
        .axhline(0.5)
        .setTitle("Cumulative density")
        .setXLabel("Height (in)")
        .setYLabel("Fraction of people");
    plots.add(Book.save(cumulative, out, "hist-cumulative.png"));

    Figure box = Plot.figure(800, 500);
    box.axes()
        .boxplot(
            new double[][] {
              females.get("Weight").toDoubleArray(), males.get("Weight").toDoubleArray()
            },
            new String[] {"Female", "Male"})
        .setTitle("Weight by gender");
    plots.add(Book.save(box, out, "box.png"));

    Figure hexbin = Plot.figure(800, 600);
    hexbin
        .axes()
        .hexbin(height, weight, 30, Colormap.VIRIDIS)
        .setTitle("Hexbin")
        .setXLabel("Height (in)")
        .setYLabel("Weight (lbs)");
    plots.add(Book.save(hexbin, out, "hexbin.png"));

    Figure hist2d = Plot.figure(800, 600);
    hist2d
        .axes()
        .hist2d(height, weight, 40, Colormap.BLUES)
        .setTitle("2-D histogram")
        .setXLabel("Height (in)")
        .setYLabel("Weight (lbs)");
    plots.add(Book.save(hist2d, out, "hist2d.png"));

    // Bar and pie of the titanic classes; heatmap of the correlation matrix.
    String[] classes = labels(pclassCounts);
    Figure bar = Plot.figure(600, 500);
    bar.axes().bar(classes, pclassCounts.toDoubleArray()).setTitle("Passengers by class");
    plots.add(Book.save(bar, out, "bar.png"));

    Figure pie = Plot.figure(600, 600);
    pie.axes().pie(survivedCounts.toDoubleArray(), labels(survivedCounts)).setTitle("Survived");
    plots.add(Book.save(pie, out, "pie.png"));

    DataFrame c = numeric.corr();
    String[] names = c.columns().toArray(new String[0]);
    Figure heat = Plot.figure(800, 700);
    heat.axes().heatmap(c.toDoubleMatrix(names), names, names, true).setTitle("Correlation");
    plots.add(Book.save(heat, out, "heatmap.png"));

    // Image: the ISS photo.
    Image iss = Images.read(data.resolve("iss.jpg"));
    Figure img = Plot.figure(640, 435);
    img.axes().imshow(iss);
    plots.add(Book.save(img, out, "imshow.png"));

    // A 2x2 grid of subplots.
    Figure grid = Plot.figure(1000, 800);
    Axes[][] ax = grid.subplots(2, 2);
    ax[0][0].plot(air.get("Thousand Passengers").toDoubleArray()).setTitle("line");
    ax[0][1].scatter(height, weight, male).setTitle("scatter");
    ax[1][0].hist(age.filter(age.notNa()).toDoubleArray(), 30).setTitle("Age");
    ax[1][1].bar(classes, pclassCounts.toDoubleArray()).setTitle("Pclass");
    plots.add(Book.save(grid, out, "subplots.png"));

    Series ages = age.filter(age.notNa());
    return new Result(
        df.length(),
        df.columns().size(),
        age.count(),
        survivedCounts,
        pclassCounts,
        pivot,
        ages.min(),
        ages.max(),
        ages.mean(),
        ages.median(),
        meanBySurvived,
        stdBySurvived,
        corr,
        describe,
        plots);
  }

  private static String[] labels(Series s) {
    return s.index().stream().map(String::valueOf).toArray(String[]::new);
  }
}
