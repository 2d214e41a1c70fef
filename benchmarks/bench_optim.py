"""Optimizer step cost of minidl.optim against the same update hand-written in NumPy.

Run: ``.venv/bin/python benchmarks/bench_optim.py [--sizes 1000 100000 1000000] [--repeat 5]``

For each total parameter count (split over four arrays, like the weights and biases of a
two-layer network) it times ``optimizer.step()`` for SGD with momentum and for Adam, and the
same update hand-written in NumPy the way the equations read (a short loop over the arrays,
in-place moment updates), in the same run. The ratio is minidl's time over the hand-written
time: above 1 is the price of minidl's checks and per-parameter state; below 1 means minidl's
update allocates fewer temporaries than the straightforward expression. If PyTorch is
importable, ``torch.optim`` (CPU, float64) is timed too. Nothing here is a test; numbers depend
on the machine (and on what else runs on it).

"""
from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from minidl.optim import SGD, Adam
from minidl.tensor import Tensor


def best_time(fn, repeat, number):
    """Best of ``repeat`` runs of ``number`` calls, per call, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def split_shapes(total):
    """Four arrays that add up to about ``total`` numbers: W1, b1, W2, b2."""
    hidden = 10
    d = max(1, (total - 2 * hidden) // (2 * hidden))
    return [(d, hidden), (hidden,), (hidden, d), (d,)]


def make_params(shapes, rng):
    params = [Tensor(rng.normal(size=s), requires_grad=True) for s in shapes]
    for p in params:
        p.grad = rng.normal(size=p.data.shape)
    return params


def numpy_sgd_momentum(arrays, grads, lr=0.01, mu=0.9):
    bufs = [None] * len(arrays)

    def step():
        for i, (w, g) in enumerate(zip(arrays, grads)):
            if bufs[i] is None:
                bufs[i] = g.copy()
            else:
                bufs[i] *= mu
                bufs[i] += g
            w -= lr * bufs[i]
    return step


def numpy_adam(arrays, grads, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    m = [np.zeros_like(w) for w in arrays]
    v = [np.zeros_like(w) for w in arrays]
    t = [0]

    def step():
        t[0] += 1
        c1, c2 = 1 - b1 ** t[0], 1 - b2 ** t[0]
        for w, g, mi, vi in zip(arrays, grads, m, v):
            mi *= b1
            mi += (1 - b1) * g
            vi *= b2
            vi += (1 - b2) * g * g
            w -= (lr / c1) * mi / (np.sqrt(vi / c2) + eps)
    return step


def torch_steps(shapes, rng):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(os.cpu_count() or 1)
    result = {}
    for name, make in [("SGD momentum", lambda ps: torch.optim.SGD(ps, lr=0.01, momentum=0.9)),
                       ("Adam", lambda ps: torch.optim.Adam(ps, lr=1e-3))]:
        ps = [torch.tensor(rng.normal(size=s), requires_grad=True) for s in shapes]
        for p in ps:
            p.grad = torch.randn_like(p)
        result[name] = make(ps).step
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    print(f"machine: {platform.machine()}, {platform.processor() or 'unknown cpu'}, "
          f"{os.cpu_count()} cores; Python {platform.python_version()}, NumPy {np.__version__}")
    torch_note = "torch not importable: torch.optim column skipped"
    try:
        import torch
        torch_note = f"torch {torch.__version__} (CPU)"
    except ImportError:
        pass
    print(torch_note)
    print("time per optimizer.step() over 4 float64 arrays; ratio = minidl / hand-written NumPy")
    print(f"{'parameters':>11} {'optimizer':>13} {'minidl':>11} {'numpy':>11} {'ratio':>6}"
          f" {'torch':>11}")
    rng = np.random.default_rng(0)
    for total in args.sizes:
        shapes = split_shapes(total)
        n = sum(int(np.prod(s)) for s in shapes)
        number = max(3, min(2000, 2_000_000 // max(n, 1)))
        torch_fns = torch_steps(shapes, rng) or {}
        for name, make_opt, make_ref in [
            ("SGD momentum", lambda ps: SGD(ps, lr=0.01, momentum=0.9), numpy_sgd_momentum),
            ("Adam", lambda ps: Adam(ps, lr=1e-3), numpy_adam),
        ]:
            params = make_params(shapes, rng)
            opt = make_opt(params)
            ours = best_time(opt.step, args.repeat, number)
            arrays = [rng.normal(size=s) for s in shapes]
            grads = [rng.normal(size=s) for s in shapes]
            ref = best_time(make_ref(arrays, grads), args.repeat, number)
            torch_col = (f"{best_time(torch_fns[name], args.repeat, number) * 1e6:9.1f}us"
                         if name in torch_fns else f"{'-':>11}")
            print(f"{n:>11,} {name:>13} {ours * 1e6:9.1f}us {ref * 1e6:9.1f}us "
                  f"{ours / ref:6.2f} {torch_col}")


if __name__ == "__main__":
    main()
