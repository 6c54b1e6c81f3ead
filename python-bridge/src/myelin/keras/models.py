"""Keras models (Sequential, functional Model) over dev.myelin.models, taking numpy arrays and pandas
frames, returning numpy and a History whose ``.history`` is a dict of lists. Everything Java prints
for a model (progress bars, early-stopping notes) goes to Python's ``sys.stdout`` at each epoch's
end (when ``fit`` prints) and after each call, so a notebook shows it in the cell's output."""

import sys

import jpype
import numpy as np

from .. import _tensor
from .._errors import java_errors
from .._interrupt import Interruptible
from . import _batches
from . import callbacks as _callbacks
from . import layers as _layers
from . import optimizers as _optimizers
from ._convert import as_tensors


class History:
    """What ``fit`` returns: ``history`` (dict name -> list of per-epoch values), ``epoch``,
    ``params`` and ``model``, as Keras's History."""

    def __init__(self, java, model, params):
        self._java = java
        self.model = model
        self.params = params
        # One JPype crossing per name (primitive arrays come over as buffers), not two per value:
        # iterating java.util.List<Double> cost ~30 us per epoch of a 100-epoch fit.
        self.history = {str(k): np.asarray(java.values(k)).tolist() for k in java.names()}
        self.epoch = np.asarray(java.epochIndices()).tolist()

    def __repr__(self):
        return f"<History epochs={len(self.epoch)} keys={list(self.history)}>"


class _PythonOutput:
    """A Java PrintStream whose bytes are copied to Python's sys.stdout when ``flush_to_python``
    runs (each epoch end during a printing fit, and after each call)."""

    def __init__(self):
        self._bytes = jpype.JClass("java.io.ByteArrayOutputStream")()
        self.stream = jpype.JClass("java.io.PrintStream")(self._bytes, True, jpype.JString("UTF-8"))

    def flush_to_python(self):
        self.stream.flush()
        if self._bytes.size() == 0:
            return
        text = str(self._bytes.toString(jpype.JString("UTF-8")))
        self._bytes.reset()
        sys.stdout.write(text)
        sys.stdout.flush()


def _flusher(out):
    """A Java callback copying the model's output to Python at each epoch's end: the one crossing
    into Python per epoch, installed only when ``fit`` prints (verbose > 0). Each crossing costs
    about 9 us, 1-3% of an epoch of the book's first model (32 tiny steps); with verbose=0 nothing
    crosses during ``fit`` (what Java printed, e.g. an early-stopping note, is copied after it)."""
    lc = jpype.JClass("dev.myelin.callbacks.LambdaCallback")()
    lc.onEpochEnd(jpype.JProxy("java.util.function.BiConsumer",
                               dict={"accept": lambda i, logs: out.flush_to_python()}))
    return lc


def _path(filepath):
    import os

    return jpype.JClass("java.nio.file.Path").of(os.fspath(filepath), jpype.JArray(jpype.JString)([]))


def _result(values, names, return_dict):
    vals = [float(v) for v in values]
    if return_dict:
        return dict(zip(names, vals))
    return vals[0] if len(vals) == 1 else vals


