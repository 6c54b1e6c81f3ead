"""Keras's ``keras.backend`` as the book uses it: ``K.function`` (a function from some of a model's
tensors to others, e.g. a hidden layer's activations) and ``K.clear_session``."""

import numpy as np


def clear_session():
    """Resets layer-name counters (Keras's ``K.clear_session()``)."""
    from . import clear_session as reset

    reset()


def function(inputs, outputs):
    """A function of input arrays returning the values of ``outputs`` (symbolic tensors of a
    functional graph, e.g. ``[model.input]`` and ``[model.layers[1].output]``), computed by a
    Model over that part of the graph: ``K.function([model.input], [layer.output])([x])`` is the
    list of the layer's activations for ``x``, as the book's Keras 2 returns."""
    from .models import Model

    ins = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
    outs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    sub = Model(inputs=ins, outputs=outs)

    def call(values):
        values = list(values) if isinstance(values, (list, tuple)) else [values]
        arrays = [np.ascontiguousarray(v, dtype=np.float32) for v in values]
        result = sub.predict(arrays if len(arrays) > 1 else arrays[0], verbose=0)
        return [np.array(r) for r in (result if isinstance(result, list) else [result])]

    return call


def epsilon():
    """The fuzz factor Keras adds against division by zero (1e-7)."""
    return 1e-7


def floatx():
    """The default float type: ``"float32"``."""
    return "float32"
