package dev.myelin.data.random;

import dev.myelin.data.internal.Checks;
import java.util.Arrays;

/**
 * A bit-exact reimplementation of numpy's legacy {@code numpy.random.RandomState}: the same seed
 * gives the same draws as numpy for every method here.
 *
 * <pre>{@code
 * RandomState rng = new RandomState(42);
 * double[] u = rng.rand(3);              // == np.random.RandomState(42).rand(3)
 * int[] order = rng.permutation(10);     // continues the same stream as numpy
 * }</pre>
 */
public final class RandomState {
  private static final long MAX_SEED = 0xffffffffL;

  private final MersenneTwister mt = new MersenneTwister();
  private boolean hasGauss;
  private double gauss;

  /** Seeds like {@code RandomState(seed)} with an integer seed in [0, 2^32 - 1]. */
  public RandomState(long seed) {
    Checks.check(seed >= 0 && seed <= MAX_SEED, "seed", "a value in [0, 4294967295]", seed);
    mt.seed((int) seed);
  }

  private RandomState(int[] key) {
    mt.seedByArray(key);
  }

  /** Seeds like {@code RandomState([s0, s1, ...])}, numpy's init_by_array path. */
  public static RandomState fromArray(long... seed) {
    Checks.check(seed != null && seed.length > 0, "seed", "a non-empty array", "empty");
    int[] key = new int[seed.length];
    for (int i = 0; i < seed.length; i++) {
      Checks.check(
          seed[i] >= 0 && seed[i] <= MAX_SEED,
          "seed[" + i + "]",
          "a value in [0, 4294967295]",
          seed[i]);
      key[i] = (int) seed[i];
    }
    return new RandomState(key);
  }

  /** The next raw 32-bit output of MT19937 as an unsigned value. */
  public long nextUint32() {
    return mt.next32() & 0xffffffffL;
  }

  /** One double in [0, 1), like {@code random_sample()}. */
  public double randomSample() {
    return mt.nextDouble();
  }