class Model(_layers.Layer):
    """Keras's functional Model: ``Model(inputs=x, outputs=y)``."""

    @java_errors
    def __init__(self, inputs=None, outputs=None, name=None, _java=None):
        if _java is None:
            if inputs is None or outputs is None:
                raise TypeError("Model(inputs=..., outputs=...) needs both inputs and outputs")
            ins = inputs if isinstance(inputs, (list, tuple)) else [inputs]
            outs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
            KT = jpype.JClass("java.util.ArrayList")
            ji, jo = KT(), KT()
            for t in ins:
                ji.add(t._java)
            for t in outs:
                jo.add(t._java)
            _java = jpype.JClass("dev.myelin.models.Model")(ji, jo)
            if name:
                _java.name(name)
        self._java = _java
        self._out = _PythonOutput()
        self._java.setOutput(self._out.stream)

    history = None
    """The History of the last ``fit`` (also of an interrupted one), as Keras keeps it."""

    # ------------------------------------------------------------------ structure
    @property
    def optimizer(self):
        """The compiled optimizer (``model.optimizer.learning_rate``), or None before compile."""
        return _optimizers.wrap(self._java.optimizer())

    @property
    def input_shape(self):
        """The input's shape, ``(None, 2)``; a list of shapes for several inputs."""
        shapes = [_layers.KerasTensor(t).shape for t in self._java.inputs()]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        """The output's shape, ``(None, 1)``; a list of shapes for several outputs."""
        shapes = [_layers.KerasTensor(t).shape for t in self._java.outputs()]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def layers(self):
        return [_layers.wrap(l) for l in self._java.layers()]

    def get_layer(self, name):
        return _layers.wrap(self._java.getLayer(jpype.JString(name)))

    @property
    def metrics_names(self):
        return [str(n) for n in self._java.metricsNames()]

    @java_errors
    def summary(self, print_fn=None):
        text = str(self._java.summaryString()).rstrip("\n")
        (print_fn or print)(text)

    @java_errors
    def get_weights(self):
        return [np.array(_tensor.to_numpy(t)) for t in self._java.getWeights()]

    @java_errors
    def set_weights(self, weights):
        lst = jpype.JClass("java.util.ArrayList")()
        for w in weights:
            lst.add(_tensor.from_numpy(np.ascontiguousarray(w)))
        self._java.setWeights(lst)

    @java_errors
    def save_weights(self, filepath):
        """Keras 3's ``.weights.h5`` layout (``Model.saveWeights``)."""
        self._java.saveWeights(_path(filepath))

    @java_errors
    def load_weights(self, filepath):
        """Weights saved by ``save_weights`` or by Keras (``.weights.h5``, a Keras 2 ``.h5``)."""
        self._java.loadWeights(_path(filepath))

    @java_errors
    def save(self, filepath):
        """The whole model as Keras saves it: ``.keras`` (loadable by Python Keras 3's
        ``keras.models.load_model``), ``.h5``/``.hdf5`` (legacy whole-model HDF5) or
        ``.weights.h5`` (weights only), through ``Model.save``."""
        self._java.save(_path(filepath))

    @java_errors
    def to_json(self, **kwargs):
        """The architecture (and compile settings once compiled) as Keras 3 JSON; keyword
        arguments go to ``json.dumps`` as in Keras (e.g. ``indent=2``)."""
        text = str(self._java.toJson())
        if kwargs:
            import json

            return json.dumps(json.loads(text), **kwargs)
        return text

    @java_errors
    def get_config(self):
        import json

        return json.loads(str(self._java.toJson()))["config"]

    # ------------------------------------------------------------------ training
    @java_errors
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, **kwargs):
        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments passed to compile: {kwargs}")
        if loss is None:
            raise ValueError("compile: a loss is required, e.g. loss='binary_crossentropy'")
        opt = _optimizers.get(optimizer)
        Loss = jpype.JClass("dev.myelin.losses.Loss")
        Metric = jpype.JClass("dev.myelin.metrics.Metric")
        jloss = Loss.get(jpype.JString(loss)) if isinstance(loss, str) else getattr(loss, "_java", loss)
        mets = jpype.JClass("java.util.ArrayList")()
        for m in metrics or []:
            mets.add(Metric.get(jpype.JString(m), jloss) if isinstance(m, str) else getattr(m, "_java", m))
        self._java.compile(opt, jloss, mets)

    @java_errors
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None):
        """Trains on numpy arrays / pandas frames (zero-copy where the layout allows), or on a
        batch source in ``x`` (a Java ``Dataset``, a Keras ``PyDataset``/``Sequence``, a
        generator of ``(x, y)`` tuples). ``steps_per_epoch`` and ``validation_steps`` follow
        Keras 3: each epoch draws that many batches, continuing the pass over the data across
        epochs and starting a new one when it runs out (an epoch that meets the end stops short);
        a generator needs ``steps_per_epoch`` (and ``validation_steps`` as validation data). A
        model with a string input (TextVectorization first) trains on texts: a list of str or a
        numpy array of str, also as ``validation_data``'s x."""
        source = x is not None and y is None and _batches.is_batch_source(x)
        if not source and (x is None or y is None):
            raise ValueError("fit: x and y are required (numpy arrays or pandas frames), or x alone "
                             "as a batch source (a Dataset, PyDataset or generator)")
        verbose = 1 if verbose == "auto" else int(verbose)
        texts = None if source else _texts(x)
        if source:
            xt, yt = _batches.as_dataset(x, "fit", steps_per_epoch, int(epochs) - int(initial_epoch)), None
        elif texts is not None:  # a model with a string input (TextVectorization first)
            xt, yt = texts, as_tensors(y, "y")
        else:
            xt, yt = as_tensors(x, "x"), as_tensors(y, "y")
        o = jpype.JClass("dev.myelin.models.FitOptions")()
        o.epochs(int(epochs)).verbose(verbose).shuffle(bool(shuffle)).initialEpoch(int(initial_epoch))
        if batch_size is not None:
            o.batchSize(int(batch_size))
        if validation_split:
            o.validationSplit(float(validation_split))
        if steps_per_epoch is not None:
            o.stepsPerEpoch(int(steps_per_epoch))
        if validation_steps is not None:
            o.validationSteps(int(validation_steps))
        if validation_data is not None and _batches.is_batch_source(validation_data):
            o.validationData(_batches.as_dataset(validation_data, "fit: validation_data",
                                                 validation_steps, int(epochs) - int(initial_epoch),
                                                 "validation_steps"))
        elif validation_data is not None:
            if len(validation_data) != 2:
                raise ValueError("fit: validation_data must be (x_val, y_val) or a batch source")
            vtexts = _texts(validation_data[0])
            vx = vtexts if vtexts is not None else as_tensors(validation_data[0], "x_val")
            vy = as_tensors(validation_data[1], "y_val")
            T = jpype.JArray(jpype.JClass("dev.myelin.Tensor"))
            if vtexts is not None:
                o.validationData(jpype.JObject(vx, jpype.JClass("java.lang.Object")),
                                 jpype.JObject(vy, jpype.JClass("java.lang.Object")))
            elif isinstance(vx, jpype.JArray) or isinstance(vy, jpype.JArray):
                o.validationData(vx if isinstance(vx, jpype.JArray) else T([vx]),
                                 vy if isinstance(vy, jpype.JArray) else T([vy]))
            else:
                o.validationData(vx, vy)
        if class_weight:
            m = jpype.JClass("java.util.HashMap")()
            for k, v in class_weight.items():
                m.put(jpype.JInt(int(k)), jpype.JDouble(float(v)))
            o.classWeight(m)
        if sample_weight is not None:
            o.sampleWeight(as_tensors(sample_weight, "sample_weight"))
        cbs = jpype.JClass("java.util.ArrayList")()
        if verbose > 0:
            cbs.add(_flusher(self._out))
        for cb in callbacks or []:
            cbs.add(_callbacks.to_java(cb, self))
        # Our own record of the epochs, so that an interrupted fit still has its History.
        record = jpype.JClass("dev.myelin.callbacks.History")()
        cbs.add(record)
        o.callbacks(cbs)
        params = {"epochs": int(epochs), "verbose": verbose, "batch_size": batch_size or 32}

        def interrupted(exc):
            self.history = exc.history = History(record, self, params)

        with Interruptible(interrupted):
            try:
                if source:
                    self._java.fit(xt, o)
                elif texts is not None:
                    self._java.fit(jpype.JObject(xt, jpype.JClass("java.lang.Object")),
                                   jpype.JObject(yt, jpype.JClass("java.lang.Object")), o)
                else:
                    if isinstance(xt, jpype.JArray) or isinstance(yt, jpype.JArray):
                        T = jpype.JArray(jpype.JClass("dev.myelin.Tensor"))
                        xt = xt if isinstance(xt, jpype.JArray) else T([xt])
                        yt = yt if isinstance(yt, jpype.JArray) else T([yt])
                    self._java.fit(xt, yt, o)
            finally:
                self._out.flush_to_python()
                _tensor._lent.sweep()
        self.history = History(record, self, params)
        return self.history

    @java_errors
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", return_dict=False,
                 steps=None):
        """Loss and metrics on arrays, or on a batch source in ``x`` (as ``fit`` takes them; a
        generator needs ``steps``), or on texts for a model with a string input."""
        verbose = 1 if verbose == "auto" else int(verbose)
        if y is None and x is not None and _batches.is_batch_source(x):
            o = jpype.JClass("dev.myelin.models.EvaluateOptions")().verbose(verbose)
            try:
                with Interruptible():
                    r = self._java.evaluate(_batches.as_dataset(x, "evaluate", steps, steps_arg="steps"), o)
            finally:
                self._out.flush_to_python()
                _tensor._lent.sweep()
            return _result(r, self.metrics_names, return_dict)
        texts = _texts(x)
        if texts is not None:  # a model with a string input (TextVectorization first)
            o = jpype.JClass("dev.myelin.models.EvaluateOptions")()
            o.batchSize(int(batch_size or 32)).verbose(verbose)
            try:
                with Interruptible():
                    r = self._java.evaluate(jpype.JObject(texts, jpype.JClass("java.lang.Object")),
                                            jpype.JObject(as_tensors(y, "y"),
                                                          jpype.JClass("java.lang.Object")), o)
            finally:
                self._out.flush_to_python()
                _tensor._lent.sweep()
            return _result(r, self.metrics_names, return_dict)
        xt, yt = as_tensors(x, "x"), as_tensors(y, "y")
        try:
            if isinstance(xt, jpype.JArray) or isinstance(yt, jpype.JArray):
                T = jpype.JArray(jpype.JClass("dev.myelin.Tensor"))
                xt = xt if isinstance(xt, jpype.JArray) else T([xt])
                yt = yt if isinstance(yt, jpype.JArray) else T([yt])
            o = jpype.JClass("dev.myelin.models.EvaluateOptions")()
            o.batchSize(int(batch_size or 32)).verbose(verbose)
            with Interruptible():
                r = self._java.evaluate(xt, yt, o)
        finally:
            self._out.flush_to_python()
            _tensor._lent.sweep()
        return _result(r, self.metrics_names, return_dict)

    @java_errors
    def predict(self, x, batch_size=None, verbose=0, steps=None):
        """Predictions as numpy (a view over the Java result: no copy); a list for several
        outputs. ``x`` may also be a Java ``dev.myelin.models.Dataset`` (an image iterator, say),
        whose batches are predicted in order; ``steps`` limits the batches."""
        o = jpype.JClass("dev.myelin.models.PredictOptions")().batchSize(int(batch_size or 32))
        o.verbose(1 if verbose == "auto" else int(verbose))
        if steps is not None:
            o.steps(int(steps))
        try:
            if isinstance(x, jpype.JClass("dev.myelin.models.Dataset")):
                with Interruptible():
                    return _arrays(self._java.predictAll(x, o))
            texts = _texts(x)
            if texts is not None:  # a model with a string input (TextVectorization first)
                with Interruptible():
                    return _arrays(self._java.predictAll(texts, o))
            xt = as_tensors(x, "x")
            if not isinstance(xt, jpype.JArray) and int(self._java.outputs().size()) > 1:
                # Several outputs (an LSTM's sequence and states): a list, as Keras returns.
                xt = jpype.JArray(jpype.JClass("dev.myelin.Tensor"))([xt])
            with Interruptible():
                if isinstance(xt, jpype.JArray):
                    return _arrays(self._java.predictAll(xt, o))
                return _arrays([self._java.predict(xt, o)])
        finally:
            self._out.flush_to_python()
            _tensor._lent.sweep()

    def __call__(self, *inputs):
        return super().__call__(*inputs)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


