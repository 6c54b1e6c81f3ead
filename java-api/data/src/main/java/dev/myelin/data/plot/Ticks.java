package dev.myelin.data.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * matplotlib's default tick placement and labels, computed the way matplotlib 3.11 computes them so
 * that the same view limits give the same ticks and the same strings: {@code AutoLocator} (a {@code
 * MaxNLocator} with steps 1, 2, 2.5, 5, 10), optionally integer-only ({@code
 * MaxNLocator(integer=True)}), {@code ScalarFormatter} (shortest decimals that tell the ticks
 * apart, an offset or a power of ten written once at the axis end, unicode minus), for log axes
 * {@code LogLocator} with {@code LogFormatterSciNotation} (decades written 10⁻², 10⁰, 10³, minor
 * ticks from {@code subs='auto'}, labelled {@code 2×10⁰} only on views of about one decade), and
 * fixed ticks with names for category axes (bars, boxes).
 *
 * <p>Python's float semantics are mirrored where they matter ({@code //} and {@code divmod} round
 * toward minus infinity, {@code '%.nf'} rounds the exact binary value half to even).
 */
public final class Ticks {
  private static final double[] EXTENDED_STEPS = extendedSteps(new double[] {1, 2, 2.5, 5, 10});
  private static final int MIN_N_TICKS = 2;
  private static final int OFFSET_THRESHOLD = 4;
  private static final int POWER_LOW = -5;
  private static final int POWER_HIGH = 6;
  private static final String MINUS = "\u2212";

  /**
   * The ticks of one axis: every location the locator gave (as {@code get_xticks()}), the labels of
   * those inside the view, and the offset text drawn at the axis end ("" for none).
   *
   * @param locations all locator values, possibly one step beyond each view limit
   * @param visible the locations inside the view, the ones drawn
   * @param labels the label of each visible location
   * @param offset the offset/scale text such as {@code 1e6} or {@code +1e4}, or ""
   * @param minor the minor ticks drawn (log axes; empty on linear axes, whose default minor locator
   *     in matplotlib is {@code NullLocator})
   * @param minorLabels the label of each minor tick, "" for most: matplotlib labels some minor
   *     ticks only when the view crosses at most one decade
   */
  public record Scale(
      double[] locations,
      double[] visible,
      String[] labels,
      String offset,
      double[] minor,
      String[] minorLabels) {}

  private Ticks() {}

  /**
   * matplotlib's number of bins for an axis of this length: the tick space ({@code
   * get_tick_space()}) at 100 dpi with 10-point labels, clipped to [1, 9].
   *
   * @param lengthPx the axis length in pixels
   * @param horizontal whether it is an x axis (labels need three times their height, y axes two)
   * @return the bins
   */
  public static int nbins(double lengthPx, boolean horizontal) {
    double points = lengthPx / 100.0 * 72;
    int space = (int) Math.floor(points / (horizontal ? 30.0 : 20.0));
    return Math.max(1, Math.min(9, space));
  }

  /**
   * Linear ticks and labels for a view, as matplotlib draws them.
   *
   * @param vmin the lower view limit
   * @param vmax the upper view limit
   * @param nbins the maximum number of intervals ({@link #nbins})
   * @param integer whether only integer steps are allowed ({@code MaxNLocator(integer=True)})
   * @return the ticks
   */
  public static Scale linear(double vmin, double vmax, int nbins, boolean integer) {
    double lo = Math.min(vmin, vmax);
    double hi = Math.max(vmin, vmax);
    double[] locs = maxN(lo, hi, nbins, integer);
    double[] shown = visible(locs, lo, hi, false);
    String[] all = new ScalarFormat(locs, lo, hi).labels();
    String[] labels = new String[shown.length];
    int j = 0;
    for (int i = 0; i < locs.length; i++) {
      if (contains(lo, hi, locs[i], false)) {
        labels[j++] = all[i];
      }
    }
    return new Scale(
        locs,
        shown,
        labels,
        new ScalarFormat(locs, lo, hi).offsetText(),
        new double[0],
        new String[0]);
  }

