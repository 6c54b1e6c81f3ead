"""The Keras-shaped API driven from Python: the book's first model, History, predict, errors."""

import numpy as np
import pytest


def first_model(myelin):
    from myelin.keras import Sequential, layers, optimizers

    myelin.set_seed(42)
    model = Sequential([layers.Dense(4, activation="tanh", input_shape=(2,)),
                        layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.5), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


def test_books_first_model_reaches_090(myelin, capsys):
    x, y = myelin.datasets.make_circles(1000, noise=0.1, factor=0.2, random_state=0)
    model = first_model(myelin)
    model.summary()
    history = model.fit(x, y, epochs=20, verbose=1)
    out = capsys.readouterr().out
    assert "Total params: 17" in out
    assert "Epoch 20/20" in out and "1000/1000 [====" in out
    assert isinstance(history.history, dict)
    assert list(history.history) == ["loss", "accuracy"]
    assert all(isinstance(v, list) and len(v) == 20 for v in history.history.values())
    assert history.epoch == list(range(20))
    assert history.history["loss"][-1] < history.history["loss"][0]
    loss, acc = model.evaluate(x, y, verbose=0)
    assert acc >= 0.9
    assert model.evaluate(x, y, verbose=0, return_dict=True)["accuracy"] == pytest.approx(acc)
    p = model.predict(x)
    assert isinstance(p, np.ndarray) and p.shape == (1000, 1) and p.dtype == np.float32
    assert ((p > 0.5).ravel() == y).mean() == pytest.approx(acc)


def test_pandas_validation_split_and_callbacks(myelin):
    pd = pytest.importorskip("pandas")
    from myelin.keras import callbacks

    x, y = myelin.datasets.make_circles(500, noise=0.1, factor=0.2, random_state=1)
    df = pd.DataFrame(x, columns=["a", "b"])
    target = pd.Series(y, name="y")
    seen = []

    class Recorder(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append((epoch, sorted(logs)))

    model = first_model(myelin)
    h = model.fit(df, target, epochs=3, batch_size=16, verbose=0, validation_split=0.2,
                  callbacks=[Recorder(), callbacks.EarlyStopping(monitor="val_loss", patience=5)])
    assert set(h.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert [e for e, _ in seen] == [0, 1, 2]
    assert seen[0][1] == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert model.predict(df).shape == (500, 1)


def test_functional_model(myelin):
    from myelin.keras import Input, Model, layers

    inp = Input(shape=(3,))
    hidden = layers.Dense(8, activation="relu")(inp)
    out = layers.Dense(2, activation="softmax")(layers.Dropout(0.1)(hidden))
    model = Model(inputs=inp, outputs=out)
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 3)).astype(np.float32)
    y = np.eye(2, dtype=np.float32)[(x[:, 0] > 0).astype(int)]
    h = model.fit(x, y, epochs=2, verbose=0)
    assert len(h.history["loss"]) == 2
    p = model.predict(x)
    assert p.shape == (64, 2)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-5)
    assert [w.shape for w in model.get_weights()] == [(3, 8), (8,), (8, 2), (2,)]


def test_wrong_shape_is_a_value_error_with_the_java_message(myelin):
    model = first_model(myelin)
    x = np.zeros((10, 3), np.float32)
    with pytest.raises(ValueError) as e:
        model.fit(x, np.zeros(10, np.float32), epochs=1, verbose=0)
    assert isinstance(e.value, myelin.MyelinError)
    assert e.value.java_class.startswith("java.lang.")
    assert "3" in str(e.value) and str(e.value) == e.value.java_message


def test_unknown_names(myelin):
    from myelin.keras import Sequential, layers

    with pytest.raises(ValueError, match="nosuchact"):
        layers.Dense(2, activation="nosuchact", input_shape=(2,))
    model = Sequential([layers.Dense(1, input_shape=(2,))])
    with pytest.raises(ValueError, match="nosuchloss"):
        model.compile(optimizer="sgd", loss="nosuchloss")
    with pytest.raises(ValueError, match="nosuchopt"):
        model.compile(optimizer="nosuchopt", loss="mse")
    with pytest.raises(TypeError, match="Unrecognized keyword arguments passed to Dense"):
        layers.Dense(2, activaton="relu")


def test_layer_keywords_come_from_the_java_registry(myelin):
    import jpype
    from myelin.keras import layers

    registry = jpype.JClass("dev.myelin.saving.Registry")
    dense = registry.find(registry.Kind.LAYER, "Dense", None)
    assert layers.registered_keywords("LAYER", "Dense") == tuple(str(k) for k in dense.configKeys())
    assert "kernel_constraint" in layers.registered_keywords("LAYER", "Dense")
    bn = layers.BatchNormalization(momentum=0.5, center=False)
    assert float(bn._java.getConfig().get("momentum")) == 0.5
    with pytest.raises(TypeError, match="Unrecognized keyword arguments passed to BatchNormalization"):
        layers.BatchNormalization(use_bias=True)
    with pytest.raises(TypeError, match="Unrecognized keyword arguments passed to Flatten"):
        layers.Flatten(momentum=0.5)


