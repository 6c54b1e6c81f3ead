"""Tests of peers.py's model building from a workload's layer list (pytest; keras with the jax
backend for the Keras tests, a recording stand-in for torch.nn, which is not installed here)."""

import json
import os
import sys
import types

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(__file__))
import peers  # noqa: E402

CNN_LAYERS = [
    {"class_name": "Conv2D", "config": {"filters": 32, "kernel_size": [3, 3], "strides": [1, 1],
                                        "padding": "valid", "activation": "relu"}},
    {"class_name": "MaxPooling2D", "config": {"pool_size": [2, 2], "strides": [2, 2],
                                              "padding": "valid"}},
    {"class_name": "Flatten", "config": {}},
    {"class_name": "Dense", "config": {"units": 128, "activation": "relu"}},
    {"class_name": "Dense", "config": {"units": 10, "activation": "softmax"}},
]


def spec(layers, input_shape, kind="train", samples=256):
    """A short training spec over the synthetic MNIST (what BenchMain --describe --quick prints)."""
    return {"name": "t", "kind": kind, "input_shape": input_shape, "layers": layers,
            "optimizer": "adam", "learning_rate": 0.001, "loss": "sparse_categorical_crossentropy",
            "data": "mnist", "data_dir": None, "samples": samples, "batch_size": 128,
            "epochs_per_rep": 1, "warmup_epochs": 1, "repetitions": 1, "latency_calls": 0,
            "throughput_batch": 0, "throughput_calls": 0, "threads": 1,
            "train_flops_per_sample": 5329152, "metrics": ["samples_per_s"]}


class FakeNN:
    """Records what torch_model asks torch.nn for: (class, args, kwargs) per module."""

    def __init__(self):
        def module(name):
            def make(*args, **kwargs):
                return types.SimpleNamespace(kind=name, args=args, kwargs=kwargs, weight=None,
                                             bias=None)
            return make
        for name in ("Linear", "Conv2d", "MaxPool2d", "Flatten", "ReLU", "Tanh", "Sigmoid",
                     "Softmax"):
            setattr(self, name, module(name))
        self.init = types.SimpleNamespace(
            xavier_uniform_=lambda w: None, zeros_=lambda b: b.fill(0) if b is not None else None,
            uniform_=lambda w, a, b: None, orthogonal_=lambda w: None,
            constant_=lambda t, v: t.fill(v))
        self.Sequential = lambda *mods: list(mods)
        self.Module = object

        def recurrent(name):
            def make(features, units, batch_first=False):
                gates = 4 if name == "LSTM" else 3
                return types.SimpleNamespace(
                    kind=name, args=(features, units), kwargs={"batch_first": batch_first},
                    weight_ih_l0=None, weight_hh_l0=None, bias_ih_l0=np.full(gates * units, 7.0),
                    bias_hh_l0=np.full(gates * units, 7.0))
            return make
        self.LSTM, self.GRU = recurrent("LSTM"), recurrent("GRU")
        self.Embedding = lambda n, d: types.SimpleNamespace(kind="Embedding", args=(n, d), kwargs={},
                                                             weight=None)


def test_torch_model_of_the_cnn_tracks_shapes_through_conv_and_pooling():
    mods = peers.torch_model(FakeNN(), spec(CNN_LAYERS, [28, 28, 1]), with_softmax=False)
    got = [(m.kind, m.args, m.kwargs) for m in mods]
    assert got == [
        ("Conv2d", (1, 32, (3, 3)), {"stride": (1, 1), "padding": 0}),
        ("ReLU", (), {}),
        ("MaxPool2d", ((2, 2),), {"stride": (2, 2)}),
        ("Flatten", (), {}),
        ("Linear", (13 * 13 * 32, 128), {}),  # 26x26 after the valid 3x3, 13x13 after the pool
        ("ReLU", (), {}),
        ("Linear", (128, 10), {}),  # the softmax is CrossEntropyLoss's for training
    ]


def test_torch_model_of_a_dense_stack_is_the_earlier_linear_chain():
    layers = [{"class_name": "Dense", "config": {"units": u, "activation": a}}
              for u, a in ((512, "relu"), (256, "relu"), (10, "softmax"))]
    mods = peers.torch_model(FakeNN(), spec(layers, [784], kind="predict"), with_softmax=True)
    assert [(m.kind, m.args) for m in mods] == [
        ("Linear", (784, 512)), ("ReLU", ()), ("Linear", (512, 256)), ("ReLU", ()),
        ("Linear", (256, 10)), ("Softmax", ())]


RNN_LAYERS = [
    {"class_name": "Embedding", "config": {"input_dim": 2000, "output_dim": 64}},
    {"class_name": "LSTM", "config": {"units": 64}},
    {"class_name": "Dense", "config": {"units": 1, "activation": "sigmoid"}},
]


