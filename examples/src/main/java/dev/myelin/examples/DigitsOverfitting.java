package dev.myelin.examples;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.constraints.MaxNorm;
import dev.myelin.layers.Activation;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import dev.myelin.regularizers.L2;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chapter 10.3 to 10.7: a 64 -> 1024 -> 1024 -> 1024 -> 10 network (2,176,010 parameters) that
 * overfits the digits, and four remedies: L2 weight regularization, dropout, dropout with a
 * max-norm constraint and batch normalization. Each model is trained several times by {@code
 * repeat_train} (Adam, 40 epochs of batch 256; batch normalization 15 epochs of batch 32) and its
 * mean accuracy curves are plotted with a one-standard-deviation band.
 */
public final class DigitsOverfitting implements Example {
  /** The chapter's five models with the book's repeats, epochs and batch sizes. */
  public enum Remedy {
    /** 10.3: the plain network. */
    BASE("Base Model Accuracy", 5, 40, 256),
    /** 10.4: {@code kernel_regularizer=l2(0.005)} on the hidden layers. */
    L2("Weight Regularization Accuracy", 3, 40, 256),
    /**
     * 10.5: {@code Dropout(0.1)} on the inputs and {@code Dropout(0.5)} after each hidden layer.
     */
    DROPOUT("Dropout Accuracy", 3, 40, 256),
    /** 10.6: 10.5 with {@code kernel_constraint=max_norm(2.0)} on the hidden layers. */
    DROPOUT_MAX_NORM("Dropout and Max Norm Accuracy", 3, 40, 256),
    /** 10.7: Dense -> BatchNormalization -> relu blocks, 15 epochs of batch 32. */
    BATCH_NORM("Batch Normalization Accuracy", 3, 15, 32);

    final String title;
    final int repeats;
    final int epochs;
    final int batchSize;

    Remedy(String title, int repeats, int epochs, int batchSize) {
      this.title = title;
      this.repeats = repeats;
      this.epochs = epochs;
      this.batchSize = batchSize;
    }

    /** A fresh, compiled model of this kind. */
    Model build() {
      Sequential m = new Sequential();
      if (this == BATCH_NORM) {
        for (int i = 0; i < 3; i++) {
          Dense d = new Dense(1024);
          m.add(i == 0 ? d.inputShape(64) : d);
          m.add(new BatchNormalization());
          m.add(new Activation("relu"));
        }
        m.add(new Dense(10));
        m.add(new BatchNormalization());
        m.add(new Activation("softmax"));
      } else {
        boolean dropout = this == DROPOUT || this == DROPOUT_MAX_NORM;
        if (dropout) {
          m.add(new Dropout(0.1).inputShape(64));
        }
        for (int i = 0; i < 3; i++) {
          Dense d = new Dense(1024).activation("relu");
          if (i == 0 && !dropout) {
            d.inputShape(64);
          }
          if (this == L2) {
            d.kernelRegularizer(new L2(0.005));
          }
          if (this == DROPOUT_MAX_NORM) {
            d.kernelConstraint(new MaxNorm(2.0, 0));
          }
          m.add(d);
          if (dropout) {
            m.add(new Dropout(0.5));
          }
        }
        m.add(new Dense(10).activation("softmax"));
      }
      m.compile("adam", "categorical_crossentropy", "accuracy");
      return m;
    }

    /** The command-line spelling, e.g. {@code dropout-max-norm}. */
    String flag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * One model's outcome.
   *
   * @param remedy the model
   * @param params its parameter count
   * @param summary its {@code summary()}
   * @param curves the averaged accuracy curves
   * @param plot the plot
   */
  public record Run(
      Remedy remedy, long params, String summary, RepeatTrain.Curves curves, Path plot) {}

  /** Every model's outcome, in the order run. */
  public record Result(List<Run> runs) {
    /** The run of {@code remedy}. */
    public Run of(Remedy remedy) {
      return runs.stream().filter(r -> r.remedy() == remedy).findFirst().orElseThrow();
    }
  }

  @Override
  public String name() {
    return "digits-overfitting";
  }

  @Override
  public String description() {
    return "ch.10.3-7 digits 3x Dense(1024): base, L2, dropout, max-norm, batch norm (repeated)";
  }

  /** {@code [--only base,l2,...] [--repeats N] [--epochs N]} besides the data options. */
  @Override
  public void run(String[] args) {
    List<Remedy> which = new ArrayList<>();
    String only = Book.option(args, "--only");
    for (Remedy r : Remedy.values()) {
      if (only == null || List.of(only.split(",")).contains(r.flag())) {
        which.add(r);
      }
    }
    if (which.isEmpty()) {
      throw new IllegalArgumentException(
          "digits-overfitting: --only expected names from base, l2, dropout, dropout-max-norm,"
              + " batch-norm but was "
              + only);
    }
    Integer repeats = DigitsData.count(args, "--repeats", null);
    Integer epochs = DigitsData.count(args, "--epochs", null);
    Result r =
        run(DigitsData.load(args), Book.outDir(name(), args), which, repeats, epochs, 0, true);
    for (Run run : r.runs()) {
      System.out.println(
          Book.fmt(
              "%-17s params %,d  final train %.4f  final test %.4f  best test %.4f",
              run.remedy().flag(),
              run.params(),
              run.curves().finalTrain(),
              run.curves().finalTest(),
              run.curves().bestTest()));
    }
  }

  /**
   * Trains each of {@code which}; {@code repeats} and {@code epochs}, when not null, replace the
   * book's values (the tests use fewer). Repeat {@code r} is seeded {@code seed + r}.
   */
  public static Result run(
      DigitsData d,
      Path out,
      List<Remedy> which,
      Integer repeats,
      Integer epochs,
      long seed,
      boolean print) {
    List<Run> runs = new ArrayList<>();
    try (TensorScope scope = new TensorScope()) {
      Tensor xTrain = d.x(d.split().train(), 64);
      Tensor yTrain = d.oneHot(d.split().train());
      Tensor xTest = d.x(d.split().test(), 64);
      Tensor yTest = d.oneHot(d.split().test());
      for (Remedy r : which) {
        Models.clearSession();
        Model probe = r.build();
        String summary = probe.summaryString();
        long params = probe.countParams();
        if (print) {
          System.out.print(summary);
        }
        int n = repeats != null ? repeats : r.repeats;
        int e = epochs != null ? epochs : r.epochs;
        FitOptions fit =
            new FitOptions()
                .epochs(e)
                .batchSize(r.batchSize)
                .verbose(0)
                .validationData(xTest, yTest);
        RepeatTrain.Curves c =
            RepeatTrain.run(
                r::build,
                m -> {
                  try (TensorScope inner = new TensorScope()) {
                    return m.fit(xTrain, yTrain, fit);
                  }
                },
                n,
                seed,
                print);
        Path plot =
            RepeatTrain.plot(
                c, r.title, r == Remedy.BATCH_NORM ? (double) e : null, out, r.flag() + ".png");
        runs.add(new Run(r, params, summary, c, plot));
      }
    }
    return new Result(runs);
  }
}
