r"""Optimizers, learning-rate schedules and the lecture's baseline search strategies.

Every optimizer here turns the gradients stored in ``p.grad`` into an in-place update of
``p.data`` for a list of :class:`~minidl.Tensor` parameters. Keyword names, defaults and update
rules follow the documentation of PyTorch's ``torch.optim`` (SGD, Adagrad, RMSprop, Adam,
AdamW), so code and numbers carry over between the two. What is left out: parameter groups,
``maximize``, ``foreach``/``fused``, ``state_dict``; and a learning rate of 0 is refused at
construction (PyTorch accepts it).

The usual loop is::

    optimizer = Adam(model.parameters(), lr=1e-3)
    for X, y in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()

Schedules (:class:`StepLR`, :class:`ExponentialLR`, :class:`CosineAnnealingLR`,
:class:`LinearLR`, :class:`SequentialLR`) change ``optimizer.lr`` between steps and work with any
optimizer. :func:`random_search` and :func:`random_local_search` are the first two strategies of
the lecture, kept as baselines that the gradient-based optimizers must beat.
"""
from __future__ import annotations

import bisect
import math
from typing import NamedTuple

import numpy as np

from ._validation import (
    check_array,
    check_flag,
    check_integer,
    check_interval,
    check_positive,
    check_rng,
    describe,
)

__all__ = [
    "Optimizer",
    "SGD",
    "Adagrad",
    "RMSprop",
    "Adam",
    "AdamW",
    "LRScheduler",
    "StepLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "LinearLR",
    "SequentialLR",
    "SearchResult",
    "random_search",
    "random_local_search",
]


# --------------------------------------------------------------------------------------------
# Input checks specific to optimizers
# --------------------------------------------------------------------------------------------

def _is_parameter(obj):
    return hasattr(obj, "data") and hasattr(obj, "grad") and hasattr(obj, "requires_grad")


def _check_params(params):
    """Return the parameters as a list after checking each is a float Tensor requiring grad."""
    if _is_parameter(params):
        raise TypeError("params: expected an iterable of Tensor, got a single Tensor "
                        "(wrap it in a list: [p])")
    if isinstance(params, (str, bytes, np.ndarray)) or params is None:
        raise TypeError(f"params: expected an iterable of Tensor, got {describe(params)}")
    try:
        params = list(params)
    except TypeError:
        raise TypeError(f"params: expected an iterable of Tensor, "
                        f"got {type(params).__name__}") from None
    if not params:
        raise ValueError("params: expected at least one parameter, got an empty list")
    seen = set()
    for i, p in enumerate(params):
        if not _is_parameter(p):
            raise TypeError(f"params[{i}]: expected a Tensor, got {describe(p)}")
        if not p.requires_grad:
            raise ValueError(f"params[{i}]: expected a Tensor with requires_grad=True, "
                             f"got one with requires_grad=False")
        if not isinstance(p.data, np.ndarray) or not np.issubdtype(p.data.dtype, np.floating):
            got = p.data.dtype if isinstance(p.data, np.ndarray) else type(p.data).__name__
            raise TypeError(f"params[{i}]: expected floating-point data, got {got}")
        if id(p) in seen:
            raise ValueError(f"params[{i}]: expected each parameter once, "
                             f"got a parameter that appears twice")
        seen.add(id(p))
    return params


def _check_betas(betas):
    if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
        raise TypeError(f"betas: expected a pair (beta1, beta2), got {describe(betas)}")
    return (check_interval(betas[0], "betas[0]", 0.0, 1.0),
            check_interval(betas[1], "betas[1]", 0.0, 1.0))


# --------------------------------------------------------------------------------------------
# Optimizers
# --------------------------------------------------------------------------------------------

