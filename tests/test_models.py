"""Tests of minidl.models: losses (naive = vectorized = numerical), the models as nn.Modules,
fit, accuracy."""
import io
from functools import partial

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import pyplot
from minidl import layers
from minidl.functional import cross_entropy, l2, svm_loss
from minidl.gradcheck import numerical_gradient, relative_error
from minidl.models import (
    Classifier,
    History,
    LinearClassifier,
    LinearSVM,
    SoftmaxClassifier,
    TwoLayerNet,
    accuracy,
    fit,
    softmax_loss_naive,
    softmax_loss_vectorized,
    svm_loss_naive,
    svm_loss_vectorized,
)
from tolerances import tol

# Centred differences (h = 1e-5) of smooth functions of O(1) inputs err by truncation
# h^2 |f'''| / 6 ~ 1e-11 plus round-off eps |f| / h ~ 1e-11: a right gradient's relative
# error stays near 1e-9, while a wrong rule gives errors near 1. tol() keeps the 10x margin
# checkable (MINIDL_TOLERANCE_MARGIN=10, see tolerances.py).
from minidl.nn import Linear, Module, ReLU, Sequential
from minidl.optim import SGD, Adam, ExponentialLR, StepLR
from minidl.tensor import Tensor

LOSSES = {
    "svm": (svm_loss_naive, svm_loss_vectorized),
    "softmax": (softmax_loss_naive, softmax_loss_vectorized),
}


def problem(rng, N=7, D=5, C=4, scale=1.0):
    W = scale * rng.standard_normal((D, C))
    X = rng.standard_normal((N, D))
    y = rng.integers(0, C, N)
    return W, X, y


# --------------------------------------------------------------------------------------------
# the losses
# --------------------------------------------------------------------------------------------

@given(N=st.integers(1, 8), D=st.integers(1, 6), C=st.integers(2, 6),
       reg=st.sampled_from([0.0, 0.01, 1.0]), seed=st.integers(0, 10 ** 6),
       kind=st.sampled_from(["svm", "softmax"]))
def test_naive_and_vectorized_losses_agree(N, D, C, reg, seed, kind):
    W, X, y = problem(np.random.default_rng(seed), N, D, C)
    naive, vectorized = LOSSES[kind]
    loss_a, dW_a = naive(W, X, y, reg)
    loss_b, dW_b = vectorized(W, X, y, reg)
    assert np.isclose(loss_a, loss_b, rtol=1e-12, atol=1e-12)
    assert np.allclose(dW_a, dW_b, rtol=1e-10, atol=1e-12)
    assert dW_b.shape == W.shape and dW_b.dtype == W.dtype


@pytest.mark.parametrize("kind", ["svm", "softmax"])
@pytest.mark.parametrize("reg", [0.0, 0.3])
def test_vectorized_gradients_match_the_numerical_gradient(kind, reg, rng):
    W, X, y = problem(rng, N=10, D=6, C=4)
    _, vectorized = LOSSES[kind]
    _, dW = vectorized(W, X, y, reg)
    num = numerical_gradient(lambda w: vectorized(w, X, y, reg)[0], W.copy())
    assert relative_error(dW, num) < tol(1e-6)


def hinge_by_definition(W, X, y, reg, margin=1.0):
    """L = mean_i sum_{j != y_i} max(0, s_j - s_y + margin) + reg * sum W^2, one term at a time."""
    total = 0.0
    for i in range(len(y)):
        s = [sum(X[i, d] * W[d, j] for d in range(W.shape[0])) for j in range(W.shape[1])]
        total += sum(max(0.0, s[j] - s[y[i]] + margin) for j in range(len(s)) if j != y[i])
    return total / len(y) + reg * float((W ** 2).sum())


def cross_entropy_by_definition(W, X, y, reg):
    total = 0.0
    for i in range(len(y)):
        s = X[i] @ W
        p = np.exp(s) / np.exp(s).sum()           # fine for these small scores
        total += -np.log(p[y[i]])
    return total / len(y) + reg * float((W ** 2).sum())


