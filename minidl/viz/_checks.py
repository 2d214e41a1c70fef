"""Input checks shared by the modules of :mod:`minidl.viz` (private: not part of the API).

Each check runs before anything is drawn and raises ``TypeError``/``ValueError`` with minidl's
message form ``"<argument>: expected <what>, got <what came>"``.
"""
from __future__ import annotations

import numbers

from .._validation import check_integer, describe


def check_ax(ax, name="ax"):
    """``ax`` if it is None or a ``matplotlib.axes.Axes`` (matplotlib imported only here)."""
    if ax is not None:
        from matplotlib.axes import Axes
        if not isinstance(ax, Axes):
            raise TypeError(f"{name}: expected a matplotlib.axes.Axes or None, "
                            f"got {describe(ax)}")
    return ax


def check_landscape(landscape, name="landscape"):
    """``landscape`` if it is a :class:`minidl.landscapes.Landscape`."""
    from ..landscapes import Landscape
    if not isinstance(landscape, Landscape):
        raise TypeError(f"{name}: expected a minidl.landscapes.Landscape, "
                        f"got {describe(landscape)}")
    return landscape


def check_captions(labels, count, name="labels"):
    """``labels`` as a list of ``count`` captions, or None (a str is not a list of captions)."""
    if labels is None:
        return None
    if isinstance(labels, (str, bytes)) or not hasattr(labels, "__len__"):
        raise TypeError(f"{name}: expected a list of {count} captions, got {describe(labels)}")
    if len(labels) != count:
        raise ValueError(f"{name}: expected {count} captions (one per image), "
                         f"got {describe(labels)}")
    return [str(text) for text in labels]


def check_size(value, name):
    """A figure size: a pair of positive numbers (inches)."""
    if not (isinstance(value, (tuple, list)) and len(value) == 2
            and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in value)):
        raise TypeError(f"{name}: expected a pair of numbers (inches), got {describe(value)}")
    if not all(0 < v < 1000 for v in value):
        raise ValueError(f"{name}: expected a pair of positive sizes in inches, got {value}")
    return tuple(float(v) for v in value)


def check_shape(value, name):
    """An image shape: a tuple of positive ints, (h, w) or (h, w, 3)."""
    if not isinstance(value, (tuple, list)) or len(value) not in (2, 3):
        raise TypeError(f"{name}: expected a tuple (h, w) or (h, w, 3), got {describe(value)}")
    return tuple(check_integer(v, name, minimum=1) for v in value)
