"""Run by test_interrupt.py: a long fit that the test interrupts with a real SIGINT. Prints one line
per fact the test checks."""

import numpy as np

import myelin
from myelin.keras import Sequential, callbacks, layers

myelin.set_seed(1)
model = Sequential([layers.Dense(32, activation="relu", input_shape=(8,)), layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
x = np.random.default_rng(0).random((4096, 8), dtype=np.float32)
y = x.sum(axis=1, keepdims=True)
ready = callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: epoch == 1 and print("READY", flush=True))
try:
    model.fit(x, y, epochs=100000, batch_size=4, verbose=0, callbacks=[ready])
    print("FINISHED", flush=True)
except KeyboardInterrupt as e:
    print("INTERRUPTED", len(e.history.epoch), len(model.history.history["loss"]), flush=True)
weights = model.get_weights()
print("EVALUATE", model.evaluate(x[:64], y[:64], verbose=0), flush=True)
h = model.fit(x[:64], y[:64], epochs=2, verbose=0)
print("FIT AGAIN", len(h.history["loss"]), flush=True)
try:
    import time

    print("SLEEPING", flush=True)
    time.sleep(60)
except KeyboardInterrupt:
    print("PYTHON INTERRUPTED", flush=True)
