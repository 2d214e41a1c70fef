r"""The multiclass SVM and softmax losses of a linear classifier, naive and vectorized.

Each loss comes in two versions that compute the same numbers: a *naive* one that loops over
examples and classes, written the way the math reads, and a *vectorized* one without a Python
loop, written the way it should run. The vectorized versions take the data loss and its
gradient with respect to the scores from :func:`minidl.layers.svm_loss` and
:func:`minidl.layers.softmax_loss` (the single home of those formulas) and add the chain rule
through :math:`S = XW` and the regulariser. The bias is a row of W (the bias trick,
:func:`minidl.datasets.add_bias_dimension`).

Bad input: ``W`` must be a finite float32 or float64 matrix and ``X`` finite real numbers
(NaN, infinity and complex values are refused with the argument's name). Finite but huge
inputs are handled as far as float64 allows: the regulariser is computed from ``W`` scaled by
a power of two (with ``reg=0`` it is exactly 0, whatever ``W``), and weights whose scores
``X @ W`` overflow are refused with a ``ValueError`` naming ``W``.
"""
from __future__ import annotations

import numpy as np

from .._validation import binary_scale, check_array, check_positive
from ..layers import softmax_loss, svm_loss
from ._checks import check_batch

__all__ = ["svm_loss_naive", "svm_loss_vectorized", "softmax_loss_naive",
           "softmax_loss_vectorized"]


def _check_wxy(W, X, y, reg):
    """The checked arguments of a loss, and the scores S = X W (which must fit in float64)."""
    W = check_array(W, "W", ndim=2, float_only=True, finite=True)
    X, y = check_batch(X, y, *W.shape)
    return W, X, y, check_positive(reg, "reg", allow_zero=True), _scores(X, W)


def _scores(X, W):
    """S = X W, or a ValueError when finite X and W give scores beyond the float64 range."""
    with np.errstate(over="ignore", invalid="ignore"):
        S = X @ W
    if not np.isfinite(S).all():
        raise ValueError(f"W: expected weights whose scores X @ W fit in float64, got an "
                         f"overflow (largest |W| {np.abs(W).max():.3g}, largest |X| "
                         f"{np.abs(X).max():.3g})")
    return S


def _regularised(loss, dW, W, reg):
    r"""``(loss + R, dW + dR)`` for the regulariser :math:`R = \lambda \sum W^2`.

    The sum of squares is taken of :math:`W / c` for a power of two :math:`c` near
    :math:`\max |W|` and scaled back, so that it overflows only when the penalty itself does;
    with :math:`\lambda = 0` the penalty is exactly 0.0, whatever ``W``.
    """
    penalty = 0.0
    if reg:
        c = float(binary_scale(np.abs(W).max(), 1.0))
        penalty = float((reg * c) * (c * np.sum(np.square(W / c))))
    return float(loss + penalty), dW + 2.0 * reg * W


def svm_loss_naive(W, X, y, reg=0.0, margin=1.0):
    r"""Multiclass SVM (hinge) loss and gradient, with explicit loops over examples and classes.

    Parameters
    ----------
    W : numpy.ndarray
        Weights of shape (D, C), float32 or float64, finite.
    X : array_like
        Data of shape (N, D); use the bias trick to include a bias.
    y : array_like
        Integer labels of shape (N,) in 0..C-1.
    reg : float, optional
        Regularisation strength :math:`\lambda \ge 0`. Default 0.
    margin : float, optional
        The margin :math:`\Delta > 0`. Default 1.

    Returns
    -------
    loss : float
        The mean hinge loss plus the penalty, :math:`L = \frac1N \sum_i L_i + \lambda \sum W^2`.
    dW : numpy.ndarray
        :math:`\nabla_W L`, same shape and dtype as ``W``.

    Notes
    -----
    With scores :math:`s_i = x_i W`,

    .. math::

        L_i = \sum_{j \ne y_i} \max(0, s_{ij} - s_{i y_i} + \Delta),

        \nabla_{W_{:,j}} L_i = \mathbb 1[s_{ij} - s_{iy_i} + \Delta > 0]\, x_i^\top
        \quad (j \ne y_i), \qquad
        \nabla_{W_{:,y_i}} L_i = -\sum_{j \ne y_i} \mathbb 1[s_{ij} - s_{iy_i} + \Delta > 0]\,
        x_i^\top,

    plus :math:`2 \lambda W` from the regulariser. The hinge has a kink where a margin is
    exactly zero; there the code uses the subgradient 0.

    References
    ----------
    :cite:t:`weston1999`; :cite:t:`cs231n`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.models import svm_loss_naive
    >>> W = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    >>> X = np.array([[1.0, 0.5]])
    >>> loss, dW = svm_loss_naive(W, X, np.array([0]))
    >>> print(f"{loss:.2f}")   # max(0, 0.5 - 1 + 1) + max(0, 0 - 1 + 1)
    0.50
    >>> print(dW)
    [[-1.   1.   0. ]
     [-0.5  0.5  0. ]]
    """
    W, X, y, reg, _ = _check_wxy(W, X, y, reg)
    margin = check_positive(margin, "margin")
    N, C = X.shape[0], W.shape[1]
    loss = 0.0
    dW = np.zeros_like(W)
    for i in range(N):
        scores = X[i] @ W
        correct = scores[y[i]]
        for j in range(C):
            if j == y[i]:
                continue
            m = scores[j] - correct + margin
            if m > 0:
                loss += m
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    return _regularised(loss / N, dW / N, W, reg)


