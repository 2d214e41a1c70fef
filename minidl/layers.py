r"""Backpropagation by hand, staged, in the style of the CS231n assignments.

Every layer is a pair of plain NumPy functions: ``*_forward(...)`` returns ``(out, cache)``, and
``*_backward(dout, cache)`` turns the upstream gradient ``dout`` (same shape as ``out``) into
the gradients of the inputs, using only what the forward pass cached. The two losses return
``(loss, dscores)`` at once. No :class:`~minidl.tensor.Tensor` is involved.

This is the one place where each formula is written. Each function is the formula, two or
three lines as in the CS231n assignments; its arguments are checked at the door, by the
``@_door(check)`` line above it, before the formula runs. The formula itself stays reachable
as the function's ``kernel`` attribute (``relu_forward.kernel``), for callers whose inputs are
checked already: :meth:`minidl.Tensor.relu` and :meth:`minidl.Tensor.sigmoid` (a tensor's data
is a float array) and the losses of :mod:`minidl.functional` (which check their own arguments)
call the kernels, so every formula runs from this one copy and every input is checked once.

A two-layer network with a softmax loss is five calls forward and four back::

    h, c1 = affine_forward(X, W1, b1)
    a, c2 = relu_forward(h)
    s, c3 = affine_forward(a, W2, b2)
    loss, ds = softmax_loss(s, y)
    da, dW2, db2 = affine_backward(ds, c3)
    dh = relu_backward(da, c2)
    dX, dW1, db1 = affine_backward(dh, c1)

Bad input: the inputs ``x``, ``w``, ``b`` and ``scores`` must hold float32 or float64 values
(integers, float16, complex and objects are refused with a ``TypeError``; an upstream gradient
``dout`` may be any real array), and the shapes must agree. In the layers NaN and
infinity propagate as in NumPy; the two losses refuse them in ``scores``. A loss whose true
value exceeds the float64 range (scores of about 1e308) comes back as ``inf``, with NumPy's
overflow warning.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from ._validation import check_array, check_finite, check_labels, check_positive

__all__ = ["affine_forward", "affine_backward", "relu_forward", "relu_backward",
           "sigmoid_forward", "sigmoid_backward", "softmax_loss", "svm_loss"]


# -- the door: every argument checked before a formula runs ----------------------------------

def _door(check):
    """Decorator: the public function runs ``check`` on its arguments (which returns them,
    converted) and then the formula; the formula alone stays available as ``.kernel``."""
    def decorate(kernel):
        @functools.wraps(kernel)
        def checked(*args, **kwargs):
            return kernel(*check(*args, **kwargs))
        checked.kernel = kernel
        return checked
    return decorate


def _check_affine(x, w, b):
    x = check_array(x, "x", float_only=True)
    w = check_array(w, "w", ndim=2, float_only=True)
    b = check_array(b, "b", ndim=1, float_only=True)
    if x.ndim < 2:
        raise ValueError(f"x: expected a batch of shape (N, D) or (N, d1, ..., dk), "
                         f"got shape {x.shape}")
    d = math.prod(x.shape[1:])
    if w.shape[0] != d:
        raise ValueError(f"w: expected {d} rows to match x of shape {x.shape}, "
                         f"got shape {w.shape}")
    if b.shape != (w.shape[1],):
        raise ValueError(f"b: expected shape ({w.shape[1]},) to match w of shape {w.shape}, "
                         f"got {b.shape}")
    return x, w, b


def _check_affine_backward(dout, cache):
    x, w, b = _check_cache(cache, 3, "affine_forward")
    return _check_dout(dout, (x.shape[0], w.shape[1])), cache


def _check_input(x):
    return (check_array(x, "x", float_only=True, allow_empty=True),)


def _check_elementwise_backward(forward):
    """The check of an elementwise layer's backward pass: ``cache`` is ``forward``'s one-array
    cache, and ``dout`` has that array's shape."""
    def check(dout, cache):
        (a,) = _check_cache(cache, 1, forward)
        return _check_dout(dout, a.shape), cache
    return check


def _check_cache(cache, length, forward):
    if not (isinstance(cache, tuple) and len(cache) == length
            and all(isinstance(a, np.ndarray) for a in cache)):
        got = ("a tuple of " + ", ".join(type(a).__name__ for a in cache)
               if isinstance(cache, tuple) else type(cache).__name__)
        raise TypeError(f"cache: expected the cache returned by {forward} (a tuple of "
                        f"{length} arrays), got {got}")
    return cache


def _check_dout(dout, expected_shape):
    dout = check_array(dout, "dout", allow_empty=True)
    if dout.shape != expected_shape:
        raise ValueError(f"dout: expected shape {expected_shape} (the forward output's), "
                         f"got {dout.shape}")
    return dout


