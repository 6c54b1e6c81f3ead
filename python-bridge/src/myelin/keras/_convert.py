"""Python values -> Java arguments: arrays, shapes, keyword arguments -> fluent setters."""

import jpype
import numpy as np

from .. import _frames, _tensor


def shape_array(shape):
    if isinstance(shape, int):
        shape = (shape,)
    return jpype.JArray(jpype.JLong)([-1 if d is None else int(d) for d in shape])


def as_array(x, what):
    """numpy view of x: ndarray as is, pandas Series/DataFrame through numpy (used when pyarrow or
    the bridge jar is missing; ``as_tensor`` sends pandas through Arrow otherwise: a multi-column
    frame costs one copy into row-major order either way), pyarrow arrays zero-copy and
    Tables/RecordBatches as a (rows, columns) matrix."""
    if type(x).__module__.startswith("pyarrow"):
        x = _tensor.arrow_table_to_numpy(x) if _tensor._is_table(x) else _tensor.to_numpy(_tensor.from_arrow(x))
    elif hasattr(x, "to_numpy") and not isinstance(x, np.ndarray):  # pandas
        x = x.to_numpy()
    x = np.asarray(x)
    if x.dtype == np.dtype(object):
        raise TypeError(
            f"myelin: {what} has dtype object (mixed or string columns?); convert it to numbers first")
    if x.dtype.kind == "b":
        x = x.astype(np.float32)
    if not x.flags.c_contiguous:
        x = np.ascontiguousarray(x)
    return x


def as_tensor(x, what):
    if x is None:
        return None
    if isinstance(x, jpype.JClass("dev.myelin.Tensor")):
        return x
    if _frames.is_pandas(x) and _frames.available():
        return _frames.from_pandas(x, what)
    return _tensor.from_numpy(as_array(x, what))


def as_tensors(x, what):
    """(java Tensor[] or single Tensor, keep-alive list)."""
    if isinstance(x, dict):
        raise TypeError(f"myelin: {what} as a dict is not supported; pass a list in input order")
    if isinstance(x, (list, tuple)) and x and not np.isscalar(x[0]) and hasattr(x[0], "__len__") \
            and not isinstance(x[0], (list, tuple)):
        return jpype.JArray(jpype.JClass("dev.myelin.Tensor"))([as_tensor(a, what) for a in x])
    return as_tensor(x, what)


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def apply_kwargs(jobj, kwargs, allowed, owner):
    """Calls jobj.<camelName>(value) for each keyword argument in ``allowed``."""
    unknown = sorted(set(kwargs) - set(allowed))
    if unknown:
        raise TypeError(f"Unrecognized keyword arguments passed to {owner}: "
                        f"{ {k: kwargs[k] for k in unknown} }")
    for key, value in kwargs.items():
        if value is None:
            continue
        if key in ("input_shape", "batch_input_shape"):
            if key == "batch_input_shape":
                value = tuple(value)[1:]
            jobj.inputShape(shape_array(value))
            continue
        if hasattr(value, "_java"):
            value = value._java
        getattr(jobj, camel(key))(value)
    return jobj


def registered_keywords(kind, class_name):
    """The config keys the Java registry lists for a component (its keyword arguments)."""
    registry = jpype.JClass("dev.myelin.saving.Registry")
    entry = registry.find(getattr(registry.Kind, kind), jpype.JString(class_name), None)
    return () if entry is None else tuple(str(k) for k in entry.configKeys())
