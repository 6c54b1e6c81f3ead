package dev.myelin.serving.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.Myelin;
import dev.myelin.serving.InferTensor;
import dev.myelin.serving.InferenceBackend;
import dev.myelin.serving.InferenceRequest;
import dev.myelin.serving.InferenceResult;
import dev.myelin.serving.ModelMetadata;
import dev.myelin.serving.ServingException;
import dev.myelin.serving.TensorSpec;
import dev.myelin.serving.Values;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The KServe v2 / Open Inference Protocol REST API (what Triton and MLServer speak, and {@code
 * tritonclient.http} calls): health, server and model metadata, readiness and {@code infer} with
 * JSON tensors and the binary tensor data extension.
 */
final class KServeApi {
  /** KServe datatypes accepted as input, with their byte size in binary data. */
  private static final Map<String, Integer> DATATYPES = Values.WIDTHS;

  private final InferenceBackend backend;

  KServeApi(InferenceBackend backend) {
    this.backend = backend;
  }

  /** {@code GET /v2}: the server's name, version and protocol extensions. */
  Reply server() {
    return Reply.json(
        Json.write(
            g -> {
              g.writeStartObject();
              g.writeStringField("name", "myelin");
              g.writeStringField("version", Myelin.version());
              g.writeArrayFieldStart("extensions");
              g.writeString("binary_tensor_data");
              g.writeEndArray();
              g.writeEndObject();
            }));
  }

  /** {@code GET /v2/models/NAME[/versions/N]}. */
  Reply metadata(String model, long version) {
    ModelMetadata m = backend.metadata(model, version);
    return Reply.json(
        Json.write(
            g -> {
              g.writeStartObject();
              g.writeStringField("name", m.name());
              g.writeArrayFieldStart("versions");
              g.writeString(Long.toString(m.version()));
              g.writeEndArray();
              g.writeStringField("platform", "myelin_keras");
              specs(g, "inputs", m.inputs());
              specs(g, "outputs", m.outputs());
              g.writeEndObject();
            }));
  }

  private static void specs(JsonGenerator g, String field, List<TensorSpec> specs)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (TensorSpec s : specs) {
      g.writeStartObject();
      g.writeStringField("name", s.name());
      g.writeStringField("datatype", s.datatype());
      g.writeArrayFieldStart("shape");
      for (long d : s.shape()) {
        g.writeNumber(d);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** {@code GET /v2/models/NAME[/versions/N]/ready}: 200 when ready, else 503. */
  Reply ready(String model, long version) {
    boolean ready = backend.isReady(model, version);
    return Reply.json(
        ready ? 200 : 503,
        Json.write(
            g -> {
              g.writeStartObject();
              g.writeStringField("name", model);
              g.writeBooleanField("ready", ready);
              g.writeEndObject();
            }));
  }

  /**
   * {@code POST /v2/models/NAME[/versions/N]/infer}. With an {@code
   * Inference-Header-Content-Length} header the body is that many bytes of JSON followed by the
   * binary tensors the JSON's {@code binary_data_size} parameters describe.
   */
  CompletableFuture<Reply> infer(
      String model, long version, byte[] body, String headerLength, long deadlineNanos) {
    int jsonLength = body.length;
    if (headerLength != null) {
      try {
        jsonLength = Integer.parseInt(headerLength.trim());
      } catch (NumberFormatException e) {
        throw ServingException.invalid(
            "header Inference-Header-Content-Length expected an integer but was \""
                + headerLength
                + "\"");
      }
      if (jsonLength < 0 || jsonLength > body.length) {
        throw ServingException.invalid(
            "header Inference-Header-Content-Length expected 0.."
                + body.length
                + " but was "
                + jsonLength);
      }
    }
    JsonNode root = Json.parse(new ByteArrayInputStream(body, 0, jsonLength));
    if (!root.isObject()) {
      throw ServingException.invalid(
          "the request body expected a JSON object but was " + Json.kind(root));
    }
    JsonNode inputs = root.get("inputs");
    if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
      throw ServingException.invalid("\"inputs\" expected a non-empty array of tensors");
    }
    int binaryAt = jsonLength;
    List<InferTensor> tensors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      JsonNode in = inputs.get(i);
      String what = "inputs[" + i + "]";
      if (!in.isObject()) {
        throw ServingException.invalid(what + ": expected an object but was " + Json.kind(in));
      }
      String name = text(in, "name", what);
      if (!seen.add(name)) {
        throw ServingException.invalid(what + ": input '" + name + "' is given twice");
      }
      String datatype = text(in, "datatype", what);
      if (!DATATYPES.containsKey(datatype)) {
        throw ServingException.invalid(
            what
                + ": datatype expected one of "
                + new java.util.TreeSet<>(DATATYPES.keySet())
                + " but was \""
                + datatype
                + "\"");
      }
      long[] shape = shape(in.get("shape"), what);
      long count = 1;
      for (long d : shape) {
        count = Math.multiplyExact(count, d);
      }
      if (count > body.length) {
        throw ServingException.invalid(
            what
                + ": shape "
                + java.util.Arrays.toString(shape)
                + " holds more values than the request could carry");
      }
      JsonNode size = in.path("parameters").get("binary_data_size");
      if (size != null) {
        long bytes = size.asLong(-1);
        long want = count * DATATYPES.get(datatype);
        if (bytes != want || binaryAt + bytes > body.length) {
          throw ServingException.invalid(
              what
                  + ": binary_data_size expected "
                  + want
                  + " bytes for "
                  + datatype
                  + " "
                  + java.util.Arrays.toString(shape)
                  + " (with "
                  + (body.length - binaryAt)
                  + " binary bytes left) but was "
                  + size);
        }
        tensors.add(
            Values.fromBytes(
                what,
                name,
                shape,
                java.nio.ByteBuffer.wrap(body, binaryAt, (int) bytes),
                (int) count,
                datatype));
        binaryAt += (int) bytes;
      } else {
        JsonNode d = in.get("data");
        if (d == null) {
          throw ServingException.invalid(
              what + ": expected \"data\" or a binary_data_size parameter");
        }
        // The declared datatype decides: integer types stay exact integers, FP16/BF16 JSON data
        // are the numbers themselves (tritonclient writes them as decimal floats).
        tensors.add(
            Values.isFloating(datatype)
                ? new InferTensor(name, shape, Json.flat(d, count, what + ".data"))
                : InferTensor.ofIntegers(
                    name, shape, Json.flatIntegers(d, count, what + ".data", datatype)));
      }
    }
    if (binaryAt != body.length) {
      throw ServingException.invalid(
          "the request carries "
              + (body.length - binaryAt)
              + " binary bytes that no input's binary_data_size claims");
    }
    long deadline = deadlineNanos;
    JsonNode timeout =
        root.path("parameters").get("timeout"); // microseconds, as tritonclient sends
    if (timeout != null && timeout.canConvertToLong() && timeout.asLong() > 0) {
      deadline = Math.min(deadline, System.nanoTime() + timeout.asLong() * 1000);
    }
    Set<String> binaryOut = new HashSet<>();
    Set<String> wanted = new HashSet<>();
    boolean allBinary = root.path("parameters").path("binary_data_output").asBoolean(false);
    JsonNode outputs = root.get("outputs");
    if (outputs != null) {
      if (!outputs.isArray()) {
        throw ServingException.invalid(
            "\"outputs\" expected an array but was " + Json.kind(outputs));
      }
      for (JsonNode o : outputs) {
        String name = text(o, "name", "outputs[]");
        wanted.add(name);
        if (o.path("parameters").path("binary_data").asBoolean(allBinary)) {
          binaryOut.add(name);
        }
      }
      List<String> known =
          backend.metadata(model, version).outputs().stream().map(TensorSpec::name).toList();
      for (String w : wanted) {
        if (!known.contains(w)) {
          throw ServingException.invalid("requested output '" + w + "' expected one of " + known);
        }
      }
    }
    String id = root.has("id") ? root.get("id").asText() : null;
    return backend
        .infer(new InferenceRequest(model, version, tensors, deadline))
        .thenApply(r -> reply(r, id, wanted, binaryOut, allBinary));
  }

