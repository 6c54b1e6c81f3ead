"""DLPack of our own (ctypes over the DLPack 1.x C structs), both directions, without copying.
Read-only memory stays read-only: a versioned capsule flagged ``READ_ONLY`` imports as a read-only
tensor, and a read-only tensor exports with that flag (a consumer of unversioned capsules, which
cannot carry the flag, gets a copy).

Export (``Tensor.__dlpack__``): a ``DLManagedTensor`` (capsule ``"dltensor"``), or for a consumer
that asks ``max_version >= (1, 0)`` a ``DLManagedTensorVersioned`` (``"dltensor_versioned"``), whose
``data`` is the tensor's native address. ``manager_ctx`` is a key into ``_exports``, which holds the
ctypes structs and a Java view of the tensor's storage (so the memory outlives the Java handle)
until the consumer calls the deleter (or, if nobody consumed the capsule, the capsule dies).

Import (``from_dlpack``): the producer's capsule is renamed ``used_dltensor[_versioned]``, its
``DLTensor`` read (CPU, C-contiguous, a supported dtype), and the memory wrapped as a Tensor whose
release callback is a pure-Java ``FutureTask`` (see ``_tensor._Registry``); when Java has released
the last view, the next sweep drops the owner, which calls the producer's deleter.
"""

import ctypes

import jpype

from ._errors import java_errors

# --------------------------------------------------------------------------- the C structs


class DLDevice(ctypes.Structure):
    _fields_ = [("device_type", ctypes.c_int32), ("device_id", ctypes.c_int32)]


class DLDataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16)]


class DLTensor(ctypes.Structure):
    _fields_ = [
        ("data", ctypes.c_void_p),
        ("device", DLDevice),
        ("ndim", ctypes.c_int32),
        ("dtype", DLDataType),
        ("shape", ctypes.POINTER(ctypes.c_int64)),
        ("strides", ctypes.POINTER(ctypes.c_int64)),
        ("byte_offset", ctypes.c_uint64),
    ]


_DELETER = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


class DLManagedTensor(ctypes.Structure):
    _fields_ = [("dl_tensor", DLTensor), ("manager_ctx", ctypes.c_void_p), ("deleter", ctypes.c_void_p)]


class DLPackVersion(ctypes.Structure):
    _fields_ = [("major", ctypes.c_uint32), ("minor", ctypes.c_uint32)]


class DLManagedTensorVersioned(ctypes.Structure):
    _fields_ = [
        ("version", DLPackVersion),
        ("manager_ctx", ctypes.c_void_p),
        ("deleter", ctypes.c_void_p),
        ("flags", ctypes.c_uint64),
        ("dl_tensor", DLTensor),
    ]


DLPACK_VERSION = (1, 0)  # the struct layout we write (the same for every 1.x)
FLAG_READ_ONLY = 1
FLAG_IS_COPIED = 2
KDLCPU = 1
_DEVICE_NAMES = {1: "cpu", 2: "cuda", 3: "cuda_host", 4: "opencl", 7: "vulkan", 8: "metal",
                 10: "rocm", 11: "rocm_host", 13: "cuda_managed", 14: "oneapi"}

# (code, bits) <-> Myelin dtype; kDLInt 0, kDLUInt 1, kDLFloat 2, kDLBfloat 4, kDLComplex 5, kDLBool 6
_FROM_DL = {(2, 32): "FLOAT32", (2, 64): "FLOAT64", (0, 32): "INT32", (0, 64): "INT64",
            (1, 8): "UINT8", (6, 8): "BOOL"}
_TO_DL = {v: k for k, v in _FROM_DL.items()}
_ITEMSIZE = {"FLOAT32": 4, "FLOAT64": 8, "INT32": 4, "INT64": 8, "UINT8": 1, "BOOL": 1}
_CODE_NAMES = {0: "int", 1: "uint", 2: "float", 4: "bfloat", 5: "complex", 6: "bool"}

