package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.internal.Configs;
import java.util.Map;

/**
 * The random geometric augmentations (RandomRotation, RandomZoom, RandomTranslation): each draws
 * its parameters per image when training, turns them into one 8-parameter transform per image and
 * samples the images through it (Keras's {@code affine_transform}); the identity at inference. No
 * gradient flows through the sampling (Keras's augmentation layers are not differentiated either).
 * {@code L} is the concrete class, so the fluent setters return it.
 */
abstract class RandomAffine<L extends RandomAffine<L>> extends RandomImageLayer<L> {
  private String fillMode = "reflect";
  private String interpolation = "bilinear";
  private double fillValue;

  /** Sets how points outside the image are filled: reflect (default), wrap, constant, nearest. */
  public L fillMode(String value) {
    fillMode = ImageLayers.choice(className(), "fill_mode", ImageLayers.FILL_MODES, value);
    return self();
  }

  /** Sets the interpolation: "bilinear" (default) or "nearest". */
  public L interpolation(String value) {
    interpolation =
        ImageLayers.choice(className(), "interpolation", ImageLayers.INTERPOLATIONS, value);
    return self();
  }

  /** Sets the value of points outside the image with fill mode "constant" (default 0). */
  public L fillValue(double value) {
    fillValue = value;
    return self();
  }

  /** The random draws of one call on {@code n} images, in the layout {@link #transforms} reads. */
  abstract float[] draw(long n);

  /** One transform (8 values) per image of size {@code h x w} from the draws of {@link #draw}. */
  abstract float[] transforms(float[] draws, long n, long h, long w);

  /** The images sampled through the transforms made from {@code draws} (Keras's numbers). */
  final Tensor transform(Tensor images, float[] draws) {
    Tensor x = ImageLayers.floats(images);
    ImageLayers.checkImages(this, x.shape(), channelsFirst());
    return ImageLayers.viaLast(x, channelsFirst(), last -> sample(last, draws));
  }

  /** Channels-last images sampled through the transforms made from {@code draws}. */
  private Tensor sample(Tensor x, float[] draws) {
    int r = x.rank();
    long n = r == 4 ? x.dim(0) : 1;
    float[] t = transforms(draws, n, x.dim(r - 3), x.dim(r - 2));
    Tensor tt = Tensor.fromArray(t, n, 8);
    return x.affineTransform(r == 4 ? tt : tt.squeeze(0), interpolation, fillMode, fillValue);
  }

  @Override
  final Tensor augment(Tensor x, long n) {
    return transform(x, draw(n));
  }

  /** Writes the keys the three layers share after their factors (data_format goes first). */
  final void putShared(Map<String, Object> c) {
    c.put("fill_mode", fillMode);
    c.put("interpolation", interpolation);
    c.put("seed", seed());
    c.put("fill_value", fillValue);
  }

  /** Reads the keys the three layers share from a Keras config into this layer. */
  final L readShared(Map<String, Object> c) {
    Object m = c.get("fill_mode");
    if (m != null) {
      fillMode(m.toString());
    }
    Object i = c.get("interpolation");
    if (i != null) {
      interpolation(i.toString());
    }
    fillValue(Configs.num(c, "fill_value", 0.0));
    return readSeed(c);
  }
}
