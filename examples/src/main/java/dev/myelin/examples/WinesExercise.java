package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.callbacks.History;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.data.preprocessing.StandardScaler;
import dev.myelin.data.table.Csv;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.table.Series;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.RMSprop;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Chapter 5, exercise 2: the wines classified by a deeper net with a 2-unit layer ({@code Dense(8,
 * tanh) -> Dense(5, tanh) -> Dense(2, tanh) -> Dense(3, softmax)}, he_normal, RMSprop(lr=0.05),
 * batch 16, 20 epochs) on standardised features; the 2-D inner representation (Keras's {@code
 * K.function([inp], [out])}) plotted coloured by class.
 */
public final class WinesExercise implements Example {
  /** The figures the exercise produces. */
  public record Result(History history, Tensor features, int[] classes, Path plot) {}

  @Override
  public String name() {
    return "wines-exercise";
  }

  @Override
  public String description() {
    return "ch.5 exercise 2: wines, a 2-unit inner layer, its representation plotted";
  }

  @Override
  public void run(String[] args) throws IOException {
    exercise(Book.dataDir(args), Book.outDir(name(), args), 0);
  }

  // ---- the exercise as a user writes it (counted against the book's Python) ----

  /** Runs the exercise on {@code data}, writing the plot into {@code out}. */
  public static Result exercise(Path data, Path out, long seed) throws IOException {
    DataFrame df = Csv.read(data.resolve("wines.csv"));
    Series y = df.get("Class");
    DataFrame yCat = DataFrame.getDummies(y, null);
    double[][] xsc = new StandardScaler().fitTransform(df.drop("Class"));
    Myelin.setSeed(seed);
    Sequential model = new Sequential();
    model.add(new Dense(8).kernelInitializer("he_normal").activation("tanh").inputShape(13));
    model.add(new Dense(5).kernelInitializer("he_normal").activation("tanh"));
    model.add(new Dense(2).kernelInitializer("he_normal").activation("tanh"));
    model.add(new Dense(3).activation("softmax"));
    model.compile(new RMSprop(0.05), "categorical_crossentropy", "accuracy");
    History h = model.fit(xsc, yCat, new FitOptions().batchSize(16).epochs(20).verbose(0));
    model.summary();
    Model featuresFunction = new Model(model.input(), model.layers().get(2).output());
    Tensor features = featuresFunction.predict(xsc);
    Figure fig = Plot.figure(800, 600);
    fig.axes().scatter(features.slice(":, 0"), features.slice(":, 1"), y);
    fig.savePng(out.resolve("features.png"));
    System.out.printf("Final accuracy: %.3f%n", h.get("acc").get(19));
    return new Result(h, features, y.toIntLabels(), out.resolve("features.png"));
  }

  // ---- end of the exercise ----
}