class Sequential(Model):
    """Keras's Sequential: ``Sequential([Dense(4, activation="tanh", input_shape=(2,)), ...])``."""

    @java_errors
    def __init__(self, layers=None, name=None, _java=None):
        java = _java if _java is not None else jpype.JClass("dev.myelin.models.Sequential")()
        if name:
            java.name(jpype.JString(name))
        super().__init__(_java=java)
        for layer in layers or []:
            self.add(layer)

    @java_errors
    def add(self, layer):
        if isinstance(layer, _layers.KerasTensor):
            raise TypeError("Sequential.add: pass layers; Input(...) belongs to the functional API "
                            "(use input_shape=... on the first layer)")
        if not hasattr(layer, "_java"):
            raise TypeError(f"Sequential.add: expected a myelin.keras layer, got {layer!r}")
        self._java.add(layer._java)

    @java_errors
    def pop(self):
        self._java.pop()


def _arrays(tensors):
    """numpy views of Java results (each keeps its own view of the storage, so the tensors are
    closed at once): one array, or a list for several."""
    res = [_tensor.to_numpy(t) for t in tensors]
    for t in tensors:
        t.close()
    return res[0] if len(res) == 1 else res


def _wrap_model(java):
    """The Python wrapper of a Java model: Sequential for dev.myelin.models.Sequential."""
    if isinstance(java, jpype.JClass("dev.myelin.models.Sequential")):
        return Sequential(_java=java)
    return Model(_java=java)


