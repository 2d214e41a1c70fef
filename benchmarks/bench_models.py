"""Speed of minidl.models: naive (looped) vs vectorized losses, and peers where comparable.

Run: ``python benchmarks/bench_models.py [--n 500] [--repeat 5]``. Prints the machine, the
sizes, the best-of-``repeat`` time of each contender and its ratio to the reference timed in
the same run. Nothing here is a test; the numbers depend on the machine and its load.

Comparisons
-----------
1. SVM and softmax loss + gradient, CIFAR-10-like sizes (N x D = 500 x 3073, C = 10):
   minidl's naive double loop and vectorized version, against a hand-written NumPy reference
   (the few lines of the CS231n solution, written inline below).
2. Loss value only (no gradient) against scikit-learn's ``hinge_loss`` / ``log_loss`` on the
   same scores, when scikit-learn is importable.
3. The two-layer net's hand-derived loss + backward against the same network through
   minidl's autograd engine (:class:`minidl.Tensor`), and PyTorch when importable.
"""
import argparse
import importlib.util
import os
import platform
import time

import numpy as np


def best_time(fn, repeat):
    """Best wall-clock time of ``repeat`` calls (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def report(title, results, reference):
    ref = results[reference]
    print(f"\n{title}")
    for name, t in results.items():
        mark = "  (reference)" if name == reference else ""
        print(f"  {name:<42s} {t * 1e3:10.3f} ms   x{t / ref:9.2f}{mark}")


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="examples per batch (default 500)")
    parser.add_argument("--repeat", type=int, default=5, help="timed calls (best is kept)")
    args = parser.parse_args()

    from minidl.models import (
        TwoLayerNet,
        softmax_loss_naive,
        softmax_loss_vectorized,
        svm_loss_naive,
        svm_loss_vectorized,
    )
    from minidl.tensor import Tensor

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}, "
          f"Python {platform.python_version()}, NumPy {np.__version__}")
    rng = np.random.default_rng(0)
    N, D, C, reg = args.n, 3073, 10, 2.5e4
    W = 1e-4 * rng.standard_normal((D, C))
    X = rng.normal(0.0, 60.0, (N, D))
    y = rng.integers(0, C, N)
    print(f"sizes: N={N}, D={D}, C={C}, float64; best of {args.repeat}")

    for name, naive, vec, ref in (("SVM", svm_loss_naive, svm_loss_vectorized, numpy_svm),
                                  ("softmax", softmax_loss_naive, softmax_loss_vectorized,
                                   numpy_softmax)):
        la, ga = naive(W, X, y, reg)
        lb, gb = vec(W, X, y, reg)
        lc, gc = ref(W, X, y, reg)
        assert np.isclose(la, lb) and np.isclose(lb, lc)
        assert np.allclose(ga, gb) and np.allclose(gb, gc)
        results = {
            "hand-written NumPy (reference)": best_time(lambda: ref(W, X, y, reg), args.repeat),
            f"minidl {name} vectorized": best_time(lambda: vec(W, X, y, reg), args.repeat),
            f"minidl {name} naive (loops)": best_time(lambda: naive(W, X, y, reg),
                                                      max(1, args.repeat // 2)),
        }
        report(f"{name} loss + gradient (checked equal)", results,
               "hand-written NumPy (reference)")

    if importlib.util.find_spec("sklearn") is not None:
        from sklearn.metrics import hinge_loss, log_loss

        from minidl.models import _softmax_scores, _svm_scores
        S = X @ W
        labels = np.arange(C)
        ours = _softmax_scores(S, y)[0]
        theirs = log_loss(y, np.exp(S - S.max(1, keepdims=True))
                          / np.exp(S - S.max(1, keepdims=True)).sum(1, keepdims=True),
                          labels=labels)
        assert np.isclose(ours, theirs)

        def sk_log():
            P = np.exp(S - S.max(1, keepdims=True))
            return log_loss(y, P / P.sum(1, keepdims=True), labels=labels)

        results = {
            "minidl softmax, scores -> loss + dscores": best_time(lambda: _softmax_scores(S, y),
                                                                  args.repeat),
            "sklearn log_loss, scores -> loss": best_time(sk_log, args.repeat),
        }
        report("cross-entropy from scores (N x C), value only for sklearn", results,
               "minidl softmax, scores -> loss + dscores")
        # sklearn's multiclass hinge_loss is Crammer-Singer (max over wrong classes), not the
        # Weston-Watkins sum used here: only the timing is comparable, not the value.
        results = {
            "minidl SVM, scores -> loss + dscores": best_time(lambda: _svm_scores(S, y, 1.0),
                                                              args.repeat),
            "sklearn hinge_loss (Crammer-Singer)": best_time(
                lambda: hinge_loss(y, S, labels=labels), args.repeat),
        }
        report("hinge loss from scores (different multiclass variants)", results,
               "minidl SVM, scores -> loss + dscores")
    else:
        print("\nscikit-learn not importable: peer comparison skipped")

    H = 100
    net = TwoLayerNet(D, H, C, reg=0.1, weight_scale=1e-3, rng=0)
    Xs = X / 60.0
    onehot = np.eye(C)[y]

    def autograd():
        W1, b1, W2, b2 = (Tensor(p.data, requires_grad=True) for p in net.parameters())
        S = (Tensor(Xs) @ W1 + b1).relu() @ W2 + b2
        shifted = S - Tensor(S.data.max(axis=1, keepdims=True))
        log_p = shifted - shifted.exp().sum(axis=1, keepdims=True).log()
        L = -(log_p * Tensor(onehot)).sum() / N + 0.1 * ((W1 * W1).sum() + (W2 * W2).sum())
        L.backward()
        return L, W1.grad

    L, g = autograd()
    assert np.isclose(L.item(), net.loss(Xs, y)) and np.allclose(g, net.W1.grad)
    results = {
        "TwoLayerNet.loss (staged, by hand)": best_time(lambda: net.loss(Xs, y), args.repeat),
        "minidl.Tensor autograd": best_time(autograd, args.repeat),
    }
    if importlib.util.find_spec("torch") is not None:
        import torch

        params = [torch.tensor(p.data, requires_grad=True) for p in net.parameters()]
        Xt, yt = torch.tensor(Xs), torch.tensor(y)

        def torch_step():
            W1, b1, W2, b2 = params
            for p in params:
                p.grad = None
            S = torch.relu(Xt @ W1 + b1) @ W2 + b2
            L = torch.nn.functional.cross_entropy(S, yt) + 0.1 * ((W1 ** 2).sum()
                                                                  + (W2 ** 2).sum())
            L.backward()
            return L

        results["PyTorch autograd (float64)"] = best_time(torch_step, args.repeat)
    else:
        results["(PyTorch not importable: skipped)"] = float("nan")
    report(f"two-layer net loss + all gradients (N={N}, D={D}, H={H}, C={C})", results,
           "TwoLayerNet.loss (staged, by hand)")


if __name__ == "__main__":
    main()
