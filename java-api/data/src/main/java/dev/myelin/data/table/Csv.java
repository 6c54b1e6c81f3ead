package dev.myelin.data.table;

import dev.myelin.data.internal.Checks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CSV and TSV files into a {@link DataFrame} as {@code pd.read_csv} does: a header row
 * (quoted or not), quoted fields holding separators or line breaks, pandas' missing-value markers,
 * per-column type inference (int64, float64, bool, object), optional thousands separators and date
 * columns, and gzip/bzip2/zip input chosen from the file name. Malformed input fails with a {@link
 * DataFileException} naming the file, line and column; nothing half-parsed is returned.
 *
 * <pre>{@code
 * DataFrame titanic = Csv.read(Path.of("../data/titanic-train.csv"));
 * DataFrame ontario = Csv.options().thousands(',').parseDates("Date")
 *     .load(Path.of("../data/ZonalDemands_2003-2016.csv.bz2"));
 * }</pre>
 */
public final class Csv {
  /** The strings pandas reads as missing by default. */
  public static final Set<String> DEFAULT_NA_VALUES =
      Set.of(
          "",
          "#N/A",
          "#N/A N/A",
          "#NA",
          "-1.#IND",
          "-1.#QNAN",
          "-NaN",
          "-nan",
          "1.#IND",
          "1.#QNAN",
          "<NA>",
          "N/A",
          "NA",
          "NULL",
          "NaN",
          "None",
          "n/a",
          "nan",
          "null");

  private final char separator;
  private final Character thousands;
  private final Set<String> dateColumns;
  private final Map<String, DType> dtypes;
  private final Compression compression;
  private final Set<String> naValues;
  private final Charset encoding;

  private Csv(
      char separator,
      Character thousands,
      Set<String> dateColumns,
      Map<String, DType> dtypes,
      Compression compression,
      Set<String> naValues,
      Charset encoding) {
    this.separator = separator;
    this.thousands = thousands;
    this.dateColumns = Set.copyOf(dateColumns);
    this.dtypes = Map.copyOf(dtypes);
    this.compression = compression;
    this.naValues = Set.copyOf(naValues);
    this.encoding = encoding;
  }

  /** Default options: comma-separated, UTF-8, compression inferred, pandas' missing markers. */
  public static Csv options() {
    return new Csv(
        ',',
        null,
        Set.of(),
        Map.of(),
        Compression.INFER,
        DEFAULT_NA_VALUES,
        StandardCharsets.UTF_8);
  }

  /** {@code pd.read_csv(file)} with default options. */
  public static DataFrame read(Path file) {
    return options().load(file);
  }

  /** {@code pd.read_csv(file, sep='\t')}. */
  public static DataFrame readTsv(Path file) {
    return options().sep('\t').load(file);
  }

  /** The field separator ({@code sep=}). */
  public Csv sep(char newSeparator) {
    return new Csv(newSeparator, thousands, dateColumns, dtypes, compression, naValues, encoding);
  }

  /**
   * The thousands separator inside numbers, e.g. {@code ','} for {@code "1,032"} ({@code
   * thousands=}).
   */
  public Csv thousands(char newThousands) {
    Checks.check(
        newThousands != separator || newThousands == ',',
        "thousands",
        "a character other than the separator",
        newThousands);
    return new Csv(separator, newThousands, dateColumns, dtypes, compression, naValues, encoding);
  }

  /** Columns to parse as dates, formats allowed to differ row by row ({@code parse_dates=}). */
  public Csv parseDates(String... columns) {
    Set<String> all = new HashSet<>(dateColumns);
    all.addAll(List.of(columns));
    return new Csv(separator, thousands, all, dtypes, compression, naValues, encoding);
  }

  /**
   * Forces a column's type; a value that does not fit fails naming line and column ({@code
   * dtype=}).
   */
  public Csv dtype(String column, DType type) {
    Map<String, DType> all = new HashMap<>(dtypes);
    all.put(column, type);
    return new Csv(separator, thousands, dateColumns, all, compression, naValues, encoding);
  }

