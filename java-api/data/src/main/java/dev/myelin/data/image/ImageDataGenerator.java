package dev.myelin.data.image;

import static dev.myelin.data.internal.Checks.check;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.random.RandomState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Keras 2.2's {@code ImageDataGenerator}: random augmentation of images each time a batch is drawn,
 * then {@code preprocessing_function} and {@code rescale}.
 *
 * <pre>{@code
 * ImageDataGenerator idg = new ImageDataGenerator()
 *     .rescale(1 / 255.0).widthShiftRange(0.1).heightShiftRange(0.1)
 *     .rotationRange(20).shearRange(0.3).zoomRange(0.3).horizontalFlip(true);
 * DirectoryIterator it = idg.flowFromDirectory(Path.of("../data/generator"),
 *     new FlowOptions().targetSize(128, 128).classMode("binary"));
 * // Found 1 images belonging to 1 classes.
 * ImageBatch b = it.next();
 * }</pre>
 *
 * <p>The draws and their order follow keras-preprocessing 1.0.2 ({@code get_random_transform}):
 * rotation, height shift, width shift, shear, zoom (two draws), the horizontal and the vertical
 * flip coins (always drawn), channel shift, brightness. {@code shearRange} is an angle in degrees.
 * A shift range below 1 is a fraction of the size, 1 or more a number of pixels (uniform), and an
 * {@code int} range picks a whole number of pixels below it with a random sign. The geometric part
 * is one affine map about the centre ({@link AffineTransforms}); then come the channel shift, the
 * flips and the brightness (PIL's {@code ImageEnhance.Brightness} on the image scaled to 0..255, as
 * Keras). Feature-wise and sample-wise normalisation and ZCA are not offered.
 */
public final class ImageDataGenerator {
  private double rotationRange;
  private double widthShift;
  private int widthShiftInt;
  private double heightShift;
  private int heightShiftInt;
  private double shearRange;
  private double zoomLow = 1;
  private double zoomHigh = 1;
  private double channelShiftRange;
  private FillMode fillMode = FillMode.NEAREST;
  private double cval;
  private boolean horizontalFlip;
  private boolean verticalFlip;
  private double rescale;
  private UnaryOperator<Tensor> preprocessingFunction;
  private double validationSplit;
  private double[] brightnessRange;

  /** A generator that changes nothing (Keras's defaults). */
  public ImageDataGenerator() {}

  /**
   * Rotations drawn uniformly in {@code [-degrees, degrees]}.
   *
   * @param degrees the range, not negative
   * @return this generator
   */
  public ImageDataGenerator rotationRange(double degrees) {
    check(degrees >= 0, "rotationRange", "a non-negative angle in degrees", degrees);
    rotationRange = degrees;
    return this;
  }

  /**
   * Horizontal shifts drawn uniformly in {@code [-range, range]}: a fraction of the width below 1,
   * pixels from 1 on.
   *
   * @param range the range, not negative
   * @return this generator
   */
  public ImageDataGenerator widthShiftRange(double range) {
    check(range >= 0, "widthShiftRange", "a non-negative fraction or pixel count", range);
    widthShift = range;
    widthShiftInt = 0;
    return this;
  }

  /**
   * Horizontal shifts of a whole number of pixels in {@code (-pixels, pixels)} (Keras's {@code int}
   * form: {@code choice(pixels) * choice([-1, 1])}).
   *
   * @param pixels the bound, not negative
   * @return this generator
   */
  public ImageDataGenerator widthShiftRange(int pixels) {
    check(pixels >= 0, "widthShiftRange", "a non-negative number of pixels", pixels);
    widthShiftInt = pixels;
    widthShift = 0;
    return this;
  }

  /**
   * Vertical shifts drawn uniformly in {@code [-range, range]}: a fraction of the height below 1,
   * pixels from 1 on.
   *
   * @param range the range, not negative
   * @return this generator
   */
  public ImageDataGenerator heightShiftRange(double range) {
    check(range >= 0, "heightShiftRange", "a non-negative fraction or pixel count", range);
    heightShift = range;
    heightShiftInt = 0;
    return this;
  }

