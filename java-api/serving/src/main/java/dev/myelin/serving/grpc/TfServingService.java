package dev.myelin.serving.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Int64Value;
import dev.myelin.serving.Classification;
import dev.myelin.serving.InferTensor;
import dev.myelin.serving.InferenceBackend;
import dev.myelin.serving.InferenceRequest;
import dev.myelin.serving.InferenceResult;
import dev.myelin.serving.ModelMetadata;
import dev.myelin.serving.ServingException;
import dev.myelin.serving.TensorSpec;
import dev.myelin.serving.Values;
import dev.myelin.serving.VersionStatus;
import dev.myelin.serving.grpc.proto.tf.Code;
import dev.myelin.serving.grpc.proto.tf.DataType;
import dev.myelin.serving.grpc.proto.tf.Example;
import dev.myelin.serving.grpc.proto.tf.Feature;
import dev.myelin.serving.grpc.proto.tf.SignatureDef;
import dev.myelin.serving.grpc.proto.tf.TensorInfo;
import dev.myelin.serving.grpc.proto.tf.TensorProto;
import dev.myelin.serving.grpc.proto.tf.TensorShapeProto;
import dev.myelin.serving.grpc.proto.tfs.Class;
import dev.myelin.serving.grpc.proto.tfs.ClassificationRequest;
import dev.myelin.serving.grpc.proto.tfs.ClassificationResponse;
import dev.myelin.serving.grpc.proto.tfs.ClassificationResult;
import dev.myelin.serving.grpc.proto.tfs.Classifications;
import dev.myelin.serving.grpc.proto.tfs.GetModelMetadataRequest;
import dev.myelin.serving.grpc.proto.tfs.GetModelMetadataResponse;
import dev.myelin.serving.grpc.proto.tfs.GetModelStatusRequest;
import dev.myelin.serving.grpc.proto.tfs.GetModelStatusResponse;
import dev.myelin.serving.grpc.proto.tfs.InferenceTask;
import dev.myelin.serving.grpc.proto.tfs.Input;
import dev.myelin.serving.grpc.proto.tfs.ModelServiceGrpc;
import dev.myelin.serving.grpc.proto.tfs.ModelSpec;
import dev.myelin.serving.grpc.proto.tfs.ModelVersionStatus;
import dev.myelin.serving.grpc.proto.tfs.MultiInferenceRequest;
import dev.myelin.serving.grpc.proto.tfs.MultiInferenceResponse;
import dev.myelin.serving.grpc.proto.tfs.PredictRequest;
import dev.myelin.serving.grpc.proto.tfs.PredictResponse;
import dev.myelin.serving.grpc.proto.tfs.PredictionServiceGrpc;
import dev.myelin.serving.grpc.proto.tfs.Regression;
import dev.myelin.serving.grpc.proto.tfs.RegressionRequest;
import dev.myelin.serving.grpc.proto.tfs.RegressionResponse;
import dev.myelin.serving.grpc.proto.tfs.RegressionResult;
import dev.myelin.serving.grpc.proto.tfs.SignatureDefMap;
import dev.myelin.serving.grpc.proto.tfs.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** TF-Serving's gRPC services over an {@link InferenceBackend}. */
final class TfServingService {
  private static final String PROTOCOL = "grpc_tfs";
  private static final String SIGNATURE = "serving_default";

  private TfServingService() {}

  /** {@code tensorflow.serving.PredictionService}: Predict, Classify, Regress, GetModelMetadata. */
  static final class Predictions extends PredictionServiceGrpc.PredictionServiceImplBase {
    private final Handler h;

    Predictions(InferenceBackend backend, GrpcFrontEnd.Calls calls) {
      this.h = new Handler(PROTOCOL, backend, calls);
    }

    @Override
    public void predict(PredictRequest request, StreamObserver<PredictResponse> out) {
      h.replyLater(
          request,
          out,
          deadline -> {
            ModelSpec spec = request.getModelSpec();
            long version = version(spec);
            checkSignature(spec.getSignatureName());
            List<InferTensor> inputs = new ArrayList<>();
            for (Map.Entry<String, TensorProto> e : request.getInputsMap().entrySet()) {
              inputs.add(decode(e.getKey(), e.getValue()));
            }
            List<String> filter = request.getOutputFilterList();
            return h.backend
                .infer(new InferenceRequest(spec.getName(), version, inputs, deadline))
                .thenApply(r -> encode(r, filter));
          });
    }

