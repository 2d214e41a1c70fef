r"""Gradient checking: compare an analytic gradient with a numerical one.

The numerical gradient needs only the function, so it is easy to trust and slow (two
evaluations per coordinate); the analytic gradient (backpropagation) is fast and easy to get
wrong. Checking one against the other on small inputs is the standard unit test of a backward
rule.

- :func:`numerical_gradient` -- centred differences of any function of a float64 array.
- :func:`relative_error` -- the scale-free difference of two gradients.
- :func:`gradcheck` -- both at once for a function of :class:`~minidl.tensor.Tensor` inputs,
  returning a :class:`GradcheckResult` that is truthy when the check passed.
"""
from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass

import numpy as np

from ._validation import (check_array, check_callable, check_finite, check_integer,
                          check_positive, check_rng, describe)
from .engine import record_kinks
from .tensor import Tensor

__all__ = ["numerical_gradient", "relative_error", "error_floor", "gradcheck",
           "GradcheckResult", "GradcheckWarning"]


class GradcheckWarning(UserWarning):
    """Warned when a gradient check cannot be trusted (low precision, a kink within h).

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> from minidl.gradcheck import gradcheck, GradcheckWarning
    >>> x = Tensor(np.array([0.0, 1.0]), requires_grad=True)   # relu's kink sits at 0
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     result = gradcheck(lambda t: t.relu().sum(), x)
    >>> [w.category.__name__ for w in caught], result.kinks
    (['GradcheckWarning'], [(0, (0,))])
    """


def numerical_gradient(f, x, h=1e-5, df=None):
    r"""Centred-difference gradient of ``f`` at ``x``, one coordinate at a time.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a number (or, with ``df``, an array). It is called with ``x`` itself,
        perturbed in place; what it returns may share memory with ``x`` (it is copied).
    x : numpy.ndarray
        The point, finite, float64 (float32 works but is imprecise; float16 is refused, its
        round-off swallows any useful step); any shape. It is restored after each
        perturbation, also when ``f`` raises, so it is unchanged on return.
    h : float, optional
        The finite-difference step. Default 1e-5.
    df : numpy.ndarray, optional
        Upstream gradient when ``f`` returns an array, of the shape of ``f(x)``: the result is
        then the gradient of ``sum(f(x) * df)``, a vector-Jacobian product. Default None.

    Returns
    -------
    numpy.ndarray
        The gradient, same shape and dtype as ``x``.

    Notes
    -----
    .. math:: \frac{\partial f}{\partial x_k} \approx \frac{f(x + h e_k) - f(x - h e_k)}{2h}

    The error is :math:`O(h^2)`, against :math:`O(h)` for the one-sided difference; the cost is
    :math:`2D` evaluations of ``f`` for :math:`D` coordinates. A NaN or an infinity in ``x``
    is refused; one that ``f`` returns propagates into the gradient as NumPy's arithmetic
    makes it. A step ``h`` below the spacing of the floating-point numbers at a coordinate
    (the default ``h`` at 1000 in float32, at 1e12 in float64) is lost in rounding,
    :math:`x_k \pm h = x_k`, and the difference there is 0: the round-off that makes
    float32 useless for gradient checks.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.gradcheck import numerical_gradient
    >>> x = np.array([1.0, 2.0, 3.0])
    >>> g = numerical_gradient(lambda v: np.sum(v ** 2), x)
    >>> print(np.round(g, 6))
    [2. 4. 6.]
    >>> print(np.round(numerical_gradient(lambda v: v, x, df=np.ones(3)), 6))
    [1. 1. 1.]
    """
    check_callable(f, "f")
    if not isinstance(x, np.ndarray):
        raise TypeError(f"x: expected a numpy.ndarray (it is perturbed in place), "
                        f"got {describe(x)}")
    check_array(x, "x", float_only=True, finite=True)
    h = check_positive(h, "h")
    _check_perturbable(x, "x", h)
    if df is not None:
        df = check_array(df, "df", allow_empty=True)

    def value(v):
        return _output(f(v), df)

    grad = np.zeros_like(x)
    for k, plus, minus in _centred_differences(value, x, np.ndindex(x.shape), h):
        grad[k] = np.sum((plus - minus) * (1.0 if df is None else df)) / (2 * h)
    return grad


