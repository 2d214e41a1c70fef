"""Tolerances of the test suite, and the check that each keeps its margin.

Floating-point results differ in their last digits from one CPU to another: NumPy's OpenBLAS
picks a kernel per processor, and each kernel sums in its own order. So every tolerance in these
tests comes from an error bound, stated in a comment beside it, and keeps a margin of at least
10x over the worst value seen under the kernels of ``../shared/tools/blas-kernels``.

The margin is checked by hand, not in ``make test``: with ``MINIDL_TOLERANCE_MARGIN=10`` in the
environment, every tolerance given to ``numpy.testing.assert_allclose``, ``numpy.allclose``,
``numpy.isclose`` and ``pytest.approx`` (defaults included), and every bound written as
``tol(...)`` in a plain comparison, is divided by 10::

    MINIDL_TOLERANCE_MARGIN=10 ../shared/tools/blas-kernels tests

A run that still passes under every kernel shows the 10x margin.
"""
import functools
import os

import numpy as np
import pytest

MARGIN = float(os.environ.get("MINIDL_TOLERANCE_MARGIN", "1"))

# Machine epsilon of float64: the relative rounding error of one operation is at most EPS / 2.
EPS = float(np.finfo(np.float64).eps)


def tol(bound):
    """``bound`` itself, or ``bound / MINIDL_TOLERANCE_MARGIN`` in a margin check."""
    return bound / MARGIN


def _scale_numpy(function, rtol_default, atol_default):
    @functools.wraps(function)
    def scaled(*args, rtol=rtol_default, atol=atol_default, **kwargs):
        return function(*args, rtol=rtol / MARGIN, atol=atol / MARGIN, **kwargs)
    return scaled


def _scale_approx(approx):
    @functools.wraps(approx)
    def scaled(expected, rel=None, abs=None, nan_ok=False):
        rel = (1e-6 if rel is None else rel) / MARGIN        # pytest.approx's defaults
        abs = (1e-12 if abs is None else abs) / MARGIN
        return approx(expected, rel=rel, abs=abs, nan_ok=nan_ok)
    return scaled


def install_margin_check():
    """Divide the tolerances of NumPy's and pytest's comparisons by ``MARGIN`` (when not 1)."""
    if MARGIN == 1:
        return
    np.testing.assert_allclose = _scale_numpy(np.testing.assert_allclose, 1e-7, 0.0)
    np.allclose = _scale_numpy(np.allclose, 1e-5, 1e-8)
    np.isclose = _scale_numpy(np.isclose, 1e-5, 1e-8)
    pytest.approx = _scale_approx(pytest.approx)
