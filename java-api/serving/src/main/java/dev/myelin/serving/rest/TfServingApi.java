package dev.myelin.serving.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.serving.Classification;
import dev.myelin.serving.InferTensor;
import dev.myelin.serving.InferenceBackend;
import dev.myelin.serving.InferenceRequest;
import dev.myelin.serving.InferenceResult;
import dev.myelin.serving.ModelMetadata;
import dev.myelin.serving.ServingException;
import dev.myelin.serving.TensorSpec;
import dev.myelin.serving.VersionStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * TF-Serving's REST API over an {@link InferenceBackend}: {@code :predict} (row {@code instances}
 * and columnar {@code inputs}), {@code :classify}, {@code :regress}, model status and metadata,
 * with TF-Serving's JSON shapes and {@code {"error": ...}} failures.
 */
final class TfServingApi {
  private final InferenceBackend backend;

  TfServingApi(InferenceBackend backend) {
    this.backend = backend;
  }

  /** {@code GET /v1/models/NAME[/versions/N]}. */
  Reply status(String model, long version) {
    List<VersionStatus> vs = backend.status(model, version);
    return Reply.json(
        Json.write(
            g -> {
              g.writeStartObject();
              g.writeArrayFieldStart("model_version_status");
              for (VersionStatus v : vs) {
                g.writeStartObject();
                g.writeStringField("version", Long.toString(v.version()));
                g.writeStringField("state", v.state().name());
                g.writeObjectFieldStart("status");
                g.writeStringField("error_code", v.error().isEmpty() ? "OK" : "UNKNOWN");
                g.writeStringField("error_message", v.error());
                g.writeEndObject();
                g.writeEndObject();
              }
              g.writeEndArray();
              g.writeEndObject();
            }));
  }

  /** {@code GET /v1/models/NAME[/versions/N]/metadata}: the serving_default signature. */
  Reply metadata(String model, long version) {
    ModelMetadata m = backend.metadata(model, version);
    return Reply.json(
        Json.write(
            g -> {
              g.writeStartObject();
              g.writeObjectFieldStart("model_spec");
              g.writeStringField("name", m.name());
              g.writeStringField("signature_name", "");
              g.writeStringField("version", Long.toString(m.version()));
              g.writeEndObject();
              g.writeObjectFieldStart("metadata");
              g.writeObjectFieldStart("signature_def");
              g.writeObjectFieldStart("signature_def");
              g.writeObjectFieldStart("serving_default");
              specs(g, "inputs", m.inputs());
              specs(g, "outputs", m.outputs());
              g.writeStringField("method_name", "tensorflow/serving/predict");
              g.writeEndObject();
              g.writeEndObject();
              g.writeEndObject();
              g.writeEndObject();
              g.writeEndObject();
            }));
  }

