package dev.myelin.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.time.Instant;

/**
 * Structured access logs: one JSON object per answered request and line ({@code time}, {@code
 * remote}, {@code method}, {@code path}, {@code status}, {@code bytes_in}, {@code bytes_out},
 * {@code duration_ms}, and {@code error} for failures), so log pipelines parse them without
 * regexes.
 */
public final class AccessLog {
  private static final JsonFactory JSON = new JsonFactory();
  private final PrintStream out;

  /** Writes to {@code out}; {@code null} logs nothing. */
  public AccessLog(PrintStream out) {
    this.out = out;
  }

  /** Logs one request. */
  public void log(
      String remote,
      String method,
      String path,
      int status,
      long bytesIn,
      long bytesOut,
      double millis,
      String error) {
    if (out == null) {
      return;
    }
    StringWriter w = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("time", Instant.now().toString());
      g.writeStringField("remote", remote);
      g.writeStringField("method", method);
      g.writeStringField("path", path);
      g.writeNumberField("status", status);
      g.writeNumberField("bytes_in", bytesIn);
      g.writeNumberField("bytes_out", bytesOut);
      g.writeNumberField("duration_ms", Math.round(millis * 1000) / 1000.0);
      if (error != null) {
        g.writeStringField("error", error);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("access log: " + e.getMessage(), e);
    }
    synchronized (out) {
      out.println(w);
    }
  }
}
