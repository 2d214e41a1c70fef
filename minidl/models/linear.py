r"""Linear classifiers as :class:`~minidl.nn.Module`\ s: scores :math:`S = XW + b`.

A classifier here is a score function and nothing more: calling it on a batch returns the class
scores as a :class:`~minidl.tensor.Tensor`, and the loss that trains it comes from
:mod:`minidl.functional` (``svm_loss`` for :class:`LinearSVM`, ``cross_entropy`` for
:class:`SoftmaxClassifier`), so ``loss.backward()`` fills ``W.grad`` and ``b.grad`` and any
optimizer of :mod:`minidl.optim` can step them. :func:`minidl.models.fit` does all of that in a
loop.
"""
from __future__ import annotations

import numpy as np

from .._validation import check_integer, check_positive, check_rng, check_tensor
from ..nn import Module
from ..tensor import Tensor, no_grad
from ._checks import check_rows

__all__ = ["Classifier", "LinearClassifier", "LinearSVM", "SoftmaxClassifier"]


def _weights(rng, weight_scale, fan_in, fan_out):
    """Initial W (fan_in, fan_out) ~ weight_scale * N(0, 1) and b = 0 (fan_out,), as Tensors."""
    return (Tensor(weight_scale * rng.standard_normal((fan_in, fan_out)), requires_grad=True),
            Tensor(np.zeros(fan_out), requires_grad=True))


class Classifier(Module):
    """Base class of the classifiers: a module whose forward returns class scores (N, C).

    A subclass sets ``num_features`` (D) and ``num_classes`` (C) and implements one method,
    ``_scores(x)``, its score function for a batch ``x`` already checked; this class adds
    that check, in :meth:`forward`, and :meth:`predict`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.models import Classifier, SoftmaxClassifier
    >>> from minidl.nn import Module
    >>> model = SoftmaxClassifier(3, 2)
    >>> isinstance(model, Classifier), isinstance(model, Module)
    (True, True)
    """

    num_features = None
    num_classes = None

    def forward(self, X):
        """Class scores of a batch.

        Parameters
        ----------
        X : Tensor or array_like
            Data of shape (N, D).

        Returns
        -------
        Tensor
            Scores of shape (N, C).

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.models import LinearSVM, TwoLayerNet
        >>> LinearSVM(5, 3)(np.zeros((2, 5))).shape
        (2, 3)
        >>> TwoLayerNet(4, 5, 3).forward(np.zeros((2, 4))).shape
        (2, 3)
        """
        return self._scores(check_tensor(X, "X", self.num_features))

    def _scores(self, x):
        """The score function: class scores (N, C) of a checked batch ``x`` (N, D)."""
        raise NotImplementedError(f"{type(self).__name__} must implement forward's score "
                                  f"function, _scores(x)")

    def predict(self, X):
        """Predicted labels: the class with the highest score.

        Parameters
        ----------
        X : array_like
            Data of shape (N, D), finite.

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
        X = check_rows(X, "X", self.num_features)
        with no_grad():
            scores = self(X.astype(np.float64, copy=False))
        return np.argmax(scores.data, axis=1).astype(np.int64)


class LinearClassifier(Classifier):
    r"""A linear classifier: class scores :math:`S = XW + b`.

    :class:`LinearSVM` and :class:`SoftmaxClassifier` are this model under the names of the
    losses that train it; the loss itself is a separate function (:mod:`minidl.functional`).

    Parameters
    ----------
    num_features : int
        D, the length of an input row.
    num_classes : int
        C, at least 2.
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
    num_features, num_classes : int
        D and C.

    Notes
    -----
    For a loss :math:`L` of the scores, back-propagation through :math:`S = XW + b` gives

    .. math:: \nabla_W L = X^\top \frac{\partial L}{\partial S}, \qquad
              \nabla_b L = \mathbf 1^\top \frac{\partial L}{\partial S} .

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.functional import cross_entropy
    >>> from minidl.models import LinearClassifier
    >>> model = LinearClassifier(4, 3, rng=0)
    >>> [p.shape for p in model.parameters()]
    [(4, 3), (3,)]
    >>> cross_entropy(model(np.ones((2, 4))), np.array([0, 2])).backward()
    >>> model.W.grad.shape, model.b.grad.shape
    ((4, 3), (3,))
    """

    def __init__(self, num_features, num_classes, *, weight_scale=1e-3, rng=None):
        self.num_features = check_integer(num_features, "num_features", minimum=1)
        self.num_classes = check_integer(num_classes, "num_classes", minimum=2)
        weight_scale = check_positive(weight_scale, "weight_scale")
        self.W, self.b = _weights(check_rng(rng), weight_scale, self.num_features,
                                  self.num_classes)

    def _scores(self, x):           # S = X W + b
        return x @ self.W + self.b

    def __repr__(self):
        return (f"{type(self).__name__}(num_features={self.num_features}, "
                f"num_classes={self.num_classes})")


class LinearSVM(LinearClassifier):
    r"""Linear classifier trained with the multiclass SVM (hinge) loss.

    Train it with :func:`minidl.functional.svm_loss` (its margin :math:`\Delta` is an argument
    of the loss: ``functools.partial(svm_loss, margin=...)``).

    Parameters
    ----------
    num_features : int
        D, the length of an input row.
    num_classes : int
        C, at least 2.
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
    The multiclass SVM loss of :cite:t:`weston1999`; the linear classifier of :cite:t:`cs231n`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.functional import svm_loss
    >>> from minidl.models import LinearSVM
    >>> m = LinearSVM(2, 3, weight_scale=1e-12)
    >>> loss = svm_loss(m(np.ones((4, 2))), np.array([0, 1, 2, 0]))
    >>> print(f"{loss.item():.4f}")   # (C - 1) * margin
    2.0000
    """


class SoftmaxClassifier(LinearClassifier):
    r"""Linear classifier trained with the softmax (cross-entropy) loss.

    Train it with :func:`minidl.functional.cross_entropy`.

    Parameters
    ----------
    num_features : int
        D, the length of an input row.
    num_classes : int
        C, at least 2.
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
    >>> from minidl.functional import cross_entropy
    >>> from minidl.models import SoftmaxClassifier
    >>> m = SoftmaxClassifier(2, 10, weight_scale=1e-12)
    >>> loss = cross_entropy(m(np.ones((4, 2))), np.array([0, 1, 2, 3]))
    >>> print(f"{loss.item():.4f}")   # log 10
    2.3026
    """