  /**
   * Ticks at fixed positions with given labels, as matplotlib's category axes ({@code
   * plt.bar(names, heights)}, {@code boxplot(..., tick_labels=names)}) draw them: a {@code
   * FixedLocator} and a {@code FixedFormatter}, no offset.
   *
   * @param positions the tick positions
   * @param names one label per position
   * @param vmin the lower view limit
   * @param vmax the upper view limit
   * @return the ticks
   */
  public static Scale fixed(double[] positions, String[] names, double vmin, double vmax) {
    double lo = Math.min(vmin, vmax);
    double hi = Math.max(vmin, vmax);
    List<Double> shown = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < positions.length; i++) {
      if (contains(lo, hi, positions[i], false)) {
        shown.add(positions[i]);
        labels.add(names[i]);
      }
    }
    return new Scale(
        positions.clone(),
        shown.stream().mapToDouble(Double::doubleValue).toArray(),
        labels.toArray(new String[0]),
        "",
        new double[0],
        new String[0]);
  }

  /**
   * Log-axis ticks (decades) and their labels, as matplotlib's {@code LogLocator} and {@code
   * LogFormatterSciNotation} give them.
   *
   * @param vmin the lower view limit, positive
   * @param vmax the upper view limit
   * @param numticks the requested number of ticks ({@link #nbins} of the axis, clipped to [2, 9])
   * @return the ticks
   */
  public static Scale log(double vmin, double vmax, int numticks) {
    double lo = Math.min(vmin, vmax);
    double hi = Math.max(vmin, vmax);
    if (!(lo > 0)) {
      throw new IllegalArgumentException(
          "log axis: argument 'vmin' expected a positive limit but was " + lo);
    }
    double[] locs = logLocations(lo, hi, Math.max(2, Math.min(9, numticks)));
    double[] shown = visible(locs, lo, hi, true);
    String[] labels = new String[shown.length];
    for (int i = 0; i < shown.length; i++) {
      labels[i] = decade(shown[i]);
    }
    double[] minor = logMinor(lo, hi, numticks, locs);
    String[] minorLabels = new String[minor.length];
    for (int i = 0; i < minor.length; i++) {
      minorLabels[i] = minorLabel(minor[i], lo, hi);
    }
    return new Scale(locs, shown, labels, "", minor, minorLabels);
  }

  /**
   * {@code LogFormatterSciNotation} on a minor tick: no label when the view crosses more than one
   * decade boundary ({@code minor_thresholds[0] = 1}), the coefficients 1, 2, 3, 4, 6 when it spans
   * more than 0.4 decades, every coefficient otherwise; written {@code 2×10⁶}.
   */
  static String minorLabel(double x, double vmin, double vmax) {
    double lmin = Math.log(vmin) / Math.log(10);
    double lmax = Math.log(vmax) / Math.log(10);
    double crossed = Math.floor(lmax) - Math.floor(Math.nextDown(lmin));
    if (crossed > 1) {
      return "";
    }
    double fx = Math.log(x) / Math.log(10);
    boolean isDecade = Math.abs(fx - Math.rint(fx)) < 1e-10;
    double exponent = isDecade ? Math.rint(fx) : Math.floor(fx);
    double coeff = Math.pow(10, fx - exponent);
    double rounded = Math.rint(coeff);
    if (Math.abs(lmax - lmin) > 0.4 && !List.of(1.0, 2.0, 3.0, 4.0, 6.0, 10.0).contains(rounded)) {
      return "";
    }
    if (isDecade) {
      return decade(x);
    }
    String c =
        Math.abs(coeff - rounded) < 1e-10
            ? Long.toString((long) rounded)
            : new BigDecimal(coeff).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    return c + "\u00d7" + decade(pow10((int) exponent));
  }

  // ---------------------------------------------------------------- MaxNLocator

  /** {@code MaxNLocator(nbins, steps=[1, 2, 2.5, 5, 10], integer).tick_values(vmin, vmax)}. */
  static double[] maxN(double vmin, double vmax, int nbins, boolean integer) {
    double[] ns = nonsingular(vmin, vmax, 1e-13, 1e-14);
    vmin = ns[0];
    vmax = ns[1];
    double dv = Math.abs(vmax - vmin);
    double meanv = (vmax + vmin) / 2;
    double offset =
        Math.abs(meanv) / dv < 100
            ? 0
            : Math.copySign(pow10((int) floorDiv(Math.log10(Math.abs(meanv)), 1)), meanv);
    double scale = pow10((int) floorDiv(Math.log10(dv / nbins), 1));
    double lo = vmin - offset;
    double hi = vmax - offset;
    List<Double> steps = new ArrayList<>();
    for (double s : EXTENDED_STEPS) {
      double step = s * scale;
      if (!integer || step < 1 || Math.abs(step - Math.rint(step)) < 0.001) {
        steps.add(step);
      }
    }
    double rawStep = (hi - lo) / nbins;
    int istep = steps.size() - 1;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) >= rawStep) {
        istep = i;
        break;
      }
    }
    double[] ticks = new double[0];
    for (int i = istep; i >= 0; i--) {
      double step = steps.get(i);
      if (integer && Math.floor(hi) - Math.ceil(lo) >= MIN_N_TICKS - 1) {
        step = Math.max(1, step);
      }
      double bestVmin = floorDiv(lo, step) * step;
      double low = edgeLe(lo - bestVmin, step, offset);
      double high = edgeGe(hi - bestVmin, step, offset);
      int n = (int) (high - low) + 1;
      ticks = new double[Math.max(0, n)];
      int inside = 0;
      for (int k = 0; k < ticks.length; k++) {
        ticks[k] = (low + k) * step + bestVmin;
        inside += ticks[k] <= hi && ticks[k] >= lo ? 1 : 0;
      }
      if (inside >= MIN_N_TICKS) {
        break;
      }
    }
    for (int k = 0; k < ticks.length; k++) {
      ticks[k] += offset;
    }
    return ticks;
  }

  private static double[] extendedSteps(double[] steps) {
    // matplotlib's staircase: a tenth of each step below, the steps, and ten times the second.
    double[] out = new double[2 * steps.length];
    int k = 0;
    for (int i = 0; i < steps.length - 1; i++) {
      out[k++] = 0.1 * steps[i];
    }
    for (double s : steps) {
      out[k++] = s;
    }
    out[k] = 10 * steps[1];
    return out;
  }

  /** {@code transforms._nonsingular}: widens a zero-width or non-finite view. */
  private static double[] nonsingular(double vmin, double vmax, double expander, double tiny) {
    if (!Double.isFinite(vmin) || !Double.isFinite(vmax)) {
      return new double[] {-expander, expander};
    }
    if (vmax < vmin) {
      double t = vmin;
      vmin = vmax;
      vmax = t;
    }
    double maxabs = Math.max(Math.abs(vmin), Math.abs(vmax));
    if (maxabs < (1e6 / tiny) * Double.MIN_NORMAL) {
      return new double[] {-expander, expander};
    }
    if (vmax - vmin <= maxabs * tiny) {
      if (vmax == 0 && vmin == 0) {
        return new double[] {-expander, expander};
      }
      vmin -= expander * Math.abs(vmin);
      vmax += expander * Math.abs(vmax);
    }
    return new double[] {vmin, vmax};
  }

  private static boolean closeTo(double ms, double edge, double step, double offset) {
    // More slop when the offset is large compared to the step (lost precision).
    double tol = 1e-10;
    if (Math.abs(offset) > 0) {
      double digits = Math.log10(Math.abs(offset) / step);
      tol = Math.min(0.4999, Math.max(1e-10, Math.pow(10, digits - 12)));
    }
    return Math.abs(ms - edge) < tol;
  }

  /** The largest n with n * step <= x, allowing for rounding. */
  private static double edgeLe(double x, double step, double offset) {
    double[] dm = divmod(x, step);
    return closeTo(dm[1] / step, 1, step, offset) ? dm[0] + 1 : dm[0];
  }

  /** The smallest n with n * step >= x, allowing for rounding. */
  private static double edgeGe(double x, double step, double offset) {
    double[] dm = divmod(x, step);
    return closeTo(dm[1] / step, 0, step, offset) ? dm[0] : dm[0] + 1;
  }

  /** Python's float {@code divmod}: the quotient rounds toward minus infinity. */
  static double[] divmod(double x, double y) {
    double mod = x % y;
    double div = (x - mod) / y;
    if (mod != 0) {
      if ((y < 0) != (mod < 0)) {
        mod += y;
        div -= 1.0;
      }
    } else {
      mod = Math.copySign(0.0, y);
    }
    double floordiv;
    if (div != 0) {
      floordiv = Math.floor(div);
      if (div - floordiv > 0.5) {
        floordiv += 1.0;
      }
    } else {
      floordiv = Math.copySign(0.0, x / y);
    }
    return new double[] {floordiv, mod};
  }

  private static double floorDiv(double x, double y) {
    return divmod(x, y)[0];
  }

  /**
   * The locations drawn: those inside the view, with matplotlib's relative slack of 1e-10 of the
   * view (in log10 units on a log axis).
   */
  private static double[] visible(double[] locs, double lo, double hi, boolean log) {
    return java.util.Arrays.stream(locs).filter(v -> contains(lo, hi, v, log)).toArray();
  }

  private static boolean contains(double lo, double hi, double v, boolean log) {
    if (log) {
      if (!(v > 0)) {
        return false;
      }
      lo = Math.log10(lo);
      hi = Math.log10(hi);
      v = Math.log10(v);
    }
    double slack = (hi - lo) * 1e-10;
    return lo - slack <= v && v <= hi + slack;
  }

  // ---------------------------------------------------------------- ScalarFormatter

  /** {@code ScalarFormatter.set_locs} for one set of locations and a view. */
  private static final class ScalarFormat {
    private final double[] locs;
    private final double offset;
    private final int order;
    private final int decimals;

    ScalarFormat(double[] locs, double vmin, double vmax) {
      this.locs = locs;
      double[] shown = java.util.Arrays.stream(locs).filter(v -> vmin <= v && v <= vmax).toArray();
      offset = offset(shown);
      order = order(shown, vmin, vmax, offset);
      decimals = decimals(locs, vmin, vmax, offset, order);
    }

    String[] labels() {
      String[] out = new String[locs.length];
      for (int i = 0; i < locs.length; i++) {
        double xp = (locs[i] - offset) / pow10(order);
        if (Math.abs(xp) < 1e-8) {
          xp = 0;
        }
        out[i] = fixed(xp, decimals).replace("-", MINUS);
      }
      return out;
    }

    String offsetText() {
      if (locs.length == 0 || (order == 0 && offset == 0)) {
        return "";
      }
      String sci = order == 0 ? "" : "1e" + order;
      String off = "";
      if (offset != 0) {
        off = (offset > 0 ? "+" : "") + formatData(offset);
      }
      return (sci + off).replace("-", MINUS);
    }

    private static double offset(double[] shown) {
      if (shown.length == 0) {
        return 0;
      }
      double lmin = java.util.Arrays.stream(shown).min().getAsDouble();
      double lmax = java.util.Arrays.stream(shown).max().getAsDouble();
      if (lmin == lmax || (lmin <= 0 && 0 <= lmax)) {
        return 0;
      }
      double absMin = Math.min(Math.abs(lmin), Math.abs(lmax));
      double absMax = Math.max(Math.abs(lmin), Math.abs(lmax));
      double sign = Math.copySign(1, lmin);
      double oomMax = Math.ceil(Math.log10(absMax));
      double oom = oomMax;
      while (floorDiv(absMin, pow10((int) oom)) == floorDiv(absMax, pow10((int) oom))) {
        oom -= 1;
      }
      oom += 1;
      if ((absMax - absMin) / pow10((int) oom) <= 1e-2) {
        // Straddling a multiple of a large power of ten: the smallest power at which the two ends
        // are more than one apart.
        oom = oomMax;
        while (floorDiv(absMax, pow10((int) oom)) - floorDiv(absMin, pow10((int) oom)) <= 1) {
          oom -= 1;
        }
        oom += 1;
      }
      double p = pow10((int) oom);
      double q = floorDiv(absMax, p);
      return q >= pow10(OFFSET_THRESHOLD - 1) ? sign * q * p : 0;
    }

    private static int order(double[] shown, double vmin, double vmax, double offset) {
      if (shown.length == 0) {
        return 0;
      }
      int oom;
      if (offset != 0) {
        oom = (int) Math.floor(Math.log10(vmax - vmin));
      } else {
        double val = 0;
        for (double v : shown) {
          val = Math.max(val, Math.abs(v));
        }
        oom = val == 0 ? 0 : (int) Math.floor(Math.log10(val));
      }
      return oom <= POWER_LOW || oom >= POWER_HIGH ? oom : 0;
    }

    private static int decimals(double[] locs, double vmin, double vmax, double offset, int order) {
      double[] all = locs;
      if (locs.length < 2) {
        // Too few ticks to measure a range: the view's ends stand in for the missing ones.
        all = java.util.Arrays.copyOf(locs, locs.length + 2);
        all[locs.length] = vmin;
        all[locs.length + 1] = vmax;
      }
      double scale = pow10(order);
      double[] scaled = new double[all.length];
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      double maxAbs = 0;
      for (int i = 0; i < all.length; i++) {
        scaled[i] = (all[i] - offset) / scale;
        min = Math.min(min, scaled[i]);
        max = Math.max(max, scaled[i]);
        maxAbs = Math.max(maxAbs, Math.abs(scaled[i]));
      }
      double range = max - min;
      if (range == 0) {
        range = maxAbs;
      }
      if (range == 0) {
        range = 1;
      }
      int n = locs.length < 2 ? locs.length : scaled.length;
      int rangeOom = (int) Math.floor(Math.log10(range));
      int sigfigs = Math.max(0, 3 - rangeOom);
      double thresh = 1e-3 * pow10(rangeOom);
      while (sigfigs >= 0) {
        double worst = 0;
        double p = pow10(sigfigs);
        for (int i = 0; i < n; i++) {
          worst = Math.max(worst, Math.abs(scaled[i] - Math.rint(scaled[i] * p) / p));
        }
        if (worst < thresh) {
          sigfigs--;
        } else {
          break;
        }
      }
      return sigfigs + 1;
    }

    /** {@code ScalarFormatter.format_data}: the offset as {@code 1.2e4}. */
    private static String formatData(double value) {
      int e = (int) Math.floor(Math.log10(Math.abs(value)));
      double s =
          new BigDecimal(value / pow10(e)).setScale(10, RoundingMode.HALF_EVEN).doubleValue();
      String significand;
      if (s % 1 == 0) {
        significand = String.valueOf((long) s);
      } else {
        significand =
            new BigDecimal(s).round(new MathContext(10)).stripTrailingZeros().toPlainString();
      }
      return e == 0 ? significand : significand + "e" + e;
    }
  }

  /** Python's {@code '%.nf' % x}: the exact binary value rounded half to even, sign kept. */
  static String fixed(double x, int decimals) {
    String digits =
        new BigDecimal(Math.abs(x)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    boolean negative = x < 0 || (x == 0 && 1 / x < 0);
    return negative ? "-" + digits : digits;
  }

  /** 10^k correctly rounded, as C's pow gives it (Java's Math.pow may differ by an ulp). */
  private static double pow10(int k) {
    if (k >= 0 && k <= 22) {
      return Math.pow(10, k);
    }
    if (k < 0 && k >= -22) {
      return 1.0 / Math.pow(10, -k);
    }
    return Math.pow(10, k);
  }

  // ---------------------------------------------------------------- log axes

  /** {@code LogLocator(base=10).tick_values} for major ticks (matplotlib 3.11's stride rule). */
  private static double[] logLocations(double vmin, double vmax, int nRequest) {
    double efmin = Math.log10(vmin);
    double efmax = Math.log10(vmax);
    int emin = (int) Math.ceil(efmin);
    int emax = (int) Math.floor(efmax);
    int nAvail = emax - emin + 1;
    int stride = nAvail / (nRequest + 1) + 1;
    int nr = (int) Math.ceil(nAvail / (double) stride);
    if (nr <= nRequest) {
      nRequest = nr;
    }
    List<Integer> decades = new ArrayList<>();
    if (nRequest <= 0) {
      decades.add(emin - 1);
      decades.add(emax + 1);
    } else if (nRequest == 1) {
      int mid = (int) Math.rint((efmin + efmax) / 2);
      int s = Math.max(mid - (emin - 1), (emax + 1) - mid);
      decades.add(mid - s);
      decades.add(mid);
      decades.add(mid + s);
    } else {
      stride = (nAvail - 1) / (nRequest - 1);
      if (stride < nAvail / (double) nRequest) {
        stride = nAvail / nRequest;
      }
      int olo = Math.max(nAvail - stride * nRequest, 0);
      int ohi = Math.min(nAvail - stride * (nRequest - 1), stride);
      int off = Math.floorMod(-emin, stride);
      if (!(olo <= off && off < ohi)) {
        off = olo;
      }
      for (int d = emin + off - stride; d < emax + stride + 1; d += stride) {
        decades.add(d);
      }
    }
    double[] out = new double[decades.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = pow10(decades.get(i));
    }
    return out;
  }

  /**
   * The minor ticks matplotlib draws on a log axis: {@code LogLocator(subs='auto')} gives 2..9
   * times each decade when fewer than ten decades are available and the major stride is one decade,
   * nothing otherwise, and falls back to {@code AutoLocator} when it would leave at most one major
   * or minor tick in the view; those inside the view that do not coincide with a major tick ({@code
   * get_minorticklocs}, tolerance 1e-5 of the view in log10 units) are drawn.
   */
  private static double[] logMinor(double vmin, double vmax, int numticks, double[] majors) {
    int nRequest = Math.max(2, Math.min(9, numticks));
    double efmin = Math.log10(vmin);
    double efmax = Math.log10(vmax);
    int emin = (int) Math.ceil(efmin);
    int emax = (int) Math.floor(efmax);
    int nAvail = emax - emin + 1;
    if (nAvail >= 10) {
      return new double[0];
    }
    int stride = nAvail / (nRequest + 1) + 1;
    int nr = (int) Math.ceil(nAvail / (double) stride);
    nRequest = Math.min(nRequest, nr);
    // The major locator's stride; majors holds its decades, one per entry.
    if (nRequest <= 0) {
      stride = emax + 1 - (emin - 1);
    } else if (nRequest == 1) {
      int mid = (int) Math.rint((efmin + efmax) / 2);
      stride = Math.max(mid - (emin - 1), (emax + 1) - mid);
    } else {
      stride = (nAvail - 1) / (nRequest - 1);
      if (stride < nAvail / (double) nRequest) {
        stride = nAvail / nRequest;
      }
    }
    double[] locs = new double[0];
    if (stride == 1 || nAvail <= 1) {
      List<Double> out = new ArrayList<>();
      for (int d = emin - 1; d < emax + 1; d++) {
        for (int sub = 2; sub <= 9; sub++) {
          // numpy multiplies the float sub by the decade 10.0 ** d, as here.
          out.add(sub * pow10(d));
        }
      }
      locs = out.stream().mapToDouble(Double::doubleValue).toArray();
    }
    int inView = 0;
    for (double v : locs) {
      inView += vmin <= v && v <= vmax ? 1 : 0;
    }
    if (stride == 1 && majors.length - 2 + inView <= 1) {
      // AutoLocator() without an axis: MaxNLocator(nbins='auto') falls back to 9 bins.
      locs = maxN(vmin, vmax, 9, false);
    }
    double lo = Math.log10(vmin);
    double hi = Math.log10(vmax);
    double tol = (hi - lo) * 1e-5;
    List<Double> drawn = new ArrayList<>();
    for (double v : locs) {
      if (!contains(vmin, vmax, v, true)) {
        continue;
      }
      boolean onMajor = false;
      for (double m : majors) {
        onMajor |= Math.abs(Math.log10(v) - Math.log10(m)) <= tol;
      }
      if (!onMajor) {
        drawn.add(v);
      }
    }
    return drawn.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** A decade written as 10 with a superscript exponent (matplotlib's {@code 10^{-2}}). */
  static String decade(double v) {
    long e = Math.round(Math.log10(v));
    String sup = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    StringBuilder b = new StringBuilder("10");
    String digits = Long.toString(Math.abs(e));
    if (e < 0) {
      b.append('⁻');
    }
    for (char c : digits.toCharArray()) {
      b.append(sup.charAt(c - '0'));
    }
    return b.toString();
  }
}