class Optimizer:
    """Base class of the optimizers: parameters, a learning rate and per-parameter state.

    A subclass implements ``_update(p, g, state)``, which changes ``p.data`` in place from the
    gradient ``g`` (the caller's array: read it, never write to it) and its own ``state``
    dict. For an optimizer with a ``weight_decay`` :math:`\\lambda > 0`, :meth:`step` has
    already added the L2 term, so ``g`` is :math:`\\nabla L + \\lambda \\theta`; only
    :class:`AdamW`, whose decay is decoupled, shrinks the weights in its own update instead.

    Parameters
    ----------
    params : list of Tensor
        The parameters to optimize (any iterable, such as ``model.parameters()``). Each must have
        ``requires_grad=True`` and floating-point data; each may appear only once.
    lr : float
        The learning rate :math:`\\eta`, > 0.

    Attributes
    ----------
    params : list of Tensor
        The parameters, in the order given.
    state : list of dict
        Per-parameter state (step counter, moment estimates, ...), one dict per parameter.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.optim import SGD, Optimizer
    >>> from minidl.tensor import Tensor

    >>> p = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    >>> opt = SGD([p], lr=0.1)
    >>> isinstance(opt, Optimizer)
    True
    """

    weight_decay = 0.0   # L2 penalty lambda; subclasses that take one set it in __init__
    _decoupled = False   # True: _update decays the weights itself (AdamW), step() does not

    def __init__(self, params, lr):
        self.params = _check_params(params)
        self._lr = check_positive(lr, "lr")
        self.state = [{} for _ in self.params]

    @property
    def lr(self):
        """The current learning rate (a float). Schedules set it between steps.

        Setting it checks the value: a schedule may anneal it to 0, never below.
        """
        return self._lr

    @lr.setter
    def lr(self, value):
        """Set the learning rate: 0 is allowed (an annealed schedule), a negative one is not."""
        self._lr = check_positive(value, "lr", allow_zero=True)

    def zero_grad(self, set_to_none=True):
        """Forget the gradients of all parameters before the next backward pass.

        Parameters
        ----------
        set_to_none : bool, optional
            If True (the default, as in PyTorch 2), set each ``p.grad`` to None, which
            :meth:`step` then skips. If False, fill existing gradients with zeros in place.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> from minidl.optim import SGD
        >>> p = Tensor(np.array([1.0, 2.0]), requires_grad=True)
        >>> p.grad = np.array([0.5, 0.5])
        >>> opt = SGD([p], lr=0.1)
        >>> opt.zero_grad(set_to_none=False)
        >>> print(p.grad)
        [0. 0.]
        >>> opt.zero_grad()
        >>> print(p.grad)
        None
        """
        set_to_none = check_flag(set_to_none, "set_to_none")
        for p in self.params:
            if set_to_none:
                p.grad = None
            elif p.grad is not None:
                p.grad[...] = 0.0

    def step(self):
        """Update every parameter that has a gradient, in place; skip those whose grad is None.

        Raises
        ------
        ValueError
            If a gradient's shape differs from its parameter's shape.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> from minidl.optim import SGD
        >>> p = Tensor(np.array([1.0, 2.0]), requires_grad=True)
        >>> p.grad = np.array([10.0, -10.0])
        >>> SGD([p], lr=0.01).step()
        >>> print(p.data)
        [0.9 2.1]
        """
        for i, p in enumerate(self.params):
            if p.grad is None:
                continue
            grad = np.asarray(p.grad)
            if grad.shape != p.data.shape:
                raise ValueError(f"params[{i}].grad: expected shape {p.data.shape} (the "
                                 f"parameter's shape), got shape {grad.shape}")
            state = self.state[i]
            state["step"] = state.get("step", 0) + 1
            g = grad.astype(p.data.dtype, copy=False)
            if self.weight_decay and not self._decoupled:   # L2 penalty: g + lambda * theta
                g = g + self.weight_decay * p.data
            self._update(p, g, state)

    def _update(self, p, g, state):  # pragma: no cover - abstract
        raise NotImplementedError

    def _hyper(self):
        return {"lr": self.lr}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self._hyper().items())
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    r"""Stochastic gradient descent, optionally with momentum or Nesterov momentum.

    Parameters
    ----------
    params : list of Tensor
        The parameters to optimize; each with ``requires_grad=True`` and float data.
    lr : float, optional
        Learning rate :math:`\eta` > 0. Default 1e-3 (as in PyTorch).
    momentum : float, optional
        Momentum factor :math:`\mu` in [0, 1). Default 0 (plain SGD).
    dampening : float, optional
        Dampening :math:`\tau` in [0, 1] of the gradient added to the velocity. Default 0.
    weight_decay : float, optional
        L2 penalty :math:`\lambda` >= 0, added to the gradient as :math:`\lambda\theta`.
        Default 0.
    nesterov : bool, optional
        Use Nesterov momentum; needs ``momentum > 0`` and ``dampening == 0``. Default False.

    Notes
    -----
    With gradient :math:`g_t = \nabla_\theta L(\theta_{t-1})` at step :math:`t = 1, 2, \dots`:

    .. math::

        g_t &\leftarrow g_t + \lambda \theta_{t-1} \\
        b_t &= \begin{cases} g_t & t = 1 \\ \mu b_{t-1} + (1 - \tau) g_t & t > 1 \end{cases} \\
        d_t &= \begin{cases} g_t + \mu b_t & \text{Nesterov} \\ b_t & \text{otherwise}
               \end{cases} \\
        \theta_t &= \theta_{t-1} - \eta\, d_t

    With ``momentum=0`` this is plain gradient descent, :math:`\theta_t = \theta_{t-1} - \eta
    g_t`. The lecture writes momentum with the learning rate inside the velocity,
    :math:`v_t = \mu v_{t-1} - \eta g_t,\ \theta_t = \theta_{t-1} + v_t`, and Nesterov momentum
    as :math:`v_t = \mu v_{t-1} - \eta g_t,\ \theta_t = \theta_{t-1} - \mu v_{t-1} + (1 + \mu)
    v_t` (with ``v_prev``). With a constant learning rate both are the same iterates as the form
    above (:math:`v_t = -\eta b_t`); when a schedule changes :math:`\eta`, PyTorch's form applies
    the new rate to the whole velocity at once, the lecture's form only to new gradients.
    PyTorch (and minidl) also start the buffer at :math:`b_1 = g_1` rather than at 0.

    References
    ----------
    :cite:t:`robbins1951`, :cite:t:`polyak1964`, :cite:t:`nesterov1983`,
    :cite:t:`sutskever2013`.

    Examples
    --------
    Two steps of momentum on the loss :math:`\tfrac12\theta^2`, whose gradient is
    :math:`\theta`:

    >>> import numpy as np
    >>> from minidl.optim import SGD
    >>> from minidl.tensor import Tensor
    >>> p = Tensor(np.array([1.0]), requires_grad=True)
    >>> opt = SGD([p], lr=0.1, momentum=0.9)
    >>> for _ in range(2):
    ...     p.grad = p.data.copy()
    ...     opt.step()
    >>> print(np.round(p.data, 4))   # 1 - 0.1*1 = 0.9, then 0.9 - 0.1*(0.9*1 + 0.9)
    [0.72]
    """

    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0,
                 nesterov=False):
        super().__init__(params, lr)
        self.momentum = check_interval(momentum, "momentum", 0.0, 1.0)
        self.dampening = check_interval(dampening, "dampening", 0.0, 1.0, closed="both")
        self.weight_decay = check_positive(weight_decay, "weight_decay", allow_zero=True)
        self.nesterov = check_flag(nesterov, "nesterov")
        if self.nesterov and self.momentum == 0.0:
            raise ValueError("nesterov: expected momentum > 0 with nesterov=True, got momentum=0")
        if self.nesterov and self.dampening != 0.0:
            raise ValueError(f"nesterov: expected dampening=0 with nesterov=True, "
                             f"got dampening={self.dampening}")

    def _update(self, p, g, state):
        if self.momentum:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = g.copy()
            else:
                buf *= self.momentum
                buf += g if self.dampening == 0.0 else (1.0 - self.dampening) * g
            g = g + self.momentum * buf if self.nesterov else buf
        p.data -= self.lr * g

    def _hyper(self):
        return {"lr": self.lr, "momentum": self.momentum, "dampening": self.dampening,
                "weight_decay": self.weight_decay, "nesterov": self.nesterov}


