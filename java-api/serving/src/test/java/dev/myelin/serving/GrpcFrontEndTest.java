package dev.myelin.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import dev.myelin.models.Model;
import dev.myelin.serving.grpc.proto.kserve.GRPCInferenceServiceGrpc;
import dev.myelin.serving.grpc.proto.kserve.InferTensorContents;
import dev.myelin.serving.grpc.proto.kserve.ModelInferRequest;
import dev.myelin.serving.grpc.proto.kserve.ModelInferResponse;
import dev.myelin.serving.grpc.proto.kserve.ModelMetadataRequest;
import dev.myelin.serving.grpc.proto.kserve.ModelMetadataResponse;
import dev.myelin.serving.grpc.proto.kserve.ModelReadyRequest;
import dev.myelin.serving.grpc.proto.kserve.ServerLiveRequest;
import dev.myelin.serving.grpc.proto.kserve.ServerMetadataRequest;
import dev.myelin.serving.grpc.proto.kserve.ServerReadyRequest;
import dev.myelin.serving.grpc.proto.tf.DataType;
import dev.myelin.serving.grpc.proto.tf.SignatureDef;
import dev.myelin.serving.grpc.proto.tf.TensorProto;
import dev.myelin.serving.grpc.proto.tf.TensorShapeProto;
import dev.myelin.serving.grpc.proto.tfs.GetModelMetadataRequest;
import dev.myelin.serving.grpc.proto.tfs.GetModelMetadataResponse;
import dev.myelin.serving.grpc.proto.tfs.GetModelStatusRequest;
import dev.myelin.serving.grpc.proto.tfs.GetModelStatusResponse;
import dev.myelin.serving.grpc.proto.tfs.ModelServiceGrpc;
import dev.myelin.serving.grpc.proto.tfs.ModelSpec;
import dev.myelin.serving.grpc.proto.tfs.ModelVersionStatus;
import dev.myelin.serving.grpc.proto.tfs.PredictRequest;
import dev.myelin.serving.grpc.proto.tfs.PredictResponse;
import dev.myelin.serving.grpc.proto.tfs.PredictionServiceGrpc;
import dev.myelin.serving.grpc.proto.tfs.SignatureDefMap;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every gRPC method (TF-Serving and KServe v2) of a server on loopback, answers and errors. */
class GrpcFrontEndTest {
  @TempDir static Path dir;
  static Model wifi;
  static ModelServer server;
  static ManagedChannel channel;
  static PredictionServiceGrpc.PredictionServiceBlockingStub tfs;
  static ModelServiceGrpc.ModelServiceBlockingStub status;
  static GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub kserve;
  static final ByteArrayOutputStream accessLog = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    wifi = Fixtures.wifiModel(1, 4, "softmax");
    Fixtures.saveVersion(wifi, dir.resolve("wifi"), 2);
    server =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .grpcPort(0)
            .model("wifi", dir.resolve("wifi"))
            .maxRequestBytes(64 * 1024)
            .accessLog(new PrintStream(accessLog, true, java.nio.charset.StandardCharsets.UTF_8))
            .log(new PrintStream(new ByteArrayOutputStream()))
            .start();
    channel = channel(server.grpcPort());
    tfs = PredictionServiceGrpc.newBlockingStub(channel);
    status = ModelServiceGrpc.newBlockingStub(channel);
    kserve = GRPCInferenceServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  static ManagedChannel channel(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .maxInboundMessageSize(1 << 20)
        .build();
  }

  static TensorShapeProto shape(long... dims) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    for (long d : dims) {
      b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return b.build();
  }