  private static Reply reply(
      InferenceResult r, String id, Set<String> wanted, Set<String> binaryOut, boolean allBinary) {
    List<InferTensor> outs =
        r.outputs().stream().filter(t -> wanted.isEmpty() || wanted.contains(t.name())).toList();
    ByteArrayOutputStream binary = new ByteArrayOutputStream();
    byte[] header =
        Json.write(
            g -> {
              g.writeStartObject();
              g.writeStringField("model_name", r.model());
              g.writeStringField("model_version", Long.toString(r.version()));
              if (id != null) {
                g.writeStringField("id", id);
              }
              g.writeArrayFieldStart("outputs");
              for (InferTensor t : outs) {
                g.writeStartObject();
                g.writeStringField("name", t.name());
                g.writeStringField("datatype", "FP32");
                g.writeArrayFieldStart("shape");
                for (long d : t.shape()) {
                  g.writeNumber(d);
                }
                g.writeEndArray();
                if (binaryOut.contains(t.name()) || (wanted.isEmpty() && allBinary)) {
                  ByteBuffer b =
                      ByteBuffer.allocate(t.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                  b.asFloatBuffer().put(t.data());
                  binary.write(b.array(), 0, b.capacity());
                  g.writeObjectFieldStart("parameters");
                  g.writeNumberField("binary_data_size", b.capacity());
                  g.writeEndObject();
                } else {
                  g.writeArrayFieldStart("data");
                  for (float v : t.data()) {
                    g.writeNumber(v);
                  }
                  g.writeEndArray();
                }
                g.writeEndObject();
              }
              g.writeEndArray();
              g.writeEndObject();
            });
    if (binary.size() == 0) {
      return Reply.json(header);
    }
    byte[] body = new byte[header.length + binary.size()];
    System.arraycopy(header, 0, body, 0, header.length);
    System.arraycopy(binary.toByteArray(), 0, body, header.length, binary.size());
    return new Reply(
        200,
        "application/octet-stream",
        body,
        Map.of("Inference-Header-Content-Length", Integer.toString(header.length)),
        null);
  }

  private static String text(JsonNode n, String field, String what) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw ServingException.invalid(
          what
              + ": \""
              + field
              + "\" expected a string but was "
              + (v == null ? "missing" : Json.kind(v)));
    }
    return v.textValue();
  }

  private static long[] shape(JsonNode n, String what) {
    if (n == null || !n.isArray()) {
      throw ServingException.invalid(
          what
              + ": \"shape\" expected an array of sizes but was "
              + (n == null ? "missing" : Json.kind(n)));
    }
    long[] s = new long[n.size()];
    for (int i = 0; i < s.length; i++) {
      JsonNode d = n.get(i);
      if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
        throw ServingException.invalid(
            what + ": \"shape\" expected non-negative integers but was " + n);
      }
      s[i] = d.asLong();
    }
    return s;
  }
}
