package dev.myelin.activations;

import dev.myelin.Tensor;
import dev.myelin.internal.Errors;
import dev.myelin.saving.Registry;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Keras's built-in activations by name, with their keyword options as factory methods.
 *
 * <p>Keras 3 semantics are the default. {@link #useKeras2HardSigmoid(boolean)} switches {@code
 * hard_sigmoid} to Keras 2's {@code clip(0.2*x + 0.5, 0, 1)} (the book's Keras 2.2 behaviour); the
 * Keras 3 form is {@code relu6(x + 3) / 6}.
 *
 * <pre>{@code
 * Activation a = Activations.relu(0.0, 6.0, 0.0);   // relu6
 * Activation b = Activations.leakyRelu(0.1);
 * }</pre>
 */
public final class Activations {
  private static volatile boolean keras2HardSigmoid;

  static {
    // Activations are functions, not classes: this class registers each Keras name.
    add("linear", Activations::linear);
    add("sigmoid", Activations::sigmoid);
    add("hard_sigmoid", Activations::hardSigmoid);
    add("tanh", Activations::tanh);
    add("relu", Activations::relu);
    add("relu6", Activations::relu6);
    add("leaky_relu", Activations::leakyRelu);
    add("elu", Activations::elu);
    add("selu", Activations::selu);
    add("softplus", Activations::softplus);
    add("softsign", Activations::softsign);
    add("softmax", Activations::softmax);
    add("log_softmax", Activations::logSoftmax);
    add("exponential", Activations::exponential);
    add("gelu", Activations::gelu);
    add("swish", Activations::swish);
    add("silu", Activations::silu);
    add("hard_silu", Activations::hardSilu);
    add("hard_swish", Activations::hardSwish);
    add("mish", Activations::mish);
  }

  private static void add(String name, Supplier<Activation> s) {
    Registry.builtIn(
        Registry.Kind.ACTIVATION, Activation.class, null, List.of(name), (c, custom) -> s.get());
  }

  private Activations() {}

  /**
   * A built-in activation without parameters whose name means exactly the native op of that name
   * (linear, sigmoid, tanh, plain relu, ...): marked so layers can tell it from a custom one or a
   * parameterised relu of the same name. Which of them {@link Tensor#dense} fuses is declared once,
   * in myelin.h ({@link Tensor#denseFuses}).
   */
  private static final class Plain extends Named {
    Plain(String name, UnaryOperator<Tensor> fn) {
      super(name, fn);
    }
  }

  /** An activation named {@code name} that applies {@code fn}. */
  private static class Named implements Activation {
    private final String name;
    private final UnaryOperator<Tensor> fn;

    Named(String name, UnaryOperator<Tensor> fn) {
      this.name = name;
      this.fn = fn;
    }

    @Override
    public Tensor apply(Tensor x) {
      return fn.apply(x);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return "Activation(" + name + ")";
    }
  }

  /**
   * The name {@link Tensor#dense} accepts for {@code a} when {@code a} is one of the built-in
   * activations it fuses (null means linear), or null when the layer must apply {@code a} itself.
   */
  public static String fusedName(Activation a) {
    if (a == null) {
      return "linear";
    }
    return a instanceof Plain && Tensor.denseFuses(a.name()) ? a.name() : null;
  }

  /** An activation named {@code name} that applies {@code fn}. */
  private static Activation of(String name, UnaryOperator<Tensor> fn) {
    return new Named(name, fn);
  }

  /**
   * The activation for a Keras name; {@code null} or {@code "linear"} gives the identity, an
   * unknown name throws an {@link IllegalArgumentException} listing the valid names.
   */
  public static Activation get(String name) {
    return name == null ? linear() : (Activation) Registry.get(Registry.Kind.ACTIVATION, name);
  }

  /** The valid names accepted by {@link #get(String)}, in a stable order. */
  public static List<String> names() {
    return Registry.names(Registry.Kind.ACTIVATION);
  }

  /**
   * Makes {@code hard_sigmoid} compute Keras 2's {@code clip(0.2*x + 0.5, 0, 1)} when {@code on},
   * and Keras 3's {@code relu6(x + 3) / 6} otherwise (the default); read each time it is applied.
   */
  public static void useKeras2HardSigmoid(boolean on) {
    keras2HardSigmoid = on;
  }

  /** Whether {@code hard_sigmoid} currently follows Keras 2. */
  public static boolean keras2HardSigmoid() {
    return keras2HardSigmoid;
  }

  /** The identity: {@code x}. */
  public static Activation linear() {
    return new Plain("linear", x -> x);
  }

  /** {@code 1 / (1 + exp(-x))}. */
  public static Activation sigmoid() {
    return new Plain("sigmoid", Tensor::sigmoid);
  }

  /**
   * Hard sigmoid: Keras 3's {@code relu6(x + 3) / 6}, or Keras 2's {@code clip(0.2*x + 0.5, 0, 1)}
   * under {@link #useKeras2HardSigmoid(boolean)}.
   */
  public static Activation hardSigmoid() {
    return of(
        "hard_sigmoid",
        x -> keras2HardSigmoid ? x.hardSigmoid(0.2, 0.5) : x.hardSigmoid(1.0 / 6.0, 0.5));
  }