  static TensorProto floatTensor(float[][] rows) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_FLOAT)
            .setTensorShape(shape(rows.length, rows[0].length));
    for (float[] r : rows) {
      for (float v : r) {
        t.addFloatVal(v);
      }
    }
    return t.build();
  }

  static ByteString littleEndian(float[][] rows, boolean doubles) {
    ByteBuffer b =
        ByteBuffer.allocate(rows.length * rows[0].length * (doubles ? 8 : 4))
            .order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : rows) {
      for (float v : r) {
        if (doubles) {
          b.putDouble(v);
        } else {
          b.putFloat(v);
        }
      }
    }
    return ByteString.copyFrom(b.array());
  }

  static String inputName() {
    return server.backend().metadata("wifi", 0).inputs().get(0).name();
  }

  static String outputName() {
    return server.backend().metadata("wifi", 0).outputs().get(0).name();
  }

  static PredictRequest predict(TensorProto x) {
    return PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setName("wifi"))
        .putInputs(inputName(), x)
        .build();
  }

  static void assertRows(float[][] want, List<Float> got, List<Long> shape) {
    assertEquals(List.of((long) want.length, (long) want[0].length), shape);
    for (int i = 0; i < want.length; i++) {
      for (int j = 0; j < want[i].length; j++) {
        float g = got.get(i * want[i].length + j);
        if (Math.abs(g - want[i][j]) > 1e-6) {
          fail("row " + i + " col " + j + ": expected " + want[i][j] + " but was " + g);
        }
      }
    }
  }

  static List<Long> dims(TensorProto t) {
    return t.getTensorShape().getDimList().stream().map(TensorShapeProto.Dim::getSize).toList();
  }

  static void assertCode(Status.Code code, String message, Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    String d = String.valueOf(e.getStatus().getDescription());
    assertTrue(d.contains(message), d);
  }

  @Test
  void tfServingPredictEqualsModelPredict() {
    float[][] want = Fixtures.predict(wifi, Fixtures.ROWS);
    PredictResponse r = tfs.predict(predict(floatTensor(Fixtures.ROWS)));
    assertEquals("wifi", r.getModelSpec().getName());
    assertEquals(2, r.getModelSpec().getVersion().getValue());
    TensorProto y = r.getOutputsOrThrow(outputName());
    assertEquals(DataType.DT_FLOAT, y.getDtype());
    assertRows(want, y.getFloatValList(), dims(y));

    // tensor_content in float32 and float64, an explicit version and signature, an output filter
    for (boolean doubles : new boolean[] {false, true}) {
      TensorProto x =
          TensorProto.newBuilder()
              .setDtype(doubles ? DataType.DT_DOUBLE : DataType.DT_FLOAT)
              .setTensorShape(shape(5, 7))
              .setTensorContent(littleEndian(Fixtures.ROWS, doubles))
              .build();
      PredictRequest req =
          PredictRequest.newBuilder()
              .setModelSpec(
                  ModelSpec.newBuilder()
                      .setName("wifi")
                      .setVersion(Int64Value.of(2))
                      .setSignatureName("serving_default"))
              .putInputs(inputName(), x)
              .addOutputFilter(outputName())
              .build();
      TensorProto z = tfs.predict(req).getOutputsOrThrow(outputName());
      assertRows(want, z.getFloatValList(), dims(z));
    }
  }

  @Test
  void tfServingMetadataAndStatus() throws Exception {
    GetModelMetadataResponse m =
        tfs.getModelMetadata(
            GetModelMetadataRequest.newBuilder()
                .setModelSpec(ModelSpec.newBuilder().setName("wifi"))
                .addMetadataField("signature_def")
                .build());
    assertEquals(2, m.getModelSpec().getVersion().getValue());
    SignatureDef sig =
        m.getMetadataOrThrow("signature_def")
            .unpack(SignatureDefMap.class)
            .getSignatureDefOrThrow("serving_default");
    assertEquals(List.of(-1L, 7L), dims(sig.getInputsOrThrow(inputName()).getTensorShape()));
    assertEquals(List.of(-1L, 4L), dims(sig.getOutputsOrThrow(outputName()).getTensorShape()));
    assertEquals(DataType.DT_FLOAT, sig.getInputsOrThrow(inputName()).getDtype());

    GetModelStatusResponse s =
        status.getModelStatus(
            GetModelStatusRequest.newBuilder()
                .setModelSpec(ModelSpec.newBuilder().setName("wifi"))
                .build());
    assertEquals(1, s.getModelVersionStatusCount());
    assertEquals(2, s.getModelVersionStatus(0).getVersion());
    assertEquals(ModelVersionStatus.State.AVAILABLE, s.getModelVersionStatus(0).getState());
  }

  static List<Long> dims(TensorShapeProto s) {
    return s.getDimList().stream().map(TensorShapeProto.Dim::getSize).toList();
  }

  @Test
  void kserveHealthMetadataAndInfer() {
    assertTrue(kserve.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
    assertTrue(kserve.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
    assertTrue(
        kserve.modelReady(ModelReadyRequest.newBuilder().setName("wifi").build()).getReady());
    assertFalse(
        kserve
            .modelReady(ModelReadyRequest.newBuilder().setName("wifi").setVersion("1").build())
            .getReady());
    assertEquals(
        "myelin", kserve.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName());
    ModelMetadataResponse md =
        kserve.modelMetadata(ModelMetadataRequest.newBuilder().setName("wifi").build());
    assertEquals(List.of("2"), md.getVersionsList());
    assertEquals(List.of(-1L, 7L), md.getInputs(0).getShapeList());
    assertEquals("FP32", md.getOutputs(0).getDatatype());

    float[][] want = Fixtures.predict(wifi, Fixtures.ROWS);
    // raw_input_contents (what tritonclient sends) and typed contents
    for (boolean raw : new boolean[] {true, false}) {
      ModelInferRequest.InferInputTensor.Builder in =
          ModelInferRequest.InferInputTensor.newBuilder()
              .setName(inputName())
              .setDatatype("FP32")
              .addShape(5)
              .addShape(7);
      ModelInferRequest.Builder req =
          ModelInferRequest.newBuilder().setModelName("wifi").setId("req-" + raw);
      if (raw) {
        req.addRawInputContents(littleEndian(Fixtures.ROWS, false));
      } else {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        for (float[] r : Fixtures.ROWS) {
          for (float v : r) {
            c.addFp32Contents(v);
          }
        }
        in.setContents(c);
      }
      ModelInferResponse r = kserve.modelInfer(req.addInputs(in).build());
      assertEquals("req-" + raw, r.getId());
      assertEquals("2", r.getModelVersion());
      assertEquals(outputName(), r.getOutputs(0).getName());
      ByteBuffer b =
          r.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      List<Float> got = new java.util.ArrayList<>();
      while (b.hasRemaining()) {
        got.add(b.getFloat());
      }
      assertRows(want, got, r.getOutputs(0).getShapeList());
    }
  }

  @Test
  void errorsCarryTheirCodesAndMessages() {
    TensorProto x = floatTensor(Fixtures.ROWS);
    assertCode(
        Status.Code.NOT_FOUND,
        "nope",
        () ->
            tfs.predict(
                PredictRequest.newBuilder()
                    .setModelSpec(ModelSpec.newBuilder().setName("nope"))
                    .putInputs(inputName(), x)
                    .build()));
    assertCode(
        Status.Code.NOT_FOUND,
        "7",
        () ->
            tfs.predict(
                PredictRequest.newBuilder()
                    .setModelSpec(
                        ModelSpec.newBuilder().setName("wifi").setVersion(Int64Value.of(7)))
                    .putInputs(inputName(), x)
                    .build()));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "expected 35 values but was 34",
        () ->
            tfs.predict(
                predict(
                    x.toBuilder()
                        .clearFloatVal()
                        .addAllFloatVal(x.getFloatValList().subList(1, 35))
                        .build())));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "but was DT_STRING (strings are not converted)",
        () -> tfs.predict(predict(x.toBuilder().setDtype(DataType.DT_STRING).build())));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "expected 140 bytes but was 3",
        () ->
            tfs.predict(
                predict(
                    x.toBuilder()
                        .clearFloatVal()
                        .setTensorContent(ByteString.copyFromUtf8("abc"))
                        .build())));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "not found in signature def",
        () ->
            tfs.predict(
                predict(x).toBuilder()
                    .setModelSpec(ModelSpec.newBuilder().setName("wifi").setSignatureName("x"))
                    .build()));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "output_filter 'zz'",
        () -> tfs.predict(predict(x).toBuilder().addOutputFilter("zz").build()));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "metadata_field",
        () ->
            tfs.getModelMetadata(
                GetModelMetadataRequest.newBuilder()
                    .setModelSpec(ModelSpec.newBuilder().setName("wifi"))
                    .build()));
    assertCode(
        Status.Code.NOT_FOUND,
        "nope",
        () ->
            status.getModelStatus(
                GetModelStatusRequest.newBuilder()
                    .setModelSpec(ModelSpec.newBuilder().setName("nope"))
                    .build()));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "but was BYTES (strings are not converted)",
        () ->
            kserve.modelInfer(
                ModelInferRequest.newBuilder()
                    .setModelName("wifi")
                    .addInputs(
                        ModelInferRequest.InferInputTensor.newBuilder()
                            .setName(inputName())
                            .setDatatype("BYTES")
                            .addShape(1)
                            .addShape(7))
                    .addRawInputContents(ByteString.copyFrom(new byte[7]))
                    .build()));
    assertCode(
        Status.Code.INVALID_ARGUMENT,
        "model version expected a positive number",
        () ->
            kserve.modelMetadata(
                ModelMetadataRequest.newBuilder().setName("wifi").setVersion("x").build()));
    // A message over maxRequestBytes (64 KiB) is refused by the transport before it is parsed.
    float[][] big = new float[3000][7];
    assertCode(Status.Code.RESOURCE_EXHAUSTED, "", () -> tfs.predict(predict(floatTensor(big))));
    // Methods of the public services that Myelin does not serve.
    assertCode(
        Status.Code.UNIMPLEMENTED,
        "",
        () ->
            io.grpc.stub.ClientCalls.blockingUnaryCall(
                channel,
                io.grpc.MethodDescriptor.<ServerLiveRequest, ServerLiveRequest>newBuilder()
                    .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("tensorflow.serving.ModelService/HandleReloadConfigRequest")
                    .setRequestMarshaller(
                        io.grpc.protobuf.ProtoUtils.marshaller(
                            ServerLiveRequest.getDefaultInstance()))
                    .setResponseMarshaller(
                        io.grpc.protobuf.ProtoUtils.marshaller(
                            ServerLiveRequest.getDefaultInstance()))
                    .build(),
                io.grpc.CallOptions.DEFAULT,
                ServerLiveRequest.getDefaultInstance()));
    assertTrue(server.metrics().requestCount("grpc_tfs", 400) >= 6);
    assertTrue(server.metrics().requestCount("grpc_tfs", 404) >= 3);
  }

  @Test
  void accessLogHasALinePerCall() throws Exception {
    tfs.predict(predict(floatTensor(Fixtures.ROWS)));
    assertThrows(
        StatusRuntimeException.class,
        () -> kserve.modelMetadata(ModelMetadataRequest.newBuilder().setName("absent").build()));
    boolean ok = false;
    boolean notFound = false;
    for (String line : accessLog.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      var j = Fixtures.JSON.readTree(line);
      assertEquals("127.0.0.1", j.get("remote").asText(), line);
      String path = j.get("path").asText();
      if (path.equals("/tensorflow.serving.PredictionService/Predict")
          && j.get("status").asInt() == 200
          && j.get("bytes_in").asLong() > 140
          && j.get("bytes_out").asLong() > 80) {
        ok = true;
      }
      if (path.equals("/inference.GRPCInferenceService/ModelMetadata")
          && j.get("status").asInt() == 404
          && j.get("error").asText().startsWith("NOT_FOUND: ")
          && j.get("error").asText().contains("absent")) {
        notFound = true;
      }
    }
    assertTrue(ok && notFound, accessLog.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void aRequestPastItsDeadlineIsDeadlineExceeded() throws Exception {
    try (ModelServer s =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .grpcPort(0)
            .model("wifi", dir.resolve("wifi"))
            .requestTimeout(Duration.ofNanos(1))
            .log(new PrintStream(new ByteArrayOutputStream()))
            .start()) {
      ManagedChannel c = channel(s.grpcPort());
      try {
        assertCode(
            Status.Code.DEADLINE_EXCEEDED,
            "deadline",
            () ->
                PredictionServiceGrpc.newBlockingStub(c)
                    .predict(predict(floatTensor(Fixtures.ROWS))));
      } finally {
        c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void gracefulShutdownAnswersCallsInFlight() throws Exception {
    // A long queue delay keeps the one request waiting in the batcher while close() starts.
    ModelServer s =
        ModelServer.builder()
            .host("127.0.0.1")
            .port(0)
            .grpcPort(0)
            .model("wifi", dir.resolve("wifi"))
            .maxQueueDelay(Duration.ofMillis(500))
            .log(new PrintStream(new ByteArrayOutputStream()))
            .start();
    ManagedChannel c = channel(s.grpcPort());
    try {
      var stub = PredictionServiceGrpc.newFutureStub(c);
      var inFlight = stub.predict(predict(floatTensor(Fixtures.ROWS)));
      Fixtures.await(
          "the call to arrive", Duration.ofSeconds(10), () -> s.metrics().inFlight() == 1);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
      TensorProto y = inFlight.get(30, TimeUnit.SECONDS).getOutputsOrThrow(outputName());
      assertRows(Fixtures.predict(wifi, Fixtures.ROWS), y.getFloatValList(), dims(y));
      closing.get(30, TimeUnit.SECONDS);
      assertCode(
          Status.Code.UNAVAILABLE,
          "",
          () ->
              PredictionServiceGrpc.newBlockingStub(c)
                  .predict(predict(floatTensor(Fixtures.ROWS))));
    } finally {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      s.close();
    }
  }

  @Test
  void builderChecksTheGrpcPort() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> ModelServer.builder().grpcPort(70000));
    assertTrue(e.getMessage().contains("grpcPort"), e.getMessage());
    assertArrayEquals(
        new long[] {-1, 7}, server.backend().metadata("wifi", 0).inputs().get(0).shape());
  }
}
