"""Tests of minidl.nn, and the engine's gradients against the staged layers for a two-layer
network (softmax and SVM losses)."""
import numpy as np
import pytest

from helpers import two_layer_by_hand
from minidl import layers
from minidl.functional import cross_entropy, svm_loss
from minidl.nn import Linear, Module, ReLU, Sequential, Sigmoid, Tanh
from minidl.tensor import Tensor


@pytest.mark.parametrize("engine_loss,staged_loss", [(cross_entropy, layers.softmax_loss),
                                                     (svm_loss, layers.svm_loss)],
                         ids=["softmax", "svm"])
def test_engine_gradients_equal_staged_backprop_for_a_two_layer_net(engine_loss, staged_loss,
                                                                    rng):
    X = rng.normal(size=(8, 5))
    y = rng.integers(0, 3, size=8)
    W1, b1 = rng.normal(size=(5, 7)), rng.normal(size=7)
    W2, b2 = rng.normal(size=(7, 3)), rng.normal(size=3)
    ref_loss, ref_grads = two_layer_by_hand(X, y, W1, b1, W2, b2, staged_loss)

    tensors = [Tensor(a.copy(), requires_grad=True) for a in (X, W1, b1, W2, b2)]
    tX, tW1, tb1, tW2, tb2 = tensors
    loss = engine_loss(((tX @ tW1 + tb1).relu() @ tW2 + tb2), y)
    loss.backward()
    assert loss.item() == pytest.approx(ref_loss, rel=1e-12)
    for t, g in zip(tensors, ref_grads):
        np.testing.assert_allclose(t.grad, g, rtol=1e-10, atol=1e-13)


def test_sequential_network_matches_staged_layers(rng):
    net = Sequential(Linear(4, 6, rng=rng), ReLU(), Linear(6, 3, rng=rng))
    X = rng.normal(size=(5, 4))
    y = rng.integers(0, 3, size=5)
    loss = cross_entropy(net(Tensor(X)), y)
    loss.backward()
    W1, b1, W2, b2 = (p.data for p in net.parameters())
    ref_loss, grads = two_layer_by_hand(X, y, W1, b1, W2, b2, layers.softmax_loss)
    assert loss.item() == pytest.approx(ref_loss)
    for p, g in zip(net.parameters(), grads[1:]):
        np.testing.assert_allclose(p.grad, g, rtol=1e-10, atol=1e-13)


def test_parameters_are_found_in_order_once_each():
    shared = Linear(3, 3, rng=0)
    net = Sequential(shared, Tanh(), shared, Sigmoid(), Linear(3, 2, rng=1))
    params = net.parameters()
    assert [p.shape for p in params] == [(3, 3), (3,), (3, 2), (2,)]
    assert params[0] is shared.weight


def test_zero_grad_clears_every_parameter(rng):
    net = Sequential(Linear(2, 4, rng=rng), ReLU(), Linear(4, 1, rng=rng))
    net(Tensor(rng.normal(size=(3, 2)))).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


def test_linear_initialisation_is_seeded_and_he_scaled():
    a, b = Linear(400, 300, rng=7), Linear(400, 300, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a.weight.data, b.weight.data)
    assert not np.array_equal(a.weight.data, Linear(400, 300, rng=8).weight.data)
    assert a.weight.data.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    np.testing.assert_array_equal(a.bias.data, 0.0)
    assert Linear(5, 2, rng=0, weight_scale=1e-3).weight.data.std() < 1e-2


def test_linear_dtype_and_no_bias():
    lin = Linear(3, 2, rng=0, dtype=np.float32, bias=False)
    assert lin.weight.dtype == np.float32 and lin.bias is None
    out = lin(Tensor(np.ones((4, 3), dtype=np.float32)))
    assert out.dtype == np.float32 and out.shape == (4, 2)
    assert len(lin.parameters()) == 1


def test_a_few_sgd_steps_reduce_the_loss(rng):
    X = rng.normal(size=(32, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    net = Sequential(Linear(2, 16, rng=rng), ReLU(), Linear(16, 2, rng=rng))
    losses = []
    for _ in range(30):
        net.zero_grad()
        loss = cross_entropy(net(Tensor(X)), y)
        loss.backward()
        for p in net.parameters():
            p.data -= 0.5 * p.grad
        losses.append(loss.item())
    assert losses[-1] < 0.7 * losses[0]


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match=r"in_features: expected an integer >= 1, got 0"):
        Linear(0, 3)
    with pytest.raises(TypeError, match=r"out_features: expected an integer"):
        Linear(2, 3.5)
    with pytest.raises(TypeError, match=r"rng: expected a numpy.random.Generator"):
        Linear(2, 3, rng="seed")
    with pytest.raises(TypeError, match=r"dtype: expected float32 or float64, got int64"):
        Linear(2, 3, dtype=np.int64)
    with pytest.raises(TypeError, match=r"bias: expected a bool, got 'no'"):
        Linear(2, 3, bias="no")
    with pytest.raises(ValueError, match=r"x: expected shape \(N, 2\), got \(4, 3\)"):
        Linear(2, 3)(Tensor(np.ones((4, 3))))
    with pytest.raises(TypeError, match=r"modules\[1\]: expected a Module"):
        Sequential(ReLU(), lambda x: x)


def test_module_without_forward_says_so():
    with pytest.raises(NotImplementedError, match="must implement forward"):
        Module()(Tensor(1.0))
