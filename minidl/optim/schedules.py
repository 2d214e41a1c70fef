r"""Learning-rate schedules: set ``optimizer.lr`` between steps, following a formula.

A schedule is a closed-form function of the epoch (or iteration) counter :math:`t` and of the
base rate :math:`\eta_0`. :class:`LRScheduler` does the bookkeeping (the counter, the base
rate, setting ``optimizer.lr``); each schedule implements its formula: :class:`StepLR`,
:class:`ExponentialLR`, :class:`CosineAnnealingLR`, :class:`LinearLR` (warm-up), and
:class:`SequentialLR`, which runs schedules one after another. Names, defaults and formulas
follow PyTorch's ``torch.optim.lr_scheduler``; any optimizer of :mod:`minidl.optim` can be
scheduled.
"""
from __future__ import annotations

import bisect
import math

from .._validation import check_integer, check_interval, check_positive, describe
from .optimizers import Optimizer

__all__ = ["LRScheduler", "StepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR",
           "SequentialLR"]


def _geometric(base_lr, gamma, k, epoch):
    """``base_lr * gamma**k``; a ValueError naming ``gamma`` where that exceeds float64.

    ``gamma**k`` raises OverflowError past about 1.8e308, and ``base_lr * gamma**k`` can reach
    infinity without any error; both end in one message. A decay (``gamma < 1``) only ever
    underflows to 0.0, an annealed rate.
    """
    try:
        lr = base_lr * gamma**k
    except OverflowError:
        lr = math.inf
    if lr == math.inf:
        raise ValueError(
            f"gamma: expected a factor that keeps the learning rate finite, got {gamma}, with "
            f"which the rate {base_lr} * {gamma}**{k} exceeds the largest float64 at epoch "
            f"{epoch}; a gamma above 1 grows the rate without bound: stop the schedule earlier")
    return lr


