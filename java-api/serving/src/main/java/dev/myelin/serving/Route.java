package dev.myelin.serving;

/**
 * A custom HTTP endpoint (the book's Flask-style {@code POST /}): it gets the raw request body and
 * returns the JSON text to answer with. A {@link ServingException} becomes its HTTP status, an
 * {@link IllegalArgumentException} a 400, anything else a 500; all with {@code {"error": ...}}.
 * Routes run on a worker pool, never on the network threads, so they may block on a prediction.
 */
@FunctionalInterface
public interface Route {
  /** Answers one request. */
  String handle(byte[] body) throws Exception;
}
