package dev.myelin.layers;

import dev.myelin.Slice;
import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * Crops the centre {@code height x width} window of images, as Keras 3's {@code CenterCrop}
 * (channels-last, or channels-first with {@code dataFormat("channels_first")}): the window starts
 * at {@code (H - height) / 2, (W - width) / 2}; an image smaller than the window on either side is
 * instead cropped to the target aspect ratio and resized (bilinear), Keras's {@code smart_resize}.
 * Applied in training and at inference.
 *
 * <pre>{@code
 * model.add(new CenterCrop(150, 150));
 * }</pre>
 */
public class CenterCrop extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        CenterCrop.class,
        "CenterCrop",
        List.of(),
        List.of("data_format"),
        (c, custom) -> fromConfig(c));
  }

  private final int height;
  private final int width;
  private boolean channelsFirst;

  /** A crop of the central {@code height x width} pixels. */
  public CenterCrop(int height, int width) {
    this.height = ImageLayers.positive("CenterCrop", "height", height);
    this.width = ImageLayers.positive("CenterCrop", "width", width);
  }

  /** Sets the image layout: "channels_last" (default) or "channels_first". */
  public CenterCrop dataFormat(String format) {
    channelsFirst = DataFormat.channelsFirst(format, "CenterCrop");
    return this;
  }

  /** The image layout, "channels_last" or "channels_first". */
  public String dataFormat() {
    return DataFormat.name(channelsFirst);
  }

  @Override
  public CenterCrop inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public CenterCrop name(String newName) {
    super.name(newName);
    return this;
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    return ImageLayers.withSize(this, inputShapes[0], height, width, channelsFirst);
  }

  /** The {@code ch x cw} window of images in the format starting at row y0, column x0. */
  static Tensor window(Tensor x, long y0, long x0, long ch, long cw, boolean channelsFirst) {
    Slice[] s = new Slice[x.rank()];
    for (int i = 0; i < s.length; i++) {
      s[i] = Slice.all();
    }
    int a = ImageLayers.heightAxis(s.length, channelsFirst);
    s[a] = Slice.range(y0, y0 + ch);
    s[a + 1] = Slice.range(x0, x0 + cw);
    return x.slice(s);
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = ImageLayers.floats(inputs[0]);
    ImageLayers.checkImages(this, x.shape(), channelsFirst);
    int a = ImageLayers.heightAxis(x.rank(), channelsFirst);
    long h = x.dim(a);
    long w = x.dim(a + 1);
    if (h >= height && w >= width) {
      return window(x, (h - height) / 2, (w - width) / 2, height, width, channelsFirst);
    }
    return ImageLayers.viaLast(
        aspectCrop(x, height, width, channelsFirst),
        channelsFirst,
        t -> t.resizeImages(height, width, "bilinear"));
  }

  /**
   * The largest centred window of images {@code x} (in the format) with the aspect ratio {@code
   * height : width} (Keras's smart_resize and crop_to_aspect_ratio: sizes and start truncate toward
   * zero).
   */
  static Tensor aspectCrop(Tensor x, int height, int width, boolean channelsFirst) {
    int a = ImageLayers.heightAxis(x.rank(), channelsFirst);
    long h = x.dim(a);
    long w = x.dim(a + 1);
    long ch = Math.max(Math.min(h, (long) ((double) (w * height) / width)), 1);
    long cw = Math.max(Math.min(w, (long) ((double) (h * width) / height)), 1);
    return window(x, (h - ch) / 2, (w - cw) / 2, ch, cw, channelsFirst);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    ImageLayers.putDataFormat(c, channelsFirst);
    c.put("height", height);
    c.put("width", width);
    return c;
  }

  /** A new CenterCrop from its Keras config, the inverse of {@link #getConfig()}. */
  public static CenterCrop fromConfig(Map<String, Object> c) {
    return new CenterCrop(
            ((Number) Configs.require(c, "height", "CenterCrop")).intValue(),
            ((Number) Configs.require(c, "width", "CenterCrop")).intValue())
        .dataFormat(DataFormat.name(DataFormat.read(c, "CenterCrop")));
  }
}
