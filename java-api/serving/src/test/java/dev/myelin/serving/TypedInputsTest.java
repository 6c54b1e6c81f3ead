package dev.myelin.serving;

import static dev.myelin.serving.Fixtures.ROWS;
import static dev.myelin.serving.Fixtures.http;
import static dev.myelin.serving.GrpcFrontEndTest.assertCode;
import static dev.myelin.serving.GrpcFrontEndTest.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.myelin.models.Model;
import dev.myelin.serving.grpc.proto.kserve.GRPCInferenceServiceGrpc;
import dev.myelin.serving.grpc.proto.kserve.InferTensorContents;
import dev.myelin.serving.grpc.proto.kserve.ModelInferRequest;
import dev.myelin.serving.grpc.proto.kserve.ModelInferResponse;
import dev.myelin.serving.grpc.proto.tf.BytesList;
import dev.myelin.serving.grpc.proto.tf.DataType;
import dev.myelin.serving.grpc.proto.tf.Example;
import dev.myelin.serving.grpc.proto.tf.Feature;
import dev.myelin.serving.grpc.proto.tf.Features;
import dev.myelin.serving.grpc.proto.tf.FloatList;
import dev.myelin.serving.grpc.proto.tf.Int64List;
import dev.myelin.serving.grpc.proto.tf.TensorProto;
import dev.myelin.serving.grpc.proto.tfs.ClassificationRequest;
import dev.myelin.serving.grpc.proto.tfs.ClassificationResponse;
import dev.myelin.serving.grpc.proto.tfs.Classifications;
import dev.myelin.serving.grpc.proto.tfs.ExampleList;
import dev.myelin.serving.grpc.proto.tfs.ExampleListWithContext;
import dev.myelin.serving.grpc.proto.tfs.InferenceResult;
import dev.myelin.serving.grpc.proto.tfs.InferenceTask;
import dev.myelin.serving.grpc.proto.tfs.Input;
import dev.myelin.serving.grpc.proto.tfs.ModelSpec;
import dev.myelin.serving.grpc.proto.tfs.MultiInferenceRequest;
import dev.myelin.serving.grpc.proto.tfs.MultiInferenceResponse;
import dev.myelin.serving.grpc.proto.tfs.PredictRequest;
import dev.myelin.serving.grpc.proto.tfs.PredictionServiceGrpc;
import dev.myelin.serving.grpc.proto.tfs.RegressionRequest;
import dev.myelin.serving.grpc.proto.tfs.RegressionResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * TF-Serving's Classify and Regress over gRPC, and inputs of integer, boolean and string types over
 * REST and gRPC (TF-Serving and KServe): integers float32 holds exactly are taken, others and
 * strings are INVALID_ARGUMENT with the reason.
 */
class TypedInputsTest {
  @TempDir static Path dir;
  static Model wifi;
  static Model reg;
  static ModelServer server;
  static ManagedChannel channel;
  static PredictionServiceGrpc.PredictionServiceBlockingStub tfs;
  static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub kserve;
  static String input;
  static String output;

