r"""The autograd engine: what every tensor remembers, and the backward pass that reads it.

Every operation on tensors returns a new node that remembers its inputs (its *parents*), and
beside each parent a small function, its *rule*, that turns the gradient arriving at the output
(the upstream gradient :math:`\partial L / \partial z`) into that parent's share (upstream times
local, :math:`\partial L / \partial z \cdot \partial z / \partial x`). Together these records
form the computational graph. :meth:`~minidl.Tensor.backward` orders the graph with
:func:`~minidl.engine.topological_order` and calls every rule once, from the output back to
the inputs.

The operations themselves (``+``, ``*``, ``@``, ``exp``, ``sum``, ...) are methods of
:class:`minidl.tensor.Tensor`, the subclass of :class:`~minidl.engine.Node` that users work
with; each one is a forward rule with its local backward rules written beside it, and builds
its result with :meth:`~minidl.Tensor.from_op`, the one way a node enters the graph.

Two switches live here as well:

- :class:`no_grad` turns recording off (evaluation, parameter updates);
- :class:`record_kinks` collects, for :func:`minidl.gradcheck.gradcheck`, on which side of its
  kink every relu, max or hinge was; operations announce it with :func:`report_kink`.
"""
from __future__ import annotations

import contextvars

import numpy as np

from ._validation import check_array, check_tensor_data, describe

__all__ = ["Node", "topological_order", "no_grad", "is_grad_enabled", "record_kinks",
           "report_kink"]

_grad_enabled = True   # switched off inside no_grad()


def is_grad_enabled():
    """Whether operations currently record the computational graph.

    Returns
    -------
    bool
        ``False`` inside a :class:`no_grad` block, ``True`` otherwise.

    Examples
    --------
    >>> from minidl.engine import is_grad_enabled, no_grad
    >>> is_grad_enabled()
    True
    >>> with no_grad():
    ...     print(is_grad_enabled())
    False
    """
    return _grad_enabled


