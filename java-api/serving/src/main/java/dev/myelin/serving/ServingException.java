package dev.myelin.serving;

/**
 * A failed inference or status call, carrying a protocol-independent {@link Code} (gRPC's status
 * codes) that each front end maps to its own: the REST layer to an HTTP status, a gRPC front end to
 * the code of the same name.
 */
public final class ServingException extends RuntimeException {
  /** gRPC's canonical status codes that the server produces, with the HTTP status REST answers. */
  public enum Code {
    /** The request is malformed: bad JSON, shapes, dtypes, names. */
    INVALID_ARGUMENT(400),
    /** No such model or version. */
    NOT_FOUND(404),
    /** The model exists but cannot answer this request (e.g. classify on a regression model). */
    FAILED_PRECONDITION(400),
    /** The request queue is full (HTTP 429 Too Many Requests). */
    RESOURCE_EXHAUSTED(429),
    /** The body is larger than the server accepts (gRPC says RESOURCE_EXHAUSTED; REST 413). */
    PAYLOAD_TOO_LARGE(413),
    /** The client sent its request too slowly (REST 408). */
    CLIENT_TIMEOUT(408),
    /** The request's deadline passed before the model answered. */
    DEADLINE_EXCEEDED(504),
    /** No version of the model is loaded yet, or the server is shutting down. */
    UNAVAILABLE(503),
    /** The model failed while predicting. */
    INTERNAL(500),
    /** The server does not implement what was asked (e.g. an unknown MultiInference method). */
    UNIMPLEMENTED(501);

    private final int httpStatus;

    Code(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** The HTTP status the REST front ends answer with. */
    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Code code;

  /** An exception with {@code code} and a message for the client. */
  public ServingException(Code code, String message) {
    super(message);
    this.code = code;
  }

  /** An exception with {@code code}, a message for the client and the cause. */
  public ServingException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The status code. */
  public Code code() {
    return code;
  }

  /** An {@link Code#INVALID_ARGUMENT} exception. */
  public static ServingException invalid(String message) {
    return new ServingException(Code.INVALID_ARGUMENT, message);
  }
}
