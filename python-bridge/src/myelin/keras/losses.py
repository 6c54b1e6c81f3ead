"""Keras loss objects (``BinaryCrossentropy(from_logits=True)``) over dev.myelin.losses; calling one
computes the loss eagerly: ``BinaryCrossentropy()(y_true, y_pred) -> float``."""

import jpype
import numpy as np

from .. import _tensor
from .._errors import java_errors


class Loss:
    _java_class = None

    @java_errors
    def __init__(self, *args):
        self._java = jpype.JClass("dev.myelin.losses." + self._java_class)(*args)

    @java_errors
    def __call__(self, y_true, y_pred, sample_weight=None):
        yt = _tensor.from_numpy(np.ascontiguousarray(y_true, np.float32))
        yp = _tensor.from_numpy(np.ascontiguousarray(y_pred, np.float32))
        sw = None if sample_weight is None else _tensor.from_numpy(
            np.ascontiguousarray(sample_weight, np.float32))
        return float(self._java.compute(yt, yp, sw).item())

    def __repr__(self):
        return f"<{type(self).__name__}>"


class BinaryCrossentropy(Loss):
    _java_class = "BinaryCrossentropy"

    def __init__(self, from_logits=False, label_smoothing=0.0):
        super().__init__(jpype.JBoolean(from_logits), jpype.JDouble(label_smoothing))


class CategoricalCrossentropy(Loss):
    _java_class = "CategoricalCrossentropy"

    def __init__(self, from_logits=False, label_smoothing=0.0):
        super().__init__(jpype.JBoolean(from_logits), jpype.JDouble(label_smoothing))


class SparseCategoricalCrossentropy(Loss):
    _java_class = "SparseCategoricalCrossentropy"

    def __init__(self, from_logits=False):
        super().__init__(jpype.JBoolean(from_logits))


class Huber(Loss):
    _java_class = "Huber"

    def __init__(self, delta=1.0):
        super().__init__(jpype.JDouble(delta))


def _simple(name):
    cls = type(name, (Loss,), {"_java_class": name, "__doc__": f"Keras's {name}."})
    cls.__init__ = lambda self: Loss.__init__(self)
    return cls


MeanSquaredError = _simple("MeanSquaredError")
MeanAbsoluteError = _simple("MeanAbsoluteError")
MeanAbsolutePercentageError = _simple("MeanAbsolutePercentageError")
MeanSquaredLogarithmicError = _simple("MeanSquaredLogarithmicError")
Hinge = _simple("Hinge")
SquaredHinge = _simple("SquaredHinge")
CategoricalHinge = _simple("CategoricalHinge")
KLDivergence = _simple("KLDivergence")
LogCosh = _simple("LogCosh")
Poisson = _simple("Poisson")
CosineSimilarity = _simple("CosineSimilarity")
