"""Input checks shared by the modules of :mod:`minidl.models` (made once, at the public door)."""
from __future__ import annotations

import numpy as np

from .._validation import check_array, check_labels


def check_rows(X, name="X", num_features=None):
    """X as a finite numeric (N, D) array, not copied; D checked against ``num_features``."""
    X = check_array(X, name, ndim=2, finite=True)
    if num_features is not None and X.shape[1] != num_features:
        raise ValueError(f"{name}: expected {num_features} features per row (shape (N, "
                         f"{num_features})), got shape {X.shape}")
    return X


def check_batch(X, y, num_features=None, num_classes=None):
    """A checked batch: X as for :func:`check_rows` in float64, y as int64 labels in 0..C-1.

    X becomes float64 because the arrays it meets are float64, and NumPy's matmul of mixed
    dtypes bypasses BLAS and runs tens of times slower.
    """
    X = check_rows(X, "X", num_features).astype(np.float64, copy=False)
    return X, check_labels(y, "y", num_classes=num_classes, length=X.shape[0])
