"""Input checks shared by every public function of minidl.

Each check raises ``TypeError`` (wrong kind of object) or ``ValueError`` (right kind, wrong
value) with a message of the form ``"<argument>: expected <what>, got <what came>"``, so a user
sees which argument was wrong long before NumPy would fail somewhere deep inside.
"""
from __future__ import annotations

import numbers
import sys

import numpy as np

__all__ = [
    "describe",
    "check_array",
    "check_bool",
    "check_flag",
    "check_finite",
    "check_labels",
    "check_integer",
    "check_positive",
    "check_interval",
    "check_choice",
    "check_rng",
]


def describe(x) -> str:
    """A short description of ``x`` for error messages: type, and shape and dtype for arrays."""
    if isinstance(x, np.ndarray):
        return f"array of shape {x.shape} and dtype {x.dtype}"
    if isinstance(x, (list, tuple)):
        return f"{type(x).__name__} of length {len(x)}"
    return f"{x!r} ({type(x).__name__})"


def check_array(x, name, *, ndim=None, dtype=None, float_only=False, allow_empty=False,
                finite=False):
    """Return ``x`` as an ndarray after checking its rank and kind (and values).

    Real numbers only: bools, integers and floats pass; complex values are refused (minidl's
    maths is real-valued, and NumPy would drop the imaginary part with only a warning), as are
    strings, objects and None. ``ndim`` is an int or a tuple of allowed ranks. ``dtype``
    converts after the checks. ``float_only`` demands float32 or float64 (no silent cast of
    integers where precision matters, and no float16, whose three significant digits and
    largest value of 65504 spoil any computation). ``finite`` refuses NaN and infinity
    (:func:`check_finite`), before ``dtype`` converts.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name}: expected an array of numbers, got {describe(x)}")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:  # ragged nested lists and the like
        raise TypeError(f"{name}: expected an array of numbers, got {type(x).__name__} "
                        f"that NumPy cannot convert ({err})") from None
    kind = arr.dtype.kind      # the dtype's family, cheaper to test than np.issubdtype
    if kind == "c":
        raise TypeError(f"{name}: expected real numbers, got dtype {arr.dtype}")
    if kind not in "biufm":    # bool, int, unsigned, float, timedelta (an int)
        raise TypeError(f"{name}: expected an array of numbers, got dtype {arr.dtype}")
    if float_only and (kind != "f" or arr.dtype.itemsize < 4):
        raise TypeError(f"{name}: expected a floating-point array (float32 or float64), "
                        f"got dtype {arr.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(str(d) for d in allowed)
            raise ValueError(f"{name}: expected an array with {want} dimensions, "
                             f"got shape {arr.shape}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name}: expected a non-empty array, got shape {arr.shape}")
    if finite:
        check_finite(arr, name)
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    return arr


def check_finite(arr, name):
    """Raise ``ValueError`` if ``arr`` holds NaN or infinity; return it otherwise.

    A sum of floats is finite only if every term is (an infinity or a NaN makes it infinite or
    NaN), so one summing pass proves a large array finite without a boolean mask as large as
    the array. Only when the sum is not finite (a NaN, an infinity, or an overflow of huge
    finite values) is the array searched for its first bad index, which the message names.
    """
    arr = np.asarray(arr)
    if arr.dtype.kind not in "fc":                               # float or complex
        return arr
    with np.errstate(all="ignore"):          # inf - inf and overflow: checked just below
        total = arr.sum()
    if not np.isfinite(total):
        bad = np.argwhere(~np.isfinite(arr))
        if bad.size:
            where = tuple(int(i) for i in bad[0])
            raise ValueError(f"{name}: expected finite values, got {arr[where]} at index "
                             f"{where}")
    return arr


def check_labels(y, name, *, num_classes=None, length=None):
    """Return integer class labels as an int64 vector of shape (N,), checked against C and N."""
    if isinstance(y, (str, bytes)) or y is None:
        raise TypeError(f"{name}: expected integer class labels, got {describe(y)}")
    arr = np.asarray(y)
    if arr.dtype == object or not (arr.dtype.kind in "ium" or arr.size == 0):  # np.integer
        if np.issubdtype(arr.dtype, np.floating) and arr.size and np.all(arr == np.round(arr)):
            raise TypeError(f"{name}: expected integer class labels, got dtype {arr.dtype} "
                            f"(cast with .astype(int) if these are labels)")
        raise TypeError(f"{name}: expected integer class labels, got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected a vector of shape (N,), got shape {arr.shape}")
    if length is not None and arr.shape[0] != length:
        raise ValueError(f"{name}: expected {length} labels (one per sample), got {arr.shape[0]}")
    if arr.size == 0:
        raise ValueError(f"{name}: expected at least one label, got an empty array")
    low, high = int(arr.min()), int(arr.max())
    if low < 0 or (num_classes is not None and high >= num_classes):
        limit = f"0..{num_classes - 1}" if num_classes is not None else "0 or more"
        raise ValueError(f"{name}: expected labels in {limit}, got values from {low} to {high}")
    return arr.astype(np.int64, copy=False)


def check_bool(value, name):
    """Return ``value`` if it is a ``bool`` (True or False); raise ``TypeError`` otherwise.

    Flags are not truthy values: ``shuffle=1`` or ``shuffle="no"`` is refused, not guessed at.
    """
    if not isinstance(value, bool):
        raise TypeError(f"{name}: expected a bool, got {describe(value)}")
    return value


def check_flag(value, name):
    """Return ``value`` as a ``bool`` if it is a Python or NumPy bool; raise ``TypeError`` if not.

    The lenient sibling of :func:`check_bool`, for switches that a NumPy comparison may
    produce (``np.bool_``); its message asks for "True or False".
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name}: expected True or False, got {describe(value)}")
    return bool(value)