def _check_scores(scores, y):
    scores = check_array(scores, "scores", ndim=2, float_only=True)
    check_finite(scores, "scores")
    y = check_labels(y, "y", num_classes=scores.shape[1], length=scores.shape[0])
    return scores, y


def _check_svm(scores, y, margin=1.0):
    return (*_check_scores(scores, y), check_positive(margin, "margin", allow_zero=True))


# -- the layers -------------------------------------------------------------------------------

@_door(_check_affine)
def affine_forward(x, w, b):
    r"""Fully connected layer: :math:`\text{out} = x W + b`.

    Parameters
    ----------
    x : numpy.ndarray
        Inputs of shape (N, D), or (N, d1, ..., dk) which is flattened to (N, D) with
        D = d1 * ... * dk; float32 or float64.
    w : numpy.ndarray
        Weights of shape (D, M).
    b : numpy.ndarray
        Biases of shape (M,).

    Returns
    -------
    out : numpy.ndarray
        Outputs of shape (N, M).
    cache : tuple
        ``(x, w, b)`` for :func:`affine_backward`.

    Notes
    -----
    .. math:: \text{out}_{im} = \sum_d x_{id} W_{dm} + b_m

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.layers import affine_forward
    >>> out, cache = affine_forward(np.ones((2, 3)), np.ones((3, 4)), np.arange(4.0))
    >>> print(out)
    [[3. 4. 5. 6.]
     [3. 4. 5. 6.]]
    """
    out = x.reshape(x.shape[0], -1) @ w + b
    return out, (x, w, b)


@_door(_check_affine_backward)
def affine_backward(dout, cache):
    r"""Backward pass of :func:`affine_forward`.

    Parameters
    ----------
    dout : numpy.ndarray
        Upstream gradient of shape (N, M).
    cache : tuple
        ``(x, w, b)`` from :func:`affine_forward`.

    Returns
    -------
    dx : numpy.ndarray
        Gradient with respect to ``x``, same shape as ``x``.
    dw : numpy.ndarray
        Gradient with respect to ``w``, shape (D, M).
    db : numpy.ndarray
        Gradient with respect to ``b``, shape (M,).

    Notes
    -----
    The shapes force the formulas:

    .. math:: dx = \text{dout}\, W^\top, \quad dW = x^\top \text{dout}, \quad
              db = \textstyle\sum_i \text{dout}_{i\cdot}

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.layers import affine_forward, affine_backward
    >>> x, w, b = np.ones((2, 3)), np.ones((3, 4)), np.zeros(4)
    >>> out, cache = affine_forward(x, w, b)
    >>> dx, dw, db = affine_backward(np.ones((2, 4)), cache)
    >>> dx.shape, dw.shape, db.shape
    ((2, 3), (3, 4), (4,))
    >>> print(db)
    [2. 2. 2. 2.]
    """
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db


@_door(_check_input)
def relu_forward(x):
    r"""Rectified linear unit :math:`\max(0, x)`, elementwise.

    Parameters
    ----------
    x : numpy.ndarray
        Inputs of any shape, float32 or float64.

    Returns
    -------
    out : numpy.ndarray
        Same shape and dtype as ``x``.
    cache : tuple
        ``(x,)`` for :func:`relu_backward`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.layers import relu_forward
    >>> out, cache = relu_forward(np.array([-1.0, 0.5]))
    >>> print(out)
    [0.  0.5]
    """
    return np.maximum(x, 0), (x,)


@_door(_check_elementwise_backward("relu_forward"))
def relu_backward(dout, cache):
    r"""Backward pass of :func:`relu_forward`: the gradient passes where :math:`x > 0`.

    Parameters
    ----------
    dout : numpy.ndarray
        Upstream gradient, same shape as the forward input.
    cache : tuple
        ``(x,)`` from :func:`relu_forward`.

    Returns
    -------
    numpy.ndarray
        ``dx = dout * (x > 0)``, same shape as ``x`` (0 at the kink :math:`x = 0`).

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.layers import relu_forward, relu_backward
    >>> _, cache = relu_forward(np.array([-1.0, 0.5]))
    >>> print(relu_backward(np.array([3.0, 3.0]), cache))
    [0. 3.]
    """
    (x,) = cache
    return dout * (x > 0)


@_door(_check_input)
def sigmoid_forward(x):
    r"""Logistic sigmoid :math:`\sigma(x) = 1 / (1 + e^{-x})`, elementwise.

    Parameters
    ----------
    x : numpy.ndarray
        Inputs of any shape and magnitude (see Notes), float32 or float64.

    Returns
    -------
    out : numpy.ndarray
        Values in [0, 1], same shape and dtype as ``x``.
    cache : tuple
        ``(out,)`` for :func:`sigmoid_backward` (the output is all the backward pass needs).

    Notes
    -----
    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}} = \tfrac12\left(1 + \tanh\tfrac{x}{2}\right)

    The tanh form never overflows, so large negative inputs are safe.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.layers import sigmoid_forward
    >>> out, _ = sigmoid_forward(np.array([0.0, 1000.0, -1000.0]))
    >>> print(out)
    [0.5 1.  0. ]
    """
    out = 0.5 * (np.tanh(0.5 * x) + 1)
    return out, (out,)