def _check_perturbable(x, name, h):
    """Refuse an array that cannot be perturbed in place by ``h`` and give back a gradient."""
    if not x.flags.writeable:
        raise ValueError(f"{name}: expected a writeable array (it is perturbed in place), got a "
                         f"read-only one")
    if x.dtype == np.float16:
        raise TypeError(f"{name}: expected float32 or float64, got float16 (its spacing "
                        f"{np.finfo(np.float16).eps:.0e} near 1 swallows a step h={h:g})")


def _output(value, df):
    """``f``'s value as a float64 array of its own (``f`` may return ``x`` or a view of it),
    checked against ``df``."""
    try:
        out = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"f: expected a function returning numbers, got {describe(value)}") \
            from None
    if df is None and out.size != 1:
        raise ValueError(f"f: expected a function returning one number (pass df for a "
                         f"function returning an array), got shape {out.shape}")
    if df is not None and out.shape != df.shape:
        raise ValueError(f"df: expected shape {out.shape} (the shape of f(x)), "
                         f"got {df.shape}")
    return out


def _centred_differences(f, x, coords, h):
    """Yield ``(k, f(x + h e_k), f(x - h e_k))`` for each coordinate ``k`` in ``coords``.

    ``x`` is perturbed in place and ``x[k]`` restored after each pair, also when ``f`` raises.
    ``f`` must return values that do not share memory with ``x``.
    """
    for k in coords:
        old = x[k]
        try:
            x[k] = old + h
            plus = f(x)
            x[k] = old - h
            minus = f(x)
        finally:
            x[k] = old
        yield k, plus, minus


def relative_error(a, b, eps=1e-8):
    r"""Largest elementwise relative difference between two arrays.

    Parameters
    ----------
    a : array_like
        One gradient (for example the analytic one).
    b : array_like
        The other, same shape.
    eps : float, optional
        Floor of the denominator, so entries where both sides are (nearly) zero count as
        agreeing. Default 1e-8.

    Returns
    -------
    float
        :math:`\max_k |a_k - b_k| / \max(|a_k|, |b_k|, \epsilon)`; 0.0 when both are zero,
        and 0.0 for empty arrays (nothing disagrees).

    Notes
    -----
    A NaN or an infinity in either array makes the result NaN (with NumPy's warning), which
    compares False with any threshold, so a check ``relative_error(a, b) < tol`` fails.

    Rules of thumb for float64 and smooth functions: below 1e-7 is right, around 1e-4 is
    suspicious unless there are kinks, above 1e-2 is wrong.

    Examples
    --------
    >>> from minidl.gradcheck import relative_error
    >>> print(f"{relative_error([1.0, 0.0], [1.001, 0.0]):.6f}")
    0.000999
    >>> relative_error(0.0, 0.0)
    0.0
    """
    a = check_array(a, "a", allow_empty=True).astype(np.float64, copy=False)
    b = check_array(b, "b", allow_empty=True).astype(np.float64, copy=False)
    if a.shape != b.shape:
        raise ValueError(f"b: expected shape {a.shape} (the shape of a), got {b.shape}")
    check_positive(eps, "eps")
    if a.size == 0:
        return 0.0
    num = np.abs(a - b)
    den = np.maximum(np.maximum(np.abs(a), np.abs(b)), eps)
    return float(np.max(num / den))


def error_floor(f_value, h=1e-5, tol=1e-6):
    r"""Denominator floor of :func:`relative_error` that round-off in a centred difference needs.

    A centred difference evaluates :math:`f` to about :math:`\epsilon_{mach} |f|` and divides
    by :math:`2h`, so it cannot resolve a derivative much smaller than
    :math:`\epsilon_{mach} |f| / h`. Derivatives below this floor are compared on an absolute
    scale instead of a relative one, so that a true zero is not reported as a mismatch.
    :func:`gradcheck` uses this floor by default; pages and tests that compare plain NumPy
    gradients use it to apply the same rule.

    Parameters
    ----------
    f_value : float
        The value of the function at the point (its magnitude sets the round-off).
    h : float, optional
        The finite-difference step. Default 1e-5.
    tol : float, optional
        The relative-error threshold of the check. Default 1e-6.

    Returns
    -------
    float
        :math:`10\,\epsilon_{mach} \max(1, |f|) / (h \cdot tol)`: with it, an absolute
        disagreement above about :math:`10 \epsilon_{mach} \max(1, |f|) / h` still fails.

    Examples
    --------
    >>> from minidl.gradcheck import error_floor, relative_error
    >>> floor = error_floor(2.3)                  # a loss near log(10), h = 1e-5, tol = 1e-6
    >>> print(f"{floor:.1e}")
    5.1e-04
    >>> relative_error([1e-12], [3e-11], eps=floor) < 1e-6   # both are zero within round-off
    True
    """
    if isinstance(f_value, bool) or not isinstance(f_value, numbers.Real):
        raise TypeError(f"f_value: expected a real number, got {describe(f_value)}")
    if not math.isfinite(f_value):
        raise ValueError(f"f_value: expected a finite number, got {f_value}")
    h = check_positive(h, "h")
    tol = check_positive(tol, "tol")
    return 10 * np.finfo(np.float64).eps * max(1.0, abs(f_value)) / (h * tol)


