"""Keras-shaped API over Myelin's Java Keras (``dev.myelin.models``, ``layers``, ...). The component
modules (layers, initializers, regularizers, constraints, activations, losses, metrics, optimizers,
callbacks) are made from the Java component registry on first use."""

from . import (activations, backend, callbacks, constraints, initializers, layers, losses, metrics,
               optimizers, regularizers, utils, wrappers)
from .layers import Input
from . import models
from .models import History, Model, Sequential, load_model, model_from_json


def clear_session():
    """Keras's ``K.clear_session()``: resets layer-name counters."""
    import jpype

    jpype.JClass("dev.myelin.models.Models").clearSession()


def use_keras2_conventions(on=True):
    """The book's Keras 2.2 names (``dense_1``, ``acc``) instead of Keras 3's."""
    import jpype

    jpype.JClass("dev.myelin.models.Models").useKeras2Conventions(bool(on))


__all__ = ["Sequential", "Model", "Input", "History", "models", "load_model", "model_from_json",
           "layers", "optimizers", "losses", "metrics", "callbacks", "activations", "initializers",
           "regularizers", "constraints", "utils", "backend", "wrappers", "clear_session",
           "use_keras2_conventions"]
