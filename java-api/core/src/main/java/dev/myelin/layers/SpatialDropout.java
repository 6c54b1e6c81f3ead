package dev.myelin.layers;

import dev.myelin.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * What {@code SpatialDropout1D/2D} share: dropout of whole channels (one draw per example and
 * channel, the same for every step or pixel), in training only, scaling the kept channels by {@code
 * 1 / (1 - rate)}.
 */
public abstract class SpatialDropout extends Dropout {
  private final int rank;

  /** Whether the channel axis is 1 (SpatialDropout2D may be channels first). */
  boolean channelsFirst;

  SpatialDropout(int rank, double rate) {
    super(rate);
    this.rank = rank;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    long[] s = x.shape();
    DataFormat.checkRank(this, s, rank, channelsFirst);
    if (!training || rate() == 0) {
      return x;
    }
    long[] noise = new long[s.length];
    Arrays.fill(noise, 1);
    noise[0] = s[0];
    int channels = DataFormat.channelAxis(s.length, channelsFirst);
    noise[channels] = s[channels];
    Tensor keep = Tensor.bernoulli(noise, 1 - rate(), x.dtype());
    return x.mul(keep.mul(1.0 / (1 - rate())));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    // Keras's SpatialDropout fixes the noise shape itself, has no trainable argument, and its
    // constructor rejects both keys
    c.remove("noise_shape");
    c.remove("trainable");
    return c;
  }
}
