"""Keras optimizers (``SGD(learning_rate=0.5)``, ``Adam(0.001)``) made from the Java component
registry (``dev.myelin.optimizers``), built through each optimizer's ``fromConfig`` so argument names
and defaults are Keras's."""

import jpype

from .._errors import java_errors
from ._components import Component, lazy_module


class Optimizer(Component):
    """Base of the optimizers; ``_java`` is the dev.myelin.optimizers.Optimizer."""

    _kind = "OPTIMIZER"

    @property
    def learning_rate(self):
        return float(self._java.learningRate())

    @learning_rate.setter
    def learning_rate(self, lr):
        self._java.setLearningRate(float(lr))

    lr = learning_rate  # Keras 2's name, as the book writes it

    @property
    def iterations(self):
        return int(self._java.iterations())

    def __repr__(self):
        return f"<{type(self).__name__} learning_rate={self.learning_rate}>"


__getattr__, __dir__ = lazy_module("OPTIMIZER", Optimizer, globals())


@java_errors
def get(identifier):
    """A Java optimizer from a name ("sgd"), a Python wrapper or a Java optimizer."""
    if isinstance(identifier, Optimizer):
        return identifier._java
    if isinstance(identifier, str):
        return jpype.JClass("dev.myelin.optimizers.Optimizer").get(jpype.JString(identifier))
    return identifier


def wrap(java):
    """The Python wrapper of a Java optimizer (``model.optimizer``), by its Keras class name."""
    if java is None:
        return None
    name = str(java.getClass().getSimpleName())
    try:
        cls = globals().get(name) or __getattr__(name)
    except AttributeError:  # a user's optimizer class
        cls = Optimizer
    return cls._wrap(java)
