r"""Linear classifiers, a two-layer network, and the loop that trains them.

The multiclass SVM and softmax losses come in two versions that compute the same numbers: a
*naive* one that loops over examples and classes, written the way the math reads, and a
*vectorized* one without a Python loop over examples, written the way it should run. The
classifier objects keep their parameters as :class:`~minidl.tensor.Tensor` objects and their
``loss`` method fills each parameter's ``.grad`` with the analytic gradient, so any optimizer of
:mod:`minidl.optim` can step them. :func:`fit` is minibatch training with a history.

Conventions (see the notation page): data matrix X of shape (N, D), weights W of shape (D, C),
scores :math:`S = XW + b` of shape (N, C), labels y of shape (N,) in 0..C-1, and the full loss

.. math:: L = \frac1N \sum_i L_i + \lambda R(W), \qquad R(W) = \sum_{k,l} W_{kl}^2 .
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field

import numpy as np

from ._validation import (
    check_array,
    check_bool,
    check_finite,
    check_integer,
    check_labels,
    check_positive,
    check_rng,
    describe,
)
from .layers import (
    _affine_param_grads,
    _softmax_loss,
    _svm_loss,
    affine_backward,
    affine_forward,
    relu_backward,
    relu_forward,
)
from .tensor import Tensor

__all__ = [
    "svm_loss_naive",
    "svm_loss_vectorized",
    "softmax_loss_naive",
    "softmax_loss_vectorized",
    "LinearClassifier",
    "LinearSVM",
    "SoftmaxClassifier",
    "TwoLayerNet",
    "History",
    "fit",
    "accuracy",
]


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------

def _check_data(X, name="X", num_features=None):
    """X as a finite float64 (N, D) array.

    The parameters are float64; a float32 or integer X is converted here, because NumPy's
    matmul of mixed dtypes bypasses BLAS and runs tens of times slower.
    """
    X = check_array(X, name, ndim=2)
    X = X.astype(np.float64, copy=False)
    check_finite(X, name)
    if num_features is not None and X.shape[1] != num_features:
        raise ValueError(f"{name}: expected {num_features} features per row (shape (N, "
                         f"{num_features})), got shape {X.shape}")
    return X


def _check_batch(X, y, num_features, num_classes):
    """A batch checked against the model: X as for :func:`_check_data`, y as int64 labels."""
    X = _check_data(X, "X", num_features=num_features)
    return X, check_labels(y, "y", num_classes=num_classes, length=X.shape[0])


def _check_wxy(W, X, y, reg):
    W = check_finite(check_array(W, "W", ndim=2, float_only=True), "W")
    X, y = _check_batch(X, y, *W.shape)
    reg = check_positive(reg, "reg", allow_zero=True)
    return W, X, y, reg


# The data losses on scores S (N, C) with their gradients dS are those of minidl.layers
# (_svm_loss, _softmax_loss: layers.svm_loss and layers.softmax_loss without the input checks
# that the callers here have already made).


# --------------------------------------------------------------------------------------------
# naive and vectorized losses of a linear classifier (bias trick: b is a row of W)
# --------------------------------------------------------------------------------------------

def svm_loss_naive(W, X, y, reg=0.0, margin=1.0):
    r"""Multiclass SVM (hinge) loss and gradient, with explicit loops over examples and classes.

    Parameters
    ----------
    W : numpy.ndarray
        Weights of shape (D, C), floating.
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
        :math:`L = \frac1N \sum_i L_i + \lambda \sum W^2`.
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
    W, X, y, reg = _check_wxy(W, X, y, reg)
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
    loss = loss / N + reg * np.sum(W * W)
    dW = dW / N + 2.0 * reg * W
    return float(loss), dW


