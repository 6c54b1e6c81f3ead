"""pandas -> pyarrow -> Arrow C Data Interface -> Java tensors: pointer equality where zero-copy is
claimed, a CopyWarning saying why otherwise, clear errors for non-numeric columns, and fit."""

import gc
import warnings

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")


@pytest.fixture(autouse=True)
def arrow_path(myelin):
    assert myelin._frames.available(), "the bridge jar must be on the class path (bin/myelin build)"


def no_copy_warning():
    ctx = warnings.catch_warnings()
    ctx.__enter__()
    warnings.simplefilter("error", UserWarning)
    return ctx


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64, np.uint8])
def test_series_is_zero_copy(myelin, dtype):
    arr = np.arange(10, dtype=dtype)
    s = pd.Series(arr, name="x", copy=False)  # pandas 3 copies arrays unless told not to
    with warnings.catch_warnings():
        warnings.simplefilter("error", myelin.CopyWarning)
        t = myelin.from_pandas(s)
    assert int(t.address()) == s.to_numpy().ctypes.data == arr.ctypes.data
    assert tuple(t.shape()) == (10,)
    assert str(t.dtype().numpyName()) == np.dtype(dtype).name
    arr[3] = 42  # pandas' memory is the tensor's
    assert t.getDouble(__import__("jpype").JArray(__import__("jpype").JLong)([3])) == 42


def test_one_column_frame_is_zero_copy_and_outlives_the_frame(myelin):
    col = np.linspace(0, 1, 50)
    df = pd.DataFrame({"a": col})
    address = df["a"].to_numpy().ctypes.data
    with warnings.catch_warnings():
        warnings.simplefilter("error", myelin.CopyWarning)
        t = myelin.from_pandas(df)
    assert int(t.address()) == address and tuple(t.shape()) == (50, 1)

    def ours():  # the pyarrow batch the registry holds for Java
        return [b for b in myelin._tensor._lent.lent.values()
                if isinstance(b, pa.RecordBatch) and b.column(0).buffers()[1].address == address]

    assert len(ours()) == 1
    del df, col
    gc.collect()
    np.testing.assert_allclose(myelin.to_numpy(t).ravel(), np.linspace(0, 1, 50))
    t.close()
    myelin._tensor._lent.sweep()  # Java released the Arrow buffer: the batch leaves the registry
    assert ours() == []


def test_several_columns_copy_once_with_a_warning(myelin):
    df = pd.DataFrame({"a": np.arange(4, dtype=np.float64), "b": np.arange(4, dtype=np.int64) * 10,
                       "c": [True, False, True, False]})
    # Stacking the columns is a copy nobody can avoid: only the boolean column is warned about.
    with pytest.warns(myelin.CopyWarning, match="copied it: column 'c' is boolean") as w:
        t = myelin.from_pandas(df)
    assert len(w) == 1 and "stacked" not in str(w[0].message)
    m = myelin.to_numpy(t)
    assert m.dtype == np.float32 and m.shape == (4, 3)
    np.testing.assert_array_equal(m, np.stack([df.a, df.b, df.c.astype(float)], axis=1))
    with pytest.warns(myelin.CopyWarning):
        m64 = myelin.to_numpy(myelin.from_pandas(df, dtype="float64"))
    assert m64.dtype == np.float64
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert myelin.to_numpy(myelin.from_pandas(df[["a", "b"]])).shape == (4, 2)


def test_nulls_become_nan_with_a_warning(myelin):
    df = pd.DataFrame({"a": pd.array([1.5, None, 3.0], dtype="Float64")})
    with pytest.warns(myelin.CopyWarning, match="1 nulls"):
        m = myelin.to_numpy(myelin.from_pandas(df))
    assert m[0, 0] == 1.5 and np.isnan(m[1, 0]) and m[2, 0] == 3


def test_strided_column_copied_by_pyarrow_is_reported(myelin):
    # Over a C-ordered (10, 2) array without a copy, pandas' block is its transpose: each column
    # is strided, so pyarrow has to copy it.
    block = pd.DataFrame(np.arange(20, dtype=np.float64).reshape(10, 2), columns=["a", "b"],
                         copy=False)
    assert block["a"].to_numpy().strides == (16,)
    with pytest.warns(myelin.CopyWarning, match="pyarrow copied column 'a'"):
        t = myelin.from_pandas(block[["a"]])
    np.testing.assert_array_equal(myelin.to_numpy(t).ravel(), np.arange(0, 20, 2))


def test_non_numeric_columns_are_refused_by_name(myelin):
    with pytest.raises(TypeError, match="column 'city'"):
        myelin.from_pandas(pd.DataFrame({"x": [1.0], "city": ["Oslo"]}))
    with pytest.raises(TypeError, match="column 'when'"):
        myelin.from_pandas(pd.DataFrame({"when": pd.to_datetime(["2024-01-01"])}))
    with pytest.raises(TypeError, match="column 'c'"):
        myelin.from_pandas(pd.DataFrame({"c": pd.Categorical(["a", "b"])}))
    with pytest.raises(myelin.MyelinValueError, match="'small' was Int\\(16"):
        myelin.from_pandas(pd.DataFrame({"x": [1.0, 2.0], "small": np.array([1, 2], np.int16)}))
    with pytest.raises(ValueError, match="no columns"):
        myelin.from_pandas(pd.DataFrame(index=[0, 1]))


def test_fit_takes_frames_through_arrow(myelin):
    from myelin.keras import Sequential, layers

    x, y = myelin.datasets.make_circles(200, noise=0.1, factor=0.2, random_state=2)
    df = pd.DataFrame(x, columns=["u", "v"])
    target = pd.Series(y.astype(np.float32), name="y")
    myelin.set_seed(1)
    model = Sequential([layers.Dense(4, activation="tanh", input_shape=(2,)),
                        layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the book's ordinary call: no warning
        h = model.fit(df, target, epochs=2, verbose=0)
    assert len(h.history["loss"]) == 2
    np.testing.assert_allclose(model.predict(df), model.predict(x.astype(np.float32)), atol=1e-6)


def test_sliced_arrow_batch_is_wrapped_at_its_offset(myelin):
    import jpype

    base = np.arange(10, dtype=np.float64)
    batch = pa.RecordBatch.from_arrays([pa.array(base)], names=["a"]).slice(2, 5)
    frames = jpype.JClass("dev.myelin.bridge.arrow.ArrowFrames").open()
    try:
        batch._export_to_c(int(frames.arrayAddress()), int(frames.schemaAddress()))
        imp = frames.matrix(jpype.JClass("dev.myelin.DType").FLOAT32, myelin._tensor._lent.keep(batch))
    finally:
        frames.close()
    assert not imp.copied()
    t = imp.tensor()
    assert int(t.address()) == base.ctypes.data + 2 * 8 and tuple(t.shape()) == (5, 1)
    np.testing.assert_array_equal(myelin.to_numpy(t).ravel(), [2, 3, 4, 5, 6])