class Adagrad(Optimizer):
    r"""AdaGrad: a per-coordinate learning rate that shrinks with the gradients seen so far.

    Parameters
    ----------
    params : list of Tensor
        The parameters to optimize; each with ``requires_grad=True`` and float data.
    lr : float, optional
        Learning rate :math:`\eta` > 0. Default 1e-2.
    lr_decay : float, optional
        Learning-rate decay :math:`\delta` >= 0 (see Notes). Default 0.
    weight_decay : float, optional
        L2 penalty :math:`\lambda` >= 0, added to the gradient. Default 0.
    initial_accumulator_value : float, optional
        Starting value :math:`s_0` >= 0 of the sum of squared gradients. Default 0.
    eps : float, optional
        :math:`\epsilon` > 0 added to the denominator. Default 1e-10.

    Notes
    -----
    .. math::

        \tilde\eta_t &= \eta / (1 + (t - 1)\,\delta) \\
        g_t &\leftarrow g_t + \lambda \theta_{t-1} \\
        s_t &= s_{t-1} + g_t^2 \\
        \theta_t &= \theta_{t-1} - \tilde\eta_t\, \frac{g_t}{\sqrt{s_t} + \epsilon}

    Squares, roots and divisions are per coordinate. Coordinates with large past gradients get
    small steps, rarely-updated ones large steps; because :math:`s_t` only grows, the effective
    step keeps shrinking — the problem RMSprop fixes. The lecture's form is the same with
    :math:`\delta = 0` and :math:`\epsilon = 10^{-7}`.

    References
    ----------
    :cite:t:`duchi2011`.

    Examples
    --------
    The first step has length :math:`\eta` in every coordinate, whatever the gradient's scale:

    >>> import numpy as np
    >>> from minidl.optim import Adagrad
    >>> from minidl.tensor import Tensor
    >>> p = Tensor(np.array([1.0, 1.0]), requires_grad=True)
    >>> p.grad = np.array([100.0, 0.01])
    >>> Adagrad([p], lr=0.1).step()
    >>> print(np.round(p.data, 6))
    [0.9 0.9]
    """

    def __init__(self, params, lr=1e-2, lr_decay=0.0, weight_decay=0.0,
                 initial_accumulator_value=0.0, eps=1e-10):
        super().__init__(params, lr)
        self.lr_decay = check_positive(lr_decay, "lr_decay", allow_zero=True)
        self.weight_decay = check_positive(weight_decay, "weight_decay", allow_zero=True)
        self.initial_accumulator_value = check_positive(
            initial_accumulator_value, "initial_accumulator_value", allow_zero=True)
        self.eps = check_positive(eps, "eps")
        for p, state in zip(self.params, self.state):
            state["sum"] = np.full_like(p.data, self.initial_accumulator_value)

    def _update(self, p, g, state):
        t = state["step"]
        clr = self.lr / (1.0 + (t - 1) * self.lr_decay)
        state["sum"] += g * g
        p.data -= clr * g / (np.sqrt(state["sum"]) + self.eps)

    def _hyper(self):
        return {"lr": self.lr, "lr_decay": self.lr_decay, "weight_decay": self.weight_decay,
                "initial_accumulator_value": self.initial_accumulator_value, "eps": self.eps}


