"""Tests of minidl.functional: values against slow loops, gradients against centred
differences (float64), stability for huge logits, and input validation."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import rel_err
from minidl.functional import cross_entropy, l2, log_softmax, softmax, svm_loss
from minidl.tensor import Tensor
from tolerances import tol

# Centred differences (h = 1e-5) of smooth functions of O(1) inputs err by truncation
# h^2 |f'''| / 6 ~ 1e-11 plus round-off eps |f| / h ~ 1e-11: a right gradient's relative
# error stays near 1e-9, while a wrong rule gives errors near 1. tol() keeps the 10x margin
# checkable (MINIDL_TOLERANCE_MARGIN=10, see tolerances.py).


def numerical_gradient(f, x, h=1e-5):
    """Slow centred differences of the scalar f at a float64 copy of x."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        plus = f(x)
        x[idx] = old - h
        minus = f(x)
        x[idx] = old
        grad[idx] = (plus - minus) / (2 * h)
    return grad


def cross_entropy_loop(s, y):
    total = 0.0
    for i in range(len(y)):
        total += -math.log(math.exp(s[i, y[i]]) / sum(math.exp(v) for v in s[i]))
    return total / len(y)


def svm_loop(s, y, margin=1.0):
    total = 0.0
    for i in range(len(y)):
        for j in range(s.shape[1]):
            if j != y[i]:
                total += max(0.0, s[i, j] - s[i, y[i]] + margin)
    return total / len(y)


problems = st.tuples(st.integers(1, 5), st.integers(2, 6), st.integers(0, 2**16))


@settings(max_examples=30)
@given(problems)
def test_cross_entropy_value_and_gradient_match_references(problem):
    n, c, seed = problem
    rng = np.random.default_rng(seed)
    s = rng.normal(size=(n, c))  # moderate logits: no probability so small that the
    y = rng.integers(0, c, size=n)  # finite-difference round-off swamps it
    t = Tensor(s.copy(), requires_grad=True)
    loss = cross_entropy(t, y)
    loss.backward()
    assert loss.item() == pytest.approx(cross_entropy_loop(s, y), rel=1e-12)
    expected = numerical_gradient(lambda v: cross_entropy_loop(v, y), s)
    assert rel_err(t.grad, expected) < tol(1e-6)


@settings(max_examples=30)
@given(problems, st.sampled_from([1.0, 0.5, 0.0]))
def test_svm_loss_value_and_gradient_match_references(problem, margin):
    n, c, seed = problem
    rng = np.random.default_rng(seed)
    s = rng.normal(scale=2.0, size=(n, c))
    y = rng.integers(0, c, size=n)
    # Keep every margin away from its kink so the numerical gradient is meaningful.
    m = s - s[np.arange(n), y][:, None] + margin
    s = s + np.where(np.abs(m) < 0.05, 0.2, 0.0) * (np.arange(c) != y[:, None])
    t = Tensor(s.copy(), requires_grad=True)
    loss = svm_loss(t, y, margin=margin)
    loss.backward()
    assert loss.item() == pytest.approx(svm_loop(s, y, margin), rel=1e-12, abs=1e-12)
    expected = numerical_gradient(lambda v: svm_loop(v, y, margin), s)
    assert rel_err(t.grad, expected) < tol(1e-6)


@pytest.mark.parametrize("fn", [softmax, log_softmax], ids=["softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [-1, 0])
def test_softmax_family_gradients_match_numerical(fn, axis, rng):
    s = rng.normal(size=(3, 4))
    w = rng.normal(size=(3, 4))  # random upstream gradient

    def value(v):
        e = np.exp(v - v.max(axis=axis, keepdims=True))
        p = e / e.sum(axis=axis, keepdims=True)
        return float(((np.log(p) if fn is log_softmax else p) * w).sum())

    t = Tensor(s.copy(), requires_grad=True)
    (fn(t, axis=axis) * w).sum().backward()
    assert rel_err(t.grad, numerical_gradient(value, s)) < tol(1e-6)


def test_softmax_rows_sum_to_one_and_log_softmax_is_its_log(rng):
    s = Tensor(rng.normal(size=(5, 7)))
    p = softmax(s).data
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(log_softmax(s).data, np.log(p))


def test_l2_value_and_gradient(rng):
    a = Tensor(rng.normal(size=(3, 2)), requires_grad=True)
    b = Tensor(rng.normal(size=(4,)), requires_grad=True)
    r = l2([a, b])
    r.backward()
    assert r.item() == pytest.approx(float((a.data ** 2).sum() + (b.data ** 2).sum()))
    np.testing.assert_allclose(a.grad, 2 * a.data)
    np.testing.assert_allclose(b.grad, 2 * b.data)


def test_huge_logits_give_finite_losses_and_gradients():
    s = Tensor(np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]]), requires_grad=True)
    y = np.array([1, 0])
    with np.errstate(all="raise", under="ignore"):
        loss = cross_entropy(s, y)
        loss.backward()
        p = softmax(s).data
        lp = log_softmax(s).data
    assert loss.item() == pytest.approx((2e4 + 2e4 + math.log(2)) / 2)
    assert np.all(np.isfinite(s.grad)) and np.all(np.isfinite(p)) and np.all(np.isfinite(lp))
    s.zero_grad()
    hinge = svm_loss(s, y)
    hinge.backward()
    assert np.isfinite(hinge.item()) and np.all(np.isfinite(s.grad))


