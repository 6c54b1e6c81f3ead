package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Several cells as one, each feeding the next at every step (Keras's {@code StackedRNNCells}): the
 * states are the cells' states in order, the output the last cell's. {@link RNN} runs a stack of
 * built-in cells as one native pass per cell over the whole sequence (the same result: each cell
 * sees the outputs of the one below, step by step); a stack with a cell written in Java runs step
 * by step.
 *
 * <pre>{@code
 * Layer rnn = new RNN(new StackedRNNCells(new LSTMCell(32), new GRUCell(16)));
 * }</pre>
 */
public class StackedRNNCells extends RNNCell {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        StackedRNNCells.class,
        "StackedRNNCells",
        List.of(),
        (c, custom) -> fromConfig(c, custom));
  }

  private final List<RNNCell> cells;

  /** The cells, bottom first. */
  public StackedRNNCells(RNNCell... cells) {
    this(cells == null ? null : Arrays.asList(cells));
  }

  /** The cells, bottom first. */
  public StackedRNNCells(List<? extends RNNCell> cells) {
    if (cells == null || cells.isEmpty()) {
      throw new IllegalArgumentException(
          "StackedRNNCells: argument 'cells' expected at least one cell but was "
              + (cells == null ? "null" : "empty"));
    }
    this.cells = List.copyOf(track("cells", new ArrayList<RNNCell>(cells)));
  }

  /** The cells, bottom first. */
  public List<RNNCell> cells() {
    return cells;
  }

  @Override
  public long[] stateSize() {
    List<Long> r = new ArrayList<>();
    for (RNNCell c : cells) {
      for (long s : c.stateSize()) {
        r.add(s);
      }
    }
    return r.stream().mapToLong(Long::longValue).toArray();
  }

  @Override
  public long outputSize() {
    return cells.get(cells.size() - 1).outputSize();
  }

  @Override
  int previousOutputState() {
    int k = 0;
    for (int i = 0; i < cells.size() - 1; i++) {
      k += cells.get(i).stateSize().length;
    }
    return k + cells.get(cells.size() - 1).previousOutputState();
  }

  /** Whether every cell is a built-in one (then {@link RNN} runs each natively). */
  boolean allBuiltIn() {
    for (RNNCell c : cells) {
      if (!(c instanceof BaseRNNCell<?>)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void build(long[] inputShape) {
    long[] s = inputShape.clone();
    for (RNNCell c : cells) {
      c.ensureBuilt(new long[][] {s.clone()});
      s[s.length - 1] = c.outputSize();
    }
  }

  @Override
  public Tensor[] call(Tensor input, Tensor[] states) {
    return call(input, states, false);
  }

  @Override
  public Tensor[] call(Tensor input, Tensor[] states, boolean training) {
    List<Tensor> next = new ArrayList<>();
    Tensor x = input;
    int k = 0;
    for (RNNCell c : cells) {
      int n = c.stateSize().length;
      Tensor[] r = c.call(x, Arrays.copyOfRange(states, k, k + n), training);
      x = r[0];
      next.addAll(Arrays.asList(r).subList(1, r.length));
      k += n;
    }
    next.add(0, x);
    return next.toArray(new Tensor[0]);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    List<Object> list = new ArrayList<>();
    for (RNNCell cell : cells) {
      list.add(RNN.serializedCell(cell));
    }
    c.put("cells", list);
    return c;
  }

  /** A new StackedRNNCells from its Keras config (each cell's serialized config). */
  public static StackedRNNCells fromConfig(Map<String, Object> c, Map<String, ?> custom) {
    Object list = c.get("cells");
    if (!(list instanceof List<?> l) || l.isEmpty()) {
      throw new IllegalArgumentException(
          "StackedRNNCells config: 'cells' expected a list of cell configs but was " + list);
    }
    List<RNNCell> cells = new ArrayList<>();
    for (Object o : l) {
      cells.add(RNN.cellFromConfig(o, "StackedRNNCells config 'cells'", custom));
    }
    return new StackedRNNCells(cells);
  }
}