class RMSprop(Optimizer):
    r"""RMSprop: AdaGrad with a leaky (exponentially decaying) average of squared gradients.

    Parameters
    ----------
    params : list of Tensor
        The parameters to optimize; each with ``requires_grad=True`` and float data.
    lr : float, optional
        Learning rate :math:`\eta` > 0. Default 1e-2.
    alpha : float, optional
        Smoothing constant :math:`\alpha` in [0, 1) of the squared-gradient average.
        Default 0.99.
    eps : float, optional
        :math:`\epsilon` > 0 added to the denominator. Default 1e-8.
    weight_decay : float, optional
        L2 penalty :math:`\lambda` >= 0, added to the gradient. Default 0.
    momentum : float, optional
        Momentum factor :math:`\mu` in [0, 1). Default 0.
    centered : bool, optional
        Divide by an estimate of the gradient's standard deviation instead of its root mean
        square (subtract the squared running mean of :math:`g`). Default False.

    Notes
    -----
    .. math::

        g_t &\leftarrow g_t + \lambda \theta_{t-1} \\
        v_t &= \alpha v_{t-1} + (1 - \alpha)\, g_t^2 \\
        \bar g_t &= \alpha \bar g_{t-1} + (1 - \alpha)\, g_t,\quad
        \tilde v_t = v_t - \bar g_t^2 \quad \text{(centered only; else } \tilde v_t = v_t) \\
        u_t &= g_t / (\sqrt{\tilde v_t} + \epsilon) \\
        b_t &= \mu b_{t-1} + u_t \quad (b_0 = 0), \qquad
        \theta_t = \theta_{t-1} - \eta\, b_t \quad \text{if } \mu > 0 \\
        \theta_t &= \theta_{t-1} - \eta\, u_t \quad \text{otherwise}

    with :math:`v_0 = \bar g_0 = 0`. The lecture's RMSProp is the plain case (``decay_rate``
    for :math:`\alpha`, :math:`\epsilon = 10^{-7}`); it has no bias correction, so the first
    steps are large (:math:`v_1 = (1 - \alpha) g_1^2` is small).

    References
    ----------
    :cite:t:`tieleman2012`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.optim import RMSprop
    >>> from minidl.tensor import Tensor
    >>> p = Tensor(np.array([1.0]), requires_grad=True)
    >>> p.grad = np.array([2.0])
    >>> RMSprop([p], lr=0.01, alpha=0.99).step()   # step 0.01 * 2 / sqrt(0.01 * 4) = 0.1
    >>> print(np.round(p.data, 6))
    [0.9]
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                 centered=False):
        super().__init__(params, lr)
        self.alpha = check_interval(alpha, "alpha", 0.0, 1.0)
        self.eps = check_positive(eps, "eps")
        self.weight_decay = check_positive(weight_decay, "weight_decay", allow_zero=True)
        self.momentum = check_interval(momentum, "momentum", 0.0, 1.0)
        self.centered = check_flag(centered, "centered")

    def _update(self, p, g, state):
        a = self.alpha
        if "square_avg" not in state:
            state["square_avg"] = np.zeros_like(p.data)
            if self.centered:
                state["grad_avg"] = np.zeros_like(p.data)
            if self.momentum:
                state["momentum_buffer"] = np.zeros_like(p.data)
        sq = state["square_avg"]
        sq *= a
        sq += (1.0 - a) * g * g
        if self.centered:
            ga = state["grad_avg"]
            ga *= a
            ga += (1.0 - a) * g
            denom = np.sqrt(sq - ga * ga) + self.eps
        else:
            denom = np.sqrt(sq) + self.eps
        if self.momentum:
            buf = state["momentum_buffer"]
            buf *= self.momentum
            buf += g / denom
            p.data -= self.lr * buf
        else:
            p.data -= self.lr * g / denom

    def _hyper(self):
        return {"lr": self.lr, "alpha": self.alpha, "eps": self.eps,
                "weight_decay": self.weight_decay, "momentum": self.momentum,
                "centered": self.centered}


class Adam(Optimizer):
    r"""Adam: momentum on the gradient plus RMSprop's scaling, both bias-corrected.

    Parameters
    ----------
    params : list of Tensor
        The parameters to optimize; each with ``requires_grad=True`` and float data.
    lr : float, optional
        Learning rate :math:`\eta` > 0. Default 1e-3.
    betas : tuple, optional
        :math:`(\beta_1, \beta_2)`, each in [0, 1): decay rates of the first and second moment
        estimates. Default (0.9, 0.999).
    eps : float, optional
        :math:`\epsilon` > 0 added to the denominator. Default 1e-8.
    weight_decay : float, optional
        L2 penalty :math:`\lambda` >= 0, *added to the gradient* (so it is rescaled by the
        adaptive denominator; see :class:`AdamW` for the decoupled form). Default 0.
    amsgrad : bool, optional
        Use the running maximum of the second moment (AMSGrad). Default False.

    Notes
    -----
    .. math::

        g_t &\leftarrow g_t + \lambda \theta_{t-1} \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t \\
        v_t &= \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2 \\
        \hat m_t &= m_t / (1 - \beta_1^t), \qquad \hat v_t = v_t / (1 - \beta_2^t) \\
        \theta_t &= \theta_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}

    with :math:`m_0 = v_0 = 0`. With ``amsgrad=True``, :math:`v^{\max}_t = \max(v^{\max}_{t-1},
    v_t)` replaces :math:`v_t` in :math:`\hat v_t` — the maximum is taken before the bias
    correction, as PyTorch's code does (its documentation once showed it after). The bias
    correction undoes the pull of the zero initial values towards 0 in the first steps. The
    lecture's "Adam (full form)" is this rule with :math:`\epsilon = 10^{-7}`.

    References
    ----------
    :cite:t:`kingma2015`, :cite:t:`reddi2018` (AMSGrad).

    Examples
    --------
    Bias correction makes the first step exactly :math:`\eta` times the gradient's sign:

    >>> import numpy as np
    >>> from minidl.optim import Adam
    >>> from minidl.tensor import Tensor
    >>> p = Tensor(np.array([1.0, 1.0]), requires_grad=True)
    >>> p.grad = np.array([3.0, -0.001])
    >>> Adam([p], lr=0.1).step()
    >>> print(np.round(p.data, 4))
    [0.9 1.1]
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 amsgrad=False):
        super().__init__(params, lr)
        self.betas = _check_betas(betas)
        self.eps = check_positive(eps, "eps")
        self.weight_decay = check_positive(weight_decay, "weight_decay", allow_zero=True)
        self.amsgrad = check_flag(amsgrad, "amsgrad")

    def _update(self, p, g, state):
        b1, b2 = self.betas
        t = state["step"]
        if self._decoupled and self.weight_decay:      # AdamW; Adam's L2 term is in step()
            p.data *= 1.0 - self.lr * self.weight_decay
        if "exp_avg" not in state:
            state["exp_avg"] = np.zeros_like(p.data)
            state["exp_avg_sq"] = np.zeros_like(p.data)
            if self.amsgrad:
                state["max_exp_avg_sq"] = np.zeros_like(p.data)
        m, v = state["exp_avg"], state["exp_avg_sq"]
        m *= b1
        m += (1.0 - b1) * g
        v *= b2
        v += (1.0 - b2) * g * g
        if self.amsgrad:
            vmax = state["max_exp_avg_sq"]
            np.maximum(vmax, v, out=vmax)
            v = vmax
        # lr * m_hat / (sqrt(v_hat) + eps), with m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t),
        # computed in one scratch array to spare memory traffic on large parameters.
        denom = np.sqrt(v)
        denom /= math.sqrt(1.0 - b2**t)
        denom += self.eps
        np.divide(m, denom, out=denom)
        denom *= self.lr / (1.0 - b1**t)
        p.data -= denom

    def _hyper(self):
        return {"lr": self.lr, "betas": self.betas, "eps": self.eps,
                "weight_decay": self.weight_decay, "amsgrad": self.amsgrad}


