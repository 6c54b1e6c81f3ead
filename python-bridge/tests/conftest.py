import gc
import weakref

import numpy as np
import pytest


@pytest.fixture(scope="session")
def myelin():
    import myelin as m

    return m


class _Arr(np.ndarray):
    """An ndarray subclass, so a weak reference can watch when numpy frees the array."""


def assert_kept_until_java_releases(myelin, share, values):
    """``share(array)`` makes a Tensor over ``values`` (a fresh array nothing else holds): Java must
    keep the array alive (the tensor reads ``values``) until the tensor is closed and the registry
    swept, and let it go then."""
    a = np.array(values).view(_Arr)
    ref = weakref.ref(a)
    t = share(a)
    del a
    gc.collect()
    assert ref() is not None  # Java's tensor keeps it alive
    np.testing.assert_array_equal(np.array(myelin.to_numpy(t)), values)
    t.close()
    myelin._tensor._lent.sweep()
    gc.collect()
    assert ref() is None