  /** The compression, instead of inferring it from the file name ({@code compression=}). */
  public Csv compression(Compression newCompression) {
    return new Csv(separator, thousands, dateColumns, dtypes, newCompression, naValues, encoding);
  }

  /** Extra strings to read as missing, added to the defaults ({@code na_values=}). */
  public Csv naValues(String... extra) {
    Set<String> all = new HashSet<>(naValues);
    all.addAll(List.of(extra));
    return new Csv(separator, thousands, dateColumns, dtypes, compression, all, encoding);
  }

  /** The text encoding ({@code encoding=}); bytes invalid in it are an error. */
  public Csv encoding(Charset newEncoding) {
    return new Csv(separator, thousands, dateColumns, dtypes, compression, naValues, newEncoding);
  }

  /** Reads {@code file} with these options ({@code pd.read_csv(file, ...)}). */
  public DataFrame load(Path file) {
    try (InputStream in = compression.open(file);
        BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(
                    in,
                    encoding
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)),
                1 << 16)) {
      return parse(file, reader);
    } catch (IOException | UncheckedIOException e) {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      String what =
          cause instanceof CharacterCodingException
              ? "not valid " + encoding + " text (" + cause + ")"
              : "cannot read: " + cause;
      throw new DataFileException(file, 0, null, what, e);
    }
  }

  private DataFrame parse(Path file, BufferedReader reader) throws IOException {
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setDelimiter(separator).setIgnoreEmptyLines(true).get();
    List<String> header = null;
    List<List<String>> columns = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    try (CSVParser parser = format.parse(reader)) {
      for (CSVRecord record : parser) {
        long end = parser.getCurrentLineNumber();
        long start = end;
        for (String v : record) {
          start -= v.chars().filter(ch -> ch == '\n').count();
        }
        if (header == null) {
          header = headerNames(record);
          for (int c = 0; c < header.size(); c++) {
            columns.add(new ArrayList<>());
          }
          continue;
        }
        if (record.size() != header.size()) {
          throw new DataFileException(
              file,
              start,
              null,
              "expected " + header.size() + " fields (as in the header), got " + record.size(),
              null);
        }
        for (int c = 0; c < record.size(); c++) {
          String v = record.get(c);
          columns.get(c).add(naValues.contains(v) ? null : v);
        }
        lines.add((int) start);
      }
    } catch (UncheckedIOException e) {
      String what =
          e.getCause() instanceof CharacterCodingException
              ? "not valid " + encoding + " text (" + e.getCause() + ")"
              : "malformed CSV: " + e.getCause().getMessage();
      throw new DataFileException(file, 0, null, what, e);
    }
    if (header == null) {
      throw new DataFileException(file, 0, null, "no header row (the file is empty)", null);
    }
    for (String c : dtypes.keySet()) {
      checkKnown(file, header, c, "dtype");
    }
    for (String c : dateColumns) {
      checkKnown(file, header, c, "parseDates");
    }
    List<Series> out = new ArrayList<>();
    for (int c = 0; c < header.size(); c++) {
      String name = header.get(c);
      DType forced = dateColumns.contains(name) ? DType.DATETIME64 : dtypes.get(name);
      out.add(new Series(name, convert(file, name, columns.get(c), lines, forced), null));
    }
    return DataFrame.of(out);
  }

  private static void checkKnown(Path file, List<String> header, String column, String option) {
    if (!header.contains(column)) {
      throw new DataFileException(
          file, 1, column, option + " names a column that is not in the header " + header, null);
    }
  }

  private static List<String> headerNames(CSVRecord record) {
    List<String> names = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int c = 0; c < record.size(); c++) {
      String name = record.get(c).isEmpty() ? "Unnamed: " + c : record.get(c);
      int n = seen.merge(name, 1, Integer::sum);
      names.add(n == 1 ? name : name + "." + (n - 1));
    }
    return names;
  }

  private String numeric(String v) {
    String t = v.trim();
    if (thousands != null) {
      t = t.replace(String.valueOf(thousands), "");
    }
    return t;
  }

  private static boolean looksIntegral(String t) {
    int i = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
    if (i == t.length() || t.length() - i > 18) {
      return false;
    }
    for (; i < t.length(); i++) {
      if (!Character.isDigit(t.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static Double parseDouble(String t) {
    if (t.isEmpty()) {
      return null;
    }
    switch (t.toLowerCase(java.util.Locale.ROOT)) {
      case "inf":
      case "+inf":
      case "infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf":
      case "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    for (int i = 0; i < t.length(); i++) {
      if ("0123456789.eE+-".indexOf(t.charAt(i)) < 0) {
        return null;
      }
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Boolean parseBool(String t) {
    switch (t) {
      case "True":
      case "TRUE":
      case "true":
        return Boolean.TRUE;
      case "False":
      case "FALSE":
      case "false":
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  private org.dflib.Series<?> convert(
      Path file, String name, List<String> raw, List<Integer> lines, DType forced) {
    int n = raw.size();
    if (forced == DType.DATETIME64) {
      DateParsing parser = new DateParsing();
      Object[] out = new Object[n];
      for (int i = 0; i < n; i++) {
        if (raw.get(i) != null) {
          LocalDateTime t = parser.parse(raw.get(i));
          if (t == null) {
            throw valueError(file, lines.get(i), name, raw.get(i), "a date");
          }
          out[i] = t;
        }
      }
      return org.dflib.Series.of(out);
    }
    if (forced == DType.OBJECT) {
      return org.dflib.Series.of(raw.toArray());
    }
    boolean anyMissing = raw.contains(null);
    if (forced == null || forced == DType.INT64) {
      long[] longs = new long[n];
      boolean ok = !anyMissing || forced == DType.INT64;
      for (int i = 0; ok && i < n; i++) {
        String v = raw.get(i);
        String t = v == null ? null : numeric(v);
        if (t == null || !looksIntegral(t)) {
          if (forced == DType.INT64) {
            throw valueError(file, lines.get(i), name, v, "an integer");
          }
          ok = false;
        } else {
          longs[i] = Long.parseLong(t);
        }
      }
      if (ok && n > 0) {
        return org.dflib.Series.ofLong(longs);
      }
    }
    if (forced == null || forced == DType.FLOAT64) {
      double[] doubles = new double[n];
      boolean ok = true;
      for (int i = 0; ok && i < n; i++) {
        String v = raw.get(i);
        if (v == null) {
          doubles[i] = Double.NaN;
          continue;
        }
        Double d = parseDouble(numeric(v));
        if (d == null) {
          if (forced == DType.FLOAT64) {
            throw valueError(file, lines.get(i), name, v, "a number");
          }
          ok = false;
        } else {
          doubles[i] = d;
        }
      }
      if (ok && n > 0) {
        return org.dflib.Series.ofDouble(doubles);
      }
    }
    if (forced == null || forced == DType.BOOL) {
      boolean[] bools = new boolean[n];
      boolean ok = !anyMissing || forced == DType.BOOL;
      for (int i = 0; ok && i < n; i++) {
        Boolean b = raw.get(i) == null ? null : parseBool(raw.get(i).trim());
        if (b == null) {
          if (forced == DType.BOOL) {
            throw valueError(file, lines.get(i), name, raw.get(i), "True or False");
          }
          ok = false;
        } else {
          bools[i] = b;
        }
      }
      if (ok && n > 0) {
        return org.dflib.Series.ofBool(bools);
      }
    }
    return org.dflib.Series.of(raw.toArray());
  }

  private static DataFileException valueError(
      Path file, int line, String column, String value, String expected) {
    return new DataFileException(
        file,
        line,
        column,
        "expected " + expected + ", got " + (value == null ? "a missing value" : "'" + value + "'"),
        null);
  }
}
