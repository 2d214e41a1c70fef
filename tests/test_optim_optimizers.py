"""minidl.optim.optimizers: update rules against plain references, the base class, validation.

Each reference below is the update rule of the PyTorch documentation written out the obvious
way, one step at a time with fresh variables, independently of the library code.
"""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import fresh_params, pyplot
from minidl.landscapes import Valley, run
from minidl.optim import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop
from minidl.tensor import Tensor

STEPS = 100
SHAPES = [(3, 4), (5,)]


def make_problem(seed=0):
    """Start values and a gradient that depends on the current value and on the step.

    g_t(theta) = c * theta + noise_t: the parameters' own state feeds back into the gradient,
    so an error in the order of operations changes the path.
    """
    rng = np.random.default_rng(seed)
    starts = [rng.normal(size=s) for s in SHAPES]
    curv = [rng.uniform(0.1, 2.0, size=s) for s in SHAPES]
    noise = [rng.normal(size=(STEPS,) + s) for s in SHAPES]

    def grad(k, t, theta):  # t counts from 1
        return curv[k] * theta + noise[k][t - 1]

    return starts, grad


def run_library(cls, **hyper):
    starts, grad = make_problem()
    params = [Tensor(s.copy(), requires_grad=True) for s in starts]
    opt = cls(params, **hyper)
    for t in range(1, STEPS + 1):
        for k, p in enumerate(params):
            p.grad = grad(k, t, p.data)
        opt.step()
    return [p.data for p in params]


def run_reference(update, init):
    """Apply ``update(theta, g, state, t) -> theta`` for each parameter, ``init`` builds state."""
    starts, grad = make_problem()
    out = []
    for k, theta in enumerate(starts):
        theta = theta.copy()
        state = init(theta)
        for t in range(1, STEPS + 1):
            g = grad(k, t, theta)
            theta = update(theta, g, state, t)
        out.append(theta)
    return out


# --- references, written from the documented algorithms -------------------------------------

