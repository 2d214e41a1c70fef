"""The classic pipeline: several feature functions applied to a batch, their columns stacked.

The book's page "The classic pipeline" (docs/features/pipeline.md) uses :func:`extract_features`
to put hue histograms, HOG and bags of words side by side and measures what each one buys;
the columns are then standardised with :class:`minidl.datasets.Standardizer`.
"""
from __future__ import annotations

import sys
import time

import numpy as np

from .._validation import check_array, check_finite, check_flag, check_integer, describe

__all__ = ["extract_features"]


def extract_features(images, feature_fns, verbose=False, batch_size=1000):
    """Apply several feature functions to a batch of images and stack their outputs.

    Parameters
    ----------
    images : array_like
        A batch of N images; the first axis indexes the images.
    feature_fns : list of callable
        Each maps a batch of images (a slice of ``images`` along the first axis) to an array
        of shape (n, F_i).
    verbose : bool, optional
        Print progress after each chunk of ``batch_size`` images. Default False.
    batch_size : int, optional
        Images processed per call of each function, to bound memory. Default 1000.

    Returns
    -------
    numpy.ndarray
        float64 features of shape (N, F_1 + F_2 + ...), the columns of each function side by
        side in the order given.

    Raises
    ------
    TypeError
        If ``feature_fns`` is neither a function nor a list of functions.
    ValueError
        If ``images`` is empty, no function is given, or a function returns the wrong shape or
        non-finite values (NaN and infinity in ``images`` are passed to the functions, which
        decide).

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.features import color_histogram_hsv, extract_features, hog, rgb_to_gray
    >>> images = np.random.default_rng(0).integers(0, 256, (4, 16, 16, 3), dtype=np.uint8)
    >>> X = extract_features(images, [color_histogram_hsv,
    ...                               lambda x: hog(rgb_to_gray(x), cells_per_block=(2, 2))])
    >>> X.shape                                    # 10 hue bins + 1 block * 4 cells * 9 bins
    (4, 46)
    """
    arr = check_array(images, "images")
    if arr.ndim < 2:
        raise ValueError(f"images: expected a batch with the image index first, "
                         f"got shape {arr.shape}")
    feature_fns = _check_functions(feature_fns)
    verbose = check_flag(verbose, "verbose")
    batch_size = check_integer(batch_size, "batch_size", minimum=1)
    n, chunks, start_time = len(arr), [], time.perf_counter()
    for start in range(0, n, batch_size):
        part = arr[start:start + batch_size]
        chunks.append(np.concatenate([_features(fn, i, part) for i, fn in enumerate(feature_fns)],
                                     axis=1))
        if verbose:
            print(f"extract_features: {min(start + batch_size, n)}/{n} images "
                  f"({time.perf_counter() - start_time:.1f} s)", file=sys.stdout, flush=True)
    return np.concatenate(chunks, axis=0)


def _check_functions(feature_fns):
    """``feature_fns`` as a non-empty list of callables (one callable means a list of one)."""
    if callable(feature_fns):
        return [feature_fns]
    if not isinstance(feature_fns, (list, tuple)):
        raise TypeError(f"feature_fns: expected a list of functions, got {describe(feature_fns)}")
    if not feature_fns:
        raise ValueError("feature_fns: expected a non-empty list of functions, got []")
    for i, fn in enumerate(feature_fns):
        if not callable(fn):
            raise TypeError(f"feature_fns: expected callables, got {describe(fn)} at index {i}")
    return list(feature_fns)


def _features(fn, i, part):
    """``fn(part)`` as float64 of shape (len(part), F), checked: a user's function may be wrong."""
    f = np.asarray(fn(part))
    name = getattr(fn, "__name__", f"feature_fns[{i}]")
    if f.ndim != 2 or f.shape[0] != part.shape[0]:
        raise ValueError(f"feature_fns: expected {name} to return shape "
                         f"({part.shape[0]}, F), got shape {f.shape}")
    return check_finite(f.astype(np.float64, copy=False), f"feature_fns ({name} output)")
