r"""Small two-dimensional test functions for watching optimizers move.

Each landscape is a callable object: ``f(p)`` takes points of shape (..., 2) (a single point
(2,), a path (T, 2) or a grid (H, W, 2)) and returns values of shape (...). ``f.gradient(p)``
returns the analytic gradient with the same shape as ``p``. ``f.minimum`` is the global minimiser
(or ``None``), ``f.bounds`` a plotting window and ``f.start`` a start point that makes the
function's difficulty visible.

:func:`run` drives any optimizer of :mod:`minidl.optim` over a landscape and returns the path.

Points must be real numbers (complex ones are refused, not cast to real); a NaN or an infinity
in a point gives NaN or infinity in the value and the gradient, as NumPy's arithmetic does.
"""
from __future__ import annotations

import numpy as np

from ._validation import check_array, check_finite, check_integer, check_positive, describe
from .tensor import Tensor

__all__ = ["Landscape", "Valley", "Rosenbrock", "Saddle", "Beale", "run"]


def _points(p, name="p"):
    """Validate points of shape (..., 2) and return them as float64 with x and y split."""
    arr = check_array(p, name, dtype=np.float64)
    if arr.shape[-1:] != (2,):
        raise ValueError(f"{name}: expected points of shape (..., 2), got shape {arr.shape}")
    return arr, arr[..., 0], arr[..., 1]


class Landscape:
    """Base class of the test functions: a value and a gradient for points of shape (..., 2).

    Subclasses implement ``_value(x, y)`` and ``_gradient(x, y) -> (dx, dy)`` on arrays.

    Examples
    --------
    >>> from minidl.landscapes import Landscape, Valley
    >>> f = Valley()
    >>> isinstance(f, Landscape)
    True
    >>> print(f([0.0, 0.0]), f.minimum)
    0.0 [0. 0.]
    """

    name = "landscape"
    minimum = None
    bounds = ((-1.0, 1.0), (-1.0, 1.0))
    start = (0.5, 0.5)

    def __call__(self, p):
        _, x, y = _points(p)
        return self._value(x, y)

    def gradient(self, p):
        """Analytic gradient at points ``p``.

        Parameters
        ----------
        p : array_like
            Points of shape (..., 2).

        Returns
        -------
        numpy.ndarray
            The gradient, float64, same shape as ``p``.

        Examples
        --------
        >>> from minidl.landscapes import Valley
        >>> print(Valley(curvature=(1.0, 10.0)).gradient([1.0, 1.0]))
        [ 1. 10.]
        """
        _, x, y = _points(p)
        dx, dy = self._gradient(x, y)
        return np.stack([dx, dy], axis=-1)

    def grid(self, resolution=200):
        """Evaluate the landscape on a grid covering ``bounds``, for contour plots.

        Parameters
        ----------
        resolution : int, optional
            Points per axis. Default 200.

        Returns
        -------
        tuple
            ``(X, Y, Z)``: arrays of shape (resolution, resolution) as for ``plt.contour``.

        Examples
        --------
        >>> from minidl.landscapes import Rosenbrock
        >>> X, Y, Z = Rosenbrock().grid(resolution=5)
        >>> Z.shape
        (5, 5)
        """
        resolution = check_integer(resolution, "resolution", minimum=2)
        (x0, x1), (y0, y1) = self.bounds
        X, Y = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
        return X, Y, self._value(X, Y)

    def _value(self, x, y):
        raise NotImplementedError(
            f"{type(self).__name__}._value: expected a subclass of Landscape to implement "
            f"_value(x, y), its function; {type(self).__name__} does not")

    def _gradient(self, x, y):
        raise NotImplementedError(
            f"{type(self).__name__}._gradient: expected a subclass of Landscape to implement "
            f"_gradient(x, y), its gradient; {type(self).__name__} does not")

    def __repr__(self):
        return f"{type(self).__name__}()"


