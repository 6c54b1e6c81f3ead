package dev.myelin;

import dev.myelin.internal.Errors;
import java.util.Arrays;
import java.util.Locale;

/**
 * The settings of a convolution as Keras names them: strides, padding ({@code "valid"}, {@code
 * "same"}, {@code "causal"} for one spatial dim, or explicit left and right pads), dilation rate,
 * groups and a fused activation. Immutable; each setter returns a changed copy.
 *
 * <pre>{@code
 * ConvOptions o = ConvOptions.DEFAULT.strides(2, 2).padding("same").activation("relu");
 * Tensor y = x.conv(kernel, bias, o);
 * }</pre>
 */
public final class ConvOptions {
  /** Stride 1, padding "valid", dilation 1, one group, linear. */
  public static final ConvOptions DEFAULT =
      new ConvOptions(
          new long[] {1}, "valid", null, null, new long[] {1}, 1, "linear", null, false);

  private final long[] strides;
  private final String padding;
  private final long[] padLeft;
  private final long[] padRight;
  private final long[] dilation;
  private final int groups;
  private final String activation;
  private final long[] outputPadding;
  private final boolean channelsFirst;

  private ConvOptions(
      long[] strides,
      String padding,
      long[] padLeft,
      long[] padRight,
      long[] dilation,
      int groups,
      String activation,
      long[] outputPadding,
      boolean channelsFirst) {
    this.strides = strides;
    this.padding = padding;
    this.padLeft = padLeft;
    this.padRight = padRight;
    this.dilation = dilation;
    this.groups = groups;
    this.activation = activation;
    this.outputPadding = outputPadding;
    this.channelsFirst = channelsFirst;
  }

  private static long[] positive(String name, long[] v) {
    if (v == null || v.length == 0) {
      throw Errors.arg("conv", name, "one value or one per spatial dim", "none");
    }
    for (long e : v) {
      if (e < 1) {
        throw Errors.arg("conv", name, "values >= 1", Arrays.toString(v));
      }
    }
    return v.clone();
  }

  /** Strides: one value for every spatial dim or one per dim (default 1). */
  public ConvOptions strides(long... s) {
    return new ConvOptions(
        positive("strides", s),
        padding,
        padLeft,
        padRight,
        dilation,
        groups,
        activation,
        outputPadding,
        channelsFirst);
  }

  /** Dilation rates: one value for every spatial dim or one per dim (default 1 = none). */
  public ConvOptions dilationRate(long... d) {
    return new ConvOptions(
        strides,
        padding,
        padLeft,
        padRight,
        positive("dilation_rate", d),
        groups,
        activation,
        outputPadding,
        channelsFirst);
  }

  /**
   * Keras padding: "valid" (none), "same" (output ceil(n / stride), the odd pad on the right) or
   * "causal" (one spatial dim: (k - 1) * dilation zeros on the left).
   */
  public ConvOptions padding(String mode) {
    String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
    if (!m.equals("valid") && !m.equals("same") && !m.equals("causal")) {
      throw Errors.arg("conv", "padding", "one of \"valid\", \"same\", \"causal\"", mode);
    }
    return new ConvOptions(
        strides, m, null, null, dilation, groups, activation, outputPadding, channelsFirst);
  }

  /** Explicit zero padding per spatial dim: {@code left[i]} before and {@code right[i]} after. */
  public ConvOptions padding(long[] left, long[] right) {
    if (left == null || right == null || left.length != right.length || left.length == 0) {
      throw Errors.arg(
          "conv",
          "padding",
          "left and right pads of one length",
          (left == null ? "null" : Arrays.toString(left))
              + " and "
              + (right == null ? "null" : Arrays.toString(right)));
    }
    for (int i = 0; i < left.length; i++) {
      if (left[i] < 0 || right[i] < 0) {
        throw Errors.arg(
            "conv", "padding", "pads >= 0", Arrays.toString(left) + ", " + Arrays.toString(right));
      }
    }
    return new ConvOptions(
        strides,
        "explicit",
        left.clone(),
        right.clone(),
        dilation,
        groups,
        activation,
        outputPadding,
        channelsFirst);
  }

  /** Groups: input channels and filters are split into this many independent convolutions. */
  public ConvOptions groups(int g) {
    if (g < 1) {
      throw Errors.arg("conv", "groups", ">= 1", g);
    }
    return new ConvOptions(
        strides, padding, padLeft, padRight, dilation, g, activation, outputPadding, channelsFirst);
  }