def test_loss_values_match_their_definitions(rng):
    W, X, y = problem(rng, N=6, D=3, C=5)
    assert np.isclose(svm_loss_vectorized(W, X, y, 0.2)[0], hinge_by_definition(W, X, y, 0.2))
    assert np.isclose(svm_loss_vectorized(W, X, y, 0.0, margin=2.5)[0],
                      hinge_by_definition(W, X, y, 0.0, margin=2.5))
    assert np.isclose(softmax_loss_vectorized(W, X, y, 0.2)[0],
                      cross_entropy_by_definition(W, X, y, 0.2))


def test_losses_at_zero_weights_have_their_closed_forms(rng):
    _, X, y = problem(rng, N=9, D=4, C=10)
    W = np.zeros((4, 10))
    assert np.isclose(svm_loss_vectorized(W, X, y)[0], 9.0)          # (C - 1) * margin
    assert np.isclose(softmax_loss_vectorized(W, X, y)[0], np.log(10))


def test_softmax_loss_is_finite_for_huge_scores():
    W = np.array([[1e4, -1e4, 0.0]])
    X = np.array([[1.0], [-1.0]])
    for fn in (softmax_loss_naive, softmax_loss_vectorized):
        loss, dW = fn(W, X, np.array([1, 1]))
        assert np.isfinite(loss) and np.all(np.isfinite(dW))
        assert np.isclose(loss, (2e4 + 0.0) / 2)   # -log p = 2e4 for the first, ~0 second


@pytest.mark.parametrize("fn", [svm_loss_naive, svm_loss_vectorized, softmax_loss_naive,
                                softmax_loss_vectorized])
@pytest.mark.parametrize("change, err, word", [
    (lambda a: {**a, "W": a["W"].astype(int)}, TypeError, "W"),
    (lambda a: {**a, "X": a["X"][:, :2]}, ValueError, "X"),
    (lambda a: {**a, "y": a["y"][:-1]}, ValueError, "y"),
    (lambda a: {**a, "y": a["y"] + 10}, ValueError, "y"),
    (lambda a: {**a, "y": a["y"].astype(float)}, TypeError, "y"),
    (lambda a: {**a, "reg": -1.0}, ValueError, "reg"),
    (lambda a: {**a, "X": np.where(a["X"] > 0, np.nan, a["X"])}, ValueError, "X"),
    (lambda a: {**a, "X": np.zeros((0, 5)), "y": np.zeros(0, int)}, ValueError, "X"),
])
def test_losses_reject_bad_input_by_name(fn, change, err, word, rng):
    W, X, y = problem(rng)
    args = change({"W": W, "X": X, "y": y, "reg": 0.1})
    with pytest.raises(err, match=rf"^{word}: expected"):
        fn(**args)


def test_vectorized_losses_are_the_layers_kernels_and_the_chain_rule(rng):
    # one copy of each formula: the data loss and dS come from minidl.layers, bit for bit
    W, X, y = problem(rng, N=9, D=5, C=4)
    for vectorized, kernel in ((partial(svm_loss_vectorized, margin=2.0),
                                partial(layers.svm_loss, margin=2.0)),
                               (softmax_loss_vectorized, layers.softmax_loss)):
        loss, dW = vectorized(W, X, y)
        data_loss, dS = kernel(X @ W, y)
        assert loss == data_loss and np.array_equal(dW, X.T @ dS)


# --------------------------------------------------------------------------------------------
# the models: nn.Modules whose forward returns scores
# --------------------------------------------------------------------------------------------

def all_models():
    return [LinearSVM(2, 3, rng=0), SoftmaxClassifier(2, 3, rng=0),
            TwoLayerNet(2, 16, 3, weight_scale=0.1, rng=0),
            Sequential(Linear(2, 16, rng=0), ReLU(), Linear(16, 3, rng=1))]