def _check_optimizer(optimizer):
    """``optimizer`` if it is an optimizer of minidl.optim, the thing a schedule sets."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer: expected a minidl.optim optimizer, "
                        f"got {type(optimizer).__name__}")
    return optimizer


class LRScheduler:
    r"""Base class of the learning-rate schedules: ``step()`` sets ``optimizer.lr``.

    A schedule is a closed-form function :meth:`lr_at` of the epoch (or iteration) counter
    :math:`t = 0, 1, 2, \dots` and of the base rate :math:`\eta_0`. Constructing a schedule
    sets ``optimizer.lr`` to ``lr_at(0)``; each :meth:`step` advances :math:`t` by one and sets
    ``optimizer.lr = lr_at(t)``. Call it once per epoch (or per iteration, if the schedule's
    lengths are counted in iterations), after ``optimizer.step()``.

    The base rate :math:`\eta_0` is ``optimizer.initial_lr``, which the first schedule attached
    to an optimizer records (as PyTorch does), so several schedules can be chained.

    A subclass implements one method, ``_lr_at(epoch)``: its formula for the rate at a counter
    value that the public methods have already checked.

    Parameters
    ----------
    optimizer : Optimizer
        Any optimizer of :mod:`minidl.optim`.

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
    >>> from minidl.tensor import Tensor
    >>> from minidl.optim import SGD, StepLR
    >>> opt = SGD([Tensor([0.0, 0.0], requires_grad=True)], lr=1.0)
    >>> sched = StepLR(opt, step_size=2, gamma=0.5)
    >>> lrs = []
    >>> for epoch in range(5):
    ...     lrs.append(opt.lr)
    ...     sched.step()
    >>> print(lrs)
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """

    def __init__(self, optimizer):
        self.optimizer = _check_optimizer(optimizer)
        self.base_lr = float(getattr(optimizer, "initial_lr", optimizer.lr))
        self.last_epoch = 0
        lr = self._lr_at(0)              # first, so that a schedule that fails changes nothing
        if not hasattr(optimizer, "initial_lr"):
            optimizer.initial_lr = self.base_lr
        optimizer.lr = lr

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
        >>> from minidl.tensor import Tensor
        >>> from minidl.optim import SGD, ExponentialLR
        >>> opt = SGD([Tensor([0.0], requires_grad=True)], lr=1.0)
        >>> print(round(ExponentialLR(opt, gamma=0.9).lr_at(2), 4))
        0.81
        """
        epoch = check_integer(epoch, "epoch", minimum=0)
        return float(self._lr_at(epoch))

    def _lr_at(self, epoch):
        """The schedule's formula: the rate at counter value ``epoch`` (an int >= 0)."""
        raise NotImplementedError(
            f"{type(self).__name__}._lr_at: expected a subclass of LRScheduler to implement "
            f"_lr_at(epoch), its formula for the learning rate; {type(self).__name__} does not")

    def step(self):
        """Advance the counter by one and set the optimizer's learning rate.

        If the new rate cannot be computed (see :class:`ExponentialLR`), neither the counter
        nor the optimizer's rate changes.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> from minidl.optim import SGD, ExponentialLR
        >>> opt = SGD([Tensor([0.0], requires_grad=True)], lr=1.0)
        >>> sched = ExponentialLR(opt, gamma=0.5)
        >>> sched.step()
        >>> print(opt.lr, sched.last_epoch)
        0.5 1
        """
        self.optimizer.lr = self._lr_at(self.last_epoch + 1)
        self.last_epoch += 1

    def get_last_lr(self):
        """The learning rate set by the latest step, as a one-element list (as in PyTorch).

        Returns
        -------
        list
            ``[lr]``.

        Examples
        --------
        >>> from minidl.tensor import Tensor
        >>> from minidl.optim import SGD, ExponentialLR
        >>> opt = SGD([Tensor([0.0], requires_grad=True)], lr=1.0)
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

    Raises
    ------
    ValueError
        From :meth:`~LRScheduler.step` or :meth:`~LRScheduler.lr_at`, when a ``gamma`` above 1
        has grown the rate past the largest float64, as for :class:`ExponentialLR`.

    Notes
    -----
    .. math:: \eta_t = \eta_0\, \gamma^{\lfloor t / s \rfloor}

    Examples
    --------
    >>> from minidl.optim import SGD, StepLR
    >>> from minidl.tensor import Tensor
    >>> sched = StepLR(SGD([Tensor([0.0], requires_grad=True)], lr=0.1), step_size=30)
    >>> print([round(sched.lr_at(t), 6) for t in (0, 29, 30, 60)])
    [0.1, 0.1, 0.01, 0.001]
    """

    def __init__(self, optimizer, step_size, gamma=0.1):
        self.step_size = check_integer(step_size, "step_size", minimum=1)
        self.gamma = check_positive(gamma, "gamma")
        super().__init__(optimizer)

    def _lr_at(self, epoch):
        return _geometric(self.base_lr, self.gamma, epoch // self.step_size, epoch)


class ExponentialLR(LRScheduler):
    r"""Exponential decay: multiply the learning rate by ``gamma`` every epoch.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose ``lr`` to set.
    gamma : float
        Factor :math:`\gamma` > 0: below 1 to decay, above 1 to grow (as in a learning-rate
        range test).

    Raises
    ------
    ValueError
        From :meth:`~LRScheduler.step` or :meth:`~LRScheduler.lr_at`, at the first epoch where
        a ``gamma`` above 1 makes the rate exceed the largest float64 (about 1.8e308); the
        message names ``gamma`` and that epoch.

    Notes
    -----
    .. math:: \eta_t = \eta_0\, \gamma^{t}

    The rate is computed in closed form at every epoch, so it carries no rounding error
    accumulated over steps. A decaying rate (:math:`\gamma < 1`) reaches 0.0 after a few
    hundred or thousand epochs, which is a valid, annealed rate. A growing one
    (:math:`\gamma > 1`) has no bound: rather than set an infinite learning rate, which would
    send the parameters to infinity or NaN at the next step, the schedule raises
    ``ValueError`` where :math:`\eta_0 \gamma^t` leaves the range of float64.

    Examples
    --------
    >>> from minidl.optim import SGD, ExponentialLR
    >>> from minidl.tensor import Tensor
    >>> opt = SGD([Tensor([0.0], requires_grad=True)], lr=1.0)
    >>> print(round(ExponentialLR(opt, gamma=0.5).lr_at(3), 6))
    0.125
    """

    def __init__(self, optimizer, gamma):
        self.gamma = check_positive(gamma, "gamma")
        super().__init__(optimizer)

    def _lr_at(self, epoch):
        return _geometric(self.base_lr, self.gamma, epoch, epoch)


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
    :cite:t:`loshchilov2017` (SGDR).

    Examples
    --------
    >>> from minidl.optim import SGD, CosineAnnealingLR
    >>> from minidl.tensor import Tensor
    >>> sched = CosineAnnealingLR(SGD([Tensor([0.0], requires_grad=True)], lr=1.0), T_max=4)
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
    >>> from minidl.optim import SGD, LinearLR
    >>> from minidl.tensor import Tensor
    >>> opt = SGD([Tensor([0.0], requires_grad=True)], lr=0.4)
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

    >>> from minidl.optim import SGD, CosineAnnealingLR, LinearLR, SequentialLR
    >>> from minidl.tensor import Tensor
    >>> opt = SGD([Tensor([0.0], requires_grad=True)], lr=1.0)
    >>> warm = LinearLR(opt, start_factor=0.25, total_iters=3)
    >>> cos = CosineAnnealingLR(opt, T_max=4)
    >>> sched = SequentialLR(opt, [warm, cos], milestones=[3])
    >>> print([round(sched.lr_at(t), 3) for t in range(8)])
    [0.25, 0.5, 0.75, 1.0, 0.854, 0.5, 0.146, 0.0]
    """

    def __init__(self, optimizer, schedulers, milestones):
        _check_optimizer(optimizer)
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
