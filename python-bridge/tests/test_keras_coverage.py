"""The Keras surface book code uses: the component modules made from the Java registry (a test fails
when a registered component is missing), Keras's aliases checked against Keras 3.15.1, utils,
backend, the scikit-learn wrappers and the model/layer attributes."""

import os
import sys

import numpy as np
import pytest

# module name -> registry kind, Java names not exposed as Python classes (with why).
MODULES = {
    "initializers": ("INITIALIZER", ()),
    "regularizers": ("REGULARIZER", ()),
    "constraints": ("CONSTRAINT", ()),
    "losses": ("LOSS", ()),
    "metrics": ("METRIC", ()),
    "optimizers": ("OPTIMIZER", ()),
    # Python's own History (fit's result), Callback and LambdaCallback; fit's internal machinery.
    "callbacks": ("CALLBACK", ("History", "LambdaCallback", "CallbackList", "ProgbarLogger")),
}


@pytest.fixture(scope="module")
def keras_ref():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    return pytest.importorskip("keras")


def _entries(kind):
    import jpype

    registry = jpype.JClass("dev.myelin.saving.Registry")
    return [e for e in registry.entries(getattr(registry.Kind, kind)) if e.builtIn()]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_registered_component_is_a_class_with_its_keywords(myelin, module):
    import importlib

    mod = importlib.import_module("myelin.keras." + module)
    kind, skipped = MODULES[module]
    checked = 0
    for e in _entries(kind):
        name = e.className()
        if name is None or str(name) in skipped:
            continue
        cls = getattr(mod, str(name))
        assert isinstance(cls, type), name
        for key in e.configKeys():  # every config key is named in the class's keywords
            assert str(key) in cls.__doc__ or module == "callbacks", (name, key)
        checked += 1
    assert checked >= 3


def test_every_registered_activation_is_a_function(myelin):
    from myelin.keras import activations

    names = [str(n) for e in _entries("ACTIVATION") for n in e.names()]
    assert len(names) >= 15
    for n in names:
        assert callable(getattr(activations, n)), n
    np.testing.assert_array_equal(activations.relu(np.array([-1.0, 2.0])), [0.0, 2.0])
    np.testing.assert_allclose(activations.sigmoid(np.array([0.0])), [0.5])


KERAS_MODULES = {"initializers": "INITIALIZER", "regularizers": "REGULARIZER",
                 "constraints": "CONSTRAINT", "losses": "LOSS", "activations": "ACTIVATION"}


@pytest.mark.parametrize("module", sorted(KERAS_MODULES))
def test_kerass_names_for_myelins_components_are_all_accepted(myelin, keras_ref, module):
    """Every string Keras 3.15.1 accepts for a component Myelin has (``"zero"`` for Zeros,
    ``"l1l2"`` for L1L2, ``"bce"``) is a name the Java registry accepts too."""
    import importlib

    import jpype

    registry = jpype.JClass("dev.myelin.saving.Registry")
    kind = getattr(registry.Kind, KERAS_MODULES[module])
    known = {str(n).lower() for n in registry.names(kind)}
    ours = {str(e.className()) for e in _entries(KERAS_MODULES[module]) if e.className() is not None}
    kmod = importlib.import_module("keras.src." + module)
    missing = []
    for key, obj in kmod.ALL_OBJECTS_DICT.items():
        target = obj.__name__ if isinstance(obj, type) else getattr(obj, "__name__", "")
        if module == "activations" and target == key and key in known:
            continue
        covered = target in ours or (module == "activations" and key in known)
        if covered and key.lower() not in known:
            missing.append(key)
    assert missing == []


def test_keras_aliases_as_layer_arguments(myelin):
    from myelin.keras import Sequential, layers

    m = Sequential([layers.Dense(3, input_shape=(2,), kernel_initializer="zero",
                                 bias_initializer="one", kernel_regularizer="l1l2")])
    w, b = m.layers[0].get_weights()
    assert not w.any() and (b == 1).all()


def test_component_keywords_and_positional_arguments(myelin):
    from myelin.keras import constraints, initializers, losses, optimizers, regularizers

    assert initializers.RandomNormal(0.0, 0.1, seed=1).get_config() == {
        "mean": 0.0, "stddev": 0.1, "seed": 1}
    assert regularizers.L2(0.01).get_config() == {"l2": 0.01}
    assert constraints.MaxNorm(3).get_config()["max_value"] == 3.0
    opt = optimizers.SGD(0.1, momentum=0.9)
    assert opt.learning_rate == pytest.approx(0.1) and opt.lr == opt.learning_rate
    assert losses.Huber(delta=2.0)([0.0], [1.0]) == pytest.approx(0.5)
    with pytest.raises(TypeError, match="Unrecognized keyword arguments passed to SGD"):
        optimizers.SGD(learning_rat=0.1)


