package dev.myelin.examples;

import dev.myelin.callbacks.History;
import dev.myelin.layers.Dense;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Chapter 5: weight initialization. A tanh network of three Dense(10) layers and a sigmoid output,
 * every kernel drawn by the same initializer (zeros, ones, uniform, lecun_uniform, normal,
 * he_normal, glorot_normal), 'sgd', batch 16, 10 epochs: "some initializations don't even
 * converge".
 */
public final class Initializers implements Example {
  static final String[] INITS = {
    "zeros", "ones", "uniform", "lecun_uniform", "normal", "he_normal", "glorot_normal"
  };

  @Override
  public String name() {
    return "initializers";
  }

  @Override
  public String description() {
    return "ch.5 banknotes: weight initializers compared on a 4-layer tanh network";
  }

  @Override
  public void run(String[] args) {
    run(Book.dataDir(args), Book.outDir(name(), args), INITS, 10, 0);
  }

  /** Trains one network per initializer; returns the histories by initializer name. */
  public static Map<String, History> run(
      Path data, Path out, String[] inits, int epochs, long seed) {
    BanknoteData d = BanknoteData.load(data);
    Map<String, Supplier<Model>> runs = new LinkedHashMap<>();
    for (String init : inits) {
      runs.put(
          init,
          () -> {
            Models.clearSession();
            Sequential m =
                new Sequential(
                    new Dense(10).inputShape(4).kernelInitializer(init).activation("tanh"),
                    new Dense(10).kernelInitializer(init).activation("tanh"),
                    new Dense(10).kernelInitializer(init).activation("tanh"),
                    new Dense(1).kernelInitializer(init).activation("sigmoid"));
            m.compile("sgd", "binary_crossentropy", "accuracy");
            return m;
          });
    }
    Map<String, History> h = d.compare(runs, Map.of(), epochs, seed);
    BanknoteData.savePlots(h, out, "initializer");
    return h;
  }
}
