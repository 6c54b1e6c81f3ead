package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.Variable;
import dev.myelin.constraints.Constraint;
import dev.myelin.initializers.Initializer;
import dev.myelin.regularizers.Regularizer;

/**
 * The weights of a recurrent layer, owned as Keras 3 owns them: by the layer's {@code cell}
 * attribute ({@code LSTMCell}, ...), so a .keras file keeps them at {@code layers/lstm/cell/vars}.
 * The layer runs the whole sequence natively with them ({@link Tensor#recurrent}).
 */
final class RecurrentCell extends Layer {
  /** What the owning layer asks for. */
  record Spec(
      long units,
      int gates,
      boolean resetAfter,
      Initializer kernelInitializer,
      Initializer recurrentInitializer,
      Initializer biasInitializer,
      boolean useBias,
      boolean unitForgetBias,
      Regularizer[] regularizers,
      Constraint[] constraints) {}

  private final Spec spec;
  private final String kerasClass;
  private final java.util.function.Supplier<dev.myelin.RnnSpec> step;
  Variable kernel;
  Variable recurrentKernel;
  Variable bias;

  RecurrentCell(
      String kerasClass, Spec spec, java.util.function.Supplier<dev.myelin.RnnSpec> step) {
    this.kerasClass = kerasClass;
    this.spec = spec;
    this.step = step;
  }

  @Override
  protected String defaultNamePrefix() {
    return LayerNames.snakeCase(kerasClass == null ? "RecurrentCell" : kerasClass);
  }

  @Override
  public String className() {
    return kerasClass;
  }

  @Override
  public void build(long[] inputShape) {
    long in = inputShape[inputShape.length - 1];
    long u = spec.units();
    long ku = spec.gates() * u;
    Regularizer[] r = spec.regularizers();
    Constraint[] c = spec.constraints();
    kernel = addWeight("kernel", new long[] {in, ku}, spec.kernelInitializer(), r[0], c[0], true);
    recurrentKernel =
        addWeight(
            "recurrent_kernel", new long[] {u, ku}, spec.recurrentInitializer(), r[1], c[1], true);
    if (spec.useBias()) {
      long[] shape = spec.resetAfter() ? new long[] {2, ku} : new long[] {ku};
      Initializer bi = spec.biasInitializer();
      if (spec.unitForgetBias()) {
        // Keras: zeros except ones for the forget gate (the second block of units).
        Initializer base = bi;
        bi =
            new Initializer() {
              @Override
              public Tensor apply(long[] s, dev.myelin.DType dtype) {
                Tensor a = base.apply(new long[] {u}, dtype);
                Tensor f = Tensor.ones(dtype, u);
                Tensor b = base.apply(new long[] {2 * u}, dtype);
                return Tensor.concat(0, a, f, b);
              }

              @Override
              public String name() {
                return base.name();
              }
            };
      }
      bias = addWeight("bias", shape, bi, r[2], c[2], true);
    }
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    return new long[] {inputShapes[0][0], spec.units()};
  }

  /**
   * One step, as Keras's cell call: inputs x (N, F), h (N, units) and, for an LSTM, c; returns the
   * new h (the owner runs whole sequences natively instead).
   */
  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    Tensor seq = x.reshape(x.dim(0), 1, x.dim(1));
    Tensor[] out =
        Tensor.recurrent(
            step.get(),
            seq,
            kernel.value(),
            recurrentKernel.value(),
            bias == null ? null : bias.value(),
            inputs.length > 1 ? inputs[1] : null,
            inputs.length > 2 ? inputs[2] : null,
            null);
    return out[0].reshape(x.dim(0), spec.units());
  }
}
