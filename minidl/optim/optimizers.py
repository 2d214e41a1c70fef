r"""Optimizers: turn the gradients in ``p.grad`` into in-place updates of ``p.data``.

:class:`Optimizer` does what every optimizer shares and nothing else. Each subclass states its
rule as an equation in its docstring and writes that equation, line by line, in ``_update``:
:class:`SGD` (with momentum and Nesterov momentum), :class:`Adagrad`, :class:`RMSprop`,
:class:`Adam` and :class:`AdamW`.

Weight decay comes in two forms. The L2 penalty :math:`\tfrac{\lambda}{2}\|\theta\|^2` adds
:math:`\lambda\theta` to the gradient; SGD, Adagrad, RMSprop and Adam do that in their update,
all through the one function ``_l2`` below. AdamW's decoupled decay shrinks the weights
instead, as the first line of its own update.
"""
from __future__ import annotations

import inspect
import math

import numpy as np

from .._validation import (
    check_array,
    check_flag,
    check_interval,
    check_params,
    check_positive,
    describe,
)

__all__ = ["Optimizer", "SGD", "Adagrad", "RMSprop", "Adam", "AdamW"]


# --------------------------------------------------------------------------------------------
# Helpers: the check of Adam's betas, and the L2 penalty's gradient (written once)
# --------------------------------------------------------------------------------------------

def _check_betas(betas):
    if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
        raise TypeError(f"betas: expected a pair (beta1, beta2), got {describe(betas)}")
    return (check_interval(betas[0], "betas[0]", 0.0, 1.0),
            check_interval(betas[1], "betas[1]", 0.0, 1.0))


def _l2(g, theta, weight_decay):
    r"""The gradient of :math:`L + \tfrac{\lambda}{2}\|\theta\|^2`: :math:`g + \lambda\theta`.

    A new array when :math:`\lambda > 0` (the caller's ``g`` is never written to); ``g``
    itself when :math:`\lambda = 0`.
    """
    return g + weight_decay * theta if weight_decay else g


# --------------------------------------------------------------------------------------------
# The base class
# --------------------------------------------------------------------------------------------

class Optimizer:
    r"""Base class of the optimizers: parameters, a learning rate and per-parameter state.

    The base class does the bookkeeping that every optimizer shares: it checks the parameters,
    holds the learning rate and one state dict per parameter, clears gradients
    (:meth:`zero_grad`), and in :meth:`step` checks each gradient, counts the parameter's steps
    in ``state["step"]`` and calls ``self._update(p, g, state)``.

    A subclass implements that one method, its update rule. It changes ``p.data`` in place from
    ``g``, the gradient of the loss cast to the parameter's dtype (the caller's array: read it,
    never write to it), and from its own ``state`` dict. Whatever the rule adds to the
    gradient — an L2 penalty, momentum, a decoupled weight decay — belongs to the rule.

    Parameters
    ----------
    params : list of Tensor
        The parameters to optimize (any iterable, such as ``model.parameters()``). Each must have
        ``requires_grad=True`` and floating-point data; each may appear only once.
    lr : float
        The learning rate :math:`\eta`, > 0.

    Attributes
    ----------
    params : list of Tensor
        The parameters, in the order given.
    state : list of dict
        Per-parameter state (step counter, moment estimates, ...), one dict per parameter.

    Examples
    --------
    A new optimizer is one update function. Sign descent moves each coordinate by
    :math:`\eta` against the sign of its gradient:

    >>> import numpy as np
    >>> from minidl.optim import Optimizer
    >>> from minidl.tensor import Tensor
    >>> class SignSGD(Optimizer):
    ...     def _update(self, p, g, state):
    ...         p.data -= self.lr * np.sign(g)
    >>> p = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    >>> p.grad = np.array([0.5, -3.0])
    >>> SignSGD([p], lr=0.1).step()
    >>> print(p.data)
    [0.9 2.1]
    """

    def __init__(self, params, lr):
        self.params = check_params(params)
        self._lr = check_positive(lr, "lr")
        self.state = [{"step": 0} for _ in self.params]

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
        >>> from minidl.tensor import Tensor
        >>> from minidl.optim import SGD
        >>> p = Tensor([1.0, 2.0], requires_grad=True)
        >>> (p * p).sum().backward()
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
        TypeError
            If a gradient is not an array of real numbers (a complex gradient is refused, not
            cast to real).
        ValueError
            If a gradient's shape differs from its parameter's shape.

        Notes
        -----
        A NaN or an infinity in a gradient is not looked for (a step must stay cheap): it
        propagates into the parameter as NumPy's arithmetic makes it.
        :func:`minidl.models.fit` stops before such a step.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.tensor import Tensor
        >>> from minidl.optim import SGD
        >>> p, q = Tensor([1.0, 2.0], requires_grad=True), Tensor([5.0], requires_grad=True)
        >>> p.grad = np.array([10.0, -10.0])          # q.grad is None: q is skipped
        >>> SGD([p, q], lr=0.01).step()
        >>> print(p.data, q.data)
        [0.9 2.1] [5.]
        """
        for i, p in enumerate(self.params):
            if p.grad is None:
                continue
            grad = check_array(p.grad, f"params[{i}].grad", allow_empty=True)
            if grad.shape != p.data.shape:
                raise ValueError(f"params[{i}].grad: expected shape {p.data.shape} (the "
                                 f"parameter's shape), got shape {grad.shape}")
            state = self.state[i]
            state["step"] += 1
            self._update(p, grad.astype(p.data.dtype, copy=False), state)

    def _update(self, p, g, state):
        """The update rule: change ``p.data`` in place from the gradient ``g`` and ``state``."""
        raise NotImplementedError(
            f"{type(self).__name__}._update: expected a subclass of Optimizer to implement "
            f"_update(p, g, state), its update rule; {type(self).__name__} does not")

    def __repr__(self):
        # The hyper-parameters are the constructor's arguments after params, each kept as an
        # attribute of the same name.
        names = list(inspect.signature(type(self)).parameters)[1:]
        args = ", ".join(f"{k}={getattr(self, k)!r}" for k in names if hasattr(self, k))
        return f"{type(self).__name__}({args})"


# --------------------------------------------------------------------------------------------
# The optimizers, each with its own update rule
# --------------------------------------------------------------------------------------------

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
        g = _l2(g, p.data, self.weight_decay)
        if self.momentum:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = g.copy()
            else:
                buf *= self.momentum
                buf += g if self.dampening == 0.0 else (1.0 - self.dampening) * g
            g = g + self.momentum * buf if self.nesterov else buf
        p.data -= self.lr * g


class Adagrad(Optimizer):
    r"""AdaGrad: a per-coordinate learning rate that shrinks with the gradients seen so far.

    Parameters
    ----------
    params : list of Tensor
        The parameters to optimize; each with ``requires_grad=True`` and float data.
    lr : float, optional
        Base learning rate :math:`\eta` > 0, before the per-coordinate scaling. Default 1e-2.
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
        clr = self.lr / (1.0 + (state["step"] - 1) * self.lr_decay)
        g = _l2(g, p.data, self.weight_decay)
        state["sum"] += g * g
        p.data -= clr * g / (np.sqrt(state["sum"]) + self.eps)


