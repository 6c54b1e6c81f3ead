"""Keras's ``keras.utils`` for book code: ``to_categorical``, ``normalize`` (numpy, as Keras computes
them) and ``plot_model`` (through pydot and Graphviz, as Keras: without them an ``ImportError``)."""

import sys

import numpy as np


def to_categorical(x, num_classes=None):
    """One-hot rows of the integer labels ``x`` (float64, as Keras 3 returns), ``num_classes``
    columns (default ``max(x) + 1``); a trailing dimension of size 1 is dropped first."""
    x = np.asarray(x, dtype="int64")
    shape = x.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    x = x.reshape(-1)
    if num_classes is None:
        num_classes = int(x.max()) + 1 if x.size else 0
    if x.size and (x.min() < 0 or x.max() >= num_classes):
        raise ValueError(f"to_categorical: argument 'x' expected labels in [0, {num_classes}) "
                         f"but had {int(x.min())}..{int(x.max())}")
    out = np.zeros((x.size, num_classes))
    out[np.arange(x.size), x] = 1
    return out.reshape(shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """``x`` divided by its ``order``-norm along ``axis`` (zero norms left at zero), as Keras."""
    x = np.asarray(x)
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis)


def _pydot():
    try:
        import pydot
    except ImportError:
        return None
    try:
        pydot.Dot.create(pydot.Dot())  # runs Graphviz's dot: missing tools raise here
    except Exception:
        return None
    return pydot


def plot_model(model, to_file="model.png", show_shapes=False, show_layer_names=True, rankdir="TB",
               dpi=200, **kwargs):
    """Draws the model's layer graph into ``to_file`` (its extension picks the format: png, svg,
    dot, ...) with pydot and Graphviz. Without them it raises ``ImportError`` as Keras does (in
    IPython Keras prints the message instead, and so does this)."""
    pydot = _pydot()
    if pydot is None:
        message = ("You must install pydot (`pip install pydot`) and Graphviz (https://graphviz.org, "
                   "e.g. `apt-get install graphviz`) for `plot_model` to work.")
        if "IPython.core.magics.namespace" in sys.modules:
            print(message)
            return None
        raise ImportError(message)
    dot = pydot.Dot(graph_type="digraph", rankdir=rankdir, dpi=dpi)
    ids = {}
    for layer in model.layers:
        label = f"{layer.name}: {type(layer).__name__}" if show_layer_names else type(layer).__name__
        if show_shapes:
            try:
                label += f"\\n{layer.input_shape} -> {layer.output_shape}"
            except Exception:  # a layer without a graph position (an unbuilt Sequential)
                pass
        ids[layer.name] = str(len(ids))
        dot.add_node(pydot.Node(ids[layer.name], label=label, shape="record"))
    for layer in model._java.layers():
        # An edge from the layer that made each input of each of the layer's calls.
        for node in layer.inboundNodes():
            for t in node.inputs():
                source = t.node()
                if source is not None and str(source.layer().name()) in ids:
                    dot.add_edge(pydot.Edge(ids[str(source.layer().name())], ids[str(layer.name())]))
    ext = str(to_file).rsplit(".", 1)[-1] if "." in str(to_file) else "png"
    dot.write(str(to_file), format="raw" if ext == "dot" else ext)
    return None
