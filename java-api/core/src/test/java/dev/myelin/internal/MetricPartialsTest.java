package dev.myelin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.metrics.Mean;
import dev.myelin.metrics.Metric;
import dev.myelin.metrics.Precision;
import org.junit.jupiter.api.Test;

/** The metric collector is passed explicitly: only updates made through it are deferred. */
class MetricPartialsTest {
  @Test
  void onlyUpdatesThroughTheCollectorAreDeferred() {
    try (TensorScope scope = new TensorScope();
        MetricPartials partials = MetricPartials.begin()) {
      Metric mse = Metric.get("mse", null);
      Tensor y = Tensor.of(new float[][] {{1}, {2}});
      Tensor p = Tensor.of(new float[][] {{2}, {4}});
      // an ordinary update while a collector exists: read on the host, nothing deferred
      mse.updateState(y, p, null);
      assertEquals(0, partials.size());
      assertEquals(2.5, mse.result(), 1e-6);
      // through the collector: the sums wait as tensors, the state is untouched until the sink runs
      mse.resetState();
      partials.updateState(mse, y, p, null, false);
      assertEquals(1, partials.size());
      MetricPartials.Entry e = partials.entries().get(0);
      assertEquals(5.0, e.total.item(), 1e-6);
      assertEquals(2.0, e.constantCount, 0);
      e.sink.add(e.total.item(), e.constantCount);
      assertEquals(2.5, mse.result(), 1e-6);
      // a plain Mean deferred, then a metric that cannot defer updates on the host
      Mean m = new Mean();
      partials.updateState(m, null, Tensor.of(3f, 5f), null, false);
      assertEquals(2, partials.size());
      Metric precision = new Precision();
      partials.updateState(precision, Tensor.of(1f, 0f), Tensor.of(0.9f, 0.2f), null, false);
      assertEquals(2, partials.size());
      assertEquals(1.0, precision.result(), 1e-6);
    }
  }
}
