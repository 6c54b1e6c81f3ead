package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Activation;
import dev.myelin.layers.Add;
import dev.myelin.layers.AveragePooling2D;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Concatenate;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Layer;
import dev.myelin.saving.PythonKeras;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Model.layers()} and {@code summary()} follow Keras 3's order on branching graphs (by
 * depth, ties by first visit), checked against the orders real Keras 3.15.1 gives the same graphs
 * (tests/fixtures/keras_graph_order.py). ApplicationsTest checks the same on ResNet50, Xception,
 * InceptionV3 and MobileNetV2.
 */
@ExtendWith(TensorScopePerTest.class)
class GraphOrderTest {
  @TempDir static Path dir;
  static JsonNode keras;

  @BeforeAll
  static void kerasOrders() throws Exception {
    Path json = dir.resolve("order.json");
    PythonKeras.check("keras_graph_order.py", "Keras's layer order", json.toString());
    keras = new ObjectMapper().readTree(json.toFile());
  }

  @Test
  void resNetBlockListsTheMainBranchBeforeTheShortcut() {
    KerasTensor in = Input.of(8, 8, 4);
    KerasTensor s = new Conv2D(8, 1).name("b_0_conv").apply(in);
    s = new BatchNormalization().name("b_0_bn").apply(s);
    KerasTensor x = new Conv2D(4, 1).name("b_1_conv").apply(in);
    x = new BatchNormalization().name("b_1_bn").apply(x);
    x = new Activation("relu").name("b_1_relu").apply(x);
    x = new Conv2D(4, 3).padding("same").name("b_2_conv").apply(x);
    x = new BatchNormalization().name("b_2_bn").apply(x);
    x = new Activation("relu").name("b_2_relu").apply(x);
    x = new Conv2D(8, 1).name("b_3_conv").apply(x);
    x = new BatchNormalization().name("b_3_bn").apply(x);
    x = new Add().name("b_add").apply(s, x);
    x = new Activation("relu").name("b_out").apply(x);
    Model m = new Model(in, x);
    assertKerasOrder("resnet_block", m);
    // predicting still works: the graph runs its nodes, whatever the listing order
    assertEquals(4, m.predict(Tensor.zeros(2, 8, 8, 4).add(1f)).shape().length);
  }

  @Test
  void inceptionBlockSortsBranchesByDepthThenFirstVisit() {
    KerasTensor in = Input.of(8, 8, 4);
    KerasTensor b1 = new Conv2D(4, 1).name("br1_conv").apply(in);
    KerasTensor b5 = new Conv2D(3, 1).name("br5_conv1").apply(in);
    b5 = new Conv2D(4, 5).padding("same").name("br5_conv2").apply(b5);
    KerasTensor b3 = new Conv2D(3, 1).name("br3_conv1").apply(in);
    b3 = new Conv2D(4, 3).padding("same").name("br3_conv2").apply(b3);
    b3 = new Conv2D(4, 3).padding("same").name("br3_conv3").apply(b3);
    KerasTensor bp = new AveragePooling2D(3).strides(1).padding("same").name("brp_pool").apply(in);
    bp = new Conv2D(2, 1).name("brp_conv").apply(bp);
    KerasTensor x = new Concatenate().name("mixed").apply(b1, b5, b3, bp);
    assertKerasOrder("inception_block", new Model(in, x));
  }

  @Test
  void aLateInputComesLateAndASharedLayerTakesItsDeepestCall() {
    KerasTensor a = Input.of(6);
    KerasTensor b = Input.of(5);
    Dense shared = new Dense(5).name("shared");
    KerasTensor x = new Dense(6).name("a1").apply(a);
    x = new Dense(6).name("a2").apply(x);
    x = shared.apply(x);
    KerasTensor y = shared.apply(new Dense(6).name("b1").apply(b));
    KerasTensor z = new Concatenate().name("join").apply(x, y, b);
    z = new Dense(3).name("head").apply(z);
    Model m = new Model(List.of(a, b), List.of(z));
    assertKerasOrder("late_input_and_shared", m);
    Tensor out = m.predictAll(new Tensor[] {Tensor.zeros(2, 6), Tensor.zeros(2, 5)})[0];
    assertEquals(List.of(2L, 3L), List.of(out.dim(0), out.dim(1)));
  }

  private static void assertKerasOrder(String model, Model m) {
    List<String> want = new ArrayList<>();
    keras.get(model).get("layers").forEach(n -> want.add(n.asText()));
    List<String> got = new ArrayList<>();
    for (Layer l : m.layers()) {
      int k = m.inputs().stream().map(KerasTensor::layer).toList().indexOf(l);
      got.add(k >= 0 ? "input#" + k : l.name());
    }
    assertEquals(want, got, model + " layers()");
    // summary() rows come in the same order
    String summary = m.summaryString();
    int at = -1;
    for (Layer l : m.layers()) {
      int row = summary.indexOf("\n" + l.name() + " (");
      assertTrue(row > at, model + ": row of " + l.name() + " out of order in\n" + summary);
      at = row;
    }
  }
}