def test_cross_entropy_matches_scikit_learn_log_loss(rng):
    metrics = pytest.importorskip("sklearn.metrics")
    s = rng.normal(size=(20, 4))
    y = rng.integers(0, 4, size=20)
    p = softmax(Tensor(s)).data
    expected = metrics.log_loss(y, p, labels=[0, 1, 2, 3])
    assert cross_entropy(Tensor(s), y).item() == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_losses_keep_the_dtype(dtype, rng):
    s = Tensor(rng.normal(size=(4, 3)).astype(dtype), requires_grad=True)
    y = np.array([0, 1, 2, 0])
    for loss in (cross_entropy(s, y), svm_loss(s, y), l2([s]), softmax(s).sum()):
        assert loss.dtype == dtype
        s.zero_grad()
        loss.backward()
        assert s.grad.dtype == dtype


def test_losses_accept_plain_arrays_as_constants(rng):
    s = rng.normal(size=(2, 3))
    assert cross_entropy(s, [0, 2]).item() == pytest.approx(cross_entropy_loop(s, [0, 2]))


@pytest.mark.parametrize("fn", [cross_entropy, svm_loss], ids=["cross_entropy", "svm_loss"])
def test_bad_labels_and_scores_are_named(fn):
    s = Tensor(np.zeros((3, 4)))
    name = "logits" if fn is cross_entropy else "scores"
    with pytest.raises(ValueError, match=r"labels: expected labels in 0..3, got values from 0 "
                                         r"to 4"):
        fn(s, np.array([0, 1, 4]))
    with pytest.raises(ValueError, match=r"labels: expected 3 labels"):
        fn(s, np.array([0, 1]))
    with pytest.raises(ValueError, match=r"labels: expected a vector of shape \(N,\)"):
        fn(s, np.zeros((3, 1), dtype=int))
    with pytest.raises(TypeError, match=r"labels: expected integer class labels"):
        fn(s, np.array([0.0, 1.0, 2.0]))
    with pytest.raises(ValueError, match=rf"{name}: expected scores of shape \(N, C\), "
                                         r"got shape \(4,\)"):
        fn(Tensor(np.zeros(4)), np.array([0]))
    with pytest.raises(ValueError, match=rf"{name}: expected finite values, got nan"):
        fn(Tensor(np.array([[0.0, np.nan]])), np.array([0]))
    with pytest.raises(ValueError, match=rf"{name}: expected a non-empty batch"):
        fn(Tensor(np.zeros((0, 3))), np.array([], dtype=int))


def test_svm_margin_must_be_non_negative():
    with pytest.raises(ValueError, match=r"margin: expected a number >= 0, got -1.0"):
        svm_loss(Tensor(np.zeros((1, 2))), [0], margin=-1.0)


def test_l2_rejects_what_is_not_a_list_of_tensors():
    with pytest.raises(ValueError, match="params: expected at least one Tensor"):
        l2([])
    with pytest.raises(TypeError, match=r"params\[1\]: expected a Tensor"):
        l2([Tensor(1.0), np.ones(2)])


@pytest.mark.parametrize("margin", [1.0, 0.25])
def test_tensor_losses_are_the_staged_layers_formulas(margin, rng):
    from minidl import layers
    s = rng.normal(size=(6, 4))
    y = rng.integers(0, 4, size=6)
    for engine, staged in ((cross_entropy, layers.softmax_loss),
                           (lambda t, y: svm_loss(t, y, margin),
                            lambda a, y: layers.svm_loss(a, y, margin=margin))):
        t = Tensor(s.copy(), requires_grad=True)
        loss = engine(t, y)
        loss.backward(np.array(2.0))               # an upstream gradient scales dscores
        value, dscores = staged(s, y)
        assert loss.item() == value
        np.testing.assert_array_equal(t.grad, 2.0 * dscores)


def test_softmax_axis_must_be_one_int():
    with pytest.raises(TypeError, match="axis: expected an int"):
        softmax(Tensor(np.ones((2, 3))), axis=(0, 1))
    with pytest.raises(ValueError, match=r"axis: expected axes in -2..1"):
        log_softmax(Tensor(np.ones((2, 3))), axis=2)
