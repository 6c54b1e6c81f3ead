"""bin/myelin serve --grpc-port, called by the real gRPC clients: ``grpcio`` with stubs generated at
test time (grpcio-tools) from the TF-Serving protos Myelin builds with (the ``tensorflow-serving-api``
package needs TensorFlow, which is not installed here; the messages are wire-compatible), and
``tritonclient.grpc`` (KServe v2 / Open Inference Protocol). The server runs as a subprocess on
loopback with free ports; answers must equal ``model.predict`` to 1e-6."""

import importlib
import pathlib
import sys

import numpy as np
import pytest

from test_serving import ROOT, X, serve_wifi

grpc = pytest.importorskip("grpc")
PROTOS = ROOT / "java-api" / "serving" / "src" / "main" / "proto"


@pytest.fixture(scope="module")
def tfs(tmp_path_factory):
    """The TF-Serving messages and stubs, generated from the .proto files into a temporary folder."""
    from grpc_tools import protoc

    out = tmp_path_factory.mktemp("tfs_stubs")
    include = pathlib.Path(protoc.__file__).parent / "_proto"  # google/protobuf/any.proto, ...
    files = ["tensorflow/framework.proto", "tensorflow/error_codes.proto", "tensorflow/example.proto",
             "tensorflow_serving/apis.proto"]
    rc = protoc.main(["protoc", f"-I{PROTOS}", f"-I{include}", f"--python_out={out}", f"--grpc_python_out={out}",
                      *(str(PROTOS / f) for f in files)])
    assert rc == 0, "grpc_tools.protoc failed"
    sys.path.insert(0, str(out))
    try:
        yield (importlib.import_module("tensorflow_serving.apis_pb2"),
               importlib.import_module("tensorflow_serving.apis_pb2_grpc"),
               importlib.import_module("tensorflow.framework_pb2"),
               importlib.import_module("tensorflow.example_pb2"))
    finally:
        sys.path.remove(str(out))


def signature(apis, predictions, model):
    """The model's serving_default SignatureDef from GetModelMetadata."""
    meta = predictions.GetModelMetadata(apis.GetModelMetadataRequest(
        model_spec=apis.ModelSpec(name=model), metadata_field=["signature_def"]), timeout=30)
    sigs = apis.SignatureDefMap()
    assert meta.metadata["signature_def"].Unpack(sigs)
    return sigs.signature_def["serving_default"]


@pytest.fixture(scope="module")
def served(myelin, tmp_path_factory):
    yield from serve_wifi(myelin, tmp_path_factory, ["--grpc-port", "0"],
                          r"Running ModelServer at 127\.0\.0\.1:(\d+) \(gRPC\)")


def test_tf_serving_grpc_with_grpcio(served, tfs):
    port, expected = served
    apis, stubs, framework, _ = tfs
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    predictions, models = stubs.PredictionServiceStub(channel), stubs.ModelServiceStub(channel)

    meta = predictions.GetModelMetadata(apis.GetModelMetadataRequest(
        model_spec=apis.ModelSpec(name="wifi"), metadata_field=["signature_def"]), timeout=30)
    sigs = apis.SignatureDefMap()
    assert meta.metadata["signature_def"].Unpack(sigs)
    sig = sigs.signature_def["serving_default"]
    (name_in, info_in), = sig.inputs.items()
    (name_out, _), = sig.outputs.items()
    assert [d.size for d in info_in.tensor_shape.dim] == [-1, 7] and info_in.dtype == framework.DT_FLOAT

    shape = framework.TensorShapeProto(dim=[framework.TensorShapeProto.Dim(size=s) for s in X.shape])
    typed = framework.TensorProto(dtype=framework.DT_FLOAT, tensor_shape=shape, float_val=X.ravel().tolist())
    raw = framework.TensorProto(dtype=framework.DT_DOUBLE, tensor_shape=shape,
                                tensor_content=X.astype("<f8").tobytes())
    for tensor in (typed, raw):
        request = apis.PredictRequest(model_spec=apis.ModelSpec(name="wifi", signature_name="serving_default"))
        request.inputs[name_in].CopyFrom(tensor)
        response = predictions.Predict(request, timeout=30)
        assert response.model_spec.version.value == 1
        y = response.outputs[name_out]
        assert [d.size for d in y.tensor_shape.dim] == [5, 4]
        np.testing.assert_allclose(np.array(y.float_val, np.float32).reshape(5, 4), expected, rtol=0, atol=1e-6)

    status = models.GetModelStatus(apis.GetModelStatusRequest(model_spec=apis.ModelSpec(name="wifi")), timeout=30)
    assert [(s.version, s.state) for s in status.model_version_status] == [(1, apis.ModelVersionStatus.AVAILABLE)]

    with pytest.raises(grpc.RpcError) as e:
        predictions.Predict(apis.PredictRequest(model_spec=apis.ModelSpec(name="nope")), timeout=30)
    assert e.value.code() == grpc.StatusCode.NOT_FOUND and "nope" in e.value.details()
    bad = apis.PredictRequest(model_spec=apis.ModelSpec(name="wifi"))
    bad.inputs[name_in].CopyFrom(framework.TensorProto(dtype=framework.DT_FLOAT, tensor_shape=shape, float_val=[1.0]))
    with pytest.raises(grpc.RpcError) as e:
        predictions.Predict(bad, timeout=30)
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "expected 35 values but was 1" in e.value.details()
    channel.close()


