"""DLPack of our own: Tensor.__dlpack__ (legacy and versioned capsules) and myelin.from_dlpack
(numpy, JAX, raw capsules): same data pointer on both sides, writes seen, lifetimes, bad input."""

import gc

import jpype
import numpy as np
import pytest
from conftest import assert_kept_until_java_releases


def java_ones(myelin, *shape, dtype="FLOAT32"):
    DType = jpype.JClass("dev.myelin.DType")
    return myelin.Tensor.ones(getattr(DType, dtype), jpype.JArray(jpype.JLong)(list(shape)))


def released(myelin):
    """Drops imported owners whose Java memory has been released (runs their DLPack deleters)."""
    myelin._tensor._lent.sweep()
    gc.collect()


@pytest.mark.parametrize("max_version", [None, (1, 0)])
def test_tensor_capsules_are_ours(myelin, max_version):
    t = java_ones(myelin, 2, 3)
    cap = t.__dlpack__(max_version=max_version)
    expected = b"dltensor" if max_version is None else b"dltensor_versioned"
    assert myelin._dlpack._api.PyCapsule_GetName(cap) == expected
    assert t.__dlpack_device__() == (1, 0)
    before = myelin._dlpack.live_exports()
    del cap  # never consumed: the capsule's destructor releases the export
    gc.collect()
    assert myelin._dlpack.live_exports() == before - 1


@pytest.mark.parametrize("dtype,np_dtype", [("FLOAT32", np.float32), ("FLOAT64", np.float64),
                                            ("INT32", np.int32), ("INT64", np.int64),
                                            ("UINT8", np.uint8), ("BOOL", np.bool_)])
def test_numpy_takes_a_tensor_without_copy(myelin, dtype, np_dtype):
    t = java_ones(myelin, 3, 4, dtype=dtype)
    a = np.from_dlpack(t)
    assert a.ctypes.data == int(t.address())
    assert a.dtype == np_dtype and a.shape == (3, 4) and a.strides == (4 * a.itemsize, a.itemsize)
    np.testing.assert_array_equal(a, np.ones((3, 4), np_dtype))


def test_numpy_writes_are_seen_by_java_and_back(myelin):
    t = java_ones(myelin, 2, 2)
    a = np.from_dlpack(t)
    a[1, 0] = 42
    assert t.getFloat(jpype.JArray(jpype.JLong)([1, 0])) == 42
    t.asByteBuffer().order(jpype.JClass("java.nio.ByteOrder").nativeOrder()).asFloatBuffer().put(3, -7)
    assert a[1, 1] == -7


def test_consumer_keeps_the_memory_after_java_closes(myelin):
    t = java_ones(myelin, 1000)
    storage = t.reshape(jpype.JArray(jpype.JLong)([1000]))  # watches the storage's reference count
    a = np.from_dlpack(t)
    refs_with_consumer = int(storage.storageRefs())
    t.close()
    gc.collect()
    assert int(storage.storageRefs()) == refs_with_consumer - 1  # the export's view remains
    np.testing.assert_array_equal(a, np.ones(1000, np.float32))
    a[:] = 3  # still our memory
    assert float(storage.sum().item()) == 3000
    before = myelin._dlpack.live_exports()
    del a
    gc.collect()  # numpy called our deleter: the export's Java view is closed
    assert myelin._dlpack.live_exports() == before - 1
    assert int(storage.storageRefs()) == refs_with_consumer - 2
    storage.close()


def test_copy_true_exports_a_copy_flagged_as_copied(myelin):
    t = java_ones(myelin, 4)
    cap = t.__dlpack__(max_version=(1, 0), copy=True)
    m = myelin._dlpack.DLManagedTensorVersioned.from_address(
        myelin._dlpack._api.PyCapsule_GetPointer(id(cap), myelin._dlpack._name(b"dltensor_versioned")))
    assert m.flags & myelin._dlpack.FLAG_IS_COPIED
    assert m.dl_tensor.data != int(t.address())
    a = np.from_dlpack(t, copy=True)
    assert a.ctypes.data != int(t.address())
    del cap


