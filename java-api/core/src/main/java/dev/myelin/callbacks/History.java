package dev.myelin.callbacks;

import dev.myelin.saving.Registry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records every epoch's logs; {@code fit} returns it. {@code history().get("loss")} is the
 * per-epoch training loss, {@code epoch()} the epoch indices.
 *
 * <pre>{@code
 * History h = model.fit(x, y, new FitOptions().epochs(10));
 * double last = h.history().get("accuracy").get(9);
 * }</pre>
 */
public final class History extends Callback {
  static {
    Registry.builtIn(
        Registry.Kind.CALLBACK,
        History.class,
        "History",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  private final Map<String, List<Double>> history = new LinkedHashMap<>();
  private final List<Integer> epochs = new ArrayList<>();

  /** An empty history. */
  public History() {}

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    epochs.add(epoch);
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }
  }

  /** Per-name lists of epoch values, in logging order ({@code loss}, metrics, {@code val_...}). */
  public Map<String, List<Double>> history() {
    Map<String, List<Double>> r = new LinkedHashMap<>();
    history.forEach((k, v) -> r.put(k, Collections.unmodifiableList(v)));
    return new AliasedMap(Collections.unmodifiableMap(r));
  }

  /**
   * A read-only view whose {@code get} and {@code containsKey} also answer Keras 2's and Keras 3's
   * other spelling ({@code acc} for {@code accuracy}, see {@link MetricAliases}); iteration shows
   * the logged names only.
   */
  private static final class AliasedMap extends java.util.AbstractMap<String, List<Double>> {
    private final Map<String, List<Double>> m;

    AliasedMap(Map<String, List<Double>> m) {
      this.m = m;
    }

    @Override
    public Set<Entry<String, List<Double>>> entrySet() {
      return m.entrySet();
    }

    @Override
    public List<Double> get(Object key) {
      return key instanceof String s ? MetricAliases.get(m, s) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String s && m.containsKey(MetricAliases.key(m, s));
    }
  }

  /**
   * The values logged under {@code name}, one per epoch; Keras 2's and Keras 3's names both work
   * ({@code get("acc")} after a run that logged {@code accuracy}, see {@link MetricAliases}).
   */
  public List<Double> get(String name) {
    List<Double> v = MetricAliases.get(history, name);
    if (v == null) {
      throw new IllegalArgumentException(
          "History.get: argument 'name' expected one of "
              + history.keySet()
              + " but was \""
              + name
              + "\"");
    }
    return Collections.unmodifiableList(v);
  }

  /**
   * The values logged under {@code name} as a new array (one per epoch): one call for bridges that
   * pay per element crossed, such as the Python package's {@code History}.
   */
  public double[] values(String name) {
    return get(name).stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The names logged, in logging order. */
  public String[] names() {
    return history.keySet().toArray(new String[0]);
  }

  /** The 0-based indices of the epochs run, as a new array. */
  public int[] epochIndices() {
    return epochs.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The 0-based indices of the epochs run. */
  public List<Integer> epoch() {
    return Collections.unmodifiableList(epochs);
  }

  /** Returns e.g. {@code <History epochs=20 keys=[loss, accuracy]>}. */
  @Override
  public String toString() {
    return "<History epochs=" + epochs.size() + " keys=" + history.keySet() + ">";
  }

  /**
   * A History from Keras's constructor arguments as a config map (snake_case keys; missing ones
   * take the defaults).
   */
  public static History fromConfig(Map<String, Object> c) {
    return new History();
  }
}
