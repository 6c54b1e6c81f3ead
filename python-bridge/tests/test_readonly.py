"""Read-only memory handed to Myelin is shared, never copied, as a read-only tensor (issue 10, item
7): the addresses match, a Java write raises, numpy views of it are non-writable, and the immutable
source (a ``bytes`` object, a read-only array, a DLPack tensor flagged read-only, an Arrow buffer)
keeps its values."""

import warnings

import jpype
import numpy as np
import pytest


def java_write(t, index, value):
    """Writes through the tensor's direct buffer, as Java code (or an in-place op) would."""
    order = jpype.JClass("java.nio.ByteOrder").nativeOrder()
    t.asByteBuffer().order(order).asFloatBuffer().put(index, value)


def assert_java_write_raises(t):
    with pytest.raises(jpype.JClass("java.nio.ReadOnlyBufferException")):
        java_write(t, 0, 7.5)


def assert_numpy_view_is_read_only(myelin, t):
    view = myelin.to_numpy(t)
    assert not view.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        view[0] = 1


def test_numpy_over_bytes_is_shared_read_only(myelin):
    raw = bytes(16)
    a = np.frombuffer(raw, np.float32)
    assert not a.flags.writeable
    t = myelin.from_numpy(a)
    assert int(t.address()) == a.ctypes.data  # zero-copy
    assert t.isReadOnly()
    assert_java_write_raises(t)
    assert_numpy_view_is_read_only(myelin, t)
    c = t.copy()  # the way to a writable tensor
    assert not c.isReadOnly()
    java_write(c, 0, 7.5)
    assert myelin.to_numpy(c)[0] == 7.5
    assert raw == bytes(16)  # the immutable bytes object is untouched


def test_array_made_read_only_is_shared_read_only_with_its_views(myelin):
    a = np.arange(4, dtype=np.float32)
    a.setflags(write=False)
    t = myelin.from_numpy(a)
    assert int(t.address()) == a.ctypes.data
    v = t.reshape(jpype.JArray(jpype.JLong)([2, 2]))
    assert v.isReadOnly() and int(v.address()) == a.ctypes.data
    assert_java_write_raises(v)
    assert_numpy_view_is_read_only(myelin, t)
    np.testing.assert_array_equal(a, [0, 1, 2, 3])
    assert not a.flags.writeable


def test_writable_arrays_are_still_shared_writable(myelin):
    a = np.zeros(4, np.float32)
    t = myelin.from_numpy(a)
    assert int(t.address()) == a.ctypes.data
    assert not t.isReadOnly()
    java_write(t, 2, 4.0)
    assert a[2] == 4.0
    assert myelin.to_numpy(t).flags.writeable


def test_java_in_place_updates_refuse_a_read_only_tensor(myelin):
    raw = np.arange(4, dtype=np.float32).tobytes()
    t = myelin.from_numpy(np.frombuffer(raw, np.float32))
    g = myelin.from_numpy(np.ones(4, np.float32))
    native = jpype.JClass("dev.myelin.internal.NativeCore")
    h = jpype.JArray(jpype.JDouble)([0.1, 1.0, float("inf"), 0.0, 0.0, 0.0])  # SGD
    status = native.mln_optimizer_update(0, t.nativeHandle(), g.nativeHandle(),
                                         jpype.JArray(jpype.JLong)([]), 0, h, 6, 1)
    assert status == 1  # MLN_ERR_ARGUMENT
    assert "argument 'var' is read-only" in str(native.mln_last_error())
    native.mln_clear_error()
    # A Variable (a layer weight) copies it, so training never writes into the bytes.
    v = jpype.JClass("dev.myelin.Variable")("w", t, True)
    assert not v.value().isReadOnly()
    jpype.JClass("dev.myelin.optimizers.SGD")(0.5).applyGradients(
        jpype.JClass("java.util.List").of(v), jpype.JClass("java.util.List").of(g))
    np.testing.assert_array_equal(myelin.to_numpy(v.value()), [-0.5, 0.5, 1.5, 2.5])
    assert raw == np.arange(4, dtype=np.float32).tobytes()
    v.close()


