package dev.myelin.layers;

import java.util.List;

/**
 * One call of a layer in a functional graph: the symbolic tensors it consumed and the one it
 * produced. A layer called several times (a shared layer) has several nodes.
 */
public final class Node {
  private final Layer layer;
  private final List<KerasTensor> inputs;
  private final KerasTensor output;

  Node(Layer layer, KerasTensor[] inputs, long[] outputShape) {
    this.layer = layer;
    this.inputs = List.of(inputs);
    this.output = new KerasTensor(outputShape, this);
  }

  /** The layer called. */
  public Layer layer() {
    return layer;
  }

  /** The symbolic inputs of the call (empty for an input layer). */
  public List<KerasTensor> inputs() {
    return inputs;
  }

  /** The symbolic output of the call. */
  public KerasTensor output() {
    return output;
  }
}
