"""pandas -> pyarrow -> Arrow C Data Interface -> Java (``dev.myelin.bridge.arrow.ArrowFrames``) ->
a Myelin tensor, zero-copy where the layout allows, with a ``CopyWarning`` saying why when not.

- A Series or a one-column frame of float32/float64/int32/int64/uint8 without nulls: pyarrow wraps
  the column's numpy buffer (``pa.array(ndarray)``: NaN stays NaN, nothing is scanned), Java wraps
  the Arrow buffer: the tensor's address is the column's, in time independent of the size.
- Several columns: stacked into one row-major matrix (float32 unless ``dtype="float64"``) by Java
  in one pass (a copy: pandas and Arrow keep columns in separate buffers).
- Boolean columns (Arrow bit-packs them), nulls (become NaN) and columns pyarrow had to copy (a
  strided column of a 2-D block) copy too.
- A zero-copy tensor is read-only (Arrow buffers are immutable by contract): Java writes to it
  raise, so a column on read-only memory (``np.frombuffer(bytes)``, a read-only memory map) is
  shared like any other; ``tensor.copy()`` is writable.
- Object, string, categorical and datetime columns raise a ``TypeError`` naming the column.

The pyarrow batch stays in the registry of lent objects until Java has released the last tensor
over it (a pure-Java callback), so Java's release of the Arrow buffers never drops pyarrow's last
reference from a Java thread.
"""

import os
import sys
import warnings

import jpype
import numpy as np

from ._errors import java_errors


class CopyWarning(UserWarning):
    """Converting data to a Myelin tensor copied it; the message says why. Silence with
    ``warnings.simplefilter("ignore", myelin.CopyWarning)``."""


_available = {}


def available():
    """Whether pandas can go through Arrow: pyarrow imports and the bridge jar is on the class path
    (else DataFrames go through numpy)."""
    if "ok" not in _available:
        try:
            import pyarrow  # noqa: F401

            jpype.JClass("dev.myelin.bridge.arrow.ArrowFrames")
            from ._jvm import quiet_slf4j

            quiet_slf4j()
            _available["ok"] = True
        except Exception:
            _available["ok"] = False
    return _available["ok"]


def is_pandas(x):
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(x, (pd.DataFrame, pd.Series))


def check_columns(frame, what):
    import pandas as pd

    for name, dt in frame.dtypes.items():
        if pd.api.types.is_bool_dtype(dt):
            continue
        if not pd.api.types.is_numeric_dtype(dt) or pd.api.types.is_complex_dtype(dt):
            raise TypeError(
                f"myelin: {what} column {name!r} has dtype {dt}; Myelin takes numeric and boolean "
                "columns: convert it (pd.to_numeric, .cat.codes, one-hot) or drop it")


def _numpy_address(column):
    """The data address of a numpy-backed pandas column, else None (extension arrays)."""
    if not isinstance(column.dtype, np.dtype):
        return None
    a = column.to_numpy(copy=False)
    return a.ctypes.data if a.size else None


def _to_batch(frame):
    """A pyarrow RecordBatch over the frame's columns: numpy columns through ``pa.array(ndarray)``
    (zero-copy, O(1) for contiguous numeric columns; NaN stays NaN, where ``from_pandas`` would scan
    every value for NaN-as-null), extension columns (nullable Int64, Float64, boolean, ArrowDtype)
    through pandas' ``__arrow_array__`` (their masks become nulls)."""
    import pyarrow as pa

    arrays = []
    for _, col in frame.items():
        if isinstance(col.dtype, np.dtype):
            arrays.append(pa.array(col.to_numpy(copy=False)))
        else:
            arrays.append(pa.array(col.array))
    return pa.RecordBatch.from_arrays(arrays, names=[str(n) for n in frame.columns])


def user_stacklevel():
    """The ``stacklevel`` for ``warnings.warn`` called by the caller of this function that names
    the first frame outside the myelin package: the user's line, however deep inside the package
    (``fit`` -> ``as_tensors`` -> ``from_pandas``) the warning is raised."""
    package = os.path.dirname(os.path.abspath(__file__))
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package + os.sep):
        frame, level = frame.f_back, level + 1
    return level


def _require_pyarrow():
    try:
        import pyarrow  # noqa: F401
    except ImportError as e:
        raise ImportError(
            "myelin.from_pandas needs pyarrow, which is not installed: pip install pyarrow "
            "(or install the package with its pandas extra: pip install 'myelin[pandas]')") from e
    if not available():
        raise ImportError(
            "myelin.from_pandas needs Myelin's bridge jar (java-api/bridge, with its Arrow jars) on "
            "the class path: run `bin/myelin build`")


@java_errors
def from_pandas(obj, what="data", dtype=None):
    """A Tensor from a pandas DataFrame or Series through Arrow; see the module doc for when it
    copies (a ``CopyWarning`` then says why, where the caller can avoid it). A Series gives a 1-D
    tensor, a frame a ``(rows, columns)`` matrix. ``dtype`` ("float32" or "float64") is the
    tensor's type; by default a single numeric column keeps its own (zero-copy) and several
    columns are stacked as float32."""
    import pandas as pd

    _require_pyarrow()
    import pyarrow as pa

    from . import _tensor

    series = isinstance(obj, pd.Series)
    frame = obj.to_frame(name=obj.name if obj.name is not None else 0) if series else obj
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"myelin: {what} is a {type(obj).__name__}, not a pandas DataFrame or Series")
    if frame.shape[1] == 0:
        raise ValueError(f"myelin: {what} has no columns")
    if dtype not in (None, "float32", "float64"):
        raise ValueError(f"from_pandas: argument 'dtype' expected 'float32' or 'float64' but was "
                         f"{dtype!r}")
    check_columns(frame, what)
    batch = _to_batch(frame)
    # Several columns are always stacked into one matrix (a copy nobody can avoid: pandas and Arrow
    # store columns apart), so that is not warned about: only copies the caller could prevent are.
    reasons = []
    for j, (name, col) in enumerate(frame.items()):
        arrow_col = batch.column(j)
        if pa.types.is_boolean(arrow_col.type):
            reasons.append(f"column {name!r} is boolean (Arrow bit-packs booleans)")
        elif arrow_col.null_count:
            reasons.append(f"column {name!r} has {arrow_col.null_count} nulls (they become NaN)")
        else:
            src = _numpy_address(col)
            if src is not None and arrow_col.buffers()[1].address != src:
                reasons.append(f"pyarrow copied column {name!r} (it is not contiguous in pandas)")
    DType = jpype.JClass("dev.myelin.DType")
    frames = jpype.JClass("dev.myelin.bridge.arrow.ArrowFrames").open()
    try:
        batch._export_to_c(int(frames.arrayAddress()), int(frames.schemaAddress()))
        imported = frames.matrix(getattr(DType, (dtype or "float32").upper()),
                                 _tensor._lent.keep(batch))
    finally:
        frames.close()
    if reasons:
        warnings.warn(f"myelin: converting {what} copied it: " + "; ".join(reasons), CopyWarning,
                      stacklevel=user_stacklevel())
    t = imported.tensor()
    if dtype is not None and str(t.dtype().name()) != dtype.upper():
        cast = t.cast(getattr(DType, dtype.upper()))
        t.close()
        t = cast
    if series:
        flat = t.reshape(jpype.JArray(jpype.JLong)([int(t.dim(0))]))
        t.close()
        return flat
    return t
