"""Ctrl-C during ``fit``/``evaluate``/``predict``: a ``KeyboardInterrupt`` at the next batch
boundary, the model, the History so far and the JVM intact.

While Java runs a loop, the main thread executes no Python bytecode, so Python's own SIGINT handler
(which only sets a flag for the interpreter to act on) cannot stop it. For the length of the call
the OS-level SIGINT handler is therefore the JVM's (``sun.misc.Signal``), whose handler interrupts
the calling Java thread; the loops check the interrupt at each batch boundary and throw
``dev.myelin.models.LoopInterruptedException``, which becomes ``KeyboardInterrupt`` here. Python's
handler is put back afterwards, so Ctrl-C outside Myelin's loops is plain Python. Only the main
thread does this (Python delivers SIGINT to the main thread alone)."""

import signal
import threading

import jpype

_LOOP_INTERRUPTED = "dev.myelin.models.LoopInterruptedException"


def restore_python_handler():
    """Makes Python's SIGINT handler the OS-level one again (the JVM takes SIGINT for its shutdown
    at start, which turned Ctrl-C into exit status 130 instead of ``KeyboardInterrupt``)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.getsignal(signal.SIGINT))


class Interruptible:
    """Context manager around one Java loop call (``with Interruptible(on_interrupt): ...``):
    SIGINT interrupts the calling Java thread; the loop's ``LoopInterruptedException`` (or a
    ``KeyboardInterrupt`` raised in a Python callback) leaves as a ``KeyboardInterrupt`` on which
    ``on_interrupt(exc)`` has run (it attaches the History)."""

    def __init__(self, on_interrupt=None):
        self._on_interrupt = on_interrupt
        self._signal = None

    def __enter__(self):
        Thread = jpype.JClass("java.lang.Thread")
        # An interrupt left over from a Ctrl-C that reached Python already must not stop this call.
        Thread.interrupted()
        if (threading.current_thread() is threading.main_thread()
                and signal.getsignal(signal.SIGINT) is signal.default_int_handler):
            # A plain Java handler: one calling a Python function would need the GIL in the JVM's
            # signal thread.
            SigintInterrupts = jpype.JClass("dev.myelin.models.SigintInterrupts")
            self._signal = SigintInterrupts.install(Thread.currentThread())
        return self

    def __exit__(self, kind, exc, tb):
        if self._signal is not None:
            self._signal.restore()
            self._signal = None
        interrupted = exc is not None and (
            isinstance(exc, KeyboardInterrupt)
            or (isinstance(exc, jpype.JException) and str(exc.getClass().getName()) == _LOOP_INTERRUPTED))
        if not interrupted:
            return False
        jpype.JClass("java.lang.Thread").interrupted()
        ki = exc if isinstance(exc, KeyboardInterrupt) else KeyboardInterrupt(str(exc.getMessage()))
        if self._on_interrupt is not None:
            self._on_interrupt(ki)
        if ki is exc:
            return False
        raise ki from None

