package dev.myelin.data.table;

import java.nio.file.Path;

/**
 * A data file that cannot be read into a table: missing, unreadable, malformed, or holding a value
 * that does not fit its column. The message names the file and, where known, the line and column.
 */
public final class DataFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** The 1-based line, 0 when not known. */
  private final long line;

  /** The column's name, null when not known. */
  private final String column;

  /**
   * Creates an exception for {@code file}, at {@code line} (1-based, 0 when not known) and {@code
   * column} (null when not known).
   */
  public DataFileException(Path file, long line, String column, String problem, Throwable cause) {
    super(message(file, line, column, problem), cause);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  private static String message(Path file, long line, String column, String problem) {
    StringBuilder sb = new StringBuilder().append(file);
    if (line > 0) {
      sb.append(", line ").append(line);
    }
    if (column != null) {
      sb.append(", column '").append(column).append('\'');
    }
    return sb.append(": ").append(problem).toString();
  }

  /** The file that failed to load. */
  public Path file() {
    return file;
  }

  /** The 1-based line of the problem, or 0 when the problem is not tied to a line. */
  public long line() {
    return line;
  }

  /** The column of the problem, or {@code null} when the problem is not tied to a column. */
  public String column() {
    return column;
  }
}
