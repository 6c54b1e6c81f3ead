package dev.myelin.examples;

import dev.myelin.Device;
import dev.myelin.Myelin;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Java side of the {@code bin/myelin} launcher: {@code info} and {@code example NAME}. */
public final class Launcher {
  /** Every example, in the order {@code example --list} prints them. */
  static final List<Example> EXAMPLES =
      List.of(
          new Quickstart(),
          new LogisticTape(),
          new FirstModelCircles(),
          new DataExploration(),
          new LinearRegression(),
          new LinearRegressionFails(),
          new LogisticRegression(),
          new CrossValidation(),
          new FeatureEngineering(),
          new MoonsShallowDeep(),
          new IrisMulticlass(),
          new GradientDescentToy(),
          new DenseForwardPass(),
          new RandomForestBaseline(),
          new Banknotes(),
          new LearningRates(),
          new BatchSizes(),
          new Optimizers(),
          new Initializers(),
          new InnerLayer(),
          new MnistDense(),
          new ConvShapes(),
          new MnistCnn(),
          new BagOfWords(),
          new SpamFeatures(),
          new TfidfReviews(),
          new SentimentLstm(),
          new CharNames(),
          new SequenceClassification(),
          new OntarioDemand(),
          new GloveEmbeddings(),
          new ImageFilters(),
          new DigitsLearningCurve(),
          new DigitsOverfitting(),
          new AugmentationDemo(),
          new DigitsAugmented(),
          new ServeFlask(),
          new PretrainedStructure(),
          new TransferLearning(),
          new ImageSearchExample(),
          new HrExercise(),
          new DiabetesExercise(),
          new WinesExercise());

  private Launcher() {}

  /** Entry point: {@code info}, {@code example --list}, {@code example NAME [ARGS]}. */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      System.exit(2);
    }
    switch (args[0]) {
      case "info" -> info();
      case "example" -> System.exit(example(args));
      default -> {
        System.err.println("myelin: unknown command '" + args[0] + "'");
        usage();
        System.exit(2);
      }
    }
  }

  private static void usage() {
    System.err.println("usage: Launcher info | example --list | example NAME [ARGS]");
  }

  /** Prints versions, the CPU ISA oneDNN dispatches to, the thread count and the devices. */
  static void info() {
    System.out.printf(Locale.ROOT, "myelin     %s%n", Myelin.version());
    System.out.printf(Locale.ROOT, "onednn     %s%n", Myelin.onednnVersion());
    System.out.printf(Locale.ROOT, "cpu isa    %s%n", Myelin.cpuIsa());
    System.out.printf(Locale.ROOT, "threads    %d%n", Myelin.numThreads());
    for (Device d : Device.available()) {
      System.out.printf(Locale.ROOT, "device     %s%n", d.description());
    }
    if (Device.available().stream().noneMatch(d -> d.kind().equals("cuda"))) {
      System.out.printf(
          Locale.ROOT, "device     cuda: none (%s)%n", Device.cudaUnavailableReason());
    }
    System.out.printf(
        Locale.ROOT,
        "java       %s (%s)%n",
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"));
  }

  private static int example(String[] args) throws Exception {
    if (args.length < 2 || args[1].equals("--list")) {
      for (Example e : EXAMPLES) {
        System.out.printf(Locale.ROOT, "%-20s %s%n", e.name(), e.description());
      }
      return args.length < 2 ? 2 : 0;
    }
    Optional<Example> found = EXAMPLES.stream().filter(e -> e.name().equals(args[1])).findFirst();
    if (found.isEmpty()) {
      System.err.println(
          "myelin: no example named '" + args[1] + "'; run 'bin/myelin example --list'");
      return 2;
    }
    String[] rest = new String[args.length - 2];
    System.arraycopy(args, 2, rest, 0, rest.length);
    found.get().run(rest);
    return 0;
  }
}
