"""Whole-model save/load from Python: save/load_model, save_weights/load_weights, to_json /
model_from_json round-tripping predictions, and .keras files written by Python Keras 3 (fixtures
from tests/fixtures/make_keras_models.py) loading with Keras's predictions."""

import json
import pathlib

import numpy as np
import pytest

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


def trained(myelin):
    from myelin.keras import Sequential, layers, optimizers

    myelin.set_seed(3)
    x, y = myelin.datasets.make_circles(200, noise=0.1, factor=0.2, random_state=0)
    model = Sequential([layers.Dense(6, activation="tanh", input_shape=(2,)),
                        layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=optimizers.Adam(learning_rate=0.05), loss="binary_crossentropy",
                  metrics=["accuracy"])
    model.fit(x, y, epochs=3, verbose=0)
    return model, np.asarray(x, np.float32), y


@pytest.mark.parametrize("name", ["model.keras", "model.h5"])
def test_save_and_load_model_round_trip(myelin, tmp_path, name):
    from myelin.keras import Sequential, models

    model, x, y = trained(myelin)
    expected = np.array(model.predict(x))
    model.save(tmp_path / name)
    loaded = models.load_model(tmp_path / name)
    assert isinstance(loaded, Sequential)
    np.testing.assert_allclose(loaded.predict(x), expected, rtol=0, atol=1e-6)
    assert loaded.metrics_names == model.metrics_names  # compiled from the saved config
    assert loaded.evaluate(x, y, verbose=0)[0] == pytest.approx(model.evaluate(x, y, verbose=0)[0],
                                                                 rel=1e-5)
    loaded.fit(x, y, epochs=1, verbose=0)  # trainable after loading
    assert not np.allclose(loaded.predict(x), expected)

    plain = models.load_model(str(tmp_path / name), compile=False)
    np.testing.assert_allclose(plain.predict(x), expected, rtol=0, atol=1e-6)
    with pytest.raises(myelin.MyelinStateError):
        plain.evaluate(x, y, verbose=0)


def test_weights_and_json_round_trip(myelin, tmp_path):
    from myelin.keras import model_from_json

    model, x, _ = trained(myelin)
    expected = np.array(model.predict(x))
    text = model.to_json()
    config = json.loads(text)
    assert config["class_name"] == "Sequential"
    assert [l["class_name"] for l in config["config"]["layers"]][-2:] == ["Dense", "Dense"]
    assert json.loads(model.to_json(indent=2)) == config
    assert model.get_config() == config["config"]

    fresh = model_from_json(text)
    assert [type(l).__name__ for l in fresh.layers] == [type(l).__name__ for l in model.layers]
    assert not np.allclose(fresh.predict(x), expected)  # new weights
    model.save_weights(tmp_path / "w.weights.h5")
    fresh.load_weights(tmp_path / "w.weights.h5")
    np.testing.assert_allclose(fresh.predict(x), expected, rtol=0, atol=1e-6)


def test_functional_model_save_load(myelin, tmp_path):
    from myelin.keras import Input, Model, layers, models

    myelin.set_seed(5)
    inp = Input(shape=(3,))
    a = layers.Dense(4, activation="relu")(inp)
    b = layers.Dense(4, activation="tanh")(inp)
    out = layers.Dense(2, activation="softmax")(layers.Concatenate()([a, b]))
    model = Model(inputs=inp, outputs=out)
    x = np.random.default_rng(0).normal(size=(10, 3)).astype(np.float32)
    expected = np.array(model.predict(x))
    model.save(tmp_path / "f.keras")
    loaded = models.load_model(tmp_path / "f.keras")
    assert type(loaded).__name__ == "Model"
    np.testing.assert_allclose(loaded.predict(x), expected, rtol=0, atol=1e-6)


@pytest.mark.parametrize("name", ["sequential", "functional"])
def test_keras_saved_file_loads_with_kerass_predictions(myelin, name):
    from myelin.keras import models

    data = np.load(FIXTURES / "keras_predictions.npz")
    model = models.load_model(FIXTURES / f"keras_{name}.keras")
    np.testing.assert_allclose(model.predict(data["x"]), data[name], rtol=0, atol=1e-5)


def test_bad_files_raise_python_errors(myelin, tmp_path):
    from myelin.keras import model_from_json, models

    with pytest.raises(FileNotFoundError, match="no such file"):  # an OSError, as in Keras
        models.load_model(tmp_path / "missing.keras")
    junk = tmp_path / "junk.keras"
    junk.write_bytes(b"not a model")
    with pytest.raises(myelin.MyelinError, match="junk.keras"):
        models.load_model(junk)
    with pytest.raises(myelin.MyelinValueError):
        model_from_json("{not json")
    model, _, _ = trained(myelin)
    with pytest.raises(myelin.MyelinValueError, match=".keras"):
        model.save(tmp_path / "model.txt")


def test_model_with_a_string_input_predicts_on_raw_texts(myelin, tmp_path):
    """A .keras model whose first layer is TextVectorization (Keras's export model) predicts on a
    list of str, as Keras's model.predict(["..."]) does. A known vocabulary and fixed weights, so
    the expected values are worked out by hand: ids are 0 padding, 1 [UNK], 2 "a", 3 "b", 4 "c"."""
    import jpype
    from myelin.keras import models

    TextVectorization = jpype.JClass("dev.myelin.data.text.TextVectorization")
    Sequential = jpype.JClass("dev.myelin.models.Sequential")
    Embedding = jpype.JClass("dev.myelin.layers.Embedding")
    Pooling = jpype.JClass("dev.myelin.layers.GlobalAveragePooling1D")
    Tensor = jpype.JClass("dev.myelin.Tensor")
    tv = TextVectorization().outputSequenceLength(jpype.JInt(3))
    jlist = jpype.java.util.ArrayList
    tv.adapt(jlist(["a a a b b c"]))  # by count: a, b, c (kept as an asset)
    emb = Embedding(5, 1)
    java = Sequential(jlist([tv, emb, Pooling()]))
    java.setWeights(jlist([Tensor.fromArray(
        jpype.JArray(jpype.JFloat)([0, 10, 1, 2, 3]), jpype.JArray(jpype.JLong)([5, 1]))]))
    java.save(jpype.java.nio.file.Path.of(str(tmp_path / "texts.keras")))

    model = models.load_model(tmp_path / "texts.keras")
    # "a b" -> [2, 3, 0]: (1 + 2 + 0) / 3; "C, c!" -> [4, 4, 0]; "zzz" -> [1, 0, 0]; "" -> zeros
    expected = [[1.0], [2.0], [10 / 3], [0.0]]
    texts = ["a b", "C, c!", "zzz", ""]
    np.testing.assert_allclose(model.predict(texts), expected, rtol=0, atol=1e-6)
    np.testing.assert_allclose(model.predict(np.array(texts, dtype=object)[:, None]), expected,
                               rtol=0, atol=1e-6)
    uncompiled = models.load_model(tmp_path / "texts.keras", compile=False)
    np.testing.assert_allclose(uncompiled.predict(texts), expected, rtol=0, atol=1e-6)
    with pytest.raises(Exception, match="expected strings"):
        model.predict(np.ones((2, 1), dtype=np.float32))


def test_model_with_a_string_input_trains_and_evaluates_on_texts(myelin, tmp_path):
    """fit/evaluate on a list of str (Keras's model.fit(texts, y)) give the same losses, bit for
    bit, as the same layers trained on the token ids the texts stand for (worked out by hand:
    0 padding, 1 [UNK], 2 "a", 3 "b", 4 "c"), validation texts included."""
    import jpype
    from myelin.keras import models

    TextVectorization = jpype.JClass("dev.myelin.data.text.TextVectorization")
    Sequential = jpype.JClass("dev.myelin.models.Sequential")
    Embedding = jpype.JClass("dev.myelin.layers.Embedding")
    Pooling = jpype.JClass("dev.myelin.layers.GlobalAveragePooling1D")
    Tensor = jpype.JClass("dev.myelin.Tensor")
    jlist = jpype.java.util.ArrayList
    tv = TextVectorization().outputSequenceLength(jpype.JInt(3))
    tv.adapt(jlist(["a a a b b c"]))
    weights = jlist([Tensor.fromArray(
        jpype.JArray(jpype.JFloat)([0, 10, 1, 2, 3]), jpype.JArray(jpype.JLong)([5, 1]))])
    texts_model = Sequential(jlist([tv, Embedding(5, 1), Pooling()]))
    texts_model.setWeights(weights)
    texts_model.save(jpype.java.nio.file.Path.of(str(tmp_path / "texts.keras")))
    ids_model = Sequential(jlist([Embedding(5, 1).inputShape(jpype.JArray(jpype.JLong)([3])),
                                  Pooling()]))
    ids_model.setWeights(weights)
    ids_model.save(jpype.java.nio.file.Path.of(str(tmp_path / "ids.keras")))

    texts = ["a b", "C, c!", "zzz", "", "b b c", "a"]
    ids = np.array([[2, 3, 0], [4, 4, 0], [1, 0, 0], [0, 0, 0], [3, 3, 4], [2, 0, 0]], np.float32)
    y = np.array([[1.0], [2.0], [3.0], [0.5], [1.5], [2.5]], np.float32)
    a = models.load_model(tmp_path / "texts.keras", compile=False)
    b = models.load_model(tmp_path / "ids.keras", compile=False)
    for m in (a, b):
        m.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    ha = a.fit(texts, y, batch_size=2, epochs=3, shuffle=False, verbose=0,
               validation_data=(texts[:2], y[:2]))
    hb = b.fit(ids, y, batch_size=2, epochs=3, shuffle=False, verbose=0,
               validation_data=(ids[:2], y[:2]))
    assert sorted(ha.history) == ["loss", "mae", "val_loss", "val_mae"]
    for k in ha.history:
        assert ha.history[k] == hb.history[k], k
    assert ha.history["loss"][-1] < ha.history["loss"][0]
    assert a.evaluate(texts, y, verbose=0) == b.evaluate(ids, y, verbose=0)
    assert a.evaluate(np.array(texts, dtype=object), y, verbose=0) == b.evaluate(ids, y, verbose=0)
