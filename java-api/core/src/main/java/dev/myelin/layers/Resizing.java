package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * Resizes channels-last images ({@code (N, H, W, C)} or {@code (H, W, C)}) to {@code height x
 * width}, as Keras 3's {@code Resizing}: {@code "bilinear"} (default) or {@code "nearest"}
 * interpolation with half-pixel centres and no antialiasing; with {@code cropToAspectRatio(true)}
 * the largest centred window of the target aspect ratio is resized instead. Differentiable.
 *
 * <pre>{@code
 * model.add(new Resizing(180, 180).cropToAspectRatio(true));
 * }</pre>
 */
public class Resizing extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Resizing.class,
        "Resizing",
        List.of(),
        List.of("interpolation", "crop_to_aspect_ratio"),
        (c, custom) -> fromConfig(c));
  }

  private final int height;
  private final int width;
  private String interpolation = "bilinear";
  private boolean cropToAspectRatio;

  /** A resize to {@code height x width} pixels. */
  public Resizing(int height, int width) {
    this.height = ImageLayers.positive("Resizing", "height", height);
    this.width = ImageLayers.positive("Resizing", "width", width);
  }

  /** Sets the interpolation: "bilinear" (default) or "nearest". */
  public Resizing interpolation(String value) {
    interpolation =
        ImageLayers.choice("Resizing", "interpolation", ImageLayers.INTERPOLATIONS, value);
    return this;
  }

  /** Whether to crop to the target aspect ratio before resizing (default false). */
  public Resizing cropToAspectRatio(boolean on) {
    cropToAspectRatio = on;
    return this;
  }

  @Override
  public Resizing inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Resizing name(String newName) {
    super.name(newName);
    return this;
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    return ImageLayers.withSize(this, inputShapes[0], height, width);
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = ImageLayers.floats(inputs[0]);
    ImageLayers.checkImages(this, x.shape());
    if (cropToAspectRatio) {
      x = CenterCrop.aspectCrop(x, height, width);
    }
    return x.resizeImages(height, width, interpolation);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    ImageLayers.putDataFormat(c);
    c.put("height", height);
    c.put("width", width);
    c.put("interpolation", interpolation);
    c.put("crop_to_aspect_ratio", cropToAspectRatio);
    c.put("pad_to_aspect_ratio", false);
    c.put("fill_mode", "constant");
    c.put("fill_value", 0.0);
    c.put("antialias", false);
    return c;
  }

  /** A new Resizing from its Keras config, the inverse of {@link #getConfig()}. */
  public static Resizing fromConfig(Map<String, Object> c) {
    ImageLayers.checkDataFormat(c, "Resizing");
    if (Configs.bool(c, "pad_to_aspect_ratio", false)) {
      throw new IllegalArgumentException(
          "Resizing: argument 'pad_to_aspect_ratio' expected false (not supported) but was true");
    }
    if (Configs.bool(c, "antialias", false)) {
      throw new IllegalArgumentException(
          "Resizing: argument 'antialias' expected false (not supported) but was true");
    }
    Resizing r =
        new Resizing(
            ((Number) Configs.require(c, "height", "Resizing")).intValue(),
            ((Number) Configs.require(c, "width", "Resizing")).intValue());
    Object i = c.get("interpolation");
    if (i != null) {
      r.interpolation(i.toString());
    }
    return r.cropToAspectRatio(Configs.bool(c, "crop_to_aspect_ratio", false));
  }
}
