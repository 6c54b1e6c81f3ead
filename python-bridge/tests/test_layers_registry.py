"""Layer classes made from the Java component registry: every registered layer under its Keras
names, Keras's positional arguments, models built from Python checked against Keras 3.15.1."""

import inspect
import os

import numpy as np
import pytest


@pytest.fixture(scope="module")
def keras():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    return pytest.importorskip("keras")


def registered_layers():
    """(names, Java type) of every built-in layer of dev.myelin.layers the registry lists."""
    import jpype

    registry = jpype.JClass("dev.myelin.saving.Registry")
    layer = jpype.JClass("dev.myelin.layers.Layer").class_
    modifier = jpype.JClass("java.lang.reflect.Modifier")
    r = []
    for e in registry.entries(registry.Kind.LAYER):
        t = e.type()
        if (e.builtIn() and layer.isAssignableFrom(t) and not modifier.isAbstract(t.getModifiers())
                and str(t.getPackageName()) == "dev.myelin.layers"):
            r.append(([str(n) for n in e.names()], t))
    return r


def test_every_registered_layer_and_alias_is_a_class(myelin):
    from myelin.keras import layers

    found = registered_layers()
    assert len(found) >= 50 and sum(len(names) for names, _ in found) >= 60
    for names, jtype in found:
        cls = getattr(layers, names[0])
        assert cls._java_class == str(jtype.getName())
        for alias in names[1:]:
            if alias.isidentifier() and alias[:1].isupper():
                assert getattr(layers, alias) is cls, alias
    assert layers.MaxPool2D is layers.MaxPooling2D
    assert layers.GlobalAvgPool1D is layers.GlobalAveragePooling1D
    for name in ["Conv1D", "Conv2D", "Conv3D", "DepthwiseConv2D", "SeparableConv1D",
                 "SeparableConv2D", "Conv2DTranspose", "MaxPooling3D", "AveragePooling2D",
                 "GlobalMaxPooling2D", "ZeroPadding2D", "Cropping1D", "UpSampling2D",
                 "SpatialDropout2D", "Rescaling", "Resizing", "CenterCrop", "RandomFlip",
                 "RandomZoom", "Embedding", "SimpleRNN", "LSTM", "GRU", "Bidirectional",
                 "TimeDistributed"]:
        layer = getattr(layers, name)
        assert issubclass(layer, layers.Layer) and name in layer.__doc__


def test_constructor_parameters_are_kerass_positional_arguments(myelin, keras):
    """Positional arguments bind to the Java constructors' parameters; where a parameter has a
    Keras name, it must sit at Keras's position (Cropping1D(before, after) and the like are
    spread forms of a tuple, named differently on purpose)."""
    # Keras's 3rd argument is `weights`, which Myelin does not take: backward_layer moves up.
    known = {("Bidirectional", "backward_layer")}
    checked = 0
    for names, jtype in registered_layers():
        kcls = getattr(keras.layers, names[0], None)
        if kcls is None:
            continue
        kparams = [p for p in inspect.signature(kcls.__init__).parameters
                   if p not in ("self", "kwargs")]
        for ctor in jtype.getConstructors():
            from myelin.keras._convert import snake

            jnames = [snake(str(p.getName())) for p in ctor.getParameters()]
            for i, n in enumerate(jnames):
                if n in kparams and (names[0], n) not in known:
                    assert kparams.index(n) == i, (names[0], jnames, kparams)
                    checked += 1
    assert checked >= 50


def small_cnn(layers):
    return [layers.Conv2D(6, (3, 3), activation="relu", input_shape=(10, 10, 1)),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(4, 3, padding="same", strides=2),
            layers.Flatten(),
            layers.Dense(5, activation="softmax")]


