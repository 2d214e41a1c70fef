"""Tests of the staged layers: each backward against centred differences of its forward
(float64), the losses against slow loops, and input validation."""
import numpy as np
import pytest

from minidl import layers


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


def rel_err(a, b):
    return float(np.max(np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-8)))


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
        lambda v: layers.affine_forward(v, w, b)[0], x, dout)) < 1e-7
    assert rel_err(dw, numerical_gradient_array(
        lambda v: layers.affine_forward(x, v, b)[0], w, dout)) < 1e-7
    assert rel_err(db, numerical_gradient_array(
        lambda v: layers.affine_forward(x, w, v)[0], b, dout)) < 1e-7


def test_relu_backward_matches_numerical_gradient_away_from_zero(rng):
    x = rng.normal(size=(5, 6))
    x[np.abs(x) < 0.05] = 0.5
    out, cache = layers.relu_forward(x)
    np.testing.assert_array_equal(out, np.where(x > 0, x, 0))
    dout = rng.normal(size=x.shape)
    dx = layers.relu_backward(dout, cache)
    assert rel_err(dx, numerical_gradient_array(lambda v: layers.relu_forward(v)[0], x,
                                                dout)) < 1e-7


def test_sigmoid_backward_matches_numerical_gradient(rng):
    x = rng.normal(scale=3.0, size=(4, 5))
    out, cache = layers.sigmoid_forward(x)
    np.testing.assert_allclose(out, 1 / (1 + np.exp(-x)))
    dout = rng.normal(size=x.shape)
    dx = layers.sigmoid_backward(dout, cache)
    assert rel_err(dx, numerical_gradient_array(lambda v: layers.sigmoid_forward(v)[0], x,
                                                dout)) < 1e-7


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
    assert rel_err(ds, num) < 1e-6


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
