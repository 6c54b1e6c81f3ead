package dev.myelin.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.models.Input;
import dev.myelin.models.Models;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TensorScopePerTest.class)
class LayersTest {
  @BeforeEach
  void clearSession() {
    Models.clearSession();
  }

  @Test
  void denseOnTwoInputsHasTwelveParams() {
    Dense d = new Dense(4).activation("tanh");
    KerasTensor y = d.apply(Input.of(2));
    assertArrayEquals(new long[] {-1, 4}, y.shape());
    assertEquals(12, d.countParams());
    assertArrayEquals(new long[] {2, 4}, d.kernel().shape());
    assertArrayEquals(new long[] {4}, d.bias().shape());
    assertEquals("dense/kernel", d.kernel().name());
    assertEquals(2, d.trainableWeights().size());
  }

  @Test
  void namesCountPerTypeAndResetWithClearSession() {
    assertEquals("dense", new Dense(1).name());
    assertEquals("dense_1", new Dense(1).name());
    assertEquals("activation", new Activation("relu").name());
    assertEquals("batch_normalization", new BatchNormalization().name());
    Models.clearSession();
    assertEquals("dense", new Dense(1).name());
    Models.useKeras2Conventions(true);
    assertEquals("dense_1", new Dense(1).name());
    assertEquals("dense_2", new Dense(1).name());
    assertEquals("input_1", Input.of(3).layer().name());
    assertEquals("conv2d", LayerNames.snakeCase("Conv2D"));
    assertEquals("max_pooling2d", LayerNames.snakeCase("MaxPooling2D"));
  }

  @Test
  void denseComputesActivationOfAffineMap() {
    Dense d = new Dense(2).activation("relu").kernelInitializer("ones").biasInitializer("ones");
    Tensor y = d.apply(Tensor.of(new float[][] {{1, -3}, {2, 2}}));
    assertArrayEquals(new float[] {0, 0, 5, 5}, y.toFloatArray());
  }

  @Test
  void denseConfigUsesKerasKeys() {
    Map<String, Object> c = new Dense(3).activation("sigmoid").getConfig();
    assertEquals(
        List.of(
            "name",
            "trainable",
            "dtype",
            "units",
            "activation",
            "use_bias",
            "kernel_initializer",
            "bias_initializer",
            "kernel_regularizer",
            "bias_regularizer",
            "activity_regularizer",
            "kernel_constraint",
            "bias_constraint"),
        List.copyOf(c.keySet()));
    assertEquals(3L, c.get("units"));
    assertEquals("sigmoid", c.get("activation"));
    assertEquals(
        "{module=keras.initializers, class_name=GlorotUniform, config={seed=null},"
            + " registered_name=null}",
        c.get("kernel_initializer").toString());
  }

  @Test
  void freezingMovesWeightsToNonTrainable() {
    Dense d = new Dense(4);
    d.apply(Input.of(2));
    d.trainable(false);
    assertEquals(0, d.trainableWeights().size());
    assertEquals(2, d.nonTrainableWeights().size());
    assertEquals(12, d.countParams());
  }

  @Test
  void shapeMismatchNamesLayerAndBothShapes() {
    Dense d = new Dense(4);
    d.apply(Input.of(3));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.apply(Input.of(5)));
    assertTrue(e.getMessage().contains("\"dense\""), e.getMessage());
    assertTrue(e.getMessage().contains("(None, 3)"), e.getMessage());
    assertTrue(e.getMessage().contains("(None, 5)"), e.getMessage());
  }

  @Test
  void unknownActivationListsValidNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Dense(1).activation("relux"));
    assertTrue(e.getMessage().contains("relu"), e.getMessage());
    assertTrue(e.getMessage().contains("relux"), e.getMessage());
  }

  @Test
  void dropoutScalesKeptUnitsAtTrainTimeOnly() {
    Myelin.setSeed(7);
    Dropout d = new Dropout(0.25);
    Tensor x = Tensor.ones(DType.FLOAT32, 1000, 10);
    Tensor y = d.invoke(new Tensor[] {x}, true);
    float[] v = y.toFloatArray();
    int zeros = 0;
    for (float f : v) {
      assertTrue(f == 0f || Math.abs(f - 1f / 0.75f) < 1e-6, "value " + f);
      zeros += f == 0f ? 1 : 0;
    }
    assertEquals(0.25, zeros / 10000.0, 0.02);
    assertEquals(1.0, y.mean().item(), 0.03);
    assertArrayEquals(x.toFloatArray(), d.invoke(new Tensor[] {x}, false).toFloatArray());
    Myelin.setSeed(7);
    assertArrayEquals(v, d.invoke(new Tensor[] {x}, true).toFloatArray());
  }

  @Test
  void batchNormUpdatesMovingStatistics() {
    BatchNormalization bn = new BatchNormalization();
    Tensor x = Tensor.of(new float[][] {{1, 10}, {3, 30}});
    Tensor y = bn.invoke(new Tensor[] {x}, true);
    // batch mean (2, 20), biased variance (1, 100); eps 1e-3
    assertArrayEquals(
        new float[] {
          (float) (-1 / Math.sqrt(1.001)), (float) (-10 / Math.sqrt(100.001)),
          (float) (1 / Math.sqrt(1.001)), (float) (10 / Math.sqrt(100.001))
        },
        y.toFloatArray(),
        1e-5f);
    assertArrayEquals(new float[] {0.02f, 0.2f}, bn.movingMean().value().toFloatArray(), 1e-6f);
    assertArrayEquals(
        new float[] {0.99f + 0.01f, 0.99f + 1.0f},
        bn.movingVariance().value().toFloatArray(),
        1e-5f);
    assertEquals(2, bn.trainableWeights().size());
    assertEquals(2, bn.nonTrainableWeights().size());
    assertEquals(8, bn.countParams());
    Tensor inf = bn.invoke(new Tensor[] {x}, false);
    assertEquals((1 - 0.02) / Math.sqrt(1.0 + 1e-3), inf.getFloat(0, 0), 1e-5);
  }

  @Test
  void shapeLayers() {
    KerasTensor in = Input.of(8, 8, 1);
    assertArrayEquals(new long[] {-1, 64}, new Flatten().apply(in).shape());
    assertArrayEquals(new long[] {-1, 4, 16}, new Reshape(4, -1).apply(in).shape());
    assertArrayEquals(
        new long[] {-1, 8, 8, 2}, new Lambda(t -> Tensor.concat(3, t, t)).apply(in).shape());
    KerasTensor a = Input.of(3);
    KerasTensor b = Input.of(4);
    assertArrayEquals(new long[] {-1, 7}, new Concatenate().apply(a, b).shape());
    assertArrayEquals(new long[] {-1, 3}, new Add().apply(a, a).shape());
    assertThrows(IllegalArgumentException.class, () -> new Add().apply(a, b));
    Tensor r = new Reshape(2, 2).apply(Tensor.arange(8).reshape(2, 4));
    assertArrayEquals(new long[] {2, 2, 2}, r.shape());
    Tensor c = new Concatenate().apply(Tensor.ones(2, 1), Tensor.zeros(2, 2));
    assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0}, c.toFloatArray());
  }
}
