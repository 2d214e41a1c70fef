"""Training curves: the loss per iteration and the accuracies per epoch.

matplotlib is imported inside the function, so importing this module never needs it.
"""
from __future__ import annotations

import numpy as np

from .._validation import check_array, check_integer, check_str, describe
from ._checks import check_ax

__all__ = ["plot_history"]


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

    if not isinstance(history, dict) and not hasattr(history, "loss"):
        raise TypeError(f"history: expected a History or a dict with 'loss', "
                        f"got {describe(history)}")

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
    if title is not None:
        check_str(title, "title")
    if axes is not None:
        if isinstance(axes, (str, bytes)) or not hasattr(axes, "__len__") or len(axes) != 2:
            raise TypeError(f"axes: expected two Axes (loss, accuracy), got {describe(axes)}")
        check_ax(axes[0], "axes[0]")
        check_ax(axes[1], "axes[1]")
    else:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.5))
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
