r"""Backpropagation by hand, staged, in the style of the CS231n assignments.

Every layer is a pair of plain NumPy functions: ``*_forward(...)`` returns ``(out, cache)``, and
``*_backward(dout, cache)`` turns the upstream gradient ``dout`` (same shape as ``out``) into
the gradients of the inputs, using only what the forward pass cached. The two losses return
``(loss, dscores)`` at once. No :class:`~minidl.tensor.Tensor` is involved: these functions are
the reference the autograd engine is checked against, and what the "by hand" pages use.

A two-layer network with a softmax loss is five calls forward and four back::

    h, c1 = affine_forward(X, W1, b1)
    a, c2 = relu_forward(h)
    s, c3 = affine_forward(a, W2, b2)
    loss, ds = softmax_loss(s, y)
    da, dW2, db2 = affine_backward(ds, c3)
    dh = relu_backward(da, c2)
    dX, dW1, db1 = affine_backward(dh, c1)
"""
from __future__ import annotations

import math

import numpy as np

from ._validation import check_array, check_finite, check_labels

__all__ = ["affine_forward", "affine_backward", "relu_forward", "relu_backward",
           "sigmoid_forward", "sigmoid_backward", "softmax_loss", "svm_loss"]


def _dout(dout, expected_shape):
    dout = check_array(dout, "dout", allow_empty=True)
    if dout.shape != expected_shape:
        raise ValueError(f"dout: expected shape {expected_shape} (the forward output's), "
                         f"got {dout.shape}")
    return dout


def _cache(cache, length, name):
    if not isinstance(cache, tuple) or len(cache) != length:
        raise TypeError(f"cache: expected the cache returned by {name}, got "
                        f"{type(cache).__name__}")
    return cache


def affine_forward(x, w, b):
    r"""Fully connected layer: :math:`\text{out} = x W + b`.

    Parameters
    ----------
    x : numpy.ndarray
        Inputs of shape (N, D), or (N, d1, ..., dk) which is flattened to (N, D) with
        D = d1 * ... * dk.
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
    out = x.reshape(x.shape[0], d) @ w + b
    return out, (x, w, b)


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
    x, w, b = _cache(cache, 3, "affine_forward")
    dout = _dout(dout, (x.shape[0], w.shape[1]))
    dx = (dout @ w.T).reshape(x.shape)
    dw, db = _affine_param_grads(dout, x)
    return dx, dw, db


def _affine_param_grads(dout, x):
    """The ``dw`` and ``db`` of :func:`affine_backward`, without ``dx``.

    ``dout`` (N, M) and ``x`` (N, ...) are taken as already checked. A network's first layer
    needs no gradient for its input data, and skipping ``dx`` spares a matmul as large as
    the forward one (``minidl.models.TwoLayerNet`` uses this).
    """
    return x.reshape(x.shape[0], -1).T @ dout, dout.sum(axis=0)


def relu_forward(x):
    r"""Rectified linear unit :math:`\max(0, x)`, elementwise.

    Parameters
    ----------
    x : numpy.ndarray
        Inputs of any shape.

    Returns
    -------
    out : numpy.ndarray
        Same shape as ``x``.
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
    x = check_array(x, "x", float_only=True, allow_empty=True)
    return np.maximum(x, 0), (x,)


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
        ``dx = dout * (x > 0)``, same shape as ``x``.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.layers import relu_forward, relu_backward
    >>> _, cache = relu_forward(np.array([-1.0, 0.5]))
    >>> print(relu_backward(np.array([3.0, 3.0]), cache))
    [0. 3.]
    """
    (x,) = _cache(cache, 1, "relu_forward")
    dout = _dout(dout, x.shape)
    return dout * (x > 0)


def sigmoid_forward(x):
    r"""Logistic sigmoid :math:`\sigma(x) = 1 / (1 + e^{-x})`, elementwise.

    Parameters
    ----------
    x : numpy.ndarray
        Inputs of any shape.

    Returns
    -------
    out : numpy.ndarray
        Values in (0, 1), same shape as ``x``.
    cache : tuple
        ``(out,)`` for :func:`sigmoid_backward` (the output is all the backward pass needs).

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.layers import sigmoid_forward
    >>> out, _ = sigmoid_forward(np.array([0.0, 1000.0, -1000.0]))
    >>> print(out)
    [0.5 1.  0. ]
    """
    x = check_array(x, "x", float_only=True, allow_empty=True)
    out = 0.5 * (np.tanh(0.5 * x) + 1)
    return out, (out,)


def sigmoid_backward(dout, cache):
    r"""Backward pass of :func:`sigmoid_forward`.

    Parameters
    ----------
    dout : numpy.ndarray
        Upstream gradient, same shape as the forward input.
    cache : tuple
        ``(out,)`` from :func:`sigmoid_forward`.

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
    (out,) = _cache(cache, 1, "sigmoid_forward")
    dout = _dout(dout, out.shape)
    return dout * out * (1 - out)


