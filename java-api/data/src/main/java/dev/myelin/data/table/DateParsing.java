package dev.myelin.data.table;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses dates written in any of the common formats, one value at a time, as {@code pd.to_datetime}
 * does for mixed columns (month before day when ambiguous, as dateutil does).
 */
final class DateParsing {
  private static final List<DateTimeFormatter> FORMATS =
      List.of(
          format("yyyy-MM-dd['T'][' ']HH:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS]"),
          format("yyyy-MM-dd"),
          format("yyyy/MM/dd[' 'HH:mm[:ss]]"),
          format("dd-MMM-yy"),
          format("d-MMM-yy"),
          format("dd-MMM-yyyy"),
          format("d-MMM-yyyy"),
          format("MM/dd/yyyy[' 'HH:mm[:ss]]"),
          format("M/d/yyyy[' 'HH:mm[:ss]]"),
          format("MM/dd/yy"),
          format("dd MMM yyyy"),
          format("d MMM yyyy"),
          format("MMM d, yyyy"),
          format("yyyyMMdd"),
          monthOnly("yyyy-MM"),
          monthOnly("yyyy/MM"));

  private final Map<String, LocalDateTime> cache = new HashMap<>();
  private int lastFormat;

  private static DateTimeFormatter format(String pattern) {
    return new DateTimeFormatterBuilder()
        .parseCaseInsensitive()
        .appendPattern(pattern)
        .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
        .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
        .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
        .toFormatter(Locale.ENGLISH);
  }

  private static DateTimeFormatter monthOnly(String pattern) {
    return new DateTimeFormatterBuilder()
        .parseCaseInsensitive()
        .appendPattern(pattern)
        .parseDefaulting(ChronoField.DAY_OF_MONTH, 1)
        .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
        .toFormatter(Locale.ENGLISH);
  }

  /** The date-time {@code text} denotes, or {@code null} when no known format matches. */
  LocalDateTime parse(String text) {
    String t = text.trim();
    LocalDateTime hit = cache.get(t);
    if (hit != null) {
      return hit;
    }
    for (int k = 0; k < FORMATS.size(); k++) {
      int f = (lastFormat + k) % FORMATS.size();
      try {
        LocalDateTime value = LocalDateTime.parse(t, FORMATS.get(f));
        lastFormat = f;
        if (cache.size() < 100_000) {
          cache.put(t, value);
        }
        return value;
      } catch (DateTimeParseException e) {
        // Try the next format.
      }
    }
    return null;
  }
}
