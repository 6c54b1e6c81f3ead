package dev.myelin.models;

/** The argument checks the option builders share (one message form for all three). */
final class Options {
  private Options() {}

  /** {@code n} when positive, else the house error naming {@code owner} and {@code arg}. */
  static int positive(String owner, String arg, int n) {
    if (n <= 0) {
      throw new IllegalArgumentException(
          owner + ": argument '" + arg + "' expected a positive integer but was " + n);
    }
    return n;
  }

  /** {@code v} when 0, 1 or 2 (Keras's verbose levels), else the house error. */
  static int verbosity(String owner, int v) {
    if (v < 0 || v > 2) {
      throw new IllegalArgumentException(
          owner + ": argument 'verbose' expected 0, 1 or 2 but was " + v);
    }
    return v;
  }
}