class RMSprop(Optimizer):
    r"""RMSprop: AdaGrad with a leaky (exponentially decaying) average of squared gradients.

    Parameters
    ----------
    params : list of Tensor
        The parameters to optimize; each with ``requires_grad=True`` and float data.
    lr : float, optional
        Learning rate :math:`\eta` > 0, applied to the rescaled gradient. Default 1e-2.
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
    :cite:t:`tieleman2012`, lecture 6.5.

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
        g = _l2(g, p.data, self.weight_decay)
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


class Adam(Optimizer):
    r"""Adam: momentum on the gradient plus RMSprop's scaling, both bias-corrected.

    Parameters
    ----------
    params : list of Tensor
        The parameters to optimize; each with ``requires_grad=True`` and float data.
    lr : float, optional
        Learning rate :math:`\eta` > 0, about the largest step in any coordinate. Default 1e-3.
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
        self._adam_step(p, _l2(g, p.data, self.weight_decay), state)

    def _adam_step(self, p, g, state):
        """Adam's rule from the moments on, for the gradient ``g`` as given."""
        b1, b2 = self.betas
        t = state["step"]
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


class AdamW(Adam):
    r"""Adam with decoupled weight decay: the weights shrink directly, not through the gradient.

    Parameters
    ----------
    params : list of Tensor
        The parameters to optimize; each with ``requires_grad=True`` and float data.
    lr : float, optional
        Learning rate :math:`\eta` > 0; each step also shrinks the weights by the factor
        :math:`1 - \eta\lambda`. Default 1e-3.
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
    .. math:: \theta_{t-1} \leftarrow (1 - \eta \lambda)\, \theta_{t-1}

    then the step of :class:`Adam` (its moments, bias correction and :math:`\epsilon`, the same
    code) on :math:`g_t`, the gradient of the loss alone. In :class:`Adam`, :math:`\lambda\theta`
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

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False):
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         amsgrad=amsgrad)

    def _update(self, p, g, state):
        if self.weight_decay:                  # decoupled: the weights shrink, g stays as is
            p.data *= 1.0 - self.lr * self.weight_decay
        self._adam_step(p, g, state)