def svm_loss_vectorized(W, X, y, reg=0.0, margin=1.0):
    r"""Multiclass SVM loss and gradient without loops: the same numbers as :func:`svm_loss_naive`.

    Parameters
    ----------
    W : numpy.ndarray
        Weights of shape (D, C), floating.
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
    W, X, y, reg = _check_wxy(W, X, y, reg)
    margin = check_positive(margin, "margin")
    data_loss, dS = _svm_loss(X @ W, y, margin)
    return float(data_loss + reg * np.sum(W * W)), X.T @ dS + 2.0 * reg * W


def softmax_loss_naive(W, X, y, reg=0.0):
    r"""Softmax (cross-entropy) loss and gradient, with explicit loops over examples and classes.

    Parameters
    ----------
    W : numpy.ndarray
        Weights of shape (D, C), floating.
    X : array_like
        Data of shape (N, D).
    y : array_like
        Integer labels of shape (N,) in 0..C-1.
    reg : float, optional
        Regularisation strength :math:`\lambda \ge 0`. Default 0.

    Returns
    -------
    loss : float
        :math:`L = \frac1N \sum_i L_i + \lambda \sum W^2`.
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
    W, X, y, reg = _check_wxy(W, X, y, reg)
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
    loss = loss / N + reg * np.sum(W * W)
    dW = dW / N + 2.0 * reg * W
    return float(loss), dW


