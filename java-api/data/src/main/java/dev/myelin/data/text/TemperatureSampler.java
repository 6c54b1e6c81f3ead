package dev.myelin.data.text;

import dev.myelin.data.random.RandomState;

/**
 * The book's {@code sample(preds, diversity)} for character-level generation: probabilities are
 * re-weighted as {@code p^(1/temperature)}, renormalised, and one index is drawn with numpy's
 * {@code multinomial(1, p, 1)} on a {@link RandomState}, so a seeded run draws what numpy draws.
 *
 * <pre>{@code
 * RandomState rng = new RandomState(0);
 * int next = TemperatureSampler.sample(model.predict(x).toFloatArray(), 0.5, rng);
 * }</pre>
 *
 * <p>A high temperature (10) flattens the distribution to near-uniform; a low one (0.01) picks the
 * most likely index almost always. {@link #sampleLogits} does the same from logits without the
 * log/exp round trip that the book warns about.
 */
public final class TemperatureSampler {
  private TemperatureSampler() {}

  /**
   * The re-weighted distribution: {@code exp(ln(p) / temperature)} normalised by its (numpy
   * pairwise) sum, as the book computes it in float64.
   */
  public static double[] reweight(float[] preds, double temperature) {
    double[] p = new double[preds.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = preds[i];
    }
    return reweight(p, temperature);
  }

  /** {@link #reweight(float[], double)} for float64 probabilities. */
  public static double[] reweight(double[] preds, double temperature) {
    checkTemperature(temperature);
    if (preds.length == 0) {
      throw new IllegalArgumentException(
          "TemperatureSampler: argument 'preds' expected at least one probability but was empty");
    }
    double[] e = new double[preds.length];
    for (int i = 0; i < e.length; i++) {
      if (!(preds[i] >= 0)) {
        throw new IllegalArgumentException(
            "TemperatureSampler: argument 'preds' expected probabilities >= 0 but preds["
                + i
                + "] was "
                + preds[i]);
      }
      e[i] = Math.exp(Math.log(preds[i]) / temperature);
    }
    return normalise(e);
  }

  /** Draws one index from {@code preds} re-weighted by {@code temperature} (the book's sample). */
  public static int sample(float[] preds, double temperature, RandomState rng) {
    return draw(reweight(preds, temperature), rng);
  }

  /** {@link #sample(float[], double, RandomState)} for float64 probabilities. */
  public static int sample(double[] preds, double temperature, RandomState rng) {
    return draw(reweight(preds, temperature), rng);
  }

  /**
   * Draws one index from {@code softmax(logits / temperature)} (max-subtracted, so large logits
   * cannot overflow), with numpy's multinomial draw.
   */
  public static int sampleLogits(float[] logits, double temperature, RandomState rng) {
    checkTemperature(temperature);
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double[] e = new double[logits.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = Math.exp((logits[i] - max) / temperature);
    }
    return draw(normalise(e), rng);
  }

  private static int draw(double[] p, RandomState rng) {
    long[] counts = rng.multinomial(1, p);
    // np.argmax of the one-hot draw; an all-zero row (impossible for n=1) would give 0 as numpy.
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        return i;
      }
    }
    return 0;
  }

  private static double[] normalise(double[] e) {
    double s = pairwiseSum(e, 0, e.length);
    if (!(s > 0) || Double.isInfinite(s)) {
      throw new IllegalArgumentException(
          "TemperatureSampler: argument 'preds' expected weights with a positive finite sum but"
              + " the sum was "
              + s);
    }
    double[] p = new double[e.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = e[i] / s;
    }
    return p;
  }

  /** numpy's pairwise summation (blocks of 8 accumulators up to 128 values, halves above). */
  static double pairwiseSum(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    if (n <= 128) {
      double[] r = new double[8];
      System.arraycopy(a, from, r, 0, 8);
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (int k = 0; k < 8; k++) {
          r[k] += a[from + i + k];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
  }

  private static void checkTemperature(double t) {
    if (!(t > 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException(
          "TemperatureSampler: argument 'temperature' expected a positive finite number but was "
              + t);
    }
  }
}
