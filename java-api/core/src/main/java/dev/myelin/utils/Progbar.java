package dev.myelin.utils;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras 2.2's progress bar: {@code 32/1000 [>.............................] - ETA: 3s - loss:
 * 0.6931}, finishing as {@code 1000/1000 [==============================] - 0s 59us/step - loss:
 * 0.5820}. Values are averaged over the samples seen, weighted by the step's sample count.
 *
 * <p>On a terminal ({@code dynamic}) the line is redrawn in place with {@code \r}; otherwise only
 * the final line is printed (Keras 2.2 would print a new line at every update). Verbose 2 prints
 * only {@code - 0s - loss: ...} at the end.
 */
public final class Progbar {
  private final long target;
  private final int width;
  private final int verbose;
  private final double interval;
  private final PrintStream out;
  private final boolean dynamic;
  private final Map<String, double[]> sums = new LinkedHashMap<>();
  private final List<String> order = new ArrayList<>();
  private final long start = System.nanoTime();
  private long seen;
  private long lastUpdate;
  private int totalWidth;

  /** A bar for {@code target} units (samples or steps) printing to {@code out}. */
  public Progbar(long target, int verbose, PrintStream out, boolean dynamic) {
    this.target = target;
    this.width = 30;
    this.verbose = verbose;
    this.interval = 0.05;
    this.out = out;
    this.dynamic = dynamic;
  }

  /** Whether standard output is an interactive terminal (then bars redraw in place). */
  public static boolean stdoutIsTerminal() {
    return System.console() != null;
  }

  /**
   * Advances to {@code current} units; each value is averaged over the units since the last update.
   * Prints when due (always at the target).
   */
  public void update(long current, Map<String, Double> values) {
    long delta = current - seen;
    if (values != null) {
      for (Map.Entry<String, Double> e : values.entrySet()) {
        double[] s = sums.get(e.getKey());
        if (s == null) {
          s = new double[2];
          sums.put(e.getKey(), s);
          order.add(e.getKey());
        }
        s[0] += e.getValue() * delta;
        s[1] += delta;
      }
    }
    seen = current;
    long now = System.nanoTime();
    double elapsed = (now - start) / 1e9;
    StringBuilder info = new StringBuilder();
    info.append(String.format(Locale.ROOT, " - %.0fs", elapsed));
    if (verbose == 1) {
      boolean done = current >= target;
      if ((now - lastUpdate) / 1e9 < interval && !done) {
        return;
      }
      if (!dynamic && !done) {
        return;
      }
      int prevWidth = totalWidth;
      StringBuilder line = new StringBuilder();
      if (dynamic) {
        line.append('\r');
      }
      int digits = (int) Math.floor(Math.log10(target)) + 1;
      StringBuilder bar = new StringBuilder();
      bar.append(String.format(Locale.ROOT, "%" + digits + "d/%d [", current, target));
      int progWidth = (int) (width * ((double) current / target));
      if (progWidth > 0) {
        bar.append("=".repeat(progWidth - 1));
        bar.append(current < target ? '>' : '=');
      }
      bar.append(".".repeat(width - progWidth));
      bar.append(']');
      totalWidth = bar.length();
      line.append(bar);
      double perUnit = current > 0 ? elapsed / current : 0;
      if (!done) {
        double eta = perUnit * (target - current);
        String f;
        if (eta > 3600) {
          f =
              String.format(
                  Locale.ROOT,
                  "%d:%02d:%02d",
                  (long) (eta / 3600),
                  (long) ((eta % 3600) / 60),
                  (long) (eta % 60));
        } else if (eta > 60) {
          f = String.format(Locale.ROOT, "%d:%02d", (long) (eta / 60), (long) (eta % 60));
        } else {
          f = String.format(Locale.ROOT, "%ds", (long) eta);
        }
        info.setLength(0);
        info.append(" - ETA: ").append(f);
      } else {
        info.append(formatPerStep(perUnit));
      }
      appendValues(info);
      totalWidth += info.length();
      if (dynamic && prevWidth > totalWidth) {
        info.append(" ".repeat(prevWidth - totalWidth));
      }
      if (done) {
        info.append('\n');
      }
      line.append(info);
      out.print(line);
      out.flush();
    } else if (verbose == 2) {
      if (current >= target) {
        appendValues(info);
        info.append('\n');
        out.print(info);
        out.flush();
      }
    }
    lastUpdate = now;
  }

  /**
   * Formats time per step as Keras does: {@code " 59us/step"}, {@code " 1ms/step"}, {@code "
   * 2s/step"}.
   */
  public static String formatPerStep(double seconds) {
    if (seconds >= 1) {
      return String.format(Locale.ROOT, " %.0fs/step", seconds);
    } else if (seconds >= 1e-3) {
      return String.format(Locale.ROOT, " %.0fms/step", seconds * 1e3);
    }
    return String.format(Locale.ROOT, " %.0fus/step", seconds * 1e6);
  }

  private void appendValues(StringBuilder info) {
    for (String k : order) {
      double[] s = sums.get(k);
      double avg = s[0] / Math.max(1, s[1]);
      info.append(" - ").append(k).append(':');
      info.append(formatValue(avg));
    }
  }

  /** Formats a logged value as Keras does: 4 decimals, or scientific notation below 1e-3. */
  public static String formatValue(double v) {
    if (Math.abs(v) > 1e-3 || Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.isNaN(v) ? " nan" : String.format(Locale.ROOT, " %.4f", v);
    }
    return " " + pythonExp(v);
  }

  private static String pythonExp(double v) {
    String s = String.format(Locale.ROOT, "%.4e", v);
    int e = s.indexOf('e');
    String mant = s.substring(0, e);
    String exp = s.substring(e + 1);
    char sign = exp.charAt(0) == '-' ? '-' : '+';
    String digits = exp.replaceFirst("^[+-]", "");
    while (digits.length() > 2 && digits.startsWith("0")) {
      digits = digits.substring(1);
    }
    if (digits.length() < 2) {
      digits = "0" + digits;
    }
    return mant + "e" + sign + digits;
  }
}
