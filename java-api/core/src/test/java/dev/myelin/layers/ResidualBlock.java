package dev.myelin.layers;

import dev.myelin.Tensor;
import java.util.Map;

/**
 * A composite test layer: {@code x + dense2(dense1(x))}, {@code dense1} with relu, the two Dense
 * layers tracked under the attribute names the Python twin uses (tests/fixtures/keras_sublayers.py,
 * registered as {@code Custom>ResidualBlock}).
 */
public final class ResidualBlock extends Layer {
  private final int units;

  /** The first Dense layer (relu). */
  public final Dense dense1;

  /** The second Dense layer (linear). */
  public final Dense dense2;

  /** A block of {@code units} features (the input must have as many). */
  public ResidualBlock(int units) {
    this.units = units;
    dense1 = track("dense1", new Dense(units).activation("relu"));
    dense2 = track("dense2", new Dense(units));
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor h = dense1.invoke(inputs, training);
    return inputs[0].add(dense2.invoke(new Tensor[] {h}, training));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("units", units);
    return c;
  }

  /** Rebuilds the block from its config. */
  public static ResidualBlock fromConfig(Map<String, Object> c) {
    return new ResidualBlock(((Number) c.get("units")).intValue());
  }

  /** Registers the class as Keras's {@code Custom>ResidualBlock}. */
  public static void register() {
    Layers.register("ResidualBlock", ResidualBlock::fromConfig);
  }
}
