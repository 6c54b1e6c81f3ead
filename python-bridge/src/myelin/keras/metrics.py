"""Keras metric objects (``metrics.AUC()``, ``metrics.Precision(thresholds=0.5)``) over
dev.myelin.metrics, for ``compile(metrics=[...])`` next to metric names."""

import jpype

from .._errors import java_errors


class Metric:
    _java_class = None

    @java_errors
    def __init__(self, *args):
        self._java = jpype.JClass("dev.myelin.metrics." + self._java_class)(*args)

    def __repr__(self):
        return f"<{type(self).__name__}>"


class AUC(Metric):
    _java_class = "AUC"

    def __init__(self, num_thresholds=200, curve="ROC"):
        curve_enum = getattr(jpype.JClass("dev.myelin.metrics.AUC$Curve"), str(curve).upper())
        super().__init__(jpype.JInt(num_thresholds), curve_enum)


class Precision(Metric):
    _java_class = "Precision"

    def __init__(self, thresholds=0.5):
        super().__init__(jpype.JDouble(thresholds))


class Recall(Metric):
    _java_class = "Recall"

    def __init__(self, thresholds=0.5):
        super().__init__(jpype.JDouble(thresholds))


class TopKCategoricalAccuracy(Metric):
    _java_class = "TopKCategoricalAccuracy"

    def __init__(self, k=5):
        super().__init__(jpype.JInt(k), jpype.JBoolean(False))


class SparseTopKCategoricalAccuracy(Metric):
    _java_class = "TopKCategoricalAccuracy"

    def __init__(self, k=5):
        super().__init__(jpype.JInt(k), jpype.JBoolean(True))


def _simple(name):
    cls = type(name, (Metric,), {"_java_class": name, "__doc__": f"Keras's {name}."})
    cls.__init__ = lambda self: Metric.__init__(self)
    return cls


BinaryAccuracy = _simple("BinaryAccuracy")
CategoricalAccuracy = _simple("CategoricalAccuracy")
SparseCategoricalAccuracy = _simple("SparseCategoricalAccuracy")
