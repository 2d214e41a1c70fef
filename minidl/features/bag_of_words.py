r"""Bags of visual words: patches, a k-means codebook, and word histograms.

The book's page "Bag of visual words" (docs/features/bag-of-words.md) teaches all three:

- :func:`extract_patches` — every patch on a regular grid of each image;
- :func:`kmeans` — Lloyd's algorithm with k-means++ seeds, which learns the codebook;
- :class:`BagOfVisualWords` — ``fit`` learns the codebook from training images, ``transform``
  describes an image by how often each visual word occurs in it.
"""
from __future__ import annotations

import copy

import numpy as np

from .._validation import (binary_scale, check_array, check_flag, check_integer, check_positive,
                           check_rng)
from ._checks import check_fits, check_pair

__all__ = ["extract_patches", "kmeans", "BagOfVisualWords"]


def extract_patches(images, patch_size=8, stride=4):
    """All square (or rectangular) patches on a regular grid, for every image of a batch.

    Parameters
    ----------
    images : array_like
        A batch of grey images (N, H, W) or colour images (N, H, W, C), any real dtype.
    patch_size : int or tuple, optional
        Patch height and width in pixels; an int means a square patch. Default 8.
    stride : int or tuple, optional
        Step between the top-left corners of neighbouring patches. Default 4.

    Returns
    -------
    numpy.ndarray
        Patches of shape (N, P, ph, pw) or (N, P, ph, pw, C), in the input dtype, with
        P = (1 + (H - ph) // sh) * (1 + (W - pw) // sw) patches per image in row-major order.
        A new, writeable array that shares no memory with ``images``: writing to a patch
        never changes the images (overlapping patches hold separate copies of their pixels).

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.features import extract_patches
    >>> images = np.arange(2 * 6 * 6).reshape(2, 6, 6)
    >>> p = extract_patches(images, patch_size=4, stride=2)
    >>> p.shape
    (2, 4, 4, 4)
    >>> print(p[0, 1])                                   # the second patch: rows 0..3, cols 2..5
    [[ 2  3  4  5]
     [ 8  9 10 11]
     [14 15 16 17]
     [20 21 22 23]]
    """
    size = check_pair(patch_size, "patch_size")
    step = check_pair(stride, "stride")
    arr = check_array(images, "images", ndim=(3, 4), finite=True)
    check_fits(arr.shape[1:3], "images", size, f"patch_size={patch_size!r}")
    return _patch_grid(arr, size, step)


def _patch_grid(arr, size, step):
    """Patches (N, P, ph, pw[, C]) of a checked batch, top-left corners ``step`` pixels apart."""
    win = np.lib.stride_tricks.sliding_window_view(arr, size, axis=(1, 2))
    win = win[:, ::step[0], ::step[1]]                      # (N, nr, nc, [C,] ph, pw)
    if arr.ndim == 4:
        win = np.moveaxis(win, 3, -1)                       # (N, nr, nc, ph, pw, C)
    n, nr, nc = win.shape[:3]
    return np.ascontiguousarray(win).reshape(n, nr * nc, *win.shape[3:])



def _sq_distances(X, centers, x_sq=None):
    """Squared Euclidean distances of shape (N, k), computed with one matrix product."""
    if x_sq is None:
        x_sq = np.einsum("ij,ij->i", X, X)
    d = X @ (-2.0 * centers.T)
    d += x_sq[:, None]
    d += np.einsum("ij,ij->i", centers, centers)
    return np.maximum(d, 0.0, out=d)


def _kmeans_pp(X, k, rng, x_sq):
    """k-means++ seeding: each new centre drawn with probability proportional to D(x)^2."""
    n = X.shape[0]
    centers = np.empty((k, X.shape[1]))
    centers[0] = X[rng.integers(n)]
    closest = _sq_distances(X, centers[:1], x_sq)[:, 0]
    for j in range(1, k):
        total = closest.sum()
        idx = rng.choice(n, p=closest / total) if total > 0 else rng.integers(n)
        centers[j] = X[idx]
        np.minimum(closest, _sq_distances(X, centers[j:j + 1], x_sq)[:, 0], out=closest)
    return centers


