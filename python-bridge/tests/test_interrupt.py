"""Ctrl-C during fit: a real SIGINT to a script, and a real kernel interrupt through nbclient, stop
the fit at a batch boundary with KeyboardInterrupt, the History so far kept, the JVM usable."""

import os
import pathlib
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest

HERE = pathlib.Path(__file__).parent


def _env():
    env = dict(os.environ)
    src = str(HERE.parent / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("OMP_NUM_THREADS", "2")
    return env


def _wait_for(proc, lines, marker, timeout=300):
    """Reads the child's lines until one starts with ``marker``; fails after ``timeout`` seconds
    even when the child prints nothing more (a blocking readline alone would hang the suite)."""
    if not hasattr(proc, "_lines"):
        proc._lines = queue.Queue()

        def pump():
            for line in proc.stdout:
                proc._lines.put(line)
            proc._lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        try:
            line = proc._lines.get(timeout=max(left, 0.01))
        except queue.Empty:
            break
        if line is None:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith(marker):
            return
        if left <= 0:
            break
    raise AssertionError(f"no {marker!r} line within {timeout} s; output so far: {lines}")


def _drain(proc, lines):
    """The child's remaining lines, once it has exited (the pump ends with None)."""
    while True:
        line = proc._lines.get(timeout=30)
        if line is None:
            return
        lines.append(line.rstrip("\n"))


def test_sigint_stops_fit_with_keyboard_interrupt_and_history():
    # A terminal's foreground process: a process started in the background by a shell without job
    # control (`cmd &` in a script, as a CI runner may start the suite) inherits SIGINT ignored,
    # and then neither Python nor Myelin takes Ctrl-C, rightly; the child resets it to the default.
    proc = subprocess.Popen([sys.executable, str(HERE / "scripts" / "interrupted_fit.py")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_env(),
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines = []
    try:
        _wait_for(proc, lines, "READY")
        proc.send_signal(signal.SIGINT)
        _wait_for(proc, lines, "SLEEPING", timeout=120)
        proc.send_signal(signal.SIGINT)  # Ctrl-C in plain Python code after Myelin's calls
        proc.wait(timeout=60)
        _drain(proc, lines)
    finally:
        if proc.poll() is None:
            proc.kill()
    text = "\n".join(lines)
    assert proc.returncode == 0, text
    interrupted = [ln for ln in lines if ln.startswith("INTERRUPTED")]
    assert interrupted, text
    epochs, recorded = map(int, interrupted[0].split()[1:])
    assert epochs >= 2 and epochs == recorded, text  # the two READY epochs at least, on both
    assert "FINISHED" not in text
    assert any(ln.startswith("EVALUATE") for ln in lines), text
    assert "FIT AGAIN 2" in text and "PYTHON INTERRUPTED" in text, text


NOTEBOOK_CELLS = [
    """import numpy as np
import myelin
from myelin.keras import Sequential, layers
model = Sequential([layers.Dense(32, activation="relu", input_shape=(8,)), layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
x = np.random.default_rng(0).random((4096, 8), dtype=np.float32)
y = x.sum(axis=1, keepdims=True)
print("built")""",
    """import time
t0 = time.monotonic()
try:
    model.fit(x, y, epochs=100000, batch_size=4, verbose=0)
except KeyboardInterrupt as e:
    print("INTERRUPTED", len(e.history.epoch), round(time.monotonic() - t0))""",
    """print("HISTORY", model.history is not None, "EVALUATE", model.evaluate(x[:64], y[:64], verbose=0) > 0)""",
]


def test_kernel_interrupt_stops_fit_in_a_notebook():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("nbclient.util")
    pytest.importorskip("ipykernel")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in NOTEBOOK_CELLS]
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="python3", allow_errors=True)
    env = _env()
    with client.setup_kernel(env=env, cwd=str(HERE)):
        client.execute_cell(nb.cells[0], 0)
        # Interrupt 5 s into the fit cell (the kernel interrupt sends SIGINT to the kernel process).
        timer = threading.Timer(5.0, nbclient.util.run_sync(client.km.interrupt_kernel))
        timer.start()
        started = time.monotonic()
        client.execute_cell(nb.cells[1], 1)
        took = time.monotonic() - started
        timer.cancel()
        client.execute_cell(nb.cells[2], 2)

    def text(cell):
        return "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")

    assert "INTERRUPTED" in text(nb.cells[1]), nb.cells[1].outputs
    assert took < 120, took  # stopped at a batch boundary, not after 100000 epochs
    assert "HISTORY True EVALUATE True" in text(nb.cells[2]), nb.cells[2].outputs