class AdamW(Adam):
    r"""Adam with decoupled weight decay: the weights shrink directly, not through the gradient.

    Parameters
    ----------
    params : list of Tensor
        The parameters to optimize; each with ``requires_grad=True`` and float data.
    lr : float, optional
        Learning rate :math:`\eta` > 0. Default 1e-3.
    betas : tuple, optional
        :math:`(\beta_1, \beta_2)`, each in [0, 1). Default (0.9, 0.999).
    eps : float, optional
        :math:`\epsilon` > 0 added to the denominator. Default 1e-8.
    weight_decay : float, optional
        Decoupled weight decay :math:`\lambda` >= 0. Default 1e-2 (as in PyTorch; note the
        different default from :class:`Adam`).
    amsgrad : bool, optional
        Use the running maximum of the second moment (AMSGrad). Default False.

    Notes
    -----
    .. math::

        \theta_{t-1} &\leftarrow \theta_{t-1} (1 - \eta \lambda) \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2 \\
        \theta_t &= \theta_{t-1} - \eta\, \frac{m_t / (1 - \beta_1^t)}
                    {\sqrt{v_t / (1 - \beta_2^t)} + \epsilon}

    The gradient :math:`g_t` is that of the loss alone. In :class:`Adam`, :math:`\lambda\theta`
    enters the gradient and is then divided by :math:`\sqrt{\hat v_t}`, so weights with large
    gradients are barely regularised; decoupling makes the decay the same for every weight,
    as in plain SGD where the two forms coincide. As in PyTorch, the decay is scaled by the
    learning rate :math:`\eta` (the paper scales it by the schedule multiplier only).

    References
    ----------
    :cite:t:`loshchilov2019`.

    Examples
    --------
    With a zero gradient, only the decay acts:

    >>> import numpy as np
    >>> from minidl.optim import AdamW
    >>> from minidl.tensor import Tensor
    >>> p = Tensor(np.array([2.0]), requires_grad=True)
    >>> p.grad = np.array([0.0])
    >>> AdamW([p], lr=0.1, weight_decay=0.5).step()   # 2 * (1 - 0.1 * 0.5)
    >>> print(np.round(p.data, 4))
    [1.9]
    """

    _decoupled = True

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         amsgrad=amsgrad)


# --------------------------------------------------------------------------------------------
# Learning-rate schedules
# --------------------------------------------------------------------------------------------

class LRScheduler:
    r"""Base class of the learning-rate schedules: ``step()`` sets ``optimizer.lr``.

    A schedule is a closed-form function :meth:`lr_at` of the epoch (or iteration) counter
    :math:`t = 0, 1, 2, \dots` and of the base rate :math:`\eta_0`. Constructing a schedule
    sets ``optimizer.lr`` to ``lr_at(0)``; each :meth:`step` advances :math:`t` by one and sets
    ``optimizer.lr = lr_at(t)``. Call it once per epoch (or per iteration, if the schedule's
    lengths are counted in iterations), after ``optimizer.step()``.

    The base rate :math:`\eta_0` is ``optimizer.initial_lr``, which the first schedule attached
    to an optimizer records (as PyTorch does), so several schedules can be chained.

    Parameters
    ----------
    optimizer : Optimizer
        Any optimizer of this module.

    Attributes
    ----------
    optimizer : Optimizer
        The optimizer whose ``lr`` this schedule sets.
    base_lr : float
        :math:`\eta_0`.
    last_epoch : int
        The counter :math:`t` of the latest :meth:`step` (0 right after construction).

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.tensor import Tensor
    >>> from minidl.optim import SGD, StepLR
    >>> opt = SGD([Tensor(np.zeros(2), requires_grad=True)], lr=1.0)
    >>> sched = StepLR(opt, step_size=2, gamma=0.5)
    >>> lrs = []
    >>> for epoch in range(5):
    ...     lrs.append(opt.lr)
    ...     sched.step()
    >>> print(lrs)
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """

    def __init__(self, optimizer):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"optimizer: expected a minidl.optim optimizer, "
                            f"got {type(optimizer).__name__}")
        self.optimizer = optimizer
        if not hasattr(optimizer, "initial_lr"):
            optimizer.initial_lr = optimizer.lr
        self.base_lr = float(optimizer.initial_lr)
        self.last_epoch = 0
        self._set(0)

    def lr_at(self, epoch):
        """The learning rate of this schedule at counter value ``epoch``.

        Parameters
        ----------
        epoch : int
            The counter :math:`t` >= 0.

        Returns
        -------
        float
            The learning rate.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> from minidl.optim import SGD, ExponentialLR
        >>> opt = SGD([Tensor(np.zeros(1), requires_grad=True)], lr=1.0)
        >>> print(round(ExponentialLR(opt, gamma=0.9).lr_at(2), 4))
        0.81
        """
        epoch = check_integer(epoch, "epoch", minimum=0)
        return float(self._lr_at(epoch))

    def _lr_at(self, epoch):  # pragma: no cover - abstract
        raise NotImplementedError

    def _set(self, epoch):
        self.optimizer.lr = self._lr_at(epoch)

    def step(self):
        """Advance the counter by one and set the optimizer's learning rate.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> from minidl.optim import SGD, ExponentialLR
        >>> opt = SGD([Tensor(np.zeros(1), requires_grad=True)], lr=1.0)
        >>> sched = ExponentialLR(opt, gamma=0.5)
        >>> sched.step()
        >>> print(opt.lr, sched.last_epoch)
        0.5 1
        """
        self.last_epoch += 1
        self._set(self.last_epoch)

    def get_last_lr(self):
        """The learning rate set by the latest step, as a one-element list (as in PyTorch).

        Returns
        -------
        list
            ``[lr]``.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> from minidl.optim import SGD, ExponentialLR
        >>> opt = SGD([Tensor(np.zeros(1), requires_grad=True)], lr=1.0)
        >>> ExponentialLR(opt, gamma=0.5).get_last_lr()
        [1.0]
        """
        return [float(self._lr_at(self.last_epoch))]