def test_every_model_is_an_nn_module_with_tensor_parameters():
    for model in all_models():
        assert isinstance(model, Module)
        params = model.parameters()
        assert params and all(isinstance(p, Tensor) and p.requires_grad for p in params)
        scores = model(Tensor(np.ones((5, 2))))
        assert isinstance(scores, Tensor) and scores.shape == (5, 3)
    assert isinstance(LinearSVM(2, 3), LinearClassifier) and isinstance(TwoLayerNet(2, 3, 2),
                                                                        Classifier)
    assert [p.shape for p in TwoLayerNet(4, 5, 3).parameters()] == [(4, 5), (5,), (5, 3), (3,)]


def test_gradients_accumulate_like_every_tensor_until_zero_grad(rng):
    model = SoftmaxClassifier(3, 4, weight_scale=1.0, rng=rng)
    X, y = rng.standard_normal((6, 3)), rng.integers(0, 4, 6)
    cross_entropy(model(X), y).backward()
    once = model.W.grad.copy()
    cross_entropy(model(X), y).backward()
    assert np.allclose(model.W.grad, 2 * once)           # backward accumulates ...
    model.zero_grad()
    assert model.W.grad is None and model.b.grad is None  # ... until zero_grad


def engine_loss(model, loss_fn, X, y, reg):
    """Data loss of the model's scores plus reg times the L2 penalty of its weight matrices."""
    weights = [p for p in model.parameters() if p.ndim == 2]
    return loss_fn(model(X), y) + reg * l2(weights)


@pytest.mark.parametrize("cls, loss_fn", [(LinearSVM, svm_loss),
                                          (SoftmaxClassifier, cross_entropy)])
def test_classifier_gradients_match_numerical_gradients_for_W_and_b(cls, loss_fn, rng):
    model = cls(5, 4, weight_scale=1.0, rng=rng)
    model.b.data[:] = rng.standard_normal(4)
    X, y = rng.standard_normal((8, 5)), rng.integers(0, 4, 8)
    engine_loss(model, loss_fn, X, y, 0.1).backward()
    dW, db = model.W.grad.copy(), model.b.grad.copy()

    def value(_):
        return engine_loss(model, loss_fn, X, y, 0.1).item()

    assert relative_error(dW, numerical_gradient(value, model.W.data)) < tol(1e-6)
    assert relative_error(db, numerical_gradient(value, model.b.data)) < tol(1e-6)


@pytest.mark.parametrize("cls, loss_fn, fn", [(LinearSVM, svm_loss, svm_loss_vectorized),
                                              (SoftmaxClassifier, cross_entropy,
                                               softmax_loss_vectorized)])
def test_classifier_with_bias_equals_the_bias_trick_loss_without_regularising_b(cls, loss_fn, fn,
                                                                                rng):
    model = cls(3, 4, weight_scale=1.0, rng=rng)
    model.b.data[:] = rng.standard_normal(4)
    X, y = rng.standard_normal((6, 3)), rng.integers(0, 4, 6)
    W1 = np.vstack([model.W.data, model.b.data])
    X1 = np.hstack([X, np.ones((6, 1))])
    loss, dW1 = fn(W1, X1, y, 0.0)
    L = engine_loss(model, loss_fn, X, y, 0.0)
    L.backward()
    # the same products and sums, some in another order: a few ulps (about 1e-16 relative) at
    # most; equal to the last bit under ../shared/tools/blas-kernels, so 1e-12 is a wide margin
    assert np.isclose(L.item(), loss, rtol=1e-12)
    assert np.allclose(model.W.grad, dW1[:-1], rtol=1e-12, atol=1e-15)
    assert np.allclose(model.b.grad, dW1[-1], rtol=1e-12, atol=1e-15)