@_door(_check_elementwise_backward("sigmoid_forward"))
def sigmoid_backward(dout, cache):
    r"""Backward pass of :func:`sigmoid_forward`.

    Parameters
    ----------
    dout : numpy.ndarray
        Upstream gradient, same shape as the forward input.
    cache : tuple
        ``(out,)`` from :func:`sigmoid_forward`: :math:`\sigma(x)` itself.

    Returns
    -------
    numpy.ndarray
        ``dx``, same shape as the input.

    Notes
    -----
    .. math:: \frac{d\sigma}{dx} = \sigma(x)\,(1 - \sigma(x))

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.layers import sigmoid_forward, sigmoid_backward
    >>> _, cache = sigmoid_forward(np.array([0.0]))
    >>> print(sigmoid_backward(np.array([1.0]), cache))
    [0.25]
    """
    (out,) = cache
    return dout * out * (1 - out)


@_door(_check_scores)
def softmax_loss(scores, y):
    r"""Softmax cross-entropy loss and its gradient, averaged over the batch.

    Parameters
    ----------
    scores : numpy.ndarray
        Class scores :math:`S` of shape (N, C), float32 or float64, finite.
    y : numpy.ndarray
        Integer labels of shape (N,), values in 0..C-1.

    Returns
    -------
    loss : float
        :math:`L = \frac1N \sum_i L_i`, :math:`L_i = -\log p_{i y_i}`.
    dscores : numpy.ndarray
        :math:`\partial L / \partial S`, shape (N, C) and the dtype of ``scores``:
        :math:`(p_{ij} - [j = y_i]) / N`.

    Notes
    -----
    .. math:: p_{ij} = \frac{e^{s_{ij} - m_i}}{\sum_k e^{s_{ik} - m_i}},
              \quad m_i = \max_k s_{ik}

    Shifting by the row maximum :math:`m_i` changes nothing mathematically and keeps every
    exponential finite.

    References
    ----------
    The softmax classifier of :cite:t:`cs231n`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.layers import softmax_loss
    >>> loss, ds = softmax_loss(np.zeros((2, 4)), np.array([0, 3]))
    >>> print(f"{loss:.4f}", np.round(ds[1], 3))
    1.3863 [ 0.125  0.125  0.125 -0.375]
    """
    n, rows = scores.shape[0], np.arange(scores.shape[0])
    shifted = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    total = e.sum(axis=1, keepdims=True)
    loss = float((np.log(total[:, 0]) - shifted[rows, y]).mean())
    dscores = e / total
    dscores[rows, y] -= 1
    dscores /= n
    return loss, dscores


@_door(_check_svm)
def svm_loss(scores, y, margin=1.0):
    r"""Multiclass SVM (hinge) loss and its gradient, averaged over the batch.

    Parameters
    ----------
    scores : numpy.ndarray
        Class scores :math:`S` of shape (N, C), float32 or float64, finite.
    y : numpy.ndarray
        Integer labels of shape (N,), values in 0..C-1: the class whose score should win.
    margin : float, optional
        The margin :math:`\Delta \ge 0` by which the correct score should win. Default 1.0.

    Returns
    -------
    loss : float
        :math:`L = \frac1N \sum_i \sum_{j \ne y_i} \max(0, s_{ij} - s_{iy_i} + \Delta)`.
    dscores : numpy.ndarray
        :math:`\partial L / \partial S`, shape (N, C) and the dtype of ``scores``.

    Notes
    -----
    Each positive margin sends :math:`+1/N` to :math:`s_{ij}` and :math:`-1/N` to
    :math:`s_{iy_i}`; the hinge has a kink where a margin is exactly 0 (the gradient used
    there is 0).

    References
    ----------
    The multiclass SVM of :cite:t:`weston1999`, as taught in :cite:t:`cs231n`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.layers import svm_loss
    >>> loss, ds = svm_loss(np.array([[3.2, 5.1, -1.7]]), np.array([0]))
    >>> print(f"{loss:.2f}", ds)
    2.90 [[-1.  1.  0.]]
    >>> loss, _ = svm_loss(np.array([[3.2, 5.1, -1.7]]), np.array([0]), margin=0.0)
    >>> print(f"{loss:.2f}")
    1.90
    """
    n, rows = scores.shape[0], np.arange(scores.shape[0])
    margins = scores - scores[rows, y][:, None] + margin
    margins[rows, y] = 0
    loss = float(np.maximum(margins, 0).sum() / n)
    dscores = (margins > 0).astype(scores.dtype)
    dscores[rows, y] = -dscores.sum(axis=1)
    dscores /= n
    return loss, dscores
