package dev.myelin.callbacks;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one CSV row per epoch: {@code epoch,loss,accuracy,...} (keys sorted as Keras does), to a
 * file that is created or, with {@code append}, extended.
 *
 * <pre>{@code
 * new CSVLogger(Path.of("training.log"))
 * }</pre>
 */
public final class CSVLogger extends Callback {
  static {
    Registry.builtIn(
        Registry.Kind.CALLBACK,
        CSVLogger.class,
        "CSVLogger",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  private final Path file;
  private final String separator;
  private final boolean append;
  private Writer writer;
  private List<String> keys;

  /** A logger writing to {@code file} with separator "," and no append. */
  public CSVLogger(Path file) {
    this(file, ",", false);
  }

  /** A logger with an explicit separator and append mode. */
  public CSVLogger(Path file, String separator, boolean append) {
    if (file == null) {
      throw new IllegalArgumentException("CSVLogger: argument 'file' expected a path but was null");
    }
    this.file = file;
    this.separator = separator;
    this.append = append;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    try {
      boolean exists = append && Files.exists(file) && Files.size(file) > 0;
      writer =
          Files.newBufferedWriter(
              file,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE);
      keys = null;
      if (exists) {
        keys = List.of();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    try {
      if (keys == null || keys.isEmpty()) {
        boolean header = keys == null;
        keys = new ArrayList<>(logs.keySet());
        keys.sort(null);
        if (header) {
          writer.write("epoch" + separator + String.join(separator, keys) + "\n");
        }
      }
      StringBuilder row = new StringBuilder().append(epoch);
      for (String k : keys) {
        Double v = logs.get(k);
        row.append(separator).append(v == null ? "NA" : String.valueOf(v));
      }
      writer.write(row.append('\n').toString());
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    try {
      if (writer != null) {
        writer.close();
        writer = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot close " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A CSVLogger from Keras's constructor arguments as a config map (snake_case keys; missing ones
   * take the defaults).
   */
  public static CSVLogger fromConfig(Map<String, Object> c) {
    return new CSVLogger(
        Path.of(String.valueOf(Configs.require(c, "filename", "CSVLogger"))),
        String.valueOf(c.getOrDefault("separator", ",")),
        Configs.bool(c, "append", false));
  }
}
