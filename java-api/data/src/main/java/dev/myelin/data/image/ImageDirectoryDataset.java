package dev.myelin.data.image;

import static dev.myelin.data.internal.Checks.check;

import dev.myelin.Tensor;
import dev.myelin.data.random.RandomState;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * Keras 3's {@code image_dataset_from_directory}: images of class subfolders as a {@link
 * dev.myelin.models.Dataset} that {@code Model.fit} takes, decoded and resized on background
 * threads ahead of the training step (see {@link ImageIterator}).
 *
 * <pre>{@code
 * ImageDirectoryDataset train = ImageDirectoryDataset.imageDatasetFromDirectory(dir,
 *     new DirectoryDatasetOptions().imageSize(64, 64).validationSplit(0.2)
 *         .subset("training").seed(1337L));
 * model.fit(train, new FitOptions().epochs(5));
 * }</pre>
 *
 * <p>As Keras 3: the files are indexed class by class, shuffled once with numpy's {@code
 * RandomState(seed)} (so {@link #filePaths()} is the order Keras lists), split (validation takes
 * the last {@code int(split * n)}), printed as {@code Found N files belonging to K classes.} and
 * {@code Using M files for training.}; images are float32 0..255 resized with bilinear
 * interpolation (half-pixel centres, no antialiasing, not rounded). Where Keras reshuffles through
 * a {@code tf.data} buffer of {@code 8 * batchSize}, each epoch here visits the files in a new
 * random order drawn from the seed.
 */
public final class ImageDirectoryDataset extends ImageIterator {
  private final List<String> filePaths;
  private final int[] labels;
  private final List<String> classNames;
  private final String labelMode;
  private final ColorMode colorMode;
  private final Interpolation interpolation;
  private final int[] shape;
  private final Path directory;

  private ImageDirectoryDataset(
      Path directory,
      List<String> files,
      int[] labels,
      List<String> classNames,
      DirectoryDatasetOptions o,
      long seed) {
    super(files.size(), o.batchSize, o.shuffle, seed);
    this.directory = directory;
    this.filePaths = List.copyOf(files);
    this.labels = labels;
    this.classNames = classNames;
    this.labelMode = o.labelMode;
    this.colorMode = o.colorMode;
    this.interpolation = o.interpolation;
    this.shape = new int[] {o.imageSize[0], o.imageSize[1], o.colorMode.channels()};
  }

  /**
   * Indexes {@code directory} and returns the dataset.
   *
   * @param directory a folder with one subfolder of images per class
   * @param o the options
   * @return the dataset
   * @throws IOException if the folder cannot be listed
   */
  public static ImageDirectoryDataset imageDatasetFromDirectory(
      Path directory, DirectoryDatasetOptions o) throws IOException {
    check(o != null, "o", "options", "null");
    check(
        o.subset == null || o.validationSplit > 0,
        "subset",
        "a validationSplit to split",
        "validationSplit 0");
    check(
        o.validationSplit == 0 || o.subset != null,
        "subset",
        "\"training\" or \"validation\" with a validationSplit",
        "null");
    check(
        o.validationSplit == 0 || !o.shuffle || o.seed != null,
        "seed",
        "a seed when validationSplit is used with shuffling (the two subsets must agree)",
        "null");
    ImageFolder folder =
        ImageFolder.index(
            directory,
            o.classNames,
            ImageFolder.KERAS3_FORMATS,
            o.followLinks,
            "imageDatasetFromDirectory");
    String[] files = folder.files().toArray(new String[0]);
    Integer[] labels = Arrays.stream(folder.labels()).boxed().toArray(Integer[]::new);
    int classes = folder.classNames().size();
    check(
        !o.labelMode.equals("binary") || classes == 2,
        "labelMode",
        "\"binary\" with exactly 2 classes",
        classes + " classes " + folder.classNames());
    if (o.verbose) {
      System.out.println("Found " + files.length + " files belonging to " + classes + " classes.");
    }
    long seed = o.seed != null ? o.seed : new SecureRandom().nextInt(1_000_000);
    if (o.shuffle) {
      new RandomState(seed).shuffle(files);
      new RandomState(seed).shuffle(labels);
    }
    int from = 0;
    int to = files.length;
    if (o.validationSplit > 0) {
      int val = (int) (o.validationSplit * files.length);
      if (o.subset.equals("training")) {
        to = files.length - val;
        if (o.verbose) {
          System.out.println("Using " + to + " files for training.");
        }
      } else {
        from = files.length - val;
        if (o.verbose) {
          System.out.println("Using " + val + " files for validation.");
        }
      }
      check(
          to > from,
          "validationSplit",
          "a split that leaves files in " + o.subset,
          o.validationSplit);
    }
    int[] part = new int[to - from];
    for (int i = from; i < to; i++) {
      part[i - from] = labels[i];
    }
    return new ImageDirectoryDataset(
        directory, Arrays.asList(files).subList(from, to), part, folder.classNames(), o, seed);
  }

  /**
   * Keras's {@code class_names}: the classes in label order.
   *
   * @return an unmodifiable list
   */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * Keras's {@code file_paths}: every file of this subset relative to the folder, in the order of
   * {@link #labels()}.
   *
   * @return an unmodifiable list
   */
  public List<String> filePaths() {
    return filePaths;
  }

  /**
   * The label of every file.
   *
   * @return a copy
   */
  public int[] labels() {
    return labels.clone();
  }

  @Override
  protected int[] imageShape() {
    return shape.clone();
  }

  @Override
  protected void load(int index, RandomState rng, float[] out, int offset) throws IOException {
    Image img = Images.convert(Images.read(directory.resolve(filePaths.get(index))), colorMode);
    float[] x = img.toFloats();
    if (img.height() != shape[0] || img.width() != shape[1]) {
      x = Images.resize(x, img.height(), img.width(), shape[2], shape[0], shape[1], interpolation);
    }
    System.arraycopy(x, 0, out, offset, x.length);
  }

  @Override
  protected Tensor targets(int[] indices, Tensor x) {
    return switch (labelMode) {
      case "int" -> LabelTensors.sparse(labels, indices);
      case "binary" -> LabelTensors.binary(labels, indices, true);
      case "categorical" -> LabelTensors.oneHot(labels, indices, classNames.size());
      default -> null;
    };
  }
}
