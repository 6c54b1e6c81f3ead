package dev.myelin.layers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Wraps a tensor function as a layer (no weights); gradients flow through the tensor operations it
 * uses. The output shape is found by running the function once on a zero batch of one sample.
 *
 * <pre>{@code
 * model.add(new Lambda(x -> x.mul(2.0)));
 * }</pre>
 */
public class Lambda extends Layer {
  private final UnaryOperator<Tensor> fn;

  /** A layer computing {@code fn(input)}. */
  public Lambda(UnaryOperator<Tensor> fn) {
    if (fn == null) {
      throw new IllegalArgumentException("Lambda: argument 'fn' expected a function but was null");
    }
    this.fn = fn;
  }

  @Override
  public Lambda inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] probe = inputShapes[0].clone();
    for (int i = 0; i < probe.length; i++) {
      if (probe[i] < 0) {
        probe[i] = 1;
      }
    }
    try (TensorScope scope = new TensorScope()) {
      long[] out = fn.apply(Tensor.zeros(DType.FLOAT32, probe)).shape();
      if (out.length > 0 && inputShapes[0][0] < 0) {
        out[0] = -1;
      }
      return out;
    }
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    return fn.apply(inputs[0]);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("function", fn.getClass().getName());
    return c;
  }
}