  /**
   * Vertical shifts of a whole number of pixels in {@code (-pixels, pixels)} (Keras's {@code int}
   * form).
   *
   * @param pixels the bound, not negative
   * @return this generator
   */
  public ImageDataGenerator heightShiftRange(int pixels) {
    check(pixels >= 0, "heightShiftRange", "a non-negative number of pixels", pixels);
    heightShiftInt = pixels;
    heightShift = 0;
    return this;
  }

  /**
   * Shear angles drawn uniformly in {@code [-degrees, degrees]} (degrees, as Keras 2.2 uses it: the
   * book's {@code shear_range=0.3} is a third of a degree, {@code shear_range=5} five degrees).
   *
   * @param degrees the range, not negative
   * @return this generator
   */
  public ImageDataGenerator shearRange(double degrees) {
    check(degrees >= 0, "shearRange", "a non-negative angle in degrees", degrees);
    shearRange = degrees;
    return this;
  }

  /**
   * Zooms drawn uniformly in {@code [1 - range, 1 + range]}, separately for rows and columns.
   *
   * @param range the range, not negative
   * @return this generator
   */
  public ImageDataGenerator zoomRange(double range) {
    check(range >= 0, "zoomRange", "a non-negative fraction", range);
    return zoomRange(1 - range, 1 + range);
  }

  /**
   * Zooms drawn uniformly in {@code [low, high]} (values above 1 shrink the content, as Keras).
   *
   * @param low the smallest zoom
   * @param high the largest zoom
   * @return this generator
   */
  public ImageDataGenerator zoomRange(double low, double high) {
    check(low <= high, "zoomRange", "low <= high", low + " > " + high);
    zoomLow = low;
    zoomHigh = high;
    return this;
  }

  /**
   * Channel shifts: one value in {@code [-range, range]} added to all channels, clipped to the
   * image's range.
   *
   * @param range the range, not negative
   * @return this generator
   */
  public ImageDataGenerator channelShiftRange(double range) {
    check(range >= 0, "channelShiftRange", "a non-negative value", range);
    channelShiftRange = range;
    return this;
  }

  /**
   * How points outside the image are filled (default {@code "nearest"}).
   *
   * @param mode {@code "constant"}, {@code "nearest"}, {@code "reflect"} or {@code "wrap"}
   * @return this generator
   */
  public ImageDataGenerator fillMode(String mode) {
    fillMode = FillMode.of(mode);
    return this;
  }

  /**
   * The fill value of {@code fillMode("constant")} (default 0).
   *
   * @param value the value
   * @return this generator
   */
  public ImageDataGenerator cval(double value) {
    cval = value;
    return this;
  }

  /**
   * Whether half of the images (at random) are mirrored left to right.
   *
   * @param on true to flip
   * @return this generator
   */
  public ImageDataGenerator horizontalFlip(boolean on) {
    horizontalFlip = on;
    return this;
  }

  /**
   * Whether half of the images (at random) are turned upside down.
   *
   * @param on true to flip
   * @return this generator
   */
  public ImageDataGenerator verticalFlip(boolean on) {
    verticalFlip = on;
    return this;
  }

  /**
   * A factor every value is multiplied by after the other steps (0: none, Keras's {@code None}).
   *
   * @param factor the factor, e.g. {@code 1 / 255.0}
   * @return this generator
   */
  public ImageDataGenerator rescale(double factor) {
    rescale = factor;
    return this;
  }

  /**
   * A function applied to each augmented image, a float32 {@code (height, width, channels)} tensor,
   * before {@code rescale}; it must return the same shape. It runs on the loader threads inside its
   * own tensor scope.
   *
   * @param f the function, or null
   * @return this generator
   */
  public ImageDataGenerator preprocessingFunction(UnaryOperator<Tensor> f) {
    preprocessingFunction = f;
    return this;
  }

  /**
   * The fraction kept for {@code subset("validation")} (strictly between 0 and 1; 0 for none).
   *
   * @param fraction the fraction
   * @return this generator
   */
  public ImageDataGenerator validationSplit(double fraction) {
    validationSplit = FolderOptions.checkSplit(fraction);
    return this;
  }

  /**
   * Brightness factors drawn uniformly in {@code [low, high]} (1 keeps the image).
   *
   * @param low the smallest factor
   * @param high the largest factor
   * @return this generator
   */
  public ImageDataGenerator brightnessRange(double low, double high) {
    check(low <= high && low >= 0, "brightnessRange", "0 <= low <= high", low + ", " + high);
    brightnessRange = new double[] {low, high};
    return this;
  }

