"""Zero-copy numpy <-> Myelin Tensor, and DLPack / Arrow on top of it.

numpy -> Tensor: ``Tensor.wrap(address, shape, dtype, onRelease)`` over the array's memory; the
``onRelease`` Runnable is a pure-Java FutureTask; the array stays in a registry until Java has run it
(released the last view).
Tensor -> numpy: an ndarray over the tensor's memory (the buffer protocol of the direct
``asByteBuffer()``), owned by a holder that keeps its own Java view of the storage open until numpy
collects the array, so Java may close its tensor first. The array reads the tensor's address
through numpy's ``__array_interface__`` (the same memory ``asByteBuffer()`` exposes).
"""

import atexit

import jpype
import numpy as np

from . import _dlpack
from ._errors import java_errors

_TO_JAVA = {
    np.dtype(np.float32): "FLOAT32",
    np.dtype(np.float64): "FLOAT64",
    np.dtype(np.int32): "INT32",
    np.dtype(np.int64): "INT64",
    np.dtype(np.uint8): "UINT8",
    np.dtype(np.bool_): "BOOL",
}
_TO_NUMPY = {v: k for k, v in _TO_JAVA.items()}


def _classes():
    return jpype.JClass("dev.myelin.Tensor"), jpype.JClass("dev.myelin.DType")


class _Registry:
    """Arrays lent to Java. The release callback is a pure-Java ``FutureTask`` (its run() marks it
    done), so Java's cleaner threads never call into Python (which is unsafe while the interpreter
    shuts down); arrays whose task is done are dropped at the next ``sweep`` (at the end of each
    fit/evaluate/predict, and in ``from_numpy`` whenever the registry has doubled)."""

    def __init__(self):
        self.lent = {}  # FutureTask -> array
        self.closing = False
        self.next_sweep = 64  # amortised: a sweep when the registry has doubled

    def keep(self, array):
        """Holds ``array`` (any owner object) until Java runs the returned release callback."""
        task = jpype.JClass("java.util.concurrent.FutureTask")(jpype.JClass("java.lang.Thread")(), None)
        if len(self.lent) >= self.next_sweep:
            self.sweep()
        self.lent[task] = array
        return task

    def sweep(self):
        if self.lent:
            for task in [t for t in self.lent if t.isDone()]:
                del self.lent[task]
        self.next_sweep = max(64, 2 * len(self.lent))

    def __len__(self):
        return len(self.lent)


_lent = _Registry()


@atexit.register
def _closing():
    _lent.closing = True
    _dlpack.closing()


def _check_array(a):
    if a.dtype.kind in "OcUSVMm":
        raise TypeError(
            f"myelin: cannot share a numpy array of dtype {a.dtype} with Myelin; supported dtypes are "
            "float32, float64, int32, int64, uint8 and bool (convert with a.astype(np.float32), a copy)")
    if not a.dtype.isnative:
        raise ValueError(
            f"myelin: the array is {a.dtype.str} (non-native byte order); Myelin expects native byte "
            "order: copy with a.astype(a.dtype.newbyteorder('='))")
    if a.dtype not in _TO_JAVA:
        raise TypeError(
            f"myelin: numpy dtype {a.dtype} has no Myelin dtype; use float32, float64, int32, int64, "
            "uint8 or bool (a.astype(np.float32) copies)")
    if not a.flags.c_contiguous:
        raise ValueError(
            f"myelin: the array (shape {a.shape}, strides {a.strides}) is not C-contiguous; Myelin "
            "shares only row-major contiguous memory: copy with np.ascontiguousarray(a)")
    if a.size and a.ctypes.data % a.dtype.itemsize:
        raise ValueError(
            f"myelin: the array's data address is not aligned to {a.dtype.itemsize} bytes; copy with "
            "a.copy()")


