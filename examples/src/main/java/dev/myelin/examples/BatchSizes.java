package dev.myelin.examples;

import dev.myelin.callbacks.History;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.table.Series;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Chapter 5: the batch size. The banknotes' {@code Dense(1, sigmoid)} with 'ones' weights and
 * 'sgd', batches of 1, 4, 16, 32, 64 and 128 for 20 epochs: small batches make more updates per
 * epoch and converge in fewer epochs; "in practice a batch size of 16 or 32 is often used".
 */
public final class BatchSizes implements Example {
  static final int[] SIZES = {1, 4, 16, 32, 64, 128};

  @Override
  public String name() {
    return "batch-sizes";
  }

  @Override
  public String description() {
    return "ch.5 banknotes: batch sizes 1..128 compared (loss/accuracy curves)";
  }

  @Override
  public void run(String[] args) {
    run(Book.dataDir(args), Book.outDir(name(), args), SIZES, 20, 0);
  }

  /** Trains one model per batch size; returns the histories by label ({@code batch=16}). */
  public static Map<String, History> run(Path data, Path out, int[] sizes, int epochs, long seed) {
    BanknoteData d = BanknoteData.load(data);
    Map<String, Supplier<Model>> runs = new LinkedHashMap<>();
    Map<String, Integer> batches = new LinkedHashMap<>();
    for (int b : sizes) {
      runs.put(
          "batch=" + b,
          () -> {
            Sequential m = BanknoteData.onesModel();
            m.compile("sgd", "binary_crossentropy", "accuracy");
            return m;
          });
      batches.put("batch=" + b, b);
    }
    Map<String, History> h = d.compare(runs, batches, epochs, seed);
    System.out.println(table(h, sizes));
    BanknoteData.savePlots(h, out, "batch size");
    return h;
  }

  /**
   * The book's batch-size table: per batch size (the index, {@code batch_size}), the training loss
   * and accuracy of the first and the last epoch, named as the history names them ({@code acc}
   * under the Keras 2.2 conventions, else {@code accuracy}).
   */
  public static DataFrame table(Map<String, History> histories, int[] sizes) {
    List<Series> columns = new ArrayList<>();
    History any = histories.values().iterator().next();
    // Iteration shows the logged names only; get and containsKey also answer the other spelling.
    String acc = any.history().keySet().stream().anyMatch("acc"::equals) ? "acc" : "accuracy";
    int last = any.epoch().size() - 1;
    for (int epoch : new int[] {0, last}) {
      for (String metric : new String[] {"loss", acc}) {
        double[] v = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
          v[i] = histories.get("batch=" + sizes[i]).get(metric).get(epoch);
        }
        columns.add(Series.of("epoch " + epoch + " " + metric, v));
      }
    }
    long[] index = java.util.Arrays.stream(sizes).asLongStream().toArray();
    return DataFrame.of(columns).withIndex(Series.of("batch_size", index));
  }
}
