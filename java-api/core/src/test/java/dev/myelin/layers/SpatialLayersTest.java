package dev.myelin.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pooling, padding, cropping, upsampling and spatial dropout layers against Keras. */
class SpatialLayersTest {
  private static long[] outShape(Layer l, long... in) {
    return l.computeOutputShape(new long[][] {in});
  }

  private static Tensor run(Layer l, Tensor x, boolean training) {
    return l.invoke(new Tensor[] {x}, training);
  }

  @Test
  void booksShapesAndSummaryRows() {
    Models.clearSession();
    Sequential m = new Sequential();
    m.add(new MaxPooling2D(5, 5).inputShape(512, 512, 1));
    m.add(new Flatten());
    String s = m.summaryString();
    assertTrue(
        s.contains("max_pooling2d (MaxPooling2D) (None, 102, 102, 1)       0         \n"), s);
    // MNIST: the conv output (26, 26, 32) pools to 13 x 13 and flattens to 5408
    Sequential mnist = new Sequential();
    mnist.add(new MaxPooling2D(2).inputShape(26, 26, 32));
    mnist.add(new Flatten());
    mnist.add(new Dense(10));
    assertTrue(mnist.summaryString().contains("(None, 13, 13, 32)"));
    assertTrue(mnist.summaryString().contains("(None, 5408)"));
    assertEquals(54090, mnist.countParams());
    // the book's Conv1D chain: 196 steps pool to 98; after a kernel-3 convolution, 96 pool to 48
    assertArrayEquals(new long[] {-1, 98, 32}, outShape(new MaxPooling1D(2), -1, 196, 32));
    assertArrayEquals(new long[] {-1, 48, 32}, outShape(new MaxPooling1D(), -1, 96, 32));
    assertArrayEquals(new long[] {-1, 102, 8}, outShape(new MaxPooling1D(5), -1, 512, 8));
    // "same" rounds up, strides default to the pool size
    assertArrayEquals(
        new long[] {-1, 3, 4, 2}, outShape(new AveragePooling2D(2).padding("same"), -1, 5, 7, 2));
    assertArrayEquals(new long[] {-1, 4, 4, 2, 3}, outShape(new MaxPooling3D(2), -1, 8, 9, 5, 3));
    assertArrayEquals(
        new long[] {-1, 4, 6, 2},
        outShape(new MaxPooling2D(2, 2).strides(1).padding("valid"), -1, 5, 7, 2));
  }