class StepLR(LRScheduler):
    r"""Step decay: multiply the learning rate by ``gamma`` every ``step_size`` epochs.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose ``lr`` to set.
    step_size : int
        Period :math:`s` >= 1 of the decay, in epochs.
    gamma : float, optional
        Factor :math:`\gamma` > 0. Default 0.1.

    Notes
    -----
    .. math:: \eta_t = \eta_0\, \gamma^{\lfloor t / s \rfloor}

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.optim import SGD, StepLR
    >>> from minidl.tensor import Tensor
    >>> opt = SGD([Tensor(np.zeros(1), requires_grad=True)], lr=0.1)
    >>> sched = StepLR(opt, step_size=30)
    >>> print([round(sched.lr_at(t), 6) for t in (0, 29, 30, 60)])
    [0.1, 0.1, 0.01, 0.001]
    """

    def __init__(self, optimizer, step_size, gamma=0.1):
        self.step_size = check_integer(step_size, "step_size", minimum=1)
        self.gamma = check_positive(gamma, "gamma")
        super().__init__(optimizer)

    def _lr_at(self, epoch):
        return self.base_lr * self.gamma ** (epoch // self.step_size)


class ExponentialLR(LRScheduler):
    r"""Exponential decay: multiply the learning rate by ``gamma`` every epoch.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose ``lr`` to set.
    gamma : float
        Factor :math:`\gamma` > 0 (below 1 to decay).

    Notes
    -----
    .. math:: \eta_t = \eta_0\, \gamma^{t}

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.optim import SGD, ExponentialLR
    >>> from minidl.tensor import Tensor
    >>> opt = SGD([Tensor(np.zeros(1), requires_grad=True)], lr=1.0)
    >>> print(round(ExponentialLR(opt, gamma=0.5).lr_at(3), 6))
    0.125
    """

    def __init__(self, optimizer, gamma):
        self.gamma = check_positive(gamma, "gamma")
        super().__init__(optimizer)

    def _lr_at(self, epoch):
        return self.base_lr * self.gamma**epoch


class CosineAnnealingLR(LRScheduler):
    r"""Cosine annealing from the base rate down to ``eta_min`` over ``T_max`` epochs.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose ``lr`` to set.
    T_max : int
        Number of epochs :math:`T` >= 1 of the half cosine.
    eta_min : float, optional
        Final learning rate :math:`\eta_{\min}` >= 0. Default 0.

    Notes
    -----
    .. math::
        \eta_t = \eta_{\min} + \tfrac12 (\eta_0 - \eta_{\min})
                 \left(1 + \cos\frac{\pi t}{T}\right)

    This is the closed form that PyTorch documents (its code computes it recursively). Past
    :math:`T` the cosine rises again; stop or restart the schedule there. Without restarts
    this is SGDR's schedule of one cycle.

    References
    ----------
    :cite:t:`loshchilov2017`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.optim import SGD, CosineAnnealingLR
    >>> from minidl.tensor import Tensor
    >>> opt = SGD([Tensor(np.zeros(1), requires_grad=True)], lr=1.0)
    >>> sched = CosineAnnealingLR(opt, T_max=4)
    >>> print([round(sched.lr_at(t), 4) for t in range(5)])
    [1.0, 0.8536, 0.5, 0.1464, 0.0]
    """

    def __init__(self, optimizer, T_max, eta_min=0.0):
        self.T_max = check_integer(T_max, "T_max", minimum=1)
        self.eta_min = check_positive(eta_min, "eta_min", allow_zero=True)
        super().__init__(optimizer)

    def _lr_at(self, epoch):
        cos = math.cos(math.pi * epoch / self.T_max)
        return self.eta_min + 0.5 * (self.base_lr - self.eta_min) * (1.0 + cos)


class LinearLR(LRScheduler):
    r"""Linear change of the learning rate's factor, most often a warm-up from a small rate.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose ``lr`` to set.
    start_factor : float, optional
        Factor :math:`a` in (0, 1] at :math:`t = 0`. Default 1/3.
    end_factor : float, optional
        Factor :math:`c` in [0, 1] from :math:`t = n` on. Default 1.
    total_iters : int, optional
        Number of steps :math:`n` >= 1 of the ramp. Default 5.

    Notes
    -----
    .. math:: \eta_t = \eta_0 \left(a + (c - a) \frac{\min(t, n)}{n}\right)

    Linear warm-up: large learning rates (or large batches, with the linear scaling rule) can
    diverge in the first steps, while the weights are random and gradients large; ramping the
    rate up over a few epochs avoids that.

    References
    ----------
    :cite:t:`goyal2017`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.optim import SGD, LinearLR
    >>> from minidl.tensor import Tensor
    >>> opt = SGD([Tensor(np.zeros(1), requires_grad=True)], lr=0.4)
    >>> sched = LinearLR(opt, start_factor=0.25, total_iters=3)
    >>> print([round(sched.lr_at(t), 4) for t in range(5)])
    [0.1, 0.2, 0.3, 0.4, 0.4]
    """

    def __init__(self, optimizer, start_factor=1.0 / 3, end_factor=1.0, total_iters=5):
        self.start_factor = check_interval(start_factor, "start_factor", 0.0, 1.0,
                                           closed="right")
        self.end_factor = check_interval(end_factor, "end_factor", 0.0, 1.0, closed="both")
        self.total_iters = check_integer(total_iters, "total_iters", minimum=1)
        super().__init__(optimizer)

    def _lr_at(self, epoch):
        frac = min(epoch, self.total_iters) / self.total_iters
        return self.base_lr * (self.start_factor + (self.end_factor - self.start_factor) * frac)


class SequentialLR(LRScheduler):
    r"""Run schedules one after another, such as a linear warm-up followed by cosine decay.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose ``lr`` to set; every schedule must belong to it.
    schedulers : list
        The schedules (:class:`LRScheduler` instances), in order.
    milestones : list
        Increasing epochs at which the next schedule takes over; one fewer than schedules.

    Notes
    -----
    With milestones :math:`M_1 < \dots < M_{k-1}` (and :math:`M_0 = 0`), epoch :math:`t` with
    :math:`M_i \le t < M_{i+1}` gets schedule :math:`i`'s rate at :math:`t - M_i`: each
    schedule starts from its own beginning when it takes over, as in PyTorch.

    Examples
    --------
    Three epochs of warm-up, then a cosine over four:

    >>> import numpy as np
    >>> from minidl.optim import SGD, CosineAnnealingLR, LinearLR, SequentialLR
    >>> from minidl.tensor import Tensor
    >>> opt = SGD([Tensor(np.zeros(1), requires_grad=True)], lr=1.0)
    >>> warm = LinearLR(opt, start_factor=0.25, total_iters=3)
    >>> cos = CosineAnnealingLR(opt, T_max=4)
    >>> sched = SequentialLR(opt, [warm, cos], milestones=[3])
    >>> print([round(sched.lr_at(t), 3) for t in range(8)])
    [0.25, 0.5, 0.75, 1.0, 0.854, 0.5, 0.146, 0.0]
    """

    def __init__(self, optimizer, schedulers, milestones):
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"optimizer: expected a minidl.optim optimizer, "
                            f"got {type(optimizer).__name__}")
        schedulers = list(schedulers) if isinstance(schedulers, (list, tuple)) else schedulers
        if not isinstance(schedulers, list) or not schedulers:
            raise TypeError(f"schedulers: expected a non-empty list of schedules, "
                            f"got {describe(schedulers)}")
        for i, s in enumerate(schedulers):
            if not isinstance(s, LRScheduler):
                raise TypeError(f"schedulers[{i}]: expected a schedule, got {type(s).__name__}")
            if s.optimizer is not optimizer:
                raise ValueError(f"schedulers[{i}]: expected a schedule of the same optimizer, "
                                 f"got one attached to another optimizer")
        if not isinstance(milestones, (list, tuple)):
            raise TypeError(f"milestones: expected a list of epochs, got {describe(milestones)}")
        milestones = [check_integer(m, f"milestones[{i}]", minimum=1)
                      for i, m in enumerate(milestones)]
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(f"milestones: expected {len(schedulers) - 1} milestones (one fewer "
                             f"than schedules), got {len(milestones)}")
        if any(b <= a for a, b in zip(milestones, milestones[1:])):
            raise ValueError(f"milestones: expected increasing epochs, got {milestones}")
        self.schedulers = schedulers
        self.milestones = milestones
        super().__init__(optimizer)

    def _lr_at(self, epoch):
        i = bisect.bisect_right(self.milestones, epoch)
        start = self.milestones[i - 1] if i > 0 else 0
        return self.schedulers[i]._lr_at(epoch - start)


