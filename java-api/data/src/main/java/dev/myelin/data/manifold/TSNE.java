package dev.myelin.data.manifold;

import java.util.Arrays;

/**
 * scikit-learn's {@code TSNE(method='exact')}: joint probabilities from a per-point binary search
 * on the Gaussian bandwidth (perplexity), then gradient descent on the Kullback-Leibler divergence
 * to a Student-t similarity in the embedding, with scikit-learn's schedule: 250 iterations of early
 * exaggeration at momentum 0.5, then momentum 0.8 up to {@code maxIter}; per-parameter gains (+0.2
 * / x0.8, at least {@code 0.01}); progress checked every 50 iterations.
 *
 * <pre>{@code
 * double[][] xy = new TSNE().perplexity(30).init(pcaInit).fitTransform(vectors);
 * }</pre>
 *
 * <p>Every quantity is computed as scikit-learn computes it (squared distances by {@code |x|^2 - 2
 * x.y + |y|^2}, rounded to float32 before the search, float64 afterwards), so for the same initial
 * embedding the result agrees with scikit-learn to the rounding of its BLAS sums (the tests state
 * the tolerance). The initial embedding is given ({@link #init}) or drawn as {@code 1e-4 * N(0, 1)}
 * from {@link #randomState}; scikit-learn's default {@code init='pca'} uses a randomized PCA, which
 * {@link dev.myelin.data.decomposition.PCA} (exact) only approximates. The O(n^2) exact method
 * suits a few thousand points; Barnes-Hut is not provided.
 */
public final class TSNE {
  private static final double MACHINE_EPSILON = Math.ulp(1.0);
  private static final double PERPLEXITY_TOLERANCE = (float) 1e-5;
  private static final double EPSILON_DBL = (float) 1e-8;
  private static final int EXPLORATION_MAX_ITER = 250;
  private static final int N_ITER_CHECK = 50;

  private int nComponents = 2;
  private double perplexity = 30;
  private double earlyExaggeration = 12;
  private Double learningRate;
  private int maxIter = 1000;
  private int nIterWithoutProgress = 300;
  private double minGradNorm = 1e-7;
  private double[][] init;
  private long randomState;
  private double klDivergence;
  private int nIter;

  /** A t-SNE with scikit-learn's defaults (2 components, perplexity 30, learning rate 'auto'). */
  public TSNE() {}

  /** The embedding's dimension. */
  public TSNE nComponents(int n) {
    if (n < 1) {
      throw new IllegalArgumentException(
          "TSNE: argument 'n_components' expected a positive integer but was " + n);
    }
    this.nComponents = n;
    return this;
  }

  /** The effective number of neighbours each point's Gaussian covers. */
  public TSNE perplexity(double p) {
    if (!(p > 0)) {
      throw new IllegalArgumentException(
          "TSNE: argument 'perplexity' expected a positive number but was " + p);
    }
    this.perplexity = p;
    return this;
  }

  /** The factor on P during the first 250 iterations. */
  public TSNE earlyExaggeration(double e) {
    if (!(e >= 1)) {
      throw new IllegalArgumentException(
          "TSNE: argument 'early_exaggeration' expected a number >= 1 but was " + e);
    }
    this.earlyExaggeration = e;
    return this;
  }

  /** A fixed learning rate (default 'auto': {@code max(n / earlyExaggeration / 4, 50)}). */
  public TSNE learningRate(double lr) {
    if (!(lr > 0)) {
      throw new IllegalArgumentException(
          "TSNE: argument 'learning_rate' expected a positive number but was " + lr);
    }
    this.learningRate = lr;
    return this;
  }

  /** The total number of iterations (at least 250). */
  public TSNE maxIter(int n) {
    if (n < EXPLORATION_MAX_ITER) {
      throw new IllegalArgumentException(
          "TSNE: argument 'max_iter' expected at least 250 but was " + n);
    }
    this.maxIter = n;
    return this;
  }

  /** Iterations without a lower error after which the second stage stops. */
  public TSNE nIterWithoutProgress(int n) {
    this.nIterWithoutProgress = n;
    return this;
  }

  /** The gradient norm below which optimisation stops. */
  public TSNE minGradNorm(double g) {
    this.minGradNorm = g;
    return this;
  }

  /** The initial embedding, {@code (n, nComponents)}. */
  public TSNE init(double[][] y0) {
    this.init = y0;
    return this;
  }

  /** The seed of the random initial embedding (used when no {@link #init} is given). */
  public TSNE randomState(long seed) {
    this.randomState = seed;
    return this;
  }

  /** {@code kl_divergence_} of the last fit. */
  public double klDivergence() {
    return klDivergence;
  }

  /** {@code n_iter_}: the index of the last iteration run. */
  public int nIter() {
    return nIter;
  }

