"""Tests of minidl.models: losses (naive = vectorized = numerical), classifiers, fit, accuracy."""
import io

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from minidl.gradcheck import numerical_gradient, relative_error
from minidl.models import (
    History,
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
from minidl.optim import SGD, Adam
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
    assert relative_error(dW, num) < 1e-6


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


# --------------------------------------------------------------------------------------------
# classifier objects
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cls", [LinearSVM, SoftmaxClassifier])
def test_classifier_gradients_match_numerical_gradients_for_W_and_b(cls, rng):
    model = cls(5, 4, reg=0.1, weight_scale=1.0, rng=rng)
    model.b.data[:] = rng.standard_normal(4)
    X, y = rng.standard_normal((8, 5)), rng.integers(0, 4, 8)
    model.loss(X, y)
    dW, db = model.W.grad.copy(), model.b.grad.copy()
    num_W = numerical_gradient(lambda w: model.loss(X, y), model.W.data)
    num_b = numerical_gradient(lambda b: model.loss(X, y), model.b.data)
    assert relative_error(dW, num_W) < 1e-6
    assert relative_error(db, num_b) < 1e-6


@pytest.mark.parametrize("cls, fn", [(LinearSVM, svm_loss_vectorized),
                                     (SoftmaxClassifier, softmax_loss_vectorized)])
def test_classifier_with_bias_equals_the_bias_trick_loss_without_regularising_b(cls, fn, rng):
    model = cls(3, 4, reg=0.0, weight_scale=1.0, rng=rng)
    model.b.data[:] = rng.standard_normal(4)
    X, y = rng.standard_normal((6, 3)), rng.integers(0, 4, 6)
    W1 = np.vstack([model.W.data, model.b.data])
    X1 = np.hstack([X, np.ones((6, 1))])
    loss, dW1 = fn(W1, X1, y, 0.0)
    assert np.isclose(model.loss(X, y), loss)
    assert np.allclose(model.W.grad, dW1[:-1]) and np.allclose(model.b.grad, dW1[-1])


def test_softmax_gradient_vanishes_at_scikit_learns_optimum():
    sklearn = pytest.importorskip("sklearn.linear_model")
    rng = np.random.default_rng(0)
    N, D, C, reg = 120, 4, 3, 0.01
    X = rng.standard_normal((N, D))
    y = np.argmax(X[:, :C] + 0.5 * rng.standard_normal((N, C)), axis=1)
    # sklearn minimises C_ * sum_i L_i + 1/2 |W|^2: ours times 1 / (2 reg) when C_ = 1/(2 N reg)
    ref = sklearn.LogisticRegression(C=1.0 / (2 * N * reg), tol=1e-12, max_iter=10_000).fit(X, y)
    model = SoftmaxClassifier(D, C, reg=reg)
    model.W.data[:] = ref.coef_.T
    model.b.data[:] = ref.intercept_
    model.loss(X, y)
    assert np.abs(model.W.grad).max() < 1e-6 and np.abs(model.b.grad).max() < 1e-6
    model.W.data[:] += 0.1
    model.loss(X, y)
    assert np.abs(model.W.grad).max() > 1e-3                  # the check can fail


def test_two_layer_net_gradients_match_numerical_gradients(rng):
    net = TwoLayerNet(4, 6, 3, reg=0.05, weight_scale=0.5, rng=rng)
    for b in (net.b1, net.b2):
        b.data[:] = 0.1 * rng.standard_normal(b.data.shape)
    X, y = rng.standard_normal((5, 4)), rng.integers(0, 3, 5)
    for p in net.parameters():
        net.loss(X, y)              # at the unperturbed point: the check below moves p.data
        analytic = p.grad.copy()
        num = numerical_gradient(lambda _: net.loss(X, y), p.data)
        assert relative_error(analytic, num) < 1e-6


def test_two_layer_net_loss_is_the_staged_pipeline_of_minidl_layers(rng):
    from minidl import layers
    net = TwoLayerNet(5, 7, 4, reg=0.1, weight_scale=0.5, rng=rng)
    X, y = rng.standard_normal((6, 5)).astype(np.float32), rng.integers(0, 4, 6)
    loss = net.loss(X, y)
    W1, b1, W2, b2 = (p.data for p in net.parameters())
    h, c1 = layers.affine_forward(X.astype(np.float64), W1, b1)
    a, c2 = layers.relu_forward(h)
    s, c3 = layers.affine_forward(a, W2, b2)
    data_loss, ds = layers.softmax_loss(s, y)
    da, dW2, db2 = layers.affine_backward(ds, c3)
    _, dW1, db1 = layers.affine_backward(layers.relu_backward(da, c2), c1)
    assert loss == data_loss + 0.1 * (np.sum(W1 * W1) + np.sum(W2 * W2))
    expected = (dW1 + 0.2 * W1, db1, dW2 + 0.2 * W2, db2)
    assert all(np.array_equal(p.grad, g) for p, g in zip(net.parameters(), expected))
    assert np.array_equal(net.scores(X), s)


def test_two_layer_net_matches_the_autograd_engine(rng):
    net = TwoLayerNet(5, 7, 4, reg=0.1, weight_scale=0.5, rng=rng)
    X, y = rng.standard_normal((6, 5)), rng.integers(0, 4, 6)
    loss = net.loss(X, y)
    W1, b1, W2, b2 = (Tensor(p.data.copy(), requires_grad=True) for p in net.parameters())
    S = (Tensor(X) @ W1 + b1).relu() @ W2 + b2
    shifted = S - Tensor(S.data.max(axis=1, keepdims=True))
    log_p = shifted - shifted.exp().sum(axis=1, keepdims=True).log()
    onehot = np.eye(4)[y]
    L = -(log_p * Tensor(onehot)).sum() / 6 + 0.1 * ((W1 * W1).sum() + (W2 * W2).sum())
    L.backward()
    assert np.isclose(L.item(), loss)
    for ref, p in zip((W1, b1, W2, b2), net.parameters()):
        assert np.allclose(ref.grad, p.grad, atol=1e-12)


def test_initial_loss_is_log_C_for_tiny_weights():
    net = TwoLayerNet(10, 20, 10, weight_scale=1e-6)
    X, y = np.ones((4, 10)), np.arange(4)
    assert np.isclose(net.loss(X, y), np.log(10), atol=1e-6)
    svm = LinearSVM(10, 10, weight_scale=1e-9)
    assert np.isclose(svm.loss(X, y), 9.0, atol=1e-5)


def test_predict_returns_the_highest_scoring_class(rng):
    for model in (LinearSVM(3, 4, rng=1), SoftmaxClassifier(3, 4, rng=2),
                  TwoLayerNet(3, 5, 4, weight_scale=0.5, rng=3)):
        X = rng.standard_normal((9, 3))
        pred = model.predict(X)
        assert pred.dtype == np.int64 and pred.shape == (9,)
        assert np.array_equal(pred, model.scores(X).argmax(axis=1))


def test_models_initialise_reproducibly_from_rng():
    a, b = TwoLayerNet(3, 4, 2, rng=5), TwoLayerNet(3, 4, 2, rng=5)
    assert all(np.array_equal(p.data, q.data) for p, q in zip(a.parameters(), b.parameters()))
    assert all(p.requires_grad for p in a.parameters())
    c = TwoLayerNet(3, 4, 2, rng=6)
    assert not np.array_equal(a.W1.data, c.W1.data)


@pytest.mark.parametrize("build, err, word", [
    (lambda: LinearSVM(0, 3), ValueError, "num_features"),
    (lambda: LinearSVM(3, 1), ValueError, "num_classes"),
    (lambda: SoftmaxClassifier(3, 2, reg=-1), ValueError, "reg"),
    (lambda: SoftmaxClassifier(3, 2, weight_scale=0), ValueError, "weight_scale"),
    (lambda: LinearSVM(3, 2, margin=0), ValueError, "margin"),
    (lambda: TwoLayerNet(3, 0, 2), ValueError, "hidden_size"),
    (lambda: TwoLayerNet(3, 2, 2, rng="seed"), TypeError, "rng"),
])
def test_model_constructors_reject_bad_arguments_by_name(build, err, word):
    with pytest.raises(err, match=rf"^{word}: expected"):
        build()


@pytest.mark.parametrize("model", [LinearSVM(4, 3), TwoLayerNet(4, 5, 3)])
@pytest.mark.parametrize("X, y, err, word", [
    (np.zeros((2, 5)), np.zeros(2, int), ValueError, "X"),
    (np.zeros((2, 4, 1)), np.zeros(2, int), ValueError, "X"),
    (np.zeros((2, 4)), np.array([0, 3]), ValueError, "y"),
    (np.zeros((2, 4)), np.zeros(3, int), ValueError, "y"),
    (np.zeros((0, 4)), np.zeros(0, int), ValueError, "X"),
    (np.full((2, 4), np.inf), np.zeros(2, int), ValueError, "X"),
])
def test_model_loss_rejects_bad_batches_by_name(model, X, y, err, word):
    with pytest.raises(err, match=rf"^{word}: expected"):
        model.loss(X, y)


# --------------------------------------------------------------------------------------------
# fit and accuracy
# --------------------------------------------------------------------------------------------

def blobs(rng, N=300, C=3, D=2):
    centres = 4.0 * rng.standard_normal((C, D))
    y = np.arange(N) % C
    X = centres[y] + rng.standard_normal((N, D))
    return X, y


def test_fit_records_one_loss_per_iteration_and_accuracies_per_epoch(rng):
    X, y = blobs(rng, N=103)
    model = SoftmaxClassifier(2, 3, rng=0)
    history = fit(model, X, y, X_val=X[:30], y_val=y[:30], lr=0.1, epochs=4, batch_size=20,
                  lr_decay=0.5)
    assert isinstance(history, History)
    assert history.iterations_per_epoch == 6 and len(history.loss) == 24
    assert history.epochs == 4 and len(history.val_accuracy) == 4
    assert history.lr == pytest.approx([0.1, 0.05, 0.025, 0.0125])
    dropped = fit(SoftmaxClassifier(2, 3), X, y, lr=0.1, epochs=2, batch_size=20,
                  drop_last=True)
    assert dropped.iterations_per_epoch == 5 and len(dropped.loss) == 10
    assert dropped.val_accuracy == []


@pytest.mark.parametrize("build", [lambda: LinearSVM(2, 3, rng=0),
                                   lambda: SoftmaxClassifier(2, 3, rng=0),
                                   lambda: TwoLayerNet(2, 16, 3, weight_scale=0.1, rng=0)])
def test_fit_learns_separable_blobs(build, rng):
    X, y = blobs(rng)
    model = build()
    before = accuracy(y, model.predict(X))
    history = fit(model, X, y, X_val=X, y_val=y, lr=0.05, epochs=15, batch_size=32)
    assert np.mean(history.loss[-5:]) < np.mean(history.loss[:5])
    assert history.val_accuracy[-1] > 0.9 > before


def test_fit_steps_with_any_optimizer_of_minidl_optim(rng):
    X, y = blobs(rng)
    model = TwoLayerNet(2, 16, 3, weight_scale=0.1, rng=0)
    history = fit(model, X, y, X_val=X, y_val=y, optimizer=Adam(model.parameters(), lr=0.01),
                  epochs=10, batch_size=50)
    assert history.val_accuracy[-1] > 0.9
    assert history.lr == [0.01] * 10


def test_fit_with_one_full_batch_equals_hand_written_gradient_descent(rng):
    X, y = blobs(rng, N=40)
    model = SoftmaxClassifier(2, 3, reg=0.01, rng=0)
    W, b = model.W.data.copy(), model.b.data.copy()
    history = fit(model, X, y, optimizer=SGD(model.parameters(), lr=0.2), epochs=5,
                  batch_size=40)
    assert history.lr == [0.2] * 5
    X1 = np.hstack([X, np.ones((40, 1))])
    for _ in range(5):                               # the full batch: order does not matter
        _, dW1 = softmax_loss_vectorized(np.vstack([W, b]), X1, y, 0.0)
        dW = dW1[:-1] + 2 * 0.01 * W
        W, b = W - 0.2 * dW, b - 0.2 * dW1[-1]
    assert np.allclose(model.W.data, W) and np.allclose(model.b.data, b)


def test_fit_is_reproducible_and_shuffles_with_its_rng(rng):
    X, y = blobs(rng)
    runs = [fit(SoftmaxClassifier(2, 3), X, y, lr=0.1, epochs=2, batch_size=16, rng=s).loss
            for s in (1, 1, 2)]
    assert runs[0] == runs[1] and runs[0] != runs[2]


def test_fit_shows_progress_when_asked_and_on_long_runs(rng):
    X, y = blobs(rng, N=60)
    out = io.StringIO()
    fit(SoftmaxClassifier(2, 3), X, y, X_val=X, y_val=y, epochs=3, batch_size=30,
        progress=True, stream=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and "epoch   3/3" in lines[-1] and "val acc" in lines[-1]
    quiet = io.StringIO()
    fit(SoftmaxClassifier(2, 3), X, y, epochs=3, batch_size=30, stream=quiet)
    assert quiet.getvalue() == ""
    long_run = io.StringIO()
    fit(SoftmaxClassifier(2, 3), X, y, epochs=2, batch_size=1, stream=long_run,
        train_eval_size=10)                         # 120 iterations: still quiet by default
    assert long_run.getvalue() == ""
    fit(SoftmaxClassifier(2, 3), X, y, epochs=34, batch_size=1, stream=long_run,
        train_eval_size=10)                         # 2,040 iterations: progress by default
    lines = long_run.getvalue().splitlines()        # every 2nd epoch: at most ~25 lines
    assert len(lines) == 17 and "epoch   2/34" in lines[0] and "epoch  34/34" in lines[-1]


@pytest.mark.filterwarnings("ignore:overflow encountered")
def test_fit_stops_with_a_clear_error_when_the_loss_diverges():
    X = np.array([[1.0, -1.0], [-1.0, 1.0]])
    y = np.array([0, 1])
    with pytest.raises(FloatingPointError, match="^lr: the loss became inf"):
        # each step multiplies W by about (1 - 2 lr reg) = -2e12: it overflows within 30 steps
        fit(LinearSVM(2, 2, reg=1.0), X, y, lr=1e12, epochs=50, batch_size=2)


@pytest.mark.parametrize("kwargs, err, word", [
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"batch_size": -1}, ValueError, "batch_size"),
    ({"batch_size": 2.0}, TypeError, "batch_size"),
    ({"epochs": 0}, ValueError, "epochs"),
    ({"lr": 0.0}, ValueError, "lr"),
    ({"lr_decay": 1.5}, ValueError, "lr_decay"),
    ({"y": np.zeros(7, int)}, ValueError, "y"),
    ({"y": np.full(8, 5)}, ValueError, "y"),
    ({"X": np.zeros((0, 2)), "y": np.zeros(0, int)}, ValueError, "X"),
    ({"X": np.zeros((8, 2, 2))}, ValueError, "X"),
    ({"X_val": np.zeros((3, 2))}, ValueError, "X_val"),
    ({"X_val": np.zeros((3, 5)), "y_val": np.zeros(3, int)}, ValueError, "X_val"),
    ({"optimizer": "sgd"}, TypeError, "optimizer"),
    ({"model": object()}, TypeError, "model"),
    ({"drop_last": True, "batch_size": 9}, ValueError, "batch_size"),
])
def test_fit_rejects_bad_input_by_name(kwargs, err, word):
    args = {"model": SoftmaxClassifier(2, 3), "X": np.zeros((8, 2)), "y": np.zeros(8, int),
            **kwargs}
    model, X, y = args.pop("model"), args.pop("X"), args.pop("y")
    with pytest.raises(err, match=rf"^{word}: expected"):
        fit(model, X, y, **args)


