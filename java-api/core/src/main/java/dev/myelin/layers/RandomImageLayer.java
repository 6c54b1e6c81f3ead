package dev.myelin.layers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.saving.internal.Configs;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the random image augmentations share (Keras's BaseImagePreprocessingLayer): they act only
 * when training ({@link #augment}) and return the images unchanged (as float32 when they were
 * integers) at inference; their draws come from the layer's own stream when it has a seed, else
 * from the calling thread's generator. Images are channels-last unless {@link #dataFormat(String)}
 * says channels_first; the draws do not depend on the layout, so a channels-first layer computes
 * its channels-last twin's images transposed, as Keras's does. {@code L} is the concrete class, so
 * the fluent setters return it.
 *
 * <p>The draws are native random ops, which a traced plan cannot replay: a training step through
 * one of these layers records once, is found not replayable and then runs eagerly, exactly as a
 * step through Dropout does.
 */
abstract class RandomImageLayer<L extends RandomImageLayer<L>> extends Layer {
  private Long seed;
  private boolean channelsFirst;
  private final AtomicLong calls = new AtomicLong();

  @SuppressWarnings("unchecked")
  final L self() {
    return (L) this;
  }

  /** Gives the layer its own random stream (else the thread's, {@code Myelin.setSeed}). */
  public L seed(long value) {
    seed = value;
    return self();
  }

  /** Sets the image layout: "channels_last" (default) or "channels_first". */
  public L dataFormat(String format) {
    channelsFirst = DataFormat.channelsFirst(format, className());
    return self();
  }

  /** The image layout, "channels_last" or "channels_first". */
  public String dataFormat() {
    return DataFormat.name(channelsFirst);
  }

  /** Whether images are channels-first. */
  final boolean channelsFirst() {
    return channelsFirst;
  }

  @Override
  public L inputShape(long... shape) {
    super.inputShape(shape);
    return self();
  }

  @Override
  public L name(String newName) {
    super.name(newName);
    return self();
  }

  /** This layer with the seed and data format of a Keras config. */
  final L readSeed(Map<String, Object> config) {
    dataFormat(DataFormat.name(DataFormat.read(config, className())));
    Long s = Configs.seed(config);
    return s == null ? self() : seed(s);
  }

  /** Puts the data_format key (first of the layers' own keys, as Keras writes it). */
  final void putDataFormat(Map<String, Object> c) {
    ImageLayers.putDataFormat(c, channelsFirst);
  }

  /** The seed, or null. */
  public Long seed() {
    return seed;
  }

  /**
   * {@code n} uniform draws in [low, high). With a seed, call k of the layer keys Philox with the
   * seed and k, so a seeded layer repeats its sequence and still differs from step to step, as
   * Keras's SeedGenerator does.
   */
  final float[] uniform(long n, double low, double high) {
    long[] shape = {n};
    Tensor t =
        seed == null
            ? Tensor.randomUniform(shape, low, high, DType.FLOAT32)
            : Tensor.randomUniform(
                shape,
                low,
                high,
                DType.FLOAT32,
                mix(seed * 0x9E3779B97F4A7C15L + calls.getAndIncrement()));
    return t.toFloatArray();
  }

  /** splitmix64's finaliser: spreads consecutive call numbers over the key space. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The two arrays one after the other (two sets of draws in one array). */
  static float[] concat(float[] a, float[] b) {
    float[] r = new float[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** The augmented float images {@code x} (rank 3 or 4) of {@code n} images, in training. */
  abstract Tensor augment(Tensor x, long n);

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    ImageLayers.checkImages(this, inputShapes[0], channelsFirst);
    return inputShapes[0].clone();
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = ImageLayers.floats(inputs[0]);
    ImageLayers.checkImages(this, x.shape(), channelsFirst);
    if (!training) {
      return x;
    }
    return augment(x, x.rank() == 4 ? x.dim(0) : 1);
  }
}
