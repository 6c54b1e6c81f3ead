"""Benchmark (not a test): the same fit (model, data, epochs, seed) driven from Python through the
``myelin`` package (JVM in this process, JPype) and from a standalone JVM
(``dev.myelin.bridge.FitOverheadMain`` in the bridge's test classes), alternating A B A B. Issue 6
asks for the Python-driven fit to cost at most 5% more per epoch.

    bin/myelin bench bridge [--models tiny,mlp] [--rounds 7] [--verbose 0]
    python3 python-bridge/bench/fit_overhead.py ...        (MYELIN_HOME or an editable install)

Each round, on each side: the model is built afresh after ``set_seed(SEED)``, fitted one warm-up
epoch, then one timed fit of E epochs (time / E = per-epoch time). Both JVMs stay up across
rounds and first run ``--warmup`` untimed rounds each, so both are equally warm (a tiny epoch is
under a millisecond: JIT recompilations show up as steps in a run's rounds). Reported: medians of the per-epoch wall time and of the calling
thread's CPU time (``time.thread_time()`` around the fit, which JPype runs on this thread;
``ThreadMXBean`` in Java), their Python/Java ratios, the median of the per-round CPU ratios
(``paired``: each A against the B right after it) and the ratio of the smallest CPU times (``min``). On a
shared machine wall time swings with other processes' load; CPU time much less. With
``OMP_NUM_THREADS=1`` the whole fit runs on the calling thread, so CPU time covers all of it. ``tiny`` is the book's first model (make_circles, 1000 rows,
batch 32: 32 tiny steps per epoch, the worst case for per-call overhead); ``mlp`` is
784 -> 512 -> 256 -> 10 (Adam, batch 128). Same final loss on both sides shows it is the same fit.
"""

import argparse
import contextlib
import io
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

import myelin
from myelin.keras import Sequential, layers, optimizers

SEED = 7
MODELS = {  # rows, epochs per timed fit, batch
    "tiny": (1000, 100, 32),
    "mlp": (4096, 2, 128),
}


def data(name):
    rows = MODELS[name][0]
    if name == "tiny":
        x, y = myelin.datasets.make_circles(rows, noise=0.1, factor=0.2, random_state=0)
        return x.astype(np.float32), y.astype(np.float32).reshape(-1, 1)
    rng = np.random.default_rng(0)
    x = rng.random((rows, 784), dtype=np.float32)
    y = (np.arange(rows) % 10).astype(np.float32).reshape(-1, 1)
    return x, y