def test_accuracy_is_the_fraction_of_matches():
    assert accuracy([0, 1, 2, 3], [0, 1, 0, 0]) == 0.5
    assert accuracy(np.array([2]), np.array([2])) == 1.0
    with pytest.raises(ValueError, match="^y_pred: expected 3 labels"):
        accuracy([0, 1, 2], [0, 1])
    with pytest.raises(ValueError, match="^y_true: expected at least one label"):
        accuracy([], [])


def test_plot_history_draws_the_loss_per_iteration_and_accuracy_per_epoch(rng):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from minidl.viz import plot_history

    X, y = blobs(rng, N=100)
    history = fit(SoftmaxClassifier(2, 3), X, y, X_val=X, y_val=y, lr=0.1, epochs=3,
                  batch_size=10)
    ax_loss, ax_acc = plot_history(history, smooth=5)
    raw, avg = ax_loss.get_lines()
    assert np.array_equal(raw.get_ydata(), history.loss) and len(avg.get_xdata()) == 26
    assert [list(line.get_ydata()) for line in ax_acc.get_lines()] == [
        history.train_accuracy, history.val_accuracy]
    assert ax_acc.get_xlabel() == "epoch" and ax_loss.get_ylabel() == "loss"
    with pytest.raises(TypeError, match="^history: expected"):
        plot_history(object())
    plt.close("all")
