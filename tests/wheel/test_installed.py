"""The package as installed from the wheel (`bin/myelin test` runs this in a clean venv, from a
folder outside the checkout, with MYELIN_HOME, MYELIN_CLASSPATH and PYTHONPATH unset)."""

import os
import pathlib
import sys
import zipfile

import numpy as np


def test_imports_the_installed_package_not_the_checkout():
    import myelin

    here = pathlib.Path(myelin.__file__).resolve()
    assert pathlib.Path(sys.prefix).resolve() in here.parents, here
    assert "python-bridge" not in here.parts, here


def test_class_path_is_the_jars_the_wheel_carries():
    from myelin import _jvm

    cp = _jvm.classpath()
    jars = pathlib.Path(_jvm.__file__).resolve().parent / "_jars"
    assert cp and all(pathlib.Path(p).parent == jars for p in cp), cp
    assert all(os.path.isfile(p) for p in cp)
    names = [pathlib.Path(p).name for p in cp]
    for module in ("core", "data", "bridge"):
        assert any(n.startswith(f"myelin-{module}-") for n in names), names
    assert any(n.startswith("dnnl-") and "linux-x86_64" in n for n in names), names


def test_wheel_is_tagged_for_the_platform_of_its_native_code_and_carries_no_build_leftovers():
    whl = pathlib.Path(os.environ["MYELIN_WHEEL"])
    assert whl.name.startswith("myelin_keras-") and whl.name.endswith("-py3-none-linux_x86_64.whl")
    with zipfile.ZipFile(whl) as z:
        names = z.namelist()
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert "myelin/_jars/classpath.txt" in names


def test_trains_and_predicts_from_the_installed_package():
    import myelin
    from myelin import keras

    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 2)).astype("float32")
    y = (x[:, 0] * x[:, 1] > 0).astype("float32")
    model = keras.Sequential([keras.layers.Dense(16, activation="tanh", input_shape=(2,)),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="binary_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, epochs=30, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0] * 0.6
    p = np.asarray(model.predict(x, verbose=0))
    assert p.shape == (256, 1) and np.all((p >= 0) & (p <= 1))
    assert myelin.__name__ == "myelin"


def test_one_version_of_each_jar():
    from myelin import _jvm

    names = [pathlib.Path(p).name for p in _jvm.classpath()]
    for artifact in ("jackson-core", "commons-codec", "slf4j-api"):
        assert len([n for n in names if n.startswith(artifact + "-")]) == 1, names