  @Test
  void globalMaxPooling2dOfTheBooksImageGivesOneValuePerChannel() {
    Models.clearSession();
    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(3);
      Tensor img =
          Tensor.randomUniform(new long[] {1, 512, 512, 1}, 0, 1, dev.myelin.DType.FLOAT32);
      Sequential m = new Sequential();
      m.add(new GlobalMaxPooling2D().inputShape(512, 512, 1));
      Tensor y = m.predict(img);
      assertArrayEquals(new long[] {1, 1}, y.shape());
      assertEquals(img.max().item(), y.item(), 0);
      assertTrue(
          // the long type name is cut to the column, as Keras 2 prints it
          m.summaryString()
              .contains("\nglobal_max_pooling2d (Global (None, 1)                 0         \n"),
          m.summaryString());
    }
  }

  @Test
  void layersComputeKerasValues() {
    try (TensorScope scope = new TensorScope()) {
      // (1, 2, 3, 2): channel 0 holds 0..5, channel 1 holds 10..15
      Tensor x =
          Tensor.fromArray(new float[] {0, 10, 1, 11, 2, 12, 3, 13, 4, 14, 5, 15}, 1, 2, 3, 2);
      GlobalAveragePooling2D gap = new GlobalAveragePooling2D();
      gap.keepdims(true);
      Tensor g = run(gap, x, false);
      assertArrayEquals(new long[] {1, 1, 1, 2}, g.shape());
      assertArrayEquals(new float[] {2.5f, 12.5f}, g.toFloatArray());
      assertArrayEquals(
          new float[] {5, 15}, run(new GlobalMaxPooling2D(), x, false).toFloatArray());
      Tensor seq = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 1, 3, 2);
      assertArrayEquals(
          new float[] {3, 4}, run(new GlobalAveragePooling1D(), seq, false).toFloatArray());
      assertArrayEquals(
          new float[] {5, 6}, run(new GlobalMaxPooling1D(), seq, false).toFloatArray());
      // AveragePooling2D "same", 2x2 on 2x3: the last column's windows average 2 real values
      Tensor a = run(new AveragePooling2D(2).padding("same"), x, false);
      assertArrayEquals(new long[] {1, 1, 2, 2}, a.shape());
      assertArrayEquals(new float[] {2, 12, 3.5f, 13.5f}, a.toFloatArray());
      assertArrayEquals(new float[] {4, 14}, run(new MaxPooling2D(2), x, false).toFloatArray());
      // the same numbers through three spatial axes: (1, 1, 2, 3, 2) pooled by (1, 2, 2), "same"
      Tensor x3 = x.reshape(1, 1, 2, 3, 2);
      assertArrayEquals(
          new float[] {2, 12, 3.5f, 13.5f},
          run(new AveragePooling3D(1, 2, 2).padding("same"), x3, false).toFloatArray());
      // ZeroPadding1D (1, 2), Cropping1D (1, 0), UpSampling1D 2
      Tensor p = run(new ZeroPadding1D(1, 2), seq, false);
      assertArrayEquals(new long[] {1, 6, 2}, p.shape());
      assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0}, p.toFloatArray());
      assertArrayEquals(
          new float[] {3, 4, 5, 6}, run(new Cropping1D(1, 0), seq, false).toFloatArray());
      assertArrayEquals(
          new float[] {1, 2, 1, 2, 3, 4, 3, 4, 5, 6, 5, 6},
          run(new UpSampling1D(), seq, false).toFloatArray());
      // ZeroPadding2D ((1, 0), (0, 1)) on 2x3 gives 3x4; Cropping2D ((0, 1), (1, 1)) keeps (0, 1)
      Tensor p2 = run(new ZeroPadding2D(new long[][] {{1, 0}, {0, 1}}), x, false);
      assertArrayEquals(new long[] {1, 3, 4, 2}, p2.shape());
      assertEquals(0f, p2.getFloat(0, 0, 2, 1));
      assertEquals(11f, p2.getFloat(0, 1, 1, 1));
      assertEquals(0f, p2.getFloat(0, 2, 3, 0));
      assertArrayEquals(
          new float[] {1, 11},
          run(new Cropping2D(new long[][] {{0, 1}, {1, 1}}), x, false).toFloatArray());
      // UpSampling2D (2, 1): rows doubled
      Tensor u = run(new UpSampling2D(2, 1), x, false);
      assertArrayEquals(new long[] {1, 4, 3, 2}, u.shape());
      assertEquals(4f, u.getFloat(0, 2, 1, 0));
      assertEquals(4f, u.getFloat(0, 3, 1, 0));
      assertEquals(1f, u.getFloat(0, 1, 1, 0));
      // bilinear (1, 2) on one row [0, 1, 2] (channel 0): samples at -0.25 (clamped), 0.25, 0.75,
      // 1.25, 1.75, 2.25 (clamped)
      Tensor b = run(new UpSampling2D(1, 2).interpolation("bilinear"), x.slice("0:1, 0:1"), false);
      assertArrayEquals(new long[] {1, 1, 6, 2}, b.shape());
      assertArrayEquals(
          new float[] {0, 10, 0.25f, 10.25f, 0.75f, 10.75f, 1.25f, 11.25f, 1.75f, 11.75f, 2, 12},
          b.toFloatArray(),
          1e-6f);
    }
  }

  @Test
  void spatialDropoutDropsWholeChannelsInTrainingOnly() {
    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(11);
      Tensor x = Tensor.ones(4, 6, 5, 8);
      SpatialDropout2D d = new SpatialDropout2D(0.5);
      assertTrue(run(d, x, false) == x);
      float[] y = run(d, x, true).toFloatArray();
      int dropped = 0;
      for (int b = 0; b < 4; b++) {
        for (int c = 0; c < 8; c++) {
          float first = y[(b * 30) * 8 + c];
          assertTrue(first == 0f || first == 2f, "kept channels scale by 1 / (1 - rate)");
          for (int p = 0; p < 30; p++) {
            assertEquals(first, y[(b * 30 + p) * 8 + c], "example " + b + " channel " + c);
          }
          dropped += first == 0f ? 1 : 0;
        }
      }
      assertTrue(dropped > 4 && dropped < 28, "about half of 32 channels dropped: " + dropped);
      float[] y1 = run(new SpatialDropout1D(0.5), Tensor.ones(3, 7, 4), true).toFloatArray();
      for (int b = 0; b < 3; b++) {
        for (int c = 0; c < 4; c++) {
          for (int t = 1; t < 7; t++) {
            assertEquals(y1[b * 28 + c], y1[b * 28 + t * 4 + c]);
          }
        }
      }
    }
  }

  @Test
  void configsFollowKerasAndRoundTrip() {
    MaxPooling2D mp = new MaxPooling2D(3);
    mp.strides(2).padding("same");
    Map<String, Object> c = mp.getConfig();
    assertEquals(List.of(3L, 3L), c.get("pool_size"));
    assertEquals(List.of(2L, 2L), c.get("strides"));
    assertEquals("same", c.get("padding"));
    assertEquals("channels_last", c.get("data_format"));
    assertEquals(List.of(2L), new MaxPooling1D().getConfig().get("strides"));
    assertEquals(
        List.of(List.of(1L, 1L), List.of(1L, 1L)), new ZeroPadding2D().getConfig().get("padding"));
    assertEquals(
        List.of(List.of(0L, 0L), List.of(0L, 0L)), new Cropping2D().getConfig().get("cropping"));
    assertEquals(List.of(1L, 1L), new Cropping1D().getConfig().get("cropping"));
    assertEquals(2L, new UpSampling1D().getConfig().get("size"));
    assertEquals("nearest", new UpSampling2D().getConfig().get("interpolation"));
    assertEquals(false, new SpatialDropout1D(0.2).getConfig().containsKey("noise_shape"));
    Layer[] layers = {
      mp,
      new MaxPooling1D(4),
      new AveragePooling1D(3),
      new AveragePooling2D(2, 3),
      new MaxPooling3D(2, 1, 3).strides(1),
      new AveragePooling3D(),
      new GlobalMaxPooling1D(),
      new GlobalMaxPooling2D().keepdims(true),
      new GlobalAveragePooling1D(),
      new GlobalAveragePooling2D(),
      new ZeroPadding1D(2, 3),
      new ZeroPadding2D(new long[][] {{1, 2}, {3, 4}}),
      new Cropping1D(0, 2),
      new Cropping2D(1, 2),
      new UpSampling1D(3),
      new UpSampling2D(2, 3),
      new UpSampling2D(2).interpolation("bilinear"),
      new SpatialDropout1D(0.2),
      new SpatialDropout2D(0.3),
    };
    for (Layer l : layers) {
      Map<String, Object> cfg = l.getConfig();
      Layer back = Layers.fromConfig(l.className(), cfg);
      assertEquals(l.getClass(), back.getClass());
      assertEquals(cfg, back.getConfig(), l.className());
    }
    // Keras's aliases and its config forms: MaxPool1D defaults to pool 2, ints for tuples
    Layer alias = Layers.fromConfig("MaxPool1D", Map.of("name", "p"));
    assertEquals(List.of(2L), alias.getConfig().get("pool_size"));
    Layer z = Layers.fromConfig("ZeroPadding2D", Map.of("name", "z", "padding", List.of(1, 2)));
    assertEquals(List.of(List.of(1L, 1L), List.of(2L, 2L)), z.getConfig().get("padding"));
    assertEquals(
        List.of(4L, 4L),
        Layers.fromConfig("AveragePooling2D", Map.of("name", "a", "pool_size", 4))
            .getConfig()
            .get("pool_size"));
  }

  @Test
  void badInputNamesTheLayerAndTheValues() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> outShape(new MaxPooling2D(2).name("p"), -1, 8, 3));
    assertEquals(
        "Layer \"p\" (MaxPooling2D): expected input of rank 4 (batch, rows, cols, channels) but got"
            + " shape (None, 8, 3)",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> outShape(new MaxPooling1D(5).name("q"), -1, 3, 2));
    assertTrue(
        e.getMessage()
            .startsWith("Layer \"q\" (MaxPooling1D): pool_size [5] is larger than the input"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(2, 0));
    assertEquals(
        "MaxPooling2D: argument 'poolSize' expected positive integers but was [2, 0]",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new AveragePooling1D(2).padding("causal"));
    assertEquals(
        "AveragePooling1D: argument 'padding' expected \"valid\" or \"same\" but was \"causal\"",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> outShape(new Cropping1D(2, 2).name("c"), -1, 4, 1));
    assertTrue(
        e.getMessage().startsWith("Layer \"c\" (Cropping1D): cropping [2, 2] leaves nothing"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Layers.fromConfig(
                    "MaxPooling2D", Map.of("name", "m", "data_format", "channels_middle")));
    assertEquals(
        "MaxPooling2D config: argument 'data_format' expected \"channels_last\" or"
            + " \"channels_first\" but was \"channels_middle\"",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new UpSampling2D().interpolation("bicubic"));
    assertEquals(
        "UpSampling2D: argument 'interpolation' expected \"nearest\" or \"bilinear\" but was \"bicubic\"",
        e.getMessage());
  }
}
