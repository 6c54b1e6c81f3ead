package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.internal.Errors;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An orthogonal matrix times {@code gain} (Keras {@code OrthogonalInitializer(gain=1.0)}): the
 * shape is flattened to {@code (prod(shape[:-1]), shape[-1])}, a normal matrix of the taller
 * orientation is QR-factored (Householder, in double precision), Q's columns take the signs of R's
 * diagonal so the result is uniformly distributed, and Q is transposed back when wide.
 */
public final class Orthogonal implements Initializer {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        Orthogonal.class,
        "Orthogonal",
        List.of("orthogonal", "OrthogonalInitializer"),
        (c, custom) -> new Orthogonal(Configs.num(c, "gain", 1), Configs.seed(c)));
  }

  private final double gain;
  private final Long seed;

  /** Keras's defaults: gain 1, unseeded. */
  public Orthogonal() {
    this(1.0, null);
  }

  /** Orthogonal times {@code gain}; a non-null {@code seed} repeats. */
  public Orthogonal(double gain, Long seed) {
    this.gain = gain;
    this.seed = seed;
  }

  /** Draws an orthogonal matrix reshaped to {@code shape} (rank 2 or more). */
  @Override
  public Tensor apply(long[] shape, DType dtype) {
    if (shape.length < 2) {
      throw Errors.arg("Orthogonal", "shape", "a shape of rank 2 or more", Arrays.toString(shape));
    }
    Draw.checkFloat(dtype);
    long rows = 1;
    for (int i = 0; i < shape.length - 1; i++) {
      rows *= shape[i];
    }
    long cols = shape[shape.length - 1];
    int m = Math.toIntExact(Math.max(rows, cols));
    int n = Math.toIntExact(Math.min(rows, cols));
    double[] a;
    try (Tensor normal = Draw.normal(new long[] {m, n}, 0.0, 1.0, DType.FLOAT64, seed)) {
      a = normal.toDoubleArray();
    }
    double[] q = orthonormalColumns(a, m, n);
    double[] out = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double v = gain * q[i * n + j];
        if (rows < cols) {
          out[j * m + i] = v;
        } else {
          out[i * n + j] = v;
        }
      }
    }
    try (Tensor t = Tensor.fromArray(out, shape)) {
      return t.cast(dtype);
    }
  }

  /**
   * The Q of a reduced Householder QR of row-major {@code a} (m x n, m >= n), with column j
   * multiplied by sign(R[j][j]), so Q is the unique factor whose R has a non-negative diagonal.
   */
  static double[] orthonormalColumns(double[] a, int m, int n) {
    double[] r = a.clone();
    double[][] vs = new double[n][];
    double[] diag = new double[n];
    for (int k = 0; k < n; k++) {
      double norm = 0;
      for (int i = k; i < m; i++) {
        norm += r[i * n + k] * r[i * n + k];
      }
      norm = Math.sqrt(norm);
      double x0 = r[k * n + k];
      double alpha = x0 >= 0 ? -norm : norm;
      double[] v = new double[m - k];
      for (int i = k; i < m; i++) {
        v[i - k] = r[i * n + k];
      }
      v[0] -= alpha;
      double vnorm = 0;
      for (double vi : v) {
        vnorm += vi * vi;
      }
      vnorm = Math.sqrt(vnorm);
      if (vnorm > 0) {
        for (int i = 0; i < v.length; i++) {
          v[i] /= vnorm;
        }
        for (int j = k; j < n; j++) {
          double dot = 0;
          for (int i = k; i < m; i++) {
            dot += v[i - k] * r[i * n + j];
          }
          for (int i = k; i < m; i++) {
            r[i * n + j] -= 2 * dot * v[i - k];
          }
        }
        vs[k] = v;
      }
      diag[k] = r[k * n + k];
    }
    double[] q = new double[m * n];
    for (int j = 0; j < n; j++) {
      q[j * n + j] = 1.0;
    }
    for (int k = n - 1; k >= 0; k--) {
      double[] v = vs[k];
      if (v == null) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        double dot = 0;
        for (int i = k; i < m; i++) {
          dot += v[i - k] * q[i * n + j];
        }
        for (int i = k; i < m; i++) {
          q[i * n + j] -= 2 * dot * v[i - k];
        }
      }
    }
    for (int j = 0; j < n; j++) {
      if (diag[j] < 0) {
        for (int i = 0; i < m; i++) {
          q[i * n + j] = -q[i * n + j];
        }
      }
    }
    return q;
  }

  /** {@code "orthogonal"}. */
  @Override
  public String name() {
    return "orthogonal";
  }

  /** Keras 3's class name {@code "OrthogonalInitializer"}. */
  @Override
  public String className() {
    return "OrthogonalInitializer";
  }

  /** {@code {gain, seed}}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gain", gain);
    m.put("seed", seed);
    return m;
  }
}
