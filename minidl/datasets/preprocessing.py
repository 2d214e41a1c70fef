r"""The small steps between a data set and a classifier: splits, batches, preprocessing.

:func:`train_val_split` holds out a validation set, :func:`minibatches` deals one epoch of
shuffled batches, :func:`flatten_images` turns images into rows, :class:`Standardizer` centres
(and scales) with training statistics, and :func:`add_bias_dimension` is the bias trick.

All of them take real numbers only (complex, object and string arrays are refused). The
splitting and reshaping functions pass NaN and infinity through untouched, as data;
:class:`Standardizer` refuses them, since its statistics would be NaN.
"""
from __future__ import annotations

import numpy as np

from .._validation import (
    binary_scale,
    check_array,
    check_batch_size,
    check_bool,
    check_float_dtype,
    check_integer,
    check_interval,
    check_labels,
    check_positive,
    check_rng,
)

__all__ = ["train_val_split", "minibatches", "flatten_images", "Standardizer",
           "add_bias_dimension"]


def _check_xy(X, y, xname="X", yname="y"):
    X = check_array(X, xname, ndim=(2, 3, 4))
    y = check_labels(y, yname, length=X.shape[0])
    return X, y


def train_val_split(X, y, val_size=0.1, *, shuffle=True, rng=None):
    """Split samples into a training part and a validation part.

    Parameters
    ----------
    X : array_like
        Samples of shape (N, D) or images of shape (N, H, W) or (N, H, W, C), any real dtype.
    y : array_like
        Integer labels of shape (N,).
    val_size : int or float, optional
        Number of validation samples (an int in 1..N-1) or their fraction (a float in (0, 1)).
        Default 0.1.
    shuffle : bool, optional
        Shuffle before splitting (seeded). If False the last ``val_size`` samples are the
        validation set, as in the CS231n assignment. Default True.
    rng : numpy.random.Generator or int, optional
        Generator or seed for the shuffle. Default None (seed 0).

    Returns
    -------
    X_train, X_val, y_train, y_val : numpy.ndarray
        The two parts, in scikit-learn's order; new arrays (copies, never views of ``X``),
        dtypes unchanged, labels int64.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.datasets import train_val_split
    >>> X = np.arange(20).reshape(10, 2)
    >>> y = np.arange(10) % 2
    >>> X_tr, X_val, y_tr, y_val = train_val_split(X, y, val_size=3, shuffle=False)
    >>> X_tr.shape, X_val.shape, y_val.tolist()
    ((7, 2), (3, 2), [1, 0, 1])
    """
    X, y = _check_xy(X, y)
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"X: expected at least 2 samples to split, got {n}")
    if isinstance(val_size, (float, np.floating)):
        frac = check_interval(float(val_size), "val_size", 0.0, 1.0, closed="neither")
        n_val = min(max(1, int(round(frac * n))), n - 1)
    else:
        n_val = check_integer(val_size, "val_size", minimum=1, maximum=n - 1)
    check_bool(shuffle, "shuffle")
    order = check_rng(rng).permutation(n) if shuffle else np.arange(n)
    tr, va = order[: n - n_val], order[n - n_val:]
    return X[tr], X[va], y[tr], y[va]


