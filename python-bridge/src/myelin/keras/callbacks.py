"""Keras callbacks: Python subclasses of ``Callback`` (hooks called from Java's fit loop), and every
Java callback of the component registry (EarlyStopping, ReduceLROnPlateau, ModelCheckpoint,
CSVLogger, TensorBoard, TerminateOnNaN, ...) under its Keras name with Keras's keywords."""

import jpype

from ._components import Component, lazy_module


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


class JavaCallback(Component, Callback):
    """A Java callback of the registry (EarlyStopping, ModelCheckpoint, TensorBoard, ...), built
    through its ``fromConfig`` from Keras's keywords; ``_java`` is the dev.myelin.callbacks object."""

    _kind = "CALLBACK"

    def _to_java(self, model):
        return self._java


class EarlyStopping(JavaCallback):
    """Keras's EarlyStopping (``monitor``, ``min_delta``, ``patience``, ``verbose``, ``mode``,
    ``baseline``, ``restore_best_weights``) over dev.myelin.callbacks.EarlyStopping."""

    _class_name = "EarlyStopping"

    @property
    def stopped_epoch(self):
        return int(self._java.stoppedEpoch())


class LearningRateScheduler(Callback):
    """Keras's LearningRateScheduler: ``schedule(epoch, lr) -> new lr`` (or ``schedule(epoch)``)
    is called at each epoch's begin through dev.myelin.callbacks.LearningRateScheduler."""

    def __init__(self, schedule, verbose=0):
        if not callable(schedule):
            raise TypeError(f"LearningRateScheduler: argument 'schedule' expected a function of "
                            f"(epoch, lr) but was {schedule!r}")
        self.schedule = schedule
        self.verbose = int(verbose)

    def _call(self, epoch, lr):
        try:
            return float(self.schedule(int(epoch), float(lr)))
        except TypeError:  # Keras also accepts a schedule of the epoch alone
            return float(self.schedule(int(epoch)))

    def _to_java(self, model):
        self.set_model(model)
        fn = jpype.JProxy("java.util.function.BiFunction",
                          dict={"apply": lambda e, lr: jpype.JClass("java.lang.Double")(self._call(e, lr))})
        return jpype.JClass("dev.myelin.callbacks.LearningRateScheduler")(fn, jpype.JInt(self.verbose))


# Not Python classes: History (models.History is fit's result), LambdaCallback and Callback (the
# Python ones above), CallbackList and ProgbarLogger (fit's own machinery).
_NOT_EXPOSED = ("History", "LambdaCallback", "CallbackList", "ProgbarLogger")
__getattr__, __dir__ = lazy_module("CALLBACK", JavaCallback, globals(), skip=_NOT_EXPOSED)


def to_java(callback, model):
    if isinstance(callback, Callback):
        return callback._to_java(model)
    if isinstance(callback, jpype.JClass("dev.myelin.callbacks.Callback")):
        return callback
    raise TypeError(f"myelin: callbacks must be myelin.keras.callbacks.Callback instances, got {callback!r}")