@dataclass(frozen=True, repr=False)
class GradcheckResult:
    """Outcome of :func:`gradcheck`: truthy when every checked coordinate agreed.

    Attributes
    ----------
    passed : bool
        Whether the worst relative error is below ``tol``.
    max_error : float
        The worst relative error over all checked coordinates.
    tensor_index : int
        Which input tensor (position in the call) held the worst coordinate.
    index : tuple
        The coordinate of the worst error within that tensor.
    analytic : float
        The analytic gradient at that coordinate.
    numerical : float
        The numerical gradient at that coordinate.
    errors : list of float
        The worst relative error of each checked tensor.
    checked : int
        How many coordinates were compared.
    kinks : list of tuple
        ``(tensor_index, index)`` of coordinates where a kink lay within ``h``.
    tol : float
        The threshold used.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> from minidl.gradcheck import gradcheck
    >>> x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    >>> result = gradcheck(lambda t: (t * t).sum(), x)
    >>> bool(result), result.checked
    (True, 2)
    """

    passed: bool
    max_error: float
    tensor_index: int
    index: tuple
    analytic: float
    numerical: float
    errors: list
    checked: int
    kinks: list
    tol: float

    def __bool__(self):
        return bool(self.passed)

    def __repr__(self):
        verdict = "passed" if self.passed else "FAILED"
        text = (f"GradcheckResult({verdict}: max relative error {self.max_error:.3e} "
                f"(tol {self.tol:.0e}) over {self.checked} coordinates")
        if self.index is not None:
            text += (f"; worst at input {self.tensor_index}, index {self.index}: "
                     f"analytic {self.analytic:.6g}, numerical {self.numerical:.6g}")
        if self.kinks:
            text += f"; {len(self.kinks)} coordinates within h of a kink"
        return text + ")"


def _scalar_output(out):
    """The value of ``f``'s output, which must be a one-element Tensor."""
    if not isinstance(out, Tensor) or out.data.size != 1:
        raise ValueError(f"f: expected a function returning a scalar Tensor, got "
                         f"{describe(out.data if isinstance(out, Tensor) else out)}")
    return out