  double validationSplit() {
    return validationSplit;
  }

  /**
   * Keras's {@code get_random_transform(img_shape)}: draws one augmentation from {@code rng}.
   *
   * @param h the image's rows
   * @param w the image's columns
   * @param rng the generator (numpy's legacy {@code RandomState})
   * @return the parameters
   */
  public TransformParameters getRandomTransform(int h, int w, RandomState rng) {
    check(rng != null, "rng", "a RandomState", "null");
    double theta = rotationRange != 0 ? rng.uniform(-rotationRange, rotationRange) : 0;
    double tx = shift(heightShift, heightShiftInt, h, rng);
    double ty = shift(widthShift, widthShiftInt, w, rng);
    double shear = shearRange != 0 ? rng.uniform(-shearRange, shearRange) : 0;
    double zx = 1;
    double zy = 1;
    if (!(zoomLow == 1 && zoomHigh == 1)) {
      zx = rng.uniform(zoomLow, zoomHigh);
      zy = rng.uniform(zoomLow, zoomHigh);
    }
    boolean flipH = rng.randomSample() < 0.5 && horizontalFlip;
    boolean flipV = rng.randomSample() < 0.5 && verticalFlip;
    Double channelShift =
        channelShiftRange != 0 ? rng.uniform(-channelShiftRange, channelShiftRange) : null;
    Double brightness =
        brightnessRange != null ? rng.uniform(brightnessRange[0], brightnessRange[1]) : null;
    return new TransformParameters(
        theta, tx, ty, shear, zx, zy, flipH, flipV, channelShift, brightness);
  }

  private static double shift(double range, int pixels, int size, RandomState rng) {
    if (pixels != 0) {
      // np.random.choice(k) then np.random.choice([-1, 1]): two bounded integer draws.
      double v = rng.choice(pixels, 1, true, null)[0];
      return v * (rng.choice(2, 1, true, null)[0] == 0 ? -1 : 1);
    }
    if (range == 0) {
      return 0;
    }
    double v = rng.uniform(-range, range);
    return range < 1 ? v * size : v;
  }

  /**
   * Keras's {@code apply_transform(x, params)} on one HWC image: the affine map, the channel shift,
   * the flips, the brightness.
   *
   * @param x the image
   * @param h rows
   * @param w columns
   * @param c channels
   * @param p the parameters
   * @return the transformed image (may be {@code x} itself when nothing changes)
   */
  public float[] applyTransform(float[] x, int h, int w, int c, TransformParameters p) {
    check(p != null, "p", "transform parameters", "null");
    float[] out =
        AffineTransforms.apply(
            x, h, w, c, p.theta(), p.tx(), p.ty(), p.shear(), p.zx(), p.zy(), fillMode, cval);
    if (p.channelShiftIntensity() != null) {
      out = channelShift(out, p.channelShiftIntensity());
    }
    if (p.flipHorizontal()) {
      out = flip(out, h, w, c, false);
    }
    if (p.flipVertical()) {
      out = flip(out, h, w, c, true);
    }
    if (p.brightness() != null) {
      out = brightness(out, c, p.brightness());
    }
    return out;
  }

