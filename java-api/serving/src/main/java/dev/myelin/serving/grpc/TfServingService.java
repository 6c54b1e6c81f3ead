package dev.myelin.serving.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Int64Value;
import dev.myelin.serving.InferTensor;
import dev.myelin.serving.InferenceBackend;
import dev.myelin.serving.InferenceRequest;
import dev.myelin.serving.InferenceResult;
import dev.myelin.serving.ModelMetadata;
import dev.myelin.serving.ServingException;
import dev.myelin.serving.TensorSpec;
import dev.myelin.serving.VersionStatus;
import dev.myelin.serving.grpc.proto.tf.Code;
import dev.myelin.serving.grpc.proto.tf.DataType;
import dev.myelin.serving.grpc.proto.tf.SignatureDef;
import dev.myelin.serving.grpc.proto.tf.TensorInfo;
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
import dev.myelin.serving.grpc.proto.tfs.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** TF-Serving's gRPC services over an {@link InferenceBackend}. */
final class TfServingService {
  private static final String PROTOCOL = "grpc_tfs";
  private static final String SIGNATURE = "serving_default";

  private TfServingService() {}

  /** {@code tensorflow.serving.PredictionService}: Predict and GetModelMetadata. */
  static final class Predictions extends PredictionServiceGrpc.PredictionServiceImplBase {
    private final InferenceBackend backend;
    private final GrpcFrontEnd.Calls calls;

    Predictions(InferenceBackend backend, GrpcFrontEnd.Calls calls) {
      this.backend = backend;
      this.calls = calls;
    }

    @Override
    public void predict(PredictRequest request, StreamObserver<PredictResponse> out) {
      long deadline = calls.deadlineNanos();
      calls.replyLater(
          PROTOCOL,
          request,
          out,
          () -> {
            ModelSpec spec = request.getModelSpec();
            long version = version(spec);
            checkSignature(spec.getSignatureName());
            List<InferTensor> inputs = new ArrayList<>();
            for (Map.Entry<String, TensorProto> e : request.getInputsMap().entrySet()) {
              inputs.add(decode(e.getKey(), e.getValue()));
            }
            List<String> filter = request.getOutputFilterList();
            return backend
                .infer(new InferenceRequest(spec.getName(), version, inputs, deadline))
                .thenApply(r -> encode(r, filter));
          });
    }

    @Override
    public void getModelMetadata(
        GetModelMetadataRequest request, StreamObserver<GetModelMetadataResponse> out) {
      calls.reply(
          PROTOCOL,
          request,
          out,
          () -> {
            ModelSpec spec = request.getModelSpec();
            long version = version(spec);
            if (request.getMetadataFieldCount() == 0) {
              throw ServingException.invalid(
                  "GetModelMetadata: metadata_field expected [\"signature_def\"] but was empty");
            }
            for (String f : request.getMetadataFieldList()) {
              if (!f.equals("signature_def")) {
                throw ServingException.invalid(
                    "GetModelMetadata: metadata_field expected \"signature_def\" but was \""
                        + f
                        + "\"");
              }
            }
            ModelMetadata m = backend.metadata(spec.getName(), version);
            SignatureDef.Builder sig =
                SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict");
            for (TensorSpec t : m.inputs()) {
              sig.putInputs(t.name(), info(t));
            }
            for (TensorSpec t : m.outputs()) {
              sig.putOutputs(t.name(), info(t));
            }
            SignatureDefMap map =
                SignatureDefMap.newBuilder().putSignatureDef(SIGNATURE, sig.build()).build();
            return GetModelMetadataResponse.newBuilder()
                .setModelSpec(spec(m.name(), m.version()))
                .putMetadata("signature_def", Any.pack(map))
                .build();
          });
    }
  }

  /** {@code tensorflow.serving.ModelService}: GetModelStatus. */
  static final class Status extends ModelServiceGrpc.ModelServiceImplBase {
    private final InferenceBackend backend;
    private final GrpcFrontEnd.Calls calls;

    Status(InferenceBackend backend, GrpcFrontEnd.Calls calls) {
      this.backend = backend;
      this.calls = calls;
    }

