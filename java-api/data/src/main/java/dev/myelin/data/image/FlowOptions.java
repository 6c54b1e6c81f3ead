package dev.myelin.data.image;

import static dev.myelin.data.internal.Checks.check;

import java.util.List;
import java.util.Locale;

/**
 * The keyword arguments of {@link ImageDataGenerator#flow} and {@link
 * ImageDataGenerator#flowFromDirectory}, with Keras 2.2's defaults: {@code batchSize 32}, {@code
 * shuffle true}, no seed, {@code targetSize (256, 256)}, {@code colorMode "rgb"}, {@code classMode
 * "categorical"}, {@code interpolation "nearest"}.
 *
 * <pre>{@code
 * new FlowOptions().targetSize(128, 128).classMode("binary").batchSize(16).seed(0L)
 * }</pre>
 */
public final class FlowOptions extends FolderOptions<FlowOptions> {
  int[] targetSize = {256, 256};
  String classMode = "categorical";
  List<String> classes;

  /** Options with Keras's defaults. */
  public FlowOptions() {
    super(Interpolation.NEAREST);
  }

  /**
   * The size every image is resized to (default 256 x 256).
   *
   * @param height positive rows
   * @param width positive columns
   * @return these options
   */
  public FlowOptions targetSize(int height, int width) {
    int[] size = {height, width};
    Images.checkTargetSize(size);
    targetSize = size;
    return this;
  }

  /**
   * The targets: {@code "categorical"} (one-hot float32, the default), {@code "binary"} (float32
   * 0/1), {@code "sparse"} (int32 class indices), {@code "input"} (the images) or {@code "none"}
   * (no targets; Keras's {@code None}).
   *
   * @param mode the class mode
   * @return these options
   */
  public FlowOptions classMode(String mode) {
    String m = mode == null ? "none" : mode.toLowerCase(Locale.ROOT);
    check(
        List.of("categorical", "binary", "sparse", "input", "none").contains(m),
        "classMode",
        "one of categorical, binary, sparse, input, none",
        mode);
    classMode = m;
    return this;
  }

  /**
   * The class subfolders to use, in label order (default: every subfolder, sorted by name).
   *
   * @param names the folder names, or null
   * @return these options
   */
  public FlowOptions classes(List<String> names) {
    classes = names == null ? null : List.copyOf(names);
    return this;
  }
}
