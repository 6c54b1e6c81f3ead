package dev.myelin.data.image;

import static dev.myelin.data.internal.Checks.check;

/**
 * The options that {@link FlowOptions} and {@link DirectoryDatasetOptions} share: batch size,
 * shuffling, seed, subset, colour mode, interpolation and links.
 *
 * @param <T> the concrete options class, returned by every setter
 */
public abstract class FolderOptions<T extends FolderOptions<T>> {
  int batchSize = 32;
  boolean shuffle = true;
  Long seed;
  String subset;
  ColorMode colorMode = ColorMode.RGB;
  Interpolation interpolation;
  boolean followLinks;

  FolderOptions(Interpolation interpolation) {
    this.interpolation = interpolation;
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  /**
   * The batch size (default 32).
   *
   * @param size a positive number of samples
   * @return these options
   */
  public T batchSize(int size) {
    check(size > 0, "batchSize", "a positive integer", size);
    batchSize = size;
    return self();
  }

  /**
   * Whether the samples are visited in a new random order each pass (default true).
   *
   * @param on true to shuffle
   * @return these options
   */
  public T shuffle(boolean on) {
    shuffle = on;
    return self();
  }

  /**
   * The seed of the order and of any augmentation (default none: a random one).
   *
   * @param s a value in [0, 2^32 - 1], or null
   * @return these options
   */
  public T seed(Long s) {
    check(s == null || (s >= 0 && s <= 0xffffffffL), "seed", "null or in [0, 4294967295]", s);
    seed = s;
    return self();
  }

  /**
   * Which part of the validation split to use: {@code "training"} or {@code "validation"} (default
   * null: everything).
   *
   * @param name the subset, or null
   * @return these options
   */
  public T subset(String name) {
    check(
        name == null || name.equals("training") || name.equals("validation"),
        "subset",
        "\"training\", \"validation\" or null",
        name);
    subset = name;
    return self();
  }

  /**
   * The channels images are converted to (default RGB).
   *
   * @param mode {@code "grayscale"}, {@code "rgb"} or {@code "rgba"}
   * @return these options
   */
  public T colorMode(String mode) {
    colorMode = ColorMode.of(mode);
    return self();
  }

  /**
   * How images are resized.
   *
   * @param mode {@code "nearest"} or {@code "bilinear"}
   * @return these options
   */
  public T interpolation(String mode) {
    if ("nearest".equals(mode)) {
      interpolation = Interpolation.NEAREST;
    } else if ("bilinear".equals(mode)) {
      interpolation = Interpolation.BILINEAR;
    } else {
      throw new IllegalArgumentException(
          "interpolation: expected \"nearest\" or \"bilinear\", got " + mode);
    }
    return self();
  }

  /**
   * Whether symbolic links to folders inside class folders are followed (default false).
   *
   * @param on true to follow them
   * @return these options
   */
  public T followLinks(boolean on) {
    followLinks = on;
    return self();
  }

  /** A validation fraction check shared by the generator and the folder dataset. */
  static double checkSplit(double fraction) {
    check(
        fraction == 0 || (fraction > 0 && fraction < 1),
        "validationSplit",
        "0 or a fraction strictly between 0 and 1",
        fraction);
    return fraction;
  }
}
