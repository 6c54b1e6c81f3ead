"""Keras callbacks: Python subclasses of ``Callback`` (hooks called from Java's fit loop) and
wrappers of Myelin's Java callbacks (EarlyStopping, ModelCheckpoint, ...)."""

import pathlib

import jpype

from .._errors import java_errors
from ._convert import apply_kwargs, registered_keywords


def logs_dict(jmap):
    if jmap is None:
        return {}
    return {str(e.getKey()): float(e.getValue()) for e in jmap.entrySet()}


class Callback:
    """Subclass and override ``on_epoch_end(epoch, logs)`` etc.; ``self.model`` is the Python model.
    Only the hooks a subclass overrides are called from Java (batch hooks cost a call per batch)."""

    model = None
    params = None

    def set_model(self, model):
        self.model = model

    def on_train_begin(self, logs=None): pass
    def on_train_end(self, logs=None): pass
    def on_epoch_begin(self, epoch, logs=None): pass
    def on_epoch_end(self, epoch, logs=None): pass
    def on_batch_begin(self, batch, logs=None): pass
    def on_batch_end(self, batch, logs=None): pass
    on_train_batch_begin = on_batch_begin
    on_train_batch_end = on_batch_end

    def _to_java(self, model):
        self.set_model(model)
        lc = jpype.JClass("dev.myelin.callbacks.LambdaCallback")()

        def overridden(name):
            return getattr(type(self), name) is not getattr(Callback, name)

        def bi(fn):
            return jpype.JProxy("java.util.function.BiConsumer",
                                dict={"accept": lambda i, logs: fn(int(i), logs_dict(logs))})

        def uni(fn):
            return jpype.JProxy("java.util.function.Consumer",
                                dict={"accept": lambda logs: fn(logs_dict(logs))})

        if overridden("on_epoch_begin"):
            lc.onEpochBegin(bi(self.on_epoch_begin))
        if overridden("on_epoch_end"):
            lc.onEpochEnd(bi(self.on_epoch_end))
        if overridden("on_batch_begin") or overridden("on_train_batch_begin"):
            f = self.on_train_batch_begin if overridden("on_train_batch_begin") else self.on_batch_begin
            lc.onBatchBegin(bi(f))
        if overridden("on_batch_end") or overridden("on_train_batch_end"):
            f = self.on_train_batch_end if overridden("on_train_batch_end") else self.on_batch_end
            lc.onBatchEnd(bi(f))
        if overridden("on_train_begin"):
            lc.onTrainBegin(uni(self.on_train_begin))
        if overridden("on_train_end"):
            lc.onTrainEnd(uni(self.on_train_end))
        return lc


class LambdaCallback(Callback):
    """Keras's LambdaCallback(on_epoch_end=lambda epoch, logs: ...)."""

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None,
                 on_batch_end=None, on_train_begin=None, on_train_end=None):
        self._hooks = dict(on_epoch_begin=on_epoch_begin, on_epoch_end=on_epoch_end,
                           on_batch_begin=on_batch_begin, on_batch_end=on_batch_end,
                           on_train_begin=on_train_begin, on_train_end=on_train_end)

    def _to_java(self, model):
        self.set_model(model)
        lc = jpype.JClass("dev.myelin.callbacks.LambdaCallback")()
        h = self._hooks
        for name, setter in (("on_epoch_begin", lc.onEpochBegin), ("on_epoch_end", lc.onEpochEnd),
                             ("on_batch_begin", lc.onBatchBegin), ("on_batch_end", lc.onBatchEnd)):
            if h[name] is not None:
                fn = h[name]
                setter(jpype.JProxy("java.util.function.BiConsumer",
                                    dict={"accept": lambda i, logs, fn=fn: fn(int(i), logs_dict(logs))}))
        for name, setter in (("on_train_begin", lc.onTrainBegin), ("on_train_end", lc.onTrainEnd)):
            if h[name] is not None:
                fn = h[name]
                setter(jpype.JProxy("java.util.function.Consumer",
                                    dict={"accept": lambda logs, fn=fn: fn(logs_dict(logs))}))
        return lc


class _JavaCallback(Callback):
    _java_class = None

    @java_errors
    def __init__(self, *args, **kwargs):
        self._java = jpype.JClass(self._java_class)(*args)
        allowed = registered_keywords("CALLBACK", self._java_class.rsplit(".", 1)[1])
        apply_kwargs(self._java, kwargs, allowed, type(self).__name__)

    def _to_java(self, model):
        return self._java


class EarlyStopping(_JavaCallback):
    _java_class = "dev.myelin.callbacks.EarlyStopping"

    @property
    def stopped_epoch(self):
        return int(self._java.stoppedEpoch())


class ReduceLROnPlateau(_JavaCallback):
    _java_class = "dev.myelin.callbacks.ReduceLROnPlateau"


class TerminateOnNaN(_JavaCallback):
    _java_class = "dev.myelin.callbacks.TerminateOnNaN"


class ModelCheckpoint(_JavaCallback):
    _java_class = "dev.myelin.callbacks.ModelCheckpoint"

    def __init__(self, filepath, **kwargs):
        path = jpype.JClass("java.nio.file.Path").of(str(pathlib.Path(filepath)), jpype.JArray(jpype.JString)([]))
        super().__init__(path, **kwargs)


class CSVLogger(_JavaCallback):
    _java_class = "dev.myelin.callbacks.CSVLogger"

    def __init__(self, filename, separator=",", append=False):
        path = jpype.JClass("java.nio.file.Path").of(str(pathlib.Path(filename)), jpype.JArray(jpype.JString)([]))
        super().__init__(path, jpype.JString(separator), jpype.JBoolean(append))


def to_java(callback, model):
    if isinstance(callback, Callback):
        return callback._to_java(model)
    if isinstance(callback, jpype.JClass("dev.myelin.callbacks.Callback")):
        return callback
    raise TypeError(f"myelin: callbacks must be myelin.keras.callbacks.Callback instances, got {callback!r}")
