"""Keras optimizers (``SGD(learning_rate=0.5)``) over dev.myelin.optimizers, built through
``Optimizer.fromConfig`` so argument names and defaults are Keras's."""

import jpype

from .._errors import java_errors


def _java_value(v):
    if isinstance(v, bool):
        return jpype.JBoolean(v)
    if isinstance(v, (int, float)):
        return jpype.JDouble(float(v))
    return v


class Optimizer:
    _class_name = None

    @java_errors
    def __init__(self, **kwargs):
        config = jpype.JClass("java.util.LinkedHashMap")()
        for k, v in kwargs.items():
            if v is not None:
                config.put(jpype.JString(k), _java_value(v))
        self._java = jpype.JClass("dev.myelin.optimizers.Optimizer").fromConfig(
            jpype.JString(self._class_name), config)

    @property
    def learning_rate(self):
        return float(self._java.learningRate())

    @learning_rate.setter
    def learning_rate(self, lr):
        self._java.setLearningRate(float(lr))

    @property
    def iterations(self):
        return int(self._java.iterations())

    def __repr__(self):
        return f"<{type(self).__name__} learning_rate={self.learning_rate}>"


def _optimizer(name):
    cls = type(name, (Optimizer,), {"_class_name": name, "__doc__": f"Keras's {name}."})
    return cls


SGD = _optimizer("SGD")
RMSprop = _optimizer("RMSprop")
Adagrad = _optimizer("Adagrad")
Adadelta = _optimizer("Adadelta")
Adam = _optimizer("Adam")
AdamW = _optimizer("AdamW")
Adamax = _optimizer("Adamax")
Nadam = _optimizer("Nadam")


@java_errors
def get(identifier):
    """A Java optimizer from a name ("sgd"), a Python wrapper or a Java optimizer."""
    if isinstance(identifier, Optimizer):
        return identifier._java
    if isinstance(identifier, str):
        return jpype.JClass("dev.myelin.optimizers.Optimizer").get(jpype.JString(identifier))
    return identifier
