r"""A two-layer fully connected network, affine - ReLU - affine, as a :class:`~minidl.nn.Module`.

Its forward pass is the formula written with :class:`~minidl.tensor.Tensor` operations, and
the engine back-propagates it. The staged, by-hand backward pass of the same network is in
:mod:`minidl.layers` (``affine_forward``, ``relu_forward``, ... and their ``*_backward``), where
the book builds it; the tests check that both give the same gradients.
"""
from __future__ import annotations

from .._validation import check_integer, check_positive, check_rng
from .linear import Classifier, _weights

__all__ = ["TwoLayerNet"]


class TwoLayerNet(Classifier):
    r"""A two-layer fully connected network: affine - ReLU - affine, returning class scores.

    Parameters
    ----------
    input_size : int
        D, the length of an input row.
    hidden_size : int
        H, the number of hidden units.
    num_classes : int
        C, at least 2.
    weight_scale : float, optional
        Standard deviation of the initial weights, > 0. Default 1e-4 (as in CS231n); biases
        start at 0.
    rng : numpy.random.Generator or int, optional
        Generator or seed for the initial weights. Default None (seed 0).

    Attributes
    ----------
    W1, b1, W2, b2 : Tensor
        Parameters of shapes (D, H), (H,), (H, C), (C,), float64.
    num_features, hidden_size, num_classes : int
        D, H and C.

    Notes
    -----
    The forward pass, and the loss it is usually trained with (the softmax
    :func:`~minidl.functional.cross_entropy` plus :math:`\lambda` times the
    :func:`~minidl.functional.l2` penalty of the weights, as :func:`minidl.models.fit` adds it
    with ``reg``):

    .. math::

        Z = XW_1 + b_1, \quad A = \max(0, Z), \quad S = AW_2 + b_2, \quad
        L = \frac1N \sum_i -\log \mathrm{softmax}(s_i)_{y_i} + \lambda(\lVert W_1 \rVert^2
        + \lVert W_2 \rVert^2).

    Back-propagation, stage by stage (what the engine computes, and what
    :mod:`minidl.layers` writes out by hand):

    .. math::

        dS = \tfrac1N (P - Y), \quad dW_2 = A^\top dS + 2\lambda W_2, \quad
        db_2 = \mathbf 1^\top dS, \quad dA = dS\, W_2^\top,

        dZ = dA \odot \mathbb 1[Z > 0], \quad dW_1 = X^\top dZ + 2\lambda W_1, \quad
        db_1 = \mathbf 1^\top dZ .

    References
    ----------
    Backpropagation, :cite:t:`rumelhart1986`; the two-layer net of the :cite:t:`cs231n`
    assignments.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.functional import cross_entropy
    >>> from minidl.models import TwoLayerNet
    >>> net = TwoLayerNet(4, 10, 3, rng=0)
    >>> loss = cross_entropy(net(np.ones((2, 4))), np.array([0, 2]))
    >>> print(f"{loss.item():.4f}")   # about log 3 at the start
    1.0986
    >>> loss.backward()
    >>> [p.grad.shape for p in net.parameters()]
    [(4, 10), (10,), (10, 3), (3,)]
    """

    def __init__(self, input_size, hidden_size, num_classes, *, weight_scale=1e-4, rng=None):
        self.num_features = check_integer(input_size, "input_size", minimum=1)
        self.hidden_size = check_integer(hidden_size, "hidden_size", minimum=1)
        self.num_classes = check_integer(num_classes, "num_classes", minimum=2)
        weight_scale = check_positive(weight_scale, "weight_scale")
        rng = check_rng(rng)
        self.W1, self.b1 = _weights(rng, weight_scale, self.num_features, self.hidden_size)
        self.W2, self.b2 = _weights(rng, weight_scale, self.hidden_size, self.num_classes)

    def _scores(self, x):           # S = max(0, X W1 + b1) W2 + b2
        hidden = (x @ self.W1 + self.b1).relu()
        return hidden @ self.W2 + self.b2

    def __repr__(self):
        return (f"TwoLayerNet(input_size={self.num_features}, hidden_size={self.hidden_size}, "
                f"num_classes={self.num_classes})")
