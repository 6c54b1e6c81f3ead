"""Python batch sources as a Java ``dev.myelin.models.Dataset`` for ``fit``/``evaluate``: a Keras
``PyDataset``/``Sequence`` (``len`` and ``[i]``) or a generator of ``(x, y)`` / ``(x, y,
sample_weight)`` tuples, as Keras's ``fit(x)`` takes them. Each batch crosses zero-copy, as
``fit``'s arrays do; Java casts and checks it before its step."""

import jpype

from ._convert import as_tensor, as_tensors


def is_batch_source(x):
    """Whether ``x`` is something ``fit`` draws batches from rather than an array."""
    if isinstance(x, jpype.JClass("dev.myelin.models.Dataset")):
        return True
    if hasattr(x, "__next__"):
        return True
    return hasattr(x, "__getitem__") and hasattr(x, "__len__") and hasattr(x, "on_epoch_end")


def _batch(item, what):
    if not isinstance(item, tuple) or len(item) not in (2, 3):
        raise ValueError(f"{what}: expected each batch as a tuple (x, y) or (x, y, sample_weight) "
                         f"but got {type(item).__name__}")
    T = jpype.JArray(jpype.JClass("dev.myelin.Tensor"))

    def arr(v, name):
        t = as_tensors(v, name)
        return t if isinstance(t, jpype.JArray) else T([t])

    sw = as_tensor(item[2], "sample_weight") if len(item) == 3 else None
    return jpype.JClass("dev.myelin.models.Batch")(arr(item[0], "x"), arr(item[1], "y"), sw)


class _Sequence:
    """A PyDataset / Sequence: batch i is ``x[i]``; ``on_epoch_end`` runs between passes."""

    def __init__(self, x, what):
        self.x, self.what, self.begun = x, what, False

    def steps(self):
        return len(self.x)

    def samples(self):
        return -1

    def onEpochBegin(self, epoch):
        if self.begun and hasattr(self.x, "on_epoch_end"):
            self.x.on_epoch_end()
        self.begun = True

    def batch(self, step):
        return _batch(self.x[int(step)], self.what)


class _Generator:
    """A generator: one pass of ``steps`` batches drawn in order (``next``), never restarted, as
    Keras draws ``steps_per_epoch * epochs`` batches from an endless generator."""

    def __init__(self, x, steps, what):
        self.x, self.n, self.what, self.drawn = x, steps, what, 0  # n: steps * epochs

    def steps(self):
        return self.n

    def samples(self):
        return -1

    def onEpochBegin(self, epoch):
        pass

    def batch(self, step):
        try:
            item = next(self.x)
        except StopIteration:
            raise ValueError(f"{self.what}: the generator ran out after {self.drawn} batches; it "
                             f"must yield {self.n} batches") from None
        self.drawn += 1
        return _batch(item, self.what)


def as_dataset(x, what, steps=None, epochs=1, steps_arg="steps_per_epoch"):
    """``x`` as a Java Dataset (see ``is_batch_source``); a generator needs ``steps`` (the batches
    of an epoch, the caller's argument ``steps_arg``) to know how many it will be asked for."""
    if isinstance(x, jpype.JClass("dev.myelin.models.Dataset")):
        return x
    if hasattr(x, "__next__"):
        if steps is None:
            raise ValueError(f"{what}: a generator needs {steps_arg}: Myelin must know how many "
                             f"batches it will draw")
        impl = _Generator(x, int(steps) * int(epochs), what)
    else:
        impl = _Sequence(x, what)
    return jpype.JProxy("dev.myelin.models.Dataset", inst=impl)
