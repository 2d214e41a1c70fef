"""Computational graphs drawn as circuit diagrams, in the style of the CS231n lecture notes.

Two steps, kept apart: :func:`graph_layout` decides where every tensor of a graph goes (plain
Python, testable without matplotlib), and :func:`draw_graph` draws gates and wires there.
Both read the graph only through :func:`minidl.engine.topological_order` and the public
accessors of a tensor (``parents``, ``op``, ``name``, ``data``, ``grad``).
"""
from __future__ import annotations

import numpy as np

from .._validation import check_bool, check_integer, check_str, describe
from ._checks import check_ax
from ..engine import Node, topological_order

__all__ = ["graph_layout", "draw_graph"]

_GATE_LABELS = {
    "+": "+", "-": "\u2212", "*": "\u00d7", "/": "\u00f7", "**": "**", "@": "@",
    "neg": "\u2212x", "exp": "exp", "log": "log", "tanh": "tanh", "sigmoid": "\u03c3",
    "relu": "relu", "maximum": "max", "sum": "\u03a3", "mean": "mean", "max": "max",
    "reshape": "reshape", "T": "T", "[]": "[ ]", "softmax": "softmax", "log_softmax": "log sm",
    "cross_entropy": "CE", "svm_loss": "SVM", "l2": "L2",
}


def _is_constant(t):
    """A number or array that entered an operation: no inputs, no gradient, no name."""
    return not t.parents and not t.requires_grad and t.name is None


def graph_layout(tensor):
    """Where each tensor of the graph that produced ``tensor`` goes in a circuit diagram.

    Parameters
    ----------
    tensor : Tensor
        The output of the graph.

    Returns
    -------
    dict
        Tensor -> ``(column, row)``, a pair of floats, for every tensor of the graph, inputs
        first (the order of :func:`~minidl.engine.topological_order`). Columns grow to the
        right from 0, rows grow upwards; the output is in the last column.

    Notes
    -----
    Each gate sits one column to the right of its rightmost input (its depth in the graph),
    at the average row of its inputs; the inputs are stacked in the order a depth-first walk
    from the output meets them, 1.2 rows apart, and gates of a column that would come closer
    than one row are spread apart. A constant (a number or array that entered an operation)
    sits one column left of the first gate that uses it and 0.9 rows above it, so that its
    value labels the wire. No matplotlib is needed.

    Examples
    --------
    >>> from minidl.tensor import Tensor
    >>> from minidl.viz import graph_layout
    >>> x = Tensor(-2.0, requires_grad=True, name="x")
    >>> y = Tensor(5.0, requires_grad=True, name="y")
    >>> z = Tensor(-4.0, requires_grad=True, name="z")
    >>> f = (x + y) * z
    >>> layout = graph_layout(f)
    >>> [(t.name or t.op, column) for t, (column, row) in layout.items()]
    [('x', 0), ('y', 0), ('+', 1), ('z', 0), ('*', 2)]
    """
    if not isinstance(tensor, Node):
        raise TypeError(f"tensor: expected a Tensor, got {describe(tensor)}")
    nodes = topological_order(tensor)
    column, row, user = {}, {}, {}
    for t in nodes:
        column[t] = 1 + max((column[p] for p in t.parents if not _is_constant(p)), default=-1)
        for p in t.parents:
            if _is_constant(p):
                user.setdefault(p, t)
    inputs = [t for t in nodes if not t.parents and not _is_constant(t)]
    for i, t in enumerate(inputs):
        row[t] = -1.2 * i
    for t in nodes:
        if t.parents:
            rows = [row[p] for p in t.parents if not _is_constant(p)]
            row[t] = float(np.mean(rows)) if rows else 0.0
        elif t not in row:
            row[t] = 0.0                  # a constant used by nothing (the output itself)
    for p, t in user.items():
        column[p], row[p] = column[t] - 1, row[t] + 0.9
    by_column = {}
    for t in nodes:
        by_column.setdefault(column[t], []).append(t)
    for members in by_column.values():    # spread out what would overlap, top to bottom
        members.sort(key=lambda t: -row[t])
        for upper, lower in zip(members, members[1:]):
            if row[upper] - row[lower] < 1.0:
                row[lower] = row[upper] - 1.0
    return {t: (column[t], row[t]) for t in nodes}


