"""Benchmark (not a test): the book's first model's fit per epoch driven through myelin.keras versus
the Java API called directly (same JVM, same tensors, verbose 0). Issue 6 asks for <= 5% more.

    python python-bridge/bench/fit_overhead.py [--epochs 50] [--repeats 5]
"""

import argparse
import time

import jpype
import numpy as np

import myelin
from myelin.keras import Sequential, layers, optimizers


def python_model():
    m = Sequential([layers.Dense(4, activation="tanh", input_shape=(2,)),
                    layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer=optimizers.SGD(learning_rate=0.5), loss="binary_crossentropy",
              metrics=["accuracy"])
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    x, y = myelin.datasets.make_circles(1000, noise=0.1, factor=0.2, random_state=0)
    x = x.astype(np.float32)
    y = y.astype(np.float32)
    FitOptions = jpype.JClass("dev.myelin.models.FitOptions")
    xt, yt = myelin.from_numpy(x), myelin.from_numpy(y)
    best = {"java": float("inf"), "python": float("inf")}
    for _ in range(a.repeats):
        myelin.set_seed(1)
        m = python_model()
        t0 = time.perf_counter()
        m._java.fit(xt, yt, FitOptions().epochs(a.epochs).verbose(0))
        best["java"] = min(best["java"], (time.perf_counter() - t0) / a.epochs)
        myelin.set_seed(1)
        m = python_model()
        t0 = time.perf_counter()
        m.fit(x, y, epochs=a.epochs, verbose=0)
        best["python"] = min(best["python"], (time.perf_counter() - t0) / a.epochs)
    ratio = best["python"] / best["java"]
    print(f"per epoch (best of {a.repeats}, {a.epochs} epochs, 32 steps each): "
          f"Java API {best['java'] * 1e3:.2f} ms, myelin.keras {best['python'] * 1e3:.2f} ms, "
          f"overhead {100 * (ratio - 1):+.1f}%")


if __name__ == "__main__":
    main()
