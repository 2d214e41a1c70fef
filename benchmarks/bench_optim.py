"""Optimizer step cost of minidl.optim against the same update hand-written in NumPy.

Run: ``python benchmarks/bench_optim.py [--scale full|small] [--sizes 1000 100000 1000000]
[--repeat R]``

For each total parameter count (split over four arrays, like the weights and biases of a
two-layer network) it times ``optimizer.step()`` for SGD with momentum and for Adam, and the
same update hand-written in NumPy the way the equations read (a short loop over the arrays,
in-place moment updates), in the same run. The ratio is minidl's time over the hand-written
time: above 1 is the price of minidl's checks and per-parameter state; below 1 means minidl's
update allocates fewer temporaries than the straightforward expression. If PyTorch is
importable, ``torch.optim`` (CPU, float64) is timed too. Full scale: 1,000, 100,000 and
1,000,000 parameters; small scale (the book's): 1,000 and 100,000.
"""
from __future__ import annotations

import os

import numpy as np

import _harness as h
from minidl.optim import SGD, Adam
from minidl.tensor import Tensor

SCALES = {"small": {"sizes": [1_000, 100_000], "repeat": 3, "min_time": 0.02},
          "full": {"sizes": [1_000, 100_000, 1_000_000], "repeat": 5, "min_time": 0.1}}
OPTIMIZERS = {  # name: (minidl, hand-written NumPy, torch.optim), same hyper-parameters
    "SGD momentum": (lambda ps: SGD(ps, lr=0.01, momentum=0.9),
                     lambda arrays, grads: numpy_sgd_momentum(arrays, grads, lr=0.01, mu=0.9),
                     lambda torch, ps: torch.optim.SGD(ps, lr=0.01, momentum=0.9)),
    "Adam": (lambda ps: Adam(ps, lr=1e-3),
             lambda arrays, grads: numpy_adam(arrays, grads, lr=1e-3),
             lambda torch, ps: torch.optim.Adam(ps, lr=1e-3)),
}


def split_shapes(total):
    """Four arrays that add up to about ``total`` numbers: W1, b1, W2, b2."""
    hidden = 10
    d = max(1, (total - 2 * hidden) // (2 * hidden))
    return [(d, hidden), (hidden,), (hidden, d), (d,)]


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


def check_same(name, shapes, rng, steps=3):
    """minidl's optimizer and the hand-written update move the same weights alike."""
    make_opt, make_ref, _ = OPTIMIZERS[name]
    arrays = [rng.normal(size=s) for s in shapes]
    grads = [rng.normal(size=s) for s in shapes]
    params = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    for p, g in zip(params, grads):
        p.grad = g.copy()
    opt, ref = make_opt(params), make_ref(arrays, grads)
    for _ in range(steps):
        opt.step()
        ref()
    return max(h.check_close(f"{name} weights", p.data, a, rtol=1e-10, atol=1e-12)
               for p, a in zip(params, arrays))


def run(scale="small", repeat=None, sizes=None):
    """SGD with momentum and Adam at each parameter count; one row per comparison."""
    s = h.pick_scale(SCALES, scale)
    repeat, sizes = repeat or s["repeat"], sizes or s["sizes"]
    torch = None
    if h.available("torch"):
        import torch

        torch.set_num_threads(os.cpu_count() or 1)
    else:
        print("torch not installed: the torch.optim comparison is skipped")
    rng = np.random.default_rng(0)
    rows = []
    for total in sizes:
        shapes = split_shapes(total)
        n = sum(int(np.prod(shape)) for shape in shapes)
        for name, (make_opt, make_ref, make_torch) in OPTIMIZERS.items():
            diff = check_same(name, shapes, rng)
            params = [Tensor(rng.normal(size=shape), requires_grad=True) for shape in shapes]
            for p in params:
                p.grad = rng.normal(size=p.data.shape)
            calls = {"minidl": make_opt(params).step,
                     "numpy": make_ref([rng.normal(size=shape) for shape in shapes],
                                       [rng.normal(size=shape) for shape in shapes])}
            if torch is not None:
                tps = [torch.tensor(rng.normal(size=shape), requires_grad=True)
                       for shape in shapes]
                for p in tps:
                    p.grad = torch.randn_like(p)
                calls["torch"] = make_torch(torch, tps).step
            t = h.time_calls(calls, repeat, s["min_time"])
            bench = f"{name} step, {n:,} float64 parameters in 4 arrays"
            rows.append(h.make_row(bench, f"optim.{name.split()[0]}", t["minidl"],
                                   "hand-written NumPy", t["numpy"], None,
                                   f"same weights after 3 steps (max diff {diff:.1e})"))
            if torch is not None:
                rows.append(h.make_row(bench, f"optim.{name.split()[0]}", t["minidl"],
                                       "torch.optim", t["torch"]))
    return rows


def main(argv=None):
    return h.cli(run, __doc__, argv,
                 [h.int_option("--sizes", "total parameter counts", nargs="+")])


if __name__ == "__main__":
    main()