def test_export_refuses_other_devices_and_streams(myelin):
    t = java_ones(myelin, 2)
    with pytest.raises(BufferError, match="CPU"):
        t.__dlpack__(dl_device=(2, 0))
    with pytest.raises(BufferError, match="stream"):
        t.__dlpack__(stream="cuda-stream")


def test_from_numpy_producer_shares_and_writes_both_ways(myelin):
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    t = myelin.from_dlpack(a)
    assert int(t.address()) == a.ctypes.data
    assert tuple(t.shape()) == (3, 4)
    a[2, 3] = -1
    assert t.getFloat(jpype.JArray(jpype.JLong)([2, 3])) == -1
    back = np.from_dlpack(t)
    back[0, 0] = 99
    assert a[0, 0] == 99


def test_imported_memory_outlives_the_producer_handle(myelin):
    # The producer's DLPack context holds the array for Java; the deleter (run at the sweep after
    # Java released the tensor) drops it.
    assert_kept_until_java_releases(myelin, myelin.from_dlpack, np.arange(6, dtype=np.int64))


def test_jax_both_ways_without_copy(myelin):
    jax = pytest.importorskip("jax")
    jnp = pytest.importorskip("jax.numpy")
    x = jnp.arange(16, dtype=jnp.float32).reshape(4, 4) * 2
    t = myelin.from_dlpack(x)
    assert int(t.address()) == x.unsafe_buffer_pointer()
    np.testing.assert_array_equal(np.asarray(myelin.to_numpy(t)), np.asarray(x))
    del x
    gc.collect()
    assert float(t.sum().item()) == 240  # JAX's buffer stays alive for Java
    t.close()
    released(myelin)

    out = java_ones(myelin, 8, 8)
    y = jax.dlpack.from_dlpack(out, copy=False)
    assert y.unsafe_buffer_pointer() == int(out.address())
    z = jnp.from_dlpack(out, copy=False)
    assert z.unsafe_buffer_pointer() == int(out.address())
    out.close()  # JAX's arrays keep the storage alive
    gc.collect()
    assert float(jnp.sum(y)) == 64 and float(jnp.sum(z)) == 64


def test_capsule_can_be_consumed_once(myelin):
    cap = np.arange(3, dtype=np.float64).__dlpack__()
    t = myelin.from_dlpack(cap)
    assert list(t.toDoubleArray()) == [0, 1, 2]
    with pytest.raises(ValueError, match="consumed only once"):
        myelin.from_dlpack(cap)


def test_bad_producers_are_refused_with_a_fix(myelin):
    with pytest.raises(ValueError, match="not C-contiguous"):
        myelin.from_dlpack(np.zeros((4, 4), np.float32)[:, ::2])
    with pytest.raises(TypeError, match="complex64"):
        myelin.from_dlpack(np.zeros(4, np.complex64))
    with pytest.raises(TypeError, match="float16"):
        myelin.from_dlpack(np.zeros(4, np.float16))
    with pytest.raises(TypeError, match="no __dlpack__"):
        myelin.from_dlpack([1.0, 2.0])

    class OnGpu:
        def __dlpack_device__(self):
            return (2, 0)

        def __dlpack__(self, **kwargs):
            raise AssertionError("must not be asked for a capsule")

    with pytest.raises(ValueError, match="cuda:0"):
        myelin.from_dlpack(OnGpu())


def test_torch_if_installed(myelin):
    torch = pytest.importorskip("torch")
    x = torch.arange(6, dtype=torch.float32)
    t = myelin.from_dlpack(x)
    assert int(t.address()) == x.data_ptr()
    y = torch.from_dlpack(t)
    assert y.data_ptr() == x.data_ptr()