  /**
   * Keras's {@code output_padding} of a transposed convolution: extra rows (columns, ...) at the
   * end of each spatial dim, each {@code >= 0} and below the stride (checked against the strides
   * when the convolution runs); {@code null} (default) for Keras's {@code None}.
   */
  public ConvOptions outputPadding(long... p) {
    if (p != null) {
      for (long e : p) {
        if (e < 0) {
          throw Errors.arg("conv_transpose", "output_padding", "values >= 0", Arrays.toString(p));
        }
      }
    }
    return new ConvOptions(
        strides,
        padding,
        padLeft,
        padRight,
        dilation,
        groups,
        activation,
        p == null ? null : p.clone(),
        channelsFirst);
  }

  /** An activation fused into the convolution: "linear" (default), "relu", "tanh" or "sigmoid". */
  public ConvOptions activation(String name) {
    String a = name == null ? "linear" : name;
    if (OpCodes.denseActivation(a) < 0) {
      throw Errors.arg("conv", "activation", OpCodes.DENSE_ACTIVATION_NAMES, a);
    }
    return new ConvOptions(
        strides, padding, padLeft, padRight, dilation, groups, a, outputPadding, channelsFirst);
  }

  /**
   * Keras's {@code data_format}: {@code "channels_last"} (default; x is {@code (N, spatial..., C)})
   * or {@code "channels_first"} (x is {@code (N, C, spatial...)} and so is the output), run
   * natively on oneDNN's channels-first layout; the kernel's layout is the same in both.
   */
  public ConvOptions dataFormat(String format) {
    boolean first;
    if ("channels_first".equals(format)) {
      first = true;
    } else if ("channels_last".equals(format)) {
      first = false;
    } else {
      throw Errors.arg("conv", "data_format", "\"channels_last\" or \"channels_first\"", format);
    }
    return new ConvOptions(
        strides, padding, padLeft, padRight, dilation, groups, activation, outputPadding, first);
  }

  /** Keras's data format name, {@code "channels_last"} or {@code "channels_first"}. */
  public String dataFormat() {
    return channelsFirst ? "channels_first" : "channels_last";
  }

  boolean channelsFirst() {
    return channelsFirst;
  }

  /** The padding mode ("valid", "same", "causal" or "explicit"). */
  public String padding() {
    return padding;
  }

  /** The number of groups. */
  public int groups() {
    return groups;
  }

  /** The fused activation's name. */
  public String activation() {
    return activation;
  }

  int activationCode() {
    return OpCodes.denseActivation(activation);
  }

  private static long[] perDim(String op, String name, long[] v, int nd) {
    if (v.length == nd) {
      return v;
    }
    if (v.length == 1) {
      long[] r = new long[nd];
      Arrays.fill(r, v[0]);
      return r;
    }
    throw Errors.arg(op, name, "1 or " + nd + " values", Arrays.toString(v));
  }

  /** The spatial dims of a convolution of an input of rank {@code rank}, checked. */
  static int spatialDims(String op, String arg, long[] shape) {
    int nd = shape.length - 2;
    if (nd < 1 || nd > 3) {
      throw Errors.arg(
          op,
          arg,
          "rank 3, 4 or 5 (batch, 1 to 3 spatial dims, channels)",
          "rank " + shape.length + " " + Arrays.toString(shape));
    }
    return nd;
  }

  /**
   * The native geometry of a convolution of x by a kernel with spatial sizes {@code k}: strides,
   * dilations, left pads, right pads (nd values each), Keras's padding arithmetic applied.
   */
  long[] geometry(String op, long[] x, long[] k) {
    int nd = spatialDims(op, "x", x);
    if (k.length != x.length) {
      throw Errors.arg(
          op,
          "kernel",
          "rank " + x.length + " (the input's)",
          "rank " + k.length + " " + Arrays.toString(k));
    }
    long[] s = perDim(op, "strides", strides, nd);
    long[] d = perDim(op, "dilation_rate", dilation, nd);
    long[] g = new long[4 * nd];
    for (int i = 0; i < nd; i++) {
      long keff = dilatedKernel(op, k[i], d[i]);
      long n = x[i + (channelsFirst ? 2 : 1)];
      long left;
      long right;
      switch (padding) {
        case "same" -> {
          long out = (n + s[i] - 1) / s[i];
          long total = Math.max((out - 1) * s[i] + keff - n, 0);
          left = total / 2;
          right = total - left;
        }
        case "causal" -> {
          if (nd != 1) {
            throw Errors.arg(op, "padding", "\"causal\" only for one spatial dim", nd + " dims");
          }
          left = keff - 1;
          right = 0;
        }
        case "explicit" -> {
          left = perDim(op, "padding", padLeft, nd)[i];
          right = perDim(op, "padding", padRight, nd)[i];
        }
        default -> {
          left = 0;
          right = 0;
        }
      }
      g[i] = s[i];
      g[nd + i] = d[i];
      g[2 * nd + i] = left;
      g[3 * nd + i] = right;
    }
    return g;
  }