def test_softmax_gradient_vanishes_at_scikit_learns_optimum():
    sklearn = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(0)
    N, D, C, reg = 120, 4, 3, 0.01
    X = rng.standard_normal((N, D))
    y = np.argmax(X[:, :C] + 0.5 * rng.standard_normal((N, C)), axis=1)
    # sklearn minimises C_ * sum_i L_i + 1/2 |W|^2: ours times 1 / (2 reg) when C_ = 1/(2 N reg)
    ref = sklearn.LogisticRegression(C=1.0 / (2 * N * reg), tol=1e-12, max_iter=10_000).fit(X, y)
    model = SoftmaxClassifier(D, C)
    model.W.data[:] = ref.coef_.T
    model.b.data[:] = ref.intercept_
    engine_loss(model, cross_entropy, X, y, reg).backward()
    assert np.abs(model.W.grad).max() < 1e-6 and np.abs(model.b.grad).max() < tol(1e-6)
    model.W.data[:] += 0.1
    model.zero_grad()
    engine_loss(model, cross_entropy, X, y, reg).backward()
    assert np.abs(model.W.grad).max() > 1e-3                  # the check can fail


def test_two_layer_net_gradients_match_numerical_gradients(rng):
    net = TwoLayerNet(4, 6, 3, weight_scale=0.5, rng=rng)
    for b in (net.b1, net.b2):
        b.data[:] = 0.1 * rng.standard_normal(b.data.shape)
    X, y = rng.standard_normal((5, 4)), rng.integers(0, 3, 5)
    engine_loss(net, cross_entropy, X, y, 0.05).backward()
    for p in net.parameters():
        num = numerical_gradient(lambda _: engine_loss(net, cross_entropy, X, y, 0.05).item(),
                                 p.data)
        assert relative_error(p.grad, num) < tol(1e-6)


@pytest.mark.parametrize("loss_fn, staged", [(cross_entropy, layers.softmax_loss),
                                             (svm_loss, layers.svm_loss)],
                         ids=["softmax", "svm"])
def test_two_layer_net_engine_gradients_equal_the_staged_layers(loss_fn, staged, rng):
    """The engine's backward of TwoLayerNet = the by-hand backward of minidl.layers."""
    net = TwoLayerNet(5, 7, 4, weight_scale=0.5, rng=rng)
    for b in (net.b1, net.b2):
        b.data[:] = 0.1 * rng.standard_normal(b.data.shape)
    X, y, reg = rng.standard_normal((6, 5)), rng.integers(0, 4, 6), 0.1
    loss = engine_loss(net, loss_fn, X, y, reg)
    loss.backward()

    W1, b1, W2, b2 = (p.data for p in net.parameters())        # the same weights, by hand
    h, c1 = layers.affine_forward(X, W1, b1)
    a, c2 = layers.relu_forward(h)
    s, c3 = layers.affine_forward(a, W2, b2)
    data_loss, ds = staged(s, y)
    da, dW2, db2 = layers.affine_backward(ds, c3)
    _, dW1, db1 = layers.affine_backward(layers.relu_backward(da, c2), c1)
    expected = (dW1 + 2 * reg * W1, db1, dW2 + 2 * reg * W2, db2)

    with_reg = data_loss + reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    assert np.array_equal(net(X).data, s)                       # the same forward, op for op
    # backward: the same products, the penalty added in another order: a few ulps at most
    # (worst seen under ../shared/tools/blas-kernels: 4e-16 for the loss, 0 for the
    # gradients), so 1e-12 keeps a margin of over 1000x
    assert np.isclose(loss.item(), with_reg, rtol=1e-12)
    for p, g in zip(net.parameters(), expected):
        assert np.allclose(p.grad, g, rtol=1e-12, atol=1e-15)


def test_initial_loss_is_log_C_for_tiny_weights():
    net = TwoLayerNet(10, 20, 10, weight_scale=1e-6)
    X, y = np.ones((4, 10)), np.arange(4)
    assert np.isclose(cross_entropy(net(X), y).item(), np.log(10), atol=1e-6)
    svm = LinearSVM(10, 10, weight_scale=1e-9)
    assert np.isclose(svm_loss(svm(X), y).item(), 9.0, atol=1e-5)