# --------------------------------------------------------------------------------------------
# Baselines: strategies 1 and 2 of the lecture
# --------------------------------------------------------------------------------------------

class SearchResult(NamedTuple):
    """What :func:`random_search` and :func:`random_local_search` return.

    A named tuple, so ``W, loss, history = random_search(...)`` works; the fields are also
    available by name.

    Parameters
    ----------
    W : numpy.ndarray
        The best weights found, float64.
    loss : float
        Their loss.
    history : dict
        Per-try (or per-step) records as arrays; see each function.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.optim import SearchResult
    >>> r = SearchResult(np.zeros(2), 0.5, {})
    >>> W, loss, history = r
    >>> r.loss
    0.5
    """


    W: np.ndarray
    loss: float
    history: dict


def _evaluate(loss_fn, W, where):
    """Call ``loss_fn(W)`` and return its value as a finite float."""
    value = loss_fn(W)
    if isinstance(getattr(value, "data", None), np.ndarray):  # a Tensor
        value = value.data
    arr = np.asarray(value)
    if arr.ndim != 0 or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"loss_fn: expected a function returning a scalar loss, "
                        f"got {describe(value)} at {where}")
    value = float(arr)
    if not math.isfinite(value):
        raise ValueError(f"loss_fn: expected a finite loss, got {value} at {where}")
    return value


