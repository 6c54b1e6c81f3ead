package dev.myelin.data.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * How a series is drawn, parsed from matplotlib's format string {@code [marker][line][color]}
 * ({@code "-+"}, {@code "--"}, {@code "ob"}, {@code "xr"}, {@code "-.k"}, {@code ":"}, {@code
 * "C2*"}): a line style of {@code - -- -. :} (none when only a marker is given), a marker of {@code
 * . o v ^ < > s D d p * + x | _}, a colour letter {@code b g r c m y k w} or {@code C0}-{@code C9}.
 *
 * @param line whether a line joins the points
 * @param dash the dash pattern in units of the line width, or null for a solid line
 * @param marker the marker character, or 0 for none
 * @param color the colour, or null for the next colour of the cycle
 */
record LineStyle(boolean line, float[] dash, char marker, Color color) {
  private static final String MARKERS = ".ov^<>sDdp*+x|_";

  /** A solid line without markers in the cycle's next colour, {@code plt.plot}'s default. */
  static final LineStyle SOLID = new LineStyle(true, null, (char) 0, null);

  /**
   * An internal marker code, not accepted in format strings: the circle outline box plots use for
   * fliers ({@code flierprops}: marker 'o', facecolor 'none').
   */
  static final char HOLLOW_CIRCLE = '\u25cb';

  /** Parses a format string; null or "" is {@link #SOLID}. */
  static LineStyle parse(String fmt) {
    if (fmt == null || fmt.isEmpty()) {
      return SOLID;
    }
    String lineStyle = null;
    char marker = 0;
    Color color = null;
    int i = 0;
    while (i < fmt.length()) {
      String rest = fmt.substring(i);
      String found = null;
      for (String ls : new String[] {"--", "-.", "-", ":"}) {
        if (rest.startsWith(ls)) {
          found = ls;
          break;
        }
      }
      if (found != null) {
        check(lineStyle == null, fmt, "one line style");
        lineStyle = found;
        i += found.length();
      } else if (rest.charAt(0) == 'C' && rest.length() > 1 && Character.isDigit(rest.charAt(1))) {
        check(color == null, fmt, "one colour");
        color = Palette.color(rest.charAt(1) - '0');
        i += 2;
      } else if (MARKERS.indexOf(rest.charAt(0)) >= 0) {
        check(marker == 0, fmt, "one marker");
        marker = rest.charAt(0);
        i++;
      } else if (letter(rest.charAt(0)) != null) {
        check(color == null, fmt, "one colour");
        color = letter(rest.charAt(0));
        i++;
      } else {
        throw new IllegalArgumentException(
            "plot: argument 'fmt' expected [marker][line][colour] such as '-+', '--', 'ob' but was '"
                + fmt
                + "' ('"
                + rest.charAt(0)
                + "' is none of them)");
      }
    }
    boolean line = lineStyle != null || marker == 0;
    float[] dash =
        switch (lineStyle == null ? "-" : lineStyle) {
          case "--" -> new float[] {3.7f, 1.6f};
          case "-." -> new float[] {6.4f, 1.6f, 1f, 1.6f};
          case ":" -> new float[] {1f, 1.65f};
          default -> null;
        };
    return new LineStyle(line, dash, marker, color);
  }

  private static void check(boolean ok, String fmt, String what) {
    if (!ok) {
      throw new IllegalArgumentException(
          "plot: argument 'fmt' expected at most " + what + " but was '" + fmt + "'");
    }
  }

  /** matplotlib's single-letter colours. */
  private static Color letter(char c) {
    return switch (c) {
      case 'b' -> new Color(0, 0, 255);
      case 'g' -> new Color(0, 128, 0);
      case 'r' -> new Color(255, 0, 0);
      case 'c' -> new Color(0, 191, 191);
      case 'm' -> new Color(191, 0, 191);
      case 'y' -> new Color(191, 191, 0);
      case 'k' -> Color.BLACK;
      case 'w' -> Color.WHITE;
      default -> null;
    };
  }