def sgd_reference(lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    def update(theta, g, s, t):
        g = g + weight_decay * theta
        if momentum != 0:
            if t == 1:
                b = g
            else:
                b = momentum * s["b"] + (1 - dampening) * g
            s["b"] = b
            if nesterov:
                g = g + momentum * b
            else:
                g = b
        return theta - lr * g
    return update, lambda theta: {}


def adagrad_reference(lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0,
                      eps=1e-10):
    def update(theta, g, s, t):
        lr_t = lr / (1 + (t - 1) * lr_decay)
        g = g + weight_decay * theta
        s["sum"] = s["sum"] + g ** 2
        return theta - lr_t * g / (np.sqrt(s["sum"]) + eps)
    return update, lambda theta: {"sum": np.full(theta.shape, initial_accumulator_value)}


def rmsprop_reference(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                      centered=False):
    def update(theta, g, s, t):
        g = g + weight_decay * theta
        s["v"] = alpha * s["v"] + (1 - alpha) * g ** 2
        v_tilde = s["v"]
        if centered:
            s["g_ave"] = alpha * s["g_ave"] + (1 - alpha) * g
            v_tilde = v_tilde - s["g_ave"] ** 2
        if momentum > 0:
            s["b"] = momentum * s["b"] + g / (np.sqrt(v_tilde) + eps)
            return theta - lr * s["b"]
        return theta - lr * g / (np.sqrt(v_tilde) + eps)
    zeros = np.zeros_like
    return update, lambda theta: {"v": zeros(theta), "g_ave": zeros(theta), "b": zeros(theta)}


def adam_reference(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False,
                   decoupled=False):
    b1, b2 = betas

    def update(theta, g, s, t):
        if decoupled:
            theta = theta * (1 - lr * weight_decay)
        else:
            g = g + weight_decay * theta
        s["m"] = b1 * s["m"] + (1 - b1) * g
        s["v"] = b2 * s["v"] + (1 - b2) * g ** 2
        m_hat = s["m"] / (1 - b1 ** t)
        if amsgrad:
            s["v_max"] = np.maximum(s["v_max"], s["v"])
            v_hat = s["v_max"] / (1 - b2 ** t)
        else:
            v_hat = s["v"] / (1 - b2 ** t)
        return theta - lr * m_hat / (np.sqrt(v_hat) + eps)
    zeros = np.zeros_like
    return update, lambda theta: {"m": zeros(theta), "v": zeros(theta), "v_max": zeros(theta)}


def adamw_reference(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False):
    return adam_reference(lr, betas, eps, weight_decay, amsgrad, decoupled=True)


CASES = [
    (SGD, sgd_reference, dict(lr=0.05)),
    (SGD, sgd_reference, dict()),
    (SGD, sgd_reference, dict(lr=0.05, momentum=0.9)),
    (SGD, sgd_reference, dict(lr=0.05, momentum=0.9, dampening=0.5)),
    (SGD, sgd_reference, dict(lr=0.05, momentum=0.8, weight_decay=0.1)),
    (SGD, sgd_reference, dict(lr=0.05, momentum=0.9, nesterov=True)),
    (SGD, sgd_reference, dict(lr=0.05, momentum=0.5, nesterov=True, weight_decay=0.2)),
    (SGD, sgd_reference, dict(lr=0.05, weight_decay=0.3)),
    (Adagrad, adagrad_reference, dict()),
    (Adagrad, adagrad_reference, dict(lr=0.5, lr_decay=0.05)),
    (Adagrad, adagrad_reference, dict(lr=0.5, weight_decay=0.1)),
    (Adagrad, adagrad_reference, dict(lr=0.5, initial_accumulator_value=0.7, eps=1e-3)),
    (Adagrad, adagrad_reference, dict(lr=0.3, lr_decay=0.01, weight_decay=0.05,
                                      initial_accumulator_value=0.1)),
    (RMSprop, rmsprop_reference, dict()),
    (RMSprop, rmsprop_reference, dict(lr=0.01, alpha=0.9)),
    (RMSprop, rmsprop_reference, dict(lr=0.01, centered=True)),
    (RMSprop, rmsprop_reference, dict(lr=0.01, momentum=0.8)),
    (RMSprop, rmsprop_reference, dict(lr=0.01, weight_decay=0.1, eps=1e-4)),
    (RMSprop, rmsprop_reference, dict(lr=0.005, alpha=0.95, centered=True, momentum=0.7,
                                      weight_decay=0.05)),
    (Adam, adam_reference, dict()),
    (Adam, adam_reference, dict(lr=0.05)),
    (Adam, adam_reference, dict(lr=0.05, betas=(0.5, 0.9), eps=1e-6)),
    (Adam, adam_reference, dict(lr=0.05, weight_decay=0.1)),
    (Adam, adam_reference, dict(lr=0.05, amsgrad=True)),
    (Adam, adam_reference, dict(lr=0.05, betas=(0.8, 0.99), weight_decay=0.1, amsgrad=True)),
    (Adam, adam_reference, dict(lr=0.05, betas=(0.0, 0.0))),
    (AdamW, adamw_reference, dict()),
    (AdamW, adamw_reference, dict(lr=0.05, weight_decay=0.3)),
    (AdamW, adamw_reference, dict(lr=0.05, weight_decay=0.3, amsgrad=True)),
    (AdamW, adamw_reference, dict(lr=0.05, betas=(0.7, 0.95), weight_decay=0.0)),
]


def case_id(case):
    cls, _, hyper = case
    return cls.__name__ + "-" + ("-".join(f"{k}={v}" for k, v in hyper.items()) or "defaults")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_100_steps_match_the_documented_update_rule(case):
    cls, reference, hyper = case
    got = run_library(cls, **hyper)
    expected = run_reference(*reference(**hyper))
    for g, e in zip(got, expected):
        assert np.all(np.isfinite(e))
        np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-12)


def test_defaults_are_those_of_torch_optim():
    p = [Tensor(np.zeros(2), requires_grad=True)]
    sgd, adagrad, rms, adam, adamw = SGD(p), Adagrad(p), RMSprop(p), Adam(p), AdamW(p)
    assert (sgd.lr, sgd.momentum, sgd.dampening, sgd.weight_decay, sgd.nesterov) == \
        (1e-3, 0.0, 0.0, 0.0, False)
    assert (adagrad.lr, adagrad.lr_decay, adagrad.weight_decay,
            adagrad.initial_accumulator_value, adagrad.eps) == (1e-2, 0.0, 0.0, 0.0, 1e-10)
    assert (rms.lr, rms.alpha, rms.eps, rms.weight_decay, rms.momentum, rms.centered) == \
        (1e-2, 0.99, 1e-8, 0.0, 0.0, False)
    assert (adam.lr, adam.betas, adam.eps, adam.weight_decay, adam.amsgrad) == \
        (1e-3, (0.9, 0.999), 1e-8, 0.0, False)
    assert (adamw.lr, adamw.betas, adamw.eps, adamw.weight_decay, adamw.amsgrad) == \
        (1e-3, (0.9, 0.999), 1e-8, 1e-2, False)


