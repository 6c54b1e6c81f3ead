package dev.myelin.data.image;

import static dev.myelin.data.internal.Checks.check;

/**
 * Keras 2.2's {@code apply_affine_transform}: rotation, shift, shear and zoom combined into one
 * matrix about the image centre, resampled with scipy's {@code ndimage.affine_transform(order=1)}
 * (bilinear) and its fill modes, channel by channel.
 *
 * <p>Images are float arrays in HWC order (row by row, pixel by pixel, channel by channel). The
 * matrix maps output coordinates {@code (row, col)} to input coordinates: the rotation by {@code
 * theta} degrees, the shift by {@code (tx, ty)} pixels (rows, columns), the shear by {@code shear}
 * degrees and the zoom by {@code (zx, zy)} are multiplied in that order, then moved to act about
 * {@code (h / 2 + 0.5, w / 2 + 0.5)} as keras-preprocessing 1.0.2 (Keras 2.2.2) does. Later
 * releases (1.1.0, Keras 3's legacy generator) use {@code - 0.5}; the book used {@code + 0.5}.
 */
public final class AffineTransforms {
  private AffineTransforms() {}

  /**
   * The 2x3 matrix {@code [[a, b, offsetRow], [c, d, offsetCol]]} that maps an output pixel to the
   * input coordinates it samples, exactly as Keras 2.2 builds it (so it can be handed to scipy).
   *
   * @param h the number of rows
   * @param w the number of columns
   * @param theta the rotation in degrees
   * @param tx the shift along the rows, in pixels
   * @param ty the shift along the columns, in pixels
   * @param shear the shear angle in degrees
   * @param zx the zoom along the rows
   * @param zy the zoom along the columns
   * @return six values, row-major, or null when the parameters are the identity
   */
  public static double[] matrix(
      int h, int w, double theta, double tx, double ty, double shear, double zx, double zy) {
    double[][] m = null;
    if (theta != 0) {
      double t = Math.toRadians(theta);
      m = new double[][] {{Math.cos(t), -Math.sin(t), 0}, {Math.sin(t), Math.cos(t), 0}, {0, 0, 1}};
    }
    if (tx != 0 || ty != 0) {
      m = times(m, new double[][] {{1, 0, tx}, {0, 1, ty}, {0, 0, 1}});
    }
    if (shear != 0) {
      double s = Math.toRadians(shear);
      m = times(m, new double[][] {{1, -Math.sin(s), 0}, {0, Math.cos(s), 0}, {0, 0, 1}});
    }
    if (zx != 1 || zy != 1) {
      m = times(m, new double[][] {{zx, 0, 0}, {0, zy, 0}, {0, 0, 1}});
    }
    if (m == null) {
      return null;
    }
    double ox = h / 2.0 + 0.5;
    double oy = w / 2.0 + 0.5;
    double[][] centred =
        times(
            times(new double[][] {{1, 0, ox}, {0, 1, oy}, {0, 0, 1}}, m),
            new double[][] {{1, 0, -ox}, {0, 1, -oy}, {0, 0, 1}});
    return new double[] {
      centred[0][0], centred[0][1], centred[0][2], centred[1][0], centred[1][1], centred[1][2]
    };
  }

