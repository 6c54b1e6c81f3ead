"""Keras activations (``activations.relu(x)``, ``Dense(4, activation=activations.tanh)``) made from
the Java component registry (``dev.myelin.activations``): each registered name is a function object
that applies the Java activation to an array (numpy in, numpy out) and that a layer takes as its
``activation``."""

import jpype
import numpy as np

from .. import _tensor
from .._errors import java_errors


class Activation:
    """A registered activation: ``_java`` is the dev.myelin.activations.Activation."""

    def __init__(self, name):
        self.__name__ = name
        self._java = jpype.JClass("dev.myelin.activations.Activation").get(jpype.JString(name))
        self.__doc__ = f"Keras's ``{name}`` activation (``dev.myelin.activations``), on arrays."

    @java_errors
    def __call__(self, x):
        t = _tensor.from_numpy(np.ascontiguousarray(x, np.float32))
        return np.array(_tensor.to_numpy(self._java.apply(t)))

    def __repr__(self):
        return f"<activation {self.__name__}>"


def _names():
    registry = jpype.JClass("dev.myelin.saving.Registry")
    return [str(n) for n in registry.names(registry.Kind.ACTIVATION) if str(n).isidentifier()]


def get(identifier):
    """The activation named ``identifier`` (or ``identifier`` itself when it is one)."""
    if isinstance(identifier, Activation):
        return identifier
    return __getattr__(str(identifier))


def __getattr__(name):
    if name.startswith("__") or name not in _names():
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    fn = Activation(name)
    globals()[name] = fn
    return fn


def __dir__():
    return sorted(set(globals()) | set(_names()))
