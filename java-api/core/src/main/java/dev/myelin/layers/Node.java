package dev.myelin.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * One call of a layer in a functional graph: the symbolic tensors it consumed and those it produced
 * (one per output of the layer, e.g. an LSTM's sequence and states). A layer called several times
 * (a shared layer) has several nodes.
 */
public final class Node {
  private final Layer layer;
  private final List<KerasTensor> inputs;
  private final List<KerasTensor> outputs;

  Node(Layer layer, KerasTensor[] inputs, long[][] outputShapes) {
    this.layer = layer;
    this.inputs = List.of(inputs);
    List<KerasTensor> outs = new ArrayList<>(outputShapes.length);
    for (int i = 0; i < outputShapes.length; i++) {
      outs.add(new KerasTensor(outputShapes[i], this, i));
    }
    this.outputs = List.copyOf(outs);
  }

  /** The layer called. */
  public Layer layer() {
    return layer;
  }

  /** The symbolic inputs of the call (empty for an input layer). */
  public List<KerasTensor> inputs() {
    return inputs;
  }

  /** The first (for most layers the only) symbolic output of the call. */
  public KerasTensor output() {
    return outputs.get(0);
  }

  /** Every symbolic output of the call, in the order the layer returns them. */
  public List<KerasTensor> outputs() {
    return outputs;
  }
}