def random_search(loss_fn, shape, n_tries, scale=1e-4, rng=None):
    r"""Strategy 1 of the lecture: try random weights and keep the best.

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(W) -> float``: the loss of weights ``W`` (such as a linear classifier's
        SVM loss on a training set with ``W`` of shape (D, C)).
    shape : tuple
        Shape of ``W``, such as (D, C).
    n_tries : int
        Number of random candidates, >= 1.
    scale : float, optional
        Standard deviation > 0 of the Gaussian candidates. Default 1e-4, as in the lecture.
    rng : numpy.random.Generator or int, optional
        Random generator or seed. Default None (seed 0).

    Returns
    -------
    SearchResult
        ``(W, loss, history)``: the best weights, float64 of shape ``shape``; their loss; and
        ``history`` with ``"loss"`` (the loss of every candidate, shape (n_tries,)) and
        ``"best_loss"`` (the best loss so far after each try, shape (n_tries,)).

    Notes
    -----
    Each try draws :math:`W_k = \sigma Z_k` with :math:`Z_k` standard normal and keeps
    :math:`\arg\min_k L(W_k)`. The chance of hitting a good :math:`W` this way falls
    exponentially with the number of weights: it is a baseline, not a method.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.optim import random_search
    >>> target = np.array([[1.0, -1.0]])
    >>> loss = lambda W: float(np.sum((W - target) ** 2))
    >>> W, best, history = random_search(loss, (1, 2), n_tries=200, scale=1.0, rng=0)
    >>> W.shape, history["loss"].shape
    ((1, 2), (200,))
    >>> bool(best == history["loss"].min() and best < loss(np.zeros((1, 2))))
    True
    """
    if not callable(loss_fn):
        raise TypeError(f"loss_fn: expected a callable loss_fn(W), got {describe(loss_fn)}")
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)) or not shape:
        raise TypeError(f"shape: expected a tuple of positive integers, got {describe(shape)}")
    shape = tuple(check_integer(s, f"shape[{i}]", minimum=1) for i, s in enumerate(shape))
    n_tries = check_integer(n_tries, "n_tries", minimum=1)
    scale = check_positive(scale, "scale")
    rng = check_rng(rng)

    losses = np.empty(n_tries)
    best_W, best_loss = None, math.inf
    for k in range(n_tries):
        W = scale * rng.standard_normal(shape)
        losses[k] = _evaluate(loss_fn, W, f"try {k}")
        if losses[k] < best_loss:
            best_W, best_loss = W, losses[k]
    history = {"loss": losses, "best_loss": np.minimum.accumulate(losses)}
    return SearchResult(best_W, float(best_loss), history)


def random_local_search(loss_fn, W0, n_steps, step_size=1e-4, rng=None):
    r"""Strategy 2 of the lecture: from ``W0``, try a random step and keep it if the loss drops.

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(W) -> float``: the loss of weights ``W``.
    W0 : array_like
        Start weights, any shape (such as (D, C)); not modified.
    n_steps : int
        Number of random steps tried, >= 1.
    step_size : float, optional
        Standard deviation > 0 of each random step. Default 1e-4, as in the lecture.
    rng : numpy.random.Generator or int, optional
        Random generator or seed. Default None (seed 0).

    Returns
    -------
    SearchResult
        ``(W, loss, history)``: the final (best) weights, float64 of the shape of ``W0``; their
        loss; and ``history`` with ``"loss"`` (the current loss before the first step and after
        each step, shape (n_steps + 1,), never increasing) and ``"accepted"`` (bool, shape
        (n_steps,), whether each step was kept).

    Notes
    -----
    .. math::
        W' = W + \delta Z, \quad Z \sim \mathcal N(0, I); \qquad
        W \leftarrow W' \text{ if } L(W') < L(W)

    A random direction is downhill about half the time, but in many dimensions it is almost
    perpendicular to the steepest direction, so each accepted step gains little. Following the
    gradient picks the best direction instead of guessing.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.optim import random_local_search
    >>> loss = lambda W: float(np.sum(W ** 2))
    >>> W, final, history = random_local_search(loss, np.ones(3), n_steps=100,
    ...                                         step_size=0.1, rng=0)
    >>> bool(final < loss(np.ones(3))), history["loss"].shape
    (True, (101,))
    >>> bool(np.all(np.diff(history["loss"]) <= 0))
    True
    """
    if not callable(loss_fn):
        raise TypeError(f"loss_fn: expected a callable loss_fn(W), got {describe(loss_fn)}")
    W = check_array(W0, "W0", dtype=np.float64).copy()
    if not np.all(np.isfinite(W)):
        raise ValueError("W0: expected finite values, got NaN or infinity")
    n_steps = check_integer(n_steps, "n_steps", minimum=1)
    step_size = check_positive(step_size, "step_size")
    rng = check_rng(rng)

    current = _evaluate(loss_fn, W, "W0")
    losses = np.empty(n_steps + 1)
    losses[0] = current
    accepted = np.zeros(n_steps, dtype=bool)
    for k in range(n_steps):
        W_try = W + step_size * rng.standard_normal(W.shape)
        value = _evaluate(loss_fn, W_try, f"step {k}")
        if value < current:
            W, current = W_try, value
            accepted[k] = True
        losses[k + 1] = current
    return SearchResult(W, float(current), {"loss": losses, "accepted": accepted})
