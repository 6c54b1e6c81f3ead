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
import dev.myelin.serving.Values;
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
  private final Handler h;

  KServeService(InferenceBackend backend, GrpcFrontEnd.Calls calls) {
    this.h = new Handler("grpc_kserve", backend, calls);
  }

  @Override
  public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
    h.reply(request, out, () -> ServerLiveResponse.newBuilder().setLive(true).build());
  }

  @Override
  public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
    h.reply(
        request, out, () -> ServerReadyResponse.newBuilder().setReady(h.backend.isReady()).build());
  }

  @Override
  public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
    h.reply(
        request,
        out,
        () ->
            ModelReadyResponse.newBuilder()
                .setReady(h.backend.isReady(request.getName(), version(request.getVersion())))
                .build());
  }

  @Override
  public void serverMetadata(
      ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
    h.reply(
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
    h.reply(
        request,
        out,
        () -> {
          ModelMetadata m = h.backend.metadata(request.getName(), version(request.getVersion()));
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
    h.replyLater(
        request,
        out,
        deadline -> {
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
          return h.backend
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
    String type = t.getDatatype();
    String name = t.getName();
    if (type.equals("BYTES")) {
      throw Values.noStrings(what, type);
    } else if (!Values.WIDTHS.containsKey(type)) {
      throw ServingException.invalid(
          what
              + ": datatype expected one of "
              + Values.WIDTHS.keySet()
              + " but was \""
              + type
              + "\"");
    } else if (raw != null) {
      return Tensors.fromBytes(what, name, shape, n, raw, type);
    }
    return switch (type) {
      case "FP32" -> Tensors.tensor(what, name, shape, n, Tensors.floats(c.getFp32ContentsList()));
      case "FP64" ->
          Tensors.tensor(what, name, shape, n, Values.fromDoubles(what, c.getFp64ContentsList()));
      case "FP16", "BF16" ->
          // KServe's typed contents have no 16-bit float field: these come as raw bytes only.
          throw ServingException.invalid(
              what
                  + ": "
                  + type
                  + " expected its values in raw_input_contents (InferTensorContents has no "
                  + type
                  + " field) but they were missing");
      case "BOOL" ->
          Tensors.tensor(what, name, shape, n, Values.fromBooleans(c.getBoolContentsList()));
      case "INT64" ->
          Tensors.tensor(what, name, shape, n, Values.fromIntegers(c.getInt64ContentsList()));
      case "UINT64" ->
          Tensors.tensor(
              what, name, shape, n, Values.fromUnsigned(what, c.getUint64ContentsList()));
      case "UINT8", "UINT16", "UINT32" ->
          Tensors.tensor(
              what,
              name,
              shape,
              n,
              Values.fromIntegers(
                  c.getUintContentsList().stream().map(Integer::toUnsignedLong).toList()));
      default ->
          Tensors.tensor(
              what, name, shape, n, Values.fromIntegers(c.getIntContentsList())); // INT8/16/32
    };
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
