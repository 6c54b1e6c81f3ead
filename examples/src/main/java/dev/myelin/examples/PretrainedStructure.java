package dev.myelin.examples;

import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.applications.ApplicationOptions;
import dev.myelin.applications.ResNet50;
import dev.myelin.applications.VGG16;
import dev.myelin.applications.Xception;
import dev.myelin.models.Model;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Chapter 11.1, the structure of pretrained models: the summaries of Keras's {@code VGG16}, {@code
 * ResNet50} and {@code Xception} (the book's model: {@code Total params: 22,910,480}, {@code
 * Trainable params: 22,855,952}, {@code Non-trainable params: 54,528}) and a table of their
 * parameter counts and layer counts, as the book's applications table lists them. The models are
 * built with random weights (no download); {@code --models vgg16,resnet50,xception} picks them and
 * {@code --quiet} leaves out the summaries.
 */
public final class PretrainedStructure implements Example {
  /** The families the program knows, by Keras's lower-case name. */
  static final Map<String, Function<ApplicationOptions, Model>> FAMILIES =
      Map.of("vgg16", VGG16::create, "resnet50", ResNet50::create, "xception", Xception::create);

  /**
   * One model's structure.
   *
   * @param name the model's name
   * @param totalParams {@code Total params}
   * @param trainableParams {@code Trainable params}
   * @param nonTrainableParams {@code Non-trainable params}
   * @param layers the number of layers ({@code len(model.layers)})
   * @param summary the summary table
   */
  public record Structure(
      String name,
      long totalParams,
      long trainableParams,
      long nonTrainableParams,
      int layers,
      String summary) {}

  @Override
  public String name() {
    return "pretrained-structure";
  }

  @Override
  public String description() {
    return "ch.11.1 VGG16 / ResNet50 / Xception summaries and parameter counts (random weights)";
  }

  @Override
  public void run(String[] args) {
    String models =
        TransferLearning.orDefault(Book.option(args, "--models"), "vgg16,resnet50,xception");
    boolean quiet = Arrays.asList(args).contains("--quiet");
    run(List.of(models.split(",")), !quiet);
  }

  /** Builds each named family with its top and default input, printing its summary when asked. */
  public static Map<String, Structure> run(List<String> names, boolean printSummaries) {
    Map<String, Structure> r = new LinkedHashMap<>();
    for (String n : names) {
      Function<ApplicationOptions, Model> build = FAMILIES.get(n);
      if (build == null) {
        throw new IllegalArgumentException(
            "pretrained-structure: argument 'models' expected names from "
                + FAMILIES.keySet()
                + " but was '"
                + n
                + "'");
      }
      try (TensorScope scope = new TensorScope()) {
        Model m = build.apply(new ApplicationOptions());
        String summary = m.summaryString();
        if (printSummaries) {
          System.out.print(summary);
        }
        long trainable = size(m.trainableWeights());
        long frozen = size(m.nonTrainableWeights());
        r.put(
            n,
            new Structure(
                m.name(), trainable + frozen, trainable, frozen, m.layers().size(), summary));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-10s %14s %14s %14s %7s%n",
        "Model",
        "Params",
        "Trainable",
        "Non-trainable",
        "Layers");
    for (Structure s : r.values()) {
      System.out.printf(
          Locale.ROOT,
          "%-10s %,14d %,14d %,14d %7d%n",
          s.name(),
          s.totalParams(),
          s.trainableParams(),
          s.nonTrainableParams(),
          s.layers());
    }
    return r;
  }

  /** The number of values in {@code vs}. */
  static long size(List<Variable> vs) {
    long n = 0;
    for (Variable v : vs) {
      n += Arrays.stream(v.shape()).reduce(1, (a, b) -> a * b);
    }
    return n;
  }
}
