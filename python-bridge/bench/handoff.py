"""Benchmark (not a test): handing a 1 KiB and a 256 MiB float32 array between Python and Myelin, in
each direction and format, from a Python-hosted JVM. A pointer handoff takes the same time for both.

    python python-bridge/bench/handoff.py [--repeats 20]

DLPack rows use Myelin's own producer (``Tensor.__dlpack__``: a DLManagedTensor over the tensor's
memory) and consumer (``myelin.from_dlpack``); JAX rows run when jax is installed, pandas and
Arrow rows when pandas / pyarrow are. Each row is the best of ``--repeats`` runs, in microseconds.
"""

import argparse
import time

import jpype
import numpy as np

import myelin


def best(fn, repeats):
    t = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - t0)
    return t * 1e6


def paths():
    p = {
        "numpy -> Tensor (from_numpy)": lambda s: myelin.from_numpy(s["array"]),
        "Tensor -> numpy (to_numpy)": lambda s: myelin.to_numpy(s["tensor"]),
        "DLPack in from numpy (from_dlpack)": lambda s: myelin.from_dlpack(s["array"]),
        "DLPack out to numpy (np.from_dlpack)": lambda s: np.from_dlpack(s["tensor"]),
        "DLPack out, versioned capsule": lambda s: s["tensor"].__dlpack__(max_version=(1, 0)),
    }
    try:
        import jax
        import jax.numpy as jnp

        p["DLPack in from JAX (from_dlpack)"] = lambda s: myelin.from_dlpack(s["jax"])
        p["DLPack out to JAX (jnp.from_dlpack)"] = lambda s, jnp=jnp: jnp.from_dlpack(
            s["tensor"], copy=False)
        p["DLPack out to JAX (jax.dlpack)"] = lambda s, jax=jax: jax.dlpack.from_dlpack(
            s["tensor"], copy=False)
    except ImportError:
        pass
    try:
        import pyarrow as pa

        p["Arrow out (pa.array via __arrow_c_array__)"] = lambda s, pa=pa: pa.array(s["tensor"])
        p["Arrow in (from_arrow)"] = lambda s, pa=pa: myelin.from_arrow(pa.array(s["array"]))
    except ImportError:
        pass
    try:
        import pandas as pd  # noqa: F401

        if myelin._frames.available():
            p["pandas Series in (from_pandas, via Arrow C Data)"] = lambda s: myelin.from_pandas(
                s["series"])
    except ImportError:
        pass
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=20)
    a = ap.parse_args()
    sizes = {"1 KiB": 256, "256 MiB": 64 * 1024 * 1024}
    subjects = {}
    for k, n in sizes.items():
        s = {"array": np.ones(n, np.float32)}
        # Myelin's own memory (64-byte aligned, which JAX needs to take it without a copy).
        s["tensor"] = myelin.Tensor.ones(jpype.JClass("dev.myelin.DType").FLOAT32,
                                         jpype.JArray(jpype.JLong)([n]))
        try:
            import jax.numpy as jnp

            s["jax"] = jnp.ones(n, jnp.float32)
        except ImportError:
            pass
        try:
            import pandas as pd

            s["series"] = pd.Series(s["array"], copy=False)
        except ImportError:
            pass
        subjects[k] = s
    print(f"{'path':50s} " + " ".join(f"{k:>12s}" for k in sizes))
    for name, fn in paths().items():
        row = [best(lambda k=k: fn(subjects[k]), a.repeats) for k in sizes]
        print(f"{name:50s} " + " ".join(f"{us:10.1f}us" for us in row))
        myelin._tensor._lent.sweep()


if __name__ == "__main__":
    main()
