r"""Losses and normalisations on :class:`~minidl.tensor.Tensor`, fused for speed and stability.

Each function computes its forward pass in a few NumPy calls and records one node whose
backward rule is the closed-form gradient, instead of a chain of small nodes. The two losses
take both from the one copy of their formula in :mod:`minidl.layers`
(:func:`~minidl.layers.softmax_loss`, :func:`~minidl.layers.svm_loss`): the loss is the node's
value and ``dscores``, times the upstream gradient, its backward rule. Everything is
numerically stable: the maximum is subtracted before exponentiating, so logits of
:math:`\pm 10^4` give finite values and gradients.
"""
from __future__ import annotations

import numpy as np

from . import layers
from ._validation import (check_axes, check_finite, check_items, check_labels,
                          check_positive, check_tensor, describe)
from .engine import report_kink
from .tensor import Tensor

__all__ = ["softmax", "log_softmax", "cross_entropy", "svm_loss", "l2"]


def _batch(scores, labels, name):
    """The checked scores (a finite, non-empty (N, C) Tensor) and labels (N,) of a loss."""
    scores = check_tensor(scores, name)
    if scores.data.ndim != 2:
        raise ValueError(f"{name}: expected scores of shape (N, C), got shape "
                         f"{scores.data.shape}")
    n, c = scores.data.shape
    if n == 0 or c == 0:
        raise ValueError(f"{name}: expected a non-empty batch of shape (N, C), got shape "
                         f"{scores.data.shape}")
    check_finite(scores.data, name)
    return scores, check_labels(labels, "labels", num_classes=c, length=n)


def _loss_node(scores, op, loss, dscores):
    """A loss as one node: its value ``loss``, its backward rule upstream times ``dscores``."""
    return Tensor.from_op(np.asarray(loss, dtype=scores.dtype), op,
                          (scores, lambda g: g * dscores))


def _shifted(x, axis):
    """``(x, ax, s - max s)``: the checked input of a softmax, the one axis it normalises over
    (not empty), and the scores shifted by their maximum along it."""
    x = check_tensor(x, "x")
    if isinstance(axis, (tuple, list)) or axis is None:
        raise TypeError(f"axis: expected an int, got {describe(axis)}")
    ax = check_axes(axis, x.data.ndim)[0]
    if x.data.ndim == 0 or x.data.shape[ax] == 0:
        raise ValueError(f"x: expected at least one score along axis {axis} to normalise, "
                         f"got shape {x.data.shape}")
    return x, ax, x.data - x.data.max(axis=ax, keepdims=True)


def softmax(x, axis=-1):
    r"""Normalised exponentials along ``axis``.

    Parameters
    ----------
    x : Tensor
        Scores of any shape, for example (N, C); float32 or float64.
    axis : int, optional
        Axis to normalise over. Default -1.

    Returns
    -------
    Tensor
        Probabilities of the same shape and dtype; each slice along ``axis`` sums to 1.

    Raises
    ------
    ValueError
        If ``axis`` has length 0 (there is nothing to normalise; an empty batch, length 0
        along another axis, gives an empty result).

    Notes
    -----
    .. math:: p_{ij} = \frac{e^{s_{ij} - m_i}}{\sum_k e^{s_{ik} - m_i}}, \quad m_i = \max_k s_{ik}

    Subtracting the maximum keeps every exponential finite for any finite scores. A NaN or an
    infinite score makes its slice NaN, as in NumPy.

    Backward, with upstream gradient :math:`g`:
    :math:`\partial L / \partial s_{ij} = p_{ij} (g_{ij} - \sum_k g_{ik} p_{ik})`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> from minidl.functional import softmax
    >>> p = softmax(Tensor(np.array([[1.0, 2.0, 3.0]])))
    >>> print(np.round(p.data, 3))
    [[0.09  0.245 0.665]]
    """
    x, ax, shifted = _shifted(x, axis)
    e = np.exp(shifted)
    p = e / e.sum(axis=ax, keepdims=True)
    return Tensor.from_op(p, "softmax",
                          (x, lambda g: p * (g - (g * p).sum(axis=ax, keepdims=True))))


def log_softmax(x, axis=-1):
    r"""Logarithm of :func:`softmax`, computed without forming the probabilities.

    Parameters
    ----------
    x : Tensor
        Scores, as for :func:`softmax`.
    axis : int, optional
        Axis to normalise over. Default -1.

    Returns
    -------
    Tensor
        Log-probabilities of the same shape and dtype (all :math:`\le 0`).

    Raises
    ------
    ValueError
        If ``axis`` has length 0.

    Notes
    -----
    .. math:: \log p_{ij} = s_{ij} - m_i - \log \sum_k e^{s_{ik} - m_i}

    Backward: :math:`\partial L / \partial s_{ij} = g_{ij} - p_{ij} \sum_k g_{ik}`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> from minidl.functional import log_softmax
    >>> lp = log_softmax(Tensor(np.array([[0.0, 1e4]])))
    >>> print(np.round(lp.data, 3))
    [[-10000.      0.]]
    """
    x, ax, shifted = _shifted(x, axis)
    out = shifted - np.log(np.exp(shifted).sum(axis=ax, keepdims=True))
    return Tensor.from_op(out, "log_softmax",
                          (x, lambda g: g - np.exp(out) * g.sum(axis=ax, keepdims=True)))


