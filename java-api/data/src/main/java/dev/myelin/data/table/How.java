package dev.myelin.data.table;

/** The kind of join of {@link DataFrame#merge} ({@code how=} in pandas). */
public enum How {
  /** Rows whose keys are on both sides, in left order. */
  INNER,
  /** Every left row, in left order, with missing values where the right has no match. */
  LEFT,
  /** Every right row, in right order, with missing values where the left has no match. */
  RIGHT,
  /** Every row of both sides, keys sorted, with missing values where a side has no match. */
  OUTER
}