def test_predict_returns_the_highest_scoring_class(rng):
    for model in (LinearSVM(3, 4, rng=1), SoftmaxClassifier(3, 4, rng=2),
                  TwoLayerNet(3, 5, 4, weight_scale=0.5, rng=3)):
        X = rng.standard_normal((9, 3))
        pred = model.predict(X)
        assert pred.dtype == np.int64 and pred.shape == (9,)
        assert np.array_equal(pred, model(X).data.argmax(axis=1))
        assert np.array_equal(model.predict(X.astype(np.float32)), pred)


def test_models_initialise_reproducibly_from_rng():
    a, b = TwoLayerNet(3, 4, 2, rng=5), TwoLayerNet(3, 4, 2, rng=5)
    assert all(np.array_equal(p.data, q.data) for p, q in zip(a.parameters(), b.parameters()))
    assert all(p.requires_grad for p in a.parameters())
    c = TwoLayerNet(3, 4, 2, rng=6)
    assert not np.array_equal(a.W1.data, c.W1.data)


@pytest.mark.parametrize("build, err, word", [
    (lambda: LinearSVM(0, 3), ValueError, "num_features"),
    (lambda: LinearSVM(3, 1), ValueError, "num_classes"),
    (lambda: SoftmaxClassifier(3, 2, weight_scale=0), ValueError, "weight_scale"),
    (lambda: SoftmaxClassifier(3, 2, rng="seed"), TypeError, "rng"),
    (lambda: TwoLayerNet(3, 0, 2), ValueError, "hidden_size"),
    (lambda: TwoLayerNet(3, 2, 2, rng="seed"), TypeError, "rng"),
])
def test_model_constructors_reject_bad_arguments_by_name(build, err, word):
    with pytest.raises(err, match=rf"^{word}: expected"):
        build()


@pytest.mark.parametrize("model", [LinearSVM(4, 3), TwoLayerNet(4, 5, 3)])
@pytest.mark.parametrize("X", [np.zeros((2, 5)), np.zeros((2, 4, 1)), np.zeros(4)])
def test_model_forward_and_predict_reject_wrong_shapes_by_name(model, X):
    with pytest.raises(ValueError, match=r"^X: expected"):
        model(X)
    with pytest.raises(ValueError, match=r"^X: expected"):
        model.predict(X)


@pytest.mark.parametrize("model", [LinearSVM(4, 3), TwoLayerNet(4, 5, 3)])
@pytest.mark.parametrize("X", [np.zeros((0, 4)), np.full((2, 4), np.inf)])
def test_model_predict_rejects_empty_or_non_finite_data_by_name(model, X):
    with pytest.raises(ValueError, match=r"^X: expected"):
        model.predict(X)


# --------------------------------------------------------------------------------------------
# fit and accuracy
# --------------------------------------------------------------------------------------------

def blobs(rng, N=300, C=3, D=2):
    centres = 4.0 * rng.standard_normal((C, D))
    y = np.arange(N) % C
    X = centres[y] + rng.standard_normal((N, D))
    return X, y


def sgd(model, lr=0.1):
    return SGD(model.parameters(), lr=lr)


def test_fit_records_one_loss_per_iteration_and_accuracies_per_epoch(rng):
    X, y = blobs(rng, N=103)
    model = SoftmaxClassifier(2, 3, rng=0)
    optimizer = sgd(model)
    history = fit(model, cross_entropy, X, y, X_val=X[:30], y_val=y[:30], optimizer=optimizer,
                  scheduler=ExponentialLR(optimizer, gamma=0.5), epochs=4, batch_size=20)
    assert isinstance(history, History)
    assert history.iterations_per_epoch == 6 and len(history.loss) == 24
    assert history.epochs == 4 and len(history.val_accuracy) == 4
    assert history.lr == pytest.approx([0.1, 0.05, 0.025, 0.0125])
    model = SoftmaxClassifier(2, 3)
    dropped = fit(model, cross_entropy, X, y, optimizer=sgd(model), epochs=2, batch_size=20,
                  drop_last=True)
    assert dropped.iterations_per_epoch == 5 and len(dropped.loss) == 10
    assert dropped.val_accuracy == []