def _model():
    from myelin.keras import Sequential, layers

    m = Sequential([layers.Dense(4, activation="tanh", input_shape=(2,)),
                    layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return m


def _data(n=64):
    x = np.random.default_rng(0).random((n, 2), dtype=np.float32)
    return x, (x.sum(axis=1) > 1).astype(np.float32)


def test_model_and_layer_attributes(myelin):
    m = _model()
    assert type(m.optimizer).__name__ == "Adam" and m.optimizer.learning_rate == pytest.approx(0.001)
    assert m.input_shape == (None, 2) and m.output_shape == (None, 1)
    assert m.layers[0].input_shape == (None, 2) and m.layers[0].output_shape == (None, 4)
    w, b = m.layers[0].get_weights()
    m.layers[0].set_weights([np.full_like(w, 0.5), b + 1])
    w2, b2 = m.layers[0].get_weights()
    assert (w2 == 0.5).all() and (b2 == 1).all()
    with pytest.raises(ValueError, match="expected shape"):
        m.layers[0].set_weights([np.ones((3, 3)), b])


def test_callbacks_tensorboard_scheduler_and_baseline(myelin, tmp_path):
    from myelin.keras import callbacks

    m = _model()
    x, y = _data()
    h = m.fit(x, y, epochs=3, verbose=0, callbacks=[
        callbacks.LearningRateScheduler(lambda epoch, lr: 0.01 / (epoch + 1)),
        callbacks.TensorBoard(log_dir=tmp_path / "logs")])
    assert h.history["learning_rate"] == pytest.approx([0.01, 0.005, 0.01 / 3])
    assert any((tmp_path / "logs").rglob("events.out.tfevents*"))
    # A constant loss (learning rate 0): Keras 3.15.1's EarlyStopping(patience=2) stops at epoch 2,
    # and at epoch 1 with a baseline the loss never beats (the first epoch then counts as waiting).
    from myelin.keras import optimizers

    m.compile(optimizer=optimizers.SGD(0.0), loss="binary_crossentropy")
    for baseline, stopped in ((None, 2), (1e-9, 1)):
        es = callbacks.EarlyStopping(monitor="loss", patience=2, baseline=baseline)
        h = m.fit(x, y, epochs=10, verbose=0, callbacks=[es])
        assert len(h.history["loss"]) == stopped + 1 and es.stopped_epoch == stopped


def test_utils(myelin, keras_ref):
    from myelin.keras import utils

    labels = np.array([0, 2, 1, 2])
    np.testing.assert_array_equal(utils.to_categorical(labels),
                                  keras_ref.utils.to_categorical(labels))
    np.testing.assert_array_equal(utils.to_categorical(labels, num_classes=5),
                                  keras_ref.utils.to_categorical(labels, num_classes=5))
    a = np.array([[3.0, 4.0], [1.0, 0.0], [0.0, 0.0]])
    for order in (1, 2):
        np.testing.assert_allclose(utils.normalize(a, order=order),
                                   np.asarray(keras_ref.utils.normalize(a, order=order)))


def test_plot_model_without_graphviz_raises_import_error(myelin, monkeypatch):
    from myelin.keras import utils

    monkeypatch.setattr(utils, "_pydot", lambda: None)
    # Outside IPython Keras raises; inside (its magics loaded) it prints the message and returns.
    monkeypatch.delitem(sys.modules, "IPython.core.magics.namespace", raising=False)
    with pytest.raises(ImportError, match="pydot"):
        utils.plot_model(_model(), to_file="model.png")
    monkeypatch.setitem(sys.modules, "IPython.core.magics.namespace", object())
    assert utils.plot_model(_model(), to_file="model.png") is None


def test_backend_function_and_clear_session(myelin):
    from myelin.keras import Input, Model, backend as K, layers

    K.clear_session()
    inp = Input(shape=(2,))
    hidden = layers.Dense(3, activation="relu", kernel_initializer="ones")(inp)
    model = Model(inputs=inp, outputs=layers.Dense(1)(hidden))
    get_hidden = K.function([model.input], [model.layers[1].output])
    out = get_hidden([np.array([[1.0, -2.0], [1.0, 2.0]], dtype=np.float32)])
    np.testing.assert_allclose(out[0], [[0, 0, 0], [3, 3, 3]])
    K.clear_session()
    assert layers.Dense(1).name == "dense"


def test_scikit_learn_wrappers(myelin):
    from myelin.keras import Sequential, layers
    from myelin.keras.wrappers.scikit_learn import KerasClassifier, KerasRegressor

    x, y = _data(128)

    def build():
        myelin.set_seed(3)
        m = Sequential([layers.Dense(8, activation="relu", input_shape=(2,)),
                        layers.Dense(1, activation="sigmoid")])
        m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        return m

    clf = KerasClassifier(build_fn=build, epochs=5, batch_size=16, verbose=0).fit(x, y)
    pred = clf.predict(x)
    assert set(np.unique(pred)) <= {0.0, 1.0} and pred.shape == (128,)
    assert clf.score(x, y) == pytest.approx((pred == y).mean())
    assert clf.predict_proba(x[:2]).shape == (2, 2)
    assert clf.get_params()["epochs"] == 5

    def build_reg():
        m = Sequential([layers.Dense(1, input_shape=(2,))])
        m.compile(optimizer="sgd", loss="mse")
        return m

    reg = KerasRegressor(build_fn=build_reg, epochs=2, verbose=0).fit(x, x.sum(axis=1))
    mse = float(((reg.predict(x) - x.sum(axis=1)) ** 2).mean())
    assert reg.score(x, x.sum(axis=1)) == pytest.approx(-mse, rel=1e-4)