  /** The stroke of the line at a width in pixels (dashes scale with it, as in matplotlib). */
  BasicStroke stroke(float width) {
    if (dash == null) {
      return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND);
    }
    float[] d = new float[dash.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = dash[i] * width;
    }
    return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, d, 0f);
  }

  /**
   * Paints the marker centred at (x, y), {@code size} pixels across: filled shapes are filled, the
   * line markers (+ x | _) stroked.
   */
  static void paintMarker(Graphics2D g, char marker, double x, double y, double size, Color c) {
    double r = size / 2;
    g.setColor(c);
    if (marker == HOLLOW_CIRCLE) {
      // matplotlib's 'o' with markerfacecolor='none': the edge only, lines.markeredgewidth 1 pt.
      g.setStroke(new BasicStroke((float) (100.0 / 72)));
      g.draw(new Ellipse2D.Double(x - r, y - r, size, size));
      return;
    }
    Shape filled =
        switch (marker) {
          case 'o' -> new Ellipse2D.Double(x - r, y - r, size, size);
          case '.' -> new Ellipse2D.Double(x - r / 2, y - r / 2, r, r);
          case 's' -> new Rectangle2D.Double(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
          case '^' -> polygon(x, y, r, 3, -90);
          case 'v' -> polygon(x, y, r, 3, 90);
          case '<' -> polygon(x, y, r, 3, 180);
          case '>' -> polygon(x, y, r, 3, 0);
          case 'D' -> polygon(x, y, r, 4, -90);
          case 'd' -> diamond(x, y, r * 0.6, r);
          case 'p' -> polygon(x, y, r, 5, -90);
          case '*' -> star(x, y, r * 1.2);
          default -> null;
        };
    if (filled != null) {
      g.fill(filled);
      return;
    }
    g.setStroke(new BasicStroke((float) Math.max(1.5, size / 6)));
    switch (marker) {
      case '+' -> {
        g.draw(new Line2D.Double(x - r, y, x + r, y));
        g.draw(new Line2D.Double(x, y - r, x, y + r));
      }
      case 'x' -> {
        double d = r * 0.8;
        g.draw(new Line2D.Double(x - d, y - d, x + d, y + d));
        g.draw(new Line2D.Double(x - d, y + d, x + d, y - d));
      }
      case '|' -> g.draw(new Line2D.Double(x, y - r, x, y + r));
      case '_' -> g.draw(new Line2D.Double(x - r, y, x + r, y));
      default -> throw new IllegalArgumentException("marker: unknown '" + marker + "'");
    }
  }

  private static Shape polygon(double x, double y, double r, int n, double startDeg) {
    Path2D.Double p = new Path2D.Double();
    for (int k = 0; k < n; k++) {
      double a = Math.toRadians(startDeg + 360.0 * k / n);
      double px = x + r * Math.cos(a);
      double py = y + r * Math.sin(a);
      if (k == 0) {
        p.moveTo(px, py);
      } else {
        p.lineTo(px, py);
      }
    }
    p.closePath();
    return p;
  }

  private static Shape diamond(double x, double y, double rx, double ry) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(x, y - ry);
    p.lineTo(x + rx, y);
    p.lineTo(x, y + ry);
    p.lineTo(x - rx, y);
    p.closePath();
    return p;
  }

  private static Shape star(double x, double y, double r) {
    Path2D.Double p = new Path2D.Double();
    for (int k = 0; k < 10; k++) {
      double a = Math.toRadians(-90 + 36 * k);
      double rr = k % 2 == 0 ? r : r * 0.4;
      double px = x + rr * Math.cos(a);
      double py = y + rr * Math.sin(a);
      if (k == 0) {
        p.moveTo(px, py);
      } else {
        p.lineTo(px, py);
      }
    }
    p.closePath();
    return p;
  }
}
