"""Edge inputs and warnings: empty arrays, a missing model file, from_pandas's dtype, the order of
TerminateOnNaN's note, warnings that point at the user's line, pandas without pyarrow."""

import sys
import warnings

import numpy as np
import pytest


def _model():
    from myelin.keras import Sequential, layers

    m = Sequential([layers.Dense(4, activation="tanh", input_shape=(2,)), layers.Dense(1)])
    m.compile(optimizer="sgd", loss="mse")
    return m


@pytest.mark.parametrize("call", ["fit0", "fit1", "evaluate", "predict"])
def test_empty_arrays_raise_a_value_error_naming_the_size(myelin, call):
    m = _model()
    x, y = np.zeros((0, 2), np.float32), np.zeros((0, 1), np.float32)
    run = {"fit0": lambda: m.fit(x, y, verbose=0), "fit1": lambda: m.fit(x, y, verbose=1),
           "evaluate": lambda: m.evaluate(x, y, verbose=0), "predict": lambda: m.predict(x)}[call]
    with pytest.raises(ValueError, match=r"expected at least one sample but input 0 has size 0 "
                                         r"\(shape \(0, 2\)\)"):
        run()


def test_load_model_of_a_missing_file_raises_file_not_found(myelin, tmp_path):
    from myelin.keras import load_model

    with pytest.raises(FileNotFoundError) as e:
        load_model(tmp_path / "missing.h5")
    assert isinstance(e.value, OSError) and e.value.filename.endswith("missing.h5")


def test_from_pandas_series_takes_the_dtype_asked_for(myelin):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    s = pd.Series(np.arange(5, dtype=np.float64))
    assert str(myelin.from_pandas(s, dtype="float32").dtype()) == "FLOAT32"
    assert str(myelin.from_pandas(s, dtype="float64").dtype()) == "FLOAT64"
    t = myelin.from_pandas(s)  # no dtype: the column's own, without a copy
    assert str(t.dtype()) == "FLOAT64" and int(t.address()) == s.to_numpy().ctypes.data
    np.testing.assert_array_equal(np.asarray(myelin.from_pandas(s, dtype="float32")), s.to_numpy())


def test_terminate_on_nan_note_follows_the_epoch_line(myelin, capsys):
    from myelin.keras import callbacks

    m = _model()
    # Finite data (NaN in x or y is refused before training) whose squared error overflows float32.
    x = np.ones((32, 2), np.float32)
    y = np.full((32, 1), 1e30, np.float32)
    m.fit(x, y, epochs=5, batch_size=8, verbose=1, callbacks=[callbacks.TerminateOnNaN()])
    out = capsys.readouterr().out
    assert "Epoch 1/5" in out and "Invalid loss, terminating training" in out, out
    assert out.index("Epoch 1/5") < out.index("Invalid loss"), out
    assert "Epoch 2/5" not in out


def test_fit_on_a_multi_column_float_frame_warns_nothing(myelin):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"a": np.arange(32.0), "b": np.arange(32.0) * 2})
    m = _model()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m.fit(frame, frame["a"] * 0.1, epochs=1, verbose=0)
        m.predict(frame)
    assert [str(w.message) for w in caught] == []


def test_a_copy_warning_points_at_the_users_line(myelin):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"a": np.arange(32.0), "flag": np.arange(32) % 2 == 0})
    m = _model()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m.fit(frame, frame["a"] * 0.1, epochs=1, verbose=0); line = sys._getframe().f_lineno  # noqa: E702
        myelin.from_pandas(frame["flag"]); line2 = sys._getframe().f_lineno  # noqa: E702
    copies = [w for w in caught if issubclass(w.category, myelin.CopyWarning)]
    assert len(copies) == 2, [str(w.message) for w in caught]
    assert all(w.filename == __file__ for w in copies), [w.filename for w in copies]
    assert [w.lineno for w in copies] == [line, line2]
    assert "column 'flag' is boolean" in str(copies[0].message)


def test_without_pyarrow_from_pandas_names_it_and_fit_takes_numeric_frames(myelin, monkeypatch):
    pd = pytest.importorskip("pandas")
    from myelin import _frames

    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setattr(_frames, "_available", {"ok": False})
    frame = pd.DataFrame({"f": np.arange(32.0), "i": np.arange(32), "b": np.arange(32) % 2 == 0})
    with pytest.raises(ImportError, match="pip install pyarrow"):
        myelin.from_pandas(frame)
    from myelin.keras import Sequential, layers

    m = Sequential([layers.Dense(1, input_shape=(3,))])
    m.compile(optimizer="sgd", loss="mse")
    h = m.fit(frame, frame["f"] * 0.01, epochs=1, verbose=0)
    assert len(h.history["loss"]) == 1
    with pytest.raises(TypeError, match="column 's' has dtype"):
        m.fit(frame.assign(s="x")[["f", "i", "s"]], frame["f"], epochs=1, verbose=0)


def test_steps_per_epoch_takes_any_positive_count(myelin):
    # Any count now (test_steps_per_epoch.py checks Keras 3's batches per epoch); 0 is refused.
    m = _model()
    x, y = np.ones((40, 2), np.float32), np.ones((40, 1), np.float32)
    assert len(m.fit(x, y, batch_size=10, steps_per_epoch=4, epochs=2, verbose=0).history["loss"]) == 2
    assert len(m.fit(x, y, batch_size=10, steps_per_epoch=3, epochs=3, verbose=0).history["loss"]) == 3
    with pytest.raises(ValueError, match="'stepsPerEpoch' expected a positive integer but was 0"):
        m.fit(x, y, batch_size=10, steps_per_epoch=0, verbose=0)