def svm_loss_vectorized(W, X, y, reg=0.0, margin=1.0):
    r"""Multiclass SVM loss and gradient without loops: the same numbers as :func:`svm_loss_naive`.

    Parameters
    ----------
    W : numpy.ndarray
        Weights of shape (D, C), float32 or float64, finite.
    X : array_like
        Data of shape (N, D).
    y : array_like
        Integer labels of shape (N,) in 0..C-1.
    reg : float, optional
        Regularisation strength :math:`\lambda \ge 0`. Default 0.
    margin : float, optional
        The margin :math:`\Delta > 0`. Default 1.

    Returns
    -------
    loss : float
        The mean hinge loss plus :math:`\lambda \sum W^2`.
    dW : numpy.ndarray
        The gradient, same shape and dtype as ``W``.

    Notes
    -----
    Compute all margins at once, :math:`M = \max(0, S - s_{y} \mathbf 1^\top + \Delta)` with
    the correct-class entries set to 0. Let :math:`G_{ij} = \mathbb 1[M_{ij} > 0]` and
    :math:`G_{i y_i} = -\sum_j G_{ij}`; then

    .. math:: \nabla_W L = \frac1N X^\top G + 2 \lambda W .

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.models import svm_loss_naive, svm_loss_vectorized
    >>> rng = np.random.default_rng(0)
    >>> W, X, y = rng.normal(size=(4, 3)), rng.normal(size=(5, 4)), rng.integers(0, 3, 5)
    >>> a, b = svm_loss_naive(W, X, y, reg=0.1), svm_loss_vectorized(W, X, y, reg=0.1)
    >>> print(np.isclose(a[0], b[0]), np.allclose(a[1], b[1]))
    True True
    """
    W, X, y, reg, S = _check_wxy(W, X, y, reg)
    margin = check_positive(margin, "margin")
    data_loss, dS = svm_loss(S, y, margin)              # the one copy of the formula
    return _regularised(data_loss, X.T @ dS, W, reg)


def softmax_loss_naive(W, X, y, reg=0.0):
    r"""Softmax (cross-entropy) loss and gradient, with explicit loops over examples and classes.

    Parameters
    ----------
    W : numpy.ndarray
        Weights of shape (D, C), float32 or float64, finite.
    X : array_like
        Data of shape (N, D).
    y : array_like
        Integer labels of shape (N,) in 0..C-1.
    reg : float, optional
        Regularisation strength :math:`\lambda \ge 0`. Default 0.

    Returns
    -------
    loss : float
        The mean cross-entropy plus the penalty, :math:`L = \frac1N \sum_i L_i + \lambda \sum W^2`.
    dW : numpy.ndarray
        :math:`\nabla_W L`, same shape and dtype as ``W``.

    Notes
    -----
    With :math:`p_{ij} = e^{s_{ij}} / \sum_k e^{s_{ik}}` (computed after subtracting
    :math:`\max_k s_{ik}`, which changes nothing but keeps the exponentials finite),

    .. math::

        L_i = -\log p_{i y_i}, \qquad
        \nabla_{W_{:,j}} L_i = (p_{ij} - \mathbb 1[j = y_i])\, x_i^\top .

    References
    ----------
    :cite:t:`cs231n`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.models import softmax_loss_naive
    >>> W = np.zeros((2, 4))
    >>> loss, dW = softmax_loss_naive(W, np.ones((3, 2)), np.array([0, 1, 2]))
    >>> print(f"{loss:.4f} {np.log(4):.4f}")   # uniform probabilities: loss = log C
    1.3863 1.3863
    """
    W, X, y, reg, _ = _check_wxy(W, X, y, reg)
    N, C = X.shape[0], W.shape[1]
    loss = 0.0
    dW = np.zeros_like(W)
    for i in range(N):
        scores = X[i] @ W
        scores = scores - scores.max()
        total = 0.0
        for j in range(C):
            total += np.exp(scores[j])
        for j in range(C):
            p = np.exp(scores[j]) / total
            dW[:, j] += (p - (j == y[i])) * X[i]
        loss += -(scores[y[i]] - np.log(total))
    return _regularised(loss / N, dW / N, W, reg)


def softmax_loss_vectorized(W, X, y, reg=0.0):
    r"""Softmax loss and gradient without loops: the same numbers as :func:`softmax_loss_naive`.

    Parameters
    ----------
    W : numpy.ndarray
        Weights of shape (D, C), float32 or float64, finite.
    X : array_like
        Data of shape (N, D).
    y : array_like
        Integer labels of shape (N,) in 0..C-1.
    reg : float, optional
        Regularisation strength :math:`\lambda \ge 0`. Default 0.

    Returns
    -------
    loss : float
        The mean cross-entropy plus :math:`\lambda \sum W^2`.
    dW : numpy.ndarray
        The gradient, same shape and dtype as ``W``.

    Notes
    -----
    With the probability matrix :math:`P` (N, C) and the one-hot label matrix :math:`Y`,

    .. math:: \nabla_W L = \frac1N X^\top (P - Y) + 2 \lambda W .

    The log-probabilities are computed as :math:`s - m - \log \sum_k e^{s_k - m}` with
    :math:`m = \max_k s_k`, so scores of :math:`\pm 10^4` give a finite loss.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.models import softmax_loss_vectorized
    >>> W = np.array([[1e4, -1e4]])
    >>> loss, dW = softmax_loss_vectorized(W, np.ones((1, 1)), np.array([1]))
    >>> print(f"{loss:.1f}", np.isfinite(dW).all())
    20000.0 True
    """
    W, X, y, reg, S = _check_wxy(W, X, y, reg)
    data_loss, dS = softmax_loss(S, y)                  # the one copy of the formula
    return _regularised(data_loss, X.T @ dS, W, reg)
