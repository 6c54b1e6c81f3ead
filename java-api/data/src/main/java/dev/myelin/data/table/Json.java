package dev.myelin.data.table;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JSON into a {@link DataFrame} as {@code pd.read_json} does: an array of records ({@code
 * [{"a": 1, "b": 2}, ...]}) or an object of columns ({@code {"a": {"0": 1}, ...}} or {@code {"a":
 * [1, ...]}}), gzip/bzip2/zip chosen from the file name. Like pandas, columns whose names look like
 * dates ({@code date}, {@code datetime}, {@code modified}, {@code timestamp...}, {@code ..._at},
 * {@code ..._time}) holding epoch numbers or date strings become datetime64.
 *
 * <pre>{@code
 * DataFrame btc = Json.read(Path.of("../data/poloniex_usdt_btc.json.gz"));
 * }</pre>
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** {@code pd.read_json(file)} with the compression inferred from the file name. */
  public static DataFrame read(Path file) {
    return read(file, Compression.INFER, true);
  }

  /**
   * {@code pd.read_json(file, compression=, convert_dates=)}: {@code convertDates} turns date-like
   * columns into datetime64.
   */
  public static DataFrame read(Path file, Compression compression, boolean convertDates) {
    JsonNode root;
    try (InputStream in = compression.open(file);
        JsonParser parser = MAPPER.getFactory().createParser(in)) {
      root = MAPPER.readTree(parser);
      if (parser.nextToken() != null) {
        throw new DataFileException(
            file,
            parser.currentLocation().getLineNr(),
            null,
            "unexpected data after the JSON value",
            null);
      }
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new DataFileException(file, line, null, "malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DataFileException(file, 0, null, "cannot read: " + e, e);
    }
    if (root == null) {
      throw new DataFileException(file, 0, null, "empty file", null);
    }
    Map<String, List<Object>> columns = new LinkedHashMap<>();
    int rows;
    if (root.isArray()) {
      rows = root.size();
      for (int r = 0; r < rows; r++) {
        JsonNode record = root.get(r);
        if (!record.isObject()) {
          throw new DataFileException(
              file,
              0,
              null,
              "record " + r + ": expected a JSON object, got " + record.getNodeType(),
              null);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          List<Object> column = columns.computeIfAbsent(field.getKey(), k -> new ArrayList<>());
          while (column.size() < r) {
            column.add(null);
          }
          column.add(value(field.getValue()));
        }
      }
    } else if (root.isObject()) {
      rows = -1;
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        List<Object> column = new ArrayList<>();
        for (JsonNode v : field.getValue()) {
          column.add(value(v));
        }
        if (rows >= 0 && column.size() != rows) {
          throw new DataFileException(
              file,
              0,
              field.getKey(),
              "expected " + rows + " values as in the other columns, got " + column.size(),
              null);
        }
        rows = column.size();
        columns.put(field.getKey(), column);
      }
    } else {
      throw new DataFileException(
          file,
          0,
          null,
          "expected a JSON array of records or an object of columns, got " + root.getNodeType(),
          null);
    }
    List<Series> out = new ArrayList<>();
    for (Map.Entry<String, List<Object>> e : columns.entrySet()) {
      List<Object> values = e.getValue();
      while (values.size() < rows) {
        values.add(null);
      }
      Series s = Series.ofList(e.getKey(), values);
      out.add(convertDates && isDateName(e.getKey()) ? toDates(s) : s);
    }
    return DataFrame.of(out);
  }

  private static Object value(JsonNode v) {
    if (v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    return v.toString();
  }

  private static boolean isDateName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith("_at")
        || n.endsWith("_time")
        || n.startsWith("timestamp")
        || n.equals("modified")
        || n.equals("date")
        || n.equals("datetime");
  }

  /** Epoch numbers in the largest unit that fits (seconds, then ms, us, ns), or date strings. */
  private static Series toDates(Series s) {
    if (s.dtype() == DType.OBJECT) {
      try {
        return s.toDatetime();
      } catch (IllegalArgumentException e) {
        return s;
      }
    }
    if (s.dtype() != DType.INT64 && s.dtype() != DType.FLOAT64) {
      return s;
    }
    double max = Math.max(Math.abs(s.max()), Math.abs(s.min()));
    double[] scaleToNanos = {1e9, 1e6, 1e3, 1};
    for (double scale : scaleToNanos) {
      if (max * scale < 9.2e18) {
        Object[] out = new Object[s.size()];
        for (int i = 0; i < out.length; i++) {
          double v = s.getDouble(i);
          if (!Double.isNaN(v)) {
            long nanos = Math.round(v * scale);
            out[i] =
                LocalDateTime.ofInstant(
                    Instant.ofEpochSecond(
                        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)),
                    ZoneOffset.UTC);
          }
        }
        return new Series(s.name(), org.dflib.Series.of(out), null);
      }
    }
    return s;
  }
}