def test_kserve_v2_grpc_with_tritonclient(served):
    import tritonclient.grpc as grpcclient
    from tritonclient.utils import InferenceServerException

    port, expected = served
    client = grpcclient.InferenceServerClient(url=f"127.0.0.1:{port}")
    assert client.is_server_live() and client.is_server_ready() and client.is_model_ready("wifi")
    assert not client.is_model_ready("wifi", model_version="2")
    meta = client.get_model_metadata("wifi")
    name_in, name_out = meta.inputs[0].name, meta.outputs[0].name
    assert list(meta.inputs[0].shape) == [-1, 7] and meta.outputs[0].datatype == "FP32" and meta.versions == ["1"]
    for dtype, x in (("FP32", X), ("FP64", X.astype(np.float64))):
        inp = grpcclient.InferInput(name_in, list(x.shape), dtype)
        inp.set_data_from_numpy(x)
        result = client.infer("wifi", [inp], outputs=[grpcclient.InferRequestedOutput(name_out)])
        np.testing.assert_allclose(result.as_numpy(name_out), expected, rtol=0, atol=1e-6)
    inp = grpcclient.InferInput(name_in, [1, 7], "FP32")
    inp.set_data_from_numpy(X[:1])
    result = client.infer("wifi", [inp], model_version="1")  # no outputs named: all of them
    np.testing.assert_allclose(result.as_numpy(name_out), expected[:1], rtol=0, atol=1e-6)
    wrong = grpcclient.InferInput(name_in, [1, 3], "FP32")
    wrong.set_data_from_numpy(X[:1, :3])
    with pytest.raises(InferenceServerException, match=r"expected shape \[-1, 7\] but was \[1, 3\]") as e:
        client.infer("wifi", [wrong])
    assert e.value.status() == "StatusCode.INVALID_ARGUMENT"
    with pytest.raises(InferenceServerException) as e:
        client.get_model_metadata("nope")
    assert e.value.status() == "StatusCode.NOT_FOUND"
    client.close()


def test_classify_and_integer_inputs_with_grpcio(served, tfs):
    """TF-Serving Classify with tf.Example features (float and int64 lists), Predict with int32/int64/
    bool tensors, and a string tensor refused with INVALID_ARGUMENT."""
    port, expected = served
    apis, stubs, framework, example = tfs
    assert np.array_equal(X, np.round(X)), "the book's rows are integers: int tensors carry them exactly"
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    predictions = stubs.PredictionServiceStub(channel)
    sig = signature(apis, predictions, "wifi")
    name_in, name_out = next(iter(sig.inputs)), next(iter(sig.outputs))

    for as_int in (False, True):
        examples = []
        for row in X:
            feature = (example.Feature(int64_list=example.Int64List(value=row.astype(np.int64).tolist()))
                       if as_int else example.Feature(float_list=example.FloatList(value=row.tolist())))
            examples.append(example.Example(features=example.Features(feature={name_in: feature})))
        response = predictions.Classify(apis.ClassificationRequest(
            model_spec=apis.ModelSpec(name="wifi"),
            input=apis.Input(example_list=apis.ExampleList(examples=examples))), timeout=30)
        scores = np.array([[c.score for c in cs.classes] for cs in response.result.classifications], np.float32)
        labels = [[c.label for c in cs.classes] for cs in response.result.classifications]
        assert labels == [["0", "1", "2", "3"]] * len(X)
        np.testing.assert_allclose(scores, expected, rtol=0, atol=1e-6)

    shape = framework.TensorShapeProto(dim=[framework.TensorShapeProto.Dim(size=s) for s in X.shape])
    for tensor in (framework.TensorProto(dtype=framework.DT_INT32, tensor_shape=shape,
                                         int_val=X.astype(np.int32).ravel().tolist()),
                   framework.TensorProto(dtype=framework.DT_INT64, tensor_shape=shape,
                                         tensor_content=X.astype("<i8").tobytes())):
        request = apis.PredictRequest(model_spec=apis.ModelSpec(name="wifi"))
        request.inputs[name_in].CopyFrom(tensor)
        y = predictions.Predict(request, timeout=30).outputs[name_out]
        np.testing.assert_allclose(np.array(y.float_val, np.float32).reshape(5, 4), expected, rtol=0, atol=1e-6)

    request = apis.PredictRequest(model_spec=apis.ModelSpec(name="wifi"))
    request.inputs[name_in].CopyFrom(framework.TensorProto(
        dtype=framework.DT_STRING, tensor_shape=shape, string_val=[b"x"] * X.size))
    with pytest.raises(grpc.RpcError) as e:
        predictions.Predict(request, timeout=30)
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "but was DT_STRING" in e.value.details()
    channel.close()