    @Override
    public void classify(
        ClassificationRequest request, StreamObserver<ClassificationResponse> out) {
      h.replyLater(
          request,
          out,
          deadline ->
              examples(
                      "classify",
                      List.of("classify"),
                      request.getModelSpec(),
                      request.getInput(),
                      deadline)
                  .thenApply(
                      r ->
                          ClassificationResponse.newBuilder()
                              .setModelSpec(spec(r.model(), r.version()))
                              .setResult(classification(r.outputs().get(0)))
                              .build()));
    }

    @Override
    public void regress(RegressionRequest request, StreamObserver<RegressionResponse> out) {
      h.replyLater(
          request,
          out,
          deadline ->
              examples(
                      "regress",
                      List.of("regress"),
                      request.getModelSpec(),
                      request.getInput(),
                      deadline)
                  .thenApply(
                      r ->
                          RegressionResponse.newBuilder()
                              .setModelSpec(spec(r.model(), r.version()))
                              .setResult(regression(r.outputs().get(0)))
                              .build()));
    }

    /**
     * TF-Serving's MultiInference: Classify and Regress tasks over one input, computed by one
     * predict and answered in the tasks' order. As in TF-Serving every task must name the same
     * model (the first task's version is used), a method may be evaluated once, and an unknown
     * method is UNIMPLEMENTED; unlike TF-Serving, whose classify and regress are separate
     * signatures, Myelin's one signature answers both methods, so a task is identified by its
     * method.
     */
    @Override
    public void multiInference(
        MultiInferenceRequest request, StreamObserver<MultiInferenceResponse> out) {
      h.replyLater(
          request,
          out,
          deadline -> {
            List<InferenceTask> tasks = request.getTasksList();
            if (tasks.isEmpty()) {
              throw ServingException.invalid(
                  "MultiInference: tasks expected at least one task but was empty");
            }
            List<String> verbs = new ArrayList<>();
            for (InferenceTask t : tasks) {
              String name = t.getModelSpec().getName();
              if (name.isEmpty()) {
                throw ServingException.invalid("Found ModelSpec with an empty model name.");
              }
              if (!name.equals(tasks.get(0).getModelSpec().getName())) {
                throw ServingException.invalid(
                    "All ModelSpecs in a MultiInferenceRequest must access the same model name.");
              }
              checkSignature(t.getModelSpec().getSignatureName());
              String verb =
                  switch (t.getMethodName()) {
                    case "tensorflow/serving/classify" -> "classify";
                    case "tensorflow/serving/regress" -> "regress";
                    default ->
                        throw new ServingException(
                            ServingException.Code.UNIMPLEMENTED,
                            "Unsupported signature method_name: " + t.getMethodName());
                  };
              if (verbs.contains(verb)) {
                throw ServingException.invalid(
                    "Duplicate evaluation of signature: "
                        + SIGNATURE
                        + " (method_name "
                        + t.getMethodName()
                        + ")");
              }
              verbs.add(verb);
            }
            return examples(
                    "MultiInference",
                    verbs,
                    tasks.get(0).getModelSpec(),
                    request.getInput(),
                    deadline)
                .thenApply(
                    r -> {
                      MultiInferenceResponse.Builder b = MultiInferenceResponse.newBuilder();
                      InferTensor y = r.outputs().get(0);
                      for (String verb : verbs) {
                        dev.myelin.serving.grpc.proto.tfs.InferenceResult.Builder one =
                            dev.myelin.serving.grpc.proto.tfs.InferenceResult.newBuilder()
                                .setModelSpec(spec(r.model(), r.version()));
                        if (verb.equals("classify")) {
                          one.setClassificationResult(classification(y));
                        } else {
                          one.setRegressionResult(regression(y));
                        }
                        b.addResults(one);
                      }
                      return b.build();
                    });
          });
    }

