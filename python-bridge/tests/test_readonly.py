"""Read-only memory handed to Myelin is copied, never wrapped writable (issue 10, item 7): whatever
Java writes into the tensor, the immutable source (a ``bytes`` object, a read-only array, a DLPack
tensor flagged read-only, an Arrow buffer) keeps its values."""

import warnings

import jpype
import numpy as np
import pytest


def java_write(t, index, value):
    """Writes through the tensor's direct buffer, as Java code (or an in-place op) would."""
    order = jpype.JClass("java.nio.ByteOrder").nativeOrder()
    t.asByteBuffer().order(order).asFloatBuffer().put(index, value)


def test_numpy_over_bytes_is_copied(myelin):
    raw = bytes(16)
    a = np.frombuffer(raw, np.float32)
    assert not a.flags.writeable
    t = myelin.from_numpy(a)
    assert int(t.address()) != a.ctypes.data
    java_write(t, 0, 7.5)
    assert raw == bytes(16)  # the immutable bytes object is untouched
    assert myelin.to_numpy(t)[0] == 7.5


def test_array_made_read_only_is_copied(myelin):
    a = np.arange(4, dtype=np.float32)
    a.setflags(write=False)
    t = myelin.from_numpy(a)
    assert int(t.address()) != a.ctypes.data
    java_write(t, 1, -3.0)
    np.testing.assert_array_equal(a, [0, 1, 2, 3])
    assert not a.flags.writeable


def test_writable_arrays_are_still_shared(myelin):
    a = np.zeros(4, np.float32)
    t = myelin.from_numpy(a)
    assert int(t.address()) == a.ctypes.data
    java_write(t, 2, 4.0)
    assert a[2] == 4.0


def test_read_only_dlpack_producer_is_copied_and_released(myelin):
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    a.setflags(write=False)
    capsule = a.__dlpack__(max_version=(1, 0))  # numpy flags the tensor read-only
    t = myelin.from_dlpack(capsule)
    assert int(t.address()) != a.ctypes.data
    java_write(t, 0, 99.0)
    np.testing.assert_array_equal(a, np.arange(6, dtype=np.float32).reshape(2, 3))
    np.testing.assert_array_equal(myelin.to_numpy(t).ravel()[1:], [1, 2, 3, 4, 5])
    # the producer's tensor was released at once: nothing is lent to Java for it
    assert all(v is not a for v in myelin._tensor._lent.lent.values())


def test_writable_dlpack_producer_is_still_shared(myelin):
    a = np.arange(6, dtype=np.float32)
    t = myelin.from_dlpack(a)
    assert int(t.address()) == a.ctypes.data
    java_write(t, 0, 5.0)
    assert a[0] == 5.0


def test_arrow_buffers_are_copied(myelin):
    pa = pytest.importorskip("pyarrow")
    arr = pa.array(np.arange(5, dtype=np.float32))
    t = myelin.from_arrow(arr)
    assert int(t.address()) != arr.buffers()[1].address
    java_write(t, 0, 42.0)
    assert arr.to_pylist() == [0, 1, 2, 3, 4]
    table = pa.table({"a": np.arange(3, dtype=np.float32)})
    tt = myelin.from_arrow(table)
    java_write(tt, 0, 42.0)
    assert table.column("a").to_pylist() == [0, 1, 2]


def test_pandas_over_read_only_memory_is_copied(myelin):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    if not myelin._frames.available():
        pytest.skip("the Arrow bridge jar is not on the class path")
    raw = bytes(32)
    s = pd.Series(np.frombuffer(raw, np.float64), copy=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = myelin.from_pandas(s, dtype="float64")
    assert any("read-only" in str(w.message) for w in caught), [str(w.message) for w in caught]
    order = jpype.JClass("java.nio.ByteOrder").nativeOrder()
    t.asByteBuffer().order(order).asDoubleBuffer().put(0, 1.5)
    assert raw == bytes(32)