def softmax_loss_vectorized(W, X, y, reg=0.0):
    r"""Softmax loss and gradient without loops: the same numbers as :func:`softmax_loss_naive`.

    Parameters
    ----------
    W : numpy.ndarray
        Weights of shape (D, C), floating.
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
    W, X, y, reg = _check_wxy(W, X, y, reg)
    data_loss, dS = _softmax_loss(X @ W, y)
    return float(data_loss + reg * np.sum(W * W)), X.T @ dS + 2.0 * reg * W


# --------------------------------------------------------------------------------------------
# classifier objects
# --------------------------------------------------------------------------------------------

def _affine_params(rng, weight_scale, fan_in, fan_out):
    """Initial W (fan_in, fan_out) ~ weight_scale * N(0, 1) and b = 0 (fan_out,), as Tensors."""
    return (Tensor(weight_scale * rng.standard_normal((fan_in, fan_out)), requires_grad=True),
            Tensor(np.zeros(fan_out), requires_grad=True))


class LinearClassifier:
    r"""A linear classifier :math:`S = XW + b` with a pluggable loss.

    Use :class:`LinearSVM` or :class:`SoftmaxClassifier`; this base class holds what they share.

    Parameters
    ----------
    num_features : int
        D, the length of an input row.
    num_classes : int
        C, at least 2.
    reg : float, optional
        Regularisation strength :math:`\lambda \ge 0` on W (not on b). Default 0.
    weight_scale : float, optional
        Standard deviation of the initial weights, > 0. Default 1e-3.
    rng : numpy.random.Generator or int, optional
        Generator or seed for the initial weights. Default None (seed 0).

    Attributes
    ----------
    W : Tensor
        Weights of shape (D, C), float64, ``requires_grad=True``.
    b : Tensor
        Biases of shape (C,), float64, initialised to 0.

    Notes
    -----
    :meth:`loss` returns :math:`L = \frac1N \sum_i L_i + \lambda \sum W^2` for the batch and
    *sets* ``W.grad`` and ``b.grad`` to

    .. math:: \nabla_W L = X^\top \frac{\partial L}{\partial S} + 2 \lambda W, \qquad
              \nabla_b L = \mathbf 1^\top \frac{\partial L}{\partial S} .

    Examples
    --------
    >>> from minidl.models import LinearSVM
    >>> model = LinearSVM(4, 3, rng=0)
    >>> [p.shape for p in model.parameters()]
    [(4, 3), (3,)]
    """

    def __init__(self, num_features, num_classes, *, reg=0.0, weight_scale=1e-3, rng=None):
        D = check_integer(num_features, "num_features", minimum=1)
        C = check_integer(num_classes, "num_classes", minimum=2)
        self.reg = check_positive(reg, "reg", allow_zero=True)
        weight_scale = check_positive(weight_scale, "weight_scale")
        rng = check_rng(rng)
        self.W, self.b = _affine_params(rng, weight_scale, D, C)

    @property
    def num_features(self):
        """int: D, the input length the classifier expects."""
        return self.W.data.shape[0]

    @property
    def num_classes(self):
        """int: C, the number of classes."""
        return self.W.data.shape[1]

    def parameters(self):
        """The parameters an optimizer updates.

        Returns
        -------
        list of Tensor
            ``[W, b]``.

        Examples
        --------
        >>> from minidl.models import SoftmaxClassifier
        >>> len(SoftmaxClassifier(2, 3).parameters())
        2
        """
        return [self.W, self.b]

    def zero_grad(self):
        """Reset the gradients of all parameters to None.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.models import LinearSVM
        >>> m = LinearSVM(2, 3)
        >>> _ = m.loss(np.ones((1, 2)), np.array([0]))
        >>> m.zero_grad()
        >>> m.W.grad is None
        True
        """
        for p in self.parameters():
            p.grad = None

    def scores(self, X):
        """Class scores :math:`S = XW + b`.

        Parameters
        ----------
        X : array_like
            Data of shape (N, D).

        Returns
        -------
        numpy.ndarray
            Scores of shape (N, C), float64.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.models import LinearSVM
        >>> LinearSVM(5, 3).scores(np.zeros((2, 5))).shape
        (2, 3)
        """
        X = _check_data(X, "X", num_features=self.num_features)
        return X @ self.W.data + self.b.data

    def predict(self, X):
        """Predicted labels: the class with the highest score.

        Parameters
        ----------
        X : array_like
            Data of shape (N, D).

        Returns
        -------
        numpy.ndarray
            int64 labels of shape (N,).

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.models import LinearSVM
        >>> m = LinearSVM(2, 2)
        >>> m.W.data[:] = [[1.0, 0.0], [0.0, 1.0]]
        >>> m.predict(np.array([[3.0, 1.0], [0.0, 2.0]])).tolist()
        [0, 1]
        """
        return np.argmax(self.scores(X), axis=1).astype(np.int64)

    def _data_loss(self, S, y):  # pragma: no cover - overridden
        raise NotImplementedError

    def loss(self, X, y):
        """Loss on a batch; sets ``W.grad`` and ``b.grad`` to its analytic gradient.

        Parameters
        ----------
        X : array_like
            Data of shape (N, D).
        y : array_like
            Integer labels of shape (N,) in 0..C-1.

        Returns
        -------
        float
            The mean data loss plus :math:`\\lambda \\sum W^2`.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.models import SoftmaxClassifier
        >>> m = SoftmaxClassifier(3, 4, weight_scale=1e-9)
        >>> print(f"{m.loss(np.ones((2, 3)), np.array([0, 3])):.4f}")   # about log 4
        1.3863
        >>> m.W.grad.shape, m.b.grad.shape
        ((3, 4), (4,))
        """
        X, y = _check_batch(X, y, self.num_features, self.num_classes)
        W = self.W.data
        data_loss, dS = self._data_loss(X @ W + self.b.data, y)
        self.W.grad = X.T @ dS + 2.0 * self.reg * W
        self.b.grad = dS.sum(axis=0)
        return float(data_loss + self.reg * np.sum(W * W))

    def __repr__(self):
        return (f"{type(self).__name__}(num_features={self.num_features}, "
                f"num_classes={self.num_classes}, reg={self.reg:g})")


class LinearSVM(LinearClassifier):
    r"""Linear classifier trained with the multiclass SVM (hinge) loss.

    Parameters
    ----------
    num_features : int
        D, the length of an input row.
    num_classes : int
        C, at least 2.
    reg : float, optional
        Regularisation strength :math:`\lambda \ge 0`. Default 0.
    margin : float, optional
        The margin :math:`\Delta > 0`. Default 1.
    weight_scale : float, optional
        Standard deviation of the initial weights. Default 1e-3.
    rng : numpy.random.Generator or int, optional
        Generator or seed for the initial weights. Default None (seed 0).

    Notes
    -----
    .. math:: L_i = \sum_{j \ne y_i} \max(0, s_{ij} - s_{iy_i} + \Delta)

    See :func:`svm_loss_vectorized` for the gradient.

    References
    ----------
    :cite:t:`weston1999`; :cite:t:`cs231n`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.models import LinearSVM
    >>> m = LinearSVM(2, 3, reg=0.0, weight_scale=1e-12)
    >>> print(f"{m.loss(np.ones((4, 2)), np.array([0, 1, 2, 0])):.4f}")   # (C - 1) * margin
    2.0000
    """

    def __init__(self, num_features, num_classes, *, reg=0.0, margin=1.0, weight_scale=1e-3,
                 rng=None):
        super().__init__(num_features, num_classes, reg=reg, weight_scale=weight_scale,
                         rng=rng)
        self.margin = check_positive(margin, "margin")

    def _data_loss(self, S, y):
        return _svm_loss(S, y, self.margin)


class SoftmaxClassifier(LinearClassifier):
    r"""Linear classifier trained with the softmax (cross-entropy) loss.

    Parameters
    ----------
    num_features : int
        D, the length of an input row.
    num_classes : int
        C, at least 2.
    reg : float, optional
        Regularisation strength :math:`\lambda \ge 0`. Default 0.
    weight_scale : float, optional
        Standard deviation of the initial weights. Default 1e-3.
    rng : numpy.random.Generator or int, optional
        Generator or seed for the initial weights. Default None (seed 0).

    Notes
    -----
    .. math:: L_i = -\log \frac{e^{s_{iy_i}}}{\sum_k e^{s_{ik}}}

    See :func:`softmax_loss_vectorized` for the gradient.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.models import SoftmaxClassifier
    >>> m = SoftmaxClassifier(2, 10, weight_scale=1e-12)
    >>> print(f"{m.loss(np.ones((4, 2)), np.array([0, 1, 2, 3])):.4f}")   # log 10
    2.3026
    """

    def _data_loss(self, S, y):
        return _softmax_loss(S, y)


class TwoLayerNet:
    r"""A two-layer fully connected network: affine - ReLU - affine - softmax.

    Parameters
    ----------
    input_size : int
        D, the length of an input row.
    hidden_size : int
        H, the number of hidden units.
    num_classes : int
        C, at least 2.
    reg : float, optional
        Regularisation strength :math:`\lambda \ge 0` on W1 and W2. Default 0.
    weight_scale : float, optional
        Standard deviation of the initial weights, > 0. Default 1e-4 (as in CS231n); biases
        start at 0.
    rng : numpy.random.Generator or int, optional
        Generator or seed for the initial weights. Default None (seed 0).

    Attributes
    ----------
    W1, b1, W2, b2 : Tensor
        Parameters of shapes (D, H), (H,), (H, C), (C,), float64.

    Notes
    -----
    Forward and backward, staged (``loss`` runs these stages with the functions of
    :mod:`minidl.layers`):

    .. math::

        Z = XW_1 + b_1, \quad A = \max(0, Z), \quad S = AW_2 + b_2, \quad
        L = \frac1N \sum_i -\log \mathrm{softmax}(s_i)_{y_i} + \lambda(\lVert W_1 \rVert^2
        + \lVert W_2 \rVert^2),

        dS = \tfrac1N (P - Y), \quad dW_2 = A^\top dS + 2\lambda W_2, \quad
        db_2 = \mathbf 1^\top dS, \quad dA = dS\, W_2^\top,

        dZ = dA \odot \mathbb 1[Z > 0], \quad dW_1 = X^\top dZ + 2\lambda W_1, \quad
        db_1 = \mathbf 1^\top dZ .

    References
    ----------
    :cite:t:`cs231n`; :cite:t:`rumelhart1986`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.models import TwoLayerNet
    >>> net = TwoLayerNet(4, 10, 3, rng=0)
    >>> print(f"{net.loss(np.ones((2, 4)), np.array([0, 2])):.4f}")   # about log 3 at start
    1.0986
    >>> [p.grad.shape for p in net.parameters()]
    [(4, 10), (10,), (10, 3), (3,)]
    """

    def __init__(self, input_size, hidden_size, num_classes, *, reg=0.0, weight_scale=1e-4,
                 rng=None):
        D = check_integer(input_size, "input_size", minimum=1)
        H = check_integer(hidden_size, "hidden_size", minimum=1)
        C = check_integer(num_classes, "num_classes", minimum=2)
        self.reg = check_positive(reg, "reg", allow_zero=True)
        weight_scale = check_positive(weight_scale, "weight_scale")
        rng = check_rng(rng)
        self.W1, self.b1 = _affine_params(rng, weight_scale, D, H)
        self.W2, self.b2 = _affine_params(rng, weight_scale, H, C)

    @property
    def num_features(self):
        """int: D, the input length the network expects."""
        return self.W1.data.shape[0]

    @property
    def num_classes(self):
        """int: C, the number of classes."""
        return self.W2.data.shape[1]

    def parameters(self):
        """The parameters an optimizer updates.

        Returns
        -------
        list of Tensor
            ``[W1, b1, W2, b2]``.

        Examples
        --------
        >>> from minidl.models import TwoLayerNet
        >>> len(TwoLayerNet(2, 3, 2).parameters())
        4
        """
        return [self.W1, self.b1, self.W2, self.b2]

    def zero_grad(self):
        """Reset the gradients of all parameters to None.

        Examples
        --------
        >>> from minidl.models import TwoLayerNet
        >>> net = TwoLayerNet(2, 3, 2)
        >>> net.zero_grad()
        >>> net.W1.grad is None
        True
        """
        for p in self.parameters():
            p.grad = None

    def scores(self, X):
        """Class scores :math:`S = \\max(0, XW_1 + b_1) W_2 + b_2`.

        Parameters
        ----------
        X : array_like
            Data of shape (N, D).

        Returns
        -------
        numpy.ndarray
            Scores of shape (N, C), float64.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.models import TwoLayerNet
        >>> TwoLayerNet(4, 5, 3).scores(np.zeros((2, 4))).shape
        (2, 3)
        """
        X = _check_data(X, "X", num_features=self.num_features)
        return self._forward(X)[0]

    def _forward(self, X):
        """Scores of a checked float64 X, staged with :mod:`minidl.layers`, and the caches."""
        hidden, cache1 = affine_forward(X, self.W1.data, self.b1.data)
        active, cache_relu = relu_forward(hidden)
        S, cache2 = affine_forward(active, self.W2.data, self.b2.data)
        return S, (cache1, cache_relu, cache2)

    def predict(self, X):
        """Predicted labels: the class with the highest score.

        Parameters
        ----------
        X : array_like
            Data of shape (N, D).

        Returns
        -------
        numpy.ndarray
            int64 labels of shape (N,).

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.models import TwoLayerNet
        >>> TwoLayerNet(4, 5, 3).predict(np.zeros((2, 4))).shape
        (2,)
        """
        return np.argmax(self.scores(X), axis=1).astype(np.int64)

    def loss(self, X, y):
        """Softmax loss on a batch; sets the ``.grad`` of every parameter (staged backprop).

        Parameters
        ----------
        X : array_like
            Data of shape (N, D).
        y : array_like
            Integer labels of shape (N,) in 0..C-1.

        Returns
        -------
        float
            Mean cross-entropy plus :math:`\\lambda (\\sum W_1^2 + \\sum W_2^2)`.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.models import TwoLayerNet
        >>> net = TwoLayerNet(3, 4, 2, reg=0.1)
        >>> loss = net.loss(np.ones((5, 3)), np.zeros(5, dtype=int))
        >>> net.W1.grad.shape
        (3, 4)
        """
        X, y = _check_batch(X, y, self.num_features, self.num_classes)
        S, (cache1, cache_relu, cache2) = self._forward(X)    # forward, stage by stage
        data_loss, dS = _softmax_loss(S, y)
        dA, dW2, db2 = affine_backward(dS, cache2)              # backward, in reverse order
        dZ = relu_backward(dA, cache_relu)
        dW1, db1 = _affine_param_grads(dZ, X)                   # no dX: X is data
        W1, W2, reg = self.W1.data, self.W2.data, self.reg
        self.W2.grad = dW2 + 2.0 * reg * W2
        self.b2.grad = db2
        self.W1.grad = dW1 + 2.0 * reg * W1
        self.b1.grad = db1
        return float(data_loss + reg * (np.sum(W1 * W1) + np.sum(W2 * W2)))

    def __repr__(self):
        H = self.W1.data.shape[1]
        return (f"TwoLayerNet(input_size={self.num_features}, hidden_size={H}, "
                f"num_classes={self.num_classes}, reg={self.reg:g})")


# --------------------------------------------------------------------------------------------
# training
# --------------------------------------------------------------------------------------------

def accuracy(y_true, y_pred):
    """Fraction of predictions equal to the true labels.

    Parameters
    ----------
    y_true : array_like
        Integer labels of shape (N,).
    y_pred : array_like
        Predicted integer labels of shape (N,).

    Returns
    -------
    float
        A number in [0, 1].

    Examples
    --------
    >>> from minidl.models import accuracy
    >>> accuracy([0, 1, 2, 2], [0, 1, 1, 2])
    0.75
    """
    y_true = check_labels(y_true, "y_true")
    y_pred = check_labels(y_pred, "y_pred", length=y_true.shape[0])
    return float(np.mean(y_true == y_pred))


@dataclass
class History:
    """What :func:`fit` records: the loss of every iteration, accuracies after every epoch.

    Attributes
    ----------
    loss : list of float
        The minibatch loss of every iteration, in order.
    train_accuracy : list of float
        Accuracy on (a fixed sample of up to ``train_eval_size``) training data after each epoch.
    val_accuracy : list of float
        Validation accuracy after each epoch (empty without validation data).
    lr : list of float
        The learning rate used in each epoch.
    iterations_per_epoch : int
        :math:`\\lceil N / B \\rceil`, or :math:`\\lfloor N / B \\rfloor` with ``drop_last``.

    Examples
    --------
    >>> from minidl.models import History
    >>> h = History(loss=[2.3, 2.1], train_accuracy=[0.3], val_accuracy=[0.25], lr=[0.1],
    ...             iterations_per_epoch=2)
    >>> h.epochs
    1
    """

    loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    iterations_per_epoch: int = 0

    @property
    def epochs(self):
        """int: the number of completed epochs."""
        return len(self.train_accuracy)


def _get_lr(optimizer):
    if hasattr(optimizer, "lr"):
        return float(optimizer.lr)
    groups = getattr(optimizer, "param_groups", None)
    if groups:
        return float(groups[0]["lr"])
    return float("nan")


def _scale_lr(optimizer, factor):
    if hasattr(optimizer, "lr"):
        optimizer.lr = optimizer.lr * factor
        return
    for group in getattr(optimizer, "param_groups", []) or []:
        group["lr"] = group["lr"] * factor


def fit(model, X, y, *, X_val=None, y_val=None, optimizer=None, lr=1e-3, epochs=10,
        batch_size=200, lr_decay=1.0, drop_last=False, train_eval_size=1000, rng=None,
        progress=None, stream=None):
    r"""Train a model by minibatch gradient descent and record its history.

    Parameters
    ----------
    model : LinearClassifier or TwoLayerNet
        Anything with ``parameters()``, ``loss(X, y)`` that sets each parameter's ``.grad``, and
        ``predict(X)``.
    X : array_like
        Training data of shape (N, D).
    y : array_like
        Integer training labels of shape (N,).
    X_val : array_like, optional
        Validation data of shape (M, D); accuracy on it is recorded after each epoch.
    y_val : array_like, optional
        Validation labels of shape (M,), required with ``X_val``.
    optimizer : object, optional
        An optimizer from :mod:`minidl.optim` built on ``model.parameters()``. Default
        ``minidl.optim.SGD(model.parameters(), lr=lr)``.
    lr : float, optional
        Learning rate :math:`\eta > 0` of the default optimizer (ignored when ``optimizer`` is
        given). Default 1e-3.
    epochs : int
        Number of passes over the training data, at least 1. Default 10.
    batch_size : int, optional
        B, samples per iteration, at least 1. Default 200.
    lr_decay : float, optional
        Factor in (0, 1] applied to the optimizer's learning rate after every epoch. Default 1.
    drop_last : bool, optional
        Skip the last, smaller batch of an epoch. Default False.
    train_eval_size : int, optional
        Training accuracy is measured on a fixed random sample of this many training examples
        (all of them if N is smaller), to keep evaluation cheap. Default 1000.
    rng : numpy.random.Generator or int, optional
        Generator or seed for shuffling (a fresh order every epoch). Default None (seed 0).
    progress : bool, optional
        Print a line after each epoch (after every k-th epoch, k = ceil(epochs / 25), on long
        runs: at most about 25 lines). Default None: only when the run has at least 2,000
        iterations.
    stream : object, optional
        File-like object for progress lines. Default ``sys.stdout``.

    Returns
    -------
    History
        Loss per iteration, train and validation accuracy and learning rate per epoch.

    Notes
    -----
    Each iteration takes the next minibatch :math:`\mathcal B` of a fresh random permutation,
    computes :math:`L_{\mathcal B}` and its gradient :math:`g_t` with ``model.loss``, and asks
    the optimizer to step; for plain SGD, :math:`\theta_{t+1} = \theta_t - \eta g_t`. An epoch
    is :math:`\lceil N / B \rceil` iterations.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.models import SoftmaxClassifier, fit
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 2)); y = (X[:, 0] > 0).astype(int)
    >>> model = SoftmaxClassifier(2, 2, rng=0)
    >>> history = fit(model, X, y, lr=0.5, epochs=5, batch_size=50, X_val=X, y_val=y)
    >>> len(history.loss), history.iterations_per_epoch, history.epochs
    (20, 4, 5)
    >>> history.val_accuracy[-1] > 0.95
    True
    """
    for name in ("parameters", "loss", "predict"):
        if not callable(getattr(model, name, None)):
            raise TypeError(f"model: expected an object with parameters(), loss(X, y) and "
                            f"predict(X), got {type(model).__name__} without {name}()")
    X = _check_data(X, "X")
    y = check_labels(y, "y", length=X.shape[0])
    if (X_val is None) != (y_val is None):
        raise ValueError("X_val: expected X_val and y_val together, got only one of them")
    if X_val is not None:
        X_val = _check_data(X_val, "X_val", num_features=X.shape[1])
        y_val = check_labels(y_val, "y_val", length=X_val.shape[0])
    epochs = check_integer(epochs, "epochs", minimum=1)
    batch_size = check_integer(batch_size, "batch_size", minimum=1)
    if not 0.0 < check_positive(lr_decay, "lr_decay") <= 1.0:
        raise ValueError(f"lr_decay: expected a number in (0, 1], got {lr_decay}")
    train_eval_size = check_integer(train_eval_size, "train_eval_size", minimum=1)
    check_bool(drop_last, "drop_last")
    if drop_last and batch_size > X.shape[0]:
        raise ValueError(f"batch_size: expected at most {X.shape[0]} (the number of samples) "
                         f"with drop_last=True, got {batch_size}")
    if progress is not None and not isinstance(progress, bool):
        raise TypeError(f"progress: expected a bool or None, got {describe(progress)}")
    rng = check_rng(rng)
    if optimizer is None:
        from .optim import SGD
        optimizer = SGD(model.parameters(), lr=check_positive(lr, "lr"))
    elif not (callable(getattr(optimizer, "step", None))
              and callable(getattr(optimizer, "zero_grad", None))):
        raise TypeError(f"optimizer: expected an object with step() and zero_grad(), got "
                        f"{type(optimizer).__name__}")

    N = X.shape[0]
    per_epoch = N // batch_size if drop_last else -(-N // batch_size)
    if progress is None:
        progress = per_epoch * epochs >= 2000
    out = stream if stream is not None else sys.stdout
    every = -(-epochs // 25)             # at most about 25 progress lines
    eval_idx = np.sort(rng.choice(N, size=min(train_eval_size, N), replace=False))
    history = History(iterations_per_epoch=per_epoch)
    for epoch in range(1, epochs + 1):
        history.lr.append(_get_lr(optimizer))
        order = rng.permutation(N)
        stop = per_epoch * batch_size
        for start in range(0, min(stop, N), batch_size):
            idx = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = model.loss(X[idx], y[idx])
            if not np.isfinite(loss):
                raise FloatingPointError(
                    f"lr: the loss became {loss} at iteration {len(history.loss) + 1}; the "
                    f"learning rate ({history.lr[-1]:g}) is probably too large")
            history.loss.append(loss)
            optimizer.step()
        history.train_accuracy.append(float(np.mean(model.predict(X[eval_idx]) == y[eval_idx])))
        if X_val is not None:
            history.val_accuracy.append(float(np.mean(model.predict(X_val) == y_val)))
        if progress and (epoch % every == 0 or epoch == epochs):
            val = f"  val acc {history.val_accuracy[-1]:.3f}" if X_val is not None else ""
            out.write(f"epoch {epoch:3d}/{epochs}  iteration {len(history.loss):6d}  "
                      f"loss {np.mean(history.loss[-per_epoch:]):.4f}  "
                      f"train acc {history.train_accuracy[-1]:.3f}{val}\n")
            out.flush()
        if lr_decay != 1.0:
            _scale_lr(optimizer, lr_decay)
    return history
