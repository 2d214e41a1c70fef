"""Speed of minidl.models: naive (looped) vs vectorized losses, the models, fit, and peers.

Run: ``python benchmarks/bench_models.py [--scale full|small] [--n N] [--n-fit N]
[--repeat R]``. Prints the machine, the sizes, the median time of each contender and its ratio
to the reference timed in the same run. Nothing here is a test; the numbers depend on the
machine and its load.

Comparisons
-----------
1. SVM and softmax loss + gradient, CIFAR-10-like sizes (N x D = 500 x 3073, C = 10; the small
   scale uses N = 100): minidl's naive double loop and vectorized version, against a
   hand-written NumPy reference (the few lines of the CS231n solution, written inline below).
2. From scores to the loss against scikit-learn's ``log_loss`` / ``hinge_loss`` on the same
   scores, when scikit-learn is importable (minidl also returns the gradient; scikit-learn's
   multiclass hinge loss is Crammer-Singer, not the Weston-Watkins sum used here, so only the
   times are comparable there).
3. One forward and backward pass of :class:`~minidl.models.TwoLayerNet` (through the autograd
   engine, :class:`minidl.Tensor`) against the same network staged by hand with
   :mod:`minidl.layers`, and PyTorch when importable.
4. One epoch of :func:`minidl.models.fit` (B = 200, SGD; CIFAR-10-sized rows, D = 3073; N =
   49,000 at the full scale, as the course's training set) for a linear SVM and a two-layer
   net, against the same epoch written as a bare NumPy loop: the same batches in the same
   order, the gradient by hand, the same updates. The ratio is what fit costs beyond the
   arithmetic: the engine's graph, the per-epoch accuracies, the checks at the door.
"""
from __future__ import annotations

import numpy as np

import _harness as h

SCALES = {"small": {"n": 100, "n_fit": 1000, "repeat": 3, "min_time": 0.02},
          "full": {"n": 500, "n_fit": 49000, "repeat": 5, "min_time": 0.1}}
D, C, H, REG = 3073, 10, 100, 2.5e4
B_FIT, LR_FIT, REG_FIT = 200, 1e-3, 1e-3


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


def staged_two_layer(X, y, W1, b1, W2, b2, reg):
    """Loss and (dW1, db1, dW2, db2) of the two-layer net, staged by hand with minidl.layers."""
    from minidl import layers

    h_, c1 = layers.affine_forward(X, W1, b1)
    a, c2 = layers.relu_forward(h_)
    s, c3 = layers.affine_forward(a, W2, b2)
    loss, ds = layers.softmax_loss(s, y)
    da, dW2, db2 = layers.affine_backward(ds, c3)
    dz = layers.relu_backward(da, c2)
    dW1, db1 = X.T @ dz, dz.sum(axis=0)                    # no dX: X is data
    loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    return loss, (dW1 + 2 * reg * W1, db1, dW2 + 2 * reg * W2, db2)


def bench_two_layer(X, y, repeat, min_time):
    """The two-layer net through the engine against the same net staged by hand."""
    from minidl.functional import cross_entropy, l2
    from minidl.models import TwoLayerNet

    N = X.shape[0]
    net = TwoLayerNet(D, H, C, weight_scale=1e-3, rng=0)
    arrays = [p.data for p in net.parameters()]

    def engine():
        net.zero_grad()
        loss = cross_entropy(net(X), y) + 0.1 * l2([net.W1, net.W2])
        loss.backward()
        return loss

    L = engine()
    ref_loss, ref_grads = staged_two_layer(X, y, *arrays, 0.1)
    h.check_close("two-layer loss", L.item(), ref_loss)
    h.check_close("two-layer dW1", net.W1.grad, ref_grads[0])
    calls = {"staged": lambda: staged_two_layer(X, y, *arrays, 0.1), "engine": engine}
    if h.available("torch"):
        import torch

        params = [torch.tensor(a, requires_grad=True) for a in arrays]
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
    rows = [h.make_row(bench, "TwoLayerNet (engine)", t["engine"], "minidl.layers (by hand)",
                       t["staged"], None, "same loss and dW1")]
    if "torch" in t:
        rows.append(h.make_row(bench, "TwoLayerNet (engine)", t["engine"], "torch autograd",
                               t["torch"]))
    return rows


