package dev.myelin.data.embeddings;

import java.nio.file.Path;

/**
 * A malformed embeddings file: the message names the file, the line, what was expected and found.
 */
public final class EmbeddingFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The file (transient: a {@code Path} is not serializable; null after deserialization). */
  private final transient Path file;

  /** The 1-based line, 0 when the failure is not on one line. */
  private final int line;

  EmbeddingFormatException(Path file, int line, String expected, String actual) {
    super(
        "embeddings file "
            + file
            + (line > 0 ? ", line " + line : "")
            + ": expected "
            + expected
            + " but was "
            + actual);
    this.file = file;
    this.line = line;
  }

  /** The file that failed to parse (null on a deserialized copy). */
  public Path file() {
    return file;
  }

  /** The 1-based line (for binary files, the entry after the header) that failed, or 0. */
  public int line() {
    return line;
  }
}
