"""Tests of minidl.viz.draw_graph (the computational-graph diagrams)."""
import subprocess
import sys

import numpy as np
import pytest

from minidl.tensor import Tensor
from minidl.viz import draw_graph, graph_layout

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


def lecture_graph():
    x = Tensor(-2.0, requires_grad=True, name="x")
    y = Tensor(5.0, requires_grad=True, name="y")
    z = Tensor(-4.0, requires_grad=True, name="z")
    return (x + y) * z


def test_draws_one_gate_per_operation_with_values_and_gradients():
    f = lecture_graph()
    f.backward()
    ax = draw_graph(f)
    assert len(ax.patches) == 2  # the + gate and the * gate
    labels = texts(ax)
    for name in ("x", "y", "z"):
        assert name in labels
    for value in ("-2.00", "5.00", "-4.00", "3.00", "-12.00"):  # forward values
        assert value in labels
    assert labels.count("-4.00") >= 3  # z's value, and the gradient of x and of y
    assert "1.00" in labels  # the seed gradient on the output wire


def test_before_backward_only_values_are_shown():
    ax = draw_graph(lecture_graph(), precision=1)
    labels = texts(ax)
    assert "-12.0" in labels and "1.0" not in labels


def test_sigmoid_neuron_of_the_lecture_is_drawn_left_to_right():
    w0, x0, w1, x1, w2 = (Tensor(v, requires_grad=True, name=n) for v, n in
                          [(2.0, "w0"), (-1.0, "x0"), (-3.0, "x1"), (-2.0, "w1"), (-3.0, "w2")])
    f = 1 / (1 + (-(w0 * x0 + w1 * x1 + w2)).exp())
    f.backward()
    fig, ax = plt.subplots()
    assert draw_graph(f, ax=ax, title="neuron") is ax
    assert len(ax.patches) == 8
    xs = sorted(p.center[0] for p in ax.patches)
    assert xs[0] < xs[-1]
    assert "0.73" in texts(ax) and ax.get_title() == "neuron"


def test_tensors_with_many_elements_show_their_shape():
    W = Tensor(np.ones((3, 2)), requires_grad=True, name="W")
    x = Tensor(np.ones((4, 3)), name="X")
    loss = (x @ W).sum()
    loss.backward()
    labels = texts(draw_graph(loss))
    assert "shape (3, 2)" in labels and "shape (4, 2)" in labels


def test_non_tensor_input_is_refused():
    with pytest.raises(TypeError, match="tensor: expected a Tensor"):
        draw_graph(np.ones(3))


def test_importing_minidl_viz_does_not_import_matplotlib():
    code = "import sys, minidl.viz, minidl.tensor; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# -- the layout alone: plain Python, no matplotlib ----------------------------------------------

def neuron():
    w0, x0, w1, x1, w2 = (Tensor(v, requires_grad=True, name=n) for v, n in
                          [(2.0, "w0"), (-1.0, "x0"), (-3.0, "w1"), (-2.0, "x1"), (-3.0, "w2")])
    return 1 / (1 + (-(w0 * x0 + w1 * x1 + w2)).exp())


def test_layout_of_the_lecture_graph():
    f = lecture_graph()
    layout = graph_layout(f)
    names = {t.name or t.op: position for t, position in layout.items()}
    assert names == {"x": (0, 0.0), "y": (0, -1.2), "+": (1, -0.6), "z": (0, -2.4),
                     "*": (2, -1.5)}
    assert list(layout)[-1] is f


def test_layout_puts_every_gate_right_of_its_inputs_and_spreads_each_column():
    f = neuron()
    layout = graph_layout(f)
    for t, (column, row) in layout.items():
        for p in t.parents:
            assert layout[p][0] < column
    columns = {}
    for t, (column, row) in layout.items():
        columns.setdefault(column, []).append(row)
    for rows in columns.values():
        rows.sort()
        assert all(b - a >= 1.0 - 1e-12 for a, b in zip(rows, rows[1:]))


def test_layout_puts_a_constant_just_left_of_and_above_its_gate():
    x = Tensor(3.0, requires_grad=True, name="x")
    f = x * 2.0
    layout = graph_layout(f)
    (constant,) = [t for t in f.parents if t is not x]
    assert layout[constant] == (layout[f][0] - 1, layout[f][1] + 0.9)


def test_drawing_places_the_gates_where_the_layout_says():
    f = neuron()
    f.backward()
    layout = graph_layout(f)
    ax = draw_graph(f)
    gates = sorted((2.0 * column, row) for t, (column, row) in layout.items() if t.parents)
    centres = sorted(tuple(p.center) for p in ax.patches)
    np.testing.assert_allclose(centres, gates)


def test_layout_needs_no_matplotlib_and_refuses_non_tensors():
    code = ("import sys; from minidl.tensor import Tensor; from minidl.viz import graph_layout; "
            "x = Tensor(1.0, requires_grad=True); graph_layout((x * x).exp()); "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
    with pytest.raises(TypeError, match="tensor: expected a Tensor"):
        graph_layout([1.0])