def numpy_epoch(kind, X, y, params, seed):
    """One epoch of fit written as a bare loop: fit's batches, gradients by hand, SGD steps."""
    rng = np.random.default_rng(seed)
    N = X.shape[0]
    rng.choice(N, size=min(1000, N), replace=False)        # fit draws its accuracy sample first
    order = rng.permutation(N)
    params = [p.copy() for p in params]
    for start in range(0, N, B_FIT):
        idx = order[start:start + B_FIT]
        Xb, yb = X[idx], y[idx]
        if kind == "svm":
            W, b = params
            S = Xb @ W + b
            margins = np.maximum(0, S - S[np.arange(len(yb)), yb][:, None] + 1.0)
            margins[np.arange(len(yb)), yb] = 0
            G = (margins > 0).astype(float)
            G[np.arange(len(yb)), yb] = -G.sum(axis=1)
            dW = Xb.T @ G / len(yb) + 2 * REG_FIT * W
            grads = (dW, G.sum(axis=0) / len(yb))
        else:
            _, grads = staged_two_layer(Xb, yb, *params, REG_FIT)
        for p, g in zip(params, grads):
            p -= LR_FIT * g
    return params


def bench_fit(N, repeat):
    """One epoch of fit against the same epoch as a bare NumPy loop, CIFAR-10-sized rows."""
    from minidl.functional import cross_entropy, svm_loss
    from minidl.models import LinearSVM, TwoLayerNet, fit
    from minidl.optim import SGD

    rng = np.random.default_rng(1)
    X = rng.standard_normal((N, D))
    y = rng.integers(0, C, N)
    rows = []
    for kind, build, loss_fn in (("svm", lambda: LinearSVM(D, C, rng=0), svm_loss),
                                 ("net", lambda: TwoLayerNet(D, H, C, weight_scale=1e-3, rng=0),
                                  cross_entropy)):
        init = [p.data.copy() for p in build().parameters()]

        def one_epoch(build=build, loss_fn=loss_fn):
            model = build()
            fit(model, loss_fn, X, y, optimizer=SGD(model.parameters(), lr=LR_FIT),
                reg=REG_FIT, epochs=1, batch_size=B_FIT, rng=0, progress=False)
            return model

        trained = [p.data for p in one_epoch().parameters()]
        for p, q in zip(trained, numpy_epoch(kind, X, y, init, 0)):
            h.check_close(f"fit {kind} parameters", p, q, rtol=1e-9, atol=1e-12)
        t = h.time_calls({"fit": one_epoch, "numpy": lambda kind=kind, init=init:
                          numpy_epoch(kind, X, y, init, 0)}, repeat, min_time=0.0)
        name = "LinearSVM" if kind == "svm" else f"TwoLayerNet, H={H}"
        rows.append(h.make_row(f"one epoch of SGD, N={N}, D={D}, B={B_FIT}, float64",
                               f"fit({name})", t["fit"], "bare NumPy loop", t["numpy"], None,
                               "same parameters after the epoch"))
    return rows


def run(scale="small", repeat=None, n=None, n_fit=None):
    """Linear losses, scikit-learn metrics, the two-layer net and fit; one row per comparison."""
    s = h.pick_scale(SCALES, scale)
    repeat, N = repeat or s["repeat"], n or s["n"]
    rng = np.random.default_rng(0)
    W = 1e-4 * rng.standard_normal((D, C))
    X = rng.normal(0.0, 60.0, (N, D))
    y = rng.integers(0, C, N)
    return (bench_linear(W, X, y, repeat, s["min_time"])
            + bench_sklearn(X @ W, y, repeat, s["min_time"])
            + bench_two_layer(X / 60.0, y, repeat, s["min_time"])
            + bench_fit(n_fit or s["n_fit"], repeat))


def main(argv=None):
    return h.cli(run, __doc__, argv, [h.int_option("--n", "examples per loss batch"),
                                      h.int_option("--n-fit", "training rows of the fit epoch")])


if __name__ == "__main__":
    main()
