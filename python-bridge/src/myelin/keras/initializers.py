"""Keras initializers (``initializers.RandomNormal(stddev=0.05)``, ``he_normal``) made from the Java
component registry (``dev.myelin.initializers``); a layer also takes them by name
(``kernel_initializer="zero"``)."""

from ._components import Component, lazy_module


class Initializer(Component):
    """Base of the initializers; ``_java`` is the dev.myelin.initializers.Initializer."""

    _kind = "INITIALIZER"


__getattr__, __dir__ = lazy_module("INITIALIZER", Initializer, globals(), lowercase_aliases=True)