  /** Embeds the rows of {@code x} ({@code (n, d)}). */
  public double[][] fitTransform(double[][] x) {
    int n = x.length;
    if (n < 2) {
      throw new IllegalArgumentException(
          "TSNE: argument 'X' expected at least 2 samples but was " + n);
    }
    if (perplexity >= n) {
      throw new IllegalArgumentException(
          "TSNE: argument 'perplexity' expected a value below n_samples = "
              + n
              + " but was "
              + perplexity);
    }
    double[] p = jointProbabilities(squaredDistances(x), perplexity);
    double[] y = new double[n * nComponents];
    if (init != null) {
      if (init.length != n || init[0].length != nComponents) {
        throw new IllegalArgumentException(
            "TSNE: argument 'init' expected shape ("
                + n
                + ", "
                + nComponents
                + ") but was ("
                + init.length
                + ", "
                + (init.length == 0 ? 0 : init[0].length)
                + ")");
      }
      for (int i = 0; i < n; i++) {
        System.arraycopy(init[i], 0, y, i * nComponents, nComponents);
      }
    } else {
      dev.myelin.data.random.RandomState rng = new dev.myelin.data.random.RandomState(randomState);
      for (int i = 0; i < y.length; i++) {
        y[i] = 1e-4 * rng.standardNormal();
      }
    }
    double lr = learningRate != null ? learningRate : Math.max(n / earlyExaggeration / 4, 50);
    for (int i = 0; i < p.length; i++) {
      p[i] *= earlyExaggeration;
    }
    Descent d = new Descent(y, p, n, lr);
    int it = d.run(0, EXPLORATION_MAX_ITER, 0.5, EXPLORATION_MAX_ITER);
    for (int i = 0; i < p.length; i++) {
      p[i] /= earlyExaggeration;
    }
    if (it < EXPLORATION_MAX_ITER || maxIter - EXPLORATION_MAX_ITER > 0) {
      it = d.run(it + 1, maxIter, 0.8, nIterWithoutProgress);
    }
    nIter = it;
    klDivergence = d.error;
    double[][] out = new double[n][nComponents];
    for (int i = 0; i < n; i++) {
      System.arraycopy(y, i * nComponents, out[i], 0, nComponents);
    }
    return out;
  }