  private static void specs(JsonGenerator g, String field, List<TensorSpec> specs)
      throws IOException {
    g.writeObjectFieldStart(field);
    for (TensorSpec s : specs) {
      g.writeObjectFieldStart(s.name());
      g.writeStringField("dtype", s.tfDtype());
      g.writeObjectFieldStart("tensor_shape");
      g.writeArrayFieldStart("dim");
      for (long d : s.shape()) {
        g.writeStartObject();
        g.writeStringField("size", Long.toString(d));
        g.writeStringField("name", "");
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeBooleanField("unknown_rank", false);
      g.writeEndObject();
      g.writeStringField("name", s.name());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** {@code POST ...:predict}, {@code :classify} or {@code :regress}. */
  CompletableFuture<Reply> call(
      String verb, String model, long version, InputStream body, long deadlineNanos) {
    JsonNode root = Json.parse(body);
    if (!root.isObject()) {
      throw ServingException.invalid(
          "the request body expected a JSON object but was " + Json.kind(root));
    }
    JsonNode sig = root.get("signature_name");
    if (sig != null) {
      String s = sig.isTextual() ? sig.textValue() : sig.toString();
      // "predict" is the name the book's export gives its signature.
      if (!s.isEmpty() && !s.equals("serving_default") && !s.equals("predict")) {
        throw ServingException.invalid(
            "Serving signature name: \""
                + s
                + "\" not found in signature def (expected serving_default or predict)");
      }
    }
    return switch (verb) {
      case "predict" -> predict(root, model, version, deadlineNanos);
      case "classify", "regress" -> classifyOrRegress(verb, root, model, version, deadlineNanos);
      default ->
          throw new ServingException(ServingException.Code.NOT_FOUND, "unknown method :" + verb);
    };
  }

  private CompletableFuture<Reply> predict(
      JsonNode root, String model, long version, long deadline) {
    JsonNode instances = root.get("instances");
    JsonNode inputs = root.get("inputs");
    if ((instances == null) == (inputs == null)) {
      throw ServingException.invalid(
          "the request expected exactly one of \"instances\" (row format) or \"inputs\" (columnar format)");
    }
    boolean rows = instances != null;
    List<InferTensor> tensors = rows ? rowTensors(instances) : columnTensors(inputs);
    return backend
        .infer(new InferenceRequest(model, version, tensors, deadline))
        .thenApply(r -> Reply.json(Json.write(g -> writePredictions(g, r, rows))));
  }

  private static List<InferTensor> rowTensors(JsonNode instances) {
    if (!instances.isArray() || instances.isEmpty()) {
      throw ServingException.invalid(
          "\"instances\" expected a non-empty array but was " + Json.kind(instances));
    }
    if (!instances.get(0).isObject()) {
      return List.of(Json.tensor("", instances, "instances"));
    }
    // Named row format: [{"a": ..., "b": ...}, ...] stacks each name's values.
    List<String> names = new ArrayList<>();
    instances.get(0).fieldNames().forEachRemaining(names::add);
    List<InferTensor> out = new ArrayList<>();
    for (String name : names) {
      List<JsonNode> column = new ArrayList<>();
      for (int i = 0; i < instances.size(); i++) {
        JsonNode inst = instances.get(i);
        if (!inst.isObject() || inst.size() != names.size() || !inst.has(name)) {
          throw ServingException.invalid(
              "instances["
                  + i
                  + "]: expected an object with the keys "
                  + names
                  + " as instances[0] has");
        }
        column.add(inst.get(name));
      }
      out.add(Json.tensor(name, Json.array(column), "instances[*]." + name));
    }
    return out;
  }

  private static List<InferTensor> columnTensors(JsonNode inputs) {
    if (!inputs.isObject()) {
      return List.of(Json.tensor("", inputs, "inputs"));
    }
    List<InferTensor> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = inputs.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.add(Json.tensor(e.getKey(), e.getValue(), "inputs." + e.getKey()));
    }
    if (out.isEmpty()) {
      throw ServingException.invalid("\"inputs\" expected at least one named input but was {}");
    }
    return out;
  }

  private static void writePredictions(JsonGenerator g, InferenceResult r, boolean rows)
      throws IOException {
    List<InferTensor> outs = r.outputs();
    g.writeStartObject();
    if (rows) {
      g.writeFieldName("predictions");
      if (outs.size() == 1) {
        Json.writeNested(g, outs.get(0).data(), outs.get(0).shape());
      } else {
        // Several outputs: one object per instance, keyed by output name.
        int n = outs.get(0).rows();
        g.writeStartArray();
        for (int i = 0; i < n; i++) {
          g.writeStartObject();
          for (InferTensor t : outs) {
            g.writeFieldName(t.name());
            long[] rowShape = java.util.Arrays.copyOfRange(t.shape(), 1, t.shape().length);
            int per = t.data().length / Math.max(1, t.rows());
            Json.writeNested(
                g, java.util.Arrays.copyOfRange(t.data(), i * per, (i + 1) * per), rowShape);
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
    } else {
      g.writeFieldName("outputs");
      if (outs.size() == 1) {
        Json.writeNested(g, outs.get(0).data(), outs.get(0).shape());
      } else {
        g.writeStartObject();
        for (InferTensor t : outs) {
          g.writeFieldName(t.name());
          Json.writeNested(g, t.data(), t.shape());
        }
        g.writeEndObject();
      }
    }
    g.writeEndObject();
  }

  /**
   * {@code :classify} and {@code :regress}: {@code examples} (objects of input name to value,
   * merged with {@code context}) through the model's first output. Classify answers {@code [label,
   * score]} pairs per class (labels are class indices; one sigmoid unit gives classes 0 and 1);
   * regress answers one value per example and needs an output of one unit.
   */
  private CompletableFuture<Reply> classifyOrRegress(
      String verb, JsonNode root, String model, long version, long deadline) {
    JsonNode examples = root.get("examples");
    if (examples == null || !examples.isArray() || examples.isEmpty()) {
      throw ServingException.invalid("\"examples\" expected a non-empty array of objects");
    }
    JsonNode context = root.get("context");
    ModelMetadata meta = backend.metadata(model, version);
    Classification.check(verb, meta);
    List<InferTensor> tensors = new ArrayList<>();
    for (TensorSpec spec : meta.inputs()) {
      List<JsonNode> column = new ArrayList<>();
      for (int i = 0; i < examples.size(); i++) {
        JsonNode ex = examples.get(i);
        if (!ex.isObject()) {
          throw ServingException.invalid(
              "examples[" + i + "]: expected an object but was " + Json.kind(ex));
        }
        JsonNode v = ex.get(spec.name());
        if (v == null && context != null && context.isObject()) {
          v = context.get(spec.name());
        }
        if (v == null && meta.inputs().size() == 1 && ex.size() == 1) {
          v = ex.elements().next(); // one input: its key may be any name
        }
        if (v == null) {
          throw ServingException.invalid(
              "examples["
                  + i
                  + "]: expected the feature '"
                  + spec.name()
                  + "' (the model's input)");
        }
        column.add(v);
      }
      tensors.add(Json.tensor(spec.name(), Json.array(column), "examples[*]." + spec.name()));
    }
    return backend
        .infer(new InferenceRequest(model, version, tensors, deadline))
        .thenApply(
            r ->
                Reply.json(
                    Json.write(
                        g -> {
                          InferTensor y = r.outputs().get(0);
                          g.writeStartObject();
                          g.writeArrayFieldStart("results");
                          for (int i = 0; i < y.rows(); i++) {
                            if (verb.equals("regress")) {
                              g.writeNumber(y.data()[i]);
                              continue;
                            }
                            g.writeStartArray();
                            for (int c = 0; c < Classification.classes(y); c++) {
                              pair(g, Integer.toString(c), Classification.score(y, i, c));
                            }
                            g.writeEndArray();
                          }
                          g.writeEndArray();
                          g.writeEndObject();
                        })));
  }

  private static void pair(JsonGenerator g, String label, float score) throws IOException {
    g.writeStartArray();
    g.writeString(label);
    g.writeNumber(score);
    g.writeEndArray();
  }
}
