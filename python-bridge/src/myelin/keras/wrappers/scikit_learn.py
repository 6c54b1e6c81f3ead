"""Keras 2's ``keras.wrappers.scikit_learn``: ``KerasClassifier``/``KerasRegressor`` (the book's
``KerasClassifier(build_fn=create_model, epochs=10, batch_size=5, verbose=0)`` in scikit-learn's
``cross_val_score``) over ``dev.myelin.data.wrappers``: each ``fit`` calls ``build_fn`` for a new
compiled model, as Keras does."""

import jpype
import numpy as np

from ..._errors import java_errors

_FIT = ("epochs", "batch_size", "verbose")


class _Wrapper:
    _java_class = None

    def __init__(self, build_fn=None, **sk_params):
        if build_fn is None or not callable(build_fn):
            raise TypeError(f"{type(self).__name__}: argument 'build_fn' expected a function "
                            f"returning a compiled model but was {build_fn!r}")
        unknown = sorted(set(sk_params) - set(_FIT))
        if unknown:
            raise TypeError(f"{type(self).__name__}: unknown arguments {unknown} "
                            f"(it takes build_fn, {', '.join(_FIT)})")
        self.build_fn = build_fn
        self.sk_params = sk_params
        self._java = None
        self._built = []

    def get_params(self, deep=True):
        """scikit-learn's estimator protocol (``clone``, ``cross_val_score``)."""
        return {"build_fn": self.build_fn, **self.sk_params}

    def set_params(self, **params):
        for k, v in params.items():
            if k == "build_fn":
                self.build_fn = v
            else:
                self.sk_params[k] = v
        return self

    def _supplier(self):
        def build():
            model = self.build_fn()
            self._built[:] = [model]
            return model._java

        return jpype.JProxy("java.util.function.Supplier", dict={"get": build})

    @java_errors
    def fit(self, x, y, **kwargs):
        """Builds a new model with ``build_fn`` and fits it on the rows ``x`` and targets ``y``."""
        self.set_params(**kwargs)
        w = jpype.JClass(self._java_class)(self._supplier())
        if "epochs" in self.sk_params:
            w.epochs(int(self.sk_params["epochs"]))
        if "batch_size" in self.sk_params:
            w.batchSize(int(self.sk_params["batch_size"]))
        w.verbose(int(self.sk_params.get("verbose", 1)))
        try:
            w.fit(_rows(x), _values(y))
        finally:
            for m in self._built:
                m._out.flush_to_python()
        self._java = w
        return self

    @property
    def model(self):
        """The Python model the last ``fit`` trained."""
        return self._built[0] if self._built else None

    def _fitted(self):
        if self._java is None:
            raise RuntimeError(f"{type(self).__name__}: call fit before predicting")
        return self._java

    @java_errors
    def predict(self, x):
        return np.asarray(self._fitted().predict(_rows(x)))

    @java_errors
    def score(self, x, y):
        return float(self._fitted().score(_rows(x), _values(y)))


class KerasClassifier(_Wrapper):
    """A classifier for scikit-learn over a Keras model (``dev.myelin.data.wrappers.KerasClassifier``):
    ``predict`` gives class labels, ``predict_proba`` probabilities, ``score`` the accuracy."""

    _java_class = "dev.myelin.data.wrappers.KerasClassifier"
    _estimator_type = "classifier"

    @property
    def classes_(self):
        return np.asarray(self._fitted().classes())

    @java_errors
    def predict_proba(self, x):
        return np.asarray(self._fitted().predictProba(_rows(x)))


class KerasRegressor(_Wrapper):
    """A regressor for scikit-learn over a Keras model (``dev.myelin.data.wrappers.KerasRegressor``):
    ``score`` is the negated mean squared error, as Keras's wrapper returns the negated loss."""

    _java_class = "dev.myelin.data.wrappers.KerasRegressor"
    _estimator_type = "regressor"


def _rows(x):
    return jpype.JArray(jpype.JDouble, 2)(np.ascontiguousarray(x, dtype=np.float64).reshape(len(x), -1))


def _values(y):
    return jpype.JArray(jpype.JDouble)(np.ascontiguousarray(y, dtype=np.float64).reshape(-1))
