"""Helpers shared by several test modules (``from helpers import ...``; conftest.py puts this
folder on the import path)."""
import numpy as np
import pytest

from minidl import layers
from minidl.tensor import Tensor


def fresh_params():
    """A new list of one parameter (zeros of shape (2,)) for an optimizer to hold."""
    return [Tensor(np.zeros(2), requires_grad=True)]


def rel_err(a, b):
    """The largest elementwise relative error of ``a`` against ``b`` (floor 1e-8)."""
    return float(np.max(np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-8)))


def random_image(rng, shape, kind):
    """A random image of ``shape``: uint8 in 0..255, or floats of dtype ``kind`` in [0, 1)."""
    if kind == "uint8":
        return rng.integers(0, 256, shape, dtype=np.uint8)
    return rng.random(shape).astype(kind)


def two_layer_by_hand(X, y, W1, b1, W2, b2, loss, hidden="relu"):
    """The staged backward pass of a two-layer net, one layer call after the other: the loss
    and the gradients [dX, dW1, db1, dW2, db2]."""
    forward, backward = {"relu": (layers.relu_forward, layers.relu_backward),
                         "sigmoid": (layers.sigmoid_forward, layers.sigmoid_backward)}[hidden]
    h, c1 = layers.affine_forward(X, W1, b1)
    a, c2 = forward(h)
    s, c3 = layers.affine_forward(a, W2, b2)
    value, ds = loss(s, y)
    da, dW2, db2 = layers.affine_backward(ds, c3)
    dh = backward(da, c2)
    dX, dW1, db1 = layers.affine_backward(dh, c1)
    return value, [dX, dW1, db1, dW2, db2]


def pyplot():
    """matplotlib.pyplot on the Agg backend; the test is skipped where matplotlib is missing."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt
