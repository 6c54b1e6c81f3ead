package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autodiff.GradientTape;
import dev.myelin.layers.UpSampling2D;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The channels-first image resize ({@code resizeImages(..., "channels_first")}, the native
 * mln_image_resize_cf that UpSampling2D's bilinear mode uses in that format): its values and its
 * gradient equal the channels-last resize of the transposed images bit for bit (same taps, same
 * arithmetic per element), for up- and downsampling, both interpolations, batched and single.
 */
@ExtendWith(TensorScopePerTest.class)
class ResizeChannelsFirstTest {
  private static final long[][] SIZES = {{10, 21}, {2, 3}, {5, 7}, {1, 9}};

  private static Tensor images(long... shape) {
    Random rnd = new Random(12);
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    double[] a = new double[Math.toIntExact(n)];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextGaussian();
    }
    return Tensor.fromArray(a, shape).cast(DType.FLOAT32);
  }

  /** (N, C, H, W) or (C, H, W) to channels-last and back, written out here. */
  private static Tensor last(Tensor x) {
    return x.rank() == 4 ? x.permute(0, 2, 3, 1) : x.permute(1, 2, 0);
  }

  private static Tensor first(Tensor x) {
    return x.rank() == 4 ? x.permute(0, 3, 1, 2) : x.permute(2, 0, 1);
  }

  @Test
  void channelsFirstEqualsTransposedChannelsLastBitForBit() {
    for (long[] shape : new long[][] {{2, 3, 5, 7}, {3, 5, 7}}) {
      Tensor x = images(shape);
      for (String interp : new String[] {"bilinear", "nearest"}) {
        for (long[] hw : SIZES) {
          String what = interp + " " + hw[0] + "x" + hw[1] + " rank " + shape.length;
          Tensor cf = x.resizeImages(hw[0], hw[1], interp, "channels_first");
          Tensor cl = first(last(x).resizeImages(hw[0], hw[1], interp));
          assertArrayEquals(cl.shape(), cf.shape(), what);
          assertArrayEquals(cl.toFloatArray(), cf.toFloatArray(), what);
          // "channels_last" spelled out is the three-argument form
          assertArrayEquals(
              x.resizeImages(hw[0], hw[1], interp).toFloatArray(),
              x.resizeImages(hw[0], hw[1], interp, "channels_last").toFloatArray(),
              what);
        }
      }
    }
  }

  @Test
  void channelsFirstGradientEqualsTransposedChannelsLastBitForBit() {
    Tensor x = images(2, 3, 5, 7);
    Tensor xl = last(x);
    for (String interp : new String[] {"bilinear", "nearest"}) {
      for (long[] hw : SIZES) {
        Tensor w = images(2, 3, hw[0], hw[1]);
        Tensor gf;
        Tensor gl;
        try (GradientTape tape = new GradientTape()) {
          tape.watch(x);
          Tensor y = x.resizeImages(hw[0], hw[1], interp, "channels_first");
          gf = tape.gradient(y.mul(w).sum(), x)[0];
        }
        try (GradientTape tape = new GradientTape()) {
          tape.watch(xl);
          Tensor y = xl.resizeImages(hw[0], hw[1], interp);
          gl = tape.gradient(y.mul(last(w)).sum(), xl)[0];
        }
        String what = interp + " " + hw[0] + "x" + hw[1];
        assertArrayEquals(x.shape(), gf.shape(), what);
        assertArrayEquals(first(gl).toFloatArray(), gf.toFloatArray(), what);
      }
    }
  }

  @Test
  void upSamplingBilinearChannelsFirstNeedsNoTransposes() {
    // rows [0, 1, 2] of one plane upsampled by 2: samples at -0.25 (clamped), 0.25, 0.75, 1.25,
    // 1.75, 2.25 (clamped) give 0, 0.25, 0.75, 1.25, 1.75, 2 down each column
    Tensor x = Tensor.fromArray(new double[] {0, 0, 1, 1, 2, 2}, 1, 1, 3, 2).cast(DType.FLOAT32);
    Tensor y =
        new UpSampling2D(2, 1)
            .interpolation("bilinear")
            .dataFormat("channels_first")
            .call(new Tensor[] {x}, false);
    assertArrayEquals(new long[] {1, 1, 6, 2}, y.shape());
    assertArrayEquals(
        new float[] {0, 0, 0.25f, 0.25f, 0.75f, 0.75f, 1.25f, 1.25f, 1.75f, 1.75f, 2, 2},
        y.toFloatArray());
    // an empty batch keeps its (upsampled) shape
    Tensor empty = Tensor.zeros(0, 2, 3, 4).cast(DType.FLOAT32);
    Tensor e =
        new UpSampling2D(2, 3)
            .interpolation("bilinear")
            .dataFormat("channels_first")
            .call(new Tensor[] {empty}, false);
    assertArrayEquals(new long[] {0, 2, 6, 12}, e.shape());
  }

  @Test
  void badDataFormatNamesTheArgument() {
    Tensor x = images(1, 2, 3, 4);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> x.resizeImages(4, 4, "bilinear", "channels_middle"));
    assertTrue(e.getMessage().contains("data_format"), e.getMessage());
    assertTrue(e.getMessage().contains("channels_middle"), e.getMessage());
    IllegalArgumentException r =
        assertThrows(
            IllegalArgumentException.class,
            () -> images(2, 3).resizeImages(4, 4, "bilinear", "channels_first"));
    assertTrue(r.getMessage().contains("rank"), r.getMessage());
    assertEquals(2, images(2, 3).rank());
  }
}
