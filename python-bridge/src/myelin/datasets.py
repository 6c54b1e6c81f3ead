"""Sample generators from myelin-data (numpy-compatible ``make_circles``, ``make_moons``), returned
as numpy arrays."""

import jpype
import numpy as np


def _unpack(ds):
    x = np.array([list(r) for r in ds.x()], dtype=np.float64)
    y = np.array(list(ds.labels()), dtype=np.int64)
    return x, y


def _noise(noise):
    return None if noise is None else jpype.JObject(float(noise), jpype.JClass("java.lang.Double"))


def make_circles(n_samples=100, shuffle=True, noise=None, random_state=None, factor=0.8):
    """scikit-learn's make_circles (same outputs for the same random_state)."""
    g = jpype.JClass("dev.myelin.data.datasets.SampleGenerators")
    return _unpack(g.makeCircles(int(n_samples), bool(shuffle), _noise(noise),
                                 int(random_state or 0), float(factor)))


def make_moons(n_samples=100, shuffle=True, noise=None, random_state=None):
    """scikit-learn's make_moons (same outputs for the same random_state)."""
    g = jpype.JClass("dev.myelin.data.datasets.SampleGenerators")
    return _unpack(g.makeMoons(int(n_samples), bool(shuffle), _noise(noise), int(random_state or 0)))
