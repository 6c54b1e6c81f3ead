package dev.myelin.examples;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.applications.ImageSearch;
import dev.myelin.applications.ImageSearch.Neighbor;
import dev.myelin.data.image.Images;
import dev.myelin.data.plot.Axes;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.utils.NpyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Chapter 11.5, image search: euclidean distances between the bottleneck features that {@code
 * transfer-learning} saved ({@code DistanceMetric.get_metric('euclidean').pairwise(X_train)}), the
 * nine nearest and farthest images to a query ({@code pd.Series(bn_dist[i]).sort_values()}) and
 * their pictures in a 3 x 3 grid.
 *
 * <p>Options: {@code --features FILE} (default {@code
 * target/example-output/transfer-learning/bottlenecks_train.npy.gz}), {@code --files FILE} (the
 * image paths, one per feature row; default {@code files_train.txt} next to the features), {@code
 * --query I} (default 0), {@code --out DIR}.
 */
public final class ImageSearchExample implements Example {
  /**
   * What the search printed and drew.
   *
   * @param exampleDistance the book's {@code [1, 2]} to {@code [2, -1]} distance
   * @param firstPair the distance between rows 0 and 1
   * @param distanceShape the shape of the pairwise distance matrix
   * @param nearest the nine nearest rows to the query, the query first
   * @param farthest the nine farthest rows, farthest first
   * @param nearestPlot the nearest images
   * @param farthestPlot the farthest images
   */
  public record Result(
      double exampleDistance,
      double firstPair,
      long[] distanceShape,
      List<Neighbor> nearest,
      List<Neighbor> farthest,
      Path nearestPlot,
      Path farthestPlot) {}

  @Override
  public String name() {
    return "image-search";
  }

  @Override
  public String description() {
    return "ch.11.5 nearest-neighbour image search over the transfer-learning bottleneck features";
  }

  @Override
  public void run(String[] args) throws IOException {
    Path features =
        Path.of(
            TransferLearning.orDefault(
                Book.option(args, "--features"),
                "target/example-output/transfer-learning/bottlenecks_train.npy.gz"));
    String files = Book.option(args, "--files");
    Path list = files != null ? Path.of(files) : features.resolveSibling("files_train.txt");
    int query = Integer.parseInt(TransferLearning.orDefault(Book.option(args, "--query"), "0"));
    run(features, list, query, Book.outDir(name(), args));
  }

  /** Searches the features in {@code features} for the neighbours of row {@code query}. */
  public static Result run(Path features, Path imageList, int query, Path out) throws IOException {
    if (!Files.isRegularFile(features)) {
      throw new IllegalArgumentException(
          "image-search: features file "
              + features.toAbsolutePath().normalize()
              + " does not exist; run 'bin/myelin example transfer-learning' first or pass"
              + " --features FILE");
    }
    List<Path> images = Files.readAllLines(imageList).stream().map(Path::of).toList();
    Files.createDirectories(out);
    try (TensorScope scope = new TensorScope()) {
      double book = distance(new double[] {1, 2}, new double[] {2, -1});
      System.out.println("distance([1, 2], [2, -1]) = " + book);
      Tensor x = NpyFile.load(features);
      if (x.dim(0) != images.size()) {
        throw new IllegalArgumentException(
            "image-search: argument 'files' expected "
                + x.dim(0)
                + " image paths (one per feature row) but was "
                + images.size());
      }
      Tensor dist = ImageSearch.pairwiseDistances(x);
      double[] d = dist.toDoubleArray();
      int n = (int) x.dim(0);
      System.out.printf(Locale.ROOT, "X_train[0] vs X_train[1]: %.6f%n", d[1]);
      System.out.printf(Locale.ROOT, "X_train[0] vs X_train[%d]: %.6f%n", n / 2, d[n / 2]);
      System.out.println("bn_dist.shape: " + Arrays.toString(dist.shape()));
      List<Neighbor> nearest = ImageSearch.nearest(x, query, 9);
      List<Neighbor> farthest = ImageSearch.farthest(x, query, 9);
      System.out.println("nearest to " + query + ":");
      print(nearest);
      System.out.println("farthest from " + query + ":");
      print(farthest);
      Path near = grid(nearest, images, out, "nearest_" + query + ".png");
      Path far = grid(farthest, images, out, "farthest_" + query + ".png");
      return new Result(book, d[1], dist.shape(), nearest, farthest, near, far);
    }
  }

  /** numpy's {@code np.sqrt(np.square(a - b).sum())}. */
  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  /** As pandas prints a sorted Series: the index, then the value with six decimals. */
  private static void print(List<Neighbor> rows) {
    for (Neighbor r : rows) {
      System.out.printf(Locale.ROOT, "%-6d %.6f%n", r.index(), r.distance());
    }
  }

  private static Path grid(List<Neighbor> rows, List<Path> images, Path out, String file)
      throws IOException {
    Figure fig = Plot.figure(600, 600);
    Axes[][] axes = fig.subplots(3, 3);
    for (int i = 0; i < rows.size(); i++) {
      Neighbor r = rows.get(i);
      Axes a = axes[i / 3][i % 3];
      a.imshow(Images.read(images.get(r.index())));
      a.setTitle(String.format(Locale.ROOT, "%d: %.2f", r.index(), r.distance()));
    }
    return Book.save(fig, out, file);
  }
}