@java_errors
def from_numpy(a):
    """A Myelin Tensor over the numpy array's memory (no copy); writes on either side are seen on the
    other. The array stays alive until the tensor and all its views are closed. A read-only array
    (``np.frombuffer(bytes)``, ``setflags(write=False)``, an Arrow or memory-mapped buffer) gives a
    read-only tensor over the same memory (``isReadOnly()``): Java writes to it raise, and
    ``tensor.copy()`` is writable. Non-contiguous, misaligned, object, complex and big-endian arrays
    raise (the message says how to copy)."""
    if isinstance(a, jpype.JClass("dev.myelin.Tensor")):
        return a
    if not isinstance(a, np.ndarray):
        a = np.asarray(a)
    _check_array(a)
    Tensor, DType = _classes()
    if a.size == 0:
        return Tensor.zeros(getattr(DType, _TO_JAVA[a.dtype]), jpype.JArray(jpype.JLong)(list(a.shape)))
    shape = jpype.JArray(jpype.JLong)([int(d) for d in a.shape])
    wrap = Tensor.wrap if a.flags.writeable else Tensor.wrapReadOnly
    return wrap(int(a.ctypes.data), shape, getattr(DType, _TO_JAVA[a.dtype]), _lent.keep(a))


class _TensorMemory:
    """Owns a Java view of a tensor's storage for as long as numpy holds arrays over it."""

    def __init__(self, tensor):
        self.view = tensor.reshape(tensor.shape())  # a new handle on the same storage
        self.dtype = _TO_NUMPY[str(tensor.dtype().name())]
        self.shape = tuple(int(d) for d in tensor.shape())
        self.__array_interface__ = {
            "shape": self.shape,
            "typestr": self.dtype.str,
            "data": (int(self.view.address()), bool(tensor.isReadOnly())),
            "version": 3,
        }

    def __del__(self):
        view = getattr(self, "view", None)
        if view is not None and not _lent.closing and jpype.isJVMStarted():
            try:
                view.close()
            except Exception:
                pass


@java_errors
def to_numpy(tensor):
    """A numpy array over the tensor's memory (no copy), writable unless the tensor is read-only
    (``isReadOnly()``: then ``flags.writeable`` is False). The array keeps its own view of the
    storage open, so it stays valid after Java closes ``tensor``."""
    if isinstance(tensor, np.ndarray):
        return tensor
    n = int(tensor.size())
    if n == 0:
        return np.zeros(tuple(int(d) for d in tensor.shape()), _TO_NUMPY[str(tensor.dtype().name())])
    mem = _TensorMemory(tensor)
    return np.asarray(mem)


def from_dlpack(x):
    """A Tensor over a DLPack producer's CPU memory (numpy, JAX, PyTorch, or a capsule), without
    copying: the producer's deleter runs once Java has released the last view (at the next sweep).
    A tensor the producer flags read-only (DLPack 1.x ``DLPACK_FLAG_BITMASK_READ_ONLY``) becomes a
    read-only tensor over the same memory. Non-CPU devices, non-contiguous strides and dtypes other than float32/64,
    int32/64, uint8 and bool raise."""
    if isinstance(x, jpype.JClass("dev.myelin.Tensor")):
        return x
    return _dlpack.import_(x, _lent.keep)


def to_arrow(tensor):
    """The tensor as a pyarrow array over the same memory: a primitive array for rank 1, the
    canonical ``arrow.fixed_shape_tensor`` extension type (rows = first axis) otherwise."""
    import pyarrow as pa

    a = to_numpy(tensor)
    if a.ndim == 1:
        return pa.array(a)
    return pa.FixedShapeTensorArray.from_numpy_ndarray(a)


def _is_table(obj):
    import pyarrow as pa

    return isinstance(obj, (pa.Table, pa.RecordBatch))