def test_set_weights_takes_arrays_over_bytes(myelin):
    from myelin.keras import Sequential, layers, optimizers

    model = Sequential([layers.Dense(2, input_shape=(1,))])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.5), loss="mse")
    kernel_raw = np.array([[1.0, 2.0]], np.float32).tobytes()
    bias_raw = np.zeros(2, np.float32).tobytes()
    model.set_weights([np.frombuffer(kernel_raw, np.float32).reshape(1, 2),
                       np.frombuffer(bias_raw, np.float32)])
    model.fit(np.ones((1, 1), np.float32), np.zeros((1, 2), np.float32), epochs=1, verbose=0)
    # y = k (x = 1, b = 0): d mse / dk = 2 k / 2 = k, db = k; lr 0.5 halves both from k.
    np.testing.assert_allclose(model.get_weights()[0], [[0.5, 1.0]], rtol=1e-6)
    np.testing.assert_allclose(model.get_weights()[1], [-0.5, -1.0], rtol=1e-6)
    assert kernel_raw == np.array([[1.0, 2.0]], np.float32).tobytes()
    assert bias_raw == bytes(8)


def test_read_only_dlpack_producer_is_shared_read_only(myelin):
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    a.setflags(write=False)
    capsule = a.__dlpack__(max_version=(1, 0))  # numpy flags the tensor read-only
    t = myelin.from_dlpack(capsule)
    assert int(t.address()) == a.ctypes.data
    assert t.isReadOnly()
    assert_java_write_raises(t)
    assert_numpy_view_is_read_only(myelin, t)
    np.testing.assert_array_equal(a, np.arange(6, dtype=np.float32).reshape(2, 3))


def test_writable_dlpack_producer_is_still_shared(myelin):
    a = np.arange(6, dtype=np.float32)
    t = myelin.from_dlpack(a)
    assert int(t.address()) == a.ctypes.data
    assert not t.isReadOnly()
    java_write(t, 0, 5.0)
    assert a[0] == 5.0


def test_dlpack_export_of_a_read_only_tensor_is_flagged(myelin):
    raw = bytes(24)
    t = myelin.from_numpy(np.frombuffer(raw, np.float64))
    managed, dl, _, flags, _ = myelin._dlpack._read(t.__dlpack__(max_version=(1, 0)))
    assert flags & myelin._dlpack.FLAG_READ_ONLY
    assert not flags & myelin._dlpack.FLAG_IS_COPIED
    assert dl.data == int(t.address())
    b = np.from_dlpack(t)  # numpy asks for a versioned capsule and honours the flag
    assert b.ctypes.data == int(t.address()) and not b.flags.writeable
    # A legacy capsule has no flags: its consumer gets a copy, or a BufferError with copy=False.
    _, legacy, _, _, _ = myelin._dlpack._read(t.__dlpack__())
    assert legacy.data != int(t.address())
    with pytest.raises(BufferError, match="read-only"):
        t.__dlpack__(copy=False)
    w = myelin.from_numpy(np.zeros(3, np.float64))
    _, _, _, wflags, _ = myelin._dlpack._read(w.__dlpack__(max_version=(1, 0)))
    assert wflags == 0
    assert raw == bytes(24)


def test_arrow_buffers_are_shared_read_only(myelin):
    pa = pytest.importorskip("pyarrow")
    arr = pa.array(np.arange(5, dtype=np.float32))
    t = myelin.from_arrow(arr)
    assert int(t.address()) == arr.buffers()[1].address
    assert t.isReadOnly()
    assert_java_write_raises(t)
    assert_numpy_view_is_read_only(myelin, t)
    assert arr.to_pylist() == [0, 1, 2, 3, 4]
    table = pa.table({"a": np.arange(3, dtype=np.float32)})
    tt = myelin.from_arrow(table)
    assert int(tt.address()) == table.column("a").chunk(0).buffers()[1].address
    assert_java_write_raises(tt)
    assert table.column("a").to_pylist() == [0, 1, 2]


def test_pandas_over_read_only_memory_is_shared_read_only(myelin):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    if not myelin._frames.available():
        pytest.skip("the Arrow bridge jar is not on the class path")
    raw = bytes(32)
    a = np.frombuffer(raw, np.float64)
    s = pd.Series(a, copy=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", myelin.CopyWarning)  # zero-copy: no warning
        t = myelin.from_pandas(s, dtype="float64")
    assert int(t.address()) == a.ctypes.data
    assert t.isReadOnly()
    order = jpype.JClass("java.nio.ByteOrder").nativeOrder()
    with pytest.raises(jpype.JClass("java.nio.ReadOnlyBufferException")):
        t.asByteBuffer().order(order).asDoubleBuffer().put(0, 1.5)
    assert raw == bytes(32)