def test_torch_model_of_the_lstm_keeps_the_last_step_with_kerases_initial_biases():
    mods = peers.torch_model(FakeNN(), spec(RNN_LAYERS, [80]), with_softmax=False)
    assert [m.kind for m in mods[:1]] + [m.kind for m in mods[2:]] == ["Embedding", "Linear",
                                                                      "Sigmoid"]
    assert mods[0].args == (2000, 64) and mods[2].args == (64, 1)
    rnn = mods[1].rnn
    assert (rnn.kind, rnn.args, rnn.kwargs) == ("LSTM", (64, 64), {"batch_first": True})
    # Keras's unit_forget_bias: torch's gate order is i, f, g, o, so only [64, 128) is 1
    assert list(rnn.bias_ih_l0[64:128]) == [1.0] * 64
    assert not rnn.bias_ih_l0[:64].any() and not rnn.bias_ih_l0[128:].any()
    assert not rnn.bias_hh_l0.any()
    gru = peers.torch_model(FakeNN(), spec([RNN_LAYERS[0], {"class_name": "GRU", "config": {
        "units": 32}}, RNN_LAYERS[2]], [80]), with_softmax=False)[1].rnn
    assert gru.kind == "GRU" and gru.args == (64, 32) and not gru.bias_ih_l0.any()


def test_synthetic_sequences_are_the_java_harness_token_ids():
    x, y = peers.synthetic("sequences", 6)
    # the values SyntheticData.java's test checks (worked out with shell arithmetic)
    assert x.shape == (6, 80) and x.dtype == np.float32
    assert x[0, 0] == 83 and x[1, 0] == 1379 and list(x[[0, 1, 5], 79]) == [1500, 1372, 761]
    assert list(y[[0, 1, 5], 0]) == [0, 0, 1]
    assert x.min() >= 1 and x.max() <= 1999


def test_torch_model_refuses_a_layer_it_has_no_module_for():
    layers = [{"class_name": "AveragePooling2D", "config": {"pool_size": [2, 2]}}]
    with pytest.raises(peers.UnsupportedWorkload, match="AveragePooling2D"):
        peers.torch_model(FakeNN(), spec(layers, [28, 28, 1]), with_softmax=False)


def test_to_input_reshapes_rows_to_nhwc_and_transposes_to_nchw():
    x = np.arange(2 * 2 * 3 * 2, dtype=np.float32).reshape(2, 12)  # 2 rows of a 2x3x2 image
    s = spec([], [2, 3, 2])
    nhwc = peers.to_input(x, s)
    nchw = peers.to_input(x, s, channels_first=True)
    assert nhwc.shape == (2, 2, 3, 2) and nchw.shape == (2, 2, 2, 3)
    # row 1, pixel (h=1, w=2), channel 1 is element 1*12 + (1*3 + 2)*2 + 1 = 23 in both layouts
    assert nhwc[1, 1, 2, 1] == 23 and nchw[1, 1, 1, 2] == 23


keras = pytest.importorskip("keras") if os.environ.get("KERAS_BACKEND") == "jax" else None


@pytest.mark.skipif(keras is None, reason="needs keras with KERAS_BACKEND=jax")
def test_keras_model_of_the_cnn_has_the_books_shapes_and_parameters():
    model = peers.keras_model(keras, spec(CNN_LAYERS, [28, 28, 1]))
    assert [tuple(layer.output.shape) for layer in model.layers] == [
        (None, 26, 26, 32), (None, 13, 13, 32), (None, 5408), (None, 128), (None, 10)]
    # 3*3*32 + 32, 0, 0, 5408*128 + 128, 128*10 + 10
    assert [layer.count_params() for layer in model.layers] == [320, 0, 0, 692352, 1290]


@pytest.mark.skipif(keras is None, reason="needs keras with KERAS_BACKEND=jax")
def test_keras_models_of_the_recurrent_workloads_have_kerases_parameter_counts():
    lstm = peers.keras_model(keras, spec(RNN_LAYERS, [80]))
    gru = peers.keras_model(keras, spec([RNN_LAYERS[0], {"class_name": "GRU", "config": {
        "units": 64}}, RNN_LAYERS[2]], [80]))
    # the counts WorkloadTest asserts for Myelin's models of the same workloads
    assert [layer.count_params() for layer in lstm.layers] == [128000, 33024, 65]
    assert [layer.count_params() for layer in gru.layers] == [128000, 24960, 65]
    assert tuple(lstm.layers[1].output.shape) == (None, 64)


@pytest.mark.skipif(keras is None, reason="needs keras with KERAS_BACKEND=jax")
def test_keras_jax_trains_the_cnn_and_reports_an_unsupported_layer(capsys):
    peers.main(["--framework", "keras-jax", "--spec", json.dumps(spec(CNN_LAYERS, [28, 28, 1]))])
    r = json.loads(capsys.readouterr().out)
    assert r["framework"] == "keras-jax" and r["workload"] == "t"
    assert r["median"]["samples_per_s"] > 0
    # two epochs of 256 rows of the 10-class data: trained, not diverged, from about ln 10 = 2.30
    assert 0.5 < r["final_loss"] < 2.35
    bad = [{"class_name": "NoSuchLayer", "config": {}}]
    peers.main(["--framework", "keras-jax", "--spec", json.dumps(spec(bad, [784]))])
    r = json.loads(capsys.readouterr().out)
    assert r["error"].startswith("unsupported workload 't'") and "NoSuchLayer" in r["error"]