def check_integer(value, name, *, minimum=None, maximum=None):
    """Return ``value`` as an ``int`` after checking its type and bounds (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected an integer, got {describe(value)}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name}: expected an integer >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name}: expected an integer <= {maximum}, got {value}")
    return value


def _check_real(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a real number, got {describe(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name}: expected a finite number, got {value}")
    return value


def check_positive(value, name, *, allow_zero=False):
    """Return ``value`` as a float after checking it is > 0 (or >= 0 with ``allow_zero``)."""
    value = _check_real(value, name)
    if value < 0 or (value == 0 and not allow_zero):
        want = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name}: expected a number {want}, got {value}")
    return value


def check_interval(value, name, low, high, *, closed="left"):
    """Return ``value`` as a float after checking it lies in an interval.

    ``closed`` is one of ``"left"`` for [low, high), ``"right"`` for (low, high], ``"both"``
    and ``"neither"``.
    """
    value = _check_real(value, name)
    left_ok = value >= low if closed in ("left", "both") else value > low
    right_ok = value <= high if closed in ("right", "both") else value < high
    if not (left_ok and right_ok):
        lb = "[" if closed in ("left", "both") else "("
        rb = "]" if closed in ("right", "both") else ")"
        raise ValueError(f"{name}: expected a number in {lb}{low}, {high}{rb}, got {value}")
    return value


def check_choice(value, name, choices):
    """Return ``value`` if it is one of ``choices``; raise ``ValueError`` naming them otherwise."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name}: expected one of {options}, got {value!r}")
    return value


def check_rng(rng, name="rng"):
    """Return a ``numpy.random.Generator`` from a Generator, an int seed, or None (seed 0).

    minidl never touches NumPy's global random state; every random choice goes through the
    Generator returned here.
    """
    if rng is None:
        return np.random.default_rng(0)
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise TypeError(f"{name}: expected a numpy.random.Generator or an integer seed, "
                    f"got {describe(rng)}")


def check_params(params, name="params"):
    """Return parameters as a list after checking each is a float Tensor with requires_grad.

    Any iterable is accepted (such as ``model.parameters()``), but not a single Tensor, an empty
    one, or one that holds the same parameter twice. A Tensor is recognised by its attributes
    (``data``, ``grad``, ``requires_grad``), so this module needs no import of the engine.
    """
    def is_parameter(obj):
        return all(hasattr(obj, a) for a in ("data", "grad", "requires_grad"))

    if is_parameter(params):
        raise TypeError(f"{name}: expected an iterable of Tensor, got a single Tensor "
                        f"(wrap it in a list: [p])")
    if isinstance(params, (str, bytes, np.ndarray)) or params is None:
        raise TypeError(f"{name}: expected an iterable of Tensor, got {describe(params)}")
    try:
        params = list(params)
    except TypeError:
        raise TypeError(f"{name}: expected an iterable of Tensor, "
                        f"got {type(params).__name__}") from None
    if not params:
        raise ValueError(f"{name}: expected at least one parameter, got an empty list")
    seen = set()
    for i, p in enumerate(params):
        if not is_parameter(p):
            raise TypeError(f"{name}[{i}]: expected a Tensor, got {describe(p)}")
        if not p.requires_grad:
            raise ValueError(f"{name}[{i}]: expected a Tensor with requires_grad=True, "
                             f"got one with requires_grad=False")
        if not isinstance(p.data, np.ndarray) or p.data.dtype.kind != "f":
            got = p.data.dtype if isinstance(p.data, np.ndarray) else type(p.data).__name__
            raise TypeError(f"{name}[{i}]: expected floating-point data, got {got}")
        if id(p) in seen:
            raise ValueError(f"{name}[{i}]: expected each parameter once, "
                             f"got a parameter that appears twice")
        seen.add(id(p))
    return params


__all__ += ["check_params"]


