package dev.myelin.layers;

import dev.myelin.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A composite test layer holding its sub-layers in a list, as the Python twin's {@code self.blocks
 * = [...]} (tests/fixtures/keras_sublayers.py, {@code Custom>DenseStack}): {@code depth} tanh Dense
 * layers of {@code units} applied in turn.
 */
public final class DenseStack extends Layer {
  private final int units;

  /** The Dense layers, in order. */
  public final List<Dense> blocks;

  /** {@code depth} Dense layers of {@code units} units each. */
  public DenseStack(int units, int depth) {
    this.units = units;
    List<Dense> ds = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      ds.add(new Dense(units).activation("tanh"));
    }
    blocks = track("blocks", ds);
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor h = inputs[0];
    for (Dense d : blocks) {
      h = d.invoke(new Tensor[] {h}, training);
    }
    return h;
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    return new long[] {inputShapes[0][0], units};
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("units", units);
    c.put("depth", blocks.size());
    return c;
  }

  /** Registers the class as Keras's {@code Custom>DenseStack}. */
  public static void register() {
    Layers.register(
        "DenseStack",
        c ->
            new DenseStack(
                ((Number) c.get("units")).intValue(), ((Number) c.get("depth")).intValue()));
  }
}
