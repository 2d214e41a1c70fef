"""minidl.optim.schedules: each schedule against its closed form, overflow, validation."""
import math

import numpy as np
import pytest

from helpers import fresh_params
from minidl.optim import (
    SGD,
    Adagrad,
    Adam,
    AdamW,
    CosineAnnealingLR,
    ExponentialLR,
    LinearLR,
    LRScheduler,
    RMSprop,
    SequentialLR,
    StepLR,
)
from minidl.tensor import Tensor


def lrs_while_stepping(make_scheduler, epochs, base=0.5, cls=SGD):
    opt = cls(fresh_params(), lr=base)
    sched = make_scheduler(opt)
    seen = []
    for _ in range(epochs):
        seen.append(opt.lr)
        assert sched.get_last_lr() == [opt.lr]
        sched.step()
    return np.array(seen)


def test_step_lr_multiplies_by_gamma_every_step_size_epochs():
    got = lrs_while_stepping(lambda o: StepLR(o, step_size=3, gamma=0.5), 10)
    expected, lr = [], 0.5
    for epoch in range(10):
        if epoch > 0 and epoch % 3 == 0:
            lr *= 0.5
        expected.append(lr)
    np.testing.assert_allclose(got, expected, rtol=1e-15)


def test_exponential_lr_is_a_geometric_sequence():
    got = lrs_while_stepping(lambda o: ExponentialLR(o, gamma=0.9), 12)
    np.testing.assert_allclose(got, 0.5 * 0.9 ** np.arange(12), rtol=1e-13)


def test_cosine_annealing_matches_the_closed_form_and_ends_at_eta_min():
    got = lrs_while_stepping(lambda o: CosineAnnealingLR(o, T_max=10, eta_min=0.01), 11)
    t = np.arange(11)
    expected = 0.01 + 0.5 * (0.5 - 0.01) * (1 + np.cos(np.pi * t / 10))
    np.testing.assert_allclose(got, expected, rtol=1e-13)
    assert got[-1] == pytest.approx(0.01) and got[0] == pytest.approx(0.5)


def test_linear_warmup_ramps_linearly_then_stays():
    got = lrs_while_stepping(lambda o: LinearLR(o, start_factor=0.1, total_iters=4), 8)
    expected = np.concatenate([np.linspace(0.05, 0.5, 5), [0.5] * 3])
    np.testing.assert_allclose(got, expected, rtol=1e-13)


def test_sequential_warmup_then_cosine_restarts_each_schedule_at_its_milestone():
    def make(o):
        return SequentialLR(o, [LinearLR(o, start_factor=0.5, total_iters=2),
                                CosineAnnealingLR(o, T_max=4)], milestones=[2])
    got = lrs_while_stepping(make, 7)
    cosine = 0.5 * 0.5 * (1 + np.cos(np.pi * np.arange(5) / 4))
    np.testing.assert_allclose(got, np.concatenate([[0.25, 0.375], cosine]), rtol=1e-13,
                               atol=1e-15)


@pytest.mark.parametrize("cls", [SGD, Adagrad, RMSprop, Adam, AdamW])
def test_a_schedule_drives_any_optimizer(cls):
    lrs = lrs_while_stepping(lambda o: ExponentialLR(o, gamma=0.5), 3, cls=cls)
    np.testing.assert_allclose(lrs, [0.5, 0.25, 0.125])


def test_the_scheduled_rate_is_the_one_used_by_step():
    p = Tensor(np.zeros(1), requires_grad=True)
    opt = SGD([p], lr=1.0)
    sched = StepLR(opt, step_size=1, gamma=0.1)
    positions = []
    for _ in range(3):
        p.grad = np.array([1.0])
        opt.step()
        sched.step()
        positions.append(p.data[0])
    np.testing.assert_allclose(positions, [-1.0, -1.1, -1.11])


