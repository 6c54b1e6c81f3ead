package dev.myelin.examples;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.applications.ApplicationOptions;
import dev.myelin.applications.VGG16;
import dev.myelin.callbacks.History;
import dev.myelin.data.image.DirectoryIterator;
import dev.myelin.data.image.FlowOptions;
import dev.myelin.data.image.ImageDataGenerator;
import dev.myelin.data.preprocessing.Categorical;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Layer;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.RMSprop;
import dev.myelin.utils.NpyFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Chapter 11.2-11.4 on a VGG16 base (the book uses Xception at 299x299 on sports photos that are
 * only URLs here; VGG16 at 32x32 on three CIFAR-10 classes runs in seconds on two cores):
 *
 * <ol>
 *   <li>11.2 transfer learning: {@code VGG16(include_top=False, pooling='avg')} with the book's
 *       head {@code Dense(256, relu) -> Dropout(0.5) -> Dense(3, softmax)}, trainable counts before
 *       and after {@code model.layers[0].trainable = False}, one epoch from the book's augmenting
 *       {@code ImageDataGenerator}, then {@code evaluate_generator} on the test folder;
 *   <li>11.3 bottleneck features: the base's {@code predict_generator} over unshuffled folders,
 *       saved as {@code .npy.gz} (with the file names, for the image search);
 *   <li>11.4 the small fully connected network on the bottlenecks;
 *   <li>fine-tuning: only the base's {@code block5} layers trainable, a small learning rate, one
 *       epoch; the program reports which base layers changed.
 * </ol>
 *
 * <p>Options: {@code --weights FILE} (a no-top VGG16 Keras {@code .h5}; default {@code imagenet},
 * downloaded once), {@code --cifar ZIP}, {@code --train-per-class N} (default 200), {@code
 * --test-per-class N} (default 50), {@code --size S} (default 32), {@code --epochs E} (default 1),
 * {@code --out DIR}.
 */
public final class TransferLearning implements Example {
  /** The book's three classes become three CIFAR-10 classes. */
  public static final List<String> CLASSES = List.of("airplane", "automobile", "ship");

  /**
   * What the program measured.
   *
   * @param trainImages images found in the train folder
   * @param testImages images found in the test folder
   * @param summary the transfer model's summary
   * @param counts trainable / non-trainable parameter counts: "built", "frozen", "block5"
   * @param frozenBaseUnchanged whether one epoch with the base frozen left every base weight as it
   *     was
   * @param evaluation {@code [loss, accuracy]} of the transfer model on the test folder
   * @param classIndices the folder's class indices
   * @param trainFeatures the train bottleneck file ({@code .npy.gz})
   * @param testFeatures the test bottleneck file
   * @param trainFiles the train image files, in feature-row order
   * @param featureShape the train bottleneck shape
   * @param bottleneckSummary the fully connected network's summary
   * @param bottleneckParams its parameter count
   * @param bottleneckHistory its training history
   * @param fineTuneChanged the base layers whose weights changed while fine-tuning
   */
  public record Result(
      int trainImages,
      int testImages,
      String summary,
      Map<String, long[]> counts,
      boolean frozenBaseUnchanged,
      double[] evaluation,
      Map<String, Integer> classIndices,
      Path trainFeatures,
      Path testFeatures,
      List<Path> trainFiles,
      long[] featureShape,
      String bottleneckSummary,
      long bottleneckParams,
      History bottleneckHistory,
      List<String> fineTuneChanged) {}

  /**
   * How to run it.
   *
   * @param weights a no-top VGG16 weights file, or "imagenet"
   * @param cifarZip the CIFAR-10 JPEG zip
   * @param trainPerClass train images per class
   * @param testPerClass test images per class
   * @param size the image side
   * @param epochs epochs of the transfer and fine-tuning fits
   * @param bottleneckEpochs epochs of the fully connected network (the book's 20)
   * @param seed the generators' seed (null: random)
   */
  public record Options(
      String weights,
      Path cifarZip,
      int trainPerClass,
      int testPerClass,
      int size,
      int epochs,
      int bottleneckEpochs,
      Long seed) {}

  @Override
  public String name() {
    return "transfer-learning";
  }

  @Override
  public String description() {
    return "ch.11.2-11.4 frozen VGG16 base + head, bottleneck features, block5 fine-tuning (CIFAR-10)";
  }

  @Override
  public void run(String[] args) throws IOException {
    Options o =
        new Options(
            orDefault(Book.option(args, "--weights"), "imagenet"),
            Path.of(orDefault(Book.option(args, "--cifar"), CIFAR_ZIP)),
            Integer.parseInt(orDefault(Book.option(args, "--train-per-class"), "200")),
            Integer.parseInt(orDefault(Book.option(args, "--test-per-class"), "50")),
            Integer.parseInt(orDefault(Book.option(args, "--size"), "32")),
            Integer.parseInt(orDefault(Book.option(args, "--epochs"), "1")),
            20,
            null);
    Result r = run(o, Book.outDir(name(), args));
    System.out.println("bottleneck features: " + r.trainFeatures() + ", " + r.testFeatures());
  }

