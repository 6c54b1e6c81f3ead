"""Keras layers (``myelin.keras.layers.Conv2D(32, (3, 3), activation="relu")``) over
``dev.myelin.layers``.

There is no wrapper class per layer: every layer the Java component registry
(``dev.myelin.saving.Registry``) knows becomes a class of this module under its Keras class name and
its aliases (``MaxPooling2D`` and ``MaxPool2D``). Positional arguments and keywords named like a Java
constructor's parameters (compiled with their names: ``units``, ``kernel_size``) choose and call
that constructor; the other keywords must be the layer's registered config keys (or ``name``,
``input_shape``, ``batch_input_shape``, ``input_dim``, ``trainable``) and call the fluent setter of
the camelCase name. Values are converted to the parameter's Java type: a number or a tuple to
``long[]`` (one value means every dimension, as in Keras), a layer to its Java object, a name to the
initializer, regularizer or constraint it names."""

import jpype
import numpy as np

from .. import _tensor
from .._errors import java_errors
from ._convert import apply_kwargs, construct, registered_keywords, shape_array, signatures

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
    """Base of the Python layers; ``_java`` is the dev.myelin.layers object, ``_java_class`` the
    Java class a subclass constructs."""

    _java_class = None

    @java_errors
    def __init__(self, *args, **kwargs):
        owner = type(self).__name__
        args, kwargs = _keras_positionals(owner, args, kwargs)
        jclass = jpype.JClass(self._java_class)
        allowed = _COMMON + registered_keywords("LAYER", str(self._java_class).rsplit(".", 1)[1])
        self._java, kwargs = construct(jclass, args, kwargs, owner, allowed)
        apply_kwargs(self._java, kwargs, allowed, owner)

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
    def set_weights(self, weights):
        """Keras's ``layer.set_weights``: arrays in the order of ``get_weights``, same shapes."""
        variables = list(self._java.weights())
        if len(weights) != len(variables):
            raise ValueError(f"Layer {self.name}: set_weights expected a list of {len(variables)} "
                             f"arrays but got {len(weights)}")
        for v, w in zip(variables, weights):
            w = np.ascontiguousarray(w, dtype=np.float32)
            if tuple(w.shape) != tuple(v.shape()):
                raise ValueError(f"Layer {self.name}: weight {v.name()} expected shape "
                                 f"{tuple(v.shape())} but got {w.shape}")
            v.assign(_tensor.from_numpy(w))

    @property
    def input_shape(self):
        """The shape of the layer's input (``None`` for the batch dimension), as Keras 2 had it."""
        return self.input.shape

    @property
    def output_shape(self):
        """The shape of the layer's output (``None`` for the batch dimension)."""
        return self.output.shape

    @java_errors
    def count_params(self):
        return int(self._java.countParams())

    @java_errors
    def __call__(self, *inputs):
        """Symbolic tensors in, symbolic tensors out (the functional API); arrays in, numpy out.
        A layer with several outputs (an LSTM with ``return_state=True``) returns a list."""
        if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)):
            inputs = tuple(inputs[0])
        if all(isinstance(i, KerasTensor) for i in inputs):
            arr = jpype.JArray(jpype.JClass("dev.myelin.layers.KerasTensor"))([i._java for i in inputs])
            outs = [KerasTensor(t) for t in self._java.applyAll(arr)]
            return outs[0] if len(outs) == 1 else outs
        ts = [_tensor.from_numpy(np.ascontiguousarray(i)) for i in inputs]
        arr = jpype.JArray(jpype.JClass("dev.myelin.Tensor"))(ts)
        outs = [_tensor.to_numpy(t) for t in self._java.invokeAll(arr, False)]
        return outs[0] if len(outs) == 1 else outs

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


# Keras's leading positional parameters of the layers whose Java constructors read positionals
# otherwise (RandomZoom(double... heightFactor) takes a range where Keras's RandomZoom(0.2, 0.3) is
# height 0.2, width 0.3): positionals are passed on as these keywords. test_layers_registry.py
# checks each tuple against keras's own inspect.signature.
KERAS_POSITIONALS = {
    "RandomZoom": ("height_factor", "width_factor", "fill_mode", "interpolation", "seed"),
    "RandomTranslation": ("height_factor", "width_factor", "fill_mode", "interpolation", "seed"),
    "RandomRotation": ("factor", "fill_mode", "interpolation", "seed"),
    "RandomContrast": ("factor", "value_range", "seed"),
}


def _keras_positionals(owner, args, kwargs):
    """``args`` as the keywords Keras's signature gives them, for the layers of
    ``KERAS_POSITIONALS``; (args, kwargs) unchanged for the others."""
    names = KERAS_POSITIONALS.get(owner)
    if names is None or not args:
        return args, kwargs
    if len(args) > len(names):
        raise TypeError(f"{owner}: takes at most {len(names)} positional arguments "
                        f"({', '.join(names)}) but {len(args)} were given")
    kw = dict(kwargs)
    for name, value in zip(names, args):
        if name in kw:
            raise TypeError(f"{owner}: got multiple values for argument '{name}'")
        kw[name] = value
    return (), kw


def _layer_class(entry):
    """The Python class of a registered built-in layer, or None (a model, an abstract class, a class
    with no public constructor, a user registration without a Java type)."""
    jtype = entry.type()
    base = jpype.JClass("dev.myelin.layers.Layer").class_
    modifier = jpype.JClass("java.lang.reflect.Modifier")
    if (not entry.builtIn() or not base.isAssignableFrom(jtype)
            or modifier.isAbstract(jtype.getModifiers()) or len(jtype.getConstructors()) == 0
            or str(jtype.getPackageName()) != "dev.myelin.layers"):
        return None
    name = str(entry.className())
    doc = (f"Keras's ``{name}`` over ``{jtype.getName()}``: {signatures(name, jtype)}, then the "
           f"keywords {', '.join(_COMMON + registered_keywords('LAYER', name))}.")
    return type(name, (Layer,), {"_java_class": str(jtype.getName()), "__doc__": doc,
                                 "__module__": __name__})


_defined = []


def _define_layers():
    """Defines a class per registered layer under each of its Keras names, once, on the first
    attribute access (``__getattr__``) rather than at import: listing the registry initializes
    every class of dev.myelin.layers (0.3-1.5 s of ``import myelin`` before)."""
    if _defined:
        return
    _defined.append(True)
    registry = jpype.JClass("dev.myelin.saving.Registry")
    for entry in registry.entries(registry.Kind.LAYER):
        cls = _layer_class(entry)
        if cls is None:
            continue
        for n in entry.names():
            n = str(n)
            if n.isidentifier() and n[:1].isupper() and n not in globals():
                globals()[n] = cls



def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    _define_layers()
    if name in globals():
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    _define_layers()
    return sorted(globals())


@java_errors
def Input(shape=None, batch_size=None, name=None):
    """A functional-API input of the given per-sample shape."""
    if shape is None:
        raise ValueError("Input: shape is required, e.g. Input(shape=(3,))")
    if name is None:
        return KerasTensor(jpype.JClass("dev.myelin.models.Input").of(shape_array(shape)))
    layer = jpype.JClass("dev.myelin.layers.InputLayer")(shape_array(shape))
    layer.name(jpype.JString(name))
    return KerasTensor(layer.tensor())


def wrap(java_layer):
    """The Python wrapper of a Java layer (by class name, else the generic Layer)."""
    _define_layers()
    name = str(java_layer.getClass().getSimpleName())
    cls = globals().get(name)
    if not (isinstance(cls, type) and issubclass(cls, Layer)):
        cls = Layer
    return cls._wrap(java_layer)