@given(lr=st.floats(1e-3, 0.5), mu=st.floats(0.0, 0.95), nesterov=st.booleans())
def test_sgd_momentum_equals_the_lecture_form_with_velocity_scaled_by_lr(lr, mu, nesterov):
    if nesterov and mu == 0.0:
        mu = 0.5
    f = Valley(curvature=(0.5, 2.0))
    p = Tensor(np.array([-3.0, 1.0]), requires_grad=True)
    opt = SGD([p], lr=lr, momentum=mu, nesterov=nesterov)
    x, v = np.array([-3.0, 1.0]), np.zeros(2)
    for _ in range(30):
        p.grad = f.gradient(p.data)
        opt.step()
        dx = f.gradient(x)
        v_prev = v
        v = mu * v - lr * dx
        x = x + v if not nesterov else x - mu * v_prev + (1 + mu) * v
    np.testing.assert_allclose(p.data, x, rtol=1e-9, atol=1e-12)


def test_plain_sgd_on_the_valley_follows_the_closed_form():
    f = Valley(curvature=(0.2, 4.0))
    lr = 0.3
    path = run(SGD, f, start=(-5.0, 2.0), steps=40, lr=lr)
    t = np.arange(41)
    expected = np.stack([-5.0 * (1 - lr * 0.2) ** t, 2.0 * (1 - lr * 4.0) ** t], axis=1)
    np.testing.assert_allclose(path, expected, rtol=1e-12, atol=1e-14)


def test_adamw_without_weight_decay_equals_adam():
    a = run_library(Adam, lr=0.05, amsgrad=True)
    b = run_library(AdamW, lr=0.05, amsgrad=True, weight_decay=0.0)
    for x, y in zip(a, b):
        assert np.array_equal(x, y)


def test_adam_and_adamw_weight_decay_differ():
    a = run_library(Adam, lr=0.05, weight_decay=0.3)
    b = run_library(AdamW, lr=0.05, weight_decay=0.3)
    assert not np.allclose(a[0], b[0])


@pytest.mark.parametrize("cls", [SGD, Adagrad, RMSprop, Adam, AdamW])
def test_step_updates_data_in_place_and_keeps_float32(cls):
    data = np.ones((2, 3), dtype=np.float32)
    p = Tensor(data, requires_grad=True)
    opt = cls([p], lr=0.1)
    p.grad = np.full((2, 3), 0.5, dtype=np.float32)
    opt.step()
    assert p.data is data and p.data.dtype == np.float32
    assert np.all(p.data < 1.0)


@pytest.mark.parametrize("cls", [SGD, Adagrad, RMSprop, Adam, AdamW])
def test_parameters_without_gradient_are_skipped_and_keep_their_step_count(cls):
    a = Tensor(np.ones(2), requires_grad=True)
    b = Tensor(np.ones(2), requires_grad=True)
    opt = cls([a, b], lr=0.1)
    a.grad = np.array([1.0, -2.0])
    opt.step()                       # b.grad is None: b untouched
    assert np.array_equal(b.data, np.ones(2))
    b.grad = np.array([1.0, -2.0])
    a.grad = None
    opt.step()                       # b's first step equals a's first step
    np.testing.assert_array_equal(a.data, b.data)


def test_zero_grad_sets_none_by_default_or_zeros_in_place():
    p = Tensor(np.ones(3), requires_grad=True)
    opt = SGD([p], lr=0.1)
    p.grad = np.ones(3)
    g = p.grad
    opt.zero_grad(set_to_none=False)
    assert p.grad is g and np.array_equal(g, np.zeros(3))
    opt.zero_grad()
    assert p.grad is None


def test_training_with_backward_reduces_a_loss():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 3))
    w_true = np.array([1.0, -2.0, 0.5])
    y = X @ w_true
    w = Tensor(np.zeros(3), requires_grad=True)
    opt = Adam([w], lr=0.1)
    for _ in range(300):
        opt.zero_grad()
        loss = ((Tensor(X) @ w - Tensor(y)) ** 2).mean()
        loss.backward()
        opt.step()
    np.testing.assert_allclose(w.data, w_true, atol=1e-3)


