package dev.myelin.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.optimizers.schedules.ExponentialDecay;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Five updates of every optimizer against the trajectories the real Keras 3 computed. */
class KerasOptimizerFixturesTest {
  private static final double[] A = {1.0, 2.0, 0.5, 4.0};
  private static final double[] B = {0.5, -1.0, 2.0, 0.0};
  private static final double[] W0 = {1.0, -0.5, 0.25, 2.0};

  private static Map<String, Supplier<Optimizer>> optimizers() {
    Map<String, Supplier<Optimizer>> m = new LinkedHashMap<>();
    double b2 = 0.9990234375;
    m.put("sgd", () -> new SGD(0.125));
    m.put("sgd_momentum", () -> new SGD(0.125, 0.875));
    m.put("sgd_nesterov", () -> new SGD(0.0625, 0.25, true));
    m.put("rmsprop", () -> new RMSprop(0.015625, 0.875, 0.0, 1e-7, false));
    m.put("rmsprop_centered_momentum", () -> new RMSprop(0.015625, 0.75, 0.5, 1e-7, true));
    m.put("adagrad", () -> new Adagrad(0.125, 0.125, 1e-7));
    m.put("adadelta", () -> new Adadelta(1.0, 0.9375, 1e-7));
    m.put("adam", () -> new Adam(0.125, 0.875, b2, 1e-7, false));
    m.put("adam_amsgrad", () -> new Adam(0.125, 0.75, 0.984375, 1e-7, true));
    m.put("adamax", () -> new Adamax(0.125, 0.875, b2, 1e-7));
    m.put("nadam", () -> new Nadam(0.125, 0.875, b2, 1e-7));
    m.put("adamw", () -> new AdamW(0.125, 0.00390625, 0.875, b2, 1e-7, false));
    m.put("sgd_clipnorm", () -> new SGD(0.125).clipnorm(1.0));
    m.put("sgd_clipvalue", () -> new SGD(0.125).clipvalue(0.5));
    m.put(
        "adam_global_clipnorm", () -> new Adam(0.125, 0.875, b2, 1e-7, false).globalClipnorm(1.0));
    m.put(
        "sgd_exponential_decay",
        () -> new SGD(new ExponentialDecay(0.125, 2, 0.5, true), 0.0, false));
    return m;
  }

  @Test
  void trajectoriesMatchKeras() {
    Map<String, double[]> expected = KerasFixtures.section("optimizers");
    Map<String, Supplier<Optimizer>> opts = optimizers();
    assertEquals(opts.keySet(), expected.keySet());
    for (Map.Entry<String, Supplier<Optimizer>> e : opts.entrySet()) {
      Optimizer opt = e.getValue().get();
      try (Variable w = new Variable("w", Tensor.fromArray(W0.clone(), 4), true);
          Variable v = new Variable("v", Tensor.of(3.0, -4.0), true)) {
        for (int s = 0; s < 5; s++) {
          try (TensorScope scope = new TensorScope()) {
            Tensor gw = w.value().mul(Tensor.fromArray(A, 4)).sub(Tensor.fromArray(B, 4));
            opt.applyGradients(List.of(w, v), List.of(gw, v.value().copy()));
          }
        }
        double[] want = expected.get(e.getKey());
        double[] got = new double[6];
        System.arraycopy(w.value().toDoubleArray(), 0, got, 0, 4);
        System.arraycopy(v.value().toDoubleArray(), 0, got, 4, 2);
        for (int i = 0; i < 6; i++) {
          assertEquals(
              want[i], got[i], 1e-12 * (1 + Math.abs(want[i])), e.getKey() + " element " + i);
        }
      }
    }
  }
}
