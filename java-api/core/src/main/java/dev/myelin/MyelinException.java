package dev.myelin;

/**
 * A failure reported by the native core that is not an argument error: memory exhaustion ({@link
 * #MEMORY}), a backend (oneDNN) error or an internal bug.
 */
public class MyelinException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Native status: allocation failed. */
  public static final int MEMORY = 5;

  /** Native status: oneDNN or another backend reported an error. */
  public static final int BACKEND = 6;

  /** Native status: a bug in the native core. */
  public static final int INTERNAL = 7;

  /** The native status code (part of the serialized form). */
  private final int status;

  /** Creates an exception carrying the native status code and message. */
  public MyelinException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The native {@code mln_status} code (5 memory, 6 backend, 7 internal). */
  public int status() {
    return status;
  }

  /** Whether this reports an out-of-memory condition. */
  public boolean isOutOfMemory() {
    return status == MEMORY;
  }
}
