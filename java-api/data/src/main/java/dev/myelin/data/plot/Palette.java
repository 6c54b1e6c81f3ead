package dev.myelin.data.plot;

import java.awt.Color;

/** matplotlib's default colour cycle ("tab10"), so figures look like the book's. */
final class Palette {
  private static final int[] TAB10 = {
    0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22,
    0x17becf
  };

  private Palette() {}

  /** The i-th colour of the cycle, wrapping after ten. */
  static Color color(int i) {
    return new Color(TAB10[Math.floorMod(i, TAB10.length)]);
  }

  /** The colour with its alpha set from a fraction in [0, 1]. */
  static Color withAlpha(Color c, double alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * alpha));
  }
}
