package dev.myelin.serving;

import static dev.myelin.serving.Fixtures.http;
import static dev.myelin.serving.GrpcFrontEndTest.assertCode;
import static dev.myelin.serving.GrpcFrontEndTest.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.InputLayer;
import dev.myelin.layers.KerasTensor;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.serving.grpc.proto.kserve.GRPCInferenceServiceGrpc;
import dev.myelin.serving.grpc.proto.kserve.ModelInferRequest;
import dev.myelin.serving.grpc.proto.kserve.ModelInferResponse;
import dev.myelin.serving.grpc.proto.kserve.ModelMetadataRequest;
import dev.myelin.serving.grpc.proto.tf.DataType;
import dev.myelin.serving.grpc.proto.tf.SignatureDef;
import dev.myelin.serving.grpc.proto.tf.TensorProto;
import dev.myelin.serving.grpc.proto.tfs.GetModelMetadataRequest;
import dev.myelin.serving.grpc.proto.tfs.ModelSpec;
import dev.myelin.serving.grpc.proto.tfs.PredictRequest;
import dev.myelin.serving.grpc.proto.tfs.PredictionServiceGrpc;
import dev.myelin.serving.grpc.proto.tfs.SignatureDefMap;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models whose Keras input dtype is an integer (Embedding on token ids), written by real Keras
 * (tests/fixtures/keras_int_inputs.py) and served over TF-Serving REST and gRPC and KServe v2: the
 * signatures name the integer dtype, ids arrive exactly (int64 ids above 2^24 included), and
 * floating-point values for an integer input are INVALID_ARGUMENT naming the input.
 */
class IntegerInputsTest {
  /** The first id float32 cannot hold: rounding it through float32 gives 2^24. */
  static final long BIG = (1L << 24) + 1;

  @TempDir static Path dir;
  static JsonNode cases;
  static ModelServer server;
  static ManagedChannel channel;
  static PredictionServiceGrpc.PredictionServiceBlockingStub tfs;
  static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub kserve;

