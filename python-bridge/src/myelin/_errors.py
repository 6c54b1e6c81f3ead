"""Java exceptions become Python exceptions that carry the Java message."""

import functools

import jpype


class MyelinError(RuntimeError):
    """A Java exception from Myelin; ``java_class``, ``java_message`` and ``java_stacktrace`` tell
    what Java said. Subclassed per Python kind (ValueError, ...) so ``except ValueError`` works."""

    def __init__(self, message, java_class="", java_stacktrace=""):
        super().__init__(message)
        self.java_class = java_class
        self.java_message = message
        self.java_stacktrace = java_stacktrace


class MyelinValueError(MyelinError, ValueError):
    """IllegalArgumentException (wrong shapes, dtypes, unknown names)."""


class MyelinStateError(MyelinError):
    """IllegalStateException (for example training a model that was not compiled)."""


class MyelinIOError(MyelinError, OSError):
    """IOException / UncheckedIOException (missing or corrupt files)."""


def _kind(name):
    if name in ("java.lang.IllegalArgumentException", "java.lang.NumberFormatException",
                "java.lang.IndexOutOfBoundsException", "java.lang.ArrayIndexOutOfBoundsException",
                "java.lang.UnsupportedOperationException"):
        return MyelinValueError
    if name == "java.lang.IllegalStateException":
        return MyelinStateError
    if name.startswith("java.io.") or name == "java.io.UncheckedIOException" or name.endswith("IOException"):
        return MyelinIOError
    return MyelinError


def convert(e):
    """The Python exception for a JPype JException."""
    jclass = str(e.getClass().getName())
    msg = e.getMessage()
    msg = str(msg) if msg is not None else jclass
    try:
        trace = str(e.stacktrace())
    except Exception:  # pragma: no cover - informational only
        trace = ""
    # Walk to the class of the deepest cause that IS an IllegalArgument/State etc. only if the
    # outer one is a generic wrapper (RuntimeException wrapping a cause).
    kind = _kind(jclass)
    cause = e.getCause()
    if kind is MyelinError and cause is not None:
        kind = _kind(str(cause.getClass().getName()))
    return kind(msg, jclass, trace)


def java_errors(fn):
    """Decorator: Java exceptions raised inside ``fn`` are re-raised as MyelinError subclasses."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except jpype.JException as e:
            raise convert(e) from e

    return wrapper
