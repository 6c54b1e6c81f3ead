"""Runs one benchmark workload on one Python framework and prints one JSON line.

The workload description comes from Myelin's harness (``BenchMain --describe``), so every
framework trains the same model on the same data for the same number of steps. The model is the
spec's ``input_shape`` (one sample, channels-last) and ``layers`` (Keras class names and configs).
The JSON line has the keys of Myelin's own ``RunResult``: framework, version, workload, spec,
repetitions, median, spread, final_loss (the loss over the whole training set after the last
repetition, outside the timed region), peak_rss_kib, env. A workload with a layer this peer cannot
build gives a line with an ``error`` ("unsupported workload ...") instead of a crash.

Usage::

    python peers.py --framework keras-jax|keras-tensorflow|keras-torch|torch --spec JSON
"""

import argparse
import json
import math
import os
import platform
import sys
import time

FRAMEWORKS = ("keras-jax", "keras-tensorflow", "keras-torch", "torch")
TUNING_VARIABLES = (
    "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE", "DNNL_MAX_CPU_ISA", "ONEDNN_MAX_CPU_ISA", "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS", "XLA_FLAGS", "KERAS_BACKEND")


def synthetic(name, rows, data_dir=None):
    """The data set of ``SyntheticData.java``: the same integer formulas, float64, then float32;
    for ``mnist`` with ``data_dir`` (the spec's), the first rows of the real MNIST there."""
    import numpy as np
    i = np.arange(rows, dtype=np.int64)
    if name == "sequences":
        # 80 token ids in [1, 1999] per row (as floats); label 1 when the last id is below 1000
        t = np.arange(80, dtype=np.int64)[None, :]
        h = i[:, None] * 1103 + t * 2579 + 12345
        x = (1 + (h * (h + 7)) % 65521 % 1999).astype(np.float32)
        return x, (x[:, -1:] < 1000).astype(np.float32)
    if name == "circles":
        a = (i * 37 % 101) / 50.0 - 1.0
        b = (i * 59 % 103) / 51.0 - 1.0
        x = np.stack([a, b], axis=1).astype(np.float32)
        y = (a * a + b * b < 0.5).astype(np.float32).reshape(rows, 1)
        return x, y
    if name == "mnist" and data_dir:
        with open(os.path.join(data_dir, "train-images-idx3-ubyte"), "rb") as f:
            img = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)
        with open(os.path.join(data_dir, "train-labels-idx1-ubyte"), "rb") as f:
            labels = np.frombuffer(f.read(), np.uint8, offset=8)
        idx = i % len(img)
        return (img[idx].astype(np.float64) / 255.0).astype(np.float32), labels[idx].astype(np.int64)
    if name == "mnist":
        j = np.arange(784, dtype=np.int64)[None, :]
        c = (i % 10)[:, None]
        t = np.where((c * 97 + j * 13) % 17 < 6, 1.0, 0.0)
        h = i[:, None] * 1103 + j * 2579 + 12345
        k = (h * (h + 7)) % 65521
        x = (0.3 * t + 0.7 * (k / 65520.0)).astype(np.float32)
        g = i // 10
        y = np.where((g * 7 + 3) % 10 == 0, (i % 10 + 1 + g % 9) % 10, i % 10)
        return x, y.astype(np.int64)
    raise ValueError(f"unknown data set {name!r}; expected circles, mnist or sequences")


class UnsupportedWorkload(Exception):
    """The spec names a layer (or a setting of one) that this peer cannot build."""


def keras_model(keras, spec):
    """The spec's model as a keras.Sequential: keras.layers.<class_name>(**config) per layer."""
    layers = [keras.Input(tuple(spec["input_shape"]))]
    for layer in spec["layers"]:
        cls = getattr(keras.layers, layer["class_name"], None)
        if cls is None:
            raise UnsupportedWorkload(f"keras has no layer class {layer['class_name']!r}")
        layers.append(cls(**layer["config"]))
    return keras.Sequential(layers)


