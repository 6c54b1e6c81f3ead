package dev.myelin.serving.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.myelin.serving.ServingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP answer before it is written: status, content type, body and extra headers.
 *
 * @param status the HTTP status
 * @param contentType the Content-Type
 * @param body the body bytes
 * @param headers extra headers (e.g. KServe's Inference-Header-Content-Length)
 * @param error the error message for the access log, or null
 */
record Reply(
    int status, String contentType, byte[] body, Map<String, String> headers, String error) {
  static final String JSON = "application/json";

  /** A 200 JSON answer. */
  static Reply json(byte[] body) {
    return new Reply(200, JSON, body, Map.of(), null);
  }

  /** A JSON answer with {@code status}. */
  static Reply json(int status, byte[] body) {
    return new Reply(status, JSON, body, Map.of(), null);
  }

  /** {@code {"error": message}} with {@code status}. */
  static Reply error(int status, String message) {
    byte[] body =
        Json.write(
            g -> {
              g.writeStartObject();
              g.writeStringField("error", message);
              g.writeEndObject();
            });
    return new Reply(status, JSON, body, Map.of(), message);
  }

  /** The REST form of a serving failure. */
  static Reply of(ServingException e) {
    return error(e.code().httpStatus(), e.getMessage());
  }

  /** A plain-text answer (Prometheus metrics). */
  static Reply text(String contentType, String text) {
    return new Reply(200, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of(), null);
  }

  /** Writes a JSON document; the callback may throw IOException. */
  interface Writer {
    /** Writes into {@code g}. */
    void write(JsonGenerator g) throws java.io.IOException;
  }
}
