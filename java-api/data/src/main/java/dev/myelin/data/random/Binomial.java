package dev.myelin.data.random;

/**
 * numpy's legacy binomial sampler: inversion when {@code n * min(p, 1 - p) <= 30}, BTPE
 * (Kachitvichyanukul and Schmeiser) otherwise, with the same floating-point operations in the same
 * order as numpy's {@code random_binomial}.
 */
final class Binomial {
  private Binomial() {}

  static long sample(MersenneTwister mt, double p, long n) {
    if (n == 0 || p == 0.0) {
      return 0;
    }
    if (p <= 0.5) {
      return p * n <= 30.0 ? inversion(mt, n, p) : btpe(mt, n, p);
    }
    double q = 1.0 - p;
    return q * n <= 30.0 ? n - inversion(mt, n, q) : n - btpe(mt, n, q);
  }

  private static long inversion(MersenneTwister mt, long n, double p) {
    double q = 1.0 - p;
    double qn = Math.exp(n * Math.log(q));
    double np = n * p;
    long bound = (long) Math.min((double) n, np + 10.0 * Math.sqrt(np * q + 1));
    long x = 0;
    double px = qn;
    double u = mt.nextDouble();
    while (u > px) {
      x++;
      if (x > bound) {
        x = 0;
        px = qn;
        u = mt.nextDouble();
      } else {
        u -= px;
        px = ((n - x + 1) * p * px) / (x * q);
      }
    }
    return x;
  }

  private static long btpe(MersenneTwister mt, long n, double p) {
    double r = Math.min(p, 1.0 - p);
    double q = 1.0 - r;
    double fm = n * r + r;
    long m = (long) Math.floor(fm);
    double p1 = Math.floor(2.195 * Math.sqrt(n * r * q) - 4.6 * q) + 0.5;
    double xm = m + 0.5;
    double xl = xm - p1;
    double xr = xm + p1;
    double c = 0.134 + 20.5 / (15.3 + m);
    double a = (fm - xl) / (fm - xl * r);
    double laml = a * (1.0 + a / 2.0);
    a = (xr - fm) / (xr * q);
    double lamr = a * (1.0 + a / 2.0);
    double p2 = p1 * (1.0 + 2.0 * c);
    double p3 = p2 + c / laml;
    double p4 = p3 + c / lamr;
    double nrq = n * r * q;
    while (true) {
      double u = mt.nextDouble() * p4;
      double v = mt.nextDouble();
      long y;
      if (u <= p1) {
        y = (long) Math.floor(xm - p1 * v + u);
        return p > 0.5 ? n - y : y;
      }
      if (u <= p2) {
        double x = xl + (u - p1) / c;
        v = v * c + 1.0 - Math.abs(m - x + 0.5) / p1;
        if (v > 1.0) {
          continue;
        }
        y = (long) Math.floor(x);
      } else if (u <= p3) {
        y = (long) Math.floor(xl + Math.log(v) / laml);
        if (y < 0 || v == 0.0) {
          continue;
        }
        v = v * (u - p2) * laml;
      } else {
        y = (long) Math.floor(xr - Math.log(v) / lamr);
        if (y > n || v == 0.0) {
          continue;
        }
        v = v * (u - p3) * lamr;
      }
      if (accept(n, r, q, m, xm, nrq, y, v)) {
        return p > 0.5 ? n - y : y;
      }
    }
  }

  private static boolean accept(
      long n, double r, double q, long m, double xm, double nrq, long y, double v) {
    long k = Math.abs(y - m);
    if (!(k > 20 && k < nrq / 2.0 - 1)) {
      double s = r / q;
      double a = s * (n + 1);
      double f = 1.0;
      if (m < y) {
        for (long i = m + 1; i <= y; i++) {
          f *= a / i - s;
        }
      } else if (m > y) {
        for (long i = y + 1; i <= m; i++) {
          f /= a / i - s;
        }
      }
      return v <= f;
    }
    double rho = (k / nrq) * ((k * (k / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    double t = -k * k / (2 * nrq);
    double logV = Math.log(v);
    if (logV < t - rho) {
      return true;
    }
    if (logV > t + rho) {
      return false;
    }
    double x1 = y + 1;
    double f1 = m + 1;
    double z = n + 1 - m;
    double w = n - y + 1;
    double x2 = x1 * x1;
    double f2 = f1 * f1;
    double z2 = z * z;
    double w2 = w * w;
    double bound =
        xm * Math.log(f1 / x1)
            + (n - m + 0.5) * Math.log(z / w)
            + (y - m) * Math.log(w * r / (x1 * q))
            + stirling(f1, f2)
            + stirling(z, z2)
            + stirling(x1, x2)
            + stirling(w, w2);
    return logV <= bound;
  }

  private static double stirling(double x, double x2) {
    return (13680. - (462. - (132. - (99. - 140. / x2) / x2) / x2) / x2) / x / 166320.;
  }
}