def test_repr_names_the_hyper_parameters():
    p = [Tensor(np.zeros(1), requires_grad=True)]
    assert repr(SGD(p, lr=0.1, momentum=0.9)).startswith("SGD(lr=0.1, momentum=0.9")


@pytest.mark.parametrize("cls", [SGD, Adagrad, RMSprop, Adam, AdamW])
def test_weight_decay_never_writes_to_the_callers_gradient(cls):
    p = Tensor(np.ones(3), requires_grad=True)
    hyper = {"momentum": 0.9} if cls in (SGD, RMSprop) else {}
    opt = cls([p], lr=0.1, weight_decay=0.5, **hyper)
    for _ in range(3):
        p.grad = np.array([0.5, -1.0, 2.0])
        opt.step()
        np.testing.assert_array_equal(p.grad, [0.5, -1.0, 2.0])


# --- the base class: bookkeeping only; each optimizer is its own update --------------------

class SignDescent(Optimizer):
    """A new optimizer, written as a reader would: one update function, and an attribute
    named like another optimizer's hyper-parameter, which the base class must not act on."""

    def __init__(self, params, lr):
        super().__init__(params, lr)
        self.weight_decay = 0.5

    def _update(self, p, g, state):
        state["seen"] = state.get("seen", 0) + 1
        p.data -= self.lr * np.sign(g)


def test_a_new_optimizer_is_one_update_function():
    a = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    b = Tensor(np.array([3.0]), requires_grad=True)
    opt = SignDescent([a, b], lr=0.25)
    a.grad = np.array([4.0, -0.1])
    opt.step()                                  # b.grad is None: b is skipped
    np.testing.assert_array_equal(a.data, [0.75, -1.75])   # the rule alone: no L2 term added
    np.testing.assert_array_equal(b.data, [3.0])
    b.grad = np.array([-2.0])
    opt.step()
    np.testing.assert_array_equal(a.data, [0.5, -1.5])
    np.testing.assert_array_equal(b.data, [3.25])
    assert [s["step"] for s in opt.state] == [2, 1] == [s["seen"] for s in opt.state]
    opt.zero_grad()
    assert a.grad is None and b.grad is None
    assert repr(opt) == "SignDescent(lr=0.25)"


def test_the_base_class_names_no_optimizer_and_no_weight_decay():
    def names(code):
        found = set(code.co_names) | set(code.co_varnames)
        for const in code.co_consts:   # nested code: comprehensions, closures
            if hasattr(const, "co_names"):
                found |= names(const)
        return found

    used = set()
    for member in vars(Optimizer).values():
        for func in (member.fget, member.fset) if isinstance(member, property) else (member,):
            if hasattr(func, "__code__"):
                used |= names(func.__code__)
    assert used.isdisjoint({"SGD", "Adagrad", "RMSprop", "Adam", "AdamW", "weight_decay",
                            "momentum", "_l2"})


def test_the_base_class_update_says_what_a_subclass_must_write():
    class Unfinished(Optimizer):
        pass

    for cls in (Optimizer, Unfinished):
        p = Tensor(np.zeros(2), requires_grad=True)
        opt = cls([p], lr=0.1)
        p.grad = np.ones(2)
        name = cls.__name__
        with pytest.raises(NotImplementedError,
                           match=rf"^{name}\._update: expected a subclass of Optimizer to "
                                 rf"implement _update\(p, g, state\), its update rule; "
                                 rf"{name} does not$"):
            opt.step()


# --- validation ----------------------------------------------------------------------------