def minibatches(X, y, batch_size, *, shuffle=True, drop_last=False, rng=None):
    """Deal ``(X_batch, y_batch)`` pairs that together cover the data set once (one epoch).

    The arguments are checked, and the order drawn, when the function is called; what it
    returns is an iterator over the batches.

    Parameters
    ----------
    X : array_like
        Samples of shape (N, ...) with N >= 1.
    y : array_like
        Integer labels of shape (N,).
    batch_size : int
        Samples per batch B, at least 1.
    shuffle : bool, optional
        Visit samples in a seeded random order (a fresh permutation each call). Default True.
    drop_last : bool, optional
        If N is not a multiple of B, the last batch holds the remaining N mod B samples; with
        ``drop_last=True`` it is skipped instead. Default False.
    rng : numpy.random.Generator or int, optional
        Generator or seed for the shuffle; pass one Generator to get a different order in
        every epoch. Default None (seed 0).

    Returns
    -------
    collections.abc.Iterator
        An iterator of ``(X_batch, y_batch)`` pairs of numpy arrays: ``X_batch`` of shape
        (B, ...) and ``y_batch`` of shape (B,) (the last may be smaller), copies of the rows
        they hold.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.datasets import minibatches
    >>> X, y = np.arange(10).reshape(5, 2), np.arange(5)
    >>> [yb.tolist() for _, yb in minibatches(X, y, 2, shuffle=False)]
    [[0, 1], [2, 3], [4]]
    >>> [yb.tolist() for _, yb in minibatches(X, y, 2, shuffle=False, drop_last=True)]
    [[0, 1], [2, 3]]
    """
    X = check_array(X, "X")
    if X.ndim == 0:
        raise ValueError(f"X: expected samples of shape (N, ...), got shape {X.shape}")
    y = check_labels(y, "y", length=X.shape[0])
    check_bool(shuffle, "shuffle")
    check_bool(drop_last, "drop_last")
    n = X.shape[0]
    batch_size = check_batch_size(batch_size, n, drop_last)
    order = check_rng(rng).permutation(n) if shuffle else np.arange(n)
    stop = n - n % batch_size if drop_last else n
    return _deal(X, y, order, batch_size, stop)