# --------------------------------------------------------------------------- the capsule C API

_api = ctypes.pythonapi
_CAPSULE_DESTRUCTOR = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_api.PyCapsule_New.restype = ctypes.py_object
_api.PyCapsule_New.argtypes = [ctypes.c_void_p, ctypes.c_void_p, _CAPSULE_DESTRUCTOR]
_api.PyCapsule_IsValid.restype = ctypes.c_int
_api.PyCapsule_IsValid.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
_api.PyCapsule_GetPointer.restype = ctypes.c_void_p
_api.PyCapsule_GetPointer.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
_api.PyCapsule_GetName.restype = ctypes.c_char_p
_api.PyCapsule_GetName.argtypes = [ctypes.py_object]
_api.PyCapsule_SetName.restype = ctypes.c_int
_api.PyCapsule_SetName.argtypes = [ctypes.py_object, ctypes.c_void_p]

# Capsule names must outlive the capsules: static buffers.
_NAMES = {n: ctypes.create_string_buffer(n) for n in
          (b"dltensor", b"dltensor_versioned", b"used_dltensor", b"used_dltensor_versioned")}


def _name(n):
    return ctypes.addressof(_NAMES[n])


# --------------------------------------------------------------------------- export


class _Export:
    """What one exported capsule keeps alive: the structs, the shape/strides arrays and the Java
    view of the tensor's storage (released when the consumer calls the deleter)."""

    def __init__(self, struct, shape, strides, memory):
        self.struct, self.shape, self.strides, self.memory = struct, shape, strides, memory


_exports = {}  # address of the managed struct -> _Export
_state = {"closing": False}


def live_exports():
    """How many exported capsules have not been released by their consumer (for tests)."""
    return len(_exports)


@_DELETER
def _export_deleter(managed):
    # Called by the consumer (numpy, JAX, ...) with the GIL (ctypes acquires it), from any thread.
    export = _exports.pop(managed, None)
    if export is not None and not _state["closing"]:
        export.memory.release()


@_CAPSULE_DESTRUCTOR
def _capsule_destructor(capsule):
    # A capsule nobody consumed (still named dltensor[_versioned]) frees what it owns.
    for n in (b"dltensor", b"dltensor_versioned"):
        if _api.PyCapsule_IsValid(capsule, _name(n)):
            _export_deleter(_api.PyCapsule_GetPointer(capsule, _name(n)))
            return


class _JavaView:
    """A Java view (its own handle) of a tensor's storage, closed on ``release``."""

    def __init__(self, tensor):
        self.view = tensor.reshape(tensor.shape())

    def release(self):
        view, self.view = self.view, None
        if view is not None and jpype.isJVMStarted():
            try:
                view.close()
            except Exception:
                pass


def _check_export_args(stream, dl_device):
    if stream is not None and not isinstance(stream, int):
        raise BufferError(f"myelin: __dlpack__ stream must be None for CPU tensors, got {stream!r}")
    if dl_device is not None and tuple(int(d) for d in dl_device) != (KDLCPU, 0):
        raise BufferError(
            f"myelin: __dlpack__ cannot export to device {tuple(dl_device)}: Myelin tensors live in "
            "CPU memory (kDLCPU, 0); copy on the consumer's side (e.g. jax.device_put)")