  @BeforeAll
  static void start() throws Exception {
    wifi = Fixtures.wifiModel(1, 4, "softmax");
    reg = Fixtures.wifiModel(2, 1, "linear");
    Fixtures.saveVersion(wifi, dir.resolve("wifi"), 1);
    Fixtures.saveVersion(reg, dir.resolve("reg"), 1);
    server =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .grpcPort(0)
            .model("wifi", dir.resolve("wifi"))
            .model("reg", dir.resolve("reg"))
            .log(new PrintStream(new ByteArrayOutputStream()))
            .start();
    channel = GrpcFrontEndTest.channel(server.grpcPort());
    tfs = PredictionServiceGrpc.newBlockingStub(channel);
    kserve = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    input = server.backend().metadata("wifi", 0).inputs().get(0).name();
    output = server.backend().metadata("wifi", 0).outputs().get(0).name();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static Example example(float[] row, boolean asInt64) {
    Feature.Builder f = Feature.newBuilder();
    if (asInt64) {
      Int64List.Builder l = Int64List.newBuilder();
      for (float v : row) {
        l.addValue((long) v);
      }
      f.setInt64List(l);
    } else {
      FloatList.Builder l = FloatList.newBuilder();
      for (float v : row) {
        l.addValue(v);
      }
      f.setFloatList(l);
    }
    return Example.newBuilder()
        .setFeatures(Features.newBuilder().putFeature(input, f.build()))
        .build();
  }

  private static Input examples(boolean asInt64, float[]... rows) {
    ExampleList.Builder l = ExampleList.newBuilder();
    for (float[] r : rows) {
      l.addExamples(example(r, asInt64));
    }
    return Input.newBuilder().setExampleList(l).build();
  }

  private static void assertClose(float want, float got, String where) {
    if (Math.abs(want - got) > 1e-6) {
      fail(where + ": expected " + want + " but was " + got);
    }
  }

  @Test
  void classifyOverGrpcAnswersEveryClassWithModelPredictsScores() {
    float[][] p = Fixtures.predict(wifi, ROWS);
    for (boolean asInt64 : new boolean[] {false, true}) {
      ClassificationResponse r =
          tfs.classify(
              ClassificationRequest.newBuilder()
                  .setModelSpec(ModelSpec.newBuilder().setName("wifi"))
                  .setInput(examples(asInt64, ROWS))
                  .build());
      assertEquals(1, r.getModelSpec().getVersion().getValue());
      assertEquals(ROWS.length, r.getResult().getClassificationsCount());
      for (int i = 0; i < ROWS.length; i++) {
        Classifications cs = r.getResult().getClassifications(i);
        assertEquals(4, cs.getClassesCount());
        for (int c = 0; c < 4; c++) {
          assertEquals(Integer.toString(c), cs.getClasses(c).getLabel());
          assertClose(p[i][c], cs.getClasses(c).getScore(), "example " + i + " class " + c);
        }
      }
    }
    // Features missing from an example come from the context.
    Example context = example(ROWS[2], false);
    ClassificationResponse withContext =
        tfs.classify(
            ClassificationRequest.newBuilder()
                .setModelSpec(ModelSpec.newBuilder().setName("wifi"))
                .setInput(
                    Input.newBuilder()
                        .setExampleListWithContext(
                            ExampleListWithContext.newBuilder()
                                .addExamples(Example.getDefaultInstance())
                                .setContext(context)))
                .build());
    assertClose(
        p[2][1], withContext.getResult().getClassifications(0).getClasses(1).getScore(), "context");
  }

  @Test
  void regressOverGrpcAnswersTheSingleUnit() {
    float[][] p = Fixtures.predict(reg, ROWS);
    RegressionResponse r =
        tfs.regress(
            RegressionRequest.newBuilder()
                .setModelSpec(ModelSpec.newBuilder().setName("reg"))
                .setInput(examples(false, ROWS))
                .build());
    assertEquals(ROWS.length, r.getResult().getRegressionsCount());
    for (int i = 0; i < ROWS.length; i++) {
      assertClose(p[i][0], r.getResult().getRegressions(i).getValue(), "example " + i);
    }
  }

  @Test
  void classifyAndRegressRefuseWhatTheyCannotAnswer() {
    assertCode(
        Status.Code.FAILED_PRECONDITION,
        "(None, 1)",
        () ->
            tfs.regress(
                RegressionRequest.newBuilder()
                    .setModelSpec(ModelSpec.newBuilder().setName("wifi"))
                    .setInput(examples(false, ROWS[0]))
                    .build()));
    Example strings =
        Example.newBuilder()
            .setFeatures(
                Features.newBuilder()
                    .putFeature(
                        input,
                        Feature.newBuilder()
                            .setBytesList(
                                BytesList.newBuilder().addValue(ByteString.copyFromUtf8("a")))
                            .build()))
            .build();
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "examples[0] feature '" + input + "': dtype expected a number or boolean type",
        () ->
            tfs.classify(
                ClassificationRequest.newBuilder()
                    .setModelSpec(ModelSpec.newBuilder().setName("wifi"))
                    .setInput(
                        Input.newBuilder()
                            .setExampleList(ExampleList.newBuilder().addExamples(strings)))
                    .build()));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "expected 7 values (input shape [-1, 7]) but was 3",
        () ->
            tfs.classify(
                ClassificationRequest.newBuilder()
                    .setModelSpec(ModelSpec.newBuilder().setName("wifi"))
                    .setInput(examples(false, new float[] {1, 2, 3}))
                    .build()));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "non-empty example list",
        () ->
            tfs.classify(
                ClassificationRequest.newBuilder()
                    .setModelSpec(ModelSpec.newBuilder().setName("wifi"))
                    .build()));
  }

  private static TensorProto.Builder tensor(DataType t) {
    return TensorProto.newBuilder().setDtype(t).setTensorShape(shape(ROWS.length, 7));
  }

  private static List<Float> predictTf(TensorProto x) {
    return tfs.predict(
            PredictRequest.newBuilder()
                .setModelSpec(ModelSpec.newBuilder().setName("wifi"))
                .putInputs(input, x)
                .build())
        .getOutputsOrThrow(output)
        .getFloatValList();
  }

  private static void assertPredictions(float[][] want, List<Float> got, String what) {
    assertEquals(want.length * want[0].length, got.size(), what);
    for (int i = 0; i < want.length; i++) {
      for (int j = 0; j < want[0].length; j++) {
        assertClose(want[i][j], got.get(i * want[0].length + j), what + " [" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void integerTensorsOverTfServingGrpcEqualTheirFloatPredictions() {
    float[][] want = Fixtures.predict(wifi, ROWS);
    TensorProto.Builder i32 = tensor(DataType.DT_INT32);
    TensorProto.Builder i64 = tensor(DataType.DT_INT64);
    ByteBuffer raw32 = ByteBuffer.allocate(ROWS.length * 7 * 4).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer raw64 = ByteBuffer.allocate(ROWS.length * 7 * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : ROWS) {
      for (float v : r) {
        i32.addIntVal((int) v);
        i64.addInt64Val((long) v);
        raw32.putInt((int) v);
        raw64.putLong((long) v);
      }
    }
    assertPredictions(want, predictTf(i32.build()), "int_val");
    assertPredictions(want, predictTf(i64.build()), "int64_val");
    assertPredictions(
        want,
        predictTf(
            tensor(DataType.DT_INT32).setTensorContent(ByteString.copyFrom(raw32.array())).build()),
        "int32 tensor_content");
    assertPredictions(
        want,
        predictTf(
            tensor(DataType.DT_INT64).setTensorContent(ByteString.copyFrom(raw64.array())).build()),
        "int64 tensor_content");
  }

  private static ModelInferRequest kserveRequest(
      String type, int rows, InferTensorContents.Builder contents) {
    return ModelInferRequest.newBuilder()
        .setModelName("wifi")
        .addInputs(
            ModelInferRequest.InferInputTensor.newBuilder()
                .setName(input)
                .setDatatype(type)
                .addShape(rows)
                .addShape(7)
                .setContents(contents))
        .build();
  }

  /** KServe ModelInfer's first output (raw little-endian FP32) as floats. */
  private static List<Float> kserveInfer(String type, int rows, InferTensorContents.Builder c) {
    ModelInferResponse k = kserve.modelInfer(kserveRequest(type, rows, c));
    ByteBuffer y = k.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    List<Float> got = new ArrayList<>();
    while (y.hasRemaining()) {
      got.add(y.getFloat());
    }
    return got;
  }

  @Test
  void booleanTensorsAreOnesAndZeros() {
    float[][] bits = new float[2][7];
    TensorProto.Builder b =
        TensorProto.newBuilder().setDtype(DataType.DT_BOOL).setTensorShape(shape(2, 7));
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 7; j++) {
        boolean on = (i + j) % 2 == 0;
        bits[i][j] = on ? 1 : 0;
        b.addBoolVal(on);
      }
    }
    assertPredictions(Fixtures.predict(wifi, bits), predictTf(b.build()), "bool_val");
    List<Float> got =
        kserveInfer(
            "BOOL", 2, InferTensorContents.newBuilder().addAllBoolContents(b.getBoolValList()));
    assertPredictions(Fixtures.predict(wifi, bits), got, "KServe BOOL");
  }

  @Test
  void integerTensorsOverKServeGrpcEqualTheirFloatPredictions() {
    float[][] want = Fixtures.predict(wifi, ROWS);
    for (String type : List.of("INT32", "INT64", "UINT32")) {
      InferTensorContents.Builder c = InferTensorContents.newBuilder();
      for (float[] r : ROWS) {
        for (float v : r) {
          switch (type) {
            case "INT32" -> c.addIntContents((int) v);
            case "INT64" -> c.addInt64Contents((long) v);
            default -> c.addUintContents((int) Math.abs(v));
          }
        }
      }
      List<Float> got = kserveInfer(type, ROWS.length, c);
      float[][] rows = ROWS;
      if (type.equals("UINT32")) {
        rows = new float[ROWS.length][7];
        for (int i = 0; i < ROWS.length; i++) {
          for (int j = 0; j < 7; j++) {
            rows[i][j] = Math.abs(ROWS[i][j]);
          }
        }
      }
      assertPredictions(Fixtures.predict(wifi, rows), got, "KServe " + type);
    }
  }

  @Test
  void integersFloat32CannotHoldAndStringsAreInvalidArgument() {
    TensorProto.Builder big =
        TensorProto.newBuilder().setDtype(DataType.DT_INT64).setTensorShape(shape(1, 7));
    for (int j = 0; j < 7; j++) {
      big.addInt64Val(j == 3 ? (1L << 24) + 1 : j);
    }
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "value 3 expected an integer float32 holds exactly (|v| <= 2^24) but was 16777217",
        () -> predictTf(big.build()));
    TensorProto.Builder s =
        TensorProto.newBuilder().setDtype(DataType.DT_STRING).setTensorShape(shape(1, 7));
    for (int j = 0; j < 7; j++) {
      s.addStringVal(ByteString.copyFromUtf8("x"));
    }
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "input '"
            + input
            + "': dtype expected a number or boolean type (the model's input is numeric) but was DT_STRING",
        () -> predictTf(s.build()));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "value 0 expected an integer float32 holds exactly",
        () ->
            kserve.modelInfer(
                kserveRequest(
                    "UINT64",
                    1,
                    InferTensorContents.newBuilder()
                        .addAllUint64Contents(Arrays.asList(-1L, 0L, 0L, 0L, 0L, 0L, 0L)))));
  }

  @Test
  void restTakesIntegersAndBooleansAndRefusesInexactIntegersAndStrings() throws Exception {
    float[][] want = Fixtures.predict(wifi, new float[][] {{1, 0, 1, 0, 3, 4, 5}});
    var ok =
        http(
            server.port(),
            "POST",
            "/v1/models/wifi:predict",
            "{\"instances\": [[true, false, true, false, 3, 4, 5]]}");
    assertEquals(200, ok.status(), ok.body());
    Fixtures.assertRows(want, ok.json().get("predictions"));
    var inexact =
        http(
            server.port(),
            "POST",
            "/v1/models/wifi:predict",
            "{\"instances\": [[16777217, 0, 0, 0, 0, 0, 0]]}");
    assertEquals(400, inexact.status(), inexact.body());
    assertTrue(
        inexact
            .json()
            .get("error")
            .asText()
            .contains("expected an integer float32 holds exactly (|v| <= 2^24) but was 16777217"),
        inexact.body());
    var text =
        http(
            server.port(),
            "POST",
            "/v1/models/wifi:predict",
            "{\"instances\": [[\"a\", 0, 0, 0, 0, 0, 0]]}");
    assertEquals(400, text.status(), text.body());
    assertTrue(
        text.json().get("error").asText().contains("expected a number but was a string"),
        text.body());
    var kserveInt =
        http(
            server.port(),
            "POST",
            "/v2/models/wifi/infer",
            "{\"inputs\": [{\"name\": \""
                + input
                + "\", \"shape\": [1, 7], \"datatype\": \"INT64\","
                + " \"data\": [1, 0, 1, 0, 3, 4, 5]}]}");
    assertEquals(200, kserveInt.status(), kserveInt.body());
    JsonNode data = kserveInt.json().get("outputs").get(0).get("data");
    assertEquals(want[0].length, data.size(), data.toString());
    for (int i = 0; i < want[0].length; i++) {
      assertClose(want[0][i], (float) data.get(i).asDouble(), "data[" + i + "]");
    }
  }

  // ---- half and bfloat16 inputs, MultiInference ----

  /** One row of values with hand-computed half bits (IEEE binary16), and its float32 values. */
  static final int[] HALF_BITS = {0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0xD3C0, 0x3555};

  static final float[] HALF_VALUES = {1f, -2f, 0.5f, 65504f, 0x1p-24f, -62f, 1365f / 4096f};

  /** The same for bfloat16 (float32's top 16 bits). */
  static final int[] BF16_BITS = {0x3F80, 0xC000, 0x3F00, 0x477F, 0x0001, 0xC278, 0x3EAB};

  static final float[] BF16_VALUES = {1f, -2f, 0.5f, 65280f, 0x1p-133f, -62f, 171f / 512f};

  private static ByteString shorts(int[] bits) {
    ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : bits) {
      b.putShort((short) v);
    }
    return ByteString.copyFrom(b.array());
  }

  private static ModelInferRequest kserveRaw(String type, ByteString raw) {
    ModelInferRequest r = kserveRequest(type, 1, InferTensorContents.newBuilder());
    return r.toBuilder()
        .setInputs(0, r.getInputs(0).toBuilder().clearContents())
        .addRawInputContents(raw)
        .build();
  }

  @Test
  void halfAndBfloat16InputsAreExactFloat32OverGrpc() {
    for (boolean bf16 : new boolean[] {false, true}) {
      int[] bits = bf16 ? BF16_BITS : HALF_BITS;
      float[][] want = Fixtures.predict(wifi, new float[][] {bf16 ? BF16_VALUES : HALF_VALUES});
      DataType dt = bf16 ? DataType.DT_BFLOAT16 : DataType.DT_HALF;
      TensorProto.Builder t = TensorProto.newBuilder().setDtype(dt).setTensorShape(shape(1, 7));
      for (int v : bits) {
        t.addHalfVal(v); // TensorFlow's half_val: the 16 bits in an int32
      }
      assertPredictions(want, predictTf(t.build()), dt + " half_val");
      assertPredictions(
          want,
          predictTf(t.clearHalfVal().setTensorContent(shorts(bits)).build()),
          dt + " tensor_content");
      String type = bf16 ? "BF16" : "FP16";
      ModelInferResponse k = kserve.modelInfer(kserveRaw(type, shorts(bits)));
      ByteBuffer y =
          k.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      List<Float> got = new ArrayList<>();
      while (y.hasRemaining()) {
        got.add(y.getFloat());
      }
      assertPredictions(want, got, "KServe " + type + " raw");
    }
    TensorProto.Builder inf =
        TensorProto.newBuilder().setDtype(DataType.DT_HALF).setTensorShape(shape(1, 7));
    for (int j = 0; j < 7; j++) {
      inf.addHalfVal(j == 2 ? 0x7C00 : 0x3C00);
    }
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "input '" + input + "': value 2 expected a finite float32 number but was Infinity",
        () -> predictTf(inf.build()));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "expected 14 bytes but was 12 (FP16)",
        () -> kserve.modelInfer(kserveRaw("FP16", shorts(Arrays.copyOf(HALF_BITS, 6)))));
  }

  @Test
  void halfAndBfloat16InputsOverKServeRest() throws Exception {
    for (boolean bf16 : new boolean[] {false, true}) {
      float[][] want = Fixtures.predict(wifi, new float[][] {bf16 ? BF16_VALUES : HALF_VALUES});
      String type = bf16 ? "BF16" : "FP16";
      byte[] raw = shorts(bf16 ? BF16_BITS : HALF_BITS).toByteArray();
      String header =
          "{\"inputs\": [{\"name\": \""
              + input
              + "\", \"shape\": [1, 7], \"datatype\": \""
              + type
              + "\", \"parameters\": {\"binary_data_size\": 14}}],"
              + " \"outputs\": [{\"name\": \""
              + output
              + "\", \"parameters\": {\"binary_data\": false}}]}";
      byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] body = Arrays.copyOf(h, h.length + raw.length);
      System.arraycopy(raw, 0, body, h.length, raw.length);
      var binary =
          Fixtures.raw(
              server.port(),
              ("POST /v2/models/wifi/infer HTTP/1.1\r\nHost: x\r\nContent-Type:"
                      + " application/octet-stream\r\nInference-Header-Content-Length: "
                      + h.length
                      + "\r\nContent-Length: "
                      + body.length
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              body);
      assertEquals(200, binary.status(), binary.body());
      assertKServeRow(want[0], binary.json(), type + " binary");
      // JSON data: the values as doubles, as tritonclient writes a float16 array (tolist())
      StringBuilder data = new StringBuilder();
      for (float v : bf16 ? BF16_VALUES : HALF_VALUES) {
        data.append(data.length() > 0 ? ", " : "").append(Double.toString(v));
      }
      var json =
          http(
              server.port(),
              "POST",
              "/v2/models/wifi/infer",
              "{\"inputs\": [{\"name\": \""
                  + input
                  + "\", \"shape\": [1, 7], \"datatype\": \""
                  + type
                  + "\", \"data\": ["
                  + data
                  + "]}]}");
      assertEquals(200, json.status(), json.body());
      assertKServeRow(want[0], json.json(), type + " JSON");
    }
  }

  private static void assertKServeRow(float[] want, JsonNode answer, String what) {
    JsonNode data = answer.get("outputs").get(0).get("data");
    assertEquals(want.length, data.size(), what + ": " + data);
    for (int i = 0; i < want.length; i++) {
      assertClose(want[i], (float) data.get(i).asDouble(), what + " data[" + i + "]");
    }
  }

  private static MultiInferenceRequest multi(Input in, String... modelAndMethod) {
    MultiInferenceRequest.Builder b = MultiInferenceRequest.newBuilder().setInput(in);
    for (int i = 0; i < modelAndMethod.length; i += 2) {
      b.addTasks(
          InferenceTask.newBuilder()
              .setModelSpec(ModelSpec.newBuilder().setName(modelAndMethod[i]))
              .setMethodName("tensorflow/serving/" + modelAndMethod[i + 1]));
    }
    return b.build();
  }

  @Test
  void multiInferenceAnswersEveryTaskInOrderFromOnePredict() {
    float[][] p = Fixtures.predict(reg, ROWS);
    MultiInferenceResponse r =
        tfs.multiInference(multi(examples(false, ROWS), "reg", "regress", "reg", "classify"));
    assertEquals(2, r.getResultsCount());
    InferenceResult first = r.getResults(0);
    assertEquals("reg", first.getModelSpec().getName());
    assertEquals(1, first.getModelSpec().getVersion().getValue());
    assertEquals(InferenceResult.ResultCase.REGRESSION_RESULT, first.getResultCase());
    InferenceResult second = r.getResults(1);
    assertEquals(InferenceResult.ResultCase.CLASSIFICATION_RESULT, second.getResultCase());
    for (int i = 0; i < ROWS.length; i++) {
      assertClose(
          p[i][0], first.getRegressionResult().getRegressions(i).getValue(), "regress " + i);
      Classifications cs = second.getClassificationResult().getClassifications(i);
      assertEquals(List.of("0", "1"), cs.getClassesList().stream().map(c -> c.getLabel()).toList());
      assertClose(p[i][0], cs.getClasses(1).getScore(), "classify " + i + " class 1");
      assertClose(1 - p[i][0], cs.getClasses(0).getScore(), "classify " + i + " class 0");
    }
    // one classify task alone, on int64 features, equals Classify
    float[][] w = Fixtures.predict(wifi, ROWS);
    MultiInferenceResponse one =
        tfs.multiInference(multi(examples(true, ROWS), "wifi", "classify"));
    assertEquals(1, one.getResultsCount());
    for (int c = 0; c < 4; c++) {
      assertClose(
          w[3][c],
          one.getResults(0)
              .getClassificationResult()
              .getClassifications(3)
              .getClasses(c)
              .getScore(),
          "wifi example 3 class " + c);
    }
  }

  @Test
  void multiInferenceRefusesAsTfServingDoes() {
    Input in = examples(false, ROWS[0]);
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "All ModelSpecs in a MultiInferenceRequest must access the same model name.",
        () -> tfs.multiInference(multi(in, "reg", "regress", "wifi", "classify")));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "Duplicate evaluation of signature: serving_default (method_name tensorflow/serving/classify)",
        () -> tfs.multiInference(multi(in, "wifi", "classify", "wifi", "classify")));
    assertCode(
        Status.Code.UNIMPLEMENTED,
        "Unsupported signature method_name: tensorflow/serving/predict",
        () -> tfs.multiInference(multi(in, "wifi", "predict")));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "tasks expected at least one task",
        () -> tfs.multiInference(multi(in)));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "Found ModelSpec with an empty model name.",
        () -> tfs.multiInference(multi(in, "", "classify")));
    assertCode(
        Status.Code.FAILED_PRECONDITION,
        "regress needs a model whose first output has shape (None, 1)",
        () -> tfs.multiInference(multi(in, "wifi", "classify", "wifi", "regress")));
    assertCode(
        Status.Code.NOT_FOUND, "nope", () -> tfs.multiInference(multi(in, "nope", "classify")));
  }
}