BAD = [
    (SGD, dict(lr=0.0), ValueError, "lr"),
    (SGD, dict(lr=-1.0), ValueError, "lr"),
    (Adam, dict(lr=float("nan")), ValueError, "lr"),
    (SGD, dict(lr="0.1"), TypeError, "lr"),
    (SGD, dict(momentum=1.0), ValueError, "momentum"),
    (SGD, dict(momentum=-0.1), ValueError, "momentum"),
    (SGD, dict(dampening=1.5), ValueError, "dampening"),
    (SGD, dict(weight_decay=-1.0), ValueError, "weight_decay"),
    (SGD, dict(nesterov=True), ValueError, "nesterov"),
    (SGD, dict(nesterov=True, momentum=0.9, dampening=0.1), ValueError, "nesterov"),
    (SGD, dict(nesterov="yes", momentum=0.9), TypeError, "nesterov"),
    (Adagrad, dict(eps=0.0), ValueError, "eps"),
    (Adagrad, dict(lr_decay=-0.1), ValueError, "lr_decay"),
    (Adagrad, dict(initial_accumulator_value=-1.0), ValueError, "initial_accumulator_value"),
    (RMSprop, dict(alpha=1.0), ValueError, "alpha"),
    (RMSprop, dict(eps=-1e-8), ValueError, "eps"),
    (RMSprop, dict(momentum=1.2), ValueError, "momentum"),
    (RMSprop, dict(centered=1), TypeError, "centered"),
    (Adam, dict(betas=(1.0, 0.999)), ValueError, r"betas\[0\]"),
    (Adam, dict(betas=(0.9, -0.1)), ValueError, r"betas\[1\]"),
    (Adam, dict(betas=0.9), TypeError, "betas"),
    (Adam, dict(eps=0.0), ValueError, "eps"),
    (AdamW, dict(weight_decay=-0.01), ValueError, "weight_decay"),
    (AdamW, dict(amsgrad=None), TypeError, "amsgrad"),
]


@pytest.mark.parametrize("cls, hyper, error, name", BAD,
                         ids=[f"{c.__name__}-{h}" for c, h, _, _ in BAD])
def test_bad_hyper_parameters_raise_naming_the_argument(cls, hyper, error, name):
    with pytest.raises(error, match=rf"^{name}: expected"):
        cls(fresh_params(), **hyper)


@pytest.mark.parametrize("cls", [SGD, Adagrad, RMSprop, Adam, AdamW])
def test_bad_parameter_lists_raise_naming_params(cls):
    with pytest.raises(ValueError, match=r"^params: expected at least one"):
        cls([], lr=0.1)
    with pytest.raises(ValueError, match=r"^params\[0\]: expected a Tensor with requires_grad"):
        cls([Tensor(np.zeros(2))], lr=0.1)
    with pytest.raises(TypeError, match=r"^params: expected an iterable of Tensor, got a single"):
        cls(Tensor(np.zeros(2), requires_grad=True), lr=0.1)
    with pytest.raises(TypeError, match=r"^params\[1\]: expected a Tensor"):
        cls([Tensor(np.zeros(2), requires_grad=True), np.zeros(2)], lr=0.1)
    p = Tensor(np.zeros(2), requires_grad=True)
    with pytest.raises(ValueError, match=r"^params\[1\]: expected each parameter once"):
        cls([p, p], lr=0.1)


def test_gradient_of_the_wrong_shape_raises_naming_it():
    p = Tensor(np.zeros((2, 3)), requires_grad=True)
    opt = Adam([p], lr=0.1)
    p.grad = np.zeros(3)
    with pytest.raises(ValueError, match=r"^params\[0\]\.grad: expected shape \(2, 3\)"):
        opt.step()


def test_learning_rate_can_be_set_to_zero_but_not_below():
    opt = SGD(fresh_params(), lr=0.1)
    opt.lr = 0.0
    with pytest.raises(ValueError, match="^lr: expected"):
        opt.lr = -0.1


# --- plotting helpers for optimizer paths (minidl.viz) --------------------------------------

def test_trajectory_plots_draw_every_path_and_validate_paths():
    plt = pyplot()

    from minidl.viz import animate_trajectories, plot_trajectories

    f = Valley()
    paths = {"SGD": run(SGD, f, steps=5, lr=0.1), "Adam": run(Adam, f, steps=8, lr=0.1)}
    ax = plot_trajectories(f, paths)
    drawn = [line for line in ax.get_lines() if line.get_label() in paths]
    assert [line.get_label() for line in drawn] == ["SGD", "Adam"]
    np.testing.assert_array_equal(drawn[1].get_xydata(), paths["Adam"])
    plt.close(ax.figure)
    anim = animate_trajectories(f, paths, frames=3)
    assert anim.to_jshtml().count("data:image/png") == 3
    with pytest.raises(TypeError, match="^paths: expected a non-empty dict"):
        plot_trajectories(f, [paths["SGD"]])
    with pytest.raises(ValueError, match=r"^paths\['bad'\]: expected an array of shape \(T, 2\)"):
        plot_trajectories(f, {"bad": np.zeros((4, 3))})
    with pytest.raises(ValueError, match="^frames: expected"):
        animate_trajectories(f, paths, frames=1)
