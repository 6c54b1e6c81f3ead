"""Keras's ``keras.wrappers`` (``wrappers.scikit_learn``)."""

from . import scikit_learn  # noqa: F401