def test_fit_counts_iterations_instead_of_epochs_when_asked(rng):
    X, y = blobs(rng, N=100)
    model = SoftmaxClassifier(2, 3, rng=0)
    optimizer = sgd(model)
    history = fit(model, cross_entropy, X, y, optimizer=optimizer, iterations=23, batch_size=10,
                  scheduler=StepLR(optimizer, step_size=1, gamma=0.5))
    assert len(history.loss) == 23 and history.iterations_per_epoch == 10
    assert history.epochs == 3 and history.lr == pytest.approx([0.1, 0.05, 0.025])


@pytest.mark.parametrize("index", range(4))
def test_fit_trains_every_model_including_sequential(index, rng):
    X, y = blobs(rng)
    model = all_models()[index]
    loss_fn = svm_loss if isinstance(model, LinearSVM) else cross_entropy
    before = accuracy(y, model(X).data.argmax(axis=1))
    history = fit(model, loss_fn, X, y, X_val=X, y_val=y, optimizer=sgd(model, 0.05),
                  epochs=15, batch_size=32, reg=1e-3)
    assert np.mean(history.loss[-5:]) < np.mean(history.loss[:5])
    assert history.val_accuracy[-1] > 0.9 > before


def test_fit_steps_with_any_optimizer_of_minidl_optim(rng):
    X, y = blobs(rng)
    model = TwoLayerNet(2, 16, 3, weight_scale=0.1, rng=0)
    history = fit(model, cross_entropy, X, y, X_val=X, y_val=y,
                  optimizer=Adam(model.parameters(), lr=0.01), epochs=10, batch_size=50)
    assert history.val_accuracy[-1] > 0.9
    assert history.lr == [0.01] * 10


def test_fit_with_one_full_batch_equals_hand_written_gradient_descent(rng):
    X, y = blobs(rng, N=40)
    model = SoftmaxClassifier(2, 3, rng=0)
    W, b = model.W.data.copy(), model.b.data.copy()
    history = fit(model, cross_entropy, X, y, optimizer=sgd(model, 0.2), reg=0.01, epochs=5,
                  batch_size=40)
    assert history.lr == [0.2] * 5
    X1 = np.hstack([X, np.ones((40, 1))])
    for _ in range(5):                               # the full batch: order does not matter
        _, dW1 = softmax_loss_vectorized(np.vstack([W, b]), X1, y, 0.0)
        dW = dW1[:-1] + 2 * 0.01 * W                 # the penalty is on W, not on b
        W, b = W - 0.2 * dW, b - 0.2 * dW1[-1]
    assert np.allclose(model.W.data, W) and np.allclose(model.b.data, b)


def test_fitting_twice_with_the_same_seed_gives_the_same_result(rng):
    X, y = blobs(rng)

    def run(seed):
        model = Sequential(Linear(2, 8, rng=0), ReLU(), Linear(8, 3, rng=1))
        history = fit(model, cross_entropy, X, y, X_val=X, y_val=y, reg=1e-2,
                      optimizer=Adam(model.parameters(), lr=0.01), epochs=3, batch_size=16,
                      rng=seed)
        return history, [p.data.copy() for p in model.parameters()]

    (h1, p1), (h2, p2), (h3, _) = run(1), run(1), run(2)
    assert h1 == h2 and all(np.array_equal(a, b) for a, b in zip(p1, p2))
    assert h1.loss != h3.loss                        # another seed, another order


