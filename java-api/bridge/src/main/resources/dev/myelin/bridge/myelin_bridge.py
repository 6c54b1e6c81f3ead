"""Python half of Myelin's Jep bridge: runs code for Java and hands arrays across without copying.

Loaded once per process as the module ``_myelin_bridge``; each Java PythonInterpreter makes one
``Session`` over its own globals. Arrays lent to Java are kept in ``LENT``, a module-level dict, so
they outlive the interpreter that lent them until Java releases its tensor.
"""

import itertools
import traceback
import weakref

# Arrays whose memory a Java tensor wraps, by key, until Java's last view of it is released.
LENT = {}
_KEYS = itertools.count(1)

# numpy dtype name -> Myelin DType name; anything else is refused with the list below.
_DTYPES = {
    "float32": "FLOAT32",
    "float64": "FLOAT64",
    "int32": "INT32",
    "int64": "INT64",
    "uint8": "UINT8",
    "bool": "BOOL",
}


def _failure(exc):
    """[qualified type, message, formatted traceback] of an exception, for Java."""
    t = type(exc)
    name = t.__qualname__ if t.__module__ == "builtins" else t.__module__ + "." + t.__qualname__
    return [name, str(exc), "".join(traceback.format_exception(t, exc, exc.__traceback__))]


def release(key):
    """Drops the reference that kept a lent array alive (Java's tensor was released)."""
    LENT.pop(key, None)


class Session:
    """Runs code and moves values for one Java PythonInterpreter, in that interpreter's globals."""

    def __init__(self, namespace):
        self.namespace = namespace
        self.result = None

    def run(self, code):
        """Executes statements; returns None, or a failure triple when they raise."""
        try:
            exec(compile(code, "<myelin>", "exec"), self.namespace)
            return None
        except BaseException as e:  # noqa: B036 - SystemExit and KeyboardInterrupt go to Java too
            return _failure(e)

    def evaluate(self, expr):
        """Evaluates an expression into self.result; returns None, or a failure triple."""
        self.result = None
        try:
            self.result = eval(compile(expr, "<myelin>", "eval"), self.namespace)
            return None
        except BaseException as e:  # noqa: B036
            return _failure(e)

    def take_result(self):
        """Returns the last evaluated value and forgets it."""
        value, self.result = self.result, None
        return value

    def import_module(self, name):
        """Imports a module and binds its top-level name, like the import statement."""
        try:
            module = __import__(name)
            self.namespace[name.split(".")[0]] = module
            return None
        except BaseException as e:  # noqa: B036
            return _failure(e)

    def adopt(self, name, flat, view, shape, dtype, readonly):
        """Binds a numpy array over a Java tensor's memory; closes the tensor view once it dies.
        A read-only tensor (over memory its owner does not allow writing) gives a non-writable array.

        ``flat`` is Jep's 1-D array over the tensor's direct buffer; every array derived from it
        (the reshape below, slices a user takes) keeps it alive through ``base``, so the view is
        closed only when the last of them is collected.
        """
        weakref.finalize(flat, view.close)
        if readonly:
            flat.setflags(write=False)
        if dtype == "bool":
            flat = flat.view("bool")
        self.namespace[name] = flat.reshape(shape)

    def lend(self, expr):
        """Evaluates expr to a numpy array and lends its memory: [address, shape, dtype, key,
        writeable], or a failure. A non-writable array becomes a read-only tensor."""
        try:
            import numpy

            value = eval(compile(expr, "<myelin>", "eval"), self.namespace)
            if not isinstance(value, numpy.ndarray):
                raise TypeError(
                    "argument 'expr' expected a numpy.ndarray but was " + type(value).__qualname__
                )
            dt = value.dtype
            if dt.byteorder == ">" or (dt.byteorder == "=" and not numpy.little_endian):
                raise ValueError(
                    "array dtype expected native (little-endian) byte order but was " + dt.str
                    + "; convert with a.astype(a.dtype.newbyteorder('='))"
                )
            if dt.name not in _DTYPES:
                raise ValueError(
                    "array dtype expected one of " + ", ".join(_DTYPES) + " but was " + dt.name
                )
            if not value.flags.c_contiguous or not value.flags.aligned:
                raise ValueError(
                    "array layout expected C-contiguous and aligned but strides were "
                    + str(value.strides) + " for shape " + str(value.shape)
                    + "; copy with numpy.ascontiguousarray(a)"
                )
            key = next(_KEYS)
            LENT[key] = value
            address = value.__array_interface__["data"][0]
            return [address, list(value.shape), _DTYPES[dt.name], key, bool(value.flags.writeable)]
        except BaseException as e:  # noqa: B036
            return _failure(e)
