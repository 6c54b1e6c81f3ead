package dev.myelin.examples;

import dev.myelin.callbacks.History;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adagrad;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.optimizers.RMSprop;
import dev.myelin.optimizers.SGD;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Chapter 5: optimizers. SGD, SGD with momentum, SGD with Nesterov momentum, Adam, Adagrad and
 * RMSprop, all at lr 0.01, batch 16, 5 epochs: "some optimizers converge a lot faster than others".
 */
public final class Optimizers implements Example {
  @Override
  public String name() {
    return "optimizers";
  }

  @Override
  public String description() {
    return "ch.5 banknotes: SGD, momentum, Nesterov, Adam, Adagrad, RMSprop compared";
  }

  @Override
  public void run(String[] args) {
    run(Book.dataDir(args), Book.outDir(name(), args), 5, 0);
  }

  /** The book's six optimizers by label. */
  static Map<String, Supplier<Optimizer>> optimizers() {
    Map<String, Supplier<Optimizer>> o = new LinkedHashMap<>();
    o.put("SGD(lr=0.01)", () -> new SGD(0.01));
    o.put("SGD(lr=0.01, momentum=0.3)", () -> new SGD(0.01, 0.3));
    o.put("SGD(lr=0.01, momentum=0.3, nesterov=True)", () -> new SGD(0.01, 0.3, true));
    o.put("Adam(lr=0.01)", () -> new Adam(0.01));
    o.put("Adagrad(lr=0.01)", () -> new Adagrad(0.01));
    o.put("RMSprop(lr=0.01)", () -> new RMSprop(0.01));
    return o;
  }

  /** Trains one model per optimizer; returns the histories by label. */
  public static Map<String, History> run(Path data, Path out, int epochs, long seed) {
    BanknoteData d = BanknoteData.load(data);
    Map<String, Supplier<Model>> runs = new LinkedHashMap<>();
    optimizers()
        .forEach(
            (label, opt) ->
                runs.put(
                    label,
                    () -> {
                      Sequential m = BanknoteData.onesModel();
                      m.compile(opt.get(), "binary_crossentropy", "accuracy");
                      return m;
                    }));
    Map<String, History> h = d.compare(runs, Map.of(), epochs, seed);
    BanknoteData.savePlots(h, out, "optimizer");
    return h;
  }
}