  private static double[][] times(double[][] a, double[][] b) {
    if (a == null) {
      return b;
    }
    double[][] r = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
          s += a[i][k] * b[k][j];
        }
        r[i][j] = s;
      }
    }
    return r;
  }

  /**
   * Keras 2.2's {@code apply_affine_transform(x, theta, tx, ty, shear, zx, zy, fill_mode, cval)} on
   * one HWC image; the identity returns the input array itself, as Keras does.
   *
   * @param x the image, {@code h * w * c} values
   * @param h the number of rows
   * @param w the number of columns
   * @param c the number of channels
   * @param theta the rotation in degrees
   * @param tx the shift along the rows, in pixels
   * @param ty the shift along the columns, in pixels
   * @param shear the shear angle in degrees
   * @param zx the zoom along the rows
   * @param zy the zoom along the columns
   * @param mode how points outside the input are filled
   * @param cval the value of {@link FillMode#CONSTANT}
   * @return the transformed image (a new array unless the transform is the identity)
   */
  public static float[] apply(
      float[] x,
      int h,
      int w,
      int c,
      double theta,
      double tx,
      double ty,
      double shear,
      double zx,
      double zy,
      FillMode mode,
      double cval) {
    checkImage(x, h, w, c);
    double[] m = matrix(h, w, theta, tx, ty, shear, zx, zy);
    return m == null ? x : resample(x, h, w, c, m, mode, cval);
  }

  static void checkImage(float[] x, int h, int w, int c) {
    check(x != null, "x", "an image array", "null");
    check(h > 0 && w > 0 && c > 0, "shape", "positive (h, w, c)", h + ", " + w + ", " + c);
    check(
        x.length == (long) h * w * c,
        "x",
        "h*w*c = " + (long) h * w * c + " values",
        x.length + " values");
  }

  /**
   * Resamples an HWC image through a 2x3 matrix as {@code scipy.ndimage.affine_transform(channel,
   * matrix[:, :2], matrix[:, 2], order=1, mode, cval)} does for each channel.
   *
   * @param x the image
   * @param h the number of rows
   * @param w the number of columns
   * @param c the number of channels
   * @param m the six matrix values of {@link #matrix}
   * @param mode the fill mode
   * @param cval the constant for {@link FillMode#CONSTANT}
   * @return a new image of the same shape
   */
  public static float[] resample(
      float[] x, int h, int w, int c, double[] m, FillMode mode, double cval) {
    checkImage(x, h, w, c);
    check(m != null && m.length == 6, "m", "six matrix values", m == null ? "null" : m.length);
    check(mode != null, "mode", "a fill mode", "null");
    float[] out = new float[x.length];
    float fill = (float) cval;
    for (int r = 0; r < h; r++) {
      for (int col = 0; col < w; col++) {
        int o = (r * w + col) * c;
        double cr = map(m[0] * r + m[1] * col + m[2], h, mode);
        double cc = map(m[3] * r + m[4] * col + m[5], w, mode);
        if (cr <= -1.0 || cc <= -1.0) {
          for (int k = 0; k < c; k++) {
            out[o + k] = fill;
          }
          continue;
        }
        // scipy's order-1 spline: the sample at floor(coordinate) and the next one, weighted by the
        // distance; a neighbour past the edge only gets weight there for REFLECT (the others map
        // the coordinate inside [0, n - 1] first).
        int r0 = (int) Math.floor(cr);
        double tr = cr - r0;
        int c0 = (int) Math.floor(cc);
        double tc = cc - c0;
        int r1 = edge(r0 + 1, h);
        int c1 = edge(c0 + 1, w);
        r0 = edge(r0, h);
        c0 = edge(c0, w);
        double w00 = (1 - tr) * (1 - tc);
        double w01 = (1 - tr) * tc;
        double w10 = tr * (1 - tc);
        double w11 = tr * tc;
        int i00 = (r0 * w + c0) * c;
        int i01 = (r0 * w + c1) * c;
        int i10 = (r1 * w + c0) * c;
        int i11 = (r1 * w + c1) * c;
        for (int k = 0; k < c; k++) {
          double v = x[i00 + k] * w00;
          v += x[i01 + k] * w01;
          v += x[i10 + k] * w10;
          v += x[i11 + k] * w11;
          out[o + k] = (float) v;
        }
      }
    }
    return out;
  }

  /** A neighbour index past an edge, reflected about that edge (only REFLECT weights it). */
  private static int edge(int i, int n) {
    if (n == 1) {
      return 0;
    }
    if (i < 0) {
      return Math.min(n - 1, -1 - i);
    }
    if (i >= n) {
      return Math.max(0, 2 * n - 1 - i);
    }
    return i;
  }

  /**
   * scipy's {@code map_coordinate}: a coordinate outside {@code [0, n - 1]} moved inside (or to -1,
   * meaning "use cval", for CONSTANT).
   */
  static double map(double in, int n, FillMode mode) {
    if (in >= 0 && in <= n - 1) {
      return in;
    }
    if (n <= 1) {
      return mode == FillMode.CONSTANT ? -1 : 0;
    }
    switch (mode) {
      case CONSTANT:
        return -1;
      case NEAREST:
        return in < 0 ? 0 : n - 1;
      case REFLECT:
        {
          long sz2 = 2L * n;
          if (in < 0) {
            if (in < -sz2) {
              in = sz2 * (long) (-in / sz2) + in;
            }
            return in < -n ? in + sz2 : -in - 1;
          }
          in -= sz2 * (long) (in / sz2);
          return in >= n ? sz2 - in - 1 : in;
        }
      case WRAP:
        {
          long sz = n - 1L;
          if (in < 0) {
            return in + sz * ((long) (-in / sz) + 1);
          }
          return in - sz * (long) (in / sz);
        }
      default:
        throw new IllegalStateException("unknown fill mode " + mode);
    }
  }
}