def test_cnn_from_python_matches_keras(myelin, keras):
    from myelin.keras import Sequential, layers

    myelin.set_seed(0)
    model = Sequential(small_cnn(layers))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    rng = np.random.default_rng(0)
    x = rng.random((40, 10, 10, 1), dtype=np.float32)
    y = rng.integers(0, 5, 40).astype(np.float32)

    km = keras.Sequential([keras.Input((10, 10, 1)),
                           keras.layers.Conv2D(6, (3, 3), activation="relu"),
                           keras.layers.MaxPooling2D((2, 2)),
                           keras.layers.Conv2D(4, 3, padding="same", strides=2),
                           keras.layers.Flatten(),
                           keras.layers.Dense(5, activation="softmax")])
    assert model.count_params() == km.count_params() == 60 + 220 + (16 * 5 + 5)
    assert [l.count_params() for l in model.layers] == [l.count_params() for l in km.layers]
    km.set_weights(model.get_weights())
    np.testing.assert_allclose(model.predict(x), km.predict(x, verbose=0), atol=1e-5)

    history = model.fit(x, y, epochs=3, batch_size=8, verbose=0)
    assert len(history.history["loss"]) == 3 and np.all(np.isfinite(history.history["loss"]))
    assert history.history["loss"][-1] < history.history["loss"][0]
    p = model.predict(x)
    assert p.shape == (40,) + tuple(km.output_shape[1:]) == (40, 5)
    np.testing.assert_allclose(p.sum(axis=1), 1, atol=1e-5)


