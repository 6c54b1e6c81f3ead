package dev.myelin.models;

import dev.myelin.Tensor;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Layers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Model subclass that holds its layers in fields (one layer, a list, a map holding a layer and a
 * nested list) and writes its own call, with no functional graph: inputs -> encoder(units, tanh) ->
 * two blocks(units, tanh) -> main head(1) plus half of each of two extra heads(1). Its Python twin
 * is {@code Towers} in tests/fixtures/keras_subclassed.py (registered as {@code Custom>Towers}).
 */
public final class Towers extends Model {
  final int units;
  final Dense encoder;
  final List<Dense> blocks;
  final Map<String, Object> heads;

  /** Towers of 8 units. */
  public Towers() {
    this(8);
  }

  /** Towers whose encoder and blocks have {@code units} units. */
  public Towers(int units) {
    this.units = units;
    encoder = track("encoder", new Dense(units).activation("tanh"));
    blocks =
        track(
            "blocks",
            List.of(new Dense(units).activation("tanh"), new Dense(units).activation("tanh")));
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("main", new Dense(1));
    h.put("extra", List.of(new Dense(1), new Dense(1)));
    heads = track("heads", h);
  }

  @Override
  public Tensor call(Tensor[] xs, boolean training) {
    Tensor h = encoder.invoke(xs, training);
    for (Dense b : blocks) {
      h = b.invoke(new Tensor[] {h}, training);
    }
    Tensor out = ((Dense) heads.get("main")).invoke(new Tensor[] {h}, training);
    for (Object d : (List<?>) heads.get("extra")) {
      out = out.add(((Dense) d).invoke(new Tensor[] {h}, training).mul(0.5));
    }
    return out;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("units", units);
    return c;
  }

  /** Rebuilds the model from its config (Keras's {@code cls(**config)}). */
  public static Towers fromConfig(Map<String, Object> c) {
    return new Towers(((Number) c.getOrDefault("units", 8)).intValue());
  }

  /** Registers the class as Keras's {@code Custom>Towers}. */
  public static void register() {
    Layers.register("Towers", Towers::fromConfig);
  }
}
