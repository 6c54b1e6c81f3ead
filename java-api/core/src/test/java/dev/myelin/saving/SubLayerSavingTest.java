package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Dense;
import dev.myelin.layers.DenseStack;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.PairScale;
import dev.myelin.layers.ResidualBlock;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.optimizers.Adam;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Composite layers (ResidualBlock: two tracked Dense layers; DenseStack: a tracked list of Dense
 * layers) and a two-output layer (PairScale) move both ways between Myelin and Python Keras 3.15.1:
 * the weights nest as Keras 3 nests a layer's sub-layers ({@code
 * layers/residual_block/dense1/vars}, {@code layers/dense_stack/blocks/dense_1/vars}), the config
 * carries the tensor index of each output ({@code keras_history}). The Python twins are in
 * tests/fixtures/keras_sublayers.py, which also writes Keras's files and checks Myelin's.
 */
@ExtendWith(TensorScopePerTest.class)
class SubLayerSavingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeAll
  static void register() {
    ResidualBlock.register();
    PairScale.register();
    DenseStack.register();
  }

  @Test
  void kerasModelsWithACompositeAndATwoOutputLayerLoadWithKerasWeightOrder() throws Exception {
    PythonKeras.check("keras_sublayers.py", "writing Keras's models", "write", dir.toString());
    JsonNode cases = JSON.readTree(dir.resolve("keras.json").toFile());
    for (String name : List.of("residual", "pair", "stack")) {
      // every array of Keras's get_weights(), in Keras's order, exactly, then the predictions
      KerasCases.assertLoadsAsKeras(dir, cases, name);
    }
    Model residual = Models.loadModel(dir.resolve("residual.keras"));
    ResidualBlock block = assertInstanceOf(ResidualBlock.class, residual.layers().get(2));
    assertEquals(block.dense1.weights().get(0), residual.weights().get(2));
  }

  private static Tensor x(int n, int features) {
    Myelin.setSeed(21);
    return Tensor.randomNormal(new long[] {n, features}, 0, 1, DType.FLOAT32);
  }

  @Test
  void pythonKerasLoadsMyelinsCompositeAndTwoOutputModelsKerasAndLegacyH5() throws Exception {
    KerasTensor a = Input.of(4);
    KerasTensor h = new ResidualBlock(4).apply(new Dense(4).activation("tanh").apply(a));
    Model residual = new Model(a, new Dense(2).apply(h));
    KerasTensor b = Input.of(3);
    List<KerasTensor> p = new PairScale().applyAll(b);
    Model pair =
        new Model(List.of(b), List.of(new Dense(2).apply(p.get(0)), new Dense(1).apply(p.get(1))));
    KerasTensor c = Input.of(3);
    Model stack = new Model(c, new Dense(1).apply(new DenseStack(5, 2).apply(c)));
    for (Model m : List.of(residual, pair, stack)) {
      Tensor x = x(6, (int) m.inputs().get(0).shape()[1]);
      Tensor[] outs = m.predictAll(new Tensor[] {x});
      Tensor[] ys = new Tensor[outs.length];
      for (int k = 0; k < ys.length; k++) {
        ys[k] = outs[k].mul(-1.0);
      }
      m.compile(new Adam(0.05), "mse");
      m.fit(new Tensor[] {x}, ys, new FitOptions().epochs(3).verbose(0));
      Path file = dir.resolve(m.name() + ".keras");
      m.save(file);
      Path legacy = dir.resolve(m.name() + ".h5");
      m.save(legacy);
      KerasCases.assertKerasPredictsAsMyelin("keras_sublayers.py", dir, m, x, file, legacy);
    }
    // the block's weights sit where Keras 3 puts a sub-layer's: under the owner, by attribute
    Path weights = dir.resolve("residual.weights.h5");
    residual.saveWeights(weights);
    Fixtures.assertHoldsLayers(
        weights, "dense", "layers/residual_block/dense1", "layers/residual_block/dense2");
    stack.saveWeights(weights);
    Fixtures.assertHoldsLayers(
        weights, "layers/dense_stack/blocks/dense", "layers/dense_stack/blocks/dense_1", "dense");
  }
}