def check_axes(axis, ndim, name="axis"):
    """Return a reduction's ``axis`` (an int, a tuple of ints, or None for all) as a tuple of
    non-negative ints, each checked to lie in ``-ndim..ndim-1``. Strings, floats and bools are
    refused, not converted (``axis="1"`` is not axis 1)."""
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    if not all(isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in axes):
        raise TypeError(f"{name}: expected an int, a tuple of ints or None, "
                        f"got {describe(axis)}")
    for a in axes:
        if not -ndim <= a < max(ndim, 1):
            raise ValueError(f"{name}: expected axes in {-ndim}..{ndim - 1} for an array with "
                             f"{ndim} dimensions, got {a}")
    normalised = tuple(int(a) % ndim if ndim else 0 for a in axes)
    if len(set(normalised)) != len(normalised):
        raise ValueError(f"{name}: expected each axis once, got {describe(axis)}")
    return normalised


__all__ += ["check_axes"]


def check_callable(value, name, what="a callable"):
    """Return ``value`` if it can be called; raise ``TypeError`` saying ``what`` was expected."""
    if not callable(value):
        raise TypeError(f"{name}: expected {what}, got {describe(value)}")
    return value


def check_float_dtype(dtype, name="dtype"):
    """Return ``dtype`` as ``numpy.dtype`` float32 or float64; raise ``TypeError`` otherwise."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dtype is None or dt is None or dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        got = dt if dtype is not None and dt is not None else describe(dtype)
        raise TypeError(f"{name}: expected float32 or float64, got {got}")
    return dt


def check_tensor_data(x, name):
    """Return ``x`` as an ndarray that a Tensor takes: real numbers, any shape (empty too),
    float16 refused (three significant digits, overflow past 65504)."""
    arr = check_array(x, name, allow_empty=True)
    if arr.dtype == np.float16:
        raise TypeError(f"{name}: expected float32 or float64 values (or integers, which "
                        f"become float64), got dtype float16")
    return arr


def check_str(value, name):
    """Return ``value`` if it is a ``str``; raise ``TypeError`` otherwise."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a str, got {describe(value)}")
    return value


def binary_scale(top, limit=2.0 ** 400, *, small=True):
    """Powers of two ``c`` (elementwise) that bring magnitudes ``top`` near 1 where needed.

    ``top`` is the largest magnitude of some finite input. An algorithm that squares its input
    (variances, Euclidean distances, gradient magnitudes) overflows float64 past about 1e154,
    or underflows to 0 below about 1e-154, even though its answer is representable; run it on
    ``x / c`` instead and scale the answer back. Where ``top`` exceeds ``limit`` or (with
    ``small``) is below ``1 / limit`` but not 0, ``c`` is the power of two with ``top / c`` in
    [1, 2);
    elsewhere ``c`` is 1, so ordinary input is left alone. Dividing by a power of two is exact
    (barring the subnormal range), so ``x / c`` and the answer carry no new rounding.
    """
    top = np.asarray(top, dtype=np.float64)
    _, exponent = np.frexp(top)             # top = m 2**exponent, 0.5 <= m < 1
    rescale = (top > limit) | (small & (top > 0) & (top < 1.0 / limit))
    return np.where(rescale, np.ldexp(1.0, exponent - 1), 1.0)


__all__ += ["check_callable", "check_float_dtype", "check_tensor_data", "check_str",
            "binary_scale"]


def check_stream(stream, name="stream"):
    """Return ``stream`` if it has a ``write`` method, ``sys.stdout`` for None."""
    if stream is None:
        return sys.stdout
    if not callable(getattr(stream, "write", None)):
        raise TypeError(f"{name}: expected a file-like object with write(), got "
                        f"{describe(stream)}")
    return stream


__all__ += ["check_stream"]


def check_tensor(x, name, num_features=None):
    """Return ``x`` as a Tensor: a Tensor as it is, other data as a constant Tensor.

    With ``num_features`` the tensor must be a batch of shape (N, num_features), the per-call
    check of a layer or a classifier.
    """
    from .tensor import Tensor      # here, not at the top: the engine imports this module
    if not isinstance(x, Tensor):
        if isinstance(x, (str, bytes)) or x is None:
            raise TypeError(f"{name}: expected a Tensor or an array of numbers, got {describe(x)}")
        x = Tensor(check_tensor_data(x, name))
    if num_features is not None and (x.data.ndim != 2 or x.data.shape[1] != num_features):
        raise ValueError(f"{name}: expected shape (N, {num_features}), got {x.data.shape}")
    return x


def check_items(values, name, kind, what):
    """Return ``values`` after checking that each item is a ``kind``; the error names the item:
    ``"<name>[i]: expected <what>, got ..."``."""
    for i, value in enumerate(values):
        if not isinstance(value, kind):
            raise TypeError(f"{name}[{i}]: expected {what}, got {describe(value)}")
    return values


def check_batch_size(batch_size, n, drop_last):
    """Return ``batch_size`` as an int >= 1; with ``drop_last`` it must not exceed the ``n``
    samples, or no batch would ever be full."""
    batch_size = check_integer(batch_size, "batch_size", minimum=1)
    if drop_last and batch_size > n:
        raise ValueError(f"batch_size: expected at most {n} (the number of samples) with "
                         f"drop_last=True, got {batch_size}")
    return batch_size


__all__ += ["check_tensor", "check_items", "check_batch_size"]