class no_grad:
    """Context manager that turns off graph recording (evaluation, parameter updates).

    Inside the block every result has ``requires_grad=False`` and keeps no reference to its
    inputs, so nothing can be back-propagated through it and no memory is spent on the graph.
    Blocks nest; leaving one restores the setting it found.

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
        global _grad_enabled
        self._previous = _grad_enabled
        _grad_enabled = False
        return self

    def __exit__(self, *exc):
        global _grad_enabled
        _grad_enabled = self._previous
        return False


# -- kinks ------------------------------------------------------------------------------------

_open_recorders = contextvars.ContextVar("minidl_kink_recorders", default=())


class record_kinks:
    """Context manager that records on which side of its kink every kinked operation was.

    A relu, a max or a hinge is not differentiable where its input crosses the kink, and a
    finite difference that steps across one measures a slope that neither side has. While the
    block is open, each such operation appends a boolean array (which side each element is on)
    to :attr:`sides`; two evaluations crossed a kink exactly when their records differ.
    :func:`minidl.gradcheck.gradcheck` records every evaluation of the checked function.

    Recorders nest: every open recorder receives every report, so a recorder sees all kinks of
    the code run inside it, whatever that code records for itself. The state lives in a
    ``contextvars.ContextVar``, so threads and tasks each have their own.

    Attributes
    ----------
    sides : list of numpy.ndarray
        One boolean array per kinked operation evaluated in the block, in evaluation order.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> from minidl.engine import record_kinks
    >>> x = Tensor(np.array([-1.0, 2.0]))
    >>> with record_kinks() as outer:
    ...     y = x.relu()
    ...     with record_kinks() as inner:
    ...         z = x.max()
    >>> len(outer.sides), len(inner.sides)
    (2, 1)
    >>> outer.sides[0]
    array([False,  True])
    """

    def __init__(self):
        self.sides = []
        self._token = None

    def __enter__(self):
        if self._token is not None:
            raise RuntimeError("record_kinks: this recorder is open already; nest a new one")
        self._token = _open_recorders.set(_open_recorders.get() + (self,))
        return self

    def __exit__(self, *exc):
        _open_recorders.reset(self._token)
        self._token = None
        return False


def report_kink(side):
    """Tell every open :class:`record_kinks` on which side of its kink an operation is.

    Parameters
    ----------
    side : callable
        Called without arguments, only when a recorder is open (so that operations pay nothing
        otherwise); returns a boolean array, for example ``x > 0`` for a relu.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.engine import record_kinks, report_kink
    >>> x = np.array([-0.5, 0.5])
    >>> report_kink(lambda: x > 0)          # no recorder open: nothing happens
    >>> with record_kinks() as record:
    ...     report_kink(lambda: x > 0)
    >>> record.sides
    [array([False,  True])]
    """
    if not callable(side):
        raise TypeError(f"side: expected a callable returning a boolean array, "
                        f"got {describe(side)}")
    recorders = _open_recorders.get()
    if recorders:
        value = np.asarray(side())
        for recorder in recorders:
            recorder.sides.append(value)


# -- the graph --------------------------------------------------------------------------------

def topological_order(root):
    """Every node that ``root`` was computed from, and ``root``, each after its parents.

    Parameters
    ----------
    root : Node
        The output of a computation (a :class:`~minidl.tensor.Tensor`).

    Returns
    -------
    list of Node
        Inputs first, ``root`` last; every node appears once, after all of its parents.
        Constants that entered an operation are included (they are leaves).

    Notes
    -----
    A depth-first walk that emits a node once all of its parents have been emitted
    (post-order). The walk keeps its own stack instead of recursing, so a chain of any length
    works; Python's recursion limit would stop a recursive walk at about a thousand nodes.
    Reversed, the list is the order in which :meth:`~minidl.Tensor.backward` visits the graph.

    Examples
    --------
    >>> from minidl.tensor import Tensor
    >>> from minidl.engine import topological_order
    >>> x = Tensor(3.0, requires_grad=True, name="x")
    >>> f = x * x + x                  # x is used three times, and listed once
    >>> [t.name or t.op for t in topological_order(f)]
    ['x', '*', '+']
    """
    if not isinstance(root, Node):
        raise TypeError(f"root: expected a Tensor, got {describe(root)}")
    order, visited, stack = [], set(), [root]
    while stack:
        item = stack.pop()
        if type(item) is tuple:         # (node,): all its parents are in the order by now
            order.append(item[0])
        elif item not in visited:
            visited.add(item)
            stack.append((item,))       # come back to it once its parents are done
            for parent, _ in reversed(item._edges):   # popped first to last
                if parent not in visited:
                    stack.append(parent)
    return order


def _fill(node, data, requires_grad, name, edges, op):
    """Set every slot of a new node: the one place that does (leaves and results alike)."""
    node.data = data
    node.grad = None
    node.requires_grad = requires_grad
    node.name = name
    node._edges = edges
    node._op = op
    return node


class Node:
    r"""A node of the computational graph: a value, its gradient, its inputs and their rules.

    The base of :class:`minidl.tensor.Tensor`, which adds the operations; everything the
    backward pass needs is here. Create tensors, not nodes: ``Tensor(data, requires_grad,
    name)`` makes a leaf (its parameters and attributes are documented there), and an operation
    makes a result with :meth:`~minidl.Tensor.from_op`.

    Notes
    -----
    Requiring a gradient spreads forward: the result of an operation requires one exactly when
    recording is on (outside :class:`no_grad`) and at least one input requires one. Only then
    are its inputs and rules kept, and the backward pass calls the rule of an input only when
    that input requires a gradient, so no rule computes a gradient nobody needs.

    Examples
    --------
    >>> from minidl.tensor import Tensor
    >>> from minidl.engine import Node
    >>> w = Tensor(2.0, requires_grad=True)
    >>> isinstance(w, Node), w.parents, w.op
    (True, (), '')
    >>> y = w * 3.0
    >>> y.op, y.parents[0] is w, y.requires_grad
    ('*', True, True)
    """

    __slots__ = ("data", "grad", "requires_grad", "name", "_edges", "_op", "__weakref__")

    def __init__(self, data, requires_grad=False, name=None):
        if isinstance(data, Node):
            data = data.data
        data = check_tensor_data(data, "data")
        if data.dtype.kind != "f":
            data = data.astype(np.float64)
        if not isinstance(requires_grad, (bool, np.bool_)):
            raise TypeError(f"requires_grad: expected a bool, got {describe(requires_grad)}")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name: expected a str or None, got {describe(name)}")
        _fill(self, data, bool(requires_grad), name, (), "")

    @classmethod
    def from_op(cls, data, op, *edges):
        """The result of an operation: a node that remembers its inputs and their rules.

        Parameters
        ----------
        data : numpy.ndarray
            The result's values, already computed (taken as is, not checked).
        op : str
            The operation's name, shown by :func:`minidl.viz.draw_graph`.
        *edges : tuple
            One ``(parent, rule)`` pair per input: ``parent`` is the input node, and
            ``rule(g)`` returns its gradient (shape and dtype of ``parent.data``) from the
            upstream gradient ``g`` (shape of ``data``). No pairs make a constant.

        Returns
        -------
        minidl.engine.Node
            A node of the class it is called on (``Tensor.from_op`` gives a Tensor). It
            requires a gradient, and keeps its edges, when recording is on and some parent
            requires a gradient; otherwise it is a constant that forgets its inputs.

        Examples
        --------
        A square gate, written as the library's operations are:

        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> def square(t):
        ...     return Tensor.from_op(t.data ** 2, "square", (t, lambda g: g * 2 * t.data))
        >>> x = Tensor(np.array([1.0, -3.0]), requires_grad=True)
        >>> square(x).sum().backward()
        >>> print(x.grad)
        [ 2. -6.]
        """
        node = cls.__new__(cls)
        if _grad_enabled:
            for parent, _ in edges:
                if parent.requires_grad:
                    return _fill(node, data, True, None, edges, op)
        return _fill(node, data, False, None, (), op)

    @property
    def parents(self):
        """tuple of Node: The inputs of the operation that made this node (empty for a leaf
        and for anything computed without recording)."""
        return tuple(parent for parent, _ in self._edges)

    @property
    def edges(self):
        """tuple: ``(parent, rule)`` pairs, one per input; ``rule(g)`` is that input's share
        of the upstream gradient ``g``."""
        return self._edges

    @property
    def op(self):
        """str: The name of the operation that made this node (``""`` for a leaf)."""
        return self._op

    # -- the array ------------------------------------------------------------------------------

    shape = property(lambda self: self.data.shape, doc="tuple: The shape of ``data``.")
    ndim = property(lambda self: self.data.ndim,
                    doc="int: The number of dimensions of ``data``.")
    dtype = property(lambda self: self.data.dtype,
                     doc="numpy.dtype: The dtype of ``data`` (and of ``grad``).")
    size = property(lambda self: self.data.size, doc="int: The number of elements of ``data``.")

    def item(self):
        """The value of a one-element tensor as a Python float.

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

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> Tensor([1, 2]).numpy()
        array([1., 2.])
        """
        return self.data

    def __repr__(self):
        kind = type(self).__name__
        body = np.array2string(self.data, precision=4, separator=", ", prefix=kind + "(")
        extra = ", requires_grad=True" if self.requires_grad else ""
        if self.name:
            extra += f", name={self.name!r}"
        return f"{kind}({body}{extra})"

    def __len__(self):
        if self.data.ndim == 0:
            raise TypeError("len: expected a tensor with at least one dimension, got a 0-d "
                            "tensor")
        return len(self.data)

    def __bool__(self):
        # Truth of a one-element tensor is its value (as in NumPy and PyTorch), never "it
        # exists": bool(Tensor([0.0])) is False. Larger tensors are ambiguous.
        if self.data.size != 1:
            raise ValueError(f"bool: expected a tensor with one element, got shape "
                             f"{self.data.shape} (use (t.data != 0).any() or .all())")
        return bool(self.data.item())

    def __float__(self):
        return float(self.item())

    # -- the backward pass ---------------------------------------------------------------------

    def backward(self, grad=None):
        r"""Back-propagate from this node: fill ``.grad`` of every node it depends on.

        Parameters
        ----------
        grad : array_like, optional
            The upstream gradient :math:`\partial L / \partial z` for this node :math:`z`,
            same shape as its data. May be omitted only for a one-element node, where it is 1.

        Notes
        -----
        The nodes are visited in reverse :func:`~minidl.engine.topological_order`, so a
        node's gradient is complete (every node that used it has sent back its share) before
        its rules pass it on. A parent reached along several paths receives the sum of their shares:

        .. math:: \frac{\partial L}{\partial x} = \sum_{z \text{ uses } x}
                  \frac{\partial L}{\partial z} \frac{\partial z}{\partial x}

        Every visited node keeps its gradient in ``.grad``, added to what was there before,
        so gradients accumulate across calls until :meth:`~minidl.Tensor.zero_grad`. Leaves
        get a private, writeable array (optimizers update it in place).

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
            grad = np.ones(self.data.shape, self.data.dtype)
        else:
            if isinstance(grad, Node):
                grad = grad.data
            grad = check_array(grad, "grad", allow_empty=True)
            if grad.shape != self.data.shape:
                raise ValueError(f"grad: expected shape {self.data.shape} (the tensor's shape), "
                                 f"got {grad.shape}")
            grad = np.array(grad, dtype=self.data.dtype)   # a private copy

        pending = {self: grad}   # node -> the sum of the shares it has received so far
        for node in reversed(topological_order(self)):
            g = pending.pop(node, None)
            if g is None:        # a constant: no rule sends it anything
                continue
            if type(g) is not np.ndarray:   # 0-d arithmetic returns NumPy scalars
                g = np.asarray(g)
            if g.dtype != node.data.dtype:  # a float64 constant met a float32 tensor
                g = g.astype(node.data.dtype)
            edges = node._edges
            if not edges and (g.base is not None or not g.flags.writeable):
                g = g.copy()     # a leaf gets its own writeable array: optimizers update it
            node.grad = g if node.grad is None else node.grad + g
            for parent, rule in edges:
                if parent.requires_grad:
                    share = rule(g)
                    if share is g and not parent._edges:
                        share = g.copy()     # g is node.grad too: a leaf must not share it
                    before = pending.get(parent)
                    pending[parent] = share if before is None else before + share

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

    def detach(self):
        """A node sharing ``data`` but cut from the graph (``requires_grad=False``).

        Returns
        -------
        minidl.engine.Node
            A new constant of the same class with the same data.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> w = Tensor([1.0], requires_grad=True)
        >>> (w * 2).detach().requires_grad
        False
        """
        return type(self).from_op(self.data, "")
