"""Speed of one SGD step written with minidl's Tensor against the same step written by hand.

Two networks (issue 3):

- 3072-100-10 ReLU net, batch 200, float32, softmax cross-entropy (CIFAR-10 sized input):
  the matrix products dominate, so the engine should cost at most 1.10x the hand-written step.
- 2-16-16-1 ReLU net, batch 64, float32, binary hinge loss: tiny arrays, so the per-operation
  bookkeeping of the engine shows; target at most 2.0x (issue "one engine": 2.5x before).

One step = forward, loss, backward, parameter update. Both versions start from the same
weights, are checked to give the same losses, and are timed alternately in the same run.
PyTorch is timed too when it is importable. The small scale (the book's) keeps the networks
and batches and takes fewer, shorter measurements.

Run: ``python benchmarks/bench_engine.py [--scale full|small] [--repeat R]``.
"""
from __future__ import annotations

import os

import numpy as np

import _harness as h

NETS = (  # label, layer sizes, batch, loss, target ratio (issue 3)
    ("SGD step, matrix products dominate", (3072, 100, 10), 200, "softmax", 1.10),
    ("SGD step, bookkeeping dominates", (2, 16, 16, 1), 64, "hinge", 2.0),
)
SCALES = {"small": {"repeat": 3, "min_time": 0.03}, "full": {"repeat": 7, "min_time": 0.2}}
LR = 1e-3


def make_problem(sizes, batch, dtype, rng, loss):
    X = rng.standard_normal((batch, sizes[0])).astype(dtype)
    if loss == "softmax":
        y = rng.integers(0, sizes[-1], size=batch)
    else:
        y = np.where(rng.random((batch, 1)) < 0.5, -1.0, 1.0).astype(dtype)
    params = []
    for din, dout in zip(sizes[:-1], sizes[1:]):
        params.append((rng.standard_normal((din, dout)) * np.sqrt(2.0 / din)).astype(dtype))
        params.append(np.zeros(dout, dtype=dtype))
    return X, y, params


def hand_step_factory(X, y, params, loss, lr):
    """The step written directly in NumPy: forward, loss, backward, update."""
    ps = [p.copy() for p in params]
    n = X.shape[0]
    rows = np.arange(n)

    def step():
        caches = []
        a = X
        nl = len(ps) // 2
        for i in range(nl):
            W, b = ps[2 * i], ps[2 * i + 1]
            z = a @ W + b
            caches.append((a, z))
            a = np.maximum(z, 0) if i < nl - 1 else z
        s = a
        if loss == "softmax":
            shifted = s - s.max(axis=1, keepdims=True)
            e = np.exp(shifted)
            total = e.sum(axis=1, keepdims=True)
            value = (np.log(total[:, 0]) - shifted[rows, y]).mean()
            ds = e / total
            ds[rows, y] -= 1
            ds /= n
        else:
            m = 1 - y * s
            value = np.maximum(m, 0).mean()
            ds = -(y * (m > 0)) / n
        g = ds
        grads = [None] * len(ps)
        for i in reversed(range(nl)):
            a_in, z = caches[i]
            if i < nl - 1:
                g = g * (z > 0)
            grads[2 * i] = a_in.T @ g
            grads[2 * i + 1] = g.sum(axis=0)
            if i > 0:
                g = g @ ps[2 * i].T
        for p, dp in zip(ps, grads):
            p -= lr * dp
        return value

    return step


def autograd_step_factory(X, y, params, loss, lr, library="minidl"):
    """The same step written with an autograd library: ``"minidl"`` (Tensor) or ``"torch"``."""
    if library == "minidl":
        from minidl.functional import cross_entropy
        from minidl.tensor import Tensor

        ps = [Tensor(p.copy(), requires_grad=True) for p in params]
    else:
        import torch

        torch.set_num_threads(os.cpu_count() or 1)
        cross_entropy = torch.nn.functional.cross_entropy
        ps = [torch.tensor(p.copy(), requires_grad=True) for p in params]
        X, y = torch.from_numpy(X), torch.from_numpy(y)
    nl = len(ps) // 2

    def step():
        for p in ps:
            p.grad = None
        a = X
        for i in range(nl):
            a = a @ ps[2 * i] + ps[2 * i + 1]
            if i < nl - 1:
                a = a.relu()
        value = cross_entropy(a, y) if loss == "softmax" else (1 - y * a).relu().mean()
        value.backward()
        for p in ps:
            p.data -= lr * p.grad      # outside the graph, in both libraries
        return value.data

    return step


def check_same(X, y, params, loss, lr):
    """Both versions give the same losses over a few steps (a benchmark of a wrong step is
    worthless). Returns the largest difference."""
    hand = hand_step_factory(X, y, params, loss, lr)
    engine = autograd_step_factory(X, y, params, loss, lr)
    pairs = [(float(hand()), float(engine())) for _ in range(3)]
    return h.check_close("engine loss", [b for _, b in pairs], [a for a, _ in pairs],
                         rtol=1e-4, atol=1e-6)


def run(scale="small", repeat=None):
    """Time both networks; return one row per comparison (see ``_harness.make_row``)."""
    settings = h.pick_scale(SCALES, scale)
    repeat = repeat or settings["repeat"]
    with_torch = h.available("torch")
    if not with_torch:
        print("torch not installed: the PyTorch comparison is skipped")
    rows = []
    for label, sizes, batch, loss, target in NETS:
        X, y, params = make_problem(sizes, batch, np.float32, np.random.default_rng(0), loss)
        diff = check_same(X, y, params, loss, LR)
        steps = {"numpy": hand_step_factory(X, y, params, loss, LR),
                 "minidl": autograd_step_factory(X, y, params, loss, LR)}
        if with_torch:
            steps["torch"] = autograd_step_factory(X, y, params, loss, LR, library="torch")
        t = h.time_calls(steps, repeat, settings["min_time"])
        name = f"{label}: {'-'.join(map(str, sizes))}, batch {batch}, float32, {loss}"
        rows.append(h.make_row(name, "Tensor", t["minidl"], "hand-written NumPy", t["numpy"],
                               target, f"same losses (max diff {diff:.1e})"))
        if with_torch:
            rows.append(h.make_row(name, "Tensor", t["minidl"], "torch autograd", t["torch"]))
    return rows


def main(argv=None):
    return h.cli(run, __doc__, argv)


if __name__ == "__main__":
    main()
