package dev.myelin.bridge;

/**
 * CPython could not be started inside this JVM (no Python, no Jep native library, or a failed
 * initialisation); the message says what to install.
 */
public class PythonUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** What went wrong and what to install; {@code cause} is the underlying failure or null. */
  public PythonUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