def _deal(X, y, order, batch_size, stop):
    """The batches of checked arrays, in ``order``, up to position ``stop``."""
    for start in range(0, stop, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


def flatten_images(images, dtype=np.float64):
    """Turn images (N, H, W[, C]) into a data matrix X of shape (N, D), D = H * W * C.

    Parameters
    ----------
    images : array_like
        Images of shape (N, H, W) or (N, H, W, C), any real dtype (uint8 typically).
    dtype : numpy.dtype or type, optional
        float32 or float64, the dtype of the result. Default float64.

    Returns
    -------
    numpy.ndarray
        A new array (never a view of ``images``) of shape (N, D) and the requested dtype,
        one image per row.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.datasets import flatten_images
    >>> flatten_images(np.zeros((4, 32, 32, 3), dtype=np.uint8)).shape
    (4, 3072)
    """
    images = check_array(images, "images", ndim=(3, 4))
    dtype = check_float_dtype(dtype)
    if images.dtype.kind == "f" and images.dtype.itemsize > dtype.itemsize:
        top = float(np.max(np.abs(images), where=np.isfinite(images), initial=0.0))
        if top > np.finfo(dtype).max:
            raise ValueError(f"images: expected values within the range of {dtype} "
                             f"(|x| <= {np.finfo(dtype).max:.3g}), got {top:.3g}")
    return images.reshape(images.shape[0], -1).astype(dtype)


class Standardizer:
    r"""Subtract the training mean and divide by the training standard deviation.

    The statistics come from the training data only (:meth:`fit`); :meth:`transform` applies
    the same shift and scale to any data, so validation and test sets see exactly the
    transformation the classifier was trained with. With ``scale=False`` it only subtracts the
    mean: the mean-image centring that CS231n applies to raw pixels.

    Parameters
    ----------
    scale : bool, optional
        Divide by the standard deviation after subtracting the mean. Default True.
    eps : float, optional
        Positions whose standard deviation is below ``eps`` (constant features) are only
        shifted, not scaled. Default 1e-8.

    Attributes
    ----------
    mean_ : numpy.ndarray or None
        The mean training sample, float64 of the shape of one sample ((D,) for rows, (H, W, C)
        for images), after :meth:`fit`.
    std_ : numpy.ndarray or None
        The standard deviations used for scaling, same shape; None with ``scale=False``.

    Notes
    -----
    For every feature (or pixel) :math:`d`, with the :math:`N` training samples:

    .. math:: \tilde x_{id} = \frac{x_{id} - \mu_d}{\sigma_d}, \qquad
              \mu_d = \frac{1}{N} \sum_i x_{id}, \quad
              \sigma_d = \sqrt{\frac{1}{N} \sum_i (x_{id} - \mu_d)^2},

    and :math:`\tilde x_{id} = x_{id} - \mu_d` with ``scale=False``. The same :math:`\mu` and
    :math:`\sigma` transform validation and test data: computing them on those would leak
    information from them into training.

    Data must be finite real numbers (NaN, infinity and complex values are refused). Positions
    whose values reach past about 1e120, where the squares of the variance would overflow,
    are computed on the values divided by a power of two and scaled back, so values near
    1e300 standardise as well as small ones.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.datasets import Standardizer
    >>> X_train = np.array([[1.0, 10.0], [3.0, 10.0]])
    >>> s = Standardizer().fit(X_train)
    >>> print(s.transform(X_train))
    [[-1.  0.]
     [ 1.  0.]]
    >>> print(s.transform(np.array([[5.0, 12.0]])))
    [[3. 2.]]
    >>> centre = Standardizer(scale=False).fit(X_train)      # mean-image centring
    >>> print(centre.mean_, centre.transform(np.array([[5.0, 12.0]])))
    [ 2. 10.] [[3. 2.]]
    """

    def __init__(self, scale=True, eps=1e-8):
        self.scale = check_bool(scale, "scale")
        self.eps = check_positive(eps, "eps")
        self.mean_ = None
        self.std_ = None

    def fit(self, X):
        """Learn the mean (and standard deviation) of every position from training data.

        Parameters
        ----------
        X : array_like
            Training data of shape (N, D) or images of shape (N, H, W) or (N, H, W, C), any
            real dtype, finite, N >= 1.

        Returns
        -------
        Standardizer
            ``self``, fitted, so that ``Standardizer().fit(X).transform(X)`` chains.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.datasets import Standardizer
        >>> s = Standardizer().fit(np.array([[0.0], [2.0]]))
        >>> print(s.mean_, s.std_)
        [1.] [1.]
        """
        X = check_array(X, "X", ndim=(2, 3, 4), finite=True)
        # Values past about 1e154 would overflow the squares of the variance: such positions
        # are computed on X / c, c a power of two (exact), and scaled back.
        c = binary_scale(np.maximum(X.max(axis=0), -X.min(axis=0))) if X.dtype.kind == "f" \
            else 1.0
        if np.any(c != 1):
            X = X / c
        self.mean_ = X.mean(axis=0, dtype=np.float64) * c
        if self.scale:
            std = X.std(axis=0, dtype=np.float64) * c
            self.std_ = np.where(std < self.eps, 1.0, std)
        return self

    def transform(self, X):
        """Standardise data with the statistics learned in :meth:`fit`.

        Parameters
        ----------
        X : array_like
            Data whose samples have the shape of the training samples, finite.

        Returns
        -------
        numpy.ndarray
            float64 array of the same shape as ``X``.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.datasets import Standardizer
        >>> s = Standardizer().fit(np.array([[0.0], [2.0]]))
        >>> print(s.transform(np.array([[4.0]])))
        [[3.]]
        """
        if self.mean_ is None:
            raise ValueError("Standardizer: expected a fitted object (call fit first), got an "
                             "unfitted one")
        X = check_array(X, "X", ndim=(2, 3, 4), finite=True)
        if X.shape[1:] != self.mean_.shape:
            raise ValueError(f"X: expected samples of shape {self.mean_.shape} as in fit, got "
                             f"shape {X.shape[1:]}")
        centred = X - self.mean_
        return centred / self.std_ if self.scale else centred

    def fit_transform(self, X):
        """``fit(X)`` followed by ``transform(X)``.

        Parameters
        ----------
        X : array_like
            Training data of shape (N, D) or (N, H, W[, C]).

        Returns
        -------
        numpy.ndarray
            float64 array of the same shape, each position with mean 0 (and standard
            deviation 1 where it was not constant).

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.datasets import Standardizer
        >>> print(Standardizer().fit_transform(np.array([[0.0], [2.0]])).ravel())
        [-1.  1.]
        """
        return self.fit(X).transform(X)


def add_bias_dimension(X):
    r"""The bias trick: append a constant 1 to every row, so that b becomes a row of W.

    Parameters
    ----------
    X : array_like
        Data of shape (N, D).

    Returns
    -------
    numpy.ndarray
        Array of shape (N, D + 1), float64, whose last column is all ones.

    Notes
    -----
    .. math:: [x_i, 1] \begin{bmatrix} W \\ b \end{bmatrix} = x_i W + b

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.datasets import add_bias_dimension
    >>> add_bias_dimension(np.zeros((2, 3))).tolist()
    [[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 1.0]]
    """
    X = check_array(X, "X", ndim=2)
    return np.hstack([X.astype(np.float64), np.ones((X.shape[0], 1))])