def torch_recurrent(nn, cls, features, units):
    """Keras's ``LSTM(units)``/``GRU(units)`` (last step only) as a torch module with Keras's
    initial values: glorot_uniform input weights, orthogonal recurrent weights, zero biases and,
    for the LSTM, a forget-gate bias of 1 (``unit_forget_bias``). torch's GRU is Keras 3's
    ``reset_after=True`` form; its LSTM has two bias vectors where Keras has one (their sum acts
    as Keras's; the second starts at zero), 4 x units more parameters and no more work."""
    rnn = (nn.LSTM if cls == "LSTM" else nn.GRU)(features, units, batch_first=True)
    nn.init.xavier_uniform_(rnn.weight_ih_l0)
    nn.init.orthogonal_(rnn.weight_hh_l0)
    nn.init.zeros_(rnn.bias_ih_l0)
    nn.init.zeros_(rnn.bias_hh_l0)
    if cls == "LSTM":
        nn.init.constant_(rnn.bias_ih_l0[units:2 * units], 1.0)  # torch's gate order: i, f, g, o

    class LastStep(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = rnn

        def forward(self, x):
            return self.rnn(x)[0][:, -1]

    return LastStep()


def torch_model(nn, spec, with_softmax):
    """The spec's model as an nn.Sequential over NCHW images (the data are transposed from the
    spec's NHWC once, outside the timed region), with Keras's glorot_uniform weights and zero biases
    so that the losses compare. A softmax is kept only when ``with_softmax`` (training folds it into
    CrossEntropyLoss)."""
    acts = {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid}
    shape = list(spec["input_shape"])  # channels-last, as the spec; torch's own order is NCHW
    mods = []

    def weighted(mod):
        nn.init.xavier_uniform_(mod.weight)
        nn.init.zeros_(mod.bias)
        mods.append(mod)

    for layer in spec["layers"]:
        cls, c = layer["class_name"], layer["config"]
        if cls == "Dense":
            if len(shape) != 1:
                raise UnsupportedWorkload(f"torch peer: Dense over the unflattened shape {shape}")
            weighted(nn.Linear(shape[0], c["units"]))
            shape = [c["units"]]
        elif cls == "Conv2D":
            (kh, kw), (sh, sw), pad = c["kernel_size"], c.get("strides", [1, 1]), c["padding"]
            if pad not in ("valid", "same") or (pad == "same" and (sh, sw) != (1, 1)):
                raise UnsupportedWorkload(f"torch peer: Conv2D padding {pad!r} with strides {(sh, sw)}")
            weighted(nn.Conv2d(shape[2], c["filters"], (kh, kw), stride=(sh, sw),
                               padding=0 if pad == "valid" else "same"))
            shape = [shape[0] if pad == "same" else (shape[0] - kh) // sh + 1,
                     shape[1] if pad == "same" else (shape[1] - kw) // sw + 1, c["filters"]]
        elif cls == "MaxPooling2D":
            (ph, pw) = c["pool_size"]
            (sh, sw) = c.get("strides") or c["pool_size"]
            if c.get("padding", "valid") != "valid":
                raise UnsupportedWorkload("torch peer: MaxPooling2D with padding other than 'valid'")
            mods.append(nn.MaxPool2d((ph, pw), stride=(sh, sw)))
            shape = [(shape[0] - ph) // sh + 1, (shape[1] - pw) // sw + 1, shape[2]]
        elif cls == "Embedding":
            if len(shape) != 1:
                raise UnsupportedWorkload(f"torch peer: Embedding over the shape {shape}")
            emb = nn.Embedding(c["input_dim"], c["output_dim"])
            nn.init.uniform_(emb.weight, -0.05, 0.05)  # Keras's default embeddings_initializer
            mods.append(emb)
            shape = [shape[0], c["output_dim"]]
        elif cls in ("LSTM", "GRU"):
            if len(shape) != 2:
                raise UnsupportedWorkload(f"torch peer: {cls} over the shape {shape}")
            mods.append(torch_recurrent(nn, cls, shape[1], c["units"]))
            shape = [c["units"]]
        elif cls == "Flatten":
            # torch flattens C, H, W where Keras flattens H, W, C: the next Dense's weights are a
            # permutation of Keras's, the same work and, from random weights, the same training.
            mods.append(nn.Flatten())
            shape = [math.prod(shape)]
        else:
            raise UnsupportedWorkload(f"torch peer: no layer for Keras class {cls!r}")
        a = c.get("activation")
        if a == "softmax":
            if with_softmax:
                mods.append(nn.Softmax(dim=1))
        elif a not in (None, "linear"):
            if a not in acts:
                raise UnsupportedWorkload(f"torch peer: activation {a!r}")
            mods.append(acts[a]())
    return nn.Sequential(*mods)


def to_input(x, spec, channels_first=False):
    """The data's rows as the spec's input shape (NHWC), or NCHW when ``channels_first``."""
    shape = spec["input_shape"]
    x = x.reshape((len(x), *shape))
    if channels_first and len(shape) == 3:
        x = x.transpose(0, 3, 1, 2).copy()
    return x


def quantile(values, q):
    """numpy's default (linear) quantile, as ``Stats.quantile`` in Java."""
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def peak_rss_kib():
    """VmHWM of this process from /proc/self/status, or -1."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def environment(threads, versions):
    """CPU, best vector ISA the CPU reports, threads, versions and the tuning variables."""
    cpu, flags = platform.processor(), set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name") and not cpu.strip(" x86_64"):
                    cpu = line.split(":", 1)[1].strip()
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
    except OSError:
        pass
    isa = next((n for n, f in (("avx512_core_bf16", "avx512_bf16"), ("avx512_core", "avx512f"),
                               ("avx2", "avx2")) if f in flags), "other")
    env = {"cpu": cpu, "cores": os.cpu_count(), "isa": isa, "threads": threads,
           "python": platform.python_version()}
    env.update(versions)
    env["variables"] = {v: os.environ.get(v) for v in TUNING_VARIABLES}
    return env


def train_metrics(spec, seconds):
    """The metrics of one timed training repetition (as ``MyelinRunner.trainMetrics``)."""
    steps = -(-spec["samples"] // spec["batch_size"]) * spec["epochs_per_rep"]
    samples = spec["samples"] * spec["epochs_per_rep"]
    return {"wall_s": seconds, "us_per_step": seconds * 1e6 / steps,
            "samples_per_s": samples / seconds,
            "gflops": samples * spec["train_flops_per_sample"] / seconds / 1e9}


def predict_metrics(spec, call, one, big):
    """Times batch-1 latency (one call at a time) and batch-256 throughput for one repetition."""
    start = time.perf_counter()
    lat = []
    for _ in range(spec["latency_calls"]):
        t0 = time.perf_counter()
        call(one)
        lat.append((time.perf_counter() - t0) * 1e6)
    t0 = time.perf_counter()
    for _ in range(spec["throughput_calls"]):
        call(big)
    tp = time.perf_counter() - t0
    return {"wall_s": time.perf_counter() - start, "p50_us_b1": quantile(lat, 0.5),
            "p99_us_b1": quantile(lat, 0.99),
            "samples_per_s_b256": len(big) * spec["throughput_calls"] / tp}


def run_keras(spec, backend):
    """Keras 3 the idiomatic way: Sequential, compile, fit on arrays, predict_on_batch."""
    os.environ["KERAS_BACKEND"] = backend
    import keras
    import numpy as np
    threads = spec["threads"]
    versions = {"keras": keras.__version__}
    if backend == "tensorflow":
        import tensorflow as tf
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        versions["tensorflow"] = tf.__version__
    elif backend == "torch":
        import torch
        torch.set_num_threads(threads)
        versions["torch"] = torch.__version__
    else:
        import jax
        versions["jax"] = jax.__version__
    keras.utils.set_random_seed(42)
    x, y = synthetic(spec["data"], spec["samples"], spec.get("data_dir"))
    x = to_input(x, spec)
    model = keras_model(keras, spec)
    opt = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam}[spec["optimizer"]]
    model.compile(optimizer=opt(learning_rate=spec["learning_rate"]), loss=spec["loss"])
    reps, loss = [], float("nan")
    if spec["kind"] == "train":
        bs = spec["batch_size"]
        if spec["warmup_epochs"]:
            model.fit(x, y, batch_size=bs, epochs=spec["warmup_epochs"], verbose=0)
        for _ in range(spec["repetitions"]):
            t0 = time.perf_counter()
            model.fit(x, y, batch_size=bs, epochs=spec["epochs_per_rep"], verbose=0)
            reps.append(train_metrics(spec, time.perf_counter() - t0))
        loss = float(model.evaluate(x, y, batch_size=1024, verbose=0))
    else:
        one, big = x[:1], x[:spec["throughput_batch"]]
        for _ in range(max(10, spec["latency_calls"] // 5)):
            model.predict_on_batch(one)
        model.predict_on_batch(big)
        for _ in range(spec["repetitions"]):
            reps.append(predict_metrics(spec, model.predict_on_batch, one, big))
    return "keras-" + backend, keras.__version__, versions, reps, loss


def run_torch(spec):
    """Plain PyTorch eager: nn.Sequential, a DataLoader-free loop over a shuffled index."""
    import torch
    from torch import nn
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(42)
    x_np, y_np = synthetic(spec["data"], spec["samples"], spec.get("data_dir"))
    x, y = torch.from_numpy(to_input(x_np, spec, channels_first=True)), torch.from_numpy(y_np)
    if spec["layers"][0]["class_name"] == "Embedding":
        x = x.long()  # nn.Embedding takes integer ids
    model = torch_model(nn, spec, with_softmax=spec["kind"] == "predict")
    # softmax + sparse categorical cross-entropy is CrossEntropyLoss on the logits in PyTorch.
    loss_fn = {"binary_crossentropy": nn.BCELoss(),
               "sparse_categorical_crossentropy": nn.CrossEntropyLoss()}[spec["loss"]]
    if spec["optimizer"] == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=spec["learning_rate"], eps=1e-7)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=spec["learning_rate"])
    reps, loss = [], float("nan")
    n, bs = spec["samples"], spec["batch_size"]

    def epoch():
        perm = torch.randperm(n)
        for s in range(0, n, bs):
            idx = perm[s:s + bs]
            opt.zero_grad(set_to_none=True)
            loss_fn(model(x[idx]), y[idx]).backward()
            opt.step()

    if spec["kind"] == "train":
        model.train()
        for _ in range(spec["warmup_epochs"]):
            epoch()
        for _ in range(spec["repetitions"]):
            t0 = time.perf_counter()
            for _ in range(spec["epochs_per_rep"]):
                epoch()
            reps.append(train_metrics(spec, time.perf_counter() - t0))
        with torch.no_grad():
            loss = float(loss_fn(model(x), y))
    else:
        model.eval()
        one, big = x[:1], x[:spec["throughput_batch"]]
        with torch.inference_mode():
            for _ in range(max(10, spec["latency_calls"] // 5)):
                model(one)
            model(big)
            for _ in range(spec["repetitions"]):
                reps.append(predict_metrics(spec, model, one, big))
    return "torch", torch.__version__, {"torch": torch.__version__}, reps, loss


def main(argv=None):
    """Parses the command line, runs the workload and prints its JSON line."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--framework", required=True, choices=FRAMEWORKS)
    p.add_argument("--spec", required=True, help="one workload description as JSON")
    a = p.parse_args(argv)
    spec = json.loads(a.spec)
    try:
        if a.framework == "torch":
            name, version, versions, reps, loss = run_torch(spec)
        else:
            name, version, versions, reps, loss = run_keras(spec, a.framework.split("-", 1)[1])
    except UnsupportedWorkload as e:
        # compare.py reports a line with "error" as this framework's failed run, not a crash
        sys.stdout.write(json.dumps({"framework": a.framework, "workload": spec["name"],
                                     "error": f"unsupported workload {spec['name']!r}: {e}"}) + "\n")
        return
    keys = list(reps[0])
    result = {
        "framework": name, "version": version, "workload": spec["name"], "spec": spec,
        "repetitions": reps,
        "median": {k: quantile([r[k] for r in reps], 0.5) for k in keys},
        "spread": {k: [min(r[k] for r in reps), max(r[k] for r in reps)] for k in keys},
        "final_loss": None if loss != loss else loss,
        "peak_rss_kib": peak_rss_kib(),
        "env": environment(spec["threads"], versions),
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
