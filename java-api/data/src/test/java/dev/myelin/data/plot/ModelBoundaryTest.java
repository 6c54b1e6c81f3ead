package dev.myelin.data.plot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Tensor;
import dev.myelin.layers.Dense;
import dev.myelin.models.Sequential;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plot_decision_boundary(model, X, y)} with a model, as the book writes it (issue 16). */
class ModelBoundaryTest {
  @TempDir Path dir;

  @Test
  void decisionBoundaryTakesAModel() throws Exception {
    double[][] x = {{-1, -1}, {-0.5, 0.5}, {-0.8, 0.2}, {1, 1}, {0.5, -0.5}, {0.7, 0.1}};
    long[] y = {0, 0, 0, 1, 1, 1};
    // sigmoid(20 x0): class 1 right of x = 0.
    Sequential model = new Sequential();
    model.add(new Dense(1).activation("sigmoid").inputShape(2));
    model.setWeights(List.of(Tensor.of(new float[][] {{20f}, {0f}}), Tensor.of(new float[] {0f})));
    Figure fig = Plot.plotDecisionBoundary(model, x, y);
    Rendered r = Rendered.save(fig, dir, "model_boundary");
    Color lowTint = Rendered.overWhite(Colormap.BWR.at(0.0), 0.2);
    Color highTint = Rendered.overWhite(Colormap.BWR.at(1.0), 0.2);
    int w = r.png.getWidth();
    int h = r.png.getHeight();
    assertTrue(r.count(lowTint, 3, 0, 0, w / 2, h) > 50000, "blue left");
    assertTrue(r.count(highTint, 3, w / 2, 0, w, h) > 50000, "red right");
    assertTrue(r.count(highTint, 3, 0, 0, w / 2, h) < 2500, "no red left");
  }
}
