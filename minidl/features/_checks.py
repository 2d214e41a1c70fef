"""Input checks shared by the modules of :mod:`minidl.features` (private: not part of the API).

Each check returns the checked value, or raises ``TypeError``/``ValueError`` with minidl's
message form ``"<argument>: expected <what>, got <what came>"``.
"""
from __future__ import annotations

import numpy as np

from .._validation import check_choice, check_integer, describe


def check_pair(value, name):
    """``value`` as a pair of positive ints; an int ``n`` means ``(n, n)``."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = (value, value)
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name}: expected a pair of positive integers, got {describe(value)}")
    return tuple(check_integer(v, name, minimum=1) for v in value)


def check_option(value, name, choices):
    """``value`` if it is one of the strings ``choices``; a non-string is a ``TypeError``."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected one of {', '.join(map(repr, choices))}, "
                        f"got {describe(value)}")
    return check_choice(value, name, choices)


def check_fits(shape, name, need, what):
    """Raise ``ValueError`` unless images of ``shape`` (rows, columns) hold ``need`` pixels."""
    if shape[0] < need[0] or shape[1] < need[1]:
        raise ValueError(f"{name}: expected images of at least {need[0]} x {need[1]} pixels "
                         f"for {what}, got images of {shape[0]} x {shape[1]}")
