package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.AveragePooling1D;
import dev.myelin.layers.AveragePooling2D;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Concatenate;
import dev.myelin.layers.Cropping1D;
import dev.myelin.layers.Cropping2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.GlobalAveragePooling1D;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.GlobalAveragePooling3D;
import dev.myelin.layers.GlobalMaxPooling1D;
import dev.myelin.layers.GlobalMaxPooling2D;
import dev.myelin.layers.GlobalMaxPooling3D;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.MaxPooling1D;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.layers.Reshape;
import dev.myelin.layers.SpatialDropout1D;
import dev.myelin.layers.SpatialDropout2D;
import dev.myelin.layers.UpSampling1D;
import dev.myelin.layers.UpSampling2D;
import dev.myelin.layers.ZeroPadding1D;
import dev.myelin.layers.ZeroPadding2D;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.optimizers.Adam;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models made of the pooling, padding, cropping, upsampling, spatial dropout and batch
 * normalization layers move both ways between Myelin and Python Keras 3.15.1 with predictions
 * within 1e-5. The Keras twins are in tests/fixtures/keras_spatial.py.
 */
@ExtendWith(TensorScopePerTest.class)
class SpatialSavingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static Model imageModel() {
    KerasTensor x = Input.of(48);
    KerasTensor h = new Reshape(4, 6, 2).apply(x);
    h = new BatchNormalization().axis(3).apply(h);
    h = new ZeroPadding2D(new long[][] {{1, 0}, {0, 1}}).apply(h);
    h = new MaxPooling2D(2).strides(1).padding("same").apply(h);
    h = new AveragePooling2D(2).padding("same").apply(h);
    h = new Cropping2D(new long[][] {{0, 1}, {1, 0}}).apply(h);
    h = new UpSampling2D(2, 1).apply(h);
    h = new UpSampling2D(1, 2).interpolation("bilinear").apply(h);
    h = new SpatialDropout2D(0.2).apply(h);
    KerasTensor a = new GlobalAveragePooling2D().apply(h);
    KerasTensor b = new GlobalMaxPooling2D().apply(h);
    return new Model(x, new Dense(3).apply(new Concatenate().apply(a, b)));
  }

  static Model stepsModel() {
    KerasTensor x = Input.of(24);
    KerasTensor h = new Reshape(8, 3).apply(x);
    h = new ZeroPadding1D(1, 2).apply(h);
    h = new MaxPooling1D(2).padding("same").apply(h);
    h = new AveragePooling1D(2).strides(1).apply(h);
    h = new Cropping1D(1, 0).apply(h);
    h = new UpSampling1D(2).apply(h);
    h = new SpatialDropout1D(0.1).apply(h);
    h = new BatchNormalization().apply(h);
    KerasTensor a = new GlobalMaxPooling1D().apply(h);
    KerasTensor b = new Flatten().apply(new GlobalAveragePooling1D().keepdims(true).apply(h));
    return new Model(x, new Dense(2).apply(new Concatenate().apply(a, b)));
  }

  static Model volumeModel() {
    KerasTensor x = Input.of(48);
    KerasTensor h = new Reshape(2, 3, 4, 2).apply(x);
    KerasTensor a = new GlobalAveragePooling3D().apply(h);
    KerasTensor b = new Flatten().apply(new GlobalMaxPooling3D().keepdims(true).apply(h));
    return new Model(x, new Dense(2).apply(new Concatenate().apply(a, b)));
  }

  private static float[] flat(JsonNode a) {
    List<Float> r = new ArrayList<>();
    collect(a, r);
    float[] f = new float[r.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = r.get(i);
    }
    return f;
  }

  private static void collect(JsonNode a, List<Float> r) {
    if (a.isArray()) {
      for (JsonNode x : a) {
        collect(x, r);
      }
    } else {
      r.add((float) a.asDouble());
    }
  }

  @Test
  void kerasModelsLoadWithKerasWeightsAndPredictions() throws Exception {
    PythonKeras.check("keras_spatial.py", "writing Keras's models", "write", dir.toString());
    JsonNode cases = JSON.readTree(dir.resolve("keras.json").toFile());
    for (String name : List.of("image", "steps", "volume")) {
      KerasCases.assertLoadsAsKeras(dir, cases, name);
    }
    Model image = Models.loadModel(dir.resolve("image.keras"));
    BatchNormalization bn = assertInstanceOf(BatchNormalization.class, image.layers().get(2));
    assertEquals(3, bn.getConfig().get("axis"));
  }

  @Test
  void pythonKerasLoadsMyelinsModelsKerasAndLegacyH5() throws Exception {
    int k = 0;
    for (Model m : List.of(imageModel(), stepsModel(), volumeModel())) {
      Myelin.setSeed(21 + k);
      int features = (int) m.inputs().get(0).shape()[1];
      Tensor x = Tensor.randomNormal(new long[] {6, features}, 0, 1, DType.FLOAT32);
      Tensor y = m.predict(x).mul(-1.0);
      // training moves the batch normalization statistics away from 0 and 1
      m.compile(new Adam(0.05), "mse");
      m.fit(x, y, new FitOptions().epochs(3).batchSize(3).verbose(0));
      PythonKeras.checkSavedInKeras("keras_spatial.py", m, dir, "m" + k, x, m.predict(x));
      k++;
    }
  }
}
