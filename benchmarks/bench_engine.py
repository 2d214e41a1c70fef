"""Speed of one SGD step written with minidl's Tensor against the same step written by hand.

Two networks (issue 3):

- 3072-100-10 ReLU net, batch 200, float32, softmax cross-entropy (CIFAR-10 sized input):
  the matrix products dominate, so the engine should cost at most 1.10x the hand-written step.
- 2-16-16-1 ReLU net, batch 64, float32, binary hinge loss: tiny arrays, so the per-operation
  bookkeeping of the engine shows; target at most 2.5x.

One step = forward, loss, backward, parameter update. Both versions start from the same
weights and are timed alternately in the same run; the median over repeats is reported. PyTorch
is timed too when it is importable. Run: ``python benchmarks/bench_engine.py [--repeats R]``.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import timeit

import numpy as np


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
            h = a @ W + b
            caches.append((a, h))
            a = np.maximum(h, 0) if i < nl - 1 else h
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
            a_in, h = caches[i]
            if i < nl - 1:
                g = g * (h > 0)
            grads[2 * i] = a_in.T @ g
            grads[2 * i + 1] = g.sum(axis=0)
            if i > 0:
                g = g @ ps[2 * i].T
        for p, dp in zip(ps, grads):
            p -= lr * dp
        return value

    return step


def engine_step_factory(X, y, params, loss, lr):
    """The same step written with minidl.Tensor and minidl.functional."""
    from minidl.functional import cross_entropy
    from minidl.tensor import Tensor

    ps = [Tensor(p.copy(), requires_grad=True) for p in params]
    nl = len(ps) // 2

    def step():
        for p in ps:
            p.grad = None
        a = X
        for i in range(nl):
            a = a @ ps[2 * i] + ps[2 * i + 1]
            if i < nl - 1:
                a = a.relu()
        if loss == "softmax":
            value = cross_entropy(a, y)
        else:
            value = (1 - y * a).relu().mean()
        value.backward()
        for p in ps:
            p.data -= lr * p.grad
        return value.data

    return step


def torch_step_factory(X, y, params, loss, lr):
    import torch

    torch.set_num_threads(os.cpu_count() or 1)
    ps = [torch.tensor(p.copy(), requires_grad=True) for p in params]
    Xt = torch.from_numpy(X)
    yt = torch.from_numpy(y)
    nl = len(ps) // 2

    def step():
        for p in ps:
            p.grad = None
        a = Xt
        for i in range(nl):
            a = a @ ps[2 * i] + ps[2 * i + 1]
            if i < nl - 1:
                a = a.relu()
        if loss == "softmax":
            value = torch.nn.functional.cross_entropy(a, yt)
        else:
            value = (1 - yt * a).relu().mean()
        value.backward()
        with torch.no_grad():
            for p in ps:
                p -= lr * p.grad
        return value

    return step


def time_steps(steps, number, repeats):
    """Median seconds per step of each callable, timed alternately."""
    results = {name: [] for name in steps}
    for _ in range(repeats):
        for name, fn in steps.items():
            results[name].append(timeit.timeit(fn, number=number) / number)
    return {name: float(np.median(t)) for name, t in results.items()}


def check_same(X, y, params, loss, lr):
    """Both versions give the same losses over a few steps (a benchmark of a wrong step is
    worthless)."""
    hand = hand_step_factory(X, y, params, loss, lr)
    engine = engine_step_factory(X, y, params, loss, lr)
    for _ in range(3):
        a, b = float(hand()), float(engine())
        if not np.isclose(a, b, rtol=1e-4, atol=1e-6):
            raise AssertionError(f"engine loss {b} differs from hand-written loss {a}")


def run(name, sizes, batch, loss, number, repeats, target):
    rng = np.random.default_rng(0)
    X, y, params = make_problem(sizes, batch, np.float32, rng, loss)
    check_same(X, y, params, loss, 1e-3)
    steps = {"numpy (by hand)": hand_step_factory(X, y, params, loss, 1e-3),
             "minidl.Tensor": engine_step_factory(X, y, params, loss, 1e-3)}
    try:
        import torch  # noqa: F401
        steps["torch"] = torch_step_factory(X, y, params, loss, 1e-3)
    except ImportError:
        pass
    times = time_steps(steps, number, repeats)
    base = times["numpy (by hand)"]
    print(f"\n{name}: sizes {'-'.join(map(str, sizes))}, batch {batch}, float32, {loss} loss; "
          f"median of {repeats} repeats x {number} steps")
    for label, t in times.items():
        print(f"  {label:<16s} {t * 1e6:10.1f} us/step   {t / base:5.2f}x numpy")
    ratio = times["minidl.Tensor"] / base
    verdict = "OK" if ratio <= target else "ABOVE TARGET"
    print(f"  engine / numpy = {ratio:.2f}x (target <= {target:.2f}x): {verdict}")
    return ratio


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info
                        if line.startswith("model name")), cpu)
    except OSError:
        pass
    print(f"machine: {platform.machine()} {cpu}, {os.cpu_count()} cpus, "
          f"{platform.system()} {platform.release()}")
    if hasattr(os, "getloadavg"):
        print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}")
    try:
        import torch
        print(f"torch {torch.__version__}")
    except ImportError:
        print("torch: not installed (peer comparison skipped)")
    run("large (matrix products dominate)", (3072, 100, 10), 200, "softmax",
        number=20, repeats=args.repeats, target=1.10)
    run("small (bookkeeping dominates)", (2, 16, 16, 1), 64, "hinge",
        number=500, repeats=args.repeats, target=2.5)


if __name__ == "__main__":
    main()