def _format(arr, precision):
    arr = np.asarray(arr)
    if arr.size == 1:
        return f"{arr.item():.{precision}f}"
    return "shape " + str(tuple(arr.shape))


def draw_graph(tensor, ax=None, *, show_grad=True, precision=2, title=None):
    """Draw the computational graph that produced ``tensor`` as a circuit diagram.

    Inputs sit on the left, gates (operations) are circles, and each wire carries the forward
    value of the tensor flowing along it (green, above) and, after ``backward``, its gradient
    (red, below), in the style of the CS231n circuit diagrams. Tensors with more than one
    element show their shape instead of their values.

    Parameters
    ----------
    tensor : Tensor
        The output of the graph. Its inputs are found by following the recorded parents, so
        it must have been computed with ``requires_grad`` inputs outside ``no_grad``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure sized to the graph is made when omitted.
    show_grad : bool, optional
        Print the gradients (those that have been computed). Default True.
    precision : int, optional
        Decimals for the printed numbers. Default 2.
    title : str, optional
        A title for the axes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes holding the diagram.

    Notes
    -----
    The positions come from :func:`graph_layout`. Graphs up to about 30 nodes stay readable.

    Examples
    --------
    >>> from minidl.tensor import Tensor
    >>> from minidl.viz import draw_graph
    >>> x = Tensor(-2.0, requires_grad=True, name="x")
    >>> f = (x * x).tanh()
    >>> f.backward()
    >>> ax = draw_graph(f, title="f = tanh(x x)")
    >>> len(ax.patches), ax.get_title()          # two gates
    (2, 'f = tanh(x x)')
    """
    layout = graph_layout(tensor)
    check_ax(ax)
    check_bool(show_grad, "show_grad")
    precision = check_integer(precision, "precision", minimum=0, maximum=15)
    if title is not None:
        check_str(title, "title")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle

    xscale, radius = 2.0, 0.3
    pos = {t: (xscale * column, row) for t, (column, row) in layout.items()}
    ys = [y for _, y in pos.values()]
    if ax is None:
        ncols = max(column for column, _ in layout.values()) + 1
        height = max(2.5, 1.1 * (max(ys) - min(ys) + 1.5))
        _, ax = plt.subplots(figsize=(2.2 * (ncols + 1), height))
    box = dict(facecolor="white", edgecolor="none", pad=0.3, alpha=0.85)

    def wire(t, start, end):
        """An arrow from ``start`` to ``end`` carrying ``t``'s value and gradient."""
        (x0, y0), (x1, y1) = start, end
        ax.annotate("", xy=end, xytext=start, arrowprops=dict(arrowstyle="->", color="0.3",
                                                              lw=1.0))
        xm, ym = x0 + 0.45 * (x1 - x0), y0 + 0.45 * (y1 - y0)
        ax.text(xm, ym + 0.08, _format(t.data, precision), color="tab:green", ha="center",
                va="bottom", fontsize=9, bbox=box, zorder=5)
        if show_grad and t.grad is not None:
            ax.text(xm, ym - 0.08, _format(t.grad, precision), color="tab:red", ha="center",
                    va="top", fontsize=9, bbox=box, zorder=5)

    def wire_start(t):
        x, y = pos[t]
        return (x + (radius if t.parents else 0.0), y)

    for t, (x, y) in pos.items():
        if t.parents:
            ax.add_patch(Circle((x, y), radius, facecolor="white", edgecolor="black", lw=1.2,
                                zorder=3))
            ax.text(x, y, _GATE_LABELS.get(t.op, t.op), ha="center", va="center", fontsize=10,
                    zorder=4)
            for p in t.parents:
                wire(p, wire_start(p), (x - radius, y))
        elif not _is_constant(t):
            ax.text(x - 0.1, y, t.name or "", ha="right", va="center", fontsize=11,
                    fontweight="bold")
    x, y = pos[tensor]
    end = x + xscale * 0.8
    wire(tensor, wire_start(tensor), (end, y))        # the output wire
    if tensor.name:
        ax.text(end + 0.1, y, tensor.name, ha="left", va="center", fontsize=11,
                fontweight="bold")
    ax.set_xlim(-1.0, end + 0.8)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax
