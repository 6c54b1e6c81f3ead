package dev.myelin.data.table;

/** The element type of a column, named as pandas names it. */
public enum DType {
  /** 64-bit integers without missing values (a missing value makes the column FLOAT64). */
  INT64("int64"),
  /** 64-bit floats; NaN marks a missing value. */
  FLOAT64("float64"),
  /** Booleans without missing values. */
  BOOL("bool"),
  /** Strings or other objects; {@code null} marks a missing value. */
  OBJECT("object"),
  /** Local date-times; {@code null} marks a missing value (NaT). */
  DATETIME64("datetime64[ns]");

  private final String pandasName;

  DType(String pandasName) {
    this.pandasName = pandasName;
  }

  /** The name pandas prints for this type, e.g. {@code float64}. */
  public String pandasName() {
    return pandasName;
  }

  /** Whether values of this type convert to numbers (int, float and bool columns). */
  public boolean isNumeric() {
    return this == INT64 || this == FLOAT64 || this == BOOL;
  }
}
