r"""Building blocks for networks made of :class:`~minidl.tensor.Tensor` operations.

A :class:`Module` holds parameters (tensors with ``requires_grad=True``) and sub-modules as
attributes; :meth:`Module.parameters` finds them all, in the order they were assigned.
Initialisation is random, so every layer with weights takes an explicit ``rng``. Every module
takes a :class:`~minidl.tensor.Tensor` or an array (which becomes a constant tensor).
"""
from __future__ import annotations

import numpy as np

from ._validation import (check_bool, check_float_dtype, check_integer, check_items,
                          check_positive, check_rng, check_tensor)
from .tensor import Tensor

__all__ = ["Module", "Linear", "ReLU", "Sigmoid", "Tanh", "Sequential"]


class Module:
    """Base class: a callable that owns parameters.

    Subclasses set tensors and sub-modules as attributes and implement ``forward``;
    calling the module calls ``forward``.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> from minidl.nn import Module
    >>> class Scale(Module):
    ...     def __init__(self):
    ...         self.a = Tensor(np.array(2.0), requires_grad=True)
    ...     def forward(self, x):
    ...         return self.a * x
    >>> m = Scale()
    >>> m(Tensor(3.0)).backward()
    >>> len(m.parameters()), m.a.grad
    (1, array(3.))
    """

    def forward(self, *args):
        """Compute the module's output; subclasses implement it.

        Parameters
        ----------
        *args : Tensor
            The inputs.

        Returns
        -------
        Tensor
            The output.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement forward")

    def __call__(self, *args):
        return self.forward(*args)

    def parameters(self):
        """All tensors with ``requires_grad`` held by this module and its sub-modules.

        Returns
        -------
        list of Tensor
            Each parameter once, in attribute order.

        Examples
        --------
        >>> from minidl.nn import Linear, ReLU, Sequential
        >>> net = Sequential(Linear(3, 2, rng=0), ReLU(), Linear(2, 1, rng=0))
        >>> [p.shape for p in net.parameters()]
        [(3, 2), (2,), (2, 1), (1,)]
        """
        found, seen = [], set()

        def visit(obj):
            if isinstance(obj, Tensor):
                if obj.requires_grad and id(obj) not in seen:
                    seen.add(id(obj))
                    found.append(obj)
            elif isinstance(obj, Module):
                for value in vars(obj).values():
                    visit(value)
            elif isinstance(obj, (list, tuple)):
                for value in obj:
                    visit(value)
        visit(self)
        return found

    def zero_grad(self):
        """Set ``grad`` of every parameter to ``None``.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.nn import Linear
        >>> lin = Linear(2, 1, rng=0)
        >>> lin(np.ones((1, 2))).sum().backward()
        >>> lin.zero_grad()
        >>> lin.weight.grad is None
        True
        """
        for p in self.parameters():
            p.grad = None


class Linear(Module):
    r"""Fully connected layer :math:`y = x W + b`.

    Parameters
    ----------
    in_features : int
        Input size D.
    out_features : int
        Output size M.
    rng : numpy.random.Generator or int, optional
        Source of the random initial weights (a Generator or a seed). Default seed 0.
    dtype : numpy.dtype, optional
        float64 (default) or float32.
    bias : bool, optional
        Whether to add a bias. Default True.
    weight_scale : float, optional
        Standard deviation of the initial weights. Default None: He initialisation,
        :math:`\sqrt{2 / D}`.

    Attributes
    ----------
    weight : Tensor
        Shape (D, M).
    bias : Tensor
        Shape (M,), zeros at first (``None`` without a bias).

    Notes
    -----
    :math:`W_{dm} \sim \mathcal N(0, \sigma^2)` with :math:`\sigma = \sqrt{2/D}` keeps the
    variance of ReLU activations roughly constant from layer to layer :cite:p:`he2015`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> from minidl.nn import Linear
    >>> lin = Linear(4, 3, rng=np.random.default_rng(0))
    >>> lin(Tensor(np.ones((2, 4)))).shape
    (2, 3)
    """

    def __init__(self, in_features, out_features, rng=None, dtype=np.float64, bias=True,
                 weight_scale=None):
        in_features = check_integer(in_features, "in_features", minimum=1)
        out_features = check_integer(out_features, "out_features", minimum=1)
        rng = check_rng(rng)
        dtype = check_float_dtype(dtype)
        bias = check_bool(bias, "bias")
        if weight_scale is None:
            weight_scale = np.sqrt(2.0 / in_features)
        weight_scale = check_positive(weight_scale, "weight_scale")
        w = rng.standard_normal((in_features, out_features)) * weight_scale
        self.weight = Tensor(w.astype(dtype), requires_grad=True)
        self.bias = Tensor(np.zeros(out_features, dtype=dtype), requires_grad=True) if bias \
            else None
        self.in_features, self.out_features = in_features, out_features

    def forward(self, x):
        """Apply the layer.

        Parameters
        ----------
        x : Tensor or array_like
            Inputs of shape (N, D), D = ``in_features``.

        Returns
        -------
        Tensor
            Outputs of shape (N, M), M = ``out_features``.
        """
        out = check_tensor(x, "x", self.in_features) @ self.weight
        return out + self.bias if self.bias is not None else out

    def __repr__(self):
        return f"Linear({self.in_features}, {self.out_features})"


class _Elementwise(Module):
    """An elementwise function of :class:`~minidl.tensor.Tensor` as a module without parameters.

    A subclass names the function: ``function = staticmethod(Tensor.relu)``.
    """

    function = None

    def forward(self, x):
        """Apply the function to every element.

        Parameters
        ----------
        x : Tensor or array_like
            Any shape.

        Returns
        -------
        Tensor
            Same shape.
        """
        return self.function(check_tensor(x, "x"))

    def __repr__(self):
        return f"{type(self).__name__}()"


class ReLU(_Elementwise):
    """Elementwise :math:`\\max(0, x)` as a module.

    Examples
    --------
    >>> from minidl.tensor import Tensor
    >>> from minidl.nn import ReLU
    >>> ReLU()(Tensor([-1.0, 2.0]))
    Tensor([0., 2.])
    """

    function = staticmethod(Tensor.relu)


class Sigmoid(_Elementwise):
    """Elementwise logistic sigmoid as a module.

    Examples
    --------
    An array is taken as a constant input:

    >>> import numpy as np
    >>> from minidl.nn import Sigmoid
    >>> Sigmoid()(np.array([0.0, 1000.0]))
    Tensor([0.5, 1. ])
    """

    function = staticmethod(Tensor.sigmoid)


class Tanh(_Elementwise):
    """Elementwise hyperbolic tangent as a module.

    Examples
    --------
    The gradient flows through the module as through ``x.tanh()``:

    >>> from minidl.tensor import Tensor
    >>> from minidl.nn import Tanh
    >>> x = Tensor([0.0], requires_grad=True)
    >>> Tanh()(x).sum().backward()
    >>> print(x.grad)
    [1.]
    """

    function = staticmethod(Tensor.tanh)


class Sequential(Module):
    """Modules applied one after the other.

    Parameters
    ----------
    *modules : Module
        The layers, in order.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> from minidl.nn import Linear, ReLU, Sequential
    >>> net = Sequential(Linear(2, 8, rng=0), ReLU(), Linear(8, 3, rng=1))
    >>> net(Tensor(np.ones((5, 2)))).shape
    (5, 3)
    >>> len(net), net[1]
    (3, ReLU())
    """

    def __init__(self, *modules):
        self.modules = list(check_items(modules, "modules", Module, "a Module"))

    def forward(self, x):
        """Apply every module in turn.

        Parameters
        ----------
        x : Tensor
            The input of the first module.

        Returns
        -------
        Tensor
            The output of the last module.
        """
        for m in self.modules:
            x = m(x)
        return x

    def __len__(self):
        return len(self.modules)

    def __getitem__(self, i):
        return self.modules[i]

    def __repr__(self):
        inner = ", ".join(repr(m) for m in self.modules)
        return f"Sequential({inner})"