def test_fit_shuffles_each_epoch_as_minibatches_does(rng):
    # the rng draws the training-accuracy sample, then each epoch's order: the same batches
    # as minibatches() called with that generator
    from minidl.datasets import minibatches
    X, y = blobs(rng, N=30)
    model = SoftmaxClassifier(2, 3, rng=0)
    seen = []
    fit(model, lambda s, t: (seen.append(t.copy()), cross_entropy(s, t))[1], X, y,
        optimizer=sgd(model), epochs=2, batch_size=7, rng=5)
    gen = np.random.default_rng(5)
    gen.choice(30, size=30, replace=False)
    expected = [yb for _ in range(2) for _, yb in minibatches(X, y, 7, rng=gen)]
    assert [t.tolist() for t in seen[1:]] == [t.tolist() for t in expected]   # [0]: the probe


def test_fit_shows_progress_when_asked_and_on_long_runs(rng):
    X, y = blobs(rng, N=60)

    def run(**kwargs):
        model = SoftmaxClassifier(2, 3)
        fit(model, cross_entropy, X, y, optimizer=sgd(model), **kwargs)

    out = io.StringIO()
    run(X_val=X, y_val=y, epochs=3, batch_size=30, progress=True, stream=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and "epoch   3/3" in lines[-1] and "val acc" in lines[-1]
    quiet = io.StringIO()
    run(epochs=3, batch_size=30, stream=quiet)
    assert quiet.getvalue() == ""
    long_run = io.StringIO()
    run(epochs=2, batch_size=1, stream=long_run, train_eval_size=10)   # 120 iterations: quiet
    assert long_run.getvalue() == ""
    run(epochs=34, batch_size=1, stream=long_run, train_eval_size=10)  # 2,040: progress
    lines = long_run.getvalue().splitlines()        # every 2nd epoch: at most ~25 lines
    assert len(lines) == 17 and "epoch   2/34" in lines[0] and "epoch  34/34" in lines[-1]


@pytest.mark.filterwarnings("ignore:overflow encountered")
def test_fit_stops_with_a_clear_error_when_the_loss_diverges():
    X = np.array([[1.0, -1.0], [-1.0, 1.0]])
    y = np.array([0, 1])
    model = LinearSVM(2, 2)
    with pytest.raises(FloatingPointError, match="^lr: the loss became inf"):
        # each step multiplies W by about (1 - 2 lr reg) = -2e12: it overflows within 30 steps
        fit(model, svm_loss, X, y, optimizer=sgd(model, 1e12), reg=1.0, epochs=50,
            batch_size=2)


def test_fit_checks_all_the_data_before_the_first_step():
    X, y = np.zeros((8, 2)), np.zeros(8, int)
    X[7, 1] = np.nan                                 # in the last batch
    model = SoftmaxClassifier(2, 3)
    before = [p.data.copy() for p in model.parameters()]
    with pytest.raises(ValueError, match=r"^X: expected finite values, got nan at index \(7, 1\)"):
        fit(model, cross_entropy, X, y, optimizer=sgd(model), epochs=1, batch_size=2)
    assert all(np.array_equal(p.data, q) for p, q in zip(model.parameters(), before))


def test_the_door_check_of_the_data_is_exact_for_huge_finite_values():
    # it sums the data once (a finite sum proves every entry finite); an overflowing sum of
    # finite entries must not be mistaken for an infinity
    from minidl.models._checks import check_rows
    huge = np.full((3, 2), 1e308)
    assert check_rows(huge) is huge                          # accepted, and not copied
    huge[2, 0] = -np.inf
    with pytest.raises(ValueError, match=r"^X: expected finite values, got -inf at index "
                                         r"\(2, 0\)"):
        check_rows(huge)


def other_optimizer():
    return SGD(SoftmaxClassifier(2, 3).parameters(), lr=0.1)


@pytest.mark.parametrize("kwargs, err, word", [
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"batch_size": -1}, ValueError, "batch_size"),
    ({"batch_size": 2.0}, TypeError, "batch_size"),
    ({"epochs": 0}, ValueError, "epochs"),
    ({"iterations": 0}, ValueError, "iterations"),
    ({"epochs": 2, "iterations": 5}, ValueError, "epochs"),
    ({"reg": -1.0}, ValueError, "reg"),
    ({"y": np.zeros(7, int)}, ValueError, "y"),
    ({"y": np.full(8, 5)}, ValueError, "y"),
    ({"y_val": np.full(3, 3), "X_val": np.zeros((3, 2))}, ValueError, "y_val"),
    ({"X": np.zeros((0, 2)), "y": np.zeros(0, int)}, ValueError, "X"),
    ({"X": np.zeros((8, 2, 2))}, ValueError, "X"),
    ({"X": np.zeros((8, 5))}, ValueError, "X"),
    ({"X_val": np.zeros((3, 2))}, ValueError, "X_val"),
    ({"X_val": np.zeros((3, 5)), "y_val": np.zeros(3, int)}, ValueError, "X_val"),
    ({"optimizer": "sgd"}, TypeError, "optimizer"),
    ({"optimizer": other_optimizer()}, ValueError, "optimizer"),
    ({"scheduler": "step"}, TypeError, "scheduler"),
    ({"scheduler": StepLR(other_optimizer(), 2)}, ValueError, "scheduler"),
    ({"model": object()}, TypeError, "model"),
    ({"loss_fn": "cross_entropy"}, TypeError, "loss_fn"),
    ({"loss_fn": lambda s, y: 1.0}, TypeError, "loss_fn"),
    ({"drop_last": True, "batch_size": 9}, ValueError, "batch_size"),
    ({"drop_last": 1}, TypeError, "drop_last"),
    ({"progress": 1}, TypeError, "progress"),
    ({"rng": "seed"}, TypeError, "rng"),
])
def test_fit_rejects_bad_input_by_name(kwargs, err, word):
    model = SoftmaxClassifier(2, 3)
    args = {"model": model, "loss_fn": cross_entropy, "X": np.zeros((8, 2)),
            "y": np.zeros(8, int), "optimizer": SGD(model.parameters(), lr=0.1), **kwargs}
    model, loss_fn, X, y = (args.pop(k) for k in ("model", "loss_fn", "X", "y"))
    with pytest.raises(err, match=rf"^{word}: expected"):
        fit(model, loss_fn, X, y, **args)


