"""Keras 3 (jax) on issue 13's recurrent workload, the twin of TrainStepBench's lstm/gru.

    python3 tests/bench/keras_rnn.py lstm|gru [ROUNDS]

Embedding(2000, 64) -> LSTM(64) or GRU(64) -> Dense(1, sigmoid), sequences of 80, batch 128,
Adam, binary cross-entropy + accuracy; each round is one model.fit epoch over 8 batches (the first
epoch, which compiles, is not timed). Prints one line per round and the median samples/s.
"""

import os
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402


def main(kind, rounds):
    batch, steps = 128, 8
    rng = np.random.default_rng(1)
    x = np.floor(rng.uniform(0, 2000, size=(batch * steps, 80))).astype("float32")
    y = (x[:, :1] > 999.5).astype("float32")
    keras.utils.set_random_seed(1)
    m = keras.Sequential([
        keras.Input((80,)),
        keras.layers.Embedding(2000, 64),
        keras.layers.GRU(64) if kind == "gru" else keras.layers.LSTM(64),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    m.compile(keras.optimizers.Adam(), "binary_crossentropy", metrics=["accuracy"])
    m.fit(x, y, batch_size=batch, epochs=1, shuffle=False, verbose=0)
    rates = []
    for r in range(rounds):
        t = time.perf_counter()
        m.fit(x, y, batch_size=batch, epochs=1, shuffle=False, verbose=0)
        rates.append(batch * steps / (time.perf_counter() - t))
        print("keras-jax %s round %d: %.0f samples/s" % (kind, r, rates[-1]))
    print("keras-jax %s median: %.0f samples/s" % (kind, float(np.median(rates))))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "lstm", int(sys.argv[2]) if len(sys.argv) > 2 else 3)