def python_model(name):
    myelin.set_seed(SEED)
    if name == "tiny":
        m = Sequential([layers.Dense(4, activation="tanh", input_shape=(2,)),
                        layers.Dense(1, activation="sigmoid")])
        m.compile(optimizer=optimizers.SGD(learning_rate=0.5), loss="binary_crossentropy",
                  metrics=["accuracy"])
    else:
        m = Sequential([layers.Dense(512, activation="relu", input_shape=(784,)),
                        layers.Dense(256, activation="relu"),
                        layers.Dense(10, activation="softmax")])
        m.compile(optimizer=optimizers.Adam(learning_rate=0.001),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return m


def python_round(name, x, y, verbose):
    _, epochs, batch = MODELS[name]
    m = python_model(name)
    sink = io.StringIO()  # verbose=1: the progress text is copied to sys.stdout, as in a notebook
    with contextlib.redirect_stdout(sink):
        m.fit(x, y, epochs=1, batch_size=batch, verbose=verbose)
        c0, t0 = time.thread_time(), time.perf_counter()
        h = m.fit(x, y, epochs=epochs, batch_size=batch, verbose=verbose)
        wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
    return wall * 1e3 / epochs, cpu * 1e3 / epochs, h.history["loss"][-1]


def java_command():
    import jpype

    root = myelin._jvm._repo_root()
    classes = root / "java-api" / "bridge" / "target" / "test-classes"
    if not (classes / "dev" / "myelin" / "bridge" / "FitOverheadMain.class").is_file():
        sys.exit(f"fit_overhead: {classes} lacks FitOverheadMain: build the bridge's tests "
                 "(mvn -o -q -pl java-api/core,java-api/bridge package -DskipTests)")
    libjvm = pathlib.Path(jpype.getDefaultJVMPath())
    java = next((p / "bin" / "java" for p in libjvm.parents if (p / "bin" / "java").is_file()), "java")
    cp = os.pathsep.join([str(classes)] + myelin._jvm.classpath())
    return [str(java), *myelin._jvm._JVM_OPTIONS, "-cp", cp, "dev.myelin.bridge.FitOverheadMain"]


class JavaSide:
    """The standalone JVM, kept up across rounds; one ``fit`` line per round."""

    def __init__(self, name, x, y, verbose, tmp):
        xf, yf = pathlib.Path(tmp) / f"{name}_x.f32", pathlib.Path(tmp) / f"{name}_y.f32"
        x.tofile(xf)
        y.tofile(yf)
        _, epochs, _ = MODELS[name]
        cmd = java_command() + [name, str(xf), str(yf), str(len(x)), str(epochs), str(SEED),
                                str(verbose)]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"fit_overhead: the Java side did not start (said {line!r})")

    def round(self):
        self.proc.stdin.write("fit\n")
        self.proc.stdin.flush()
        fields = dict(kv.split("=") for kv in self.proc.stdout.readline().split())
        return float(fields["per_epoch_ms"]), float(fields["cpu_ms"]), float(fields["loss"])

    def close(self):
        self.proc.stdin.write("quit\n")
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def measure(name, rounds, warmup, verbose, tmp):
    """{"python": [(wall_ms, cpu_ms), ...], "java": [...]} per epoch, and the final losses."""
    x, y = data(name)
    java = JavaSide(name, x, y, verbose, tmp)
    times, losses = {"python": [], "java": []}, {"python": set(), "java": set()}
    try:
        for _ in range(warmup):  # both JVMs' JIT reaches its steady state: untimed rounds
            python_round(name, x, y, verbose)
            java.round()
        for _ in range(rounds):
            for side, run in (("python", lambda: python_round(name, x, y, verbose)),  # A
                              ("java", java.round)):  # B
                wall, cpu, loss = run()
                times[side].append((wall, cpu))
                losses[side].add(round(loss, 5))
    finally:
        java.close()
    return times, losses


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", default="tiny,mlp")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=5, help="untimed rounds on each side first")
    ap.add_argument("--verbose", type=int, default=0, help="fit verbose on both sides (0 or 1)")
    a = ap.parse_args()
    print(f"myelin {myelin.version()}, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}, "
          f"{os.cpu_count()} CPUs, verbose={a.verbose}, {a.warmup} untimed + {a.rounds} rounds A (Python) "
          "B (Java); "
          "medians of per-epoch wall and calling-thread CPU time")
    print(f"{'model':6s} {'epochs':>6s} {'python wall':>12s} {'java wall':>10s} {'ratio':>6s} "
          f"{'python cpu':>11s} {'java cpu':>9s} {'ratio':>6s} {'paired':>7s} {'min':>6s}  "
          "final loss python/java")
    with tempfile.TemporaryDirectory() as tmp:
        for name in a.models.split(","):
            times, losses = measure(name, a.rounds, a.warmup, a.verbose, tmp)
            med = {side: [statistics.median(v[i] for v in times[side]) for i in (0, 1)]
                   for side in times}
            (pw, pc), (jw, jc) = med["python"], med["java"]
            low = min(c for _, c in times["python"]) / min(c for _, c in times["java"])
            paired = statistics.median(p[1] / j[1] for p, j in zip(times["python"], times["java"]))
            print(f"{name:6s} {MODELS[name][1]:6d} {pw:9.2f} ms {jw:7.2f} ms {pw / jw:6.3f} "
                  f"{pc:8.2f} ms {jc:6.2f} ms {pc / jc:6.3f} {paired:7.3f} {low:6.3f}  "
                  f"{sorted(losses['python'])}/{sorted(losses['java'])}")
            for side in times:
                print(f"       {side:6s} wall/cpu ms per round: "
                      + " ".join(f"{w:.2f}/{c:.2f}" for w, c in times[side]))


if __name__ == "__main__":
    main()
