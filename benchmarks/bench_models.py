"""Speed of minidl.models: naive (looped) vs vectorized losses, and peers where comparable.

Run: ``python benchmarks/bench_models.py [--scale full|small] [--n N] [--repeat R]``. Prints
the machine, the sizes, the median time of each contender and its ratio to the reference
timed in the same run. Nothing here is a test; the numbers depend on the machine and its load.

Comparisons
-----------
1. SVM and softmax loss + gradient, CIFAR-10-like sizes (N x D = 500 x 3073, C = 10; the small
   scale uses N = 100): minidl's naive double loop and vectorized version, against a
   hand-written NumPy reference (the few lines of the CS231n solution, written inline below).
2. From scores to the loss against scikit-learn's ``log_loss`` / ``hinge_loss`` on the same
   scores, when scikit-learn is importable (minidl also returns the gradient; scikit-learn's
   multiclass hinge loss is Crammer-Singer, not the Weston-Watkins sum used here, so only the
   times are comparable there).
3. The two-layer net's hand-derived loss + backward (``TwoLayerNet.loss``) against the same
   network through minidl's autograd engine (:class:`minidl.Tensor`), and PyTorch when
   importable.
"""
from __future__ import annotations

import numpy as np

import _harness as h

SCALES = {"small": {"n": 100, "repeat": 3, "min_time": 0.02},
          "full": {"n": 500, "repeat": 5, "min_time": 0.1}}
D, C, H, REG = 3073, 10, 100, 2.5e4


def numpy_svm(W, X, y, reg):
    N = X.shape[0]
    S = X @ W
    margins = np.maximum(0, S - S[np.arange(N), y][:, None] + 1.0)
    margins[np.arange(N), y] = 0
    loss = margins.sum() / N + reg * np.sum(W * W)
    G = (margins > 0).astype(float)
    G[np.arange(N), y] = -G.sum(axis=1)
    return loss, X.T @ G / N + 2 * reg * W


def numpy_softmax(W, X, y, reg):
    N = X.shape[0]
    S = X @ W
    S -= S.max(axis=1, keepdims=True)
    P = np.exp(S)
    P /= P.sum(axis=1, keepdims=True)
    loss = -np.log(P[np.arange(N), y]).mean() + reg * np.sum(W * W)
    P[np.arange(N), y] -= 1
    return loss, X.T @ P / N + 2 * reg * W


def bench_linear(W, X, y, repeat, min_time):
    """Naive and vectorized SVM and softmax losses against the hand-written NumPy lines."""
    from minidl.models import (softmax_loss_naive, softmax_loss_vectorized, svm_loss_naive,
                               svm_loss_vectorized)

    rows = []
    for name, naive, vec, ref in (("SVM", svm_loss_naive, svm_loss_vectorized, numpy_svm),
                                  ("softmax", softmax_loss_naive, softmax_loss_vectorized,
                                   numpy_softmax)):
        calls = {"naive": lambda f=naive: f(W, X, y, REG),
                 "vectorized": lambda f=vec: f(W, X, y, REG),
                 "numpy": lambda f=ref: f(W, X, y, REG)}
        results = {key: fn() for key, fn in calls.items()}
        for key in ("naive", "vectorized"):
            h.check_close(f"{name} {key} loss", results[key][0], results["numpy"][0])
            h.check_close(f"{name} {key} gradient", results[key][1], results["numpy"][1])
        t = h.time_calls(calls, repeat, min_time)
        bench = f"{name} loss + gradient, N={X.shape[0]}, D={D}, C={C}, float64"
        for key, fn in (("vectorized", vec), ("naive", naive)):
            rows.append(h.make_row(bench, fn.__name__, t[key], "hand-written NumPy",
                                   t["numpy"], None, "same loss and gradient"))
    return rows


