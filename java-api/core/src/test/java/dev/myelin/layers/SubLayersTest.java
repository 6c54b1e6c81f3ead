package dev.myelin.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.Variable;
import dev.myelin.initializers.Initializer;
import dev.myelin.models.Input;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Layers that own layers ({@link Layer#track}) and layers with several outputs ({@link
 * Layer#callAll}): weight order and counts as Keras's {@code layer.weights}, build propagation, the
 * symbolic outputs and the errors.
 */
@ExtendWith(TensorScopePerTest.class)
class SubLayersTest {
  /** A layer with a weight of its own and a tracked Dense: {@code dense(x) * gate}. */
  static final class Gated extends Layer {
    final Dense dense = track("dense", new Dense(2));
    Variable gate;

    @Override
    public void build(long[] inputShape) {
      gate = addWeight("gate", new long[] {2}, Initializer.get("ones"), true);
    }

    @Override
    public Tensor call(Tensor[] inputs, boolean training) {
      return dense.invoke(inputs, training).mul(gate.value());
    }

    @Override
    public long[] computeOutputShape(long[][] inputShapes) {
      return new long[] {inputShapes[0][0], 2};
    }
  }

  private static List<String> names(List<Variable> vs) {
    List<String> r = new ArrayList<>();
    for (Variable v : vs) {
      r.add(v.name());
    }
    return r;
  }

  @Test
  void applyingACompositeBuildsItsSubLayersAndListsTheirWeightsAfterItsOwn() {
    ResidualBlock block = new ResidualBlock(4);
    assertEquals(List.of("dense1", "dense2"), List.copyOf(block.subLayers().keySet()));
    KerasTensor out = block.apply(Input.of(4));
    assertArrayEquals(new long[] {-1, 4}, out.shape());
    assertTrue(block.dense1.built() && block.dense2.built());
    String d1 = block.dense1.name();
    String d2 = block.dense2.name();
    assertEquals(
        List.of(d1 + "/kernel", d1 + "/bias", d2 + "/kernel", d2 + "/bias"),
        names(block.weights()));
    assertEquals(block.weights(), block.trainableWeights());
    assertEquals(List.of(), block.ownWeights());
    assertEquals(2 * (4 * 4 + 4), block.countParams());

    Gated g = new Gated();
    g.apply(Input.of(3));
    String dn = g.dense.name();
    // Keras: the layer's own variables first, then its sub-layers'
    assertEquals(List.of(g.name() + "/gate", dn + "/kernel", dn + "/bias"), names(g.weights()));
    assertEquals(List.of(g.name() + "/gate"), names(g.ownWeights()));
    assertEquals(2 + 3 * 2 + 2, g.countParams());
  }

  @Test
  void freezingASubLayerOrTheCompositeMovesWeightsToNonTrainable() {
    ResidualBlock block = new ResidualBlock(3);
    block.apply(Input.of(3));
    block.dense1.trainable(false);
    assertEquals(block.dense2.weights(), block.trainableWeights());
    assertEquals(block.dense1.weights(), block.nonTrainableWeights());
    assertEquals(4, block.weights().size());
    block.dense1.trainable(true);
    block.trainable(false);
    assertEquals(List.of(), block.trainableWeights());
    assertEquals(block.weights(), block.nonTrainableWeights());
    assertEquals(4, block.nonTrainableWeights().size());
  }

  @Test
  void eagerCallOfACompositeComputesTheResidualFromItsSubLayers() {
    ResidualBlock block = new ResidualBlock(2);
    Tensor x = Tensor.of(new float[][] {{1, -2}, {0.5f, 3}});
    Tensor y = block.apply(x);
    // by hand from the weights the first call created: x + (relu(x k1 + b1) k2 + b2)
    float[] k1 = block.dense1.weights().get(0).value().toFloatArray();
    float[] k2 = block.dense2.weights().get(0).value().toFloatArray();
    float[] xs = x.toFloatArray();
    float[] want = new float[4];
    for (int r = 0; r < 2; r++) {
      float[] h = new float[2];
      for (int j = 0; j < 2; j++) {
        h[j] = Math.max(0, xs[2 * r] * k1[j] + xs[2 * r + 1] * k1[2 + j]);
      }
      for (int j = 0; j < 2; j++) {
        want[2 * r + j] = xs[2 * r + j] + h[0] * k2[j] + h[1] * k2[2 + j];
      }
    }
    assertArrayEquals(want, y.toFloatArray(), 1e-6f);
  }

  @Test
  void trackRejectsBadNamesDuplicatesAndItself() {
    class Bad extends Layer {
      void add(String attr, Layer l) {
        track(attr, l);
      }

      @Override
      public Tensor call(Tensor[] inputs, boolean training) {
        return inputs[0];
      }
    }
    Bad b = new Bad();
    b.add("dense", new Dense(2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.add("dense", new Dense(3)));
    assertTrue(e.getMessage().contains("\"dense\" already holds"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> b.add("2nd layer", new Dense(3)));
    assertTrue(
        e.getMessage().contains("argument 'attribute' expected a Python identifier"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> b.add("me", b));
    assertTrue(e.getMessage().contains("the layer itself"), e.getMessage());
    Dense d = (Dense) b.subLayers().get("dense");
    e = assertThrows(IllegalArgumentException.class, () -> b.add("again", d));
    assertTrue(e.getMessage().contains("not tracked yet but was " + d.name()), e.getMessage());
  }

  @Test
  void aTrackedListIsKeyedByAttributeAndNumberedClassName() {
    DenseStack s = new DenseStack(3, 3);
    assertEquals(
        List.of("blocks/dense", "blocks/dense_1", "blocks/dense_2"),
        List.copyOf(s.subLayers().keySet()));
    s.apply(Input.of(2));
    assertEquals(2 * 3 + 3 + 2 * (3 * 3 + 3), s.countParams());
    class Twice extends Layer {
      void add(String attr, List<Layer> ls) {
        track(attr, ls);
      }

      @Override
      public Tensor call(Tensor[] inputs, boolean training) {
        return inputs[0];
      }
    }
    Twice t = new Twice();
    Dense d = new Dense(1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.add("pair", List.of(d, d)));
    assertTrue(e.getMessage().contains("expected distinct layers"), e.getMessage());
    assertEquals(0, t.subLayers().size());
    t.add("pair", List.of(d, new Dense(2)));
    e = assertThrows(IllegalArgumentException.class, () -> t.add("pair", List.of(new Dense(3))));
    assertTrue(e.getMessage().contains("\"pair\" already holds " + d.name()), e.getMessage());
  }

  @Test
  void aLayerWithTwoOutputsGivesTwoSymbolicTensorsOfOneNode() {
    PairScale p = new PairScale();
    KerasTensor in = Input.of(3);
    List<KerasTensor> outs = p.applyAll(in);
    assertEquals(2, outs.size());
    assertSame(outs.get(0).node(), outs.get(1).node());
    assertEquals(0, outs.get(0).index());
    assertEquals(1, outs.get(1).index());
    assertEquals(outs, p.inboundNodes().get(0).outputs());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.apply(in));
    assertTrue(
        e.getMessage()
            .contains("Layer " + p.name() + " (PairScale) returns 2 outputs; use applyAll"),
        e.getMessage());
    Tensor x = Tensor.of(new float[][] {{1, 2, 3}});
    e = assertThrows(IllegalStateException.class, () -> p.invoke(new Tensor[] {x}, false));
    assertTrue(e.getMessage().contains("use invokeAll"), e.getMessage());
    Tensor[] ys = p.invokeAll(new Tensor[] {x}, false);
    assertArrayEquals(new float[] {1, 2, 3}, ys[0].toFloatArray());
    assertArrayEquals(new float[] {0, 0, 0}, ys[1].toFloatArray());
  }
}
