package dev.myelin.examples;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.layers.Dense;
import dev.myelin.models.Sequential;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Chapter 5: the forward pass of a {@code Dense} layer by hand, {@code z = np.dot(a, W) + b}, and
 * the same numbers from a Myelin {@code Dense(2)} holding those weights. The book prints only the
 * result {@code array([0.07, 0.22])}; its inputs were not captured, so {@link #A}, {@link #W} and
 * {@link #B} are chosen to give that result.
 */
public final class DenseForwardPass implements Example {
  /** One input row of three features. */
  static final double[] A = {0.1, 0.2, 0.3};

  /** The kernel, (3 inputs, 2 units). */
  static final double[][] W = {{0.1, 0.2}, {0.0, 0.3}, {0.1, 0.2}};

  /** The bias, one per unit. */
  static final double[] B = {0.03, 0.08};

  /** The result by hand (double precision) and from the layer (float32). */
  public record Result(double[] byHand, float[] layer) {}

  @Override
  public String name() {
    return "dense-forward";
  }

  @Override
  public String description() {
    return "ch.5 a Dense layer's forward pass by hand, z = a.W + b, checked against Dense(2)";
  }

  @Override
  public void run(String[] args) {
    Result r = run(A, W, B);
    System.out.println("z = np.dot(a, W) + b  -> " + repr(r.byHand()));
    System.out.println(
        Book.fmt("Dense(2) with the same weights -> [%.8f, %.8f]", r.layer()[0], r.layer()[1]));
  }

  /** {@code z_j = sum_i a_i W_ij + b_j}, summed in numpy's order for a short dot product. */
  public static double[] forward(double[] a, double[][] w, double[] b) {
    double[] z = new double[b.length];
    for (int j = 0; j < b.length; j++) {
      double s = 0;
      for (int i = 0; i < a.length; i++) {
        s += a[i] * w[i][j];
      }
      z[j] = s + b[j];
    }
    return z;
  }

  /** Computes the pass by hand and with a {@code Dense} layer set to {@code w} and {@code b}. */
  public static Result run(double[] a, double[][] w, double[] b) {
    try (TensorScope scope = new TensorScope()) {
      Sequential model = new Sequential(new Dense(b.length).inputShape(a.length));
      model.setWeights(List.of(Book.tensor(w), Tensor.fromArray(floats(b), b.length)));
      float[] layer = model.predict(Book.tensor(new double[][] {a})).toFloatArray();
      return new Result(forward(a, w, b), layer);
    }
  }

  /**
   * numpy's repr of a short 1-D float array whose values need at most 8 decimals, as {@code
   * array([0.07, 0.22])}: each value rounded to 8 decimals, trailing zeros dropped.
   */
  static String repr(double[] v) {
    StringBuilder s = new StringBuilder("array([");
    for (int i = 0; i < v.length; i++) {
      BigDecimal d = new BigDecimal(v[i]).setScale(8, RoundingMode.HALF_EVEN).stripTrailingZeros();
      s.append(i == 0 ? "" : ", ")
          .append(d.scale() <= 0 ? d.toPlainString() + "." : d.toPlainString());
    }
    return s.append("])").toString();
  }

  private static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}
