"""plot_model's drawings, read back through the SVG's text and the dot source (not the pixels):
the image is made, every layer appears with its name, class and shapes, and the edges follow the
graph."""

import xml.etree.ElementTree as ET

import pytest

pydot = pytest.importorskip("pydot")


def branching(myelin):
    from myelin.keras import Input, Model, layers

    inp = Input(shape=(4,), name="features")
    a = layers.Dense(3, activation="relu", name="left")(inp)
    b = layers.Dense(5, activation="tanh", name="right")(inp)
    joined = layers.Concatenate(name="joined")([a, b])
    return Model(inputs=inp, outputs=layers.Dense(2, name="head")(joined))


def svg_text(path):
    root = ET.parse(path).getroot()
    return [t.text or "" for t in root.iter() if t.tag.endswith("}text") or t.tag == "text"]


def needs_graphviz(myelin):
    from myelin.keras import utils

    if utils._pydot() is None:
        pytest.skip("Graphviz's dot is not installed (bin/myelin setup installs it)")


def test_png_is_an_image(myelin, tmp_path):
    from myelin.keras.utils import plot_model

    needs_graphviz(myelin)
    out = tmp_path / "model.png"
    assert plot_model(branching(myelin), to_file=str(out), show_shapes=True) is None
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000


def test_svg_shows_names_classes_and_shapes(myelin, tmp_path):
    from myelin.keras.utils import plot_model

    needs_graphviz(myelin)
    out = tmp_path / "model.svg"
    plot_model(branching(myelin), to_file=str(out), show_shapes=True)
    text = " ".join(svg_text(out))
    for name, cls in [("left", "Dense"), ("right", "Dense"), ("joined", "Concatenate"),
                      ("head", "Dense")]:
        assert f"{name}: {cls}" in text
    for shape in ["(None, 4)", "(None, 3)", "(None, 5)", "(None, 8)", "(None, 2)"]:
        assert shape in text, shape
    # the concatenation's two inputs
    assert "[(None, 3), (None, 5)]" in text


def test_dot_source_has_the_graphs_edges(myelin, tmp_path):
    from myelin.keras.utils import plot_model

    needs_graphviz(myelin)
    out = tmp_path / "model.dot"
    plot_model(branching(myelin), to_file=str(out), rankdir="LR", show_shapes=False)
    (graph,) = pydot.graph_from_dot_file(str(out))
    assert graph.get_rankdir() == "LR"
    names = {}
    for node in graph.get_nodes():
        label = (node.get_label() or "").strip('"')
        if label:
            names[node.get_name().strip('"')] = label.split(":")[0]
    edges = {(names[e.get_source().strip('"')], names[e.get_destination().strip('"')])
             for e in graph.get_edges()}
    assert {("left", "joined"), ("right", "joined"), ("joined", "head")} <= edges
    assert ("features", "left") in edges and ("features", "right") in edges
    assert all("None" not in label for label in names.values())


def test_without_layer_names_only_classes_appear(myelin, tmp_path):
    from myelin.keras.utils import plot_model

    needs_graphviz(myelin)
    out = tmp_path / "model.svg"
    plot_model(branching(myelin), to_file=str(out), show_layer_names=False)
    text = " ".join(svg_text(out))
    assert "Dense" in text and "Concatenate" in text
    assert "left" not in text and "head" not in text


def test_sequential_with_shapes(myelin, tmp_path):
    from myelin.keras import Sequential, layers
    from myelin.keras.utils import plot_model

    needs_graphviz(myelin)
    m = Sequential([layers.Dense(4, activation="tanh", input_shape=(2,), name="hidden"),
                    layers.Dense(1, activation="sigmoid", name="output")])
    out = tmp_path / "seq.svg"
    plot_model(m, to_file=str(out), show_shapes=True)
    text = " ".join(svg_text(out))
    assert "hidden: Dense" in text and "output: Dense" in text
    assert "(None, 2)" in text and "(None, 4)" in text and "(None, 1)" in text
