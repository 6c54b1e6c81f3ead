package dev.myelin.models;

import dev.myelin.Tensor;
import dev.myelin.layers.InputLayer;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Layer;
import dev.myelin.layers.StringLayer;
import dev.myelin.saving.Registry;
import java.util.ArrayList;
import java.util.List;

/**
 * A linear stack of layers. The first layer declares the input shape ({@code inputShape(2)} or
 * {@code inputDim(2)}), or an {@link InputLayer} comes first; later layers infer theirs. Without a
 * declared shape the model builds itself from the first data it sees. Adding a layer that does not
 * fit the previous output fails with a message naming the layer and both shapes.
 *
 * <pre>{@code
 * Sequential model = new Sequential();
 * model.add(new Dense(4).activation("tanh").inputShape(2));
 * model.add(new Dense(1).activation("sigmoid"));
 * model.compile(new SGD(0.5), "binary_crossentropy", "accuracy");
 * }</pre>
 */
public class Sequential extends Model {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER, Sequential.class, "Sequential", List.of(), KerasConfig::sequential);
  }

  private final List<Layer> stack = new ArrayList<>();
  private KerasTensor input;
  private KerasTensor output;

  /** An empty model. */
  public Sequential() {}

  /** A model of the given layers, in order. */
  public Sequential(List<? extends Layer> layers) {
    for (Layer l : layers) {
      add(l);
    }
  }

  /** A model of the given layers, in order. */
  public Sequential(Layer... layers) {
    this(List.of(layers));
  }

  /** Appends a layer; returns this model. */
  public Sequential add(Layer layer) {
    if (layer == null) {
      throw new IllegalArgumentException(
          "Sequential " + name() + ".add: argument 'layer' expected a Layer but was null");
    }
    if (layer instanceof InputLayer il) {
      if (input != null || !stack.isEmpty()) {
        throw new IllegalArgumentException(
            "Sequential "
                + name()
                + ".add: an InputLayer must come first, but the model already has "
                + stack.size()
                + " layers");
      }
      input = il.tensor();
      output = input;
      return this;
    }
    if (output == null && stack.isEmpty() && layer.declaredInputShape() != null) {
      input = layer instanceof StringLayer ? Input.strings() : Input.of(layer.declaredInputShape());
      output = input;
    } else if (!stack.isEmpty() && layer.declaredInputShape() != null && output != null) {
      long[] want = layer.declaredInputShape();
      long[] have = output.shape();
      long[] full = new long[want.length + 1];
      full[0] = -1;
      System.arraycopy(want, 0, full, 1, want.length);
      if (!java.util.Arrays.equals(full, have)) {
        throw new IllegalArgumentException(
            "Layer \""
                + layer.name()
                + "\" ("
                + layer.className()
                + ") declares input shape "
                + KerasTensor.formatShape(full)
                + " but the previous layer outputs shape "
                + KerasTensor.formatShape(have));
      }
    }
    if (output != null) {
      output = layer.apply(output);
    }
    stack.add(layer);
    if (output != null) {
      setGraph(List.of(input), List.of(output));
    }
    return this;
  }

  /** Removes the last layer. */
  public void pop() {
    if (stack.isEmpty()) {
      throw new IllegalStateException("Sequential " + name() + ".pop: the model has no layers");
    }
    stack.remove(stack.size() - 1);
    if (input != null) {
      output = input;
      for (Layer l : stack) {
        output = l.apply(output);
      }
      if (!stack.isEmpty()) {
        setGraph(List.of(input), List.of(output));
      }
    }
  }

  /** The layers in order (an input layer is not listed, as in Keras). */
  @Override
  public List<Layer> layers() {
    return List.copyOf(stack);
  }

  /** Builds the model for inputs of {@code inputShape} (batch axis first, -1 for unknown). */
  @Override
  public void build(long[] inputShape) {
    if (input != null) {
      return;
    }
    if (stack.isEmpty()) {
      throw new IllegalStateException(
          "Sequential " + name() + ": cannot build a model with no layers");
    }
    long[] s = java.util.Arrays.copyOfRange(inputShape, 1, inputShape.length);
    input = Input.of(s);
    output = input;
    for (Layer l : stack) {
      output = l.apply(output);
    }
    setGraph(List.of(input), List.of(output));
  }

  @Override
  protected void prepareFor(Tensor[] xs) {
    if (input == null && xs.length == 1) {
      long[] s = xs[0].shape();
      s[0] = -1;
      build(s);
    }
  }
}
