package dev.myelin.data.timeseries;

import dev.myelin.data.table.DataFrame;

/**
 * The book's train/test split of a date-indexed frame: {@code df.loc[:split_date]} and {@code
 * df.loc[split_date:]} (label slices include their bound, so a row exactly at the split date is in
 * both parts, as in the book).
 *
 * @param train the rows up to and including {@code splitDate}
 * @param test the rows from {@code splitDate} on
 */
public record DateSplit(DataFrame train, DataFrame test) {
  /** Splits {@code df} (indexed by dates, e.g. after {@code setIndex}) at {@code splitDate}. */
  public static DateSplit at(DataFrame df, Object splitDate) {
    if (splitDate == null) {
      throw new IllegalArgumentException(
          "DateSplit.at: argument 'splitDate' expected a date but was null");
    }
    return new DateSplit(df.locRange(null, splitDate), df.locRange(splitDate, null));
  }
}
