r"""Tensors: NumPy arrays whose operations record how to send gradients back.

:class:`Tensor` is the :class:`~minidl.engine.Node` of the autograd engine plus the operations,
each written the same way: the forward value in NumPy, then the result built with
:meth:`~minidl.Tensor.from_op`, with the local backward rule of every input beside that input
(upstream gradient in, the input's gradient out). Where :mod:`minidl.layers` holds the formula
(relu, sigmoid), the operation calls that one copy, its ``kernel``.

Conventions (the data a tensor takes, and refuses, are those of :class:`Tensor`): a tensor
used twice gets the sum of both contributions, and repeated ``backward`` calls accumulate until
``zero_grad``. Broadcasting in the forward pass becomes a sum over the broadcast axes in the
backward pass. Inside ``with no_grad():`` nothing is recorded. NaN and infinity are values like
any other here: they propagate through every operation as they do in NumPy (with NumPy's
warnings), and ``x.log()`` of a negative entry is NaN. The losses of :mod:`minidl.functional`
are where non-finite scores are refused.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from . import layers
from ._validation import check_array, check_axes, check_flag, describe
from .engine import (Node, is_grad_enabled, no_grad, record_kinks, report_kink,
                     topological_order)

# The engine's switches and its walk of the graph are importable from here too.
__all__ = ["Tensor", "no_grad", "is_grad_enabled", "topological_order", "record_kinks"]


def _unbroadcast(g, shape):
    """Sum ``g`` over the axes that broadcasting added or stretched, to get back ``shape``."""
    if g.ndim > len(shape):
        g = g.sum(axis=tuple(range(g.ndim - len(shape))))
    if g.shape != shape:
        g = g.sum(axis=tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1),
                  keepdims=True)
    return g


def _ints(args, name):
    """``*args`` of reshape or transpose, given as ints or as one tuple or list of ints."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = tuple(args[0])
    if not all(isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in args):
        raise TypeError(f"{name}: expected integers, got {args}")
    return args


def _reduction(data, axis, keepdims, what=None):
    """The checked ``(axes, keepdims)`` of a reduction. A mean or a maximum (``what``) over an
    axis of length 0 is refused: of no elements, it is undefined."""
    axes = check_axes(axis, data.ndim)
    keepdims = check_flag(keepdims, "keepdims")
    if what and any(data.shape[ax] == 0 for ax in axes):
        raise ValueError(f"self: expected elements along the axes of the {what} (the {what} "
                         f"of no elements is undefined), got a tensor of shape {data.shape}")
    return axes, keepdims


def _kept(value, axes, keepdims):
    """A reduction's result computed with ``keepdims=True``, its axes dropped unless kept."""
    return value if keepdims else value.squeeze(axis=axes)


def _spread(g, shape):
    """A new array of ``shape`` holding ``g`` broadcast to it: a reduction's gradient."""
    out = np.empty(shape, dtype=g.dtype)
    out[...] = g
    return out


def _reflected(operation, name="other"):
    """``other <op> self`` for a binary operation of Tensor: ``other`` lifted to a constant
    Tensor, then the operation."""
    def reflected(self, other):
        return operation(self._lift(other, name), self)
    return reflected


def _matmul_grad(g, a, b, wrt):
    """Gradient of ``a @ b`` with respect to ``a`` (``wrt=0``) or ``b`` (``wrt=1``) for 1-D and
    stacked operands: vectors become one-row or one-column matrices, the 2-D formulas apply,
    and the sum over broadcast stack axes undoes NumPy's broadcasting."""
    if a.ndim == 1 and b.ndim == 1:   # the inner product: d(a.b)/da = b, d(a.b)/db = a
        return g * (b if wrt == 0 else a)
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    if a.ndim == 1:
        g = np.expand_dims(g, -2)
    if b.ndim == 1:
        g = np.expand_dims(g, -1)
    if wrt == 0:
        return _unbroadcast(g @ np.swapaxes(b2, -1, -2), a2.shape).reshape(a.shape)
    return _unbroadcast(np.swapaxes(a2, -1, -2) @ g, b2.shape).reshape(b.shape)


