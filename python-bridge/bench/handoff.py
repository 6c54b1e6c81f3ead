"""Benchmark (not a test): handing a 1 KiB and a 256 MiB float32 array between Python and Myelin, in
each direction and format, from a Python-hosted JVM. A pointer handoff takes the same time for both.

    python python-bridge/bench/handoff.py
"""

import time

import numpy as np

import myelin


def best(fn, repeats=20):
    t = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - t0)
    return t * 1e6


def main():
    paths = {
        "numpy -> Tensor (from_numpy)": lambda a, t: myelin.from_numpy(a),
        "Tensor -> numpy (to_numpy)": lambda a, t: myelin.to_numpy(t),
        "DLPack in (from_dlpack)": lambda a, t: myelin.from_dlpack(a),
        "DLPack out (np.from_dlpack)": lambda a, t: np.from_dlpack(t),
    }
    try:
        import pyarrow as pa

        paths["Arrow out (pa.array via __arrow_c_array__)"] = lambda a, t: pa.array(t)
        paths["Arrow in (from_arrow)"] = lambda a, t, pa=pa: myelin.from_arrow(pa.array(a))
    except ImportError:
        pass
    sizes = {"1 KiB": 256, "256 MiB": 64 * 1024 * 1024}
    arrays = {k: np.ones(n, np.float32) for k, n in sizes.items()}
    tensors = {k: myelin.from_numpy(a) for k, a in arrays.items()}
    print(f"{'path':45s} " + " ".join(f"{k:>12s}" for k in sizes))
    for name, fn in paths.items():
        row = [best(lambda k=k: fn(arrays[k], tensors[k])) for k in sizes]
        print(f"{name:45s} " + " ".join(f"{us:10.1f}us" for us in row))


if __name__ == "__main__":
    main()
