"""minidl.optim.search: random search and random local search, the lecture's baselines."""
import math

import numpy as np
import pytest

from minidl.optim import SearchResult, random_local_search, random_search


def linear_svm_problem(seed=0, N=60, D=2, C=3):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=3.0, size=(C, D))
    y = rng.integers(0, C, size=N)
    X = np.hstack([centres[y] + rng.normal(size=(N, D)), np.ones((N, 1))])

    def loss(W):  # multiclass hinge loss, written with loops to be obviously right
        total = 0.0
        for i in range(N):
            s = X[i] @ W
            for j in range(C):
                if j != y[i]:
                    total += max(0.0, s[j] - s[y[i]] + 1.0)
        return total / N

    def accuracy(W):
        return float(np.mean(np.argmax(X @ W, axis=1) == y))

    return loss, accuracy, (D + 1, C)


def test_random_search_keeps_the_best_candidate_and_is_reproducible():
    loss, accuracy, shape = linear_svm_problem()
    W, best, history = random_search(loss, shape, n_tries=50, scale=1.0, rng=3)
    assert W.shape == shape and history["loss"].shape == (50,)
    assert best == history["loss"].min() == loss(W)
    assert np.all(np.diff(history["best_loss"]) <= 0)
    assert history["best_loss"][-1] == best
    W2, best2, _ = random_search(loss, shape, n_tries=50, scale=1.0, rng=3)
    assert np.array_equal(W, W2) and best == best2
    assert accuracy(W) > 1 / 3   # better than chance on three classes


def test_random_local_search_never_increases_the_loss_and_leaves_w0_alone():
    loss, accuracy, shape = linear_svm_problem()
    W0 = np.zeros(shape)
    W, final, history = random_local_search(loss, W0, n_steps=100, step_size=0.1, rng=0)
    assert np.array_equal(W0, np.zeros(shape))
    assert history["loss"].shape == (101,) and history["accepted"].shape == (100,)
    assert np.all(np.diff(history["loss"]) <= 0)
    assert history["loss"][0] == pytest.approx(2.0)   # all scores 0: (C - 1) * margin
    assert final == history["loss"][-1] == pytest.approx(loss(W))
    assert final < 2.0
    # the loss drops exactly at the accepted steps
    assert np.array_equal(np.diff(history["loss"]) < 0, history["accepted"])


def test_baselines_validate_their_arguments():
    loss = lambda W: float(np.sum(W ** 2))  # noqa: E731
    with pytest.raises(TypeError, match="^loss_fn: expected a callable"):
        random_search("loss", (2, 2), 5)
    with pytest.raises(ValueError, match="^n_tries: expected"):
        random_search(loss, (2, 2), 0)
    with pytest.raises(ValueError, match=r"^shape\[1\]: expected"):
        random_search(loss, (2, 0), 5)
    with pytest.raises(ValueError, match="^scale: expected"):
        random_search(loss, (2, 2), 5, scale=0.0)
    with pytest.raises(TypeError, match="^rng: expected"):
        random_search(loss, (2, 2), 5, rng="seed")
    with pytest.raises(TypeError, match="^loss_fn: expected a function returning a scalar"):
        random_search(lambda W: W, (2, 2), 5)
    with pytest.raises(ValueError, match="^loss_fn: expected a finite loss"):
        random_local_search(lambda W: math.nan, np.zeros(2), 5)
    with pytest.raises(ValueError, match="^step_size: expected"):
        random_local_search(loss, np.zeros(2), 5, step_size=-1.0)
    with pytest.raises(ValueError, match="^W0: expected finite"):
        random_local_search(loss, np.array([np.nan, 0.0]), 5)
    with pytest.raises(ValueError, match="^n_steps: expected"):
        random_local_search(loss, np.zeros(2), 0)


def test_both_searches_return_a_named_tuple_that_unpacks():
    loss = lambda W: float(np.sum(W ** 2))  # noqa: E731
    for result in (random_search(loss, (2,), 3), random_local_search(loss, np.ones(2), 3)):
        assert isinstance(result, SearchResult)
        W, value, history = result
        assert W is result.W and value == result.loss and history is result.history
