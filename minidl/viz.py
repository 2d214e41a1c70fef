"""Matplotlib helpers for the book's figures.

matplotlib is imported inside each function, so ``import minidl`` never needs it. Every helper
draws into an ``ax`` it is given (or a new figure) and returns the ``matplotlib.axes.Axes``.
"""
from __future__ import annotations

import numpy as np

from ._validation import describe

__all__ = ["draw_graph"]

_GATE_LABELS = {
    "+": "+", "-": "\u2212", "*": "\u00d7", "/": "\u00f7", "**": "**", "@": "@",
    "neg": "\u2212x", "exp": "exp", "log": "log", "tanh": "tanh", "sigmoid": "\u03c3",
    "relu": "relu", "maximum": "max", "sum": "\u03a3", "mean": "mean", "max": "max", "reshape": "reshape",
    "T": "T", "[]": "[ ]", "softmax": "softmax", "log_softmax": "log sm",
    "cross_entropy": "CE", "svm_loss": "SVM", "l2": "L2",
}


def _format(arr, precision):
    arr = np.asarray(arr)
    if arr.size == 1:
        return f"{arr.item():.{precision}f}"
    return "shape " + str(tuple(arr.shape))


def _graph_nodes(root):
    """Every tensor reachable from ``root`` (constants included), oldest first."""
    seen = {root}
    stack = [root]
    nodes = []
    while stack:
        node = stack.pop()
        nodes.append(node)
        for p in node._parents:
            if p not in seen:
                seen.add(p)
                stack.append(p)
    nodes.sort(key=lambda t: t._id)
    return nodes


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
    The layout puts each gate one column to the right of its rightmost input (its depth in the
    graph) and each gate at the average height of its inputs, then spreads out gates of the
    same column that would overlap. Graphs up to about 30 nodes stay readable.

    Examples
    --------
    >>> from minidl.tensor import Tensor
    >>> from minidl.viz import draw_graph
    >>> x = Tensor(-2.0, requires_grad=True, name="x")
    >>> y = Tensor(5.0, requires_grad=True, name="y")
    >>> z = Tensor(-4.0, requires_grad=True, name="z")
    >>> f = (x + y) * z
    >>> f.backward()
    >>> ax = draw_graph(f)
    >>> len(ax.patches)          # two gates
    2
    """
    from .tensor import Tensor

    if not isinstance(tensor, Tensor):
        raise TypeError(f"tensor: expected a Tensor, got {describe(tensor)}")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle

    nodes = _graph_nodes(tensor)

    def is_const(t):
        return not t._parents and not t.requires_grad and t.name is None

    # Column = longest path from an input; a constant sits just left of the gate using it.
    col = {}
    for t in nodes:
        col[t] = 1 + max((col[p] for p in t._parents if not is_const(p)), default=-1)
    consumer = {}
    for t in nodes:
        for p in t._parents:
            if is_const(p):
                consumer.setdefault(p, t)
    for p, t in consumer.items():
        col[p] = col[t] - 1
    # Row: inputs in the order a depth-first walk from the output meets them.
    row = {}
    leaves = []
    stack = [tensor]
    visited = set()
    while stack:
        t = stack.pop()
        if t in visited:
            continue
        visited.add(t)
        if not t._parents and not is_const(t):
            leaves.append(t)
        stack.extend(reversed(t._parents))
    for i, t in enumerate(leaves):
        row[t] = -1.2 * i
    for t in nodes:
        if t._parents:
            rows = [row[p] for p in t._parents if not is_const(p)]
            row[t] = float(np.mean(rows)) if rows else 0.0
        elif is_const(t) and t not in consumer:
            row[t] = 0.0
    for p, t in consumer.items():
        row[p] = row[t] + 0.9
    # Spread nodes of a column apart.
    by_col = {}
    for t in nodes:
        by_col.setdefault(col[t], []).append(t)
    for members in by_col.values():
        members.sort(key=lambda t: -row[t])
        for upper, lower in zip(members, members[1:]):
            if row[upper] - row[lower] < 1.0:
                row[lower] = row[upper] - 1.0

    ncols = max(col.values()) + 1
    ys = [row[t] for t in nodes]
    if ax is None:
        height = max(2.5, 1.1 * (max(ys) - min(ys) + 1.5))
        _, ax = plt.subplots(figsize=(2.2 * (ncols + 1), height))
    xscale = 2.0
    radius = 0.3

    def pos(t):
        return xscale * col[t], row[t]

    def wire_labels(t, x0, y0, x1, y1):
        xm, ym = x0 + 0.45 * (x1 - x0), y0 + 0.45 * (y1 - y0)
        box = dict(facecolor="white", edgecolor="none", pad=0.3, alpha=0.85)
        ax.text(xm, ym + 0.08, _format(t.data, precision), color="tab:green", ha="center",
                va="bottom", fontsize=9, bbox=box, zorder=5)
        if show_grad and t.grad is not None:
            ax.text(xm, ym - 0.08, _format(t.grad, precision), color="tab:red", ha="center",
                    va="top", fontsize=9, bbox=box, zorder=5)

    for t in nodes:
        x, y = pos(t)
        if t._parents:
            ax.add_patch(Circle((x, y), radius, facecolor="white", edgecolor="black", lw=1.2,
                                zorder=3))
            ax.text(x, y, _GATE_LABELS.get(t._op, t._op), ha="center", va="center",
                    fontsize=10, zorder=4)
            for p in t._parents:
                px, py = pos(p)
                start = px + (radius if p._parents else 0.0)
                ax.annotate("", xy=(x - radius, y), xytext=(start, py),
                            arrowprops=dict(arrowstyle="->", color="0.3", lw=1.0))
                wire_labels(p, start, py, x - radius, y)
        else:
            if not is_const(t):
                ax.text(x - 0.1, y, t.name or "", ha="right", va="center", fontsize=11,
                        fontweight="bold")
    # The output wire.
    x, y = pos(tensor)
    end = x + xscale * 0.8
    start = x + (radius if tensor._parents else 0.0)
    ax.annotate("", xy=(end, y), xytext=(start, y),
                arrowprops=dict(arrowstyle="->", color="0.3", lw=1.0))
    wire_labels(tensor, start, y, end, y)
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


# --- Optimizer trajectories (minidl.optim, minidl.landscapes) -------------------------------

__all__ += ["plot_trajectories", "animate_trajectories"]


def _check_paths(paths):
    """Return ``paths`` as a dict of name -> float array (T, 2), checking each."""
    if not isinstance(paths, dict) or not paths:
        raise TypeError(f"paths: expected a non-empty dict of name -> array of shape (T, 2), "
                        f"got {describe(paths)}")
    checked = {}
    for name, path in paths.items():
        arr = np.asarray(path, dtype=float) if not isinstance(path, str) else None
        if arr is None or arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] == 0:
            got = describe(path) if arr is None else f"shape {arr.shape}"
            raise ValueError(f"paths[{name!r}]: expected an array of shape (T, 2) with T >= 1, "
                             f"got {got}")
        checked[str(name)] = arr
    return checked


def _landscape_background(landscape, ax, resolution):
    """Log-spaced contour lines of ``landscape`` over its bounds, its minimum as a star."""
    X, Y, Z = landscape.grid(resolution=resolution)
    low = float(Z.min())
    span = float(Z.max()) - low
    levels = low + np.geomspace(max(span * 1e-4, 1e-6), span, 16)
    ax.contour(X, Y, Z, levels=levels, cmap="Greys_r", linewidths=0.6, alpha=0.8)
    if landscape.minimum is not None:
        ax.plot(*landscape.minimum, "*", color="gold", mec="k", ms=13, zorder=5)
    (x0, x1), (y0, y1) = landscape.bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_title(getattr(landscape, "name", type(landscape).__name__))


def plot_trajectories(landscape, paths, ax=None, *, resolution=150, legend=True):
    """Draw optimizer paths over the contour lines of a 2-D landscape.

    Parameters
    ----------
    landscape : minidl.landscapes.Landscape
        The function the optimizers ran on; its ``bounds`` set the window.
    paths : dict
        Name (the legend label) to path, an array of shape (T, 2) such as the output of
        :func:`minidl.landscapes.run`. Paths may have different lengths.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new 6 x 4.5 inch figure when omitted.
    resolution : int, optional
        Grid points per axis for the contour lines. Default 150.
    legend : bool, optional
        Draw a legend. Default True.

    Returns
    -------
    matplotlib.axes.Axes
        The axes, with the contour lines, one line per path (a dot at its start, a cross at
        its end) and the minimum as a star.

    Examples
    --------
    >>> from minidl.landscapes import Valley, run
    >>> from minidl.optim import SGD
    >>> from minidl.viz import plot_trajectories
    >>> f = Valley()
    >>> ax = plot_trajectories(f, {"SGD": run(SGD, f, steps=20, lr=0.3)})
    >>> len(ax.get_lines())   # the minimum; the path, its start and its end
    4
    """
    import matplotlib.pyplot as plt

    paths = _check_paths(paths)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5))
    _landscape_background(landscape, ax, resolution)
    for name, path in paths.items():
        (line,) = ax.plot(path[:, 0], path[:, 1], "-", lw=1.6, alpha=0.85, label=name,
                          zorder=3)
        ax.plot(path[0, 0], path[0, 1], "o", color=line.get_color(), ms=5, zorder=4)
        ax.plot(path[-1, 0], path[-1, 1], "X", color=line.get_color(), mec="k", mew=0.5,
                ms=7, zorder=6)

    if legend:
        ax.legend(loc="best", fontsize=8)
    return ax


def animate_trajectories(landscape, paths, *, frames=30, interval=100, resolution=120,
                         figsize=(6, 4.5), dpi=72):
    """Animate optimizer paths moving over a 2-D landscape, all started together.

    Parameters
    ----------
    landscape : minidl.landscapes.Landscape
        The function the optimizers ran on.
    paths : dict
        Name to path of shape (T, 2), as for :func:`plot_trajectories`.
    frames : int, optional
        Number of frames, >= 2; frame ``k`` shows each path up to step
        ``round(k (T_max - 1) / (frames - 1))``. Few frames keep the page light. Default 30.
    interval : int, optional
        Milliseconds between frames. Default 100.
    resolution : int, optional
        Grid points per axis for the contour lines. Default 120.
    figsize : tuple, optional
        Figure size in inches. Default (6, 4.5).
    dpi : int, optional
        Resolution of the frames; with ``figsize`` it sets the size of the embedded page.
        Default 72.

    Returns
    -------
    matplotlib.animation.FuncAnimation
        The animation. In a notebook, ``HTML(animation_html(anim))`` embeds it with play
        controls.
        Its figure is already closed (detached from pyplot), so a notebook does not also show
        a static copy of the first frame; rendering the frames still works.

    Examples
    --------
    >>> from minidl.landscapes import Valley, run
    >>> from minidl.optim import SGD
    >>> from minidl.viz import animate_trajectories
    >>> f = Valley()
    >>> anim = animate_trajectories(f, {"SGD": run(SGD, f, steps=20, lr=0.3)}, frames=5)
    >>> "<script" in anim.to_jshtml()
    True
    """
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation

    from ._validation import check_integer

    paths = _check_paths(paths)
    frames = check_integer(frames, "frames", minimum=2)
    interval = check_integer(interval, "interval", minimum=1)
    dpi = check_integer(dpi, "dpi", minimum=10)
    fig, ax = plt.subplots(figsize=figsize, dpi=dpi)
    _landscape_background(landscape, ax, resolution)
    lines, heads = [], []
    for name, path in paths.items():
        (line,) = ax.plot(path[:1, 0], path[:1, 1], "-", lw=1.6, label=name, zorder=3)
        (head,) = ax.plot(path[:1, 0], path[:1, 1], "o", color=line.get_color(), ms=6,
                          zorder=4)
        lines.append(line)
        heads.append(head)
    ax.legend(loc="best", fontsize=8)
    longest = max(len(p) for p in paths.values())
    stops = np.round(np.linspace(0, longest - 1, frames)).astype(int)
    counter = ax.text(0.02, 0.96, "", transform=ax.transAxes, va="top", fontsize=9)

    def update(k):
        for path, line, head in zip(paths.values(), lines, heads):
            end = min(stops[k], len(path) - 1)
            line.set_data(path[: end + 1, 0], path[: end + 1, 1])
            head.set_data(path[end : end + 1, 0], path[end : end + 1, 1])
        counter.set_text(f"step {stops[k]}")
        return [*lines, *heads, counter]

    fig.tight_layout()
    anim = FuncAnimation(fig, update, frames=frames, interval=interval, blit=False)
    plt.close(fig)
    return anim



# -- image features (minidl.features) ---------------------------------------------------------

__all__ += ["plot_image_grid", "plot_hog", "plot_templates"]


def _tile(images, ncols, scale, pad, gap=0):
    """Tile (K, h, w[, 3]) images into one mosaic with ``pad`` pixels of white between.

    ``gap`` extra white rows under every row of images leave room for captions.
    """
    from ._validation import check_array, check_choice, check_integer

    arr = check_array(images, "images", ndim=(3, 4)).astype(np.float64)
    if arr.ndim == 4 and arr.shape[-1] != 3:
        raise ValueError(f"images: expected grey (K, h, w) or RGB (K, h, w, 3) images, "
                         f"got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("images: expected finite values, got NaN or infinity")
    ncols = check_integer(ncols, "ncols", minimum=1)
    pad = check_integer(pad, "pad", minimum=0)
    check_choice(scale, "scale", ("each", "all", "none"))
    if scale != "none":
        axes = tuple(range(1, arr.ndim)) if scale == "each" else None
        low = arr.min(axis=axes, keepdims=True)
        span = arr.max(axis=axes, keepdims=True) - low
        arr = (arr - low) / np.where(span > 0, span, 1.0)
    k, h, w = arr.shape[:3]
    ncols = min(ncols, k)
    nrows = -(-k // ncols)
    shape = (nrows * (h + pad + gap) + pad, ncols * (w + pad) + pad) + arr.shape[3:]
    mosaic = np.ones(shape)
    for i in range(k):
        r, c = divmod(i, ncols)
        top, left = pad + r * (h + pad + gap), pad + c * (w + pad)
        mosaic[top:top + h, left:left + w] = arr[i]
    return mosaic, (nrows, ncols, h, w)


def plot_image_grid(images, ax=None, *, ncols=8, labels=None, scale="each", pad=1,
                    cmap="gray"):
    """Show many small images (patches, visual words, weight templates) as one mosaic.

    Parameters
    ----------
    images : array_like
        K grey images of shape (K, h, w) or colour images of shape (K, h, w, 3), any real
        values.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure sized to the grid when omitted.
    ncols : int, optional
        Images per row. Default 8.
    labels : list of str, optional
        One caption per image, written under it.
    scale : str, optional
        ``"each"`` (default) stretches every image to the full grey range on its own, so
        that weight templates of different magnitude are all visible; ``"all"`` uses one
        range for all images; ``"none"`` expects values in [0, 1] already.
    pad : int, optional
        White pixels between images. Default 1.
    cmap : str, optional
        Colour map for grey images. Default ``"gray"``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes holding the mosaic (ticks off).

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.viz import plot_image_grid
    >>> patches = np.random.default_rng(0).random((10, 6, 6))
    >>> ax = plot_image_grid(patches, ncols=5)
    >>> ax.images[0].get_array().shape         # 2 rows and 5 columns of 6 + 1 pixels, + 1
    (15, 36)
    >>> ax = plot_image_grid(patches, ncols=5, labels=[str(i) for i in range(10)])
    >>> ax.images[0].get_array().shape         # 3 more rows under each row for the captions
    (21, 36)
    """
    import matplotlib.pyplot as plt

    gap = 0 if labels is None else max(2, int(np.ceil(0.4 * np.shape(images)[1])))
    mosaic, (nrows, ncols, h, w) = _tile(images, ncols, scale, pad, gap)
    if labels is not None and len(labels) != len(images):
        raise ValueError(f"labels: expected {len(images)} captions (one per image), "
                         f"got {describe(labels)}")
    if ax is None:
        width = min(12.0, 0.9 * ncols + 0.5)
        _, ax = plt.subplots(figsize=(width, width * mosaic.shape[0] / mosaic.shape[1]
                                      + (0.25 * nrows if labels is not None else 0)))
    ax.imshow(mosaic, cmap=cmap if mosaic.ndim == 2 else None, vmin=0, vmax=1,
              interpolation="nearest")
    if labels is not None:
        for i, text in enumerate(labels):
            r, c = divmod(i, ncols)
            ax.text(pad + c * (w + pad) + w / 2, pad + r * (h + pad + gap) + h + gap / 2,
                    str(text), ha="center", va="center", fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def plot_hog(image, ax=None, *, orientations=9, pixels_per_cell=(8, 8), channel_axis=None,
             transform_sqrt=False, cmap="gray"):
    """Draw the HOG glyph picture of one image: a star of line segments in every cell.

    Each cell gets one segment per orientation bin, through the cell centre and along the
    edge direction of that bin, as bright as the bin's share of gradient magnitude. Long
    bright strokes follow the edges of the picture.

    Parameters
    ----------
    image : array_like
        One grey image (H, W), or colour with ``channel_axis`` set.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    orientations : int, optional
        Orientation bins. Default 9.
    pixels_per_cell : tuple, optional
        Cell size in pixels. Default (8, 8).
    channel_axis : int, optional
        Colour channel axis of ``image``, or None for grey.
    transform_sqrt : bool, optional
        Gamma-compress the image first. Default False.
    cmap : str, optional
        Colour map. Default ``"gray"``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes with the glyph picture, axes labelled in pixels.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.viz import plot_hog
    >>> square = np.zeros((32, 32)); square[8:24, 8:24] = 1.0
    >>> ax = plot_hog(square)
    >>> ax.images[0].get_array().shape
    (32, 32)
    """
    import matplotlib.pyplot as plt

    from .features import hog

    _, glyphs = hog(image, orientations=orientations, pixels_per_cell=pixels_per_cell,
                    cells_per_block=(1, 1), visualize=True, channel_axis=channel_axis,
                    transform_sqrt=transform_sqrt)
    if glyphs.ndim != 2:
        raise ValueError(f"image: expected one image, got a batch of shape {np.shape(image)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 5 * glyphs.shape[0] / glyphs.shape[1]))
    # The strongest few strokes would make the rest invisible: saturate the top 0.5 percent.
    top = float(np.percentile(glyphs, 99.5))
    ax.imshow(glyphs, cmap=cmap, interpolation="nearest", vmin=0,
              vmax=top if top > 0 else None)
    ax.set_xlabel("column (pixels)")
    ax.set_ylabel("row (pixels)")
    return ax


def plot_templates(W, image_shape, ax=None, *, labels=None, ncols=10):
    """Show every column of a weight matrix as an image: what each class or unit looks for.

    Parameters
    ----------
    W : array_like
        Weights of shape (D, K), one column per class (a linear classifier) or per hidden
        unit (a network's first layer); D is the number of pixel values, or one more when
        the last row holds the biases (the bias trick), which is then dropped.
    image_shape : tuple
        Shape of one image, (h, w) or (h, w, 3), with h * w (* 3) = D.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    labels : list of str, optional
        One caption per column (class names).
    ncols : int, optional
        Templates per row. Default 10.

    Returns
    -------
    matplotlib.axes.Axes
        The axes with the templates, each stretched to the full range on its own.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.viz import plot_templates
    >>> W = np.random.default_rng(0).normal(size=(8 * 8 * 3 + 1, 4))   # with a bias row
    >>> ax = plot_templates(W, (8, 8, 3), labels=["a", "b", "c", "d"])
    >>> ax.images[0].get_array().shape
    (14, 37, 3)
    """
    from ._validation import check_array

    W = check_array(W, "W", ndim=2)
    shape = tuple(int(s) for s in image_shape)
    size = int(np.prod(shape))
    if W.shape[0] == size + 1:
        W = W[:-1]
    if W.shape[0] != size:
        raise ValueError(f"W: expected {size} rows (or {size + 1} with a bias row) for "
                         f"images of shape {shape}, got shape {W.shape}")
    return plot_image_grid(W.T.reshape(-1, *shape), ax, ncols=ncols, labels=labels,
                           scale="each")


__all__ += ["plot_history"]


def plot_history(history, axes=None, *, smooth=None, title=None):
    """Plot a training history: loss per iteration, train and validation accuracy per epoch.

    Parameters
    ----------
    history : minidl.models.History or dict
        What :func:`minidl.models.fit` returns, or a dict with ``"loss"`` (one value per
        iteration) and optionally ``"train_accuracy"`` and ``"val_accuracy"`` (one per epoch).
    axes : tuple, optional
        Two ``matplotlib.axes.Axes`` to draw into (loss, accuracy); a new 10 x 3.5 inch figure
        with two panels when omitted.
    smooth : int, optional
        Window (in iterations) of a moving average drawn over the raw loss. Default: about a
        fiftieth of the run, none for short runs.
    title : str, optional
        A title over the loss panel.

    Returns
    -------
    tuple
        The two ``matplotlib.axes.Axes``: loss against iteration, accuracy against epoch.

    Examples
    --------
    >>> from minidl.viz import plot_history
    >>> h = {"loss": [2.3, 2.0, 1.8, 1.7], "train_accuracy": [0.3, 0.5],
    ...      "val_accuracy": [0.25, 0.4]}
    >>> ax_loss, ax_acc = plot_history(h)
    >>> ax_loss.get_xlabel(), len(ax_acc.get_lines())
    ('iteration', 2)
    """
    import matplotlib.pyplot as plt

    from ._validation import check_array, check_integer

    def field(name):
        value = history.get(name, []) if isinstance(history, dict) \
            else getattr(history, name, None)
        if value is None:
            raise TypeError(f"history: expected a History or a dict with {name!r}, got "
                            f"{type(history).__name__}")
        return value

    loss = check_array(field("loss"), "history.loss", ndim=1, dtype=np.float64)
    train = check_array(field("train_accuracy"), "history.train_accuracy", ndim=1,
                        allow_empty=True, dtype=np.float64)
    val = check_array(field("val_accuracy"), "history.val_accuracy", ndim=1,
                      allow_empty=True, dtype=np.float64)
    if smooth is None:
        smooth = len(loss) // 50
    smooth = check_integer(smooth, "smooth", minimum=0)
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    if len(axes) != 2:
        raise ValueError(f"axes: expected two Axes (loss, accuracy), got {len(axes)}")
    ax_loss, ax_acc = axes
    it = np.arange(1, len(loss) + 1)
    ax_loss.plot(it, loss, lw=0.8, alpha=0.45 if smooth > 1 else 1.0, label="minibatch loss")
    if smooth > 1 and len(loss) >= smooth:
        avg = np.convolve(loss, np.ones(smooth) / smooth, mode="valid")
        ax_loss.plot(it[smooth - 1:], avg, lw=1.8, label=f"mean of {smooth}")
        ax_loss.legend(fontsize=8)
    ax_loss.set_xlabel("iteration")
    ax_loss.set_ylabel("loss")
    if title:
        ax_loss.set_title(title)
    for values, name, style in ((train, "train", "o-"), (val, "validation", "s-")):
        if values.size:
            ax_acc.plot(np.arange(1, values.size + 1), values, style, ms=4, label=name)
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("accuracy")
    if train.size or val.size:
        ax_acc.legend(fontsize=8)
    return ax_loss, ax_acc


def animation_html(anim, default_mode="once"):
    """The animation as self-contained HTML with play controls, for a notebook or a page.

    matplotlib's ``to_jshtml`` links Font Awesome's stylesheet from a CDN for the icons of its
    player buttons, which would make an offline page try the network. This returns the same
    HTML without remote stylesheets: the book's theme ships Font Awesome itself, and without it
    the buttons still work (each shows its title on hover).

    Parameters
    ----------
    anim : matplotlib.animation.FuncAnimation
        The animation, for example from :func:`animate_trajectories`.
    default_mode : str, optional
        What the player does at the last frame: ``"once"``, ``"loop"`` or ``"reflect"``.
        Default ``"once"``.

    Returns
    -------
    str
        HTML with the frames embedded as images and the player's JavaScript; pass it to
        ``IPython.display.HTML`` to show it in a notebook.

    Examples
    --------
    >>> from minidl.landscapes import Valley, run
    >>> from minidl.optim import SGD
    >>> from minidl.viz import animate_trajectories, animation_html
    >>> f = Valley()
    >>> anim = animate_trajectories(f, {"SGD": run(SGD, f, steps=10, lr=0.3)}, frames=3)
    >>> html = animation_html(anim)
    >>> "<script" in html, "https://" in html
    (True, False)
    """
    import re

    from ._validation import check_choice

    check_choice(default_mode, "default_mode", ("once", "loop", "reflect"))
    html = anim.to_jshtml(default_mode=default_mode)
    return re.sub(r'<link\b[^>]*\bhref="(?:https?:)?//[^"]*"[^>]*>\s*', "", html)


__all__ += ["animation_html"]
