r"""Reverse-mode automatic differentiation over NumPy arrays.

A :class:`Tensor` wraps an ``numpy.ndarray``. Every operation on tensors that need a gradient
returns a new tensor that remembers its inputs (its *parents*) and a small function, written
right beside the forward rule, that turns the gradient arriving at the output (the upstream
gradient) into the gradients of the inputs (upstream times local gradient). Together these
records form the computational graph.

:meth:`minidl.Tensor.backward` walks that graph once, in reverse topological order, and leaves
in every tensor's ``.grad`` the derivative of the output with respect to it. The walk is a loop,
not a recursion, so graphs of any depth work. The ordering needs no search: every tensor is
created after its inputs, so sorting the reachable tensors by creation number, newest first, is
a reverse topological order.

Conventions

- ``.data`` keeps its floating dtype (float32 stays float32); Python numbers, lists and integer
  arrays become float64. ``Tensor(array)`` does not copy: the tensor and the array share memory.
- ``.grad`` has the shape and dtype of ``.data``. Gradients add up: a tensor used twice gets the
  sum of both contributions, and repeated ``backward`` calls accumulate until ``zero_grad``.
- Broadcasting in the forward pass becomes a sum over the broadcast axes in the backward pass.
- Inside ``with no_grad():`` no graph is recorded.
"""
from __future__ import annotations

import itertools
import numbers

import numpy as np

from ._validation import check_array, describe

__all__ = ["Tensor", "no_grad", "is_grad_enabled"]

_GRAD_ENABLED = True
_COUNTER = itertools.count(1)  # creation numbers: a node is always newer than its parents

# Set by minidl.gradcheck while it evaluates a function: operations with a kink (relu, max,
# the hinge of svm_loss) append which side of the kink each element is on, so the checker can
# tell when a finite-difference step of size h crossed one.
_KINK_LOG = None


def is_grad_enabled():
    """Whether operations currently record the computational graph.

    Returns
    -------
    bool
        ``False`` inside a :class:`no_grad` block, ``True`` otherwise.

    Examples
    --------
    >>> from minidl.tensor import is_grad_enabled, no_grad
    >>> is_grad_enabled()
    True
    >>> with no_grad():
    ...     print(is_grad_enabled())
    False
    """
    return _GRAD_ENABLED


class no_grad:
    """Context manager that turns off graph recording (evaluation, parameter updates).

    Inside the block every result has ``requires_grad=False`` and keeps no reference to its
    inputs, so nothing can be back-propagated through it and no memory is spent on the graph.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor, no_grad
    >>> w = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    >>> with no_grad():
    ...     y = (w * 3.0).sum()
    >>> y.requires_grad
    False
    >>> (w * 3.0).sum().requires_grad
    True
    """

    def __enter__(self):
        global _GRAD_ENABLED
        self._previous = _GRAD_ENABLED
        _GRAD_ENABLED = False
        return self

    def __exit__(self, *exc):
        global _GRAD_ENABLED
        _GRAD_ENABLED = self._previous
        return False


def _float_array(data, name):
    """Validated array for a user-facing constructor: floats kept, everything else float64."""
    arr = check_array(data, name, allow_empty=True)
    if not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    return arr