def arrow_table_to_numpy(table):
    """A row-major (rows, columns) matrix from a pyarrow Table/RecordBatch of numeric columns
    without nulls. One column: a zero-copy view (rows, 1); several: one copy (Arrow columns are
    separate buffers), in the columns' common numpy type."""
    import pyarrow as pa

    if isinstance(table, pa.Table):
        table = table.combine_chunks()
    cols = []
    for name, col in zip(table.schema.names, table.columns):
        if isinstance(col, pa.ChunkedArray):
            col = col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()
        if col.null_count:
            raise ValueError(f"myelin: Arrow column {name!r} has {col.null_count} nulls; fill them first")
        if not (pa.types.is_integer(col.type) or pa.types.is_floating(col.type)
                or pa.types.is_boolean(col.type)):
            raise TypeError(f"myelin: Arrow column {name!r} is {col.type}; only numeric columns "
                            "become tensors")
        cols.append(col.to_numpy(zero_copy_only=False))
    if not cols:
        raise ValueError("myelin: the Arrow table has no columns")
    if len(cols) == 1:
        return cols[0].reshape(-1, 1)
    return np.column_stack(cols)


def from_arrow(obj):
    """A read-only Tensor over an Arrow array's buffer, without copying (anything with
    ``__arrow_c_array__`` or a pyarrow array; fixed_shape_tensor arrays keep their shape): Arrow
    buffers are immutable by contract, so Java writes to the tensor raise. Nulls or boolean
    bit-packing raise (pyarrow refuses a zero-copy view); chunked arrays are combined (a copy when
    there are several chunks). A Table or RecordBatch becomes a (rows, columns) matrix: see
    ``arrow_table_to_numpy`` (zero-copy for one column, one copy for several)."""
    import pyarrow as pa

    if _is_table(obj):
        return from_numpy(arrow_table_to_numpy(obj))
    if isinstance(obj, pa.ChunkedArray):
        obj = obj.combine_chunks()
    if not isinstance(obj, pa.Array):
        obj = pa.array(obj)
    if isinstance(obj.type, pa.FixedShapeTensorType):
        a = obj.to_numpy_ndarray()
    else:
        a = obj.to_numpy(zero_copy_only=True)
    return from_numpy(a)


def to_arrow_table(tensor, names=None):
    """A pyarrow RecordBatch with one column per column of a 2-D tensor (a copy per column: a
    row-major matrix's columns are strided); a 1-D tensor becomes one zero-copy column."""
    import pyarrow as pa

    a = to_numpy(tensor)
    if a.ndim == 1:
        a = a.reshape(-1, 1)
        cols = [pa.array(to_numpy(tensor))]
    elif a.ndim == 2:
        cols = [pa.array(np.ascontiguousarray(a[:, j])) for j in range(a.shape[1])]
    else:
        raise ValueError(f"myelin: to_arrow_table needs a 1-D or 2-D tensor, got shape {a.shape}; "
                         "use to_arrow for the fixed_shape_tensor type")
    names = list(names) if names is not None else [f"f{j}" for j in range(len(cols))]
    if len(names) != len(cols):
        raise ValueError(f"myelin: {len(names)} names for {len(cols)} columns")
    return pa.RecordBatch.from_arrays(cols, names=names)


def install_customizers():
    """numpy/DLPack/Arrow protocols on dev.myelin.Tensor (JPype class customizer)."""

    @jpype.JImplementationFor("dev.myelin.Tensor")
    class _TensorProtocols:  # noqa: F841 - registered by the decorator
        def __array__(self, dtype=None, copy=None):
            a = to_numpy(self)
            if dtype is not None and np.dtype(dtype) != a.dtype:
                return a.astype(dtype)
            return a.copy() if copy else a

        def numpy(self):
            return to_numpy(self)

        def __dlpack__(self, *, stream=None, max_version=None, dl_device=None, copy=None):
            return _dlpack.export(self, stream=stream, max_version=max_version,
                                  dl_device=dl_device, copy=copy)

        def __dlpack_device__(self):
            return (1, 0)  # kDLCPU

        def __arrow_c_array__(self, requested_schema=None):
            return to_arrow(self).__arrow_c_array__(requested_schema)

        def __arrow_c_schema__(self):
            return to_arrow(self).type.__arrow_c_schema__()


__all__ = ["from_numpy", "to_numpy", "from_dlpack", "to_arrow", "from_arrow"]