    /**
     * Runs Classify's, Regress's or MultiInference's examples: one row per example, one tensor per
     * model input, after checking that the model's output suits each of {@code methods}.
     */
    private CompletableFuture<InferenceResult> examples(
        String verb, List<String> methods, ModelSpec spec, Input input, long deadline) {
      long version = version(spec);
      checkSignature(spec.getSignatureName());
      List<Example> examples =
          switch (input.getKindCase()) {
            case EXAMPLE_LIST -> input.getExampleList().getExamplesList();
            case EXAMPLE_LIST_WITH_CONTEXT -> input.getExampleListWithContext().getExamplesList();
            case KIND_NOT_SET -> List.of();
          };
      if (examples.isEmpty()) {
        throw ServingException.invalid(verb + ": input expected a non-empty example list");
      }
      Map<String, Feature> context =
          input.hasExampleListWithContext()
              ? input.getExampleListWithContext().getContext().getFeatures().getFeatureMap()
              : Map.of();
      ModelMetadata meta = h.backend.metadata(spec.getName(), version);
      for (String m : methods) {
        Classification.check(m, meta);
      }
      List<InferTensor> tensors = new ArrayList<>();
      for (TensorSpec in : meta.inputs()) {
        tensors.add(column(verb, in, examples, context, meta.inputs().size()));
      }
      return h.backend.infer(new InferenceRequest(spec.getName(), version, tensors, deadline));
    }