  /** Hyperbolic tangent. */
  public static Activation tanh() {
    return new Plain("tanh", Tensor::tanh);
  }

  /** {@code max(x, 0)}. */
  public static Activation relu() {
    return new Plain("relu", Tensor::relu);
  }

  /** {@code min(max(x, 0), 6)}. */
  public static Activation relu6() {
    return of("relu6", x -> x.clip(0.0, 6.0));
  }

  /**
   * Keras's {@code relu(x, negative_slope, max_value, threshold)}: {@code x} above {@code
   * threshold} (else 0), clipped to {@code maxValue} when it is not NaN, minus {@code negativeSlope
   * * relu(threshold - x)}.
   */
  public static Activation relu(double negativeSlope, double maxValue, double threshold) {
    if (!(negativeSlope >= 0)) {
      throw Errors.arg("Activations.relu", "negativeSlope", "a value >= 0", negativeSlope);
    }
    if (!Double.isNaN(maxValue) && !(maxValue >= 0)) {
      throw Errors.arg("Activations.relu", "maxValue", "NaN (none) or a value >= 0", maxValue);
    }
    return of("relu", x -> reluWith(x, negativeSlope, maxValue, threshold));
  }

  private static Tensor reluWith(
      Tensor x, double negativeSlope, double maxValue, double threshold) {
    boolean clipMax = !Double.isNaN(maxValue);
    if (negativeSlope != 0.0 && !clipMax && threshold == 0.0) {
      return x.leakyRelu(negativeSlope);
    }
    Tensor negativePart = null;
    if (negativeSlope != 0.0) {
      negativePart = threshold != 0.0 ? x.neg().add(threshold).relu() : x.neg().relu();
    }
    Tensor y;
    if (threshold != 0.0) {
      y = x.mul(x.gt(threshold).cast(x.dtype()));
    } else {
      y = x.relu();
    }
    if (clipMax) {
      y = y.clip(0.0, maxValue);
    }
    if (negativePart != null) {
      y = y.sub(negativePart.mul(negativeSlope));
    }
    return y;
  }

  /** Leaky ReLU with Keras 3's default negative slope 0.2. */
  public static Activation leakyRelu() {
    return leakyRelu(0.2);
  }

  /** {@code x >= 0 ? x : negativeSlope * x}. */
  public static Activation leakyRelu(double negativeSlope) {
    return of("leaky_relu", x -> x.leakyRelu(negativeSlope));
  }

  /** ELU with alpha 1: {@code x > 0 ? x : exp(x) - 1}. */
  public static Activation elu() {
    return elu(1.0);
  }

  /** {@code x > 0 ? x : alpha * (exp(x) - 1)}. */
  public static Activation elu(double alpha) {
    return of("elu", x -> x.elu(alpha));
  }

  /** Scaled ELU with Keras's constants (alpha 1.67326324, scale 1.05070098). */
  public static Activation selu() {
    return new Plain("selu", Tensor::selu);
  }

  /** {@code log(1 + exp(x))}. */
  public static Activation softplus() {
    return new Plain("softplus", Tensor::softplus);
  }

  /** {@code x / (1 + |x|)}. */
  public static Activation softsign() {
    return new Plain("softsign", Tensor::softsign);
  }

  /** Softmax over the last axis. */
  public static Activation softmax() {
    return softmax(-1);
  }

  /** Softmax over {@code axis} (negative counts from the end). */
  public static Activation softmax(int axis) {
    return of("softmax", x -> x.softmax(axis));
  }

  /** Log-softmax over the last axis. */
  public static Activation logSoftmax() {
    return of("log_softmax", x -> x.logSoftmax(-1));
  }

  /** {@code exp(x)}. */
  public static Activation exponential() {
    return of("exponential", Tensor::exp);
  }

  /** Exact GELU, {@code x * Phi(x)} (Keras's default {@code approximate=false}). */
  public static Activation gelu() {
    return gelu(false);
  }

  /** GELU, exact or with the tanh approximation. */
  public static Activation gelu(boolean approximate) {
    return of("gelu", x -> x.gelu(approximate));
  }

  /** {@code x * sigmoid(x)}. */
  public static Activation swish() {
    return of("swish", Tensor::swish);
  }

  /** {@code x * sigmoid(x)} under Keras 3's other name. */
  public static Activation silu() {
    return of("silu", Tensor::swish);
  }

  /** {@code x * relu6(x + 3) / 6}. */
  public static Activation hardSilu() {
    return of("hard_silu", Activations::hardSiluOf);
  }

  /** {@code x * relu6(x + 3) / 6} under Keras 3's other name. */
  public static Activation hardSwish() {
    return of("hard_swish", Activations::hardSiluOf);
  }

  private static Tensor hardSiluOf(Tensor x) {
    return x.mul(x.hardSigmoid(1.0 / 6.0, 0.5));
  }

  /** {@code x * tanh(softplus(x))}. */
  public static Activation mish() {
    return of("mish", x -> x.mul(x.softplus().tanh()));
  }
}
