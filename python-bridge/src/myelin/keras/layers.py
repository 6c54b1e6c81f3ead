"""Keras layers (``myelin.keras.layers.Dense(4, activation="tanh", input_shape=(2,))``) over
``dev.myelin.layers``."""

import jpype
import numpy as np

from .. import _tensor
from .._errors import java_errors
from ._convert import apply_kwargs, registered_keywords, shape_array

_COMMON = ("name", "input_shape", "batch_input_shape", "input_dim", "trainable")


class KerasTensor:
    """A symbolic tensor of the functional API (``Input(shape=(3,))``, ``layer(x)``)."""

    def __init__(self, java):
        self._java = java

    @property
    def shape(self):
        return tuple(None if d < 0 else int(d) for d in self._java.shape())

    def __repr__(self):
        return f"<KerasTensor shape={self.shape}>"


class Layer:
    """Base of the Python layer wrappers; ``_java`` is the dev.myelin.layers object."""

    _java_class = None

    @java_errors
    def __init__(self, *args, **kwargs):
        self._java = self._make(*args)
        allowed = _COMMON + registered_keywords("LAYER", str(self._java.getClass().getSimpleName()))
        apply_kwargs(self._java, kwargs, allowed, type(self).__name__)

    def _make(self, *args):
        return jpype.JClass(self._java_class)(*args)

    @classmethod
    def _wrap(cls, java):
        layer = cls.__new__(cls)
        layer._java = java
        return layer

    @property
    def name(self):
        return str(self._java.name())

    @property
    def trainable(self):
        return bool(self._java.trainable())

    @trainable.setter
    def trainable(self, on):
        self._java.trainable(bool(on))

    @property
    def input(self):
        return KerasTensor(self._java.input())

    @property
    def output(self):
        return KerasTensor(self._java.output())

    @java_errors
    def get_weights(self):
        return [np.array(_tensor.to_numpy(v.value())) for v in self._java.weights()]

    @java_errors
    def count_params(self):
        return int(self._java.countParams())

    @java_errors
    def __call__(self, *inputs):
        if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)):
            inputs = tuple(inputs[0])
        if all(isinstance(i, KerasTensor) for i in inputs):
            arr = jpype.JArray(jpype.JClass("dev.myelin.layers.KerasTensor"))([i._java for i in inputs])
            return KerasTensor(self._java.apply(arr))
        ts = [_tensor.from_numpy(np.ascontiguousarray(i)) for i in inputs]
        arr = jpype.JArray(jpype.JClass("dev.myelin.Tensor"))(ts)
        return _tensor.to_numpy(self._java.apply(arr))

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


class Dense(Layer):
    _java_class = "dev.myelin.layers.Dense"

    def __init__(self, units, **kwargs):
        super().__init__(jpype.JLong(int(units)), **kwargs)


class Dropout(Layer):
    _java_class = "dev.myelin.layers.Dropout"

    def __init__(self, rate, **kwargs):
        super().__init__(jpype.JDouble(float(rate)), **kwargs)


class Activation(Layer):
    _java_class = "dev.myelin.layers.Activation"

    def __init__(self, activation, **kwargs):
        super().__init__(jpype.JString(activation), **kwargs)


class Flatten(Layer):
    _java_class = "dev.myelin.layers.Flatten"


class Reshape(Layer):
    _java_class = "dev.myelin.layers.Reshape"

    def __init__(self, target_shape, **kwargs):
        super().__init__(shape_array(target_shape), **kwargs)


class BatchNormalization(Layer):
    _java_class = "dev.myelin.layers.BatchNormalization"


def _merge(java_class):
    class Merge(Layer):
        _java_class = java_class

        def __call__(self, inputs):
            return super().__call__(*inputs)

    return Merge


Add = _merge("dev.myelin.layers.Add")
Add.__name__ = Add.__qualname__ = "Add"
Concatenate = _merge("dev.myelin.layers.Concatenate")
Concatenate.__name__ = Concatenate.__qualname__ = "Concatenate"


@java_errors
def Input(shape=None, batch_size=None, name=None):
    """A functional-API input of the given per-sample shape."""
    if shape is None:
        raise ValueError("Input: shape is required, e.g. Input(shape=(3,))")
    t = jpype.JClass("dev.myelin.models.Input").of(shape_array(shape))
    return KerasTensor(t)


def wrap(java_layer):
    """The Python wrapper of a Java layer (by class name, else the generic Layer)."""
    name = str(java_layer.getClass().getSimpleName())
    cls = globals().get(name)
    if not (isinstance(cls, type) and issubclass(cls, Layer)):
        cls = Layer
    return cls._wrap(java_layer)
