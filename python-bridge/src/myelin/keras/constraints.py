"""Keras constraints (``constraints.MaxNorm(3)``, ``non_neg``) made from the Java component registry
(``dev.myelin.constraints``)."""

from ._components import Component, lazy_module


class Constraint(Component):
    """Base of the constraints; ``_java`` is the dev.myelin.constraints.Constraint."""

    _kind = "CONSTRAINT"


__getattr__, __dir__ = lazy_module("CONSTRAINT", Constraint, globals(), lowercase_aliases=True)