BAD_SCHEDULES = [
    (lambda o: StepLR(o, step_size=0), ValueError, "step_size"),
    (lambda o: StepLR(o, step_size=2.5), TypeError, "step_size"),
    (lambda o: ExponentialLR(o, gamma=0.0), ValueError, "gamma"),
    (lambda o: CosineAnnealingLR(o, T_max=0), ValueError, "T_max"),
    (lambda o: CosineAnnealingLR(o, T_max=5, eta_min=-1.0), ValueError, "eta_min"),
    (lambda o: LinearLR(o, start_factor=0.0), ValueError, "start_factor"),
    (lambda o: LinearLR(o, end_factor=1.5), ValueError, "end_factor"),
    (lambda o: LinearLR(o, total_iters=0), ValueError, "total_iters"),
    (lambda o: StepLR("sgd", step_size=1), TypeError, "optimizer"),
    (lambda o: SequentialLR(o, [StepLR(o, 1), StepLR(o, 1)], milestones=[]), ValueError,
     "milestones"),
    (lambda o: SequentialLR(o, [StepLR(o, 1), "x"], milestones=[2]), TypeError,
     r"schedulers\[1\]"),
    (lambda o: SequentialLR(o, [StepLR(o, 1), StepLR(SGD(fresh_params(), lr=1.0), 1)], milestones=[2]),
     ValueError, r"schedulers\[1\]"),
]


@pytest.mark.parametrize("make, error, name", BAD_SCHEDULES,
                         ids=[n for _, _, n in BAD_SCHEDULES])
def test_bad_schedule_arguments_raise_naming_the_argument(make, error, name):
    with pytest.raises(error, match=rf"^{name}: expected"):
        make(SGD(fresh_params(), lr=1.0))




# --- rates beyond float64, and the base class ------------------------------------------------

@pytest.mark.parametrize("base, first_bad", [(0.1, 309), (100.0, 307)])
def test_a_growing_exponential_rate_raises_where_it_would_overflow(base, first_bad):
    # 0.1 * 10**309: the power itself overflows; 100 * 10**307: only the product does.
    opt = SGD(fresh_params(), lr=base)
    sched = ExponentialLR(opt, gamma=10.0)
    with pytest.raises(ValueError, match=rf"^gamma: expected a factor that keeps the learning "
                                         rf"rate finite, got 10\.0, .* at epoch {first_bad};"):
        for _ in range(400):
            sched.step()
            assert math.isfinite(opt.lr)
    # nothing changed at the failed step: counter and rate are those of the last good epoch
    assert sched.last_epoch == first_bad - 1
    assert opt.lr == sched.get_last_lr()[0] == base * 10.0 ** (first_bad - 1)
    with pytest.raises(ValueError, match="^gamma: expected"):
        sched.lr_at(400)


def test_a_growing_step_rate_raises_where_it_would_overflow():
    sched = StepLR(SGD(fresh_params(), lr=1.0), step_size=2, gamma=10.0)
    assert math.isfinite(sched.lr_at(2 * 308 + 1))   # 1e308, just below the largest float64
    with pytest.raises(ValueError, match=r"^gamma: expected .* at epoch 618;"):
        sched.lr_at(2 * 309)


def test_a_decaying_rate_reaches_zero_without_error_and_then_stops_the_parameters():
    opt = SGD(fresh_params(), lr=1.0)
    sched = ExponentialLR(opt, gamma=0.1)
    for _ in range(400):
        sched.step()
    assert opt.lr == 0.0
    p = opt.params[0]
    p.grad = np.ones(2)
    opt.step()
    np.testing.assert_array_equal(p.data, np.zeros(2))


def test_a_new_schedule_is_one_formula():
    class Halving(LRScheduler):
        def _lr_at(self, epoch):
            return self.base_lr / 2**epoch

    got = lrs_while_stepping(Halving, 4)
    np.testing.assert_array_equal(got, [0.5, 0.25, 0.125, 0.0625])


def test_the_base_schedule_says_what_a_subclass_must_write():
    with pytest.raises(NotImplementedError,
                       match=r"^LRScheduler\._lr_at: expected a subclass of LRScheduler to "
                             r"implement _lr_at\(epoch\), its formula for the learning rate; "
                             r"LRScheduler does not$"):
        LRScheduler(SGD(fresh_params(), lr=1.0))