@java_errors
def export(tensor, stream=None, max_version=None, dl_device=None, copy=None):
    """``Tensor.__dlpack__``: a DLPack capsule over the tensor's memory (a copy only if ``copy``, or
    for a read-only tensor asked for an unversioned capsule, which cannot flag it read-only)."""
    _check_export_args(stream, dl_device)
    if tensor.isClosed():
        raise BufferError("myelin: __dlpack__ on a closed Tensor")
    dtype = str(tensor.dtype().name())
    if dtype not in _TO_DL:
        raise BufferError(f"myelin: __dlpack__ does not export dtype {dtype}")
    versioned = max_version is not None and tuple(max_version)[0] >= 1
    readonly = bool(tensor.isReadOnly())
    if readonly and not versioned and copy is False:
        raise BufferError(
            "myelin: __dlpack__ cannot share a read-only tensor without copying through an "
            "unversioned capsule (it has no read-only flag): ask max_version=(1, 0) or allow a copy")
    copied = bool(copy) or (readonly and not versioned)
    source = tensor.copy() if copied else tensor
    memory = _JavaView(source)
    if copied:
        source.close()  # the view keeps the copy's storage
    dims = [int(d) for d in memory.view.shape()]
    ndim = len(dims)
    shape = (ctypes.c_int64 * max(ndim, 1))(*dims)
    strides = (ctypes.c_int64 * max(ndim, 1))()
    step = 1
    for i in reversed(range(ndim)):
        strides[i] = step
        step *= dims[i]
    struct = DLManagedTensorVersioned() if versioned else DLManagedTensor()
    dl = struct.dl_tensor
    dl.data = int(memory.view.address()) if step else None
    dl.device = DLDevice(KDLCPU, 0)
    dl.ndim = ndim
    dl.dtype = DLDataType(*_TO_DL[dtype], 1)
    dl.shape = ctypes.cast(shape, ctypes.POINTER(ctypes.c_int64))
    dl.strides = ctypes.cast(strides, ctypes.POINTER(ctypes.c_int64))
    dl.byte_offset = 0
    struct.deleter = ctypes.cast(_export_deleter, ctypes.c_void_p)
    if versioned:
        struct.version = DLPackVersion(*DLPACK_VERSION)
        struct.flags = FLAG_IS_COPIED if copied else (FLAG_READ_ONLY if readonly else 0)
    address = ctypes.addressof(struct)
    struct.manager_ctx = address
    _exports[address] = _Export(struct, shape, strides, memory)
    name = b"dltensor_versioned" if versioned else b"dltensor"
    try:
        return _api.PyCapsule_New(address, _name(name), _capsule_destructor)
    except BaseException:
        _export_deleter(address)
        raise


# --------------------------------------------------------------------------- import


class _ImportOwner:
    """Owns a consumed DLPack tensor: dropping it (once Java released the memory) calls the
    producer's deleter."""

    def __init__(self, managed, deleter):
        self.managed, self.deleter = managed, deleter

    def __del__(self):
        if self.deleter and not _state["closing"]:
            _DELETER(self.deleter)(self.managed)
        self.deleter = None


def _capsule_of(obj):
    if type(obj).__name__ == "PyCapsule":
        return obj
    if not hasattr(obj, "__dlpack__"):
        raise TypeError(f"myelin.from_dlpack: {type(obj).__name__} has no __dlpack__ method "
                        "(pass a numpy/JAX/PyTorch array or a DLPack capsule)")
    if hasattr(obj, "__dlpack_device__"):
        dev = obj.__dlpack_device__()
        dev_type, dev_id = int(dev[0]), int(dev[1])
        if dev_type != KDLCPU:
            raise ValueError(_device_error(dev_type, dev_id))
    for kwargs in ({"stream": None, "max_version": DLPACK_VERSION}, {"stream": None}, {}):
        try:
            return obj.__dlpack__(**kwargs)
        except TypeError:
            if not kwargs:
                raise
    raise AssertionError("unreachable")


def _device_error(dev_type, dev_id):
    return (f"myelin.from_dlpack: the tensor is on device {_DEVICE_NAMES.get(dev_type, dev_type)}:"
            f"{dev_id} (DLPack device type {dev_type}); Myelin reads CPU memory only: move it to "
            "the CPU first (torch: x.cpu(); jax: jax.device_put(x, jax.devices('cpu')[0]))")


