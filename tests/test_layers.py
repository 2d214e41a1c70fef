"""Tests of the staged layers: each backward against centred differences of its forward
(float64), the losses against slow loops, and input validation."""
import numpy as np
import pytest

from helpers import rel_err, two_layer_by_hand
from minidl import layers
from tolerances import tol

# Centred differences (h = 1e-5) of smooth functions of O(1) inputs err by truncation
# h^2 |f'''| / 6 ~ 1e-11 plus round-off eps |f| / h ~ 1e-11: a right gradient's relative
# error stays near 1e-9, while a wrong rule gives errors near 1. tol() keeps the 10x margin
# checkable (MINIDL_TOLERANCE_MARGIN=10, see tolerances.py).


def numerical_gradient_array(f, x, dout, h=1e-5):
    """Gradient of sum(f(x) * dout) by centred differences on a float64 copy."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        plus = f(x).copy()
        x[idx] = old - h
        minus = f(x).copy()
        x[idx] = old
        grad[idx] = np.sum((plus - minus) * dout) / (2 * h)
    return grad


@pytest.mark.parametrize("x_shape", [(4, 5), (4, 2, 3, 2)], ids=["flat", "images"])
def test_affine_backward_matches_numerical_gradients(x_shape, rng):
    x = rng.normal(size=x_shape)
    d = int(np.prod(x_shape[1:]))
    w = rng.normal(size=(d, 3))
    b = rng.normal(size=3)
    out, cache = layers.affine_forward(x, w, b)
    assert out.shape == (4, 3)
    np.testing.assert_allclose(out, x.reshape(4, -1) @ w + b)
    dout = rng.normal(size=out.shape)
    dx, dw, db = layers.affine_backward(dout, cache)
    assert dx.shape == x.shape and dw.shape == w.shape and db.shape == b.shape
    assert rel_err(dx, numerical_gradient_array(
        lambda v: layers.affine_forward(v, w, b)[0], x, dout)) < tol(1e-7)
    assert rel_err(dw, numerical_gradient_array(
        lambda v: layers.affine_forward(x, v, b)[0], w, dout)) < tol(1e-7)
    assert rel_err(db, numerical_gradient_array(
        lambda v: layers.affine_forward(x, w, v)[0], b, dout)) < tol(1e-7)


def test_relu_backward_matches_numerical_gradient_away_from_zero(rng):
    x = rng.normal(size=(5, 6))
    x[np.abs(x) < 0.05] = 0.5
    out, cache = layers.relu_forward(x)
    np.testing.assert_array_equal(out, np.where(x > 0, x, 0))
    dout = rng.normal(size=x.shape)
    dx = layers.relu_backward(dout, cache)
    assert rel_err(dx, numerical_gradient_array(lambda v: layers.relu_forward(v)[0], x,
                                                dout)) < tol(1e-7)


def test_sigmoid_backward_matches_numerical_gradient(rng):
    x = rng.normal(scale=3.0, size=(4, 5))
    out, cache = layers.sigmoid_forward(x)
    np.testing.assert_allclose(out, 1 / (1 + np.exp(-x)))
    dout = rng.normal(size=x.shape)
    dx = layers.sigmoid_backward(dout, cache)
    assert rel_err(dx, numerical_gradient_array(lambda v: layers.sigmoid_forward(v)[0], x,
                                                dout)) < tol(1e-7)


def softmax_loss_loop(s, y):
    n, c = s.shape
    loss = 0.0
    ds = np.zeros_like(s)
    for i in range(n):
        e = np.exp(s[i] - s[i].max())
        p = e / e.sum()
        loss -= np.log(p[y[i]])
        for j in range(c):
            ds[i, j] = (p[j] - (j == y[i])) / n
    return loss / n, ds


def svm_loss_loop(s, y):
    n, c = s.shape
    loss = 0.0
    ds = np.zeros_like(s)
    for i in range(n):
        for j in range(c):
            if j == y[i]:
                continue
            margin = s[i, j] - s[i, y[i]] + 1
            if margin > 0:
                loss += margin
                ds[i, j] += 1 / n
                ds[i, y[i]] -= 1 / n
    return loss / n, ds


@pytest.mark.parametrize("name,loop", [("softmax_loss", softmax_loss_loop),
                                       ("svm_loss", svm_loss_loop)])
def test_losses_match_slow_loops_and_numerical_gradients(name, loop, rng):
    fn = getattr(layers, name)
    s = rng.normal(size=(6, 4))
    y = rng.integers(0, 4, size=6)
    loss, ds = fn(s, y)
    ref_loss, ref_ds = loop(s, y)
    assert loss == pytest.approx(ref_loss, rel=1e-12)
    np.testing.assert_allclose(ds, ref_ds, atol=1e-15)
    num = numerical_gradient_array(lambda v: np.array(fn(v, y)[0]), s, np.array(1.0))
    assert rel_err(ds, num) < tol(1e-6)


def test_losses_keep_float32_gradients(rng):
    s = rng.normal(size=(3, 4)).astype(np.float32)
    for fn in (layers.softmax_loss, layers.svm_loss):
        loss, ds = fn(s, np.array([0, 1, 3]))
        assert isinstance(loss, float) and ds.dtype == np.float32


def test_softmax_loss_is_stable_for_huge_scores():
    loss, ds = layers.softmax_loss(np.array([[1e4, -1e4]]), np.array([1]))
    assert loss == pytest.approx(2e4) and np.all(np.isfinite(ds))


def test_affine_forward_names_mismatched_arguments():
    x, w, b = np.ones((2, 3)), np.ones((3, 4)), np.ones(4)
    with pytest.raises(ValueError, match=r"w: expected 3 rows to match x of shape \(2, 3\), "
                                         r"got shape \(5, 4\)"):
        layers.affine_forward(x, np.ones((5, 4)), b)
    with pytest.raises(ValueError, match=r"b: expected shape \(4,\).*got \(3,\)"):
        layers.affine_forward(x, w, np.ones(3))
    with pytest.raises(ValueError, match=r"x: expected a batch of shape \(N, D\)"):
        layers.affine_forward(np.ones(3), w, b)
    with pytest.raises(TypeError, match=r"x: expected a floating-point array"):
        layers.affine_forward(np.ones((2, 3), dtype=int), w, b)


def test_backward_checks_the_upstream_shape_and_the_cache():
    _, cache = layers.affine_forward(np.ones((2, 3)), np.ones((3, 4)), np.ones(4))
    with pytest.raises(ValueError, match=r"dout: expected shape \(2, 4\).*got \(4, 2\)"):
        layers.affine_backward(np.ones((4, 2)), cache)
    with pytest.raises(TypeError, match=r"cache: expected the cache returned by relu_forward"):
        layers.relu_backward(np.ones(3), cache)


def test_loss_labels_are_validated():
    with pytest.raises(ValueError, match=r"y: expected labels in 0..2, got values from 0 to 3"):
        layers.softmax_loss(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match=r"y: expected 2 labels"):
        layers.svm_loss(np.zeros((2, 3)), np.array([0]))
    with pytest.raises(ValueError, match=r"scores: expected finite values"):
        layers.svm_loss(np.array([[np.inf, 0.0]]), np.array([0]))


def svm_loss_loop_with_margin(s, y, margin):
    n, c = s.shape
    loss, ds = 0.0, np.zeros_like(s)
    for i in range(n):
        for j in range(c):
            if j != y[i] and s[i, j] - s[i, y[i]] + margin > 0:
                loss += s[i, j] - s[i, y[i]] + margin
                ds[i, j] += 1 / n
                ds[i, y[i]] -= 1 / n
    return loss / n, ds


@pytest.mark.parametrize("margin", [0.0, 0.5, 1.0, 3.0])
def test_svm_loss_takes_the_margin_as_an_argument(margin, rng):
    s = rng.normal(scale=2.0, size=(7, 5))
    y = rng.integers(0, 5, size=7)
    loss, ds = layers.svm_loss(s, y, margin=margin)
    ref_loss, ref_ds = svm_loss_loop_with_margin(s, y, margin)
    assert loss == pytest.approx(ref_loss, rel=1e-12, abs=1e-15)
    np.testing.assert_allclose(ds, ref_ds, atol=1e-15)
    default_loss, default_ds = layers.svm_loss(s, y)
    margin_1_loss, margin_1_ds = layers.svm_loss(s, y, margin=1.0)
    assert default_loss == margin_1_loss
    np.testing.assert_array_equal(default_ds, margin_1_ds)


def test_svm_margin_is_validated():
    with pytest.raises(ValueError, match=r"margin: expected a number >= 0, got -0.5"):
        layers.svm_loss(np.zeros((1, 2)), np.array([0]), margin=-0.5)
    with pytest.raises(TypeError, match=r"margin: expected a real number"):
        layers.svm_loss(np.zeros((1, 2)), np.array([0]), margin="1")


@pytest.mark.parametrize("hidden", ["relu", "sigmoid"])
@pytest.mark.parametrize("loss", ["softmax", "svm", "svm-margin-0.3"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_staged_backward_of_a_two_layer_net_equals_the_engines_gradients(hidden, loss, dtype,
                                                                        rng):
    from minidl.functional import cross_entropy, svm_loss
    from minidl.tensor import Tensor
    margin = 0.3 if loss.endswith("0.3") else 1.0
    staged = layers.softmax_loss if loss == "softmax" else \
        (lambda s, y: layers.svm_loss(s, y, margin=margin))
    engine = cross_entropy if loss == "softmax" else (lambda s, y: svm_loss(s, y, margin))
    X = rng.normal(size=(8, 5)).astype(dtype)
    y = rng.integers(0, 3, size=8)
    W1, b1 = rng.normal(size=(5, 7)).astype(dtype), rng.normal(size=7).astype(dtype)
    W2, b2 = rng.normal(size=(7, 3)).astype(dtype), rng.normal(size=3).astype(dtype)
    ref_loss, ref_grads = two_layer_by_hand(X, y, W1, b1, W2, b2, staged, hidden)

    tensors = [Tensor(a.copy(), requires_grad=True) for a in (X, W1, b1, W2, b2)]
    tX, tW1, tb1, tW2, tb2 = tensors
    value = engine(getattr(tX @ tW1 + tb1, hidden)() @ tW2 + tb2, y)
    value.backward()
    # Both sides run the same layer formulas on the same arrays in the same order, so they agree
    # to the last bit (0.0 seen under tools/blas-kernels); the tolerances only leave room for a
    # BLAS that sums one product in two orders, a few ulps: float64 1e-12, float32 1e-5.
    rtol = 1e-12 if dtype == np.float64 else 1e-5
    assert value.item() == pytest.approx(ref_loss, rel=rtol)
    for t, g in zip(tensors, ref_grads):
        assert t.grad.dtype == dtype
        np.testing.assert_allclose(t.grad, g, rtol=rtol, atol=rtol * np.abs(g).max())


@pytest.mark.parametrize("name", layers.__all__)
def test_each_staged_function_keeps_its_formula_as_kernel(name, rng):
    import inspect
    fn = getattr(layers, name)
    assert fn.__wrapped__ is fn.kernel and fn.__doc__ == fn.kernel.__doc__
    assert inspect.signature(fn) == inspect.signature(fn.kernel)


def test_the_door_checks_what_the_kernel_would_trust():
    with pytest.raises(TypeError, match=r"x: expected a floating-point array"):
        layers.relu_forward(np.array([1, 2]))
    with pytest.raises(ValueError, match=r"scores: expected an array with 2 dimensions"):
        layers.softmax_loss(np.zeros(3), np.array([0]))
    out, cache = layers.relu_forward.kernel(np.array([-1.0, 2.0]))   # trusted: no checks
    np.testing.assert_array_equal(out, [0.0, 2.0])