  /** The shared CIFAR-10 JPEG zip, relative to the repository root. */
  static final String CIFAR_ZIP = "../shared/data/cifar10-jpeg/cifar10-jpeg.zip";

  static String orDefault(String value, String fallback) {
    return value != null ? value : fallback;
  }

  /** Runs the four steps, writing the image folders and features under {@code out}. */
  public static Result run(Options o, Path out) throws IOException {
    Path images = out.resolve("images");
    extract(o.cifarZip(), images, o.trainPerClass(), o.testPerClass());
    Path train = images.resolve("train");
    Path test = images.resolve("test");
    try (TensorScope scope = new TensorScope()) {
      // 11.2: the book's generators, with VGG16's caffe preprocessing.
      ImageDataGenerator trainGen =
          new ImageDataGenerator()
              .preprocessingFunction(VGG16::preprocessInput)
              .rotationRange(15)
              .widthShiftRange(0.2)
              .heightShiftRange(0.2)
              .shearRange(5)
              .zoomRange(0.2)
              .horizontalFlip(true)
              .fillMode("nearest");
      ImageDataGenerator testGen =
          new ImageDataGenerator().preprocessingFunction(VGG16::preprocessInput);
      Model base =
          VGG16.create(
              new ApplicationOptions()
                  .includeTop(false)
                  .weights(o.weights())
                  .inputShape(o.size(), o.size(), 3)
                  .pooling("avg"));
      Sequential model =
          new Sequential(
              base,
              new Dense(256).activation("relu"),
              new Dropout(0.5),
              new Dense(CLASSES.size()).activation("softmax"));
      model.build(new long[] {-1, o.size(), o.size(), 3});
      String summary = model.summaryString();
      System.out.print(summary);
      Map<String, long[]> counts = new LinkedHashMap<>();
      counts.put("built", counts(model));
      base.trainable(false);
      counts.put("frozen", counts(model));
      printCounts("after freezing the base", counts.get("frozen"));
      List<float[]> baseBefore = values(base);
      model.compile("rmsprop", "categorical_crossentropy", "accuracy");
      double[] evaluation;
      Map<String, Integer> classIndices;
      int trainImages;
      int testImages;
      try (DirectoryIterator tr = trainGen.flowFromDirectory(train, flow(o, true));
          DirectoryIterator te = testGen.flowFromDirectory(test, flow(o, false))) {
        trainImages = tr.samplesCount();
        testImages = te.samplesCount();
        classIndices = tr.classIndices();
        model.fit(tr, new FitOptions().epochs(o.epochs()));
        evaluation = model.evaluate(te);
      }
      boolean frozenBaseUnchanged = changed(base, baseBefore).isEmpty();
      System.out.printf(
          Locale.ROOT,
          "evaluate_generator: [%s, %s]%nclass_indices: %s%n",
          evaluation[0],
          evaluation[1],
          classIndices);

      // 11.3: bottleneck features over unshuffled folders.
      FlowOptions ordered =
          new FlowOptions()
              .targetSize(o.size(), o.size())
              .batchSize(32)
              .classMode("categorical")
              .shuffle(false);
      Bottlenecks btrain = bottlenecks(base, testGen, train, ordered, out, "train");
      Bottlenecks btest = bottlenecks(base, testGen, test, ordered, out, "test");
      System.out.println("bottlenecks_train.shape: " + Arrays.toString(btrain.x().shape()));
      System.out.println("label_map: " + List.copyOf(classIndices.keySet()));

      // 11.4: the fully connected network on the bottlenecks.
      long features = btrain.x().dim(1);
      Sequential fc =
          new Sequential(
              new Dropout(0.5).inputShape(features),
              new Dense(16).activation("relu"),
              new Dropout(0.5),
              new Dense(CLASSES.size()).activation("softmax"));
      fc.build(new long[] {-1, features});
      String fcSummary = fc.summaryString();
      System.out.print(fcSummary);
      fc.compile("rmsprop", "categorical_crossentropy", "accuracy");
      History fcHistory =
          fc.fit(
              btrain.x(),
              btrain.y(),
              new FitOptions()
                  .epochs(o.bottleneckEpochs())
                  .verbose(0)
                  .batchSize(32)
                  .validationData(btest.x(), btest.y()));
      System.out.printf(
          Locale.ROOT,
          "bottleneck network: accuracy %.4f, val_accuracy %.4f after %d epochs%n",
          last(fcHistory, "accuracy"),
          last(fcHistory, "val_accuracy"),
          o.bottleneckEpochs());

      // Fine-tuning: only block5 of the base learns, slowly.
      base.trainable(true);
      for (Layer l : base.layers()) {
        l.trainable(l.name().startsWith("block5"));
      }
      counts.put("block5", counts(model));
      printCounts("with block5 trainable", counts.get("block5"));
      List<float[]> beforeFineTune = values(base);
      model.compile(new RMSprop(1e-4), "categorical_crossentropy", "accuracy");
      try (DirectoryIterator tr = trainGen.flowFromDirectory(train, flow(o, true))) {
        model.fit(tr, new FitOptions().epochs(o.epochs()));
      }
      List<String> fineTuneChanged = changed(base, beforeFineTune);
      System.out.println("base layers changed by fine-tuning: " + fineTuneChanged);
      return new Result(
          trainImages,
          testImages,
          summary,
          counts,
          frozenBaseUnchanged,
          evaluation,
          classIndices,
          btrain.file(),
          btest.file(),
          btrain.files(),
          btrain.x().shape(),
          fcSummary,
          fc.countParams(),
          fcHistory,
          fineTuneChanged);
    }
  }

