package dev.myelin.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.models.Sequential;
import dev.myelin.regularizers.L1L2;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The convolution layers' shapes, parameter counts, summary rows, configs and errors (the numbers
 * are Keras's and the book's).
 */
@ExtendWith(TensorScopePerTest.class)
class ConvLayersTest {
  private static long[] out(Layer l, long... inputShape) {
    Sequential m = new Sequential();
    m.add(l.inputShape(inputShape));
    return m.outputs().get(0).shape();
  }

  @Test
  void bookShapes() {
    assertArrayEquals(
        new long[] {-1, 502, 502, 1},
        out(new Conv2D(1, 11, 11).kernelInitializer("ones"), 512, 512, 1));
    assertArrayEquals(
        new long[] {-1, 512, 512, 1}, out(new Conv2D(1, 11, 11).padding("same"), 512, 512, 1));
    assertArrayEquals(
        new long[] {-1, 103, 103, 1},
        out(new Conv2D(1, 11, 11).strides(5, 5).padding("same"), 512, 512, 1));
    assertArrayEquals(
        new long[] {-1, 47, 103, 1},
        out(new Conv2D(1, 11, 11).strides(11, 5).padding("same"), 512, 512, 1));
    assertArrayEquals(
        new long[] {-1, 26, 26, 32},
        out(new Conv2D(32, 3, 3).kernelInitializer("normal"), 28, 28, 1));
    Sequential chain = new Sequential();
    chain.add(new Conv1D(16, 3).inputShape(200, 1));
    assertArrayEquals(new long[] {-1, 198, 16}, chain.outputs().get(0).shape());
    chain.add(new Conv1D(16, 3));
    assertArrayEquals(new long[] {-1, 196, 16}, chain.outputs().get(0).shape());
  }

  @Test
  void parameterCountsAndSummaryRowsAreKeras() {
    Sequential m = new Sequential();
    m.add(new Conv2D(32, 3, 3).name("conv").inputShape(28, 28, 1));
    m.add(new DepthwiseConv2D(3).depthMultiplier(2).name("dw"));
    m.add(new SeparableConv2D(8, 3).name("sep"));
    m.add(new Conv2DTranspose(4, 3).strides(2).padding("same").name("up"));
    m.add(new Conv2D(6, 3).groups(2).useBias(false).name("grouped"));
    // 3*3*1*32 + 32; 3*3*32*2 + 64; 3*3*64 + 64*8 + 8; 3*3*4*8 + 4; 3*3*2*6
    assertEquals(
        List.of(320L, 640L, 1096L, 292L, 108L),
        m.layers().stream().map(Layer::countParams).toList());
    String s = m.summaryString();
    assertTrue(s.contains("conv (Conv2D)"), s);
    assertTrue(s.contains("(None, 26, 26, 32)"), s);
    assertTrue(s.contains("(None, 24, 24, 64)"), s);
    assertTrue(s.contains("(None, 22, 22, 8)"), s);
    assertTrue(s.contains("(None, 44, 44, 4)"), s);
    assertTrue(s.contains("(None, 42, 42, 6)"), s);
  }

  @Test
  void configsRoundTripWithKerasKeys() {
    Conv2D c =
        new Conv2D(8, 3, 2)
            .strides(2, 1)
            .padding("same")
            .dilationRate(1)
            .groups(2)
            .activation("relu")
            .kernelRegularizer(new L1L2(0.01, 0))
            .name("c");
    Map<String, Object> cfg = c.getConfig();
    assertEquals(List.of(3L, 2L), cfg.get("kernel_size"));
    assertEquals(List.of(2L, 1L), cfg.get("strides"));
    assertEquals("channels_last", cfg.get("data_format"));
    assertEquals(2, cfg.get("groups"));
    Layer back = Layers.fromConfig("Conv2D", cfg);
    assertEquals(cfg, back.getConfig());
    for (Layer l :
        List.of(
            new Conv1D(4, 5).padding("causal").name("a"),
            new Conv3D(2, 2).name("b"),
            new DepthwiseConv2D(3).depthMultiplier(3).name("d"),
            new SeparableConv1D(4, 3).name("s1"),
            new SeparableConv2D(4, 3).depthMultiplier(2).name("s2"),
            new Conv2DTranspose(4, 3).strides(2).padding("same").name("t"),
            new Conv1DTranspose(4, 3).dilationRate(2).name("t1"),
            new Conv3DTranspose(4, 3).strides(1, 2, 1).name("t3"))) {
      Map<String, Object> lc = l.getConfig();
      assertEquals(lc, Layers.fromConfig(l.className(), lc).getConfig(), l.className());
    }
    Map<String, Object> t = new Conv2DTranspose(4, 3).getConfig();
    assertTrue(t.containsKey("output_padding") && t.get("output_padding") == null);
    assertEquals("conv2d_transpose", LayerNames.snakeCase("Conv2DTranspose"));
  }

  @Test
  void depthwiseIsAConvolutionPerChannel() {
    DepthwiseConv2D d = new DepthwiseConv2D(1).depthMultiplier(2).useBias(false);
    d.build(new long[] {-1, 2, 2, 2});
    // kernel (1, 1, C=2, m=2): channel 0 scaled by 1 and 2, channel 1 by 3 and 4
    d.kernel().assign(Tensor.fromArray(new float[] {1, 2, 3, 4}, 1, 1, 2, 2));
    Tensor x = Tensor.fromArray(new float[] {1, 10, 2, 20, 3, 30, 4, 40}, 1, 2, 2, 2);
    float[] y = d.call(new Tensor[] {x}, false).toFloatArray();
    assertArrayEquals(
        new float[] {1, 2, 30, 40, 2, 4, 60, 80, 3, 6, 90, 120, 4, 8, 120, 160}, y, 0f);
  }

  @Test
  void badInputsNameTheLayerAndTheValues() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> out(new Conv2D(4, 5), 3, 3, 1));
    assertTrue(e.getMessage().contains("smaller than the dilated kernel size 5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> out(new Conv2D(4, 3), 9, 1));
    assertTrue(e.getMessage().contains("expected an input of rank 4"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> out(new Conv2D(4, 3).groups(2), 9, 9, 3));
    assertTrue(
        e.getMessage().contains("'groups' expected a divisor of the input channels 3"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).padding("causal"));
    assertEquals(
        "Conv2D: argument 'padding' expected one of valid, same but was causal", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3, 3, 3));
    assertTrue(e.getMessage().contains("'kernel_size' expected 1 or 2 integers"), e.getMessage());
    Sequential m = new Sequential();
    m.add(new Conv2D(2, 3).inputShape(5, 5, 1));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.predict(Tensor.zeros(DType.FLOAT32, 1, 5, 5, 2)));
    assertTrue(e.getMessage().contains("expected data of shape (None, 5, 5, 1)"), e.getMessage());
  }
}
