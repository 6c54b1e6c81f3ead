package dev.myelin.examples;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.image.ColorMode;
import dev.myelin.data.image.Image;
import dev.myelin.data.image.Images;
import dev.myelin.data.image.Interpolation;
import dev.myelin.data.plot.Colormap;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.GlobalMaxPooling2D;
import dev.myelin.layers.Layer;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.models.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 6.2-6.7: one-layer models applied to a single 512x512 grey image, to show what
 * convolution and pooling do to its shape. The book uses scipy's {@code ascent()} picture (not
 * shipped with the book's data); this program uses the book's {@code iss.jpg} in grey, resized to
 * 512x512, which gives the same shapes. Each model is compiled with {@code ('adam', 'mse')} as in
 * the book and only predicts; each output is saved as a grey PNG.
 */
public final class ConvShapes implements Example {
  /** One demo: its name, the summary row of its layer, parameter count and prediction shape. */
  public record Demo(String name, String summaryRow, long params, long[] outputShape, Path png) {}

  /** The input picture and the demos, in the book's order. */
  public record Result(float[] image, List<Demo> demos, float[] firstConvOutput) {}

  @Override
  public String name() {
    return "conv-shapes";
  }

  @Override
  public String description() {
    return "ch.6 Conv2D and pooling on one 512x512 image: valid/same padding, strides, pooling";
  }

  @Override
  public void run(String[] args) {
    Result r = run(Book.dataDir(args), Book.outDir(name(), args));
    for (Demo d : r.demos()) {
      System.out.println(
          Book.fmt(
              "%-28s %s -> %s  %s",
              d.name(),
              d.summaryRow().strip(),
              java.util.Arrays.toString(d.outputShape()),
              d.png()));
    }
  }

  /** The picture as the model input {@code (1, 512, 512, 1)}, pixel values 0-255 as floats. */
  static float[] picture(Path data) {
    try {
      Image img =
          Images.loadImg(
              data.resolve("iss.jpg"),
              new int[] {512, 512},
              ColorMode.GRAYSCALE,
              Interpolation.NEAREST);
      return img.toFloats();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the six demos of sections 6.2-6.7 and writes their outputs under {@code out}. */
  public static Result run(Path data, Path out) {
    float[] pixels = picture(data);
    List<Demo> demos = new ArrayList<>();
    float[] firstConv;
    try (TensorScope scope = new TensorScope()) {
      Tensor x = Tensor.fromArray(pixels, 1, 512, 512, 1);
      firstConv =
          demo(
              demos,
              out,
              "6.2 conv valid",
              new Conv2D(1, 11, 11).kernelInitializer("ones").inputShape(512, 512, 1),
              x);
      demo(
          demos,
          out,
          "6.3 conv same",
          new Conv2D(1, 11, 11).padding("same").kernelInitializer("ones").inputShape(512, 512, 1),
          x);
      demo(
          demos,
          out,
          "6.4 conv strides 5",
          new Conv2D(1, 11, 11)
              .strides(5, 5)
              .padding("same")
              .kernelInitializer("ones")
              .inputShape(512, 512, 1),
          x);
      demo(
          demos,
          out,
          "6.5 conv strides (11, 5)",
          new Conv2D(1, 11, 11)
              .strides(11, 5)
              .padding("same")
              .kernelInitializer("ones")
              .inputShape(512, 512, 1),
          x);
      demo(demos, out, "6.6 max pooling 5", new MaxPooling2D(5, 5).inputShape(512, 512, 1), x);
      demo(
          demos,
          out,
          "6.7 global max pooling",
          new GlobalMaxPooling2D().inputShape(512, 512, 1),
          x);
    }
    return new Result(pixels, demos, firstConv);
  }

  private static float[] demo(List<Demo> demos, Path out, String name, Layer layer, Tensor x) {
    Sequential model = new Sequential(layer);
    model.compile("adam", "mse");
    String[] lines = model.summaryString().split("\n");
    String row = "";
    for (String line : lines) {
      if (line.startsWith(layer.name() + " ")) {
        row = line;
      }
    }
    Tensor y = model.predict(x);
    long[] shape = y.shape();
    float[] values = y.toFloatArray();
    Path png = null;
    if (shape.length == 4) {
      png = out.resolve(name.replaceAll("[^a-z0-9]+", "_") + ".png");
      writeGrey(
          values, (int) shape[1], (int) shape[2], name + ": " + shape[1] + " x " + shape[2], png);
    }
    demos.add(new Demo(name, row, model.countParams(), shape, png));
    return values;
  }

  /** Draws {@code v} (h x w) as a grey image with axes and a title, saved as a PNG. */
  static void writeGrey(float[] v, int h, int w, String title, Path png) {
    double[][] rows = new double[h][w];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        rows[i][j] = v[i * w + j];
      }
    }
    // the figure follows the image's aspect ratio, as matplotlib's imshow draws square pixels
    int side = Math.max(h, w);
    Figure fig = Plot.figure(140 + 400 * w / side, 140 + 400 * h / side);
    fig.subplots(1, 1)[0][0].imshow(rows, Colormap.GRAY).setTitle(title);
    try {
      fig.savePng(png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