def bench_sklearn(S, y, repeat, min_time):
    """From scores to the loss, beside scikit-learn's metrics."""
    if not h.available("sklearn"):
        print("scikit-learn not installed: the metric comparison is skipped")
        return []
    from sklearn.metrics import hinge_loss, log_loss

    from minidl.layers import softmax_loss, svm_loss

    labels = np.arange(C)

    def sk_log():
        P = np.exp(S - S.max(1, keepdims=True))
        return log_loss(y, P / P.sum(1, keepdims=True), labels=labels)

    h.check_close("cross-entropy", softmax_loss(S, y)[0], sk_log())
    t = h.time_calls({"softmax": lambda: softmax_loss(S, y), "log_loss": sk_log,
                      "svm": lambda: svm_loss(S, y),
                      "hinge": lambda: hinge_loss(y, S, labels=labels)}, repeat, min_time)
    bench = f"loss from scores, N={S.shape[0]}, C={C}"
    return [h.make_row(bench, "softmax (+ dscores)", t["softmax"], "sklearn log_loss",
                       t["log_loss"], None, "same loss; sklearn without gradient"),
            h.make_row(bench, "SVM (+ dscores)", t["svm"], "sklearn hinge_loss", t["hinge"],
                       None, "times only: sklearn's is Crammer-Singer")]


def bench_two_layer(X, y, repeat, min_time):
    """The hand-derived two-layer net against the same net through autograd."""
    from minidl.models import TwoLayerNet
    from minidl.tensor import Tensor

    N = X.shape[0]
    net = TwoLayerNet(D, H, C, reg=0.1, weight_scale=1e-3, rng=0)
    onehot = np.eye(C)[y]

    def autograd():
        W1, b1, W2, b2 = (Tensor(p.data, requires_grad=True) for p in net.parameters())
        S = (Tensor(X) @ W1 + b1).relu() @ W2 + b2
        shifted = S - Tensor(S.data.max(axis=1, keepdims=True))
        log_p = shifted - shifted.exp().sum(axis=1, keepdims=True).log()
        L = -(log_p * Tensor(onehot)).sum() / N + 0.1 * ((W1 * W1).sum() + (W2 * W2).sum())
        L.backward()
        return L, W1.grad

    L, g = autograd()
    h.check_close("two-layer loss", L.item(), net.loss(X, y))
    h.check_close("two-layer dW1", g, net.W1.grad)
    calls = {"staged": lambda: net.loss(X, y), "autograd": autograd}
    if h.available("torch"):
        import torch

        params = [torch.tensor(p.data, requires_grad=True) for p in net.parameters()]
        Xt, yt = torch.tensor(X), torch.tensor(y)

        def torch_step():
            W1, b1, W2, b2 = params
            for p in params:
                p.grad = None
            S = torch.relu(Xt @ W1 + b1) @ W2 + b2
            L = torch.nn.functional.cross_entropy(S, yt) + 0.1 * ((W1 ** 2).sum()
                                                                  + (W2 ** 2).sum())
            L.backward()
            return L

        calls["torch"] = torch_step
    else:
        print("torch not installed: the PyTorch comparison is skipped")
    t = h.time_calls(calls, repeat, min_time)
    bench = f"two-layer net loss + gradients, N={N}, {D}-{H}-{C}, float64"
    rows = [h.make_row(bench, "Tensor autograd", t["autograd"], "TwoLayerNet.loss (by hand)",
                       t["staged"], None, "same loss and dW1")]
    if "torch" in t:
        rows.append(h.make_row(bench, "Tensor autograd", t["autograd"], "torch autograd",
                               t["torch"]))
    return rows


def run(scale="small", repeat=None, n=None):
    """Linear losses, scikit-learn metrics and the two-layer net; one row per comparison."""
    s = h.pick_scale(SCALES, scale)
    repeat, N = repeat or s["repeat"], n or s["n"]
    rng = np.random.default_rng(0)
    W = 1e-4 * rng.standard_normal((D, C))
    X = rng.normal(0.0, 60.0, (N, D))
    y = rng.integers(0, C, N)
    return (bench_linear(W, X, y, repeat, s["min_time"])
            + bench_sklearn(X @ W, y, repeat, s["min_time"])
            + bench_two_layer(X / 60.0, y, repeat, s["min_time"]))


def main(argv=None):
    return h.cli(run, __doc__, argv, [h.int_option("--n", "examples per batch")])


if __name__ == "__main__":
    main()