  /** {@code size} doubles in [0, 1), like {@code random_sample(size)}. */
  public double[] randomSample(int size) {
    checkSize(size);
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = mt.nextDouble();
    }
    return out;
  }

  /** {@code size} doubles in [0, 1), like {@code rand(size)}. */
  public double[] rand(int size) {
    return randomSample(size);
  }

  /** A {@code rows x cols} matrix of doubles in [0, 1), like {@code rand(rows, cols)}. */
  public double[][] rand(int rows, int cols) {
    checkSize(rows);
    checkSize(cols);
    double[][] out = new double[rows][cols];
    for (double[] row : out) {
      for (int j = 0; j < cols; j++) {
        row[j] = mt.nextDouble();
      }
    }
    return out;
  }

  /** One integer in [low, high), like {@code randint(low, high)} (int64, masked rejection). */
  public long randint(long low, long high) {
    Checks.check(low < high, "high", "a value greater than low=" + low, high);
    long rng = high - 1 - low;
    return low + boundedMasked(rng);
  }

  /** One integer in [0, high), like {@code randint(high)}. */
  public long randint(long high) {
    return randint(0, high);
  }

  /** {@code size} integers in [low, high), like {@code randint(low, high, size)}. */
  public long[] randint(long low, long high, int size) {
    Checks.check(low < high, "high", "a value greater than low=" + low, high);
    checkSize(size);
    long rng = high - 1 - low;
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      out[i] = low + boundedMasked(rng);
    }
    return out;
  }

  private long boundedMasked(long rng) {
    if (rng == 0) {
      return 0;
    }
    if (Long.compareUnsigned(rng, MAX_SEED) <= 0) {
      if (rng == MAX_SEED) {
        return nextUint32();
      }
      long mask = mask(rng);
      long value;
      do {
        value = nextUint32() & mask;
      } while (value > rng);
      return value;
    }
    if (rng == -1L) {
      return mt.next64();
    }
    long mask = mask(rng);
    long value;
    do {
      value = mt.next64() & mask;
    } while (Long.compareUnsigned(value, rng) > 0);
    return value;
  }

  /** numpy's {@code random_interval}: a value in [0, max] by masked rejection (used by shuffle). */
  long interval(long max) {
    if (max == 0) {
      return 0;
    }
    long mask = mask(max);
    long value;
    if (Long.compareUnsigned(max, MAX_SEED) <= 0) {
      do {
        value = nextUint32() & mask;
      } while (value > max);
    } else {
      do {
        value = mt.next64() & mask;
      } while (Long.compareUnsigned(value, max) > 0);
    }
    return value;
  }

  private static long mask(long value) {
    long mask = value;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask |= mask >>> 32;
    return mask;
  }

  /** One standard normal draw, numpy's legacy polar Box-Muller with the cached second value. */
  public double standardNormal() {
    if (hasGauss) {
      double value = gauss;
      hasGauss = false;
      gauss = 0.0;
      return value;
    }
    double x1;
    double x2;
    double r2;
    do {
      x1 = 2.0 * mt.nextDouble() - 1.0;
      x2 = 2.0 * mt.nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    // Java's Math.log and glibc's log disagree in the last bit for about 3 in 10,000 arguments.
    double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
    gauss = f * x1;
    hasGauss = true;
    return f * x2;
  }

  /** {@code size} standard normal draws, like {@code standard_normal(size)}. */
  public double[] standardNormal(int size) {
    checkSize(size);
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = standardNormal();
    }
    return out;
  }

  /**
   * A {@code rows x cols} matrix of standard normal draws, like {@code standard_normal((r, c))}.
   */
  public double[][] standardNormal(int rows, int cols) {
    checkSize(rows);
    checkSize(cols);
    double[][] out = new double[rows][cols];
    for (double[] row : out) {
      for (int j = 0; j < cols; j++) {
        row[j] = standardNormal();
      }
    }
    return out;
  }

  /** {@code size} standard normal draws, like {@code randn(size)}. */
  public double[] randn(int size) {
    return standardNormal(size);
  }

  /** One normal draw {@code loc + scale * z}, like {@code normal(loc, scale)}. */
  public double normal(double loc, double scale) {
    Checks.check(scale >= 0, "scale", "a non-negative value", scale);
    return loc + scale * standardNormal();
  }

  /** {@code size} normal draws, like {@code normal(loc, scale, size)}. */
  public double[] normal(double loc, double scale, int size) {
    Checks.check(scale >= 0, "scale", "a non-negative value", scale);
    checkSize(size);
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = loc + scale * standardNormal();
    }
    return out;
  }

  /** One draw from [low, high), like {@code uniform(low, high)}: {@code low + (high - low) * u}. */
  public double uniform(double low, double high) {
    return low + (high - low) * mt.nextDouble();
  }

  /** {@code size} draws from [low, high), like {@code uniform(low, high, size)}. */
  public double[] uniform(double low, double high, int size) {
    checkSize(size);
    double range = high - low;
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = low + range * mt.nextDouble();
    }
    return out;
  }

  /** One binomial draw, like {@code binomial(n, p)} (numpy's inversion/BTPE algorithm). */
  public long binomial(long n, double p) {
    Checks.check(n >= 0, "n", "a non-negative count", n);
    Checks.check(p >= 0 && p <= 1, "p", "a probability in [0, 1]", p);
    return Binomial.sample(mt, p, n);
  }

  /** {@code size} binomial draws, like {@code binomial(n, p, size)}. */
  public long[] binomial(long n, double p, int size) {
    Checks.check(n >= 0, "n", "a non-negative count", n);
    Checks.check(p >= 0 && p <= 1, "p", "a probability in [0, 1]", p);
    checkSize(size);
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      out[i] = Binomial.sample(mt, p, n);
    }
    return out;
  }

  /**
   * One multinomial draw of {@code n} trials over {@code pvals}, like {@code multinomial(n,
   * pvals)}.
   */
  public long[] multinomial(long n, double[] pvals) {
    Checks.check(n >= 0, "n", "a non-negative count", n);
    Checks.nonEmpty("pvals", pvals.length);
    for (int i = 0; i < pvals.length; i++) {
      Checks.check(
          pvals[i] >= 0 && pvals[i] <= 1, "pvals[" + i + "]", "a probability in [0, 1]", pvals[i]);
    }
    double head = kahanSum(pvals, pvals.length - 1);
    Checks.check(head <= 1.0 + 1e-12, "pvals", "sum(pvals[:-1]) <= 1", head);
    long[] out = new long[pvals.length];
    double remaining = 1.0;
    long left = n;
    for (int j = 0; j < pvals.length - 1; j++) {
      out[j] = Binomial.sample(mt, pvals[j] / remaining, left);
      left -= out[j];
      if (left <= 0) {
        break;
      }
      remaining -= pvals[j];
    }
    if (left > 0) {
      out[pvals.length - 1] = left;
    }
    return out;
  }

  /** {@code size} multinomial draws, one row each, like {@code multinomial(n, pvals, size)}. */
  public long[][] multinomial(long n, double[] pvals, int size) {
    checkSize(size);
    long[][] out = new long[size][];
    for (int i = 0; i < size; i++) {
      out[i] = multinomial(n, pvals);
    }
    return out;
  }

  /** Shuffles {@code values} in place with numpy's legacy Fisher-Yates, like {@code shuffle(x)}. */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = (int) interval(i);
      int tmp = values[j];
      values[j] = values[i];
      values[i] = tmp;
    }
  }

  /** Shuffles {@code values} in place, like {@code shuffle(x)} on a 1-d float array. */
  public void shuffle(double[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = (int) interval(i);
      double tmp = values[j];
      values[j] = values[i];
      values[i] = tmp;
    }
  }

  /** Shuffles the rows of {@code values} in place, like {@code shuffle(x)} on a 2-d array. */
  public <T> void shuffle(T[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = (int) interval(i);
      T tmp = values[j];
      values[j] = values[i];
      values[i] = tmp;
    }
  }

  /** A shuffled {@code 0..n-1}, like {@code permutation(n)}. */
  public int[] permutation(int n) {
    checkSize(n);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    shuffle(out);
    return out;
  }

  /** A shuffled copy of {@code values}, like {@code permutation(x)}. */
  public int[] permutation(int[] values) {
    int[] out = Arrays.copyOf(values, values.length);
    shuffle(out);
    return out;
  }

  /**
   * Draws {@code size} indices from {@code 0..populationSize-1}, like {@code choice(a, size,
   * replace, p)}; {@code p} may be null for uniform sampling.
   */
  public int[] choice(int populationSize, int size, boolean replace, double[] p) {
    checkSize(size);
    Checks.check(
        populationSize > 0 || size == 0,
        "populationSize",
        "a positive value unless no samples are taken",
        populationSize);
    if (p != null) {
      Checks.sameLength("p", p.length, "population", populationSize);
      double sum = kahanSum(p, p.length);
      Checks.check(!Double.isNaN(sum), "p", "probabilities without NaN", Arrays.toString(p));
      for (double v : p) {
        Checks.check(v >= 0, "p", "non-negative probabilities", v);
      }
      Checks.check(
          Math.abs(sum - 1.0) <= Math.sqrt(Math.ulp(1.0)), "p", "probabilities that sum to 1", sum);
    }
    if (replace) {
      if (p == null) {
        long[] draws = randint(0, populationSize, size);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
          out[i] = (int) draws[i];
        }
        return out;
      }
      double[] cdf = cumulative(p);
      double[] u = randomSample(size);
      int[] out = new int[size];
      for (int i = 0; i < size; i++) {
        out[i] = searchRight(cdf, u[i]);
      }
      return out;
    }
    Checks.check(
        size <= populationSize,
        "size",
        "at most populationSize=" + populationSize + " when replace is false",
        size);
    if (p == null) {
      return Arrays.copyOf(permutation(populationSize), size);
    }
    int nonZero = 0;
    for (double v : p) {
      nonZero += v > 0 ? 1 : 0;
    }
    Checks.check(nonZero >= size, "p", "at least size=" + size + " non-zero entries", nonZero);
    double[] weights = p.clone();
    int[] found = new int[size];
    int unique = 0;
    while (unique < size) {
      double[] x = randomSample(size - unique);
      for (int i = 0; i < unique; i++) {
        weights[found[i]] = 0;
      }
      double[] cdf = cumulative(weights);
      int[] fresh = new int[x.length];
      for (int i = 0; i < x.length; i++) {
        fresh[i] = searchRight(cdf, x[i]);
      }
      // np.unique(..., return_index=True) keeps first occurrences; sorting the positions keeps draw
      // order.
      boolean[] seen = new boolean[populationSize];
      for (int value : fresh) {
        if (!seen[value]) {
          seen[value] = true;
          found[unique++] = value;
        }
      }
    }
    return found;
  }

  /**
   * Draws {@code size} elements of {@code values}, like {@code choice(values, size, replace, p)}.
   */
  public double[] choice(double[] values, int size, boolean replace, double[] p) {
    int[] idx = choice(values.length, size, replace, p);
    double[] out = new double[size];
    for (int i = 0; i < size; i++) {
      out[i] = values[idx[i]];
    }
    return out;
  }

  private static double[] cumulative(double[] p) {
    double[] cdf = new double[p.length];
    double acc = 0;
    for (int i = 0; i < p.length; i++) {
      acc += p[i];
      cdf[i] = acc;
    }
    double last = cdf[cdf.length - 1];
    for (int i = 0; i < cdf.length; i++) {
      cdf[i] /= last;
    }
    return cdf;
  }

  /** numpy's {@code searchsorted(side='right')}: the number of entries {@code <= value}. */
  private static int searchRight(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double kahanSum(double[] values, int n) {
    if (n <= 0) {
      return 0.0;
    }
    double sum = values[0];
    double c = 0.0;
    for (int i = 1; i < n; i++) {
      double y = values[i] - c;
      double t = sum + y;
      c = (t - sum) - y;
      sum = t;
    }
    return sum;
  }

  private static void checkSize(int size) {
    Checks.check(size >= 0, "size", "a non-negative size", size);
  }
}
