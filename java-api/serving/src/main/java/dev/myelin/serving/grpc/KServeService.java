package dev.myelin.serving.grpc;

import com.google.protobuf.ByteString;
import dev.myelin.Myelin;
import dev.myelin.serving.InferTensor;
import dev.myelin.serving.InferenceBackend;
import dev.myelin.serving.InferenceRequest;
import dev.myelin.serving.InferenceResult;
import dev.myelin.serving.ModelMetadata;
import dev.myelin.serving.ServingException;
import dev.myelin.serving.TensorSpec;
import dev.myelin.serving.grpc.proto.kserve.GRPCInferenceServiceGrpc;
import dev.myelin.serving.grpc.proto.kserve.InferTensorContents;
import dev.myelin.serving.grpc.proto.kserve.ModelInferRequest;
import dev.myelin.serving.grpc.proto.kserve.ModelInferResponse;
import dev.myelin.serving.grpc.proto.kserve.ModelMetadataRequest;
import dev.myelin.serving.grpc.proto.kserve.ModelMetadataResponse;
import dev.myelin.serving.grpc.proto.kserve.ModelReadyRequest;
import dev.myelin.serving.grpc.proto.kserve.ModelReadyResponse;
import dev.myelin.serving.grpc.proto.kserve.ServerLiveRequest;
import dev.myelin.serving.grpc.proto.kserve.ServerLiveResponse;
import dev.myelin.serving.grpc.proto.kserve.ServerMetadataRequest;
import dev.myelin.serving.grpc.proto.kserve.ServerMetadataResponse;
import dev.myelin.serving.grpc.proto.kserve.ServerReadyRequest;
import dev.myelin.serving.grpc.proto.kserve.ServerReadyResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/** KServe v2's {@code inference.GRPCInferenceService} over an {@link InferenceBackend}. */
final class KServeService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
  private static final String PROTOCOL = "grpc_kserve";
  private final InferenceBackend backend;
  private final GrpcFrontEnd.Calls calls;

  KServeService(InferenceBackend backend, GrpcFrontEnd.Calls calls) {
    this.backend = backend;
    this.calls = calls;
  }

  @Override
  public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
    calls.reply(
        PROTOCOL, request, out, () -> ServerLiveResponse.newBuilder().setLive(true).build());
  }

  @Override
  public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
    calls.reply(
        PROTOCOL,
        request,
        out,
        () -> ServerReadyResponse.newBuilder().setReady(backend.isReady()).build());
  }

  @Override
  public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
    calls.reply(
        PROTOCOL,
        request,
        out,
        () ->
            ModelReadyResponse.newBuilder()
                .setReady(backend.isReady(request.getName(), version(request.getVersion())))
                .build());
  }

  @Override
  public void serverMetadata(
      ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
    calls.reply(
        PROTOCOL,
        request,
        out,
        () ->
            ServerMetadataResponse.newBuilder()
                .setName("myelin")
                .setVersion(Myelin.version())
                .build());
  }

  @Override
  public void modelMetadata(
      ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
    calls.reply(
        PROTOCOL,
        request,
        out,
        () -> {
          ModelMetadata m = backend.metadata(request.getName(), version(request.getVersion()));
          ModelMetadataResponse.Builder b =
              ModelMetadataResponse.newBuilder()
                  .setName(m.name())
                  .addVersions(Long.toString(m.version()))
                  .setPlatform("myelin_keras");
          for (TensorSpec t : m.inputs()) {
            b.addInputs(tensor(t));
          }
          for (TensorSpec t : m.outputs()) {
            b.addOutputs(tensor(t));
          }
          return b.build();
        });
  }

  @Override
  public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
    long deadline = calls.deadlineNanos();
    calls.replyLater(
        PROTOCOL,
        request,
        out,
        () -> {
          long version = version(request.getModelVersion());
          int raws = request.getRawInputContentsCount();
          if (raws != 0 && raws != request.getInputsCount()) {
            throw ServingException.invalid(
                "ModelInfer: raw_input_contents expected one buffer per input ("
                    + request.getInputsCount()
                    + ") but was "
                    + raws);
          }
          List<InferTensor> inputs = new ArrayList<>();
          for (int i = 0; i < request.getInputsCount(); i++) {
            inputs.add(
                decode(request.getInputs(i), raws == 0 ? null : request.getRawInputContents(i)));
          }
          List<String> wanted =
              request.getOutputsList().stream()
                  .map(ModelInferRequest.InferRequestedOutputTensor::getName)
                  .toList();
          return backend
              .infer(new InferenceRequest(request.getModelName(), version, inputs, deadline))
              .thenApply(r -> encode(r, wanted, request.getId()));
        });
  }

  /** KServe's version string: empty for the served version, else a positive number. */
  private static long version(String v) {
    if (v.isEmpty()) {
      return 0;
    }
    try {
      long n = Long.parseLong(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below with the other bad values.
    }
    throw ServingException.invalid(
        "model version expected a positive number or empty but was \"" + v + "\"");
  }

  private static InferTensor decode(ModelInferRequest.InferInputTensor t, ByteString raw) {
    String what = "ModelInfer: input '" + t.getName() + "'";
    long[] shape = t.getShapeList().stream().mapToLong(Long::longValue).toArray();
    int n = Tensors.count(what, shape);
    InferTensorContents c = t.getContents();
    float[] data =
        switch (t.getDatatype()) {
          case "FP32" ->
              raw != null
                  ? Tensors.fromBytes(what, shape, n, raw, 4)
                  : Tensors.floats(c.getFp32ContentsList());
          case "FP64" ->
              raw != null
                  ? Tensors.fromBytes(what, shape, n, raw, 8)
                  : Tensors.doubles(c.getFp64ContentsList());
          default ->
              throw ServingException.invalid(
                  what + ": datatype expected FP32 or FP64 but was \"" + t.getDatatype() + "\"");
        };
    Tensors.checkCount(what, shape, n, data.length);
    return new InferTensor(t.getName(), shape, data);
  }

  /**
   * The outputs asked for (all when none is named) as raw little-endian FP32, as Triton answers.
   */
  private static ModelInferResponse encode(InferenceResult r, List<String> wanted, String id) {
    List<String> names = r.outputs().stream().map(InferTensor::name).toList();
    for (String w : wanted) {
      if (!names.contains(w)) {
        throw ServingException.invalid(
            "ModelInfer: requested output '" + w + "' expected one of " + names);
      }
    }
    ModelInferResponse.Builder b =
        ModelInferResponse.newBuilder()
            .setModelName(r.model())
            .setModelVersion(Long.toString(r.version()))
            .setId(id);
    for (InferTensor o : r.outputs()) {
      if (!wanted.isEmpty() && !wanted.contains(o.name())) {
        continue;
      }
      ModelInferResponse.InferOutputTensor.Builder t =
          ModelInferResponse.InferOutputTensor.newBuilder().setName(o.name()).setDatatype("FP32");
      for (long d : o.shape()) {
        t.addShape(d);
      }
      b.addOutputs(t);
      b.addRawOutputContents(Tensors.toBytes(o.data()));
    }
    return b.build();
  }

  private static ModelMetadataResponse.TensorMetadata tensor(TensorSpec t) {
    ModelMetadataResponse.TensorMetadata.Builder b =
        ModelMetadataResponse.TensorMetadata.newBuilder()
            .setName(t.name())
            .setDatatype(t.datatype());
    for (long d : t.shape()) {
      b.addShape(d);
    }
    return b.build();
  }
}