def test_kserve_integer_and_half_inputs_with_tritonclient(served):
    import tritonclient.grpc as grpcclient
    from tritonclient.utils import InferenceServerException

    port, expected = served
    client = grpcclient.InferenceServerClient(url=f"127.0.0.1:{port}")
    meta = client.get_model_metadata("wifi")
    name_in, name_out = meta.inputs[0].name, meta.outputs[0].name
    # FP16: the book's rows are small integers, exact in half precision
    for dtype, x in (("INT32", X.astype(np.int32)), ("INT64", X.astype(np.int64)), ("FP16", X.astype(np.float16))):
        inp = grpcclient.InferInput(name_in, list(x.shape), dtype)
        inp.set_data_from_numpy(x)
        np.testing.assert_allclose(client.infer("wifi", [inp]).as_numpy(name_out), expected, rtol=0, atol=1e-6)
    big = grpcclient.InferInput(name_in, [1, 7], "INT64")
    big.set_data_from_numpy(np.full((1, 7), 2**24 + 1, np.int64))
    with pytest.raises(InferenceServerException, match=r"float32 holds exactly") as e:
        client.infer("wifi", [big])
    assert e.value.status() == "StatusCode.INVALID_ARGUMENT"
    client.close()


def test_half_bfloat16_and_multi_inference_with_grpcio(served, tfs):
    """DT_HALF and DT_BFLOAT16 tensors (half_val carries the 16 bits in int32s, as TensorFlow's
    make_tensor_proto writes them) and MultiInference with a classify task."""
    port, expected = served
    apis, stubs, framework, example = tfs
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    predictions = stubs.PredictionServiceStub(channel)
    sig = signature(apis, predictions, "wifi")
    name_in, name_out = next(iter(sig.inputs)), next(iter(sig.outputs))
    shape = framework.TensorShapeProto(dim=[framework.TensorShapeProto.Dim(size=s) for s in X.shape])
    half = X.astype(np.float16)
    assert np.array_equal(half.astype(np.float32), X), "the book's rows are small integers: exact in half"
    bf16_bits = (X.astype(np.float32).view(np.uint32) >> 16).astype(np.int32)  # exact: few mantissa bits
    for tensor in (framework.TensorProto(dtype=framework.DT_HALF, tensor_shape=shape,
                                         half_val=half.view(np.uint16).astype(np.int32).ravel().tolist()),
                   framework.TensorProto(dtype=framework.DT_HALF, tensor_shape=shape,
                                         tensor_content=half.astype("<f2").tobytes()),
                   framework.TensorProto(dtype=framework.DT_BFLOAT16, tensor_shape=shape,
                                         half_val=bf16_bits.ravel().tolist())):
        request = apis.PredictRequest(model_spec=apis.ModelSpec(name="wifi"))
        request.inputs[name_in].CopyFrom(tensor)
        y = predictions.Predict(request, timeout=30).outputs[name_out]
        np.testing.assert_allclose(np.array(y.float_val, np.float32).reshape(5, 4), expected, rtol=0, atol=1e-6)

    examples = [example.Example(features=example.Features(feature={
        name_in: example.Feature(float_list=example.FloatList(value=row.tolist()))})) for row in X]
    response = predictions.MultiInference(apis.MultiInferenceRequest(
        tasks=[apis.InferenceTask(model_spec=apis.ModelSpec(name="wifi"), method_name="tensorflow/serving/classify")],
        input=apis.Input(example_list=apis.ExampleList(examples=examples))), timeout=30)
    (result,) = response.results
    assert result.model_spec.name == "wifi" and result.model_spec.version.value == 1
    scores = np.array([[c.score for c in cs.classes] for cs in result.classification_result.classifications],
                      np.float32)
    np.testing.assert_allclose(scores, expected, rtol=0, atol=1e-6)
    with pytest.raises(grpc.RpcError) as e:
        predictions.MultiInference(apis.MultiInferenceRequest(
            tasks=[apis.InferenceTask(model_spec=apis.ModelSpec(name=n), method_name="tensorflow/serving/classify")
                   for n in ("wifi", "other")],
            input=apis.Input(example_list=apis.ExampleList(examples=examples))), timeout=30)
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "same model name" in e.value.details()
    channel.close()