def test_fit_before_compile_is_a_state_error(myelin):
    from myelin.keras import Sequential, layers

    model = Sequential([layers.Dense(1, input_shape=(2,))])
    with pytest.raises(myelin.MyelinStateError, match="compile"):
        model.fit(np.zeros((4, 2), np.float32), np.zeros(4, np.float32), verbose=0)


def test_object_dataframe_is_refused(myelin):
    pd = pytest.importorskip("pandas")
    model = first_model(myelin)
    df = pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]})
    with pytest.raises(TypeError, match="column .b. has dtype"):
        model.fit(df, np.zeros(2), verbose=0)


def test_python_callback_exception_propagates_unchanged(myelin):
    from myelin.keras import callbacks

    class Boom(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            raise KeyError("boom from python")

    model = first_model(myelin)
    with pytest.raises(KeyError, match="boom from python"):
        model.fit(np.zeros((8, 2), np.float32), np.zeros(8, np.float32), epochs=2, verbose=0,
                  callbacks=[Boom()])


def test_weights_round_trip_and_eager_layer_call(myelin):
    from myelin.keras import layers

    model = first_model(myelin)
    w = model.get_weights()
    w[0][:] = 0.25
    model.set_weights(w)
    np.testing.assert_array_equal(model.get_weights()[0], np.full((2, 4), 0.25, np.float32))
    dense = layers.Dense(3, input_shape=(2,))
    assert dense(np.ones((4, 2), np.float32)).shape == (4, 3)
    assert [layer.name for layer in model.layers] == [model.layers[0].name, model.layers[1].name]


def test_verbose_2_and_class_weight(myelin, capsys):
    model = first_model(myelin)
    h = model.fit(np.zeros((8, 2), np.float32), np.array([0, 1] * 4), epochs=2, verbose=2,
                  class_weight={0: 1.0, 1: 2.0})
    out = capsys.readouterr().out
    assert "Epoch 2/2" in out and " - loss: " in out
    assert len(h.history["loss"]) == 2


def test_fit_on_an_arrow_table(myelin):
    pa = pytest.importorskip("pyarrow")
    x, y = myelin.datasets.make_circles(200, noise=0.1, factor=0.2, random_state=2)
    table = pa.table({"a": x[:, 0], "b": x[:, 1]})
    model = first_model(myelin)
    h = model.fit(table, pa.array(y.astype(np.float32)), epochs=2, verbose=0)
    assert len(h.history["loss"]) == 2
    assert model.predict(table).shape == (200, 1)


def test_save_and_load_weights(myelin, tmp_path):
    from myelin import keras

    keras.clear_session()  # the same layer names in both models
    model = first_model(myelin)
    model.fit(np.ones((8, 2), np.float32), np.ones(8, np.float32), epochs=1, verbose=0)
    path = tmp_path / "m.weights.h5"
    model.save_weights(path)
    keras.clear_session()
    other = first_model(myelin)
    other.load_weights(path)
    for a, b in zip(model.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(OSError):
        other.load_weights(tmp_path / "missing.weights.h5")


def test_predict_from_another_python_thread(myelin):
    import threading

    model = first_model(myelin)
    out = {}

    def work():
        out["p"] = model.predict(np.zeros((5, 2), np.float32))

    th = threading.Thread(target=work)
    th.start()
    th.join(60)
    assert out["p"].shape == (5, 1)


def test_loss_and_metric_objects(myelin):
    from myelin.keras import Sequential, layers, losses, metrics

    bce = losses.BinaryCrossentropy()
    value = bce(np.array([[1.0], [0.0]]), np.array([[0.9], [0.2]]))
    assert value == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2, rel=1e-4)
    assert losses.MeanSquaredError()(np.zeros((2, 1)), np.ones((2, 1))) == pytest.approx(1.0)
    model = Sequential([layers.Dense(1, activation="sigmoid", input_shape=(2,))])
    model.compile(optimizer="adam", loss=losses.BinaryCrossentropy(label_smoothing=0.1),
                  metrics=["accuracy", metrics.AUC(), metrics.Precision()])
    h = model.fit(np.random.default_rng(0).normal(size=(32, 2)).astype(np.float32),
                  np.array([0, 1] * 16, np.float32), epochs=1, verbose=0)
    assert len(h.history) == 4 and "loss" in h.history
