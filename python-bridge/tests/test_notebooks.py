"""The example notebooks run top to bottom in a Jupyter kernel (nbclient) and print good results."""

import pathlib
import re

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[2] / "examples" / "notebooks"


def run(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    text = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                text.append(out["text"])
            elif "data" in out and "text/plain" in out["data"]:
                text.append(out["data"]["text/plain"])
    return "".join(text)


def test_first_model_notebook():
    out = run("first_model.ipynb")
    assert "Total params: 17" in out
    assert "Epoch 1/20" in out and "Epoch 20/20" in out
    assert re.search(r"1000/1000 \[=+\]", out)
    acc = float(re.search(r"final accuracy: ([0-9.]+)", out).group(1))
    assert acc >= 0.9
    assert "ndarray (1000, 1) float32" in out


def test_iris_notebook():
    out = run("iris.ipynb")
    assert "sepal_length" in out and "(120, 4)" in out
    assert "['setosa', 'versicolor', 'virginica']" in out
    assert "Epoch 30/30" in out and "val_accuracy" in out
    acc = float(re.search(r"test accuracy: ([0-9.]+)", out).group(1))
    assert acc >= 0.8