def _lloyd(X, centers, max_iter, tol_abs, x_sq):
    """Lloyd iterations from ``centers``; return centres, labels, inertia, iterations."""
    n, k = X.shape[0], centers.shape[0]
    rows = np.arange(n)
    previous = None
    for it in range(1, max_iter + 1):
        d = _sq_distances(X, centers, x_sq)
        labels = d.argmin(axis=1)
        if previous is not None and np.array_equal(labels, previous):
            break                                   # same assignment: the centres are final
        previous = labels
        counts = np.bincount(labels, minlength=k)
        # Sum of the points of each cluster: sort the rows by cluster, add up each run.
        order = np.argsort(labels, kind="stable")
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        filled = counts > 0
        new = np.zeros_like(centers)
        new[filled] = np.add.reduceat(X[order], starts[filled], axis=0)
        new /= np.maximum(counts, 1)[:, None]
        empty = np.flatnonzero(counts == 0)
        if empty.size:
            # An empty cluster restarts at the points worst served by their current centre.
            worst = np.argsort(d[rows, labels])[::-1][:empty.size]
            new[empty] = X[worst]
        shift = ((new - centers) ** 2).sum()
        centers = new
        if shift <= tol_abs:
            break
    d = _sq_distances(X, centers, x_sq)
    labels = d.argmin(axis=1)
    inertia = float(d[rows, labels].sum())
    return centers, labels, inertia, it


def kmeans(X, k, n_init=4, max_iter=100, tol=1e-4, rng=None):
    r"""Cluster the rows of ``X`` into ``k`` groups with Lloyd's algorithm and k-means++ seeds.

    Parameters
    ----------
    X : array_like
        Data of shape (N, D), real, finite.
    k : int
        Number of clusters, 1 <= k <= N.
    n_init : int, optional
        Number of restarts from different k-means++ seeds; the run with the lowest inertia is
        kept. Default 4.
    max_iter : int, optional
        Maximum number of Lloyd iterations per restart. Default 100.
    tol : float, optional
        Stop a restart when the squared movement of all centres, summed, falls below
        ``tol`` times the mean per-feature variance of ``X``. Default 1e-4.
    rng : numpy.random.Generator or int, optional
        Randomness for the seeding; an int is a seed; None means seed 0.

    Returns
    -------
    centers : numpy.ndarray
        float64 cluster centres of shape (k, D).
    labels : numpy.ndarray
        int64 index of the nearest centre for every row, shape (N,).
    inertia : float
        Sum of squared distances of the rows to their nearest centre.

    Raises
    ------
    ValueError
        If ``X`` is not 2-D, empty or non-finite, or ``k`` exceeds the number of rows.
    TypeError
        If ``X`` holds complex values or anything but numbers.

    Notes
    -----
    Lloyd's algorithm :cite:p:`lloyd1982` alternates two steps that each lower the inertia

    .. math:: J = \sum_{i=1}^{N} \min_{j} \lVert x_i - \mu_j \rVert^2 :

    assign every :math:`x_i` to its nearest centre, then move every centre :math:`\mu_j` to the
    mean of its points. Distances come from one matrix product,
    :math:`\lVert x - \mu \rVert^2 = \lVert x \rVert^2 - 2 x^\top \mu + \lVert \mu \rVert^2`.
    k-means++ :cite:p:`arthur2007` picks the first centre uniformly and each next one with
    probability proportional to the squared distance to the closest centre so far. A cluster
    that loses all its points restarts at the point farthest from its centre. A restart ends
    when no point changes its cluster, when the centres move less than ``tol`` allows, or
    after ``max_iter`` iterations.

    Data past about 1e120 in magnitude, whose squared distances would overflow, are clustered
    divided by a power of two (which changes no cluster) and the centres and the inertia scaled
    back; the inertia is ``inf`` only when its value exceeds the float64 range.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.features import kmeans
    >>> rng = np.random.default_rng(0)
    >>> X = np.concatenate([rng.normal(0, 0.1, (50, 2)), rng.normal(5, 0.1, (50, 2))])
    >>> centers, labels, inertia = kmeans(X, 2, rng=0)
    >>> print(np.round(centers[np.argsort(centers[:, 0])]).astype(int))
    [[0 0]
     [5 5]]
    >>> print(np.bincount(labels))
    [50 50]
    """
    X = check_array(X, "X", ndim=2, finite=True).astype(np.float64, copy=False)
    k = check_integer(k, "k", minimum=1)
    if k > len(X):
        raise ValueError(f"k: expected at most {len(X)} clusters (one per row of X), got {k}")
    n_init = check_integer(n_init, "n_init", minimum=1)
    max_iter = check_integer(max_iter, "max_iter", minimum=1)
    tol = check_positive(tol, "tol", allow_zero=True)
    # Squared distances of values past about 1e154 overflow: cluster X / c instead, c a power
    # of two (exact, and the same clusters), and scale the centres and the inertia back.
    c = float(binary_scale(np.max(np.abs(X))))
    centers, labels, inertia = _kmeans(X / c if c != 1 else X, k, n_init, max_iter, tol,
                                       check_rng(rng))
    return centers * c, labels, inertia * c * c