def gradcheck(f, *tensors, h=1e-5, tol=1e-6, k=None, rng=None, eps=None):
    r"""Check the gradients that backpropagation gives ``f`` against centred differences.

    Parameters
    ----------
    f : callable
        ``f(*tensors)`` returns a scalar Tensor.
    *tensors : Tensor
        The inputs. Those with ``requires_grad`` are checked (each needs at least one element);
        their ``.grad`` is overwritten.
    h : float, optional
        Finite-difference step. Default 1e-5.
    tol : float, optional
        The check passes when the worst relative error is below ``tol``. Default 1e-6.
    k : int, optional
        Sparse mode: check only ``k`` random coordinates of each tensor instead of all.
        Default None (all coordinates).
    rng : numpy.random.Generator or int, optional
        Chooses the coordinates in sparse mode (a Generator or a seed). Default seed 0.
    eps : float, optional
        Denominator floor of :func:`relative_error`. Default None: derived from the round-off
        of the centred difference, :math:`10\,\epsilon_{mach} \max(1, |f(x)|) / (h \cdot tol)`
        (about 2e-4 for :math:`|f| \approx 1`, ``h=1e-5``, ``tol=1e-6``), so that a true
        derivative of (nearly) zero, which finite differences cannot resolve, is not reported
        as a mismatch; an absolute disagreement above about :math:`10^{-10}` still fails.

    Returns
    -------
    GradcheckResult
        Truthy when passed; its repr names the worst coordinate, so
        ``assert gradcheck(...)`` is a readable unit test.

    Warns
    -----
    GradcheckWarning
        When a checked tensor is not float64 (round-off swamps the comparison), and when a
        kink of a relu, max or hinge lies within ``h`` of a checked coordinate (the two
        gradients may then disagree without either being wrong).

    Notes
    -----
    The analytic gradient comes from one ``backward()`` call. For each checked coordinate
    :math:`x_k` the function is evaluated at :math:`x \pm h e_k` (the coordinate is restored
    afterwards, also when ``f`` raises), each evaluation inside a
    :class:`~minidl.engine.record_kinks` block; if any relu, max or hinge inside ``f`` is on
    different sides of its kink in the two evaluations, a kink lies within ``h`` and the
    coordinate is reported in ``kinks``. Checks nest: ``f`` may itself run ``gradcheck``.

    References
    ----------
    The gradient-check recipe of :cite:t:`cs231n`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> from minidl.gradcheck import gradcheck
    >>> rng = np.random.default_rng(0)
    >>> W = Tensor(rng.normal(size=(3, 2)), requires_grad=True)
    >>> x = Tensor(rng.normal(size=(4, 3)))
    >>> result = gradcheck(lambda W, x: (x @ W).tanh().sum(), W, x)
    >>> bool(result), result.max_error < 1e-8
    (True, True)
    """
    check_callable(f, "f")
    if not tensors:
        raise ValueError("tensors: expected at least one Tensor, got none")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"tensors[{i}]: expected a Tensor, got {describe(t)}")
        check_finite(t.data, f"tensors[{i}]")
    checked = [i for i, t in enumerate(tensors) if t.requires_grad]
    if not checked:
        raise ValueError("tensors: expected at least one Tensor with requires_grad=True, "
                         "got none")
    h = check_positive(h, "h")
    tol = check_positive(tol, "tol")
    if eps is not None:
        eps = check_positive(eps, "eps")
    if k is not None:
        k = check_integer(k, "k", minimum=1)
    rng = check_rng(rng)
    for i in checked:
        data = tensors[i].data
        if data.size == 0:
            raise ValueError(f"tensors[{i}]: expected a tensor with at least one element to "
                             f"check, got shape {data.shape}")
        _check_perturbable(data, f"tensors[{i}]", h)
        if data.dtype != np.float64:
            warnings.warn(f"tensors[{i}] has dtype {data.dtype}: gradient checks need "
                          f"float64, round-off will dominate", GradcheckWarning, stacklevel=2)

    for i in checked:
        tensors[i].grad = None
    out = _scalar_output(f(*tensors))
    out.backward()
    if eps is None:
        # The centred difference carries round-off of about eps_mach * |f| / h; derivatives
        # smaller than that cannot be resolved, so they are compared on an absolute scale.
        eps = error_floor(float(out.data), h, tol)
    analytic = [tensors[i].grad if tensors[i].grad is not None
                else np.zeros_like(tensors[i].data) for i in checked]

    def evaluate(_):
        with record_kinks() as record:
            value = float(_scalar_output(f(*tensors)).data)
        return value, record.sides

    worst = (-1.0, None, None, 0.0, 0.0)
    errors, kinks, count = [], [], 0
    for i, grad in zip(checked, analytic):
        data = tensors[i].data
        if k is None or k >= data.size:
            coords = np.ndindex(data.shape)
        else:
            flat = rng.choice(data.size, size=k, replace=False)
            coords = [tuple(int(c) for c in np.unravel_index(j, data.shape)) for j in flat]
        tensor_worst = 0.0
        for c, (plus, plus_sides), (minus, minus_sides) in _centred_differences(
                evaluate, data, coords, h):
            numeric = (plus - minus) / (2 * h)
            if not _same_sides(plus_sides, minus_sides):
                kinks.append((i, c))
            err = relative_error(grad[c], numeric, eps=eps)
            count += 1
            tensor_worst = max(tensor_worst, err)
            if err > worst[0]:
                worst = (err, i, c, float(grad[c]), numeric)
        errors.append(tensor_worst)
    if kinks:
        warnings.warn(f"{len(kinks)} checked coordinates lie within h={h:g} of a kink "
                      f"(first: input {kinks[0][0]}, index {kinks[0][1]}); the numerical "
                      f"gradient is unreliable there", GradcheckWarning, stacklevel=2)
    err, ti, idx, a, n = worst
    return GradcheckResult(err < tol, err, ti, idx, a, n, errors, count, kinks, tol)


def _same_sides(first, second):
    """Whether two kink records put every kinked element on the same side."""
    return len(first) == len(second) and all(np.array_equal(p, m)
                                             for p, m in zip(first, second))