def cross_entropy(logits, labels):
    r"""Mean softmax cross-entropy loss of a batch, as one fused node.

    Parameters
    ----------
    logits : Tensor
        Class scores :math:`S` (unnormalised log-probabilities, hence the name) of shape
        (N, C), float32 or float64, finite.
    labels : array_like
        Integer class labels :math:`y` of shape (N,), values in 0..C-1.

    Returns
    -------
    Tensor
        The scalar loss (shape ()), same dtype as ``logits``.

    Notes
    -----
    .. math::

        L = \frac1N \sum_i L_i, \qquad
        L_i = -\log \frac{e^{s_{i y_i}}}{\sum_j e^{s_{ij}}}, \qquad
        \frac{\partial L}{\partial s_{ij}} = \frac{p_{ij} - [j = y_i]}{N}

    References
    ----------
    The softmax classifier of :cite:t:`cs231n`; the formula is :func:`minidl.layers.softmax_loss`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> from minidl.functional import cross_entropy
    >>> s = Tensor(np.zeros((2, 4)), requires_grad=True)
    >>> loss = cross_entropy(s, np.array([0, 3]))
    >>> loss.backward()
    >>> print(f"{loss.item():.4f}", np.round(s.grad[0], 3))
    1.3863 [-0.375  0.125  0.125  0.125]
    """
    logits, y = _batch(logits, labels, "logits")
    loss, dscores = layers.softmax_loss.kernel(logits.data, y)   # the one copy of the formula
    return _loss_node(logits, "cross_entropy", loss, dscores)


def svm_loss(scores, labels, margin=1.0):
    r"""Mean multiclass SVM (hinge) loss of a batch, as one fused node.

    Parameters
    ----------
    scores : Tensor
        Class scores :math:`S` of shape (N, C), float32 or float64, finite.
    labels : array_like
        Integer class labels :math:`y` of shape (N,), values in 0..C-1.
    margin : float, optional
        The margin :math:`\Delta` by which the correct score should win. Default 1.0.

    Returns
    -------
    Tensor
        The scalar loss (shape ()), same dtype as ``scores``.

    Notes
    -----
    .. math::

        L = \frac1N \sum_i \sum_{j \ne y_i} \max(0, s_{ij} - s_{i y_i} + \Delta)

    Each positive margin sends :math:`+1/N` to :math:`s_{ij}` and :math:`-1/N` to
    :math:`s_{iy_i}`; the hinge has a kink where a margin is exactly 0.

    References
    ----------
    The multiclass SVM of :cite:t:`weston1999`, as taught in :cite:t:`cs231n`; the formula is
    :func:`minidl.layers.svm_loss`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> from minidl.functional import svm_loss
    >>> s = Tensor(np.array([[3.2, 5.1, -1.7]]), requires_grad=True)
    >>> loss = svm_loss(s, np.array([0]))
    >>> loss.backward()
    >>> print(f"{loss.item():.2f}", s.grad)
    2.90 [[-1.  1.  0.]]
    """
    scores, y = _batch(scores, labels, "scores")
    margin = check_positive(margin, "margin", allow_zero=True)
    loss, dscores = layers.svm_loss.kernel(scores.data, y, margin)   # the one copy, as above
    report_kink(lambda: dscores > 0)   # > 0 exactly where a margin is positive: the hinge's side
    return _loss_node(scores, "svm_loss", loss, dscores)


def l2(params):
    r"""Sum of squares of all entries of ``params``: the L2 penalty :math:`R(W)`.

    Parameters
    ----------
    params : list of Tensor
        The tensors to penalise (a single Tensor is accepted too).

    Returns
    -------
    Tensor
        The scalar penalty (shape ()).

    Notes
    -----
    .. math:: R(W) = \sum_k \sum_l W_{kl}^2, \qquad \nabla_W R = 2 W

    Multiply by the regularisation strength :math:`\lambda` and add it to the data loss.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> from minidl.functional import l2
    >>> w = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    >>> r = l2([w]); r.backward()
    >>> print(r.item(), w.grad)
    5.0 [ 2. -4.]
    """
    if isinstance(params, Tensor):
        params = [params]
    try:
        params = list(params)
    except TypeError:
        raise TypeError(f"params: expected a list of Tensor, got {describe(params)}") from None
    if not params:
        raise ValueError("params: expected at least one Tensor, got an empty list")
    check_items(params, "params", Tensor, "a Tensor")
    total = sum(float(np.vdot(p.data, p.data)) for p in params)
    dtype = np.result_type(*[p.data.dtype for p in params])
    return Tensor.from_op(np.asarray(total, dtype=dtype), "l2",   # dR/dW = 2 W, for each W
                          *[(p, lambda g, p=p: 2 * g * p.data) for p in params])