def _kmeans(X, k, n_init, max_iter, tol, rng):
    """The best of ``n_init`` k-means runs on checked float64 data: centres, labels, inertia."""
    tol_abs = tol * float(X.var(axis=0).mean())
    x_sq = np.einsum("ij,ij->i", X, X)
    best = None
    for _ in range(n_init):
        centers, labels, inertia, _ = _lloyd(X, _kmeans_pp(X, k, rng, x_sq), max_iter, tol_abs,
                                             x_sq)
        if best is None or inertia < best[2]:
            best = (centers, labels.astype(np.int64), inertia)
    return best



class BagOfVisualWords:
    r"""Describe images by how often each learned patch pattern ("visual word") occurs.

    ``fit`` cuts dense patches out of training images, normalises their brightness and
    contrast, and clusters them with :func:`kmeans`; the ``k`` centres are the
    :term:`codebook`. ``transform`` assigns every patch of an image to its nearest word and
    returns the normalised word counts.

    Parameters
    ----------
    k : int, optional
        Number of visual words. Default 50.
    patch_size : int or tuple, optional
        Patch size in pixels. Default 6.
    stride : int or tuple, optional
        Step between patches. Default 3.
    max_patches : int, optional
        At most this many training patches, drawn at random, are clustered. Default 20000.
    normalize_patches : bool, optional
        Subtract each patch's mean and divide by its standard deviation (regularised) before
        clustering and assignment. Default True.
    n_init : int, optional
        k-means restarts. Default 2.
    max_iter : int, optional
        k-means iterations per restart. Default 50.
    rng : numpy.random.Generator or int, optional
        Randomness for patch sampling and k-means: a seed (None means seed 0), or a Generator,
        whose state is copied here. Every :meth:`fit` starts from that same state, so fitting
        twice on the same images gives the same codebook (and the Generator passed in is
        never advanced).

    Attributes
    ----------
    codebook_ : numpy.ndarray
        The visual words, float64 of shape (k, ph * pw * C), after ``fit``.
    patch_shape_ : tuple
        Shape of one patch, (ph, pw) or (ph, pw, C), to show the words as images.

    Notes
    -----
    Images of a batch, (N, H, W) grey or (N, H, W, C) colour; ``uint8`` pixels are scaled to
    [0, 1] first. A patch :math:`p` (flattened) is normalised as
    :math:`(p - \bar p) / \sqrt{\operatorname{var}(p) + 0.01}`, so flat patches stay near zero
    instead of amplifying noise. For image :math:`n` with patches :math:`p_1, \dots, p_P` the
    feature is

    .. math:: h_{nj} = \frac{1}{P} \#\{\, i : j = \arg\min_l \lVert p_i - \mu_l \rVert \,\},

    so each row sums to 1 :cite:p:`csurka2004`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.features import BagOfVisualWords
    >>> rng = np.random.default_rng(0)
    >>> images = rng.random((20, 16, 16))
    >>> bovw = BagOfVisualWords(k=8, patch_size=4, stride=4, rng=0).fit(images)
    >>> bovw.codebook_.shape
    (8, 16)
    >>> h = bovw.transform(images[:3])
    >>> h.shape
    (3, 8)
    >>> print(np.round(h.sum(axis=1), 6))
    [1. 1. 1.]
    >>> before = bovw.codebook_.copy()
    >>> print(np.array_equal(bovw.fit(images).codebook_, before))   # the same seed, the same words
    True
    """

    def __init__(self, k=50, patch_size=6, stride=3, max_patches=20000, normalize_patches=True,
                 n_init=2, max_iter=50, rng=None):
        self.k = check_integer(k, "k", minimum=1)
        self.patch_size = check_pair(patch_size, "patch_size")
        self.stride = check_pair(stride, "stride")
        self.max_patches = check_integer(max_patches, "max_patches", minimum=1)
        self.normalize_patches = check_flag(normalize_patches, "normalize_patches")
        self.n_init = check_integer(n_init, "n_init", minimum=1)
        self.max_iter = check_integer(max_iter, "max_iter", minimum=1)
        check_rng(rng)                       # a seed or a Generator, refused now if neither
        self.rng = copy.deepcopy(rng)        # fit draws from a fresh copy of this each time
        self.codebook_ = None
        self.patch_shape_ = None

    def _patches(self, images):
        """Checked images -> float patches (N, P, D), normalised if asked, and a patch's shape."""
        arr = check_array(images, "images", ndim=(3, 4), finite=True)
        check_fits(arr.shape[1:3], "images", self.patch_size, f"patch_size={self.patch_size}")
        p = _patch_grid(arr, self.patch_size, self.stride)
        shape = p.shape[2:]
        p = p.reshape(p.shape[0], p.shape[1], -1).astype(np.float64)
        if arr.dtype == np.uint8:
            p /= 255.0
        if self.normalize_patches:
            p -= p.mean(axis=2, keepdims=True)
            scale = np.einsum("npd,npd->np", p, p)[:, :, None]
            scale /= p.shape[2]
            scale += 0.01
            p /= np.sqrt(scale, out=scale)
        return p, tuple(shape)

    def fit(self, images):
        """Learn the codebook from the patches of a batch of training images.

        Parameters
        ----------
        images : array_like
            Training images, (N, H, W) or (N, H, W, C).

        Returns
        -------
        BagOfVisualWords
            ``self``, with ``codebook_`` and ``patch_shape_`` set.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.features import BagOfVisualWords
        >>> images = np.random.default_rng(1).random((10, 12, 12, 3))
        >>> bovw = BagOfVisualWords(k=5, patch_size=3, stride=3).fit(images)
        >>> bovw.codebook_.shape, bovw.patch_shape_
        ((5, 27), (3, 3, 3))
        """
        p, shape = self._patches(images)
        X = p.reshape(-1, p.shape[2])
        if self.k > len(X):
            raise ValueError(f"k: expected at most {len(X)} visual words (the number of "
                             f"training patches), got {self.k}")
        rng = check_rng(copy.deepcopy(self.rng))           # the same draws on every fit
        if len(X) > self.max_patches:
            X = X[rng.choice(len(X), self.max_patches, replace=False)]
        self.codebook_, _, _ = _kmeans(X, self.k, self.n_init, self.max_iter, 1e-4, rng)
        self.patch_shape_ = shape
        return self

    def transform(self, images):
        """Normalised visual-word histogram of every image.

        Parameters
        ----------
        images : array_like
            Images of the same kind as in ``fit``, (N, H, W) or (N, H, W, C).

        Returns
        -------
        numpy.ndarray
            float64 of shape (N, k); every row sums to 1.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.features import BagOfVisualWords
        >>> images = np.random.default_rng(2).random((6, 12, 12))
        >>> h = BagOfVisualWords(k=4, patch_size=4, stride=2).fit(images).transform(images)
        >>> print(h.shape, np.allclose(h.sum(axis=1), 1))
        (6, 4) True
        """
        if self.codebook_ is None:
            raise ValueError("BagOfVisualWords: expected a fitted codebook (call fit first), "
                             "got an unfitted object")
        p, shape = self._patches(images)
        if shape != self.patch_shape_:
            raise ValueError(f"images: expected patches of shape {self.patch_shape_} as in fit, "
                             f"got {shape}")
        n, count, dim = p.shape
        words = _sq_distances(p.reshape(-1, dim), self.codebook_).argmin(axis=1)
        flat = np.repeat(np.arange(n), count) * self.k + words
        return np.bincount(flat, minlength=n * self.k).reshape(n, self.k) / count

    def fit_transform(self, images):
        """``fit(images)`` followed by ``transform(images)``.

        Parameters
        ----------
        images : array_like
            The training images, as for :meth:`fit`.

        Returns
        -------
        numpy.ndarray
            float64 word histograms of shape (N, k).

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.features import BagOfVisualWords
        >>> images = np.random.default_rng(3).random((6, 8, 8))
        >>> BagOfVisualWords(k=3, patch_size=4, stride=4).fit_transform(images).shape
        (6, 3)
        """
        return self.fit(images).transform(images)