@pytest.fixture(scope="module")
def served_ids(tmp_path_factory):
    """Keras 3 models with int32/int64 inputs (tests/fixtures/keras_int_inputs.py), served over gRPC."""
    import json
    import subprocess

    out = tmp_path_factory.mktemp("int_models")
    subprocess.run([sys.executable, str(ROOT / "tests" / "fixtures" / "keras_int_inputs.py"), "write", str(out)],
                   check=True, env={**__import__("os").environ, "KERAS_BACKEND": "jax"})
    args = []
    for name in ("ids32", "ids64"):
        (out / name / "1").mkdir(parents=True)
        (out / f"{name}.keras").rename(out / name / "1" / "model.keras")
        args += ["--model", f"{name}={out / name}"]
    from test_serving import Server
    server = Server(["serve", *args, "--host", "127.0.0.1", "--port", "0", "--grpc-port", "0"],
                    r"Running ModelServer at 127\.0\.0\.1:(\d+) \(gRPC\)")
    yield server.port, json.loads((out / "keras.json").read_text())
    assert server.stop() in (0, 143)


def test_integer_input_models_with_grpcio_and_tritonclient(served_ids, tfs):
    """An Embedding model on int64 token ids: the signature says DT_INT64, ids arrive exactly and
    answers equal Keras's predictions; float values for the ids are INVALID_ARGUMENT."""
    import tritonclient.grpc as grpcclient
    from tritonclient.utils import InferenceServerException

    port, cases = served_ids
    apis, stubs, framework, _ = tfs
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    predictions = stubs.PredictionServiceStub(channel)
    sig = signature(apis, predictions, "ids64")
    assert sig.inputs["tokens"].dtype == framework.DT_INT64
    ids = np.array(cases["ids64"]["inputs"], np.int64)
    want = np.array(cases["ids64"]["expected"], np.float32)
    shape = framework.TensorShapeProto(dim=[framework.TensorShapeProto.Dim(size=s) for s in ids.shape])
    request = apis.PredictRequest(model_spec=apis.ModelSpec(name="ids64"))
    request.inputs["tokens"].CopyFrom(framework.TensorProto(dtype=framework.DT_INT64, tensor_shape=shape,
                                                            int64_val=ids.ravel().tolist()))
    y = next(iter(predictions.Predict(request, timeout=30).outputs.values()))
    np.testing.assert_allclose(np.array(y.float_val, np.float32).reshape(want.shape), want, rtol=0, atol=1e-5)
    request.inputs["tokens"].CopyFrom(framework.TensorProto(dtype=framework.DT_FLOAT, tensor_shape=shape,
                                                            float_val=ids.ravel().tolist()))
    with pytest.raises(grpc.RpcError) as e:
        predictions.Predict(request, timeout=30)
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "input 'tokens' expected integer values (its dtype is INT64)" in e.value.details()
    channel.close()

    client = grpcclient.InferenceServerClient(url=f"127.0.0.1:{port}")
    assert client.get_model_metadata("ids32").inputs[0].datatype == "INT32"
    ids = np.array(cases["ids32"]["inputs"], np.int32)
    inp = grpcclient.InferInput("ids", list(ids.shape), "INT32")
    inp.set_data_from_numpy(ids)
    result = client.infer("ids32", [inp])
    got = result.as_numpy(result.get_response().outputs[0].name)
    np.testing.assert_allclose(got, np.array(cases["ids32"]["expected"], np.float32), rtol=0, atol=1e-5)
    bad = grpcclient.InferInput("ids", list(ids.shape), "FP32")
    bad.set_data_from_numpy(ids.astype(np.float32))
    with pytest.raises(InferenceServerException, match=r"input 'ids' expected integer values") as e:
        client.infer("ids32", [bad])
    assert e.value.status() == "StatusCode.INVALID_ARGUMENT"
    client.close()
