r"""Linear classifiers, a two-layer network, and the loop that trains them.

One model family: every model is a :class:`minidl.nn.Module` whose parameters are
:class:`~minidl.tensor.Tensor` objects and whose forward pass returns class scores. A loss
function of :mod:`minidl.functional` turns the scores into a loss, ``loss.backward()`` fills
each parameter's ``.grad``, and any optimizer of :mod:`minidl.optim` steps them. :func:`fit`
runs that loop for any of these models, :class:`minidl.nn.Sequential` included.

Conventions (see the notation page): data matrix X of shape (N, D), weights W of shape (D, C),
scores :math:`S = XW + b` of shape (N, C), labels y of shape (N,) in 0..C-1, and the full loss

.. math:: L = \frac1N \sum_i L_i + \lambda R(W), \qquad R(W) = \sum_{k,l} W_{kl}^2 .

The package has one module per idea, and every name below is importable from
``minidl.models`` itself:

- ``minidl/models/losses.py`` — the SVM and softmax losses of a linear classifier on arrays,
  :func:`svm_loss_naive` and :func:`softmax_loss_naive` (loops, as the math reads) and
  :func:`svm_loss_vectorized` and :func:`softmax_loss_vectorized` (as it should run).
- ``minidl/models/linear.py`` — :class:`Classifier`, the base with ``predict``, and the linear
  models :class:`LinearClassifier`, :class:`LinearSVM`, :class:`SoftmaxClassifier`.
- ``minidl/models/two_layer.py`` — :class:`TwoLayerNet`, affine - ReLU - affine.
- ``minidl/models/training.py`` — :func:`fit`, its :class:`History`, and :func:`accuracy`.
"""
from .linear import Classifier, LinearClassifier, LinearSVM, SoftmaxClassifier
from .losses import (
    softmax_loss_naive,
    softmax_loss_vectorized,
    svm_loss_naive,
    svm_loss_vectorized,
)
from .training import History, accuracy, fit
from .two_layer import TwoLayerNet

__all__ = [
    "svm_loss_naive",
    "svm_loss_vectorized",
    "softmax_loss_naive",
    "softmax_loss_vectorized",
    "Classifier",
    "LinearClassifier",
    "LinearSVM",
    "SoftmaxClassifier",
    "TwoLayerNet",
    "History",
    "fit",
    "accuracy",
]
