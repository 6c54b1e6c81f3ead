"""fit(steps_per_epoch=..., validation_steps=...) and batch sources (a PyDataset-like sequence, a
generator, a Java Dataset), checked against the batch counts real Keras 3 gives for the same
settings (tests/fixtures/keras_steps_per_epoch.py runs Keras with the jax backend)."""

import importlib.util
import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

FIXTURE = pathlib.Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "keras_steps_per_epoch.py"
CASES = [(100, 10, 4, 7, 50, 2), (100, 10, 3, 5, 50, None), (95, 10, 15, 2, 50, 7),
         (100, 32, None, 2, 50, None)]


def keras_counts(case):
    if importlib.util.find_spec("keras") is None or importlib.util.find_spec("jax") is None:
        pytest.skip("keras and jax are needed for the reference counts (tests/requirements.txt)")
    args = ["none" if v is None else str(v) for v in case]
    env = dict(os.environ, KERAS_BACKEND="jax")
    out = subprocess.run([sys.executable, str(FIXTURE), *args], env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def data(n):
    x = np.stack([np.arange(n) / n, -np.arange(n) / n], axis=1).astype("float32")
    return x, (np.arange(n) % 3).astype("float32").reshape(n, 1)


class Rows:
    """A Keras PyDataset in all but name: len, [i] and on_epoch_end; records what was asked."""

    def __init__(self, x, y, batch):
        self.x, self.y, self.batch = x, y, batch
        self.asked, self.epoch_ends = [], 0

    def __len__(self):
        return -(-len(self.x) // self.batch)

    def __getitem__(self, i):
        self.asked.append(i)
        s = slice(i * self.batch, (i + 1) * self.batch)
        return self.x[s], self.y[s]

    def on_epoch_end(self):
        self.epoch_ends += 1


def model(myelin):
    from myelin.keras import Sequential, layers

    m = Sequential([layers.Dense(1, input_shape=(2,))])
    m.compile("sgd", "mse")
    return m


def counter(myelin):
    from myelin.keras.callbacks import Callback

    class Counter(Callback):
        def __init__(self):
            self.train = []

        def on_epoch_begin(self, epoch, logs=None):
            self.train.append(0)

        def on_train_batch_end(self, batch, logs=None):
            self.train[-1] += 1

    return Counter()


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(map(str, c)))
def test_batches_per_epoch_are_keras3s(myelin, case):
    n, batch, spe, epochs, n_val, vs = case
    expected = keras_counts(case)
    x, y = data(n)
    for source in ("arrays", "sequence"):
        c = counter(myelin)
        val = Rows(*data(n_val), batch)
        kw = dict(epochs=epochs, steps_per_epoch=spe, validation_steps=vs, verbose=0, shuffle=False,
                  callbacks=[c], validation_data=val)
        if source == "arrays":
            h = model(myelin).fit(x, y, batch_size=batch, **kw)
        else:
            h = model(myelin).fit(Rows(x, y, batch), **kw)
        assert c.train == expected["train"], source
        assert len(h.epoch) == expected["epochs"] and len(h.history["val_loss"]) == expected["epochs"]
        assert len(val.asked) == sum(expected["val"]), source


def test_a_generator_continues_across_epochs(myelin):
    x, y = data(64)
    drawn = []

    def batches():
        i = 0
        while True:
            drawn.append(i)
            s = slice((i % 8) * 8, (i % 8 + 1) * 8)
            yield x[s], y[s]
            i += 1

    c = counter(myelin)
    h = model(myelin).fit(batches(), steps_per_epoch=3, epochs=4, verbose=0, callbacks=[c])
    assert c.train == [3, 3, 3, 3] and len(h.epoch) == 4
    assert drawn == list(range(12))  # never restarted: one batch per step, in order


def test_a_generator_needs_steps_and_enough_batches(myelin):
    x, y = data(16)
    with pytest.raises(ValueError, match="steps_per_epoch"):
        model(myelin).fit(iter([(x, y)]), epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"ran out after 2 batches; it must yield 3 batches"):
        model(myelin).fit(iter([(x, y), (x, y)]), steps_per_epoch=3, epochs=1, verbose=0)


def test_validation_steps_take_the_first_batches(myelin):
    x, y = data(20)
    vx, vy = data(40)
    vy = vy * 5  # a target far from the model's start, so the limit matters
    m = model(myelin)
    h = m.fit(x, y, batch_size=10, epochs=1, verbose=0, validation_data=(vx, vy), validation_steps=2)
    first = m.evaluate(vx[:20], vy[:20], verbose=0)
    assert h.history["val_loss"][0] == pytest.approx(first, rel=1e-6)
    assert m.evaluate(vx, vy, verbose=0) != pytest.approx(first, rel=1e-3)


def test_integer_batches_of_a_sequence_are_cast(myelin):
    # float64 features and int64 targets, as numpy makes them by default
    x = np.stack([np.arange(20) / 20, np.zeros(20)], axis=1)
    y = (np.arange(20) % 2).reshape(20, 1)
    a, b = model(myelin), model(myelin)
    b.set_weights(a.get_weights())
    ha = a.fit(Rows(x, y, 5), epochs=2, verbose=0, shuffle=False)
    hb = b.fit(x.astype("float32"), y.astype("float32"), batch_size=5, epochs=2, verbose=0,
               shuffle=False)
    np.testing.assert_allclose(ha.history["loss"], hb.history["loss"], rtol=1e-6)


def test_evaluate_takes_batch_sources(myelin):
    x, y = data(30)
    m = model(myelin)
    on_arrays = m.evaluate(x, y, batch_size=10, verbose=0)
    assert m.evaluate(Rows(x, y, 10), verbose=0) == pytest.approx(on_arrays, rel=1e-6)
    gen = ((x[i:i + 10], y[i:i + 10]) for i in (0, 10, 20))
    assert m.evaluate(gen, steps=3, verbose=0) == pytest.approx(on_arrays, rel=1e-6)
    with pytest.raises(ValueError, match="evaluate: a generator needs steps"):
        m.evaluate(iter([(x, y)]), verbose=0)
