"""Myelin from Python: ``import myelin`` starts the JVM in this process (JPype) with Myelin's jars and
exposes the Keras-shaped API (``myelin.keras``) and zero-copy tensors (numpy, DLPack, Arrow)."""

from . import _jvm, _tensor
from ._errors import MyelinError, MyelinIOError, MyelinStateError, MyelinValueError
from ._jvm import MyelinSetupError

_tensor.install_customizers()
_jvm.start()

import jpype  # noqa: E402

from ._tensor import from_arrow, from_dlpack, from_numpy, to_arrow, to_arrow_table, to_numpy  # noqa: E402
from ._frames import CopyWarning, from_pandas  # noqa: E402
from . import datasets, keras  # noqa: E402
from ._device import current_device, device  # noqa: E402



def __getattr__(name):
    """``myelin.Tensor``: the Java class dev.myelin.Tensor (``np.asarray(t)``, ``t.numpy()``,
    ``__dlpack__``, ``__arrow_c_array__`` work on its instances), looked up on first use because
    initializing it loads the native libraries."""
    if name == "Tensor":
        return jpype.JClass("dev.myelin.Tensor")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def set_seed(seed):
    """Seeds weights, shuffles and dropout on this thread (``dev.myelin.Myelin.setSeed``)."""
    jpype.JClass("dev.myelin.Myelin").setSeed(jpype.JLong(int(seed)))


def version():
    return str(jpype.JClass("dev.myelin.Myelin").version())


__all__ = ["keras", "datasets", "Tensor", "from_numpy", "to_numpy", "from_dlpack", "from_pandas",
           "CopyWarning", "to_arrow",
           "from_arrow", "to_arrow_table", "set_seed", "version", "device",
           "current_device", "MyelinError", "MyelinValueError",
           "MyelinStateError", "MyelinIOError", "MyelinSetupError"]