  @BeforeAll
  static void start() throws Exception {
    Path keras = Files.createDirectories(dir.resolve("keras"));
    run("keras_int_inputs.py", "write", keras.toString());
    cases = Fixtures.JSON.readTree(keras.resolve("keras.json").toFile());
    for (String m : List.of("ids32", "ids64")) {
      Path v = Files.createDirectories(dir.resolve("repo").resolve(m).resolve("1"));
      Files.copy(keras.resolve(m + ".keras"), v.resolve("model.keras"));
    }
    Fixtures.saveVersion(bigVocabulary(), dir.resolve("repo").resolve("vocab"), 1);
    server =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .grpcPort(0)
            .model("ids32", dir.resolve("repo/ids32"))
            .model("ids64", dir.resolve("repo/ids64"))
            .model("vocab", dir.resolve("repo/vocab"))
            .log(new PrintStream(new ByteArrayOutputStream()))
            .start();
    channel = GrpcFrontEndTest.channel(server.grpcPort());
    tfs = PredictionServiceGrpc.newBlockingStub(channel);
    kserve = GRPCInferenceServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  /** Runs a fixture script with python3 (keras 3.15.1, jax); fails with its output if it fails. */
  static void run(String script, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("python3", "../../tests/fixtures/" + script));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putIfAbsent("KERAS_BACKEND", "jax");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), script + " timed out");
    assertEquals(0, p.exitValue(), script + " (python3 with keras==3.15.1 is required):\n" + out);
  }

  /**
   * Input (1,) int64 -> Embedding(2^24 + 2, 1) -> Flatten, every row 0 except row 2^24 + 1 (1.0)
   * and row 2^24 - 1 (2.0): an id rounded through float32 (2^24 + 1 becomes 2^24) answers 0.
   */
  static Model bigVocabulary() {
    InputLayer in = new InputLayer(1).dtype(DType.INT64);
    KerasTensor y = new Flatten().apply(new Embedding(BIG + 1, 1).apply(in.tensor()));
    Model m = new Model(in.tensor(), y);
    float[] rows = new float[(int) BIG + 1];
    rows[(int) BIG] = 1;
    rows[(int) BIG - 2] = 2;
    m.setWeights(List.of(Tensor.fromArray(rows, BIG + 1, 1)));
    return m;
  }

  private static String vocabInput() {
    return server.backend().metadata("vocab", 0).inputs().get(0).name();
  }

  private static long[][] ids(String model) {
    JsonNode in = cases.get(model).get("inputs");
    long[][] out = new long[in.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new long[in.get(i).size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = in.get(i).get(j).longValue();
      }
    }
    return out;
  }

  private static float[] expected(String model) {
    List<Float> out = new ArrayList<>();
    for (JsonNode row : cases.get(model).get("expected")) {
      row.forEach(v -> out.add((float) v.asDouble()));
    }
    float[] f = new float[out.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = out.get(i);
    }
    return f;
  }

  /** Keras's predictions and Myelin's within 1e-5 (two libraries' float32 arithmetic). */
  private static void assertKeras(String model, List<Float> got, String what) {
    float[] want = expected(model);
    assertEquals(want.length, got.size(), what);
    for (int i = 0; i < want.length; i++) {
      if (Math.abs(want[i] - got.get(i)) > 1e-5) {
        fail(what + " value " + i + ": expected " + want[i] + " but was " + got.get(i));
      }
    }
  }

  private static List<Float> floats(JsonNode nested) {
    List<Float> out = new ArrayList<>();
    if (nested.isArray()) {
      nested.forEach(n -> out.addAll(floats(n)));
    } else {
      out.add((float) nested.asDouble());
    }
    return out;
  }

  private static String rows(long[][] ids) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < ids.length; i++) {
      sb.append(i > 0 ? "," : "").append(Arrays.toString(ids[i]));
    }
    return sb.append("]").toString();
  }

  private static TensorProto.Builder proto(DataType type, long[][] ids) {
    TensorProto.Builder t =
        TensorProto.newBuilder().setDtype(type).setTensorShape(shape(ids.length, ids[0].length));
    for (long[] r : ids) {
      for (long v : r) {
        if (type == DataType.DT_INT64) {
          t.addInt64Val(v);
        } else if (type == DataType.DT_FLOAT) {
          t.addFloatVal(v);
        } else {
          t.addIntVal((int) v);
        }
      }
    }
    return t;
  }

  private static ByteString int64Bytes(long[][] ids) {
    ByteBuffer b =
        ByteBuffer.allocate(ids.length * ids[0].length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long[] r : ids) {
      for (long v : r) {
        b.putLong(v);
      }
    }
    return ByteString.copyFrom(b.array());
  }

  private static List<Float> predictTf(String model, String input, TensorProto x) {
    TensorProto y =
        tfs.predict(
                PredictRequest.newBuilder()
                    .setModelSpec(ModelSpec.newBuilder().setName(model))
                    .putInputs(input, x)
                    .build())
            .getOutputsMap()
            .values()
            .iterator()
            .next();
    assertEquals(DataType.DT_FLOAT, y.getDtype());
    return y.getFloatValList();
  }

  private static ModelInferRequest kserveRequest(
      String model, String input, String type, long[][] ids, ByteString raw) {
    return ModelInferRequest.newBuilder()
        .setModelName(model)
        .addInputs(
            ModelInferRequest.InferInputTensor.newBuilder()
                .setName(input)
                .setDatatype(type)
                .addShape(ids.length)
                .addShape(ids[0].length))
        .addRawInputContents(raw)
        .build();
  }

  private static List<Float> kserveInfer(ModelInferRequest r) {
    ModelInferResponse k = kserve.modelInfer(r);
    ByteBuffer y = k.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    List<Float> out = new ArrayList<>();
    while (y.hasRemaining()) {
      out.add(y.getFloat());
    }
    return out;
  }

  @Test
  void signaturesNameTheIntegerDtypes() throws Exception {
    JsonNode sig =
        http(server.port(), "GET", "/v1/models/ids32/metadata", null)
            .json()
            .at("/metadata/signature_def/signature_def/serving_default");
    assertEquals("DT_INT32", sig.at("/inputs/ids/dtype").asText(), sig.toString());
    assertEquals("DT_FLOAT", sig.get("outputs").elements().next().get("dtype").asText());
    JsonNode v2 = http(server.port(), "GET", "/v2/models/ids64", null).json();
    assertEquals("INT64", v2.at("/inputs/0/datatype").asText(), v2.toString());
    assertEquals("tokens", v2.at("/inputs/0/name").asText(), v2.toString());
    assertEquals("FP32", v2.at("/outputs/0/datatype").asText(), v2.toString());
    SignatureDef grpcSig =
        tfs.getModelMetadata(
                GetModelMetadataRequest.newBuilder()
                    .setModelSpec(ModelSpec.newBuilder().setName("ids64"))
                    .addMetadataField("signature_def")
                    .build())
            .getMetadataOrThrow("signature_def")
            .unpack(SignatureDefMap.class)
            .getSignatureDefOrThrow("serving_default");
    assertEquals(DataType.DT_INT64, grpcSig.getInputsOrThrow("tokens").getDtype());
    assertEquals(
        "INT32",
        kserve
            .modelMetadata(ModelMetadataRequest.newBuilder().setName("ids32").build())
            .getInputs(0)
            .getDatatype());
  }

  @Test
  void integerIdsOverEveryProtocolEqualKerasPredictions() throws Exception {
    for (String model : List.of("ids32", "ids64")) {
      long[][] ids = ids(model);
      String input = model.equals("ids32") ? "ids" : "tokens";
      var rest =
          http(
              server.port(),
              "POST",
              "/v1/models/" + model + ":predict",
              "{\"instances\": " + rows(ids) + "}");
      assertEquals(200, rest.status(), rest.body());
      assertKeras(model, floats(rest.json().get("predictions")), model + " REST instances");
      var columnar =
          http(
              server.port(),
              "POST",
              "/v1/models/" + model + ":predict",
              "{\"inputs\": {\"" + input + "\": " + rows(ids) + "}}");
      assertEquals(200, columnar.status(), columnar.body());
      assertKeras(model, floats(columnar.json().get("outputs")), model + " REST columnar");
      assertKeras(model, predictTf(model, input, proto(DataType.DT_INT32, ids).build()), "int_val");
      assertKeras(
          model, predictTf(model, input, proto(DataType.DT_INT64, ids).build()), "int64_val");
      assertKeras(
          model,
          predictTf(
              model,
              input,
              TensorProto.newBuilder()
                  .setDtype(DataType.DT_INT64)
                  .setTensorShape(shape(ids.length, ids[0].length))
                  .setTensorContent(int64Bytes(ids))
                  .build()),
          "int64 tensor_content");
      assertKeras(
          model,
          kserveInfer(kserveRequest(model, input, "INT64", ids, int64Bytes(ids))),
          "KServe INT64 raw");
      var v2 =
          http(
              server.port(),
              "POST",
              "/v2/models/" + model + "/infer",
              "{\"inputs\": [{\"name\": \""
                  + input
                  + "\", \"shape\": ["
                  + ids.length
                  + ", "
                  + ids[0].length
                  + "], \"datatype\": \"INT32\", \"data\": "
                  + rows(ids)
                  + "}]}");
      assertEquals(200, v2.status(), v2.body());
      assertKeras(model, floats(v2.json().at("/outputs/0/data")), "KServe REST INT32 JSON");
    }
    // Warm-up ran on integer zeros, so integer requests replay warmed-up plans: none traced.
    assertEquals(0, ServingWarmUpTest.traces(server, "ids32"));
    assertEquals(0, ServingWarmUpTest.traces(server, "ids64"));
    // The served answers are Myelin's own model.predict on int tensors, within 1e-6.
    Model ids64 = Models.loadModel(dir.resolve("repo/ids64/1/model.keras"));
    long[][] ids = ids("ids64");
    try (Tensor x = Tensor.fromArray(new long[] {999, 0, 512, 3, 4, 5}, 2, 3);
        Tensor y = ids64.predict(x)) {
      float[] want = y.toFloatArray();
      List<Float> got = predictTf("ids64", "tokens", proto(DataType.DT_INT64, ids).build());
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got.get(i), 1e-6, "model.predict value " + i);
      }
    }
  }

  @Test
  void int64IdsAbove2Pow24ArriveExactly() throws Exception {
    long[][] big = {{BIG}, {BIG - 1}, {BIG - 2}};
    List<Float> want = List.of(1f, 0f, 2f);
    var rest =
        http(
            server.port(),
            "POST",
            "/v1/models/vocab:predict",
            "{\"instances\": " + rows(big) + "}");
    assertEquals(200, rest.status(), rest.body());
    assertEquals(want, floats(rest.json().get("predictions")), "REST JSON ids");
    assertEquals(
        want, predictTf("vocab", vocabInput(), proto(DataType.DT_INT64, big).build()), "int64_val");
    assertEquals(
        want,
        kserveInfer(kserveRequest("vocab", vocabInput(), "INT64", big, int64Bytes(big))),
        "KServe INT64 raw");
    // an id beyond the vocabulary is the client's error, not the server's
    var outside =
        http(
            server.port(),
            "POST",
            "/v1/models/vocab:predict",
            "{\"instances\": [[" + (BIG + 1) + "]]}");
    assertEquals(400, outside.status(), outside.body());
    assertTrue(outside.json().get("error").asText().contains("model 'vocab'"), outside.body());
  }

  @Test
  void floatValuesForAnIntegerInputAreInvalidArgumentNamingTheInput() throws Exception {
    String refusal = "input 'ids' expected integer values (its dtype is INT32) but was a floating";
    for (String v : List.of("1.5", "1.0")) {
      var r =
          http(
              server.port(),
              "POST",
              "/v1/models/ids32:predict",
              "{\"instances\": [[" + v + ", 0, 0, 0]]}");
      assertEquals(400, r.status(), r.body());
      assertTrue(r.json().get("error").asText().contains(refusal), r.body());
    }
    long[][] ids = ids("ids32");
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        refusal,
        () -> predictTf("ids32", "ids", proto(DataType.DT_FLOAT, ids).build()));
    ByteBuffer fp32 = ByteBuffer.allocate(ids.length * 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        refusal,
        () ->
            kserve.modelInfer(
                kserveRequest("ids32", "ids", "FP32", ids, ByteString.copyFrom(fp32.array()))));
    var json =
        http(
            server.port(),
            "POST",
            "/v2/models/ids32/infer",
            "{\"inputs\": [{\"name\": \"ids\", \"shape\": [1, 4], \"datatype\": \"INT32\","
                + " \"data\": [1, 2.5, 3, 4]}]}");
    assertEquals(400, json.status(), json.body());
    assertTrue(
        json.json()
            .get("error")
            .asText()
            .contains("expected an integer (datatype INT32) but was 2.5"),
        json.body());
    long[][] wide = {{0, 1L << 31, 0, 0}};
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "input 'ids': value 1 expected an int32 (-2^31 <= v < 2^31, the model input's dtype) but was 2147483648",
        () -> predictTf("ids32", "ids", proto(DataType.DT_INT64, wide).build()));
  }

  private static long batches(ModelServer s, String model) throws Exception {
    var r = http(s.port(), "GET", "/metrics", null);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("myelin_batch_size_count\\{model=\"" + model + "\"} (\\d+)")
            .matcher(r.body());
    assertTrue(m.find(), r.body());
    return Long.parseLong(m.group(1));
  }

  @Test
  void anIdOutsideTheVocabularyFailsOnlyItsOwnRequestInABatch() throws Exception {
    // A 1 s queue delay puts both concurrent requests into one batch (checked by the batch count).
    try (ModelServer s =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .model("ids32", dir.resolve("repo/ids32"))
            .maxQueueDelay(java.time.Duration.ofSeconds(1))
            .log(new PrintStream(new ByteArrayOutputStream()))
            .start()) {
      long before = batches(s, "ids32");
      long[][] ids = ids("ids32");
      var good =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> post(s, "{\"instances\": " + rows(ids) + "}"));
      var bad =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> post(s, "{\"instances\": [[0, 1, 50, 2]]}"));
      Fixtures.Response g = good.get(60, TimeUnit.SECONDS);
      Fixtures.Response b = bad.get(60, TimeUnit.SECONDS);
      assertEquals(200, g.status(), g.body());
      assertKeras("ids32", floats(g.json().get("predictions")), "the good request of the batch");
      assertEquals(400, b.status(), b.body());
      assertTrue(b.json().get("error").asText().startsWith("model 'ids32': "), b.body());
      assertEquals(1, batches(s, "ids32") - before, "the two requests ran as one batch");
    }
  }

  private static Fixtures.Response post(ModelServer s, String body) {
    try {
      return http(s.port(), "POST", "/v1/models/ids32:predict", body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