def test_fit_names_X_when_a_sequential_cannot_take_its_rows():
    net = Sequential(Linear(3, 4, rng=0), ReLU(), Linear(4, 2, rng=0))
    with pytest.raises(ValueError, match=r"^X: expected rows that the model accepts"):
        fit(net, cross_entropy, np.zeros((6, 5)), np.zeros(6, int),
            optimizer=SGD(net.parameters(), lr=0.1))


def test_accuracy_is_the_fraction_of_matches():
    assert accuracy([0, 1, 2, 3], [0, 1, 0, 0]) == 0.5
    assert accuracy(np.array([2]), np.array([2])) == 1.0
    with pytest.raises(ValueError, match="^y_pred: expected 3 labels"):
        accuracy([0, 1, 2], [0, 1])
    with pytest.raises(ValueError, match="^y_true: expected at least one label"):
        accuracy([], [])


def test_plot_history_draws_the_loss_per_iteration_and_accuracy_per_epoch(rng):
    plt = pyplot()

    from minidl.viz import plot_history

    X, y = blobs(rng, N=100)
    model = SoftmaxClassifier(2, 3)
    history = fit(model, cross_entropy, X, y, X_val=X, y_val=y, optimizer=sgd(model),
                  epochs=3, batch_size=10)
    ax_loss, ax_acc = plot_history(history, smooth=5)
    raw, avg = ax_loss.get_lines()
    assert np.array_equal(raw.get_ydata(), history.loss) and len(avg.get_xdata()) == 26
    assert [list(line.get_ydata()) for line in ax_acc.get_lines()] == [
        history.train_accuracy, history.val_accuracy]
    assert ax_acc.get_xlabel() == "epoch" and ax_loss.get_ylabel() == "loss"
    with pytest.raises(TypeError, match="^history: expected"):
        plot_history(object())
    plt.close("all")
