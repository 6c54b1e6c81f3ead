"""``import myelin`` does no avoidable work: the registry-made modules are built on first use and
dev.myelin.Tensor (whose initialization loads the native libraries) is not touched."""

import os
import pathlib
import subprocess
import sys

CHECK = """
import myelin
from myelin.keras import layers, losses, callbacks
from myelin import _frames
made = [n for n in ("Dense", "Conv2D") if n in vars(layers)]
made += [n for n in ("MeanSquaredError",) if n in vars(losses)]
made += [n for n in ("EarlyStopping2", "TensorBoard") if n in vars(callbacks)]
print("MADE", made, "ARROW", _frames._available)
layers.Dense(1)
print("AFTER", "Dense" in vars(layers), "Conv2D" in vars(layers), "MaxPool2D" in vars(layers))
"""


def test_import_defers_registry_and_native_work():
    env = dict(os.environ)
    env["PYTHONPATH"] = str(pathlib.Path(__file__).parent.parent / "src") + os.pathsep + env.get(
        "PYTHONPATH", "")
    out = subprocess.run([sys.executable, "-c", CHECK], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert "MADE [] ARROW {}" in out.stdout, out.stdout
    assert "AFTER True True True" in out.stdout, out.stdout