def test_embedding_lstm_from_python_matches_keras(myelin, keras):
    from myelin.keras import Sequential, layers

    myelin.set_seed(1)
    model = Sequential([layers.Embedding(30, 8, input_shape=(7,)),
                        layers.LSTM(6, return_sequences=True),
                        layers.GRU(5),
                        layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy")
    rng = np.random.default_rng(1)
    x = rng.integers(0, 30, (24, 7)).astype(np.float32)
    y = rng.integers(0, 2, 24).astype(np.float32)

    km = keras.Sequential([keras.Input((7,)), keras.layers.Embedding(30, 8),
                           keras.layers.LSTM(6, return_sequences=True), keras.layers.GRU(5),
                           keras.layers.Dense(1, activation="sigmoid")])
    assert [l.count_params() for l in model.layers] == [l.count_params() for l in km.layers] \
        == [240, 4 * (8 * 6 + 6 * 6 + 6), 3 * (6 * 5 + 5 * 5 + 2 * 5), 6]
    km.set_weights(model.get_weights())
    np.testing.assert_allclose(model.predict(x), km.predict(x, verbose=0), atol=1e-5)

    history = model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    assert model.predict(x).shape == (24, 1)


def test_keras_positional_and_keyword_forms(myelin, keras):
    from myelin.keras import Input, Model, layers

    cases = [
        (layers.Dense(units=3), keras.layers.Dense(units=3), (4,)),
        (layers.Embedding(input_dim=10, output_dim=4), keras.layers.Embedding(10, 4), (5,)),
        (layers.ZeroPadding2D((1, 2)), keras.layers.ZeroPadding2D((1, 2)), (4, 4, 2)),
        (layers.ZeroPadding2D(padding=(1, 2)), keras.layers.ZeroPadding2D(padding=(1, 2)), (4, 4, 2)),
        (layers.Cropping2D(((1, 0), (2, 1))), keras.layers.Cropping2D(((1, 0), (2, 1))), (6, 6, 2)),
        (layers.Cropping1D((1, 2)), keras.layers.Cropping1D((1, 2)), (6, 2)),
        (layers.MaxPool2D(pool_size=3, strides=2), keras.layers.MaxPool2D(pool_size=3, strides=2), (9, 9, 2)),
        (layers.Conv2D(4, kernel_size=(3, 2), strides=2, padding="same"),
         keras.layers.Conv2D(4, kernel_size=(3, 2), strides=2, padding="same"), (9, 8, 3)),
        (layers.UpSampling2D((2, 3)), keras.layers.UpSampling2D((2, 3)), (3, 3, 1)),
        (layers.Conv1D(5, 3, dilation_rate=2), keras.layers.Conv1D(5, 3, dilation_rate=2), (11, 2)),
        (layers.SeparableConv2D(4, 3), keras.layers.SeparableConv2D(4, 3), (7, 7, 3)),
        (layers.Rescaling(1.0 / 255), keras.layers.Rescaling(1.0 / 255), (3, 3, 3)),
        (layers.Bidirectional(layers.LSTM(8)), keras.layers.Bidirectional(keras.layers.LSTM(8)), (5, 3)),
        (layers.Bidirectional(layers.GRU(4, return_sequences=True), merge_mode="sum"),
         keras.layers.Bidirectional(keras.layers.GRU(4, return_sequences=True), merge_mode="sum"), (5, 3)),
        (layers.TimeDistributed(layers.Dense(3)), keras.layers.TimeDistributed(keras.layers.Dense(3)), (5, 2)),
    ]
    for mine, theirs, shape in cases:
        out = mine(Input(shape=shape))
        kout = theirs(keras.Input(shape))
        assert out.shape == tuple(kout.shape), (mine, out.shape, kout.shape)
        assert mine.count_params() == theirs.count_params(), mine


def test_return_state_gives_a_list_in_the_functional_api(myelin, keras):
    from myelin.keras import Input, Model, layers

    inp = Input(shape=(6, 3))
    outs = layers.LSTM(4, return_sequences=True, return_state=True)(inp)
    assert isinstance(outs, list) and [o.shape for o in outs] == [(None, 6, 4), (None, 4), (None, 4)]
    seq, h, c = outs
    last = layers.Dense(2)(layers.Concatenate()([h, c]))
    model = Model(inp, [seq, last])
    x = np.random.default_rng(2).random((5, 6, 3), dtype=np.float32)
    p_seq, p_last = model.predict(x)
    assert p_seq.shape == (5, 6, 4) and p_last.shape == (5, 2)
    # The sequence's last step is the returned hidden state.
    h_only = Model(inp, h).predict(x)
    np.testing.assert_allclose(p_seq[:, -1, :], h_only, atol=1e-6)
    kin = keras.Input((6, 3))
    kouts = keras.layers.LSTM(4, return_sequences=True, return_state=True)(kin)
    assert [tuple(o.shape) for o in kouts] == [o.shape for o in outs]
    # Eagerly on arrays, several outputs come back as a list of arrays too.
    eager = layers.GRU(3, return_state=True)(x)
    assert isinstance(eager, list) and [a.shape for a in eager] == [(5, 3), (5, 3)]


def test_keyword_values_are_converted_to_the_setters_types(myelin):
    from myelin.keras import layers

    lstm = layers.LSTM(3, kernel_initializer="zeros", recurrent_initializer="ones", dropout=0,
                       seed=7, input_shape=(4, 2))
    lstm(np.ones((1, 4, 2), np.float32))
    kernel, recurrent, _ = lstm.get_weights()
    assert not kernel.any() and (recurrent == 1).all()
    # None means the default, as in Keras, for constructor keywords and setter keywords alike.
    bi = layers.Bidirectional(layers.LSTM(2), backward_layer=None, name=None)
    assert bi._java.getConfig().get("merge_mode") == "concat"
    assert layers.MaxPooling2D((2, 2), strides=None)._java.getConfig().get("strides") is not None
    conv = layers.Conv2D(2, 3, strides=(2, 1), name="c2")
    assert conv.name == "c2"
    assert [int(s) for s in conv._java.getConfig().get("strides")] == [2, 1]


def test_unknown_keywords_and_wrong_arguments_raise_clear_errors(myelin):
    from myelin.keras import layers

    with pytest.raises(TypeError, match=r"Unrecognized keyword arguments passed to Conv2D: \{'kernal_size': 3\}"):
        layers.Conv2D(8, 3, kernal_size=3)
    with pytest.raises(TypeError, match="Unrecognized keyword arguments passed to LSTM"):
        layers.LSTM(4, return_sequence=True)
    with pytest.raises(TypeError, match="Unrecognized keyword arguments passed to MaxPooling2D"):
        layers.MaxPool2D(2, pool=2)
    with pytest.raises(TypeError, match=r"Dense: the positional arguments \('x',\).*Dense\(units: long\)"):
        layers.Dense("x")
    with pytest.raises(TypeError, match=r"Conv2D: argument 'padding' expected String but was 3"):
        layers.Conv2D(8, 3, padding=3)
    with pytest.raises(myelin.MyelinValueError, match="he_normall"):
        layers.LSTM(4, kernel_initializer="he_normall")


def test_predict_over_a_java_dataset_with_steps_and_verbose(myelin, capsys):
    import jpype
    from myelin.keras import Sequential, layers

    myelin.set_seed(3)
    model = Sequential([layers.Conv1D(3, 2, input_shape=(5, 2)), layers.GlobalMaxPooling1D()])
    model.compile(optimizer="sgd", loss="mse")
    x = np.random.default_rng(3).random((10, 5, 2), dtype=np.float32)
    tensors = jpype.JArray(jpype.JClass("dev.myelin.Tensor"))([myelin.from_numpy(x)])
    data = jpype.JClass("dev.myelin.models.TensorDataset")(tensors, None, None).batchSize(4)
    np.testing.assert_array_equal(model.predict(data), model.predict(x, batch_size=4))
    capsys.readouterr()
    first = model.predict(data, steps=2, verbose=1)
    assert "2/2 [====" in capsys.readouterr().out  # steps given: the bar counts batches
    np.testing.assert_array_equal(first, model.predict(x[:8], batch_size=4))
    with pytest.raises(myelin.MyelinValueError, match="argument 'steps' expected at most the dataset's 3"):
        model.predict(data, steps=4)


def test_image_layers_take_kerass_positional_arguments(myelin, keras):
    """RandomZoom(0.2, 0.3) is height 0.2, width 0.3 as in Keras (the Java constructor's varargs
    would read a range); the positional names are Keras's own, checked against its signatures."""
    from myelin.keras import layers
    from myelin.keras.layers import KERAS_POSITIONALS

    for name, names in KERAS_POSITIONALS.items():
        params = [p.name for p in inspect.signature(getattr(keras.layers, name)).parameters.values()
                  if p.kind == p.POSITIONAL_OR_KEYWORD]
        assert tuple(params[:len(names)]) == names, name
    for args, kw, h, w in [((0.2, 0.3), {}, 0.2, 0.3), ((0.2,), {"width_factor": 0.3}, 0.2, 0.3),
                           (((0.1, 0.2), (-0.3, 0.4)), {}, [0.1, 0.2], [-0.3, 0.4])]:
        mine = layers.RandomZoom(*args, **kw)._java.getConfig()
        theirs = keras.layers.RandomZoom(*args, **kw).get_config()
        got = [mine.get(k) for k in ("height_factor", "width_factor")]
        assert [list(map(float, v)) if hasattr(v, "size") else float(v) for v in got] == [h, w]
        assert np.allclose(theirs["height_factor"], h) and np.allclose(theirs["width_factor"], w)
    t = layers.RandomTranslation(0.1, 0.2, "nearest")._java.getConfig()
    assert (t.get("height_factor"), t.get("width_factor"), t.get("fill_mode")) == (0.1, 0.2,
                                                                                   "nearest")
    with pytest.raises(TypeError, match="multiple values for argument 'height_factor'"):
        layers.RandomZoom(0.2, height_factor=0.3)
    with pytest.raises(TypeError, match="at most 4 positional arguments"):
        layers.RandomRotation(0.1, "reflect", "bilinear", 1, 2)
