"""Zero-copy numpy <-> Tensor (and DLPack, Arrow): same address, writes seen on the other side;
Arrow buffers (immutable) come in zero-copy as read-only tensors."""

import gc

import numpy as np
import pytest
from conftest import assert_kept_until_java_releases


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64, np.uint8, np.bool_])
def test_numpy_to_tensor_shares_memory(myelin, dtype):
    a = np.zeros((3, 4), dtype=dtype)
    t = myelin.from_numpy(a)
    assert int(t.address()) == a.ctypes.data
    assert tuple(t.shape()) == (3, 4)
    assert str(t.dtype().numpyName()) == np.dtype(dtype).name
    back = myelin.to_numpy(t)
    assert back.ctypes.data == a.ctypes.data
    back[1, 2] = 1
    assert a[1, 2] == 1


def test_java_writes_are_seen_by_numpy(myelin):
    a = np.zeros(8, np.float32)
    t = myelin.from_numpy(a)
    t.asByteBuffer().order(__import__("jpype").JClass("java.nio.ByteOrder").nativeOrder()) \
        .asFloatBuffer().put(3, 7.5)
    assert a[3] == 7.5


def test_tensor_to_numpy_outlives_the_java_handle(myelin):
    t = myelin.Tensor.ones(myelin._tensor._classes()[1].FLOAT32,
                           __import__("jpype").JArray(__import__("jpype").JLong)([2, 2]))
    a = myelin.to_numpy(t)
    assert a.ctypes.data == int(t.address())
    t.close()
    gc.collect()
    np.testing.assert_array_equal(a, np.ones((2, 2), np.float32))
    a[0, 0] = 5
    assert a.sum() == 8


def test_numpy_array_stays_alive_while_java_holds_it(myelin):
    t = myelin.from_numpy(np.arange(1000, dtype=np.float64))
    gc.collect()
    assert float(t.sum().item()) == pytest.approx(999 * 1000 / 2)


def test_np_asarray_and_numpy_method(myelin):
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    t = myelin.from_numpy(a)
    assert np.asarray(t).ctypes.data == a.ctypes.data
    assert t.numpy().ctypes.data == a.ctypes.data


def test_dlpack_both_ways(myelin):
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    t = myelin.from_dlpack(a)
    assert int(t.address()) == a.ctypes.data
    b = np.from_dlpack(t)
    assert b.ctypes.data == a.ctypes.data
    b[0, 0] = -1
    assert a[0, 0] == -1


def test_arrow_both_ways(myelin):
    pa = pytest.importorskip("pyarrow")
    a = np.arange(6, dtype=np.float64)
    t = myelin.from_numpy(a)
    arr = pa.array(t)  # through __arrow_c_array__
    assert arr.buffers()[1].address == a.ctypes.data
    back = myelin.from_arrow(arr)
    assert int(back.address()) == a.ctypes.data
    assert back.isReadOnly()  # Arrow buffers are immutable by contract
    m = np.arange(6, dtype=np.float32).reshape(3, 2)
    fst = myelin.to_arrow(myelin.from_numpy(m))
    assert fst.type.extension_name == "arrow.fixed_shape_tensor"
    t2 = myelin.from_arrow(fst)
    assert tuple(t2.shape()) == (3, 2) and int(t2.address()) == m.ctypes.data
    assert t2.isReadOnly()


def test_bad_arrays_are_refused_with_a_fix(myelin):
    with pytest.raises(ValueError, match="ascontiguousarray"):
        myelin.from_numpy(np.zeros((4, 4), np.float32)[:, ::2])
    with pytest.raises(ValueError, match="byte order"):
        myelin.from_numpy(np.zeros(4, ">f4"))
    with pytest.raises(TypeError, match="complex"):
        myelin.from_numpy(np.zeros(4, np.complex64))
    with pytest.raises(TypeError, match="object"):
        myelin.from_numpy(np.array([1, "a"], dtype=object))
    with pytest.raises(ValueError, match="aligned"):
        myelin.from_numpy(np.zeros(17, np.uint8)[1:].view(np.float32))


def test_lent_array_is_dropped_once_java_releases_it(myelin):
    assert_kept_until_java_releases(myelin, myelin.from_numpy, np.arange(4, dtype=np.float32))


def test_arrow_tables_and_record_batches(myelin):
    pa = pytest.importorskip("pyarrow")
    col = np.arange(5, dtype=np.float32)
    one = pa.table({"a": col})
    t = myelin.from_arrow(one)
    assert tuple(t.shape()) == (5, 1)
    assert int(t.address()) == one.column(0).chunk(0).buffers()[1].address  # zero-copy
    assert t.isReadOnly()
    two = pa.record_batch({"a": col, "b": col * 2})
    m = myelin.to_numpy(myelin.from_arrow(two))  # one copy: columns are separate buffers
    np.testing.assert_array_equal(m, np.stack([col, col * 2], axis=1))
    rb = myelin.to_arrow_table(myelin.from_numpy(m), names=["x", "y"])
    assert rb.schema.names == ["x", "y"]
    np.testing.assert_array_equal(rb.column(1).to_numpy(), col * 2)
    with pytest.raises(ValueError, match="nulls"):
        myelin.from_arrow(pa.table({"a": pa.array([1.0, None])}))
    with pytest.raises(TypeError, match="numeric"):
        myelin.from_arrow(pa.table({"a": pa.array(["x"])}))


def test_closed_tensor_is_a_python_error(myelin):
    t = myelin.from_numpy(np.zeros(3, np.float32))
    t.close()
    with pytest.raises(myelin.MyelinError) as e:
        myelin.to_numpy(t)
    assert "closed" in str(e.value).lower()