def _unbroadcast(g, shape):
    """Sum ``g`` over the axes that broadcasting added or stretched, to get back ``shape``."""
    if g.shape == shape:
        return g
    extra = g.ndim - len(shape)
    if extra:
        g = g.sum(axis=tuple(range(extra)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    if axes:
        g = g.sum(axis=axes, keepdims=True)
    return g


def _keep_axes(g, axes, keepdims):
    """Upstream gradient ``g`` of a reduction over ``axes``, with those axes back as length 1.

    With ``keepdims`` they are there already; otherwise ``g`` gains them, so that it
    broadcasts against the reduction's input.
    """
    return g if keepdims else np.expand_dims(g, axes)


def _norm_axis(axis, ndim, name="axis"):
    """Axis argument of a reduction as a tuple of non-negative ints (None means all axes)."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, numbers.Integral) and not isinstance(axis, bool) else axis
    try:
        axes = tuple(int(a) for a in axes)
    except TypeError:
        raise TypeError(f"{name}: expected an int, a tuple of ints or None, "
                        f"got {describe(axis)}") from None
    out = []
    for a in axes:
        if not -ndim <= a < max(ndim, 1):
            raise ValueError(f"{name}: expected axes in {-ndim}..{ndim - 1} for a tensor with "
                             f"{ndim} dimensions, got {a}")
        out.append(a % ndim if ndim else 0)
    return tuple(out)


class Tensor:
    r"""An array that records the operations applied to it and can back-propagate through them.

    Parameters
    ----------
    data : array_like
        The values. A floating ``numpy.ndarray`` is used as is (no copy, dtype kept); Python
        numbers, lists and integer or boolean arrays become float64.
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
    Every operation :math:`z = f(x_1, \dots, x_k)` stores its inputs and a rule that maps the
    upstream gradient :math:`\partial L / \partial z` to
    :math:`\partial L / \partial x_j = \partial L / \partial z \cdot \partial z / \partial x_j`
    (upstream times local). Where an input was broadcast, the product is summed over the
    broadcast axes; where an input is used several times, its contributions are added.

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

    __slots__ = ("data", "grad", "requires_grad", "name", "_parents", "_backward", "_op",
                 "_id", "__weakref__")
    # ndarray (+ - * / @) Tensor defers to the Tensor's reflected operator.
    __array_ufunc__ = None

    def __init__(self, data, requires_grad=False, name=None):
        if isinstance(data, Tensor):
            data = data.data
        self.data = _float_array(data, "data")
        if not isinstance(requires_grad, (bool, np.bool_)):
            raise TypeError(f"requires_grad: expected a bool, got {describe(requires_grad)}")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name: expected a str or None, got {describe(name)}")
        self.grad = None
        self.requires_grad = bool(requires_grad)
        self.name = name
        self._parents = ()
        self._backward = None
        self._op = ""
        self._id = next(_COUNTER)

    # -- plumbing -----------------------------------------------------------------------------

    @classmethod
    def _make(cls, data, parents, backward, op):
        """Result of an operation: records the graph only if some parent needs a gradient."""
        t = cls.__new__(cls)
        t.data = data
        t.grad = None
        t.name = None
        t._op = op
        t._id = next(_COUNTER)
        record = False
        if _GRAD_ENABLED:
            for p in parents:
                if p.requires_grad:
                    record = True
                    break
        if record:
            t.requires_grad = True
            t._parents = parents
            t._backward = backward
        else:
            t.requires_grad = False
            t._parents = ()
            t._backward = None
        return t

    def _lift(self, other, name="other"):
        """``other`` as a Tensor: a constant (no gradient) unless it already is one."""
        if isinstance(other, Tensor):
            return other
        if isinstance(other, numbers.Number) and not isinstance(other, (bool, complex)):
            arr = np.asarray(other, dtype=self.data.dtype)
        elif isinstance(other, np.ndarray) and np.issubdtype(other.dtype, np.floating):
            arr = other
        else:
            try:
                arr = check_array(other, name, allow_empty=True)
            except TypeError:
                raise TypeError(f"{name}: expected a Tensor, an array or a number, "
                                f"got {describe(other)}") from None
            if not np.issubdtype(arr.dtype, np.floating):
                arr = arr.astype(self.data.dtype)
        t = Tensor.__new__(Tensor)
        t.data = arr
        t.grad = None
        t.requires_grad = False
        t.name = None
        t._parents = ()
        t._backward = None
        t._op = ""
        t._id = next(_COUNTER)
        return t

    @staticmethod
    def _broadcast_shape(a, b, op):
        try:
            return np.broadcast_shapes(a.data.shape, b.data.shape)
        except ValueError:
            raise ValueError(f"other: expected a shape that broadcasts with {a.data.shape} "
                             f"for '{op}', got {b.data.shape}") from None

    # -- attributes -----------------------------------------------------------------------------

    @property
    def shape(self):
        """tuple: The shape of ``data``."""
        return self.data.shape

    @property
    def ndim(self):
        """int: The number of dimensions of ``data``."""
        return self.data.ndim

    @property
    def dtype(self):
        """numpy.dtype: The dtype of ``data`` (and of ``grad``)."""
        return self.data.dtype

    @property
    def size(self):
        """int: The number of elements of ``data``."""
        return self.data.size

    @property
    def T(self):
        """Tensor: The transpose (axes reversed), see :meth:`transpose`."""
        return self.transpose()

    def item(self):
        """The value of a one-element tensor as a Python float.

        Returns
        -------
        float
            ``data`` as a Python number.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> Tensor([[2.5]]).item()
        2.5
        """
        if self.data.size != 1:
            raise ValueError(f"item: expected a tensor with one element, got shape "
                             f"{self.data.shape}")
        return self.data.item()

    def numpy(self):
        """The underlying ``numpy.ndarray`` (shared, not copied).

        Returns
        -------
        numpy.ndarray
            ``data`` itself.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> Tensor([1, 2]).numpy()
        array([1., 2.])
        """
        return self.data

    def detach(self):
        """A tensor sharing ``data`` but cut from the graph (``requires_grad=False``).

        Returns
        -------
        Tensor
            A new leaf tensor with the same data.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> w = Tensor([1.0], requires_grad=True)
        >>> (w * 2).detach().requires_grad
        False
        """
        return Tensor._make(self.data, (), None, "")

    def __repr__(self):
        body = np.array2string(self.data, precision=4, separator=", ", prefix="Tensor(")
        extra = ", requires_grad=True" if self.requires_grad else ""
        if self.name:
            extra += f", name={self.name!r}"
        return f"Tensor({body}{extra})"

    def __len__(self):
        return len(self.data)

    def __float__(self):
        return float(self.item())

    # -- backward -------------------------------------------------------------------------------

    def backward(self, grad=None):
        r"""Back-propagate from this tensor: fill ``.grad`` of every tensor it depends on.

        Parameters
        ----------
        grad : array_like, optional
            The upstream gradient :math:`\partial L / \partial \text{self}`, same shape as
            ``self``. May be omitted only for a one-element tensor, where it is 1.

        Notes
        -----
        The tensors that need a gradient are collected from ``self`` with an explicit stack,
        then visited newest first (creation order is a topological order). Each one hands its
        accumulated gradient to its backward rule, which returns one gradient per parent; a
        parent reached along several paths receives the sum. Every visited tensor keeps its
        gradient in ``.grad``, added to what was there before.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(3.0, requires_grad=True)
        >>> y = x * x + x          # x is used three times: the gradients add up
        >>> y.backward()
        >>> print(x.grad)
        7.0
        >>> v = Tensor(np.array([1.0, 2.0]), requires_grad=True)
        >>> (v * v).backward(np.array([1.0, 0.5]))
        >>> print(v.grad)
        [2. 2.]
        """
        if not self.requires_grad:
            raise RuntimeError("backward: this tensor does not require a gradient (create "
                               "its inputs with requires_grad=True, outside no_grad())")
        if grad is None:
            if self.data.size != 1:
                raise ValueError(f"grad: expected an explicit gradient for a non-scalar "
                                 f"tensor of shape {self.data.shape}, got None")
            seed = np.ones_like(self.data)
        else:
            if isinstance(grad, Tensor):
                grad = grad.data
            seed = check_array(grad, "grad", allow_empty=True)
            if seed.shape != self.data.shape:
                raise ValueError(f"grad: expected shape {self.data.shape} (the tensor's shape), "
                                 f"got {seed.shape}")
            seed = np.array(seed, dtype=self.data.dtype)  # a private copy

        # Collect every node that needs a gradient, without recursion.
        nodes = []
        seen = {self}
        stack = [self]
        while stack:
            node = stack.pop()
            nodes.append(node)
            for p in node._parents:
                if p.requires_grad and p not in seen:
                    seen.add(p)
                    stack.append(p)
        # Newest first: every node comes before the nodes it was computed from.
        nodes.sort(key=_creation, reverse=True)

        grads = {self: seed}
        stored = set()
        for node in nodes:
            g = grads.pop(node, None)
            if g is None:
                continue
            if type(g) is not np.ndarray:  # 0-d arithmetic returns NumPy scalars
                g = np.asarray(g)
            backward = node._backward
            if backward is None:
                # A leaf: give it a private, writeable array (optimizers update in place).
                if id(g) in stored or g.base is not None or not g.flags.writeable:
                    g = g.copy()
            if g.dtype != node.data.dtype:
                g = g.astype(node.data.dtype)
            stored.add(id(g))
            node.grad = g if node.grad is None else node.grad + g
            if backward is None:
                continue
            for p, pg in zip(node._parents, backward(g)):
                if pg is None or not p.requires_grad:
                    continue
                if p in grads:
                    grads[p] = grads[p] + pg
                else:
                    grads[p] = pg

    def zero_grad(self):
        """Forget the accumulated gradient (``grad`` becomes ``None``).

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> w = Tensor(2.0, requires_grad=True)
        >>> (w * w).backward()
        >>> w.zero_grad()
        >>> print(w.grad)
        None
        """
        self.grad = None

    # -- elementwise arithmetic -----------------------------------------------------------------

    def __add__(self, other):
        a, b = self, self._lift(other)
        try:
            out = a.data + b.data
        except ValueError:
            Tensor._broadcast_shape(a, b, "+")
            raise

        def backward(g):  # d(a + b)/da = 1, d(a + b)/db = 1
            return _unbroadcast(g, a.data.shape), _unbroadcast(g, b.data.shape)
        return Tensor._make(out, (a, b), backward, "+")

    def __radd__(self, other):
        return self._lift(other).__add__(self)

    def __sub__(self, other):
        a, b = self, self._lift(other)
        try:
            out = a.data - b.data
        except ValueError:
            Tensor._broadcast_shape(a, b, "-")
            raise

        def backward(g):  # d(a - b)/da = 1, d(a - b)/db = -1
            return (_unbroadcast(g, a.data.shape),
                    _unbroadcast(-g, b.data.shape) if b.requires_grad else None)
        return Tensor._make(out, (a, b), backward, "-")

    def __rsub__(self, other):
        return self._lift(other).__sub__(self)

    def __mul__(self, other):
        a, b = self, self._lift(other)
        try:
            out = a.data * b.data
        except ValueError:
            Tensor._broadcast_shape(a, b, "*")
            raise

        def backward(g):  # d(a b)/da = b, d(a b)/db = a: multiply swaps
            return (_unbroadcast(g * b.data, a.data.shape) if a.requires_grad else None,
                    _unbroadcast(g * a.data, b.data.shape) if b.requires_grad else None)
        return Tensor._make(out, (a, b), backward, "*")

    def __rmul__(self, other):
        return self._lift(other).__mul__(self)

    def __truediv__(self, other):
        a, b = self, self._lift(other)
        try:
            out = a.data / b.data
        except ValueError:
            Tensor._broadcast_shape(a, b, "/")
            raise

        def backward(g):  # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
            return (_unbroadcast(g / b.data, a.data.shape) if a.requires_grad else None,
                    _unbroadcast(-g * out / b.data, b.data.shape) if b.requires_grad else None)
        return Tensor._make(out, (a, b), backward, "/")

    def __rtruediv__(self, other):
        return self._lift(other).__truediv__(self)

    def __pow__(self, other):
        a, b = self, self._lift(other, "exponent")
        try:
            out = a.data ** b.data
        except ValueError:
            Tensor._broadcast_shape(a, b, "**")
            raise

        def backward(g):  # d(a^b)/da = b a^(b-1), d(a^b)/db = a^b log a
            ga = gb = None
            if a.requires_grad:
                ga = _unbroadcast(g * b.data * a.data ** (b.data - 1), a.data.shape)
            if b.requires_grad:
                gb = _unbroadcast(g * out * np.log(a.data), b.data.shape)
            return ga, gb
        return Tensor._make(out, (a, b), backward, "**")

    def __rpow__(self, other):
        return self._lift(other, "base").__pow__(self)

    def __neg__(self):
        a = self

        def backward(g):  # d(-a)/da = -1
            return (-g,)
        return Tensor._make(-a.data, (a,), backward, "neg")

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
            :math:`\max(a, b)` elementwise, the broadcast shape.

        Notes
        -----
        The local gradient is 1 for the larger input and 0 for the other ("max routes");
        where both are equal each gets half.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> z, w = Tensor(2.0, requires_grad=True), Tensor(-1.0, requires_grad=True)
        >>> m = z.maximum(w); m.backward()
        >>> print(m.item(), z.grad, w.grad)
        2.0 1.0 0.0
        """
        a, b = self, self._lift(other)
        try:
            out = np.maximum(a.data, b.data)
        except ValueError:
            Tensor._broadcast_shape(a, b, "maximum")
            raise
        if _KINK_LOG is not None:
            _KINK_LOG.append(a.data > b.data)

        def backward(g):
            wins = (a.data > b.data) + 0.5 * (a.data == b.data)
            return (_unbroadcast(g * wins, a.data.shape) if a.requires_grad else None,
                    _unbroadcast(g * (1 - wins), b.data.shape) if b.requires_grad else None)
        return Tensor._make(out, (a, b), backward, "maximum")

    # -- matrix product -------------------------------------------------------------------------

    def __matmul__(self, other):
        a, b = self, self._lift(other)
        ad, bd = a.data, b.data
        if ad.ndim == 0 or bd.ndim == 0:
            raise ValueError(f"other: expected operands with at least 1 dimension for '@', "
                             f"got shapes {ad.shape} and {bd.shape}")
        if ad.shape[-1] != bd.shape[-2 if bd.ndim > 1 else 0]:
            raise ValueError(f"other: expected a first dimension of {ad.shape[-1]} to match "
                             f"{ad.shape} in '@', got shape {bd.shape}")
        out = ad @ bd

        def backward(g):  # dL/dA = G B^T, dL/dB = A^T G (the shapes force the order)
            if ad.ndim == 2 and bd.ndim == 2:
                return (g @ bd.T if a.requires_grad else None,
                        ad.T @ g if b.requires_grad else None)
            if ad.ndim == 1 and bd.ndim == 1:  # inner product
                return (g * bd if a.requires_grad else None,
                        g * ad if b.requires_grad else None)
            a2 = ad[None, :] if ad.ndim == 1 else ad
            b2 = bd[:, None] if bd.ndim == 1 else bd
            g2 = g
            if ad.ndim == 1:
                g2 = np.expand_dims(g2, -2)
            if bd.ndim == 1:
                g2 = np.expand_dims(g2, -1)
            ga = gb = None
            if a.requires_grad:
                ga = _unbroadcast(g2 @ np.swapaxes(b2, -1, -2), a2.shape)
                ga = ga.reshape(ad.shape)
            if b.requires_grad:
                gb = _unbroadcast(np.swapaxes(a2, -1, -2) @ g2, b2.shape)
                gb = gb.reshape(bd.shape)
            return ga, gb
        return Tensor._make(out, (a, b), backward, "@")

    def __rmatmul__(self, other):
        return self._lift(other).__matmul__(self)

    # -- elementwise functions ------------------------------------------------------------------

    def exp(self):
        r"""Elementwise :math:`e^x`; local gradient :math:`e^x`.

        Returns
        -------
        Tensor
            Same shape and dtype.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(0.0, requires_grad=True)
        >>> y = x.exp(); y.backward()
        >>> print(y.item(), x.grad)
        1.0 1.0
        """
        a = self
        out = np.exp(a.data)

        def backward(g):
            return (g * out,)
        return Tensor._make(out, (a,), backward, "exp")

    def log(self):
        r"""Elementwise natural logarithm; local gradient :math:`1/x`.

        Returns
        -------
        Tensor
            Same shape and dtype.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(2.0, requires_grad=True)
        >>> x.log().backward()
        >>> print(x.grad)
        0.5
        """
        a = self
        out = np.log(a.data)

        def backward(g):
            return (g / a.data,)
        return Tensor._make(out, (a,), backward, "log")

    def tanh(self):
        r"""Elementwise hyperbolic tangent; local gradient :math:`1 - \tanh^2 x`.

        Returns
        -------
        Tensor
            Same shape and dtype.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(0.0, requires_grad=True)
        >>> x.tanh().backward()
        >>> print(x.grad)
        1.0
        """
        a = self
        out = np.tanh(a.data)

        def backward(g):
            return (g * (1 - out * out),)
        return Tensor._make(out, (a,), backward, "tanh")

    def sigmoid(self):
        r"""Elementwise logistic sigmoid; local gradient :math:`\sigma(x)(1 - \sigma(x))`.

        Returns
        -------
        Tensor
            Same shape and dtype, values in (0, 1).

        Notes
        -----
        .. math:: \sigma(x) = \frac{1}{1 + e^{-x}} = \tfrac12\left(1 + \tanh\tfrac{x}{2}\right)

        The tanh form never overflows, so large negative inputs are safe.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(0.0, requires_grad=True)
        >>> s = x.sigmoid(); s.backward()
        >>> print(s.item(), x.grad)
        0.5 0.25
        """
        a = self
        out = np.tanh(a.data * 0.5)
        out *= 0.5
        out += 0.5

        def backward(g):
            return (g * out * (1 - out),)
        return Tensor._make(out, (a,), backward, "sigmoid")

    def relu(self):
        r"""Elementwise :math:`\max(0, x)`; the gradient passes where :math:`x > 0`.

        Returns
        -------
        Tensor
            Same shape and dtype.

        Notes
        -----
        The local gradient is 1 for :math:`x > 0` and 0 otherwise (0 is used at the kink
        :math:`x = 0`).

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(np.array([-1.0, 2.0]), requires_grad=True)
        >>> x.relu().sum().backward()
        >>> print(x.grad)
        [0. 1.]
        """
        a = self
        out = np.maximum(a.data, 0)
        if _KINK_LOG is not None:
            _KINK_LOG.append(a.data > 0)

        def backward(g):
            return (g * (a.data > 0),)
        return Tensor._make(out, (a,), backward, "relu")

    # -- reductions -----------------------------------------------------------------------------

    def sum(self, axis=None, keepdims=False):
        """Sum over ``axis``; the gradient is copied back to every summed element.

        Parameters
        ----------
        axis : int, tuple or None, optional
            Axes to sum over; None (default) sums everything.
        keepdims : bool, optional
            Keep the summed axes with length 1. Default False.

        Returns
        -------
        Tensor
            The sums, same dtype.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
        >>> s = x.sum(axis=0); s.backward(np.array([1.0, 2.0, 3.0]))
        >>> print(s.data, x.grad.tolist())
        [3. 5. 7.] [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]
        """
        a = self
        axes = _norm_axis(axis, a.data.ndim)
        out = a.data.sum(axis=axes, keepdims=keepdims)

        def backward(g):
            return (np.broadcast_to(_keep_axes(g, axes, keepdims), a.data.shape),)
        return Tensor._make(np.asarray(out), (a,), backward, "sum")

    def mean(self, axis=None, keepdims=False):
        """Mean over ``axis``; each element gets the gradient divided by the count.

        Parameters
        ----------
        axis : int, tuple or None, optional
            Axes to average over; None (default) averages everything.
        keepdims : bool, optional
            Keep the averaged axes with length 1. Default False.

        Returns
        -------
        Tensor
            The means, same dtype.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(np.array([1.0, 2.0, 6.0]), requires_grad=True)
        >>> m = x.mean(); m.backward()
        >>> print(m.item(), x.grad)
        3.0 [0.3333 0.3333 0.3333]
        """
        a = self
        axes = _norm_axis(axis, a.data.ndim)
        out = a.data.mean(axis=axes, keepdims=keepdims)
        count = 1
        for ax in axes:
            count *= a.data.shape[ax]

        def backward(g):
            return (np.broadcast_to(_keep_axes(g, axes, keepdims) / count, a.data.shape),)
        return Tensor._make(np.asarray(out), (a,), backward, "mean")

    def max(self, axis=None, keepdims=False):
        """Maximum over ``axis``; the gradient is routed to the maximal element.

        Parameters
        ----------
        axis : int, tuple or None, optional
            Axes to reduce; None (default) reduces everything.
        keepdims : bool, optional
            Keep the reduced axes with length 1. Default False.

        Returns
        -------
        Tensor
            The maxima, same dtype.

        Notes
        -----
        When several elements tie for the maximum, the gradient is shared equally among
        them, so it still sums to the upstream gradient.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> x = Tensor(np.array([1.0, 5.0, 3.0]), requires_grad=True)
        >>> x.max().backward()
        >>> print(x.grad)
        [0. 1. 0.]
        """
        a = self
        axes = _norm_axis(axis, a.data.ndim)
        if a.data.size == 0:
            raise ValueError(f"self: expected a non-empty tensor for max, got shape "
                             f"{a.data.shape}")
        out = a.data.max(axis=axes, keepdims=True)
        mask = a.data == out
        if _KINK_LOG is not None:
            _KINK_LOG.append(mask)

        def backward(g):
            g = _keep_axes(g, axes, keepdims)
            return (mask * (g / mask.sum(axis=axes, keepdims=True)),)
        if not keepdims:
            out = out.squeeze(axis=axes)
        return Tensor._make(np.asarray(out), (a,), backward, "max")

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
            A tensor viewing the same values.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> Tensor(np.arange(6.0)).reshape(2, 3).shape
        (2, 3)
        """
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        a = self
        try:
            out = a.data.reshape(shape)
        except (ValueError, TypeError):
            raise ValueError(f"shape: expected a shape with {a.data.size} elements, "
                             f"got {shape}") from None

        def backward(g):
            return (g.reshape(a.data.shape),)
        return Tensor._make(out, (a,), backward, "reshape")

    def transpose(self, *axes):
        """Permute the axes (reverse them by default); the gradient is permuted back.

        Parameters
        ----------
        *axes : int
            A permutation of ``range(ndim)``; none reverses the axes.

        Returns
        -------
        Tensor
            A tensor viewing the same values.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> Tensor(np.zeros((2, 3))).transpose().shape
        (3, 2)
        >>> Tensor(np.zeros((2, 3, 4))).transpose(1, 0, 2).shape
        (3, 2, 4)
        """
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        a = self
        nd = a.data.ndim
        if not axes:
            axes = tuple(range(nd))[::-1]
        try:
            normalised = tuple(int(x) % max(nd, 1) if -nd <= int(x) < nd else -1 for x in axes)
        except (TypeError, ValueError):
            normalised = ()
        if sorted(normalised) != list(range(nd)):
            raise ValueError(f"axes: expected a permutation of {tuple(range(nd))}, got {axes}")
        axes = normalised
        inverse = tuple(np.argsort(axes))
        out = a.data.transpose(axes)

        def backward(g):
            return (g.transpose(inverse),)
        return Tensor._make(out, (a,), backward, "T")

    def __getitem__(self, index):
        a = self
        if isinstance(index, Tensor):
            index = index.data
        try:
            out = a.data[index]
        except IndexError as err:
            raise IndexError(f"index: expected a valid index for shape {a.data.shape}, "
                             f"got {index!r} ({err})") from None
        parts = index if isinstance(index, tuple) else (index,)
        advanced = any(isinstance(i, (list, np.ndarray)) for i in parts)

        def backward(g):  # scatter back; repeated indices add up
            ga = np.zeros_like(a.data)
            if advanced:
                np.add.at(ga, index, g)
            else:
                ga[index] = g
            return (ga,)
        return Tensor._make(np.asarray(out), (a,), backward, "[]")


def _creation(node):
    return node._id
