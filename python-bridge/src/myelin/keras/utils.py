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
    for layer in model._java.layers():
        name = str(layer.name())
        cls = str(layer.getClass().getSimpleName())
        lines = [f"{name}: {cls}" if show_layer_names else cls]
        if show_shapes:
            lines += _shape_lines(layer)
        ids[name] = str(len(ids))
        # A plain box: a "record" shape would read the shapes' "->", "{" and "|" as its own syntax.
        label = "\\n".join(_escape(line) for line in lines)
        dot.add_node(pydot.Node(ids[name], label=f'"{label}"', shape="box"))
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


def _escape(text):
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _shape_text(shapes):
    """Keras 2's spelling: ``(None, 4)``, several as ``[(None, 3), (None, 5)]``."""
    texts = ["(" + ", ".join("None" if d < 0 else str(int(d)) for d in s) + ("," if len(s) == 1 else "")
             + ")" for s in shapes]
    return texts[0] if len(texts) == 1 else "[" + ", ".join(texts) + "]"


def _shape_lines(layer):
    """The input and output shapes of the layer's first call (an unbuilt layer has none)."""
    nodes = list(layer.inboundNodes())
    if not nodes:
        return []
    node = nodes[0]
    ins = [list(t.shape()) for t in node.inputs()]
    outs = [list(t.shape()) for t in node.outputs()]
    if not ins:  # an InputLayer: its output is its input
        ins = outs
    return [f"Input shape: {_shape_text(ins)}", f"Output shape: {_shape_text(outs)}"]
