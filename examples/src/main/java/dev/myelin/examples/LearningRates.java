package dev.myelin.examples;

import dev.myelin.callbacks.History;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Chapter 5: the learning rate. The banknotes' {@code Dense(1, sigmoid)} with 'ones' weights,
 * trained with SGD at lr 0.01, 0.05, 0.1 and 0.5 (batch 16, 10 epochs): "a small learning rate
 * gives a much slower decrease in the loss".
 */
public final class LearningRates implements Example {
  static final double[] RATES = {0.01, 0.05, 0.1, 0.5};

  @Override
  public String name() {
    return "learning-rates";
  }

  @Override
  public String description() {
    return "ch.5 banknotes: SGD learning rates 0.01..0.5 compared (loss/accuracy curves)";
  }

  @Override
  public void run(String[] args) {
    run(Book.dataDir(args), Book.outDir(name(), args), 10, 0);
  }

  /** Trains one model per learning rate; returns the histories by label ({@code lr=0.01}). */
  public static Map<String, History> run(Path data, Path out, int epochs, long seed) {
    BanknoteData d = BanknoteData.load(data);
    Map<String, Supplier<Model>> runs = new LinkedHashMap<>();
    for (double lr : RATES) {
      runs.put(
          "lr=" + lr,
          () -> {
            Sequential m = BanknoteData.onesModel();
            m.compile(new SGD(lr), "binary_crossentropy", "accuracy");
            return m;
          });
    }
    Map<String, History> h = d.compare(runs, Map.of(), epochs, seed);
    h.forEach(
        (k, v) ->
            System.out.println(
                Book.fmt(
                    "%-8s epoch 0 loss %.6f acc %.6f; " + "last loss %.6f acc %.6f",
                    k,
                    v.get("loss").get(0),
                    v.get("accuracy").get(0),
                    Book.last(v.get("loss")),
                    Book.last(v.get("accuracy")))));
    BanknoteData.savePlots(h, out, "learning rate");
    return h;
  }
}
