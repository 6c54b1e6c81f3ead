package dev.myelin.examples;

import dev.myelin.TensorScope;
import dev.myelin.data.image.DirectoryIterator;
import dev.myelin.data.image.FlowOptions;
import dev.myelin.data.image.Image;
import dev.myelin.data.image.ImageBatch;
import dev.myelin.data.image.ImageDataGenerator;
import dev.myelin.data.plot.Axes;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Chapter 10.8: {@code ImageDataGenerator(rescale=1./255, width_shift_range=0.1,
 * height_shift_range=0.1, rotation_range=20, shear_range=0.3, zoom_range=0.3,
 * horizontal_flip=True)} on the book's one-picture folder {@code generator/} through {@code
 * flow_from_directory(target_size=(128, 128), class_mode='binary')}; sixteen draws are shown in a 4
 * x 4 grid.
 */
public final class AugmentationDemo implements Example {
  /**
   * What the demo printed and drew.
   *
   * @param samples images found
   * @param classes classes found
   * @param batchShape the shape of one batch's images
   * @param distinct how many of the sixteen draws differ from the first
   * @param plot the grid
   */
  public record Result(int samples, int classes, long[] batchShape, int distinct, Path plot) {}

  @Override
  public String name() {
    return "augmentation-demo";
  }

  @Override
  public String description() {
    return "ch.10.8 ImageDataGenerator: 16 random augmentations of one picture (flow_from_directory)";
  }

  @Override
  public void run(String[] args) throws IOException {
    Result r = run(Book.dataDir(args), Book.outDir(name(), args), null);
    System.out.println("augmented images: " + r.plot());
  }

  /** Runs the demo on {@code data/generator}; a non-null {@code seed} fixes the draws. */
  public static Result run(Path data, Path out, Long seed) throws IOException {
    ImageDataGenerator idg =
        new ImageDataGenerator()
            .rescale(1. / 255)
            .widthShiftRange(0.1)
            .heightShiftRange(0.1)
            .rotationRange(20)
            .shearRange(0.3)
            .zoomRange(0.3)
            .horizontalFlip(true);
    Figure fig = Plot.figure(900, 900);
    Axes[][] grid = fig.subplots(4, 4);
    long[] shape;
    int distinct = 0;
    try (DirectoryIterator it =
            idg.flowFromDirectory(
                data.resolve("generator"),
                new FlowOptions().targetSize(128, 128).classMode("binary").seed(seed));
        TensorScope scope = new TensorScope()) {
      float[] first = null;
      shape = null;
      for (int i = 0; i < 16; i++) {
        ImageBatch b = it.next();
        shape = b.x().shape();
        float[] px = b.x().toFloatArray();
        if (first == null) {
          first = px;
        } else if (!java.util.Arrays.equals(first, px)) {
          distinct++;
        }
        // plt.imshow(img[0]) of the rescaled floats: back to 0..255 for display.
        float[] bytes = new float[px.length];
        for (int j = 0; j < px.length; j++) {
          bytes[j] = px[j] * 255f;
        }
        grid[i / 4][i % 4].imshow(Image.fromFloats(128, 128, 3, bytes));
      }
      Path plot = Book.save(fig, out, "augmented.png");
      return new Result(it.samplesCount(), it.numClasses(), shape, distinct, plot);
    }
  }
}
