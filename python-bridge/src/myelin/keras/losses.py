"""Keras loss objects (``BinaryCrossentropy(from_logits=True)``) made from the Java component registry
(``dev.myelin.losses``); calling one computes the loss eagerly:
``BinaryCrossentropy()(y_true, y_pred) -> float``."""

import jpype
import numpy as np

from .. import _tensor
from .._errors import java_errors
from ._components import Component, lazy_module


class Loss(Component):
    """Base of the losses; ``_java`` is the dev.myelin.losses.Loss."""

    _kind = "LOSS"

    @java_errors
    def __call__(self, y_true, y_pred, sample_weight=None):
        yt = _tensor.from_numpy(np.ascontiguousarray(y_true, np.float32))
        yp = _tensor.from_numpy(np.ascontiguousarray(y_pred, np.float32))
        sw = None if sample_weight is None else _tensor.from_numpy(
            np.ascontiguousarray(sample_weight, np.float32))
        return float(self._java.compute(yt, yp, sw).item())


__getattr__, __dir__ = lazy_module("LOSS", Loss, globals())