    @Override
    public void getModelMetadata(
        GetModelMetadataRequest request, StreamObserver<GetModelMetadataResponse> out) {
      h.reply(
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
            ModelMetadata m = h.backend.metadata(spec.getName(), version);
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
    private final Handler h;

    Status(InferenceBackend backend, GrpcFrontEnd.Calls calls) {
      this.h = new Handler(PROTOCOL, backend, calls);
    }

    @Override
    public void getModelStatus(
        GetModelStatusRequest request, StreamObserver<GetModelStatusResponse> out) {
      h.reply(
          request,
          out,
          () -> {
            ModelSpec spec = request.getModelSpec();
            GetModelStatusResponse.Builder b = GetModelStatusResponse.newBuilder();
            for (VersionStatus v : h.backend.status(spec.getName(), version(spec))) {
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

  /** Classify's answer: every class of every example as (class index, score). */
  private static ClassificationResult classification(InferTensor y) {
    ClassificationResult.Builder result = ClassificationResult.newBuilder();
    for (int i = 0; i < y.rows(); i++) {
      Classifications.Builder cs = Classifications.newBuilder();
      for (int c = 0; c < Classification.classes(y); c++) {
        cs.addClasses(
            Class.newBuilder()
                .setLabel(Integer.toString(c))
                .setScore(Classification.score(y, i, c)));
      }
      result.addClassifications(cs);
    }
    return result.build();
  }

  /** Regress's answer: the one output unit of every example. */
  private static RegressionResult regression(InferTensor y) {
    RegressionResult.Builder result = RegressionResult.newBuilder();
    for (float v : y.data()) {
      result.addRegressions(Regression.newBuilder().setValue(v));
    }
    return result.build();
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

  /** The wire type names of {@link Values} for TensorFlow's numeric and boolean dtypes. */
  private static final Map<DataType, String> TYPES =
      Map.of(
          DataType.DT_FLOAT, "FP32",
          DataType.DT_DOUBLE, "FP64",
          DataType.DT_INT8, "INT8",
          DataType.DT_INT16, "INT16",
          DataType.DT_INT32, "INT32",
          DataType.DT_INT64, "INT64",
          DataType.DT_UINT8, "UINT8",
          DataType.DT_BOOL, "BOOL",
          DataType.DT_HALF, "FP16",
          DataType.DT_BFLOAT16, "BF16");

  /**
   * A request tensor: a numeric or boolean dtype (see {@link Values}), in tensor_content or the
   * typed field ({@code half_val} for DT_HALF and DT_BFLOAT16); DT_STRING and other dtypes are
   * INVALID_ARGUMENT.
   */
  static InferTensor decode(String name, TensorProto t) {
    String what = "Predict: input '" + name + "'";
    long[] shape = new long[t.getTensorShape().getDimCount()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = t.getTensorShape().getDim(i).getSize();
    }
    int n = Tensors.count(what, shape);
    String type = TYPES.get(t.getDtype());
    if (t.getDtype() == DataType.DT_STRING) {
      throw Values.noStrings(what, t.getDtype().name());
    } else if (type == null) {
      throw ServingException.invalid(
          what + ": dtype expected one of " + TYPES.keySet() + " but was " + t.getDtype());
    }
    if (!t.getTensorContent().isEmpty()) {
      return Tensors.fromBytes(what, name, shape, n, t.getTensorContent(), type);
    }
    return switch (t.getDtype()) {
      case DT_FLOAT -> Tensors.tensor(what, name, shape, n, Tensors.floats(t.getFloatValList()));
      case DT_DOUBLE ->
          Tensors.tensor(what, name, shape, n, Values.fromDoubles(what, t.getDoubleValList()));
      case DT_HALF, DT_BFLOAT16 ->
          Tensors.tensor(
              what,
              name,
              shape,
              n,
              Values.fromHalfBits(what, t.getHalfValList(), t.getDtype() == DataType.DT_BFLOAT16));
      case DT_INT64 ->
          Tensors.tensor(what, name, shape, n, Values.fromIntegers(t.getInt64ValList()));
      case DT_BOOL -> Tensors.tensor(what, name, shape, n, Values.fromBooleans(t.getBoolValList()));
      default ->
          Tensors.tensor(
              what, name, shape, n, Values.fromIntegers(t.getIntValList())); // int8/16/32, uint8
    };
  }

  /**
   * One model input's column of Classify/Regress examples: the feature of the input's name (from
   * the example, else the context; a one-input model takes an example's only feature whatever its
   * name), float or int64 values, one row per example.
   */
  static InferTensor column(
      String verb,
      TensorSpec in,
      List<Example> examples,
      Map<String, Feature> context,
      int inputs) {
    long[] shape = in.shape().clone();
    shape[0] = examples.size();
    int per = 1;
    for (int d = 1; d < shape.length; d++) {
      per = Math.multiplyExact(per, (int) Math.max(shape[d], 1));
    }
    boolean unknown = Arrays.stream(shape).skip(1).anyMatch(d -> d < 0);
    // Rows are gathered as exact integers while every feature is an int64_list (ids for an
    // integer input), else as float32.
    boolean ints = true;
    List<Object> rows = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      String what = verb + ": examples[" + i + "] feature '" + in.name() + "'";
      Map<String, Feature> f = examples.get(i).getFeatures().getFeatureMap();
      Feature v = f.getOrDefault(in.name(), context.get(in.name()));
      if (v == null && inputs == 1 && f.size() == 1) {
        v = f.values().iterator().next();
      }
      if (v == null) {
        throw ServingException.invalid(what + " expected (the model's input) but was missing");
      }
      Object row =
          switch (v.getKindCase()) {
            case FLOAT_LIST -> Tensors.floats(v.getFloatList().getValueList());
            case INT64_LIST -> Values.fromIntegers(v.getInt64List().getValueList());
            case BYTES_LIST -> throw Values.noStrings(what, "bytes_list");
            case KIND_NOT_SET -> new long[0];
          };
      int length = row instanceof long[] l ? l.length : ((float[]) row).length;
      ints &= row instanceof long[];
      if (unknown && shape.length == 2 && i == 0) {
        per = length; // (None, None): the first example sets the width
        shape[1] = per;
      }
      if (length != per || unknown && shape.length != 2) {
        throw ServingException.invalid(
            what
                + " expected "
                + per
                + " values (input shape "
                + Arrays.toString(in.shape())
                + ") but was "
                + length);
      }
      rows.add(row);
    }
    int size = Math.multiplyExact(per, examples.size());
    if (ints) {
      long[] data = new long[size];
      for (int i = 0; i < rows.size(); i++) {
        System.arraycopy(rows.get(i), 0, data, i * per, per);
      }
      return InferTensor.ofIntegers(in.name(), shape, data);
    }
    float[] data = new float[size];
    for (int i = 0; i < rows.size(); i++) {
      float[] r =
          rows.get(i) instanceof long[] l
              ? Values.toFloat32(verb + ": examples[" + i + "] feature '" + in.name() + "'", l)
              : (float[]) rows.get(i);
      System.arraycopy(r, 0, data, i * per, per);
    }
    return new InferTensor(in.name(), shape, data);
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
        .setDtype(DataType.valueOf(t.tfDtype()))
        .setTensorShape(shape(t.shape()))
        .build();
  }
}
