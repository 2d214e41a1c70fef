r"""Random search and random local search: strategies 1 and 2 of the lecture.

Before following the gradient, the lecture tries two strategies that need only the loss: draw
random weights and keep the best (:func:`random_search`), and from a start, try random steps
and keep those that lower the loss (:func:`random_local_search`). They are kept as baselines
that the gradient-based optimizers must beat. Both return a :class:`SearchResult`.
"""
from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .._validation import (check_array, check_callable, check_integer, check_positive,
                           check_rng, describe)

__all__ = ["SearchResult", "random_search", "random_local_search"]


class SearchResult(NamedTuple):
    """What :func:`random_search` and :func:`random_local_search` return.

    A named tuple, so ``W, loss, history = random_search(...)`` works; the fields are also
    available by name.

    Parameters
    ----------
    W : numpy.ndarray
        The best weights found, float64.
    loss : float
        Their loss.
    history : dict
        Per-try (or per-step) records as arrays; see each function.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.optim import SearchResult
    >>> r = SearchResult(np.zeros(2), 0.5, {})
    >>> W, loss, history = r
    >>> r.loss
    0.5
    """

    W: np.ndarray
    loss: float
    history: dict


def _evaluate(loss_fn, W, where):
    """Call ``loss_fn(W)`` and return its value as a finite float."""
    value = loss_fn(W)
    if isinstance(getattr(value, "data", None), np.ndarray):  # a Tensor
        value = value.data
    arr = np.asarray(value)
    if arr.ndim != 0 or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"loss_fn: expected a function returning a scalar loss, "
                        f"got {describe(value)} at {where}")
    value = float(arr)
    if not math.isfinite(value):
        raise ValueError(f"loss_fn: expected a finite loss, got {value} at {where}")
    return value


def random_search(loss_fn, shape, n_tries, scale=1e-4, rng=None):
    r"""Strategy 1 of the lecture: try random weights and keep the best.

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(W) -> float``: the loss of weights ``W`` (such as a linear classifier's
        SVM loss on a training set with ``W`` of shape (D, C)).
    shape : tuple
        Shape of ``W``, such as (D, C).
    n_tries : int
        Number of random candidates, >= 1.
    scale : float, optional
        Standard deviation :math:`\sigma` > 0 of the candidates :math:`W_k = \sigma Z_k` (see
        Notes). Default 1e-4, as in the lecture.
    rng : numpy.random.Generator or int, optional
        Random generator or seed. Default None (seed 0).

    Returns
    -------
    SearchResult
        ``(W, loss, history)``: the best weights, float64 of shape ``shape``; their loss; and
        ``history`` with ``"loss"`` (the loss of every candidate, shape (n_tries,)) and
        ``"best_loss"`` (the best loss so far after each try, shape (n_tries,)).

    Notes
    -----
    Each try draws :math:`W_k = \sigma Z_k` with :math:`Z_k` standard normal and keeps
    :math:`\arg\min_k L(W_k)`. The chance of hitting a good :math:`W` this way falls
    exponentially with the number of weights: it is a baseline, not a method.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.optim import random_search
    >>> target = np.array([[1.0, -1.0]])
    >>> loss = lambda W: float(np.sum((W - target) ** 2))
    >>> W, best, history = random_search(loss, (1, 2), n_tries=200, scale=1.0, rng=0)
    >>> W.shape, history["loss"].shape
    ((1, 2), (200,))
    >>> bool(best == history["loss"].min() and best < loss(np.zeros((1, 2))))
    True
    """
    check_callable(loss_fn, "loss_fn", "a callable loss_fn(W)")
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)) or not shape:
        raise TypeError(f"shape: expected a tuple of positive integers, got {describe(shape)}")
    shape = tuple(check_integer(s, f"shape[{i}]", minimum=1) for i, s in enumerate(shape))
    n_tries = check_integer(n_tries, "n_tries", minimum=1)
    scale = check_positive(scale, "scale")
    rng = check_rng(rng)

    losses = np.empty(n_tries)
    best_W, best_loss = None, math.inf
    for k in range(n_tries):
        W = scale * rng.standard_normal(shape)
        losses[k] = _evaluate(loss_fn, W, f"try {k}")
        if losses[k] < best_loss:
            best_W, best_loss = W, losses[k]
    history = {"loss": losses, "best_loss": np.minimum.accumulate(losses)}
    return SearchResult(best_W, float(best_loss), history)


def random_local_search(loss_fn, W0, n_steps, step_size=1e-4, rng=None):
    r"""Strategy 2 of the lecture: from ``W0``, try a random step and keep it if the loss drops.

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(W) -> float``: the loss of weights ``W``.
    W0 : array_like
        Start weights, any shape (such as (D, C)); not modified.
    n_steps : int
        Number of random steps tried, >= 1.
    step_size : float, optional
        Standard deviation :math:`\delta` > 0 of each random step. Default 1e-4, as in the
        lecture.
    rng : numpy.random.Generator or int, optional
        Random generator or seed. Default None (seed 0).

    Returns
    -------
    SearchResult
        ``(W, loss, history)``: the final (best) weights, float64 of the shape of ``W0``; their
        loss; and ``history`` with ``"loss"`` (the current loss before the first step and after
        each step, shape (n_steps + 1,), never increasing) and ``"accepted"`` (bool, shape
        (n_steps,), whether each step was kept).

    Notes
    -----
    .. math::
        W' = W + \delta Z, \quad Z \sim \mathcal N(0, I); \qquad
        W \leftarrow W' \text{ if } L(W') < L(W)

    A random direction is downhill about half the time, but in many dimensions it is almost
    perpendicular to the steepest direction, so each accepted step gains little. Following the
    gradient picks the best direction instead of guessing.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.optim import random_local_search
    >>> loss = lambda W: float(np.sum(W ** 2))
    >>> W, final, history = random_local_search(loss, np.ones(3), n_steps=100,
    ...                                         step_size=0.1, rng=0)
    >>> bool(final < loss(np.ones(3))), history["loss"].shape
    (True, (101,))
    >>> bool(np.all(np.diff(history["loss"]) <= 0))
    True
    """
    check_callable(loss_fn, "loss_fn", "a callable loss_fn(W)")
    W = check_array(W0, "W0", dtype=np.float64).copy()
    if not np.all(np.isfinite(W)):
        raise ValueError("W0: expected finite values, got NaN or infinity")
    n_steps = check_integer(n_steps, "n_steps", minimum=1)
    step_size = check_positive(step_size, "step_size")
    rng = check_rng(rng)

    current = _evaluate(loss_fn, W, "W0")
    losses = np.empty(n_steps + 1)
    losses[0] = current
    accepted = np.zeros(n_steps, dtype=bool)
    for k in range(n_steps):
        W_try = W + step_size * rng.standard_normal(W.shape)
        value = _evaluate(loss_fn, W_try, f"step {k}")
        if value < current:
            W, current = W_try, value
            accepted[k] = True
        losses[k + 1] = current
    return SearchResult(W, float(current), {"loss": losses, "accepted": accepted})
