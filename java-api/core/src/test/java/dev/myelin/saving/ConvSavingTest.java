package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Conv1D;
import dev.myelin.layers.Conv1DTranspose;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Conv2DTranspose;
import dev.myelin.layers.Conv3D;
import dev.myelin.layers.Conv3DTranspose;
import dev.myelin.layers.DepthwiseConv2D;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Layer;
import dev.myelin.layers.SeparableConv1D;
import dev.myelin.layers.SeparableConv2D;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every convolution layer moves both ways between Myelin and Python Keras 3.15.1: models written by
 * Keras (tests/fixtures/keras_conv.py, random weights) load and predict within 1e-5 of Keras, with
 * Keras's output shapes and parameter counts; the same models built in Myelin and saved as .keras
 * load in Keras and predict within 1e-5 of Myelin.
 */
@ExtendWith(TensorScopePerTest.class)
class ConvSavingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static long[] longs(JsonNode a) {
    long[] r = new long[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = a.get(i).asLong();
    }
    return r;
  }

  private static float[] floats(JsonNode a) {
    float[] r = new float[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) a.get(i).asDouble();
    }
    return r;
  }

  @Test
  void kerasConvolutionModelsLoadAndPredictAsKeras() throws Exception {
    PythonKeras.check("keras_conv.py", "writing Keras's conv models", "write", dir.toString());
    JsonNode cases = JSON.readTree(dir.resolve("keras.json").toFile());
    for (String name :
        List.of(
            "conv1d",
            "conv2d",
            "conv3d",
            "depthwise",
            "separable2d",
            "separable1d",
            "transpose",
            "transpose1d",
            "transpose3d",
            "outpad2d",
            "outpad1d",
            "outpad3d")) {
      JsonNode c = cases.get(name);
      Model m = Models.loadModel(dir.resolve(name + ".keras"));
      assertEquals(c.get("params").asLong(), m.countParams(), name);
      Tensor x = Tensor.fromArray(floats(c.get("inputs")), longs(c.get("input_shape")));
      Tensor y = m.predict(x);
      assertArrayEquals(longs(c.get("output_shape")), y.shape(), name);
      assertArrayEquals(floats(c.get("expected")), y.toFloatArray(), 1e-5f, name);
    }
  }

  /** The fixture's cases built in Myelin: input shape (without batch) and layers. */
  private static Map<String, Object[]> myelinCases() {
    Map<String, Object[]> m = new LinkedHashMap<>();
    m.put(
        "conv1d",
        new Object[] {
          new long[] {10, 3},
          List.of(
              new Conv1D(4, 3).strides(2).padding("causal"),
              new Conv1D(2, 3).dilationRate(2).padding("same").activation("relu"))
        });
    m.put(
        "conv2d",
        new Object[] {
          new long[] {9, 8, 2},
          List.of(
              new Conv2D(4, 3, 2).strides(2, 1).padding("same").activation("tanh"),
              new Conv2D(6, 3).groups(2).dilationRate(2, 1).activation("sigmoid"))
        });
    m.put(
        "conv3d",
        new Object[] {
          new long[] {5, 4, 6, 2}, List.of(new Conv3D(3, 2).strides(2).padding("same"))
        });
    m.put(
        "depthwise",
        new Object[] {
          new long[] {7, 7, 3},
          List.of(new DepthwiseConv2D(3).depthMultiplier(2).padding("same").activation("relu"))
        });
    m.put(
        "separable2d",
        new Object[] {
          new long[] {8, 8, 3},
          List.of(new SeparableConv2D(4, 3).strides(2).padding("same").depthMultiplier(2))
        });
    m.put(
        "separable1d",
        new Object[] {new long[] {9, 3}, List.of(new SeparableConv1D(5, 3).dilationRate(2))});
    m.put(
        "transpose",
        new Object[] {
          new long[] {4, 5, 3},
          List.of(
              new Conv2DTranspose(2, 3).strides(2).padding("same"),
              new Conv2DTranspose(3, 2, 3).strides(3, 1),
              new Conv2DTranspose(2, 4).strides(2).padding("same"),
              new Conv2DTranspose(2, 3).dilationRate(2).activation("relu"))
        });
    m.put(
        "outpad2d",
        new Object[] {
          new long[] {4, 5, 3},
          List.of(
              new Conv2DTranspose(2, 3).strides(2).padding("same").outputPadding(1),
              new Conv2DTranspose(3, 2, 3).strides(3, 2).outputPadding(2, 0))
        });
    m.put(
        "outpad1d",
        new Object[] {
          new long[] {5, 2},
          List.of(
              new Conv1DTranspose(3, 4).strides(3).padding("same").outputPadding(2),
              new Conv1DTranspose(2, 3).strides(2).outputPadding(1).activation("relu"))
        });
    m.put(
        "outpad3d",
        new Object[] {
          new long[] {2, 3, 2, 2},
          List.of(new Conv3DTranspose(2, 2).strides(2).outputPadding(1, 0, 1))
        });
    return m;
  }

  @Test
  @SuppressWarnings("unchecked")
  void pythonKerasLoadsMyelinsConvolutionModels() throws Exception {
    Map<String, Object[]> cases = myelinCases();
    for (Map.Entry<String, Object[]> e : cases.entrySet()) {
      long[] shape = (long[]) e.getValue()[0];
      KerasTensor in = Input.of(shape);
      KerasTensor h = in;
      for (Layer l : (List<Layer>) e.getValue()[1]) {
        h = l.apply(h);
      }
      Model m = new Model(in, h);
      // biases random too, so a bias in the wrong place shows
      Myelin.setSeed(3);
      for (var v : m.weights()) {
        v.assign(Tensor.randomNormal(v.shape(), 0, 0.5, DType.FLOAT32));
      }
      long[] xs = new long[shape.length + 1];
      xs[0] = 2;
      System.arraycopy(shape, 0, xs, 1, shape.length);
      Tensor x = Tensor.randomNormal(xs, 0, 1, DType.FLOAT32);
      Tensor y = m.predict(x);
      m.save(dir.resolve(e.getKey() + ".keras"));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("input_shape", xs);
      json.put("inputs", x.toFloatArray());
      json.put("expected", y.toFloatArray());
      Files.writeString(dir.resolve(e.getKey() + ".json"), JSON.writeValueAsString(json));
    }
    String[] args = new String[cases.size() + 2];
    args[0] = "check";
    args[1] = dir.toString();
    int i = 2;
    for (String name : cases.keySet()) {
      args[i++] = name;
    }
    PythonKeras.check("keras_conv.py", "Keras loading Myelin's conv models", args);
  }
}