  /** Bottleneck features of one folder, their one-hot labels, the saved file and the images. */
  private record Bottlenecks(Tensor x, Tensor y, Path file, List<Path> files) {}

  private static Bottlenecks bottlenecks(
      Model base, ImageDataGenerator gen, Path dir, FlowOptions o, Path out, String split)
      throws IOException {
    try (DirectoryIterator it = gen.flowFromDirectory(dir, o)) {
      Tensor x = base.predict(it);
      Path file = out.resolve("bottlenecks_" + split + ".npy.gz");
      NpyFile.save(file, x);
      List<Path> files = new ArrayList<>();
      for (String f : it.filenames()) {
        files.add(dir.resolve(f));
      }
      Files.write(
          out.resolve("files_" + split + ".txt"), files.stream().map(Path::toString).toList());
      double[][] y = Categorical.toCategorical(it.classes(), it.numClasses());
      return new Bottlenecks(x, Book.tensor(y), file, files);
    }
  }

  /** {@code flow_from_directory(target_size=(size, size), batch_size=32)}. */
  private static FlowOptions flow(Options o, boolean shuffle) {
    return new FlowOptions()
        .targetSize(o.size(), o.size())
        .batchSize(32)
        .shuffle(shuffle)
        .seed(o.seed());
  }

  /**
   * Writes the first {@code perClass} train and test JPEGs of {@link #CLASSES} from the CIFAR-10
   * zip into {@code dir/train/CLASS} and {@code dir/test/CLASS} (kept when already there).
   */
  public static void extract(Path zipFile, Path dir, int trainPerClass, int testPerClass)
      throws IOException {
    if (!Files.isRegularFile(zipFile)) {
      throw new IllegalArgumentException(
          "transfer-learning: the CIFAR-10 JPEG zip "
              + zipFile.toAbsolutePath().normalize()
              + " does not exist; pass --cifar ZIP");
    }
    try (ZipFile zip = new ZipFile(zipFile.toFile())) {
      for (String split : List.of("train", "test")) {
        int n = split.equals("train") ? trainPerClass : testPerClass;
        for (String c : CLASSES) {
          Path d = Files.createDirectories(dir.resolve(split).resolve(c));
          for (int i = 0; i < n; i++) {
            String file = String.format(Locale.ROOT, "%04d.jpg", i);
            Path target = d.resolve(file);
            if (Files.exists(target)) {
              continue;
            }
            ZipEntry e = zip.getEntry(split + "/" + c + "/" + file);
            if (e == null) {
              throw new IllegalArgumentException(
                  "transfer-learning: "
                      + zipFile
                      + " has no entry "
                      + split
                      + "/"
                      + c
                      + "/"
                      + file);
            }
            try (InputStream in = zip.getInputStream(e)) {
              Files.copy(in, target);
            }
          }
        }
      }
    }
  }

  private static long[] counts(Model m) {
    return new long[] {
      PretrainedStructure.size(m.trainableWeights()),
      PretrainedStructure.size(m.nonTrainableWeights())
    };
  }

  private static void printCounts(String when, long[] c) {
    System.out.printf(
        Locale.ROOT, "%s: Trainable params: %,d / Non-trainable params: %,d%n", when, c[0], c[1]);
  }

  /** Every weight of the base's layers, layer by layer. */
  private static List<float[]> values(Model base) {
    List<float[]> r = new ArrayList<>();
    for (Layer l : base.layers()) {
      for (Variable v : l.weights()) {
        r.add(v.value().toFloatArray());
      }
    }
    return r;
  }

  /** The base's layers whose weights differ from {@code before} (as {@link #values}). */
  private static List<String> changed(Model base, List<float[]> before) {
    List<String> names = new ArrayList<>();
    int i = 0;
    for (Layer l : base.layers()) {
      for (Variable v : l.weights()) {
        if (!Arrays.equals(before.get(i++), v.value().toFloatArray())
            && !names.contains(l.name())) {
          names.add(l.name());
        }
      }
    }
    return names;
  }

  private static double last(History h, String key) {
    double[] v = h.values(key);
    return v[v.length - 1];
  }
}