def _read(capsule):
    """(managed address, DLTensor, deleter address, flags, versioned) of an unconsumed capsule."""
    name = _api.PyCapsule_GetName(capsule)
    if name not in (b"dltensor", b"dltensor_versioned"):
        raise ValueError(f"myelin.from_dlpack: expected a DLPack capsule named 'dltensor' or "
                         f"'dltensor_versioned', got {name!r} (a capsule can be consumed only once)")
    managed = _api.PyCapsule_GetPointer(id(capsule), _name(name))
    if name == b"dltensor_versioned":
        m = DLManagedTensorVersioned.from_address(managed)
        if m.version.major != 1:
            raise ValueError(f"myelin.from_dlpack: DLPack version {m.version.major}."
                             f"{m.version.minor} is not supported (Myelin reads 1.x)")
        return managed, m.dl_tensor, m.deleter, int(m.flags), name
    m = DLManagedTensor.from_address(managed)
    return managed, m.dl_tensor, m.deleter, 0, name


def _layout(dl):
    """(address, shape, Myelin dtype) of a DLTensor, or a ValueError/TypeError saying what to do."""
    if dl.device.device_type != KDLCPU:
        raise ValueError(_device_error(dl.device.device_type, dl.device.device_id))
    code, bits, lanes = dl.dtype.code, dl.dtype.bits, dl.dtype.lanes
    dtype = _FROM_DL.get((code, bits))
    if dtype is None or lanes != 1:
        what = f"{_CODE_NAMES.get(code, f'code {code}')}{bits}" + (f"x{lanes}" if lanes != 1 else "")
        raise TypeError(f"myelin.from_dlpack: DLPack dtype {what} has no Myelin dtype; supported "
                        "are float32, float64, int32, int64, uint8 and bool (cast first, a copy)")
    shape = [int(dl.shape[i]) for i in range(dl.ndim)]
    if dl.strides:
        expected = 1
        for i in reversed(range(dl.ndim)):
            if shape[i] != 1 and int(dl.strides[i]) != expected:
                strides = [int(dl.strides[j]) for j in range(dl.ndim)]
                raise ValueError(
                    f"myelin.from_dlpack: the tensor (shape {tuple(shape)}, strides {tuple(strides)} "
                    "in elements) is not C-contiguous; Myelin shares only row-major contiguous "
                    "memory: copy first (np.ascontiguousarray(x), x.contiguous(), jnp.copy)")
            expected *= shape[i]
    address = (dl.data or 0) + int(dl.byte_offset)
    if address % _ITEMSIZE[dtype]:
        raise ValueError(f"myelin.from_dlpack: the data address is not aligned to "
                         f"{_ITEMSIZE[dtype]} bytes; copy first")
    return address, shape, dtype


@java_errors
def import_(obj, keep):
    """A Tensor over a DLPack producer's CPU memory (no copy). ``keep(owner)`` registers the owner
    and returns the Java release callback."""
    capsule = _capsule_of(obj)
    managed, dl, deleter, flags, name = _read(capsule)
    address, shape, dtype = _layout(dl)  # raises before consuming: the capsule still frees it
    if _api.PyCapsule_SetName(capsule, _name(b"used_" + name)) != 0:
        raise RuntimeError("myelin.from_dlpack: could not mark the capsule as consumed")
    owner = _ImportOwner(managed, deleter)
    Tensor = jpype.JClass("dev.myelin.Tensor")
    DType = jpype.JClass("dev.myelin.DType")
    dims = jpype.JArray(jpype.JLong)(shape)
    n = 1
    for d in shape:
        n *= d
    if n == 0:
        del owner  # nothing to share: release the producer's tensor now
        return Tensor.zeros(getattr(DType, dtype), dims)
    # A producer's read-only memory stays shared: Java writes to the read-only tensor raise.
    wrap = Tensor.wrapReadOnly if flags & FLAG_READ_ONLY else Tensor.wrap
    return wrap(address, dims, getattr(DType, dtype), keep(owner))


def closing():
    """Interpreter exit: deleters are no longer called (the process frees everything)."""
    _state["closing"] = True