  private static float[] channelShift(float[] x, double intensity) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) Math.max(min, Math.min(max, x[i] + intensity));
    }
    return out;
  }

  private static float[] flip(float[] x, int h, int w, int c, boolean rows) {
    float[] out = new float[x.length];
    for (int r = 0; r < h; r++) {
      for (int col = 0; col < w; col++) {
        int src = rows ? ((h - 1 - r) * w + col) * c : (r * w + (w - 1 - col)) * c;
        System.arraycopy(x, src, out, (r * w + col) * c, c);
      }
    }
    return out;
  }

  /**
   * {@code array_to_img} (shifted to start at 0 and scaled to 0..255, truncated to bytes), PIL's
   * {@code Brightness(img).enhance(factor)} (a blend with black, truncated and clipped) and {@code
   * img_to_array}.
   */
  private static float[] brightness(float[] x, int c, double factor) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    float lift = Math.max(-min, 0);
    float top = max + lift;
    float alpha = (float) factor;
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      float v = x[i] + lift;
      if (top != 0) {
        v /= top;
      }
      int b = (int) (v * 255f);
      float blended = alpha * b;
      out[i] = blended <= 0 ? 0 : blended >= 255 ? 255 : (int) blended;
    }
    return out;
  }

  /**
   * Keras's {@code standardize(x)} for the options offered: {@code preprocessing_function}, then
   * {@code rescale}.
   *
   * @param x the image (changed in place when there is no preprocessing function)
   * @param h rows
   * @param w columns
   * @param c channels
   * @return the standardised image
   */
  public float[] standardize(float[] x, int h, int w, int c) {
    float[] out = x;
    if (preprocessingFunction != null) {
      try (TensorScope scope = new TensorScope()) {
        Tensor result = preprocessingFunction.apply(Tensor.fromArray(x, h, w, c));
        check(result != null, "preprocessingFunction", "a tensor", "null");
        check(
            result.numel() == x.length,
            "preprocessingFunction",
            "a result of shape (" + h + ", " + w + ", " + c + ")",
            java.util.Arrays.toString(result.shape()));
        out = result.toFloatArray();
      }
    }
    if (rescale != 0) {
      float f = (float) rescale;
      for (int i = 0; i < out.length; i++) {
        out[i] *= f;
      }
    }
    return out;
  }

  /**
   * Keras's {@code random_transform}: draws parameters from {@code rng} and applies them.
   *
   * @param x the HWC image
   * @param h rows
   * @param w columns
   * @param c channels
   * @param rng the generator
   * @return the augmented image
   */
  public float[] randomTransform(float[] x, int h, int w, int c, RandomState rng) {
    return applyTransform(x, h, w, c, getRandomTransform(h, w, rng));
  }

  /** Augments and standardises one image into {@code out} (what each iterator does per sample). */
  void augmentInto(float[] x, int h, int w, int c, RandomState rng, float[] out, int offset) {
    float[] y = standardize(randomTransform(x, h, w, c, rng), h, w, c);
    System.arraycopy(y, 0, out, offset, y.length);
  }

  /**
   * Keras's {@code flow(x, y, batch_size, shuffle, seed)} with the other options' defaults.
   *
   * @param x images {@code (n, height, width, channels)}
   * @param y targets with {@code n} rows, or null
   * @param batchSize the batch size
   * @param shuffle whether each pass is reordered
   * @param seed the seed, or null
   * @return the iterator
   */
  public ArrayIterator flow(Tensor x, Tensor y, int batchSize, boolean shuffle, Long seed) {
    return flow(x, y, new FlowOptions().batchSize(batchSize).shuffle(shuffle).seed(seed));
  }

  /**
   * Keras's {@code flow(x, y)}: batches of 32 augmented images from an array, shuffled.
   *
   * @param x images {@code (n, height, width, channels)}
   * @param y targets with {@code n} rows, or null
   * @return the iterator
   */
  public ArrayIterator flow(Tensor x, Tensor y) {
    return flow(x, y, new FlowOptions());
  }

  /**
   * Keras's {@code flow(x, y, batch_size, shuffle, seed, subset)}; the directory options of {@code
   * o} are ignored.
   *
   * @param x images {@code (n, height, width, channels)}
   * @param y targets with {@code n} rows, or null
   * @param o batch size, shuffle, seed and subset
   * @return the iterator
   */
  public ArrayIterator flow(Tensor x, Tensor y, FlowOptions o) {
    return new ArrayIterator(x, y, this, o);
  }

  /**
   * Keras's {@code flow_from_directory(directory, ...)}: one subfolder per class, printing {@code
   * Found N images belonging to K classes.}.
   *
   * @param directory the folder of class subfolders
   * @param o target size, colour mode, class mode, batch size, shuffle, seed, subset ...
   * @return the iterator
   * @throws IOException if the folder cannot be listed or holds no images
   */
  public DirectoryIterator flowFromDirectory(Path directory, FlowOptions o) throws IOException {
    return new DirectoryIterator(directory, this, o);
  }

  /**
   * {@code flow_from_directory(directory)} with every default (256 x 256, categorical, batch 32).
   *
   * @param directory the folder of class subfolders
   * @return the iterator
   * @throws IOException if the folder cannot be listed or holds no images
   */
  public DirectoryIterator flowFromDirectory(Path directory) throws IOException {
    return flowFromDirectory(directory, new FlowOptions());
  }
}