class Valley(Landscape):
    r"""An ill-conditioned quadratic valley: steep across, shallow along.

    Parameters
    ----------
    curvature : tuple, optional
        The two curvatures :math:`(a, b)`, both > 0. Default (0.2, 4.0): the condition number
        :math:`b / a = 20` makes plain gradient descent zig-zag across the valley.

    Notes
    -----
    .. math:: f(x, y) = \tfrac12 (a x^2 + b y^2), \qquad \nabla f = (a x,\; b y)

    The minimum is 0 at the origin. Gradient descent converges only for :math:`\eta < 2 / b`,
    and along :math:`x` it then shrinks the error by :math:`1 - \eta a` per step — the
    steep direction limits the learning rate, the shallow one sets the speed.

    Examples
    --------
    >>> from minidl.landscapes import Valley
    >>> f = Valley()
    >>> print(f([1.0, 1.0]))
    2.1
    >>> print(f.gradient([1.0, 1.0]))
    [0.2 4. ]
    """

    name = "ill-conditioned valley"
    bounds = ((-6.0, 6.0), (-3.0, 3.0))
    start = (-5.0, 2.0)

    def __init__(self, curvature=(0.2, 4.0)):
        values = check_array(curvature, "curvature", ndim=1, dtype=np.float64)
        if values.shape != (2,) or not np.all((values > 0) & np.isfinite(values)):
            raise ValueError(f"curvature: expected two finite numbers (a, b) > 0, "
                             f"got {curvature!r}")
        a, b = values
        self.a, self.b = float(a), float(b)
        self.minimum = np.zeros(2)

    def _value(self, x, y):
        return 0.5 * (self.a * x**2 + self.b * y**2)

    def _gradient(self, x, y):
        return self.a * x, self.b * y

    def __repr__(self):
        return f"Valley(curvature=({self.a}, {self.b}))"


class Rosenbrock(Landscape):
    r"""Rosenbrock's banana: a curved, flat-bottomed valley.

    Parameters
    ----------
    a, b : float, optional
        Shape parameters. Default ``a=1``, ``b=100``.

    Notes
    -----
    .. math::
        f(x, y) = (a - x)^2 + b (y - x^2)^2, \qquad
        \nabla f = \bigl(-2(a - x) - 4 b x (y - x^2),\; 2 b (y - x^2)\bigr)

    The minimum is 0 at :math:`(a, a^2)`, at the end of a long parabolic valley.

    References
    ----------
    :cite:t:`rosenbrock1960`

    Examples
    --------
    >>> from minidl.landscapes import Rosenbrock
    >>> f = Rosenbrock()
    >>> print(f([1.0, 1.0]), f.minimum)
    0.0 [1. 1.]
    >>> print(f.gradient([0.0, 0.0]))
    [-2.  0.]
    """

    name = "Rosenbrock"
    bounds = ((-2.0, 2.0), (-1.0, 3.0))
    start = (-1.5, 2.5)

    def __init__(self, a=1.0, b=100.0):
        self.a = check_positive(a, "a")
        self.b = check_positive(b, "b")
        self.minimum = np.array([self.a, self.a**2])

    def _value(self, x, y):
        return (self.a - x) ** 2 + self.b * (y - x**2) ** 2

    def _gradient(self, x, y):
        inner = y - x**2
        return -2.0 * (self.a - x) - 4.0 * self.b * x * inner, 2.0 * self.b * inner

    def __repr__(self):
        return f"Rosenbrock(a={self.a}, b={self.b})"


class Saddle(Landscape):
    r"""A saddle point at the origin between two minima.

    Notes
    -----
    .. math::
        f(x, y) = x^2 + \tfrac14 y^4 - \tfrac12 y^2, \qquad
        \nabla f = (2x,\; y^3 - y)

    The origin is a saddle: curving up along :math:`x`, down along :math:`y`. The minima are
    :math:`(0, \pm 1)` with value :math:`-1/4`. Started almost on the ridge (:math:`y \approx 0`),
    the gradient along :math:`y` is tiny and plain gradient descent lingers near the saddle.

    Examples
    --------
    >>> from minidl.landscapes import Saddle
    >>> f = Saddle()
    >>> print(f([0.0, 1.0]), f.gradient([0.0, 0.0]))
    -0.25 [0. 0.]
    """

    name = "saddle"
    bounds = ((-2.0, 2.0), (-1.5, 1.5))
    start = (-1.8, 1e-3)

    def __init__(self):
        self.minimum = np.array([0.0, 1.0])

    def _value(self, x, y):
        return x**2 + 0.25 * y**4 - 0.5 * y**2

    def _gradient(self, x, y):
        return 2.0 * x, y**3 - y


