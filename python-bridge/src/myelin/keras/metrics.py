"""Keras metric objects (``metrics.AUC()``, ``metrics.Precision(thresholds=0.5)``) made from the Java
component registry (``dev.myelin.metrics``), for ``compile(metrics=[...])`` next to metric names."""

from ._components import Component, lazy_module


class Metric(Component):
    """Base of the metrics; ``_java`` is the dev.myelin.metrics.Metric."""

    _kind = "METRIC"


__getattr__, __dir__ = lazy_module("METRIC", Metric, globals())
