package dev.myelin.data.image;

import static dev.myelin.data.internal.Checks.check;

import java.util.List;

/**
 * The keyword arguments of Keras 3's {@code image_dataset_from_directory} ({@link
 * ImageDirectoryDataset#imageDatasetFromDirectory}) with its defaults: labels inferred from the
 * subfolders, {@code labelMode "int"}, {@code colorMode "rgb"}, {@code batchSize 32}, {@code
 * imageSize (256, 256)}, {@code shuffle true}, no seed, {@code interpolation "bilinear"}.
 */
public final class DirectoryDatasetOptions extends FolderOptions<DirectoryDatasetOptions> {
  String labelMode = "int";
  List<String> classNames;
  int[] imageSize = {256, 256};
  double validationSplit;
  boolean verbose = true;

  /** Options with Keras 3's defaults. */
  public DirectoryDatasetOptions() {
    super(Interpolation.BILINEAR);
  }

  /**
   * The labels: {@code "int"} (int32 class indices), {@code "categorical"} (one-hot float32),
   * {@code "binary"} (float32 {@code (batch, 1)}, two classes only) or {@code "none"}.
   *
   * @param mode the label mode
   * @return these options
   */
  public DirectoryDatasetOptions labelMode(String mode) {
    String m = mode == null ? "none" : mode;
    check(
        List.of("int", "categorical", "binary", "none").contains(m),
        "labelMode",
        "one of int, categorical, binary, none",
        mode);
    labelMode = m;
    return this;
  }

  /**
   * The class subfolders to use, in label order (default: all, sorted).
   *
   * @param names the folder names, or null
   * @return these options
   */
  public DirectoryDatasetOptions classNames(List<String> names) {
    classNames = names == null ? null : List.copyOf(names);
    return this;
  }

  /**
   * The size every image is resized to (default 256 x 256).
   *
   * @param height positive rows
   * @param width positive columns
   * @return these options
   */
  public DirectoryDatasetOptions imageSize(int height, int width) {
    int[] size = {height, width};
    Images.checkTargetSize(size);
    imageSize = size;
    return this;
  }

  /**
   * The fraction of the (shuffled) files kept for {@code subset("validation")}: the last {@code
   * int(split * n)} files.
   *
   * @param fraction 0 or a fraction strictly between 0 and 1
   * @return these options
   */
  public DirectoryDatasetOptions validationSplit(double fraction) {
    validationSplit = checkSplit(fraction);
    return this;
  }

  /**
   * Whether the counts are printed (default true).
   *
   * @param on true to print
   * @return these options
   */
  public DirectoryDatasetOptions verbose(boolean on) {
    verbose = on;
    return this;
  }
}