class Beale(Landscape):
    r"""Beale's function: flat plateaus and sharp ridges.

    Notes
    -----
    .. math::
        f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2

    The minimum is 0 at :math:`(3, 0.5)`. The gradient follows from the chain rule: with
    :math:`r_k = c_k - x + x y^k`, :math:`\partial f / \partial x = \sum_k 2 r_k (y^k - 1)` and
    :math:`\partial f / \partial y = \sum_k 2 r_k\, k x y^{k-1}`.

    Examples
    --------
    >>> from minidl.landscapes import Beale
    >>> f = Beale()
    >>> print(f([3.0, 0.5]), f.gradient([3.0, 0.5]))
    0.0 [0. 0.]
    """

    name = "Beale"
    bounds = ((-4.5, 4.5), (-4.5, 4.5))
    start = (1.0, 1.5)
    _constants = (1.5, 2.25, 2.625)

    def __init__(self):
        self.minimum = np.array([3.0, 0.5])

    def _value(self, x, y):
        return sum((c - x + x * y**k) ** 2 for k, c in enumerate(self._constants, start=1))

    def _gradient(self, x, y):
        dx = np.zeros_like(x * y)
        dy = np.zeros_like(x * y)
        for k, c in enumerate(self._constants, start=1):
            r = c - x + x * y**k
            dx = dx + 2.0 * r * (y**k - 1.0)
            dy = dy + 2.0 * r * k * x * y ** (k - 1)
        return dx, dy


def run(optimizer_cls, landscape, start=None, steps=100, **hyper):
    """Run an optimizer on a landscape and record the path it takes.

    Parameters
    ----------
    optimizer_cls : type
        An optimizer class of :mod:`minidl.optim`, called as ``optimizer_cls([p], **hyper)``.
    landscape : Landscape
        The function to minimise.
    start : array_like, optional
        The start point, shape (2,). Default ``landscape.start``.
    steps : int, optional
        Number of optimizer steps. Default 100.
    **hyper
        Hyper-parameters for the optimizer, such as ``lr`` or ``momentum``.

    Returns
    -------
    numpy.ndarray
        The path, float64 of shape (steps + 1, 2): the start, then the point after each step.
        If the iterate stops being finite (divergence), the path ends at the last finite point
        and is shorter.

    Examples
    --------
    >>> from minidl.landscapes import Valley, run
    >>> from minidl.optim import SGD
    >>> path = run(SGD, Valley(), start=(-5.0, 2.0), steps=50, lr=0.1)
    >>> path.shape
    (51, 2)
    >>> bool(Valley()(path[-1]) < Valley()(path[0]))
    True
    """
    if not isinstance(landscape, Landscape):
        raise TypeError(f"landscape: expected a minidl.landscapes.Landscape, "
                        f"got {type(landscape).__name__}")
    if not (isinstance(optimizer_cls, type)
            and all(callable(getattr(optimizer_cls, m, None)) for m in ("step", "zero_grad"))):
        raise TypeError(f"optimizer_cls: expected an optimizer class (such as minidl.optim.SGD, "
                        f"with step() and zero_grad()), got {describe(optimizer_cls)}")
    steps = check_integer(steps, "steps", minimum=0)
    start = landscape.start if start is None else start
    point, _, _ = _points(start, "start")
    if point.shape != (2,):
        raise ValueError(f"start: expected one point of shape (2,), got shape {point.shape}")
    check_finite(point, "start")

    p = Tensor(point.copy(), requires_grad=True)
    optimizer = optimizer_cls([p], **hyper)
    path = [point.copy()]
    for _ in range(steps):
        optimizer.zero_grad()
        p.grad = landscape.gradient(p.data)
        optimizer.step()
        if not np.all(np.isfinite(p.data)):
            break
        path.append(p.data.copy())
    return np.array(path)