  /** scikit-learn's {@code euclidean_distances(X, squared=True)}: norms minus twice the dots. */
  static double[][] squaredDistances(double[][] x) {
    int n = x.length;
    double[] norms = new double[n];
    for (int i = 0; i < n; i++) {
      for (double v : x[i]) {
        norms[i] += v * v;
      }
    }
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j) {
          continue;
        }
        double dot = 0;
        for (int k = 0; k < x[i].length; k++) {
          dot += x[i][k] * x[j][k];
        }
        d[i][j] = Math.max(-2 * dot + norms[i] + norms[j], 0);
      }
    }
    return d;
  }

  /**
   * The condensed joint probabilities ({@code n(n-1)/2}, row-major upper triangle): the conditional
   * Gaussians from the binary search over float32 distances, symmetrised and normalised.
   */
  static double[] jointProbabilities(double[][] sq, double perplexity) {
    int n = sq.length;
    double[][] cond = new double[n][n];
    double desiredEntropy = Math.log((float) perplexity);
    float[] row = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        row[j] = (float) sq[i][j];
      }
      double beta = 1;
      double betaMin = Double.NEGATIVE_INFINITY;
      double betaMax = Double.POSITIVE_INFINITY;
      double[] pi = cond[i];
      for (int step = 0; step < 100; step++) {
        double sumP = 0;
        for (int j = 0; j < n; j++) {
          if (j != i) {
            pi[j] = Math.exp(-row[j] * beta);
            sumP += pi[j];
          }
        }
        if (sumP == 0) {
          sumP = EPSILON_DBL;
        }
        double sumDistP = 0;
        for (int j = 0; j < n; j++) {
          pi[j] /= sumP;
          sumDistP += row[j] * pi[j];
        }
        double entropy = Math.log(sumP) + beta * sumDistP;
        double diff = entropy - desiredEntropy;
        if (Math.abs(diff) <= PERPLEXITY_TOLERANCE) {
          break;
        }
        if (diff > 0) {
          betaMin = beta;
          beta = betaMax == Double.POSITIVE_INFINITY ? beta * 2 : (beta + betaMax) / 2;
        } else {
          betaMax = beta;
          beta = betaMin == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + betaMin) / 2;
        }
      }
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        sum += cond[i][j] + cond[j][i];
      }
    }
    sum = Math.max(sum, MACHINE_EPSILON);
    double[] p = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        p[k++] = Math.max((cond[i][j] + cond[j][i]) / sum, MACHINE_EPSILON);
      }
    }
    return p;
  }

  /**
   * scikit-learn's {@code _kl_divergence(params, P, dof, n, c)}: the KL divergence of the condensed
   * {@code p} to the Student-t similarities of the embedding {@code y} (row-major {@code n x c}),
   * NaN unless {@code withError}; its gradient is written into {@code grad}.
   */
  static double klDivergence(
      double[] p, double[] y, int n, int c, double[] grad, boolean withError) {
    int dof = Math.max(c - 1, 1);
    int m = n * (n - 1) / 2;
    double[] w = new double[m];
    double sum = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double d = 0;
        for (int a = 0; a < c; a++) {
          double diff = y[i * c + a] - y[j * c + a];
          d += diff * diff;
        }
        d /= dof;
        d += 1;
        w[k] = Math.pow(d, (dof + 1.0) / -2.0);
        sum += w[k++];
      }
    }
    double[] pq = new double[m];
    double klSum = 0;
    for (k = 0; k < m; k++) {
      double q = Math.max(w[k] / (2.0 * sum), MACHINE_EPSILON);
      if (withError) {
        klSum += p[k] * Math.log(Math.max(p[k], MACHINE_EPSILON) / q);
      }
      pq[k] = (p[k] - q) * w[k];
    }
    Arrays.fill(grad, 0);
    k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double f = pq[k++];
        for (int a = 0; a < c; a++) {
          double diff = y[i * c + a] - y[j * c + a];
          grad[i * c + a] += f * diff;
          grad[j * c + a] -= f * diff;
        }
      }
    }
    double scale = 2.0 * (dof + 1.0) / dof;
    for (int a = 0; a < grad.length; a++) {
      grad[a] *= scale;
    }
    return withError ? 2.0 * klSum : Double.NaN;
  }

  /**
   * The embedding after the first {@code iterations} of the early-exaggeration stage from {@code
   * init} (the tests compare them with scikit-learn's: later iterates are chaotic).
   */
  double[] explore(double[][] x, int iterations) {
    int n = x.length;
    double[] p = jointProbabilities(squaredDistances(x), perplexity);
    for (int i = 0; i < p.length; i++) {
      p[i] *= earlyExaggeration;
    }
    double[] y = new double[n * nComponents];
    for (int i = 0; i < n; i++) {
      System.arraycopy(init[i], 0, y, i * nComponents, nComponents);
    }
    double lr = learningRate != null ? learningRate : Math.max(n / earlyExaggeration / 4, 50);
    new Descent(y, p, n, lr).run(0, iterations, 0.5, EXPLORATION_MAX_ITER);
    return y;
  }

  /** The state of {@code _gradient_descent} carried across its two calls. */
  private final class Descent {
    final double[] y;
    final double[] p;
    final int n;
    final double lr;
    final double[] update;
    final double[] gains;
    double error = Double.MAX_VALUE;

    Descent(double[] y, double[] p, int n, double lr) {
      this.y = y;
      this.p = p;
      this.n = n;
      this.lr = lr;
      this.update = new double[y.length];
      this.gains = new double[y.length];
    }

    /** One call of scikit-learn's {@code _gradient_descent}; returns the last iteration. */
    int run(int it, int maxIter, double momentum, int withoutProgress) {
      Arrays.fill(update, 0);
      Arrays.fill(gains, 1);
      error = Double.MAX_VALUE;
      double bestError = Double.MAX_VALUE;
      int bestIter = it;
      int i = it;
      double[] grad = new double[y.length];
      for (i = it; i < maxIter; i++) {
        boolean check = (i + 1) % N_ITER_CHECK == 0;
        error = objective(grad, check || i == maxIter - 1);
        for (int k = 0; k < y.length; k++) {
          if (update[k] * grad[k] < 0) {
            gains[k] += 0.2;
          } else {
            gains[k] *= 0.8;
          }
          gains[k] = Math.max(gains[k], 0.01);
          grad[k] *= gains[k];
          update[k] = momentum * update[k] - lr * grad[k];
          y[k] += update[k];
        }
        if (check) {
          double norm = 0;
          for (double g : grad) {
            norm += g * g;
          }
          norm = Math.sqrt(norm);
          if (error < bestError) {
            bestError = error;
            bestIter = i;
          } else if (i - bestIter > withoutProgress) {
            break;
          }
          if (norm <= minGradNorm) {
            break;
          }
        }
      }
      return Math.min(i, maxIter - 1);
    }

    /** {@code _kl_divergence}: fills {@code grad}, returns KL (NaN unless {@code withError}). */
    double objective(double[] grad, boolean withError) {
      return klDivergence(p, y, n, nComponents, grad, withError);
    }
  }
}
