"""Device placement from Python, like ``tf.device``: ``with myelin.device("cpu"): ...`` places the
tensors and model weights made inside on that device (``dev.myelin.DeviceScope``), per thread."""

import contextlib

import jpype

from ._errors import java_errors


@java_errors
def _open(name):
    Device = jpype.JClass("dev.myelin.Device")
    return (name if isinstance(name, Device) else Device.of(str(name))).scope()


@contextlib.contextmanager
def device(name):
    """Places new tensors and weights made in the ``with`` block on ``name`` ("cpu", "cuda",
    "cuda:N" or a ``dev.myelin.Device``); scopes nest and belong to the calling thread. A device
    that cannot serve (no CUDA device, driver or library) raises ``MyelinStateError`` with the
    reason when the block is entered."""
    scope = _open(name)
    try:
        yield scope.device()
    finally:
        java_errors(scope.close)()


@java_errors
def current_device():
    """The device new tensors of this thread go to now (``dev.myelin.Device.current()``), e.g. "cpu"."""
    return str(jpype.JClass("dev.myelin.Device").current())
