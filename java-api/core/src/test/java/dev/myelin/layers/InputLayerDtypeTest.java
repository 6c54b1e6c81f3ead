package dev.myelin.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.models.Model;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An integer Keras Input dtype (token ids) survives loading and saving, and warms up on ints. */
class InputLayerDtypeTest {
  private static Map<String, Object> kerasConfig(Object dtype) {
    Map<String, Object> c = new HashMap<>();
    c.put("batch_shape", java.util.Arrays.asList(null, 3));
    c.put("dtype", dtype);
    c.put("name", "ids");
    return c;
  }

  @Test
  void integerDtypesComeFromTheKerasConfigAndGoBack() {
    InputLayer ids = InputLayer.fromConfig(kerasConfig("int64"));
    assertEquals(DType.INT64, ids.dtype());
    assertEquals("int64", ids.getConfig().get("dtype"));
    assertEquals(DType.INT32, InputLayer.fromConfig(kerasConfig("int32")).dtype());
    InputLayer floats =
        InputLayer.fromConfig(kerasConfig(Map.of("module", "keras", "class_name", "DTypePolicy")));
    assertEquals(DType.FLOAT32, floats.dtype());
    assertFalse("int64".equals(floats.getConfig().get("dtype")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new InputLayer(3).dtype(DType.UINT8));
    assertEquals(
        "InputLayer: argument 'dtype' expected float32, int32 or int64 but was UINT8",
        e.getMessage());
  }

  @Test
  void aModelOnInt64IdsWarmsUpAndPredictsOnInts() {
    InputLayer in = new InputLayer(2).dtype(DType.INT64);
    Model m = new Model(in.tensor(), new Flatten().apply(new Embedding(5, 1).apply(in.tensor())));
    m.setWeights(List.of(Tensor.fromArray(new float[] {0, 10, 20, 30, 40}, 5, 1)));
    m.warmUp(1, 2);
    try (Tensor x = Tensor.fromArray(new long[] {4, 1, 3, 2}, 2, 2);
        Tensor y = m.predict(x)) {
      assertEquals(List.of(40f, 10f, 30f, 20f), toList(y.toFloatArray()));
    }
  }

  private static List<Float> toList(float[] f) {
    return List.of(f[0], f[1], f[2], f[3]);
  }
}