def _check_scores(scores, y):
    scores = check_array(scores, "scores", ndim=2, float_only=True)
    check_finite(scores, "scores")
    n, c = scores.shape
    y = check_labels(y, "y", num_classes=c, length=n)
    return scores, y


def softmax_loss(scores, y):
    r"""Softmax cross-entropy loss and its gradient, averaged over the batch.

    Parameters
    ----------
    scores : numpy.ndarray
        Class scores of shape (N, C), float32 or float64.
    y : numpy.ndarray
        Integer labels of shape (N,), values in 0..C-1.

    Returns
    -------
    loss : float
        :math:`L = \frac1N \sum_i -\log p_{i y_i}`.
    dscores : numpy.ndarray
        :math:`\partial L / \partial s`, shape (N, C): :math:`(p_{ij} - [j = y_i]) / N`.

    Notes
    -----
    .. math:: p_{ij} = \frac{e^{s_{ij} - m_i}}{\sum_k e^{s_{ik} - m_i}},
              \quad m_i = \max_k s_{ik}

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.layers import softmax_loss
    >>> loss, ds = softmax_loss(np.zeros((2, 4)), np.array([0, 3]))
    >>> print(f"{loss:.4f}", np.round(ds[1], 3))
    1.3863 [ 0.125  0.125  0.125 -0.375]
    """
    scores, y = _check_scores(scores, y)
    return _softmax_loss(scores, y)


def svm_loss(scores, y):
    r"""Multiclass SVM (hinge) loss with margin 1 and its gradient, averaged over the batch.

    Parameters
    ----------
    scores : numpy.ndarray
        Class scores of shape (N, C), float32 or float64.
    y : numpy.ndarray
        Integer labels of shape (N,), values in 0..C-1.

    Returns
    -------
    loss : float
        :math:`L = \frac1N \sum_i \sum_{j \ne y_i} \max(0, s_{ij} - s_{iy_i} + 1)`.
    dscores : numpy.ndarray
        :math:`\partial L / \partial s`, shape (N, C).

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.layers import svm_loss
    >>> loss, ds = svm_loss(np.array([[3.2, 5.1, -1.7]]), np.array([0]))
    >>> print(f"{loss:.2f}", ds)
    2.90 [[-1.  1.  0.]]
    """
    scores, y = _check_scores(scores, y)
    return _svm_loss(scores, y)


# The two losses without input checks, for callers that have checked scores (N, C) and int
# labels (N,) already: minidl.models computes every classifier's data loss with them.

def _softmax_loss(scores, y):
    """Mean softmax cross-entropy of checked ``scores`` and ``y``, and ``dscores``.

    The body of :func:`softmax_loss`: returns ``(loss, dscores)`` with ``loss`` a float and
    ``dscores`` of the shape and dtype of ``scores``. Shifting by the row maximum keeps the
    exponentials finite for any finite scores.
    """
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    total = e.sum(axis=1, keepdims=True)
    rows = np.arange(n)
    loss = float((np.log(total[:, 0]) - shifted[rows, y]).mean())
    dscores = e / total
    dscores[rows, y] -= 1
    dscores /= n
    return loss, dscores


def _svm_loss(scores, y, margin=1.0):
    """Mean multiclass hinge loss of checked ``scores`` and ``y``, and ``dscores``.

    The body of :func:`svm_loss`, with the margin :math:`\\Delta` as a parameter (the
    classifiers of ``minidl.models`` let it vary): returns ``(loss, dscores)`` with ``loss``
    a float and ``dscores`` of the shape and dtype of ``scores``.
    """
    n = scores.shape[0]
    rows = np.arange(n)
    margins = scores - scores[rows, y][:, None] + margin
    margins[rows, y] = 0
    loss = float(np.maximum(margins, 0).sum() / n)
    dscores = (margins > 0).astype(scores.dtype)
    dscores[rows, y] = -dscores.sum(axis=1)
    dscores /= n
    return loss, dscores