  /** (k - 1) * d + 1, or an argument error naming op when it overflows. */
  private static long dilatedKernel(String op, long k, long d) {
    try {
      return Math.addExact(Math.multiplyExact(k - 1, d), 1);
    } catch (ArithmeticException e) {
      throw Errors.arg(
          op,
          "dilation_rate",
          "a dilated kernel size that fits in 64 bits",
          d + " for kernel " + k);
    }
  }

  /**
   * Keras's output length of a transposed convolution ({@code deconv_output_length}); {@code
   * outputPadding} below 0 stands for Keras's None.
   */
  public static long transposeLength(
      long n, long k, long s, long d, boolean same, long outputPadding) {
    long keff = (k - 1) * d + 1;
    if (outputPadding >= 0) {
      return (n - 1) * s + (same ? keff % 2 : keff) + outputPadding;
    }
    return same ? n * s : n * s + Math.max(keff - s, 0);
  }

  /**
   * The output spatial sizes and the native geometry of a transposed convolution of x by a kernel
   * (k..., F, C): the convolution that maps the output back to x, with the left pads Keras's
   * transposed padding implies and right pads that make the sizes agree.
   */
  long[][] transposeGeometry(String op, long[] x, long[] k) {
    int nd = spatialDims(op, "x", x);
    if (k.length != x.length) {
      throw Errors.arg(
          op,
          "kernel",
          "rank " + x.length + " (the input's)",
          "rank " + k.length + " " + Arrays.toString(k));
    }
    if (!padding.equals("valid") && !padding.equals("same")) {
      throw Errors.arg(op, "padding", "\"valid\" or \"same\"", padding);
    }
    if (groups != 1) {
      throw Errors.arg(op, "groups", "1", groups);
    }
    boolean same = padding.equals("same");
    long[] s = perDim(op, "strides", strides, nd);
    long[] d = perDim(op, "dilation_rate", dilation, nd);
    long[] outPad = outputPadding == null ? null : perDim(op, "output_padding", outputPadding, nd);
    long[] out = new long[nd];
    long[] g = new long[4 * nd];
    for (int i = 0; i < nd; i++) {
      long keff = dilatedKernel(op, k[i], d[i]);
      long n = x[i + (channelsFirst ? 2 : 1)];
      if (outPad != null && outPad[i] >= s[i]) {
        throw Errors.arg(
            op,
            "output_padding",
            "values below the strides " + Arrays.toString(s),
            Arrays.toString(outPad));
      }
      try {
        out[i] =
            outPad == null
                ? Math.multiplyExact(n, s[i]) + (same ? 0 : Math.max(keff - s[i], 0))
                : Math.multiplyExact(n - 1, s[i]) + (same ? keff % 2 : keff) + outPad[i];
      } catch (ArithmeticException e) {
        throw Errors.arg(
            op, "strides", "an output size that fits in 64 bits", s[i] + " for input " + n);
      }
      long left = 0;
      if (same) {
        // Keras pads the stride-dilated input by ceil(padLen / 2), at most keff - 1, on the left
        // (padLen = s + keff - 2, or keff + keff % 2 - 2 + output_padding); the convolution it
        // transposes pads keff - 1 minus that.
        long padLen = outPad == null ? s[i] + keff - 2 : keff + keff % 2 - 2 + outPad[i];
        long lp = Math.min(padLen / 2 + padLen % 2, keff - 1);
        left = keff - 1 - lp;
      }
      // Output cells past the last input's reach (output_padding < stride of them) get only the
      // bias: the convolution that maps the output back ignores them, as its floor division does.
      long right = Math.max(0, (n - 1) * s[i] + keff - out[i] - left);
      g[i] = s[i];
      g[nd + i] = d[i];
      g[2 * nd + i] = left;
      g[3 * nd + i] = right;
    }
    return new long[][] {out, g};
  }

  @Override
  public String toString() {
    return "ConvOptions(strides="
        + Arrays.toString(strides)
        + ", padding="
        + padding
        + ", dilation_rate="
        + Arrays.toString(dilation)
        + ", groups="
        + groups
        + ", activation="
        + activation
        + (channelsFirst ? ", data_format=channels_first" : "")
        + ")";
  }
}