class Tensor(Node):
    r"""An array that records the operations applied to it and can back-propagate through them.

    Parameters
    ----------
    data : array_like
        The values, real numbers. A float32 or float64 ``numpy.ndarray`` is used as is (no
        copy, dtype kept); Python numbers, lists and integer or boolean arrays become float64.
        None, strings, complex, object and float16 arrays are refused (``TypeError``).
    requires_grad : bool, optional
        Whether gradients should be computed for this tensor. Default False.
    name : str, optional
        A label used by :func:`minidl.viz.draw_graph` and in the repr. Default None.

    Attributes
    ----------
    data : numpy.ndarray
        The values; optimizers update it in place (``p.data -= lr * p.grad``).
    grad : numpy.ndarray
        The accumulated gradient, same shape and dtype as ``data``, or ``None`` before the
        first backward pass and after :meth:`zero_grad`. May be assigned directly.
    requires_grad : bool
        Whether operations on this tensor are recorded.

    Notes
    -----
    Every operation :math:`z = f(x_1, \dots, x_k)` stores its inputs and, for each, a rule that
    maps the upstream gradient :math:`\partial L / \partial z` to
    :math:`\partial L / \partial x_j = \partial L / \partial z \cdot \partial z / \partial x_j`
    (upstream times local); the module's introduction gives the conventions (broadcasting,
    accumulation, NaN). The attributes and the backward pass come from
    :class:`~minidl.engine.Node`. The truth value of a one-element tensor is that element
    (``bool(Tensor([0.0]))`` is False); a larger tensor has none (``ValueError``), as in NumPy.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> x = Tensor(-2.0, requires_grad=True)
    >>> y = Tensor(5.0, requires_grad=True)
    >>> z = Tensor(-4.0, requires_grad=True)
    >>> f = (x + y) * z
    >>> f.backward()
    >>> print(f.item(), x.grad, y.grad, z.grad)
    -12.0 -4.0 -4.0 3.0
    >>> a = Tensor(np.ones((2, 3), dtype=np.float32), requires_grad=True)
    >>> (a * 2).sum().backward()
    >>> a.grad.dtype, a.grad.shape
    (dtype('float32'), (2, 3))
    """

    __slots__ = ()
    __array_ufunc__ = None   # ndarray (+ - * / @) Tensor defers to the Tensor's operator

    T = property(lambda self: self.transpose(),
                 doc="Tensor: The transpose (axes reversed), see :meth:`transpose`.")

    # -- binary operations: lift the other operand, broadcast, record ------------------------

    def _lift(self, other, name="other"):
        """``other`` as a Tensor: a constant (no gradient) unless it already is one; numbers
        and integer arrays take this tensor's dtype."""
        if isinstance(other, Tensor):
            return other
        if isinstance(other, np.ndarray) and other.dtype.kind == "f" and other.itemsize >= 4:
            arr = other
        elif isinstance(other, numbers.Real) and not isinstance(other, bool):
            arr = np.asarray(other, dtype=self.data.dtype)
        else:
            try:
                arr = check_array(other, name, allow_empty=True)
            except TypeError:
                raise TypeError(f"{name}: expected a Tensor, an array or a number, "
                                f"got {describe(other)}") from None
            if arr.dtype.kind != "f":
                arr = arr.astype(self.data.dtype)
        return Tensor.from_op(arr, "")

    def _binary(self, other, forward, op, name="other"):
        """``(a, b, forward(a.data, b.data))`` with ``b`` lifted to a Tensor; a shape mismatch
        is reported with both shapes instead of NumPy's message."""
        a, b = self, self._lift(other, name)
        try:
            return a, b, forward(a.data, b.data)
        except ValueError:
            try:
                np.broadcast_shapes(a.data.shape, b.data.shape)
            except ValueError:
                raise ValueError(f"{name}: expected a shape that broadcasts with "
                                 f"{a.data.shape} for '{op}', got {b.data.shape}") from None
            raise

    def __add__(self, other):                            # d(a + b)/da = d(a + b)/db = 1
        a, b, out = self._binary(other, np.add, "+")
        return Tensor.from_op(out, "+", (a, lambda g: _unbroadcast(g, a.data.shape)),
                              (b, lambda g: _unbroadcast(g, b.data.shape)))

    def __sub__(self, other):                            # d(a - b)/da = 1, d(a - b)/db = -1
        a, b, out = self._binary(other, np.subtract, "-")
        return Tensor.from_op(out, "-", (a, lambda g: _unbroadcast(g, a.data.shape)),
                              (b, lambda g: _unbroadcast(-g, b.data.shape)))

    def __mul__(self, other):                            # d(ab)/da = b, d(ab)/db = a
        a, b, out = self._binary(other, np.multiply, "*")
        return Tensor.from_op(out, "*", (a, lambda g: _unbroadcast(g * b.data, a.data.shape)),
                              (b, lambda g: _unbroadcast(g * a.data, b.data.shape)))

    def __truediv__(self, other):                        # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
        a, b, out = self._binary(other, np.true_divide, "/")
        return Tensor.from_op(out, "/", (a, lambda g: _unbroadcast(g / b.data, a.data.shape)),
                              (b, lambda g: _unbroadcast(-g * out / b.data, b.data.shape)))

    def __pow__(self, other):                            # d(a^b)/da = b a^(b-1), d/db = a^b ln a
        a, b, out = self._binary(other, np.power, "**", name="exponent")
        return Tensor.from_op(out, "**", (a, lambda g: _unbroadcast(
                                  g * b.data * a.data ** (b.data - 1), a.data.shape)),
                              (b, lambda g: _unbroadcast(g * out * np.log(a.data), b.data.shape)))

    # other + self, other - self, ...: the other operand lifted to a Tensor, then the operation
    __radd__, __rsub__ = _reflected(__add__), _reflected(__sub__)
    __rmul__, __rtruediv__ = _reflected(__mul__), _reflected(__truediv__)
    __rpow__ = _reflected(__pow__, "base")

    def __neg__(self):
        return Tensor.from_op(-self.data, "neg", (self, lambda g: -g))   # d(-a)/da = -1

    def __pos__(self):
        return self

    def maximum(self, other):
        r"""Elementwise maximum of two tensors; the gradient is routed to the larger input.

        Parameters
        ----------
        other : Tensor
            A tensor, array or number whose shape broadcasts with ``self``.

        Returns
        -------
        Tensor
            :math:`\max(a, b)` elementwise, in the broadcast shape.

        Notes
        -----
        The local gradient is 1 for the larger input and 0 for the other ("max routes");
        where both are equal each gets half. The tie is a kink (see
        :class:`~minidl.engine.record_kinks`).

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> z, w = Tensor(2.0, requires_grad=True), Tensor(-1.0, requires_grad=True)
        >>> m = z.maximum(w); m.backward()
        >>> print(m.item(), z.grad, w.grad)
        2.0 1.0 0.0
        """
        a, b, out = self._binary(other, np.maximum, "maximum")
        report_kink(lambda: a.data > b.data)

        def a_wins():
            return (a.data > b.data) + 0.5 * (a.data == b.data)
        return Tensor.from_op(out, "maximum",
                              (a, lambda g: _unbroadcast(g * a_wins(), a.data.shape)),
                              (b, lambda g: _unbroadcast(g * (1 - a_wins()), b.data.shape)))

    def __matmul__(self, other):
        a, b = self, self._lift(other)
        ad, bd = a.data, b.data
        try:
            out = ad @ bd
        except ValueError:
            if ad.ndim == 0 or bd.ndim == 0:
                raise ValueError(f"other: expected operands with at least 1 dimension for "
                                 f"'@', got shapes {ad.shape} and {bd.shape}") from None
            if ad.shape[-1] != bd.shape[-2 if bd.ndim > 1 else 0]:
                raise ValueError(f"other: expected a first dimension of {ad.shape[-1]} to "
                                 f"match {ad.shape} in '@', got shape {bd.shape}") from None
            raise
        if ad.ndim == 2 and bd.ndim == 2:                # dL/dA = G B^T, dL/dB = A^T G
            return Tensor.from_op(out, "@", (a, lambda g: g @ bd.T), (b, lambda g: ad.T @ g))
        return Tensor.from_op(out, "@", (a, lambda g: _matmul_grad(g, ad, bd, 0)),
                              (b, lambda g: _matmul_grad(g, ad, bd, 1)))

    __rmatmul__ = _reflected(__matmul__)

    # -- elementwise functions ------------------------------------------------------------------

    def exp(self):
        r"""Elementwise :math:`e^x`; local gradient :math:`e^x`.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(1.0, requires_grad=True)
        >>> y = x.exp(); y.backward()
        >>> bool(x.grad == y.data)     # the local gradient is the output itself
        True
        """
        out = np.exp(self.data)
        return Tensor.from_op(out, "exp", (self, lambda g: g * out))

    def log(self):
        r"""Elementwise natural logarithm; local gradient :math:`1/x`.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(2.0, requires_grad=True)
        >>> x.log().backward()
        >>> print(x.grad)
        0.5
        """
        return Tensor.from_op(np.log(self.data), "log", (self, lambda g: g / self.data))

    def tanh(self):
        r"""Elementwise hyperbolic tangent; local gradient :math:`1 - \tanh^2 x`.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(3.0, requires_grad=True)
        >>> x.tanh().backward()
        >>> print(f"{x.grad:.4f}")      # saturated: a small gradient far from 0
        0.0099
        """
        out = np.tanh(self.data)
        return Tensor.from_op(out, "tanh", (self, lambda g: g * (1 - out * out)))

    def sigmoid(self):
        r"""Elementwise logistic sigmoid; local gradient :math:`\sigma(x)(1 - \sigma(x))`.

        The formula is :func:`minidl.layers.sigmoid_forward` and its backward pass, which never
        overflow (large negative inputs are safe).

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(0.0, requires_grad=True)
        >>> s = x.sigmoid(); s.backward()
        >>> print(s.item(), x.grad)
        0.5 0.25
        """
        out, cache = layers.sigmoid_forward.kernel(self.data)
        return Tensor.from_op(out, "sigmoid",
                              (self, lambda g: layers.sigmoid_backward.kernel(g, cache)))

    def relu(self):
        r"""Elementwise :math:`\max(0, x)`; the gradient passes where :math:`x > 0`.

        The formula is :func:`minidl.layers.relu_forward` and its backward pass. The local
        gradient is 0 at the kink :math:`x = 0` (see :class:`~minidl.engine.record_kinks`).

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(np.array([-1.0, 2.0]), requires_grad=True)
        >>> x.relu().sum().backward()
        >>> print(x.grad)
        [0. 1.]
        """
        out, cache = layers.relu_forward.kernel(self.data)
        report_kink(lambda: self.data > 0)
        return Tensor.from_op(out, "relu",
                              (self, lambda g: layers.relu_backward.kernel(g, cache)))

    # -- reductions -----------------------------------------------------------------------------

    def sum(self, axis=None, keepdims=False):
        """Sum over ``axis``; the gradient is copied back to every summed element.

        Parameters
        ----------
        axis : int, tuple or None, optional
            Axes to sum over; None (default) sums everything.
        keepdims : bool, optional
            Keep the summed axes with length 1. Default False.

        Notes
        -----
        The sum over no elements (an empty axis) is 0.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
        >>> s = x.sum(axis=0); s.backward(np.array([1.0, 2.0, 3.0]))
        >>> print(s.data, x.grad.tolist())
        [3. 5. 7.] [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]
        """
        axes, keepdims = _reduction(self.data, axis, keepdims)
        total = self.data.sum(axis=axes, keepdims=True)
        return Tensor.from_op(_kept(total, axes, keepdims), "sum",
                              (self, lambda g: _spread(g.reshape(total.shape), self.data.shape)))

    def mean(self, axis=None, keepdims=False):
        """Mean over ``axis``; each element gets the gradient divided by the count.

        Parameters
        ----------
        axis : int, tuple or None, optional
            Axes to average over, as for :meth:`sum`. Default None (all).
        keepdims : bool, optional
            Keep the averaged axes with length 1. Default False.

        Raises
        ------
        ValueError
            If an averaged axis has length 0: the mean of no elements is undefined (NumPy
            would return NaN with a warning).

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(np.array([1.0, 2.0, 6.0]), requires_grad=True)
        >>> m = x.mean(); m.backward()
        >>> print(m.item(), x.grad)
        3.0 [0.3333 0.3333 0.3333]
        """
        axes, keepdims = _reduction(self.data, axis, keepdims, "mean")
        count = math.prod(self.data.shape[ax] for ax in axes)
        average = self.data.sum(axis=axes, keepdims=True) / count
        return Tensor.from_op(_kept(average, axes, keepdims), "mean",
                              (self, lambda g: _spread(g.reshape(average.shape) / count,
                                                       self.data.shape)))

    def max(self, axis=None, keepdims=False):
        """Maximum over ``axis``; the gradient is routed to the maximal element.

        Parameters
        ----------
        axis : int, tuple or None, optional
            Axes to reduce; None (default) reduces everything.
        keepdims : bool, optional
            Keep the reduced axes with length 1. Default False.

        Raises
        ------
        ValueError
            If a reduced axis has length 0: the maximum of no elements is undefined.

        Notes
        -----
        When several elements tie for the maximum, the gradient is shared equally among
        them, so it still sums to the upstream gradient. Which element is maximal is the
        operation's kink (see :class:`~minidl.engine.record_kinks`).

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(np.array([1.0, 5.0, 3.0]), requires_grad=True)
        >>> x.max().backward()
        >>> print(x.grad)
        [0. 1. 0.]
        """
        axes, keepdims = _reduction(self.data, axis, keepdims, "max")
        top = self.data.max(axis=axes, keepdims=True)
        report_kink(lambda: self.data == top)

        def rule(g):   # shared equally among the winners
            winners = self.data == top
            return winners * (g.reshape(top.shape) / winners.sum(axis=axes, keepdims=True))
        return Tensor.from_op(_kept(top, axes, keepdims), "max", (self, rule))

    # -- shape ----------------------------------------------------------------------------------

    def reshape(self, *shape):
        """The same values in a new shape; the gradient is reshaped back.

        Parameters
        ----------
        *shape : int or tuple
            The new shape, as for ``numpy.reshape`` (one entry may be -1).

        Returns
        -------
        Tensor
            Its ``data`` is a view of this tensor's data where NumPy can make one (as
            ``numpy.reshape`` does): an in-place update of one shows in the other.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> Tensor(np.arange(6.0)).reshape(2, 3).shape
        (2, 3)
        """
        shape = _ints(shape, "shape")
        try:
            out = self.data.reshape(shape)
        except (ValueError, TypeError):
            raise ValueError(f"shape: expected a shape with {self.data.size} elements, "
                             f"got {shape}") from None
        return Tensor.from_op(out, "reshape", (self, lambda g: g.reshape(self.data.shape)))

    def transpose(self, *axes):
        """Permute the axes (reverse them by default); the gradient is permuted back.

        Parameters
        ----------
        *axes : int
            A permutation of ``range(ndim)``; none reverses the axes.

        Returns
        -------
        Tensor
            Its ``data`` is a view of this tensor's data, as ``numpy.transpose`` returns.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> Tensor(np.zeros((2, 3))).transpose().shape
        (3, 2)
        >>> Tensor(np.zeros((2, 3, 4))).transpose(1, 0, 2).shape
        (3, 2, 4)
        """
        nd = self.data.ndim
        axes = _ints(axes, "axes") or tuple(range(nd))[::-1]
        normalised = tuple(int(x) % max(nd, 1) if -nd <= x < nd else -1 for x in axes)
        if sorted(normalised) != list(range(nd)):
            raise ValueError(f"axes: expected a permutation of {tuple(range(nd))}, got {axes}")
        inverse = tuple(np.argsort(normalised))
        return Tensor.from_op(self.data.transpose(normalised), "T",
                              (self, lambda g: g.transpose(inverse)))

    def __getitem__(self, index):
        if isinstance(index, Tensor):
            index = index.data
        try:
            out = self.data[index]
        except IndexError as err:
            raise IndexError(f"index: expected a valid index for shape {self.data.shape}, "
                             f"got {index!r} ({err})") from None
        parts = index if isinstance(index, tuple) else (index,)
        advanced = any(isinstance(i, (list, np.ndarray)) for i in parts)

        def rule(g):  # scatter back; repeated indices add up
            grad = np.zeros_like(self.data)
            if advanced:
                np.add.at(grad, index, g)
            else:
                grad[index] = g
            return grad
        return Tensor.from_op(np.asarray(out), "[]", (self, rule))