@java_errors
def load_model(filepath, compile=True):
    """A whole model saved by ``Model.save`` or by Python Keras (a Keras 3 ``.keras`` archive or a
    legacy ``.h5`` with a model config): architecture, weights and, when saved and ``compile``,
    the compile settings (``dev.myelin.models.Models.loadModel``)."""
    import errno
    import os

    if not os.path.exists(filepath):  # Keras raises FileNotFoundError (an OSError) here too
        raise FileNotFoundError(errno.ENOENT, "load_model: no such file", os.fspath(filepath))
    Models = jpype.JClass("dev.myelin.models.Models")
    java = Models.loadModel(_path(filepath))
    if not compile:  # the same architecture and weights, not compiled
        loaded, java = java, Models.modelFromJson(java.toJson())
        java.setWeights(loaded.getWeights())
        StringLayer = jpype.JClass("dev.myelin.layers.StringLayer")
        for old_layer, new_layer in zip(loaded.layers(), java.layers()):
            if isinstance(old_layer, StringLayer):  # a TextVectorization's vocabulary
                new_layer.loadAssetFiles(old_layer.assetFiles())
    return _wrap_model(java)


def _texts(x):
    """A Java List<String> for a batch of texts (a list or tuple of str, or a numpy array of str
    or object holding str, of shape (n,) or (n, 1), as Keras's string input takes); else None."""
    if isinstance(x, (list, tuple)) and x and all(isinstance(t, str) for t in x):
        items = list(x)
    elif isinstance(x, np.ndarray) and x.dtype.kind in "UO" and x.size and (
            x.ndim == 1 or (x.ndim == 2 and x.shape[1] == 1)):
        items = x.reshape(-1).tolist()
        if not all(isinstance(t, str) for t in items):
            return None
    else:
        return None
    return jpype.java.util.ArrayList([jpype.JString(t) for t in items])


@java_errors
def model_from_json(json_string):
    """A new model (fresh weights, not compiled) from ``Model.to_json()`` or Keras's
    ``model.to_json()`` (``dev.myelin.models.Models.modelFromJson``)."""
    return _wrap_model(jpype.JClass("dev.myelin.models.Models").modelFromJson(jpype.JString(json_string)))
