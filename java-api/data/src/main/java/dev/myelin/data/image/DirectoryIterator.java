package dev.myelin.data.image;

import static dev.myelin.data.internal.Checks.check;

import dev.myelin.Tensor;
import dev.myelin.data.random.RandomState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras 2.2's {@code DirectoryIterator} ({@link ImageDataGenerator#flowFromDirectory}): batches of
 * images read from class subfolders, resized to the target size, augmented and standardised.
 *
 * <p>{@link #classIndices()} maps the sorted subfolder names to labels, {@link #classes()} holds
 * each file's label and {@link #filenames()} its path relative to the folder, in the order {@code
 * shuffle(false)} yields them. With the generator's {@code validationSplit}, each class keeps its
 * first {@code int(count * split)} files for {@code subset("validation")} and the rest for {@code
 * "training"}, as Keras. A class folder without images fails (Keras counts it and never yields it).
 */
public final class DirectoryIterator extends ImageIterator {
  private final Path directory;
  private final ImageDataGenerator generator;
  private final Map<String, Integer> classIndices;
  private final List<String> filenames;
  private final int[] classes;
  private final int[] shape;
  private final ColorMode colorMode;
  private final String classMode;
  private final Interpolation interpolation;
  private final int[] targetSize;

  DirectoryIterator(Path directory, ImageDataGenerator generator, FlowOptions o)
      throws IOException {
    this(directory, generator, o, select(directory, generator, o));
  }

  private DirectoryIterator(
      Path directory, ImageDataGenerator generator, FlowOptions o, ImageFolder folder) {
    super(folder.files().size(), o.batchSize, o.shuffle, o.seed);
    this.directory = directory;
    this.generator = generator;
    Map<String, Integer> idx = new LinkedHashMap<>();
    for (int i = 0; i < folder.classNames().size(); i++) {
      idx.put(folder.classNames().get(i), i);
    }
    this.classIndices = Collections.unmodifiableMap(idx);
    this.filenames = folder.files();
    this.classes = folder.labels();
    this.colorMode = o.colorMode;
    this.classMode = o.classMode;
    this.interpolation = o.interpolation;
    this.targetSize = o.targetSize.clone();
    this.shape = new int[] {targetSize[0], targetSize[1], colorMode.channels()};
    check(
        !classMode.equals("binary") || classIndices.size() <= 2,
        "classMode",
        "\"binary\" with at most 2 classes",
        classIndices.size() + " classes " + classIndices.keySet());
  }

  private static ImageFolder select(Path directory, ImageDataGenerator g, FlowOptions o)
      throws IOException {
    check(g != null, "generator", "an ImageDataGenerator", "null");
    ImageFolder all =
        ImageFolder.index(
            directory, o.classes, ImageFolder.KERAS2_FORMATS, o.followLinks, "flowFromDirectory");
    ImageFolder part = all;
    if (o.subset != null) {
      double split = g.validationSplit();
      check(split > 0, "subset", "a generator with validationSplit set", "validationSplit 0");
      List<String> files = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      int i = 0;
      while (i < all.files().size()) {
        int k = all.labels()[i];
        int j = i;
        while (j < all.files().size() && all.labels()[j] == k) {
          j++;
        }
        int count = j - i;
        int cut = (int) (split * count);
        int from = o.subset.equals("validation") ? i : i + cut;
        int to = o.subset.equals("validation") ? i + cut : j;
        for (int f = from; f < to; f++) {
          files.add(all.files().get(f));
          labels.add(k);
        }
        i = j;
      }
      part =
          new ImageFolder(
              directory,
              all.classNames(),
              List.copyOf(files),
              labels.stream().mapToInt(Integer::intValue).toArray());
    }
    System.out.println(
        "Found "
            + part.files().size()
            + " images belonging to "
            + part.classNames().size()
            + " classes.");
    if (part.files().isEmpty()) {
      throw new IllegalArgumentException(
          "flowFromDirectory: argument 'subset' left no image of "
              + all.files().size()
              + " for "
              + o.subset);
    }
    return part;
  }

  /**
   * Keras's {@code class_indices}: each class name (subfolder) and its label.
   *
   * @return an unmodifiable map in label order
   */
  public Map<String, Integer> classIndices() {
    return classIndices;
  }

  /**
   * Keras's {@code classes}: the label of every file, in {@link #filenames()} order.
   *
   * @return a copy
   */
  public int[] classes() {
    return classes.clone();
  }

  /**
   * Keras's {@code filenames}: every file relative to the folder ({@code class/name.jpg}).
   *
   * @return an unmodifiable list
   */
  public List<String> filenames() {
    return filenames;
  }

  /**
   * Keras's {@code samples}: the number of images.
   *
   * @return the count
   */
  public int samplesCount() {
    return filenames.size();
  }

  /**
   * Keras's {@code num_classes}.
   *
   * @return the number of classes
   */
  public int numClasses() {
    return classIndices.size();
  }

  @Override
  protected int[] imageShape() {
    return shape.clone();
  }

  @Override
  protected void load(int index, RandomState rng, float[] out, int offset) throws IOException {
    Path file = directory.resolve(filenames.get(index));
    Image img = Images.loadImg(file, targetSize, colorMode, interpolation);
    generator.augmentInto(img.toFloats(), shape[0], shape[1], shape[2], rng, out, offset);
  }

  @Override
  protected Tensor targets(int[] indices, Tensor x) {
    return switch (classMode) {
      case "sparse" -> LabelTensors.sparse(classes, indices);
      case "binary" -> LabelTensors.binary(classes, indices, false);
      case "categorical" -> LabelTensors.oneHot(classes, indices, classIndices.size());
      case "input" -> x.copy();
      default -> null;
    };
  }
}
