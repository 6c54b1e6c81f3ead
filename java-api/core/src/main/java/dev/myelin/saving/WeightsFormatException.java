package dev.myelin.saving;

import java.nio.file.Path;

/** A weights or model file that is corrupt or laid out in a way Myelin does not read. */
public final class WeightsFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The problem {@code problem} in {@code file}, with its {@code cause} (may be null). */
  public WeightsFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }

  /** The problem {@code problem} in {@code file}. */
  public WeightsFormatException(Path file, String problem) {
    this(file, problem, null);
  }
}
