package dev.myelin.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * EarlyStopping's {@code baseline}: the stopping epochs are what Keras 3.15.1's EarlyStopping
 * returned for the same scripted losses (driven with a stand-in model in Python).
 */
@ExtendWith(TensorScopePerTest.class)
class EarlyStoppingBaselineTest {
  /** The 0-based epoch an EarlyStopping(monitor=loss, ...) stops at over {@code losses}, or -1. */
  private static int stopEpoch(EarlyStopping es, double... losses) {
    Myelin.setSeed(5);
    Tensor x = Tensor.randomNormal(new long[] {16, 2}, 0, 1, DType.FLOAT32);
    Tensor y = x.sum(1).gt(0).cast(DType.FLOAT32);
    Sequential m = new Sequential();
    m.add(new Dense(1).activation("sigmoid").inputShape(2));
    m.compile(new SGD(0.1), "binary_crossentropy");
    Callback script = new LambdaCallback().onEpochEnd((e, logs) -> logs.put("loss", losses[e]));
    History h =
        m.fit(x, y, new FitOptions().epochs(losses.length).verbose(0).callbacks(script, es));
    return h.epoch().size() == losses.length ? -1 : es.stoppedEpoch();
  }

  private static EarlyStopping es(int patience, Double baseline) {
    return new EarlyStopping().monitor("loss").patience(patience).baseline(baseline);
  }

  @Test
  void stopsWhereKeras3Stops() {
    double[] falling = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
    assertEquals(-1, stopEpoch(es(2, 0.5), falling));
    assertEquals(-1, stopEpoch(es(2, null), falling));
    assertEquals(1, stopEpoch(es(2, 0.5), 0.9, 0.95, 0.97, 0.6, 0.5, 0.4));
    assertEquals(3, stopEpoch(es(2, 0.5), 0.9, 0.4, 0.45, 0.46, 0.5, 0.4));
    assertEquals(1, stopEpoch(es(1, 0.1), 0.9, 0.95, 0.97, 0.98, 0.5, 0.4));
  }

  @Test
  void baselineComesFromTheConfig() {
    Map<String, Object> c = new HashMap<>();
    c.put("monitor", "loss");
    c.put("patience", 2);
    c.put("baseline", 0.5);
    assertEquals(1, stopEpoch(EarlyStopping.fromConfig(c), 0.9, 0.95, 0.97, 0.6, 0.5, 0.4));
  }
}
