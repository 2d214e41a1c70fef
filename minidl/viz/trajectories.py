"""Optimizer trajectories over a 2-D landscape: still pictures and animations.

matplotlib is imported inside each function, so importing this module never needs it.
"""
from __future__ import annotations

import re

import numpy as np

from .._validation import check_array, check_bool, check_choice, check_integer, describe
from ._checks import check_ax, check_landscape, check_size

__all__ = ["plot_trajectories", "animate_trajectories", "animation_html"]


def _check_scene(landscape, paths, resolution):
    """The checked arguments that both pictures take: ``paths`` as a dict of name -> float
    array (T, 2), and the contour grid's ``resolution``."""
    check_landscape(landscape)
    if not isinstance(paths, dict) or not paths:
        raise TypeError(f"paths: expected a non-empty dict of name -> array of shape (T, 2), "
                        f"got {describe(paths)}")
    checked = {}
    for name, path in paths.items():
        arr = check_array(path, f"paths[{name!r}]", ndim=2, dtype=np.float64)
        if arr.shape[1] != 2:
            raise ValueError(f"paths[{name!r}]: expected an array of shape (T, 2), "
                             f"got shape {arr.shape}")
        checked[str(name)] = arr
    return checked, check_integer(resolution, "resolution", minimum=2)


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

    paths, resolution = _check_scene(landscape, paths, resolution)
    check_ax(ax)
    check_bool(legend, "legend")
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
    Paths of different lengths start together; a short one stops at its end:

    >>> from minidl.landscapes import Valley, run
    >>> from minidl.optim import SGD, Adam
    >>> from minidl.viz import animate_trajectories
    >>> f = Valley()
    >>> paths = {"SGD": run(SGD, f, steps=20, lr=0.3), "Adam": run(Adam, f, steps=10, lr=0.3)}
    >>> anim = animate_trajectories(f, paths, frames=5)
    >>> "<script" in anim.to_jshtml()
    True
    """
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation

    paths, resolution = _check_scene(landscape, paths, resolution)
    frames = check_integer(frames, "frames", minimum=2)
    interval = check_integer(interval, "interval", minimum=1)
    figsize = check_size(figsize, "figsize")
    dpi = check_integer(dpi, "dpi", minimum=10, maximum=1000)
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
    if not callable(getattr(anim, "to_jshtml", None)):
        raise TypeError(f"anim: expected a matplotlib animation (such as "
                        f"animate_trajectories returns), got {describe(anim)}")
    check_choice(default_mode, "default_mode", ("once", "loop", "reflect"))
    html = anim.to_jshtml(default_mode=default_mode)
    return re.sub(r'<link\b[^>]*\bhref="(?:https?:)?//[^"]*"[^>]*>\s*', "", html)