    @Override
    public void getModelStatus(
        GetModelStatusRequest request, StreamObserver<GetModelStatusResponse> out) {
      calls.reply(
          PROTOCOL,
          request,
          out,
          () -> {
            ModelSpec spec = request.getModelSpec();
            GetModelStatusResponse.Builder b = GetModelStatusResponse.newBuilder();
            for (VersionStatus v : backend.status(spec.getName(), version(spec))) {
              StatusProto.Builder st = StatusProto.newBuilder();
              if (!v.error().isEmpty()) {
                st.setErrorCode(Code.UNKNOWN).setErrorMessage(v.error());
              }
              b.addModelVersionStatus(
                  ModelVersionStatus.newBuilder()
                      .setVersion(v.version())
                      .setState(ModelVersionStatus.State.valueOf(v.state().name()))
                      .setStatus(st));
            }
            return b.build();
          });
    }
  }

  /** The version a spec asks for, {@code 0} for the served one. */
  static long version(ModelSpec spec) {
    if (spec.getName().isEmpty()) {
      throw ServingException.invalid("model_spec: name expected a model name but was empty");
    }
    return switch (spec.getVersionChoiceCase()) {
      case VERSION -> {
        long v = spec.getVersion().getValue();
        if (v <= 0) {
          throw ServingException.invalid(
              "model_spec: version expected a positive number but was " + v);
        }
        yield v;
      }
      case VERSION_LABEL ->
          throw ServingException.invalid(
              "model_spec: version_label expected unset (Myelin serves version numbers) but was \""
                  + spec.getVersionLabel()
                  + "\"");
      case VERSIONCHOICE_NOT_SET -> 0;
    };
  }

  private static void checkSignature(String s) {
    // "predict" is the name the book's export gives its signature.
    if (!s.isEmpty() && !s.equals(SIGNATURE) && !s.equals("predict")) {
      throw ServingException.invalid(
          "Serving signature name: \""
              + s
              + "\" not found in signature def (expected serving_default or predict)");
    }
  }

  /** A request tensor as floats: DT_FLOAT or DT_DOUBLE, in tensor_content or the typed field. */
  static InferTensor decode(String name, TensorProto t) {
    String what = "Predict: input '" + name + "'";
    long[] shape = new long[t.getTensorShape().getDimCount()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = t.getTensorShape().getDim(i).getSize();
    }
    int n = Tensors.count(what, shape);
    boolean raw = !t.getTensorContent().isEmpty();
    float[] data =
        switch (t.getDtype()) {
          case DT_FLOAT ->
              raw
                  ? Tensors.fromBytes(what, shape, n, t.getTensorContent(), 4)
                  : Tensors.floats(t.getFloatValList());
          case DT_DOUBLE ->
              raw
                  ? Tensors.fromBytes(what, shape, n, t.getTensorContent(), 8)
                  : Tensors.doubles(t.getDoubleValList());
          default ->
              throw ServingException.invalid(
                  what + ": dtype expected DT_FLOAT or DT_DOUBLE but was " + t.getDtype());
        };
    Tensors.checkCount(what, shape, n, data.length);
    return new InferTensor(name, shape, data);
  }

  private static PredictResponse encode(InferenceResult r, List<String> filter) {
    PredictResponse.Builder b =
        PredictResponse.newBuilder().setModelSpec(spec(r.model(), r.version()));
    for (String f : filter) {
      if (r.outputs().stream().noneMatch(o -> o.name().equals(f))) {
        throw ServingException.invalid(
            "Predict: output_filter '"
                + f
                + "' expected one of "
                + r.outputs().stream().map(InferTensor::name).toList());
      }
    }
    for (InferTensor o : r.outputs()) {
      if (!filter.isEmpty() && !filter.contains(o.name())) {
        continue;
      }
      TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT);
      t.setTensorShape(shape(o.shape()));
      for (float v : o.data()) {
        t.addFloatVal(v);
      }
      b.putOutputs(o.name(), t.build());
    }
    return b.build();
  }

  private static ModelSpec spec(String model, long version) {
    return ModelSpec.newBuilder()
        .setName(model)
        .setVersion(Int64Value.of(version))
        .setSignatureName(SIGNATURE)
        .build();
  }

  private static TensorShapeProto shape(long[] dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return s.build();
  }

  private static TensorInfo info(TensorSpec t) {
    return TensorInfo.newBuilder()
        .setName(t.name())
        .setDtype(DataType.DT_FLOAT)
        .setTensorShape(shape(t.shape()))
        .build();
  }
}
