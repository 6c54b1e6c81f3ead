package dev.myelin.data.decomposition;

/**
 * The cyclic Jacobi eigenvalue method for a symmetric matrix, in float64: rotations zero the
 * off-diagonal entries until they are negligible. Slower than LAPACK's divide and conquer but
 * accurate to a few ulps of the largest eigenvalue, which is what PCA needs to agree with
 * scikit-learn's LAPACK results.
 */
final class Jacobi {
  private Jacobi() {}

  /**
   * The eigenvalues of symmetric {@code a} (overwritten); the eigenvectors are written into the
   * columns of {@code v} ({@code d x d}).
   */
  static double[] eigen(double[][] a, double[][] v) {
    int d = a.length;
    for (int i = 0; i < d; i++) {
      java.util.Arrays.fill(v[i], 0);
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      double diag = 0;
      for (int p = 0; p < d; p++) {
        diag += a[p][p] * a[p][p];
        for (int q = p + 1; q < d; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off <= 1e-32 * diag || off == 0) {
        break;
      }
      for (int p = 0; p < d; p++) {
        for (int q = p + 1; q < d; q++) {
          double apq = a[p][q];
          if (apq == 0) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * apq);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < d; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < d; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < d; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double[] eig = new double[d];
    for (int i = 0; i < d; i++) {
      eig[i] = a[i][i];
    }
    return eig;
  }
}
