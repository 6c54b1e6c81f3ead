"""Keras regularizers (``regularizers.L2(0.01)``, ``l1_l2``) made from the Java component registry
(``dev.myelin.regularizers``)."""

from ._components import Component, lazy_module


class Regularizer(Component):
    """Base of the regularizers; ``_java`` is the dev.myelin.regularizers.Regularizer."""

    _kind = "REGULARIZER"


__getattr__, __dir__ = lazy_module("REGULARIZER", Regularizer, globals(), lowercase_aliases=True)
