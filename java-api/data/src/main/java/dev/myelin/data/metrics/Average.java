package dev.myelin.data.metrics;

/** How per-class scores combine, like scikit-learn's {@code average} argument. */
public enum Average {
  /** The score of the positive label only. */
  BINARY,
  /** Global counts of true positives, false positives and false negatives. */
  MICRO,
  /** The unweighted mean of per-class scores. */
  MACRO,
  /** The mean of per-class scores weighted by support. */
  WEIGHTED
}
