"""Bad input: every public name of minidl answers with a clear error, or a documented result.

The catalogue below has an entry for every public name (every name in the ``__all__`` of every
public module, and every public method that takes arguments): a function that makes the
arguments of one good call, and the kind of each argument. The runner calls the name once with
the good arguments, then once per (argument, bad value of its kind) with that one argument
replaced, and expects what the entry says (the rule is in CONTRIBUTING.md, "Bad input"):

- by default an error of the kind's type whose message starts with the argument's name
  (minidl's "<argument>: expected <...>, got <...>");
- else the documented result the entry names: ``OK`` (accepted), ``FINITE`` (accepted, every
  number of the result finite), ``NUMPY`` (NaN or infinity propagated as NumPy propagates
  them, with its warnings), or a ``Returns`` with its own check. Only ``NUMPY`` and the
  results marked ``warns`` may let NumPy warn inside minidl (an overflow, an invalid value).

A NumPy ComplexWarning fails every case (a complex number silently cast to real). A new public
name without an entry fails ``test_every_public_name_has_an_entry``.
"""
from __future__ import annotations

import atexit
import contextlib
import importlib
import inspect
import io
import pickle
import pkgutil
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import minidl
from minidl import (datasets, engine, experiments, features, functional, gradcheck, landscapes,
                    layers, models, nn, optim, viz)
from minidl.tensor import Tensor

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


# =============================================================================================
# Outcomes
# =============================================================================================

@dataclass(frozen=True)
class Raises:
    """An error of one of ``types``, its message starting with the argument's name (or with
    ``named``), or matching ``match``; then ``then(kw, ref)`` checks the arguments after it."""
    types: tuple
    named: str = None
    match: str = None
    then: object = None


@dataclass(frozen=True)
class Returns:
    """A documented result: ``check(result, kw, ref)`` holds; NumPy's RuntimeWarnings are
    allowed only with ``warns`` (NaN or infinity propagated as NumPy propagates them)."""
    what: str
    check: object = None
    warns: bool = False


def _numbers(obj):
    """Every float array in a result (tuples, lists, dicts, Tensors, named tuples)."""
    if isinstance(obj, Tensor):
        obj = obj.data
    if isinstance(obj, (np.ndarray, np.floating, float)):
        arr = np.asarray(obj)
        return [arr] if arr.dtype.kind == "f" else []
    if isinstance(obj, dict):
        obj = list(obj.values())
    if isinstance(obj, (tuple, list)):
        return [a for item in obj for a in _numbers(item)]
    return []


def _all_finite(result, kw, ref):
    assert all(np.isfinite(a).all() for a in _numbers(result))


def _some_nonfinite(result, kw, ref):
    assert any(not np.isfinite(a).all() for a in _numbers(result))


TE, VE, ERR = Raises((TypeError,)), Raises((ValueError,)), Raises((TypeError, ValueError))
OK = Returns("accepted")
FINITE = Returns("accepted, the result finite", _all_finite)
NUMPY = Returns("NaN or infinity propagated as in NumPy", _some_nonfinite, warns=True)


def raises(*types, named=None, match=None, then=None):
    return Raises(types, named, match, then)


def returns(what, check=None, warns=False):
    return Returns(what, check, warns)


# =============================================================================================
# Bad values, per kind of argument: {label: (bad value made from the good one, outcome)}
# =============================================================================================

HUGE = 2.0 ** 996      # about 6.7e299: finite, its square is not; a power of two, so that the
                       # documented results below can be exact multiples of the good ones
                       # (float32 arrays are scaled by 2**100, about 1.3e30, instead)


def _arr(g):
    return g.data if isinstance(g, Tensor) else np.asarray(g)


def _with(g, value):
    bad = _arr(g).astype(np.float64 if _arr(g).dtype.kind != "f" else _arr(g).dtype)
    bad.flat[0] = value
    return bad


def _huge(g):
    a = _arr(g)
    return a * (2.0 ** 100 if a.dtype == np.float32 else HUGE)


def _wrong_ndim(g):
    a = _arr(g)
    return a.ravel() if a.ndim >= 2 else a.reshape(1, 1, -1)


def array(dtype="real", *, empty=VE, nan=VE, inf=VE, huge=FINITE, wrong=VE, **extra):
    """An array argument: ``dtype`` "float" (float32/64 only), "real" (any real dtype) or
    "tensor" (what a Tensor takes: real, but not float16)."""
    strict = TE if dtype == "float" else OK
    table = {
        "None": (lambda g: None, TE),
        "str": (lambda g: "abc", TE),
        "list of str": (lambda g: ["a", "b"], TE),
        "object dtype": (lambda g: _arr(g).astype(object), TE),
        "complex": (lambda g: _arr(g) + 1j, TE),
        "float16": (lambda g: _arr(g).astype(np.float16), OK if dtype == "real" else TE),
        "int dtype": (lambda g: _arr(g).astype(np.int64), strict),
        "bool dtype": (lambda g: _arr(g) > 0, strict),
        "empty": (lambda g: _arr(g)[:0], empty),
        "wrong ndim": (_wrong_ndim, wrong),
        "NaN": (lambda g: _with(g, np.nan), nan),
        "inf": (lambda g: _with(g, np.inf), inf),
        "huge": (_huge, huge),
    }
    return _merge(table, extra)


def labels(classes=None, *, length=True, **extra):
    """Integer class labels, in 0..classes-1 when ``classes`` is given."""
    table = {
        "None": (lambda g: None, TE),
        "str": (lambda g: "012", TE),
        "float labels": (lambda g: np.asarray(g, dtype=float), TE),
        "bool labels": (lambda g: np.asarray(g) > 0, TE),
        "complex labels": (lambda g: np.asarray(g) + 0j, TE),
        "negative": (lambda g: _set(g, -1), VE),
        "empty": (lambda g: np.asarray(g)[:0], VE),
        "2-D": (lambda g: np.asarray(g)[:, None], VE),
    }
    if classes is not None:
        table["out of range"] = (lambda g: _set(g, classes), VE)
    if length:
        table["wrong length"] = (lambda g: np.asarray(g)[:-1], VE)
    return _merge(table, extra)


def _set(g, value):
    bad = np.array(g)
    bad[0] = value
    return bad


def number(*refuse, **extra):
    """A real number; ``refuse`` are values outside its domain (ValueError)."""
    table = {
        "None": (lambda g: None, TE),
        "str": (lambda g: "1", TE),
        "bool": (lambda g: True, TE),
        "complex": (lambda g: 1j, TE),
        "array": (lambda g: np.ones(2), TE),
        "NaN": (lambda g: float("nan"), VE),
        "inf": (lambda g: float("inf"), VE),
    }
    table.update({repr(v): (lambda g, v=v: v, VE) for v in refuse})
    return _merge(table, extra)


def integer(*refuse, **extra):
    """An int; ``refuse`` are values outside its domain (ValueError)."""
    table = {
        "None": (lambda g: None, TE),
        "str": (lambda g: "3", TE),
        "float": (lambda g: 3.0, TE),
        "bool": (lambda g: True, TE),
    }
    table.update({repr(v): (lambda g, v=v: v, VE) for v in refuse})
    return _merge(table, extra)


def flag(**extra):
    return _merge({"int 1": (lambda g: 1, TE), "str": (lambda g: "no", TE),
                   "None": (lambda g: None, TE)}, extra)


def rng(**extra):
    return _merge({"str": (lambda g: "seed", TE), "float": (lambda g: 1.5, TE),
                   "bool": (lambda g: True, TE), "list": (lambda g: [1], TE)}, extra)


def function(**extra):
    return _merge({"None": (lambda g: None, TE), "int": (lambda g: 3, TE),
                   "str": (lambda g: "f", TE)}, extra)


def choice(**extra):
    return _merge({"unknown": (lambda g: "nope", VE), "int": (lambda g: 3, ERR),
                   "None": (lambda g: None, ERR)}, extra)


def pair(*refuse, **extra):
    """An int or a pair of ints (cell sizes, patch sizes)."""
    table = {"None": (lambda g: None, TE), "str": (lambda g: "ab", TE),
             "triple": (lambda g: (2, 2, 2), TE), "float": (lambda g: (2.0, 2), TE)}
    table.update({repr(v): (lambda g, v=v: v, VE) for v in refuse})
    return _merge(table, extra)


def string(**extra):
    return _merge({"int": (lambda g: 3, TE), "bytes": (lambda g: b"x", TE)}, extra)


def custom(**extra):
    return _merge({}, extra)


def _merge(table, extra):
    """Add or override cases: ``label=(make, outcome)``, or ``label=outcome`` (same value);
    ``none=`` is the label "None", ``bool_dtype=`` the label "bool dtype"."""
    for label, case in extra.items():
        label = "None" if label == "none" else label.replace("_", " ")
        if not isinstance(case, tuple):
            case = (table[label][0] if label in table else value(None), case)
        table[label] = case
    return table


def value(v):
    """A bad value given as is."""
    return lambda g: v


def fresh(factory):
    """A bad value made anew for each case (a Tensor, a model: objects a call may change)."""
    return lambda g: factory()


# =============================================================================================
# Good arguments
# =============================================================================================

def F(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape)


def P(*shape, grad=True):
    """A parameter (with a gradient)."""
    p = Tensor(F(*shape), requires_grad=True)
    if grad:
        p.grad = F(*shape, seed=1)
    return p


Y6 = np.array([0, 1, 2, 0, 1, 2])


def images(n=2, size=16, colour=False, seed=0):
    shape = (n, size, size, 3) if colour else (n, size, size)
    return np.random.default_rng(seed).integers(0, 256, shape).astype(np.uint8)


def sgd(*params):
    return optim.SGD(list(params) or [P(2)], lr=0.1)


def fitted_standardizer():
    return datasets.Standardizer().fit(F(6, 3))


def bovw(fit=True):
    b = features.BagOfVisualWords(k=3, patch_size=4, stride=4, n_init=1, max_iter=5)
    return b.fit(images(4)) if fit else b


def trajectory():
    return {"SGD": landscapes.run(optim.SGD, landscapes.Valley(), steps=3, lr=0.1)}


_ANIMATION = []


def animation():
    """One small animation, made once and kept (matplotlib warns when an animation is
    collected without ever being rendered, as the reference arguments' would be)."""
    if not _ANIMATION:
        _ANIMATION.append(viz.animate_trajectories(landscapes.Valley(), trajectory(), frames=2,
                                                   resolution=8, figsize=(2, 2), dpi=20))
    return _ANIMATION[0]


def graph():
    x = Tensor(2.0, requires_grad=True, name="x")
    f = x * x
    f.backward()
    return f


_CIFAR = {}


def cifar_folder(label_names=tuple("abcdefghij"), corrupt=False):
    """A tiny CIFAR-10 folder: batches.meta, data_batch_1 and test_batch of 2 images each."""
    key = (label_names, corrupt)
    if key not in _CIFAR:
        root = Path(tempfile.mkdtemp(prefix="minidl-cifar-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        folder = root / "cifar-10-batches-py"
        folder.mkdir()
        with open(folder / "batches.meta", "wb") as fh:
            pickle.dump({"label_names": list(label_names)}, fh, protocol=2)
        for name in ("data_batch_1", "test_batch"):
            with open(folder / name, "wb") as fh:
                if corrupt:
                    fh.write(b"not a pickle")
                else:
                    pickle.dump({"data": np.zeros((2, 3072), np.uint8), "labels": [0, 1]}, fh,
                                protocol=2)
        _CIFAR[key] = str(root)
    return _CIFAR[key]


def fake_cifar(n=60, m=20):
    g = np.random.default_rng(0)
    return datasets.CIFAR10(g.integers(0, 256, (n, 32, 32, 3), dtype=np.uint8),
                            g.integers(0, 10, n), g.integers(0, 256, (m, 32, 32, 3),
                                                             dtype=np.uint8),
                            g.integers(0, 10, m), list("abcdefghij"))


def cli(argv):
    """``main(argv)``: its exit status and what it wrote to standard error."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            status = experiments.main(argv)
        except SystemExit as stop:
            status = stop.code
    return status, err.getvalue()


def _one_line(status, *words, absent=()):
    """``cli``'s result: exit ``status`` after one line on standard error, no traceback."""
    def check(result, kw, ref):
        code, err = result
        assert code == status and err.count("\n") == 1 and "Traceback" not in err, err
        assert all(w in err for w in words) and not any(w in err for w in absent), err
    return check


# =============================================================================================
# Documented results (checks used by several entries)
# =============================================================================================

def _unchanged(arg):
    """After an error: the caller's array (or the Tensor's data) holds its values again."""
    def then(kw, ref):
        got, want = kw[arg], ref[arg]
        if isinstance(got, (tuple, list)):
            got, want = got[0], want[0]
        np.testing.assert_array_equal(_arr(got), _arr(want))
    return then


def _empty_result(result, kw, ref):
    assert all(a.size == 0 for a in _numbers(result))


def _kmeans_of_huge(result, kw, ref):
    centers, labels_, inertia = result
    good = features.kmeans(**ref)
    np.testing.assert_array_equal(labels_, good[1])           # the same clusters
    np.testing.assert_array_equal(centers, good[0] * HUGE)    # exact: HUGE is a power of 2
    assert inertia == np.inf                                  # about 1e600: beyond float64


def _hog_of_huge(result, kw, ref):
    # HOG is scale-invariant but for eps = 1e-5 in the block norms, negligible for a huge
    # image: an L2 norm sqrt(|v|^2 + eps^2) differs from |v| by eps^2 / (2 |v|) < 1e-10 for
    # the good image's blocks (|v| > 1 with 0..255 pixels), plus round-off (7e-16 seen);
    # 1e-9 is a 10x margin over the first.
    np.testing.assert_allclose(result, features.hog(**ref), rtol=0, atol=1e-9)


def _copy_not_view(result, kw, ref):
    assert result.flags.writeable and not np.shares_memory(result, kw["images"])
    result[...] = 0
    np.testing.assert_array_equal(kw["images"], ref["images"])


# =============================================================================================
# The catalogue: name -> (good arguments, argument kinds)
# =============================================================================================

@dataclass
class Entry:
    call: object
    make: object            # () -> dict of good arguments, fresh on every call
    args: dict              # argument -> {label: (make bad from good, outcome)}
    good: object = OK       # what the good call gives
    run_good: bool = True   # False where the good call downloads, or trains for seconds


CATALOGUE = {}


def entry(key, call, make=dict, /, *, good=OK, run_good=True, **args):
    CATALOGUE[key] = Entry(call, make, args, good, run_good)


def method(cls, name):
    """The public method ``cls.name`` called with keyword arguments (``self`` included)."""
    def call(self, **kw):
        return getattr(self, name)(**kw)
    return call


# -- engine and tensor ------------------------------------------------------------------------

TENSOR_ONLY = custom(none=(value(None), TE), array=(value(np.ones(2)), TE),
                     str=(value("x"), TE))
TENSOR_DATA = array(empty=returns("an empty tensor"), wrong=OK, nan=OK, inf=OK, huge=OK,
                    float16=TE)
AXIS = custom(**{"str '1'": (value("1"), TE), "float": (value(1.0), TE),
                 "bool": (value(True), TE), "list of str": (value(["0"]), TE),
                 "out of range": (value(5), VE), "repeated": (value((0, 0)), VE)})

entry("minidl.engine.Node", engine.Node, lambda: dict(data=F(2, 3), requires_grad=False,
                                                      name=None),
      data=TENSOR_DATA, requires_grad=flag(), name=string(none=OK))
entry("minidl.tensor.Tensor", Tensor, lambda: dict(data=F(2, 3), requires_grad=True,
                                                   name="w"),
      data=TENSOR_DATA, requires_grad=flag(), name=string(none=OK))
entry("minidl.engine.topological_order", engine.topological_order,
      lambda: dict(root=graph()), root=TENSOR_ONLY)
entry("minidl.engine.report_kink", engine.report_kink, lambda: dict(side=lambda: True),
      side=function())
entry("minidl.engine.Node.backward", method(engine.Node, "backward"),
      lambda: dict(self=(Tensor(F(3), requires_grad=True) * 2.0), grad=F(3)),
      self=custom(**{"no requires_grad": (lambda g: Tensor(F(3)),
                                          raises(RuntimeError, named="backward"))}),
      grad=array(float16=OK, wrong=VE, empty=VE, none=VE,
                 nan=returns("propagated into the gradients"),
                 inf=returns("propagated into the gradients")))
entry("minidl.engine.Node.__bool__", lambda self: bool(self), lambda: dict(self=Tensor([0.0])),
      good=returns("False: the value of the one element", lambda r, kw, ref: r is False),
      self=custom(**{"two elements": (lambda g: Tensor([0.0, 1.0]),
                                      raises(ValueError, named="bool"))}))
entry("minidl.engine.Node.__len__", lambda self: len(self), lambda: dict(self=Tensor(F(3))),
      self=custom(**{"0-d": (lambda g: Tensor(1.0), raises(TypeError, named="len"))}))
entry("minidl.engine.Node.item", method(engine.Node, "item"), lambda: dict(self=Tensor([2.0])),
      self=custom(**{"two elements": (lambda g: Tensor(F(2)), raises(ValueError, named="item"))}))
for op in ("__add__", "__sub__", "__mul__", "__truediv__", "__matmul__", "maximum"):
    entry(f"minidl.tensor.Tensor.{op}", method(Tensor, op),
          lambda: dict(self=Tensor(F(2, 2), requires_grad=True), other=np.abs(F(2, 2)) + 1),
          other=array(float16=OK, empty=VE, nan=NUMPY, huge=FINITE,
                      inf=returns("x / inf = 0, as in NumPy") if op == "__truediv__" else NUMPY,
                      **{"shape mismatch": (value(np.ones((3, 5))), VE)}))
entry("minidl.tensor.Tensor.__pow__", method(Tensor, "__pow__"),
      lambda: dict(self=Tensor(np.abs(F(3)) + 1), other=2.0),
      other=custom(none=(value(None), raises(TypeError, named="exponent")),
                   str=(value("2"), raises(TypeError, named="exponent")),
                   complex=(value(2j), raises(TypeError, named="exponent"))))
entry("minidl.tensor.Tensor.__getitem__", method(Tensor, "__getitem__"),
      lambda: dict(self=Tensor(F(3, 2)), index=0),
      index=custom(str=(value("a"), raises(IndexError)), float=(value(1.5), raises(IndexError)),
                   **{"out of range": (value(7), raises(IndexError))}))
for red in ("sum", "mean", "max"):
    empty_self = VE if red != "sum" else returns("0.0, the sum of nothing",
                                                 lambda r, kw, ref: np.all(r.data == 0.0))
    entry(f"minidl.tensor.Tensor.{red}", method(Tensor, red),
          lambda: dict(self=Tensor(F(2, 3)), axis=0, keepdims=False),
          self=custom(**{"empty": (lambda g: Tensor(np.empty((0, 3))), empty_self)}),
          axis=AXIS, keepdims=flag())
entry("minidl.tensor.Tensor.reshape", lambda self, shape: self.reshape(*shape),
      lambda: dict(self=Tensor(F(2, 3)), shape=(3, 2)),
      shape=custom(str=(value(("3", "2")), raises(TypeError, named="shape")),
                   float=(value((3.0, 2)), raises(TypeError, named="shape")),
                   **{"wrong size": (value((4, 2)), raises(ValueError, named="shape"))}))
entry("minidl.tensor.Tensor.transpose", lambda self, axes: self.transpose(*axes),
      lambda: dict(self=Tensor(F(2, 3)), axes=(1, 0)),
      axes=custom(str=(value(("1", "0")), raises(TypeError, named="axes")),
                  repeated=(value((0, 0)), raises(ValueError, named="axes")),
                  **{"out of range": (value((0, 5)), raises(ValueError, named="axes"))}))

# -- functional and layers ----------------------------------------------------------------

SCORES = array("tensor", nan=VE, inf=VE)               # losses refuse non-finite scores
AXIS1 = custom(none=(value(None), TE), tuple=(value((0, 1)), TE), str=(value("1"), TE),
               **{"out of range": (value(2), VE)})

for name in ("softmax", "log_softmax"):
    entry(f"minidl.functional.{name}", getattr(functional, name),
          lambda: dict(x=F(3, 4), axis=-1),
          x=array("tensor", nan=NUMPY, inf=NUMPY, wrong=OK,
                  empty=returns("an empty batch: an empty result", _empty_result),
                  **{"(3, 0): nothing to normalise": (value(np.ones((3, 0))), VE)}),
          axis=AXIS1)
entry("minidl.functional.cross_entropy", functional.cross_entropy,
      lambda: dict(logits=F(6, 3), labels=Y6), logits=SCORES, labels=labels(3))
entry("minidl.functional.svm_loss", functional.svm_loss,
      lambda: dict(scores=F(6, 3), labels=Y6, margin=1.0),
      scores=SCORES, labels=labels(3), margin=number(-1.0))
entry("minidl.functional.l2", functional.l2, lambda: dict(params=[P(2, 2), P(3)]),
      params=custom(none=(value(None), TE), str=(value("w"), TE),
                    **{"empty list": (value([]), VE), "an array": (value([np.ones(2)]), TE)}))

CACHE = custom(none=(value(None), TE), list=(lambda g: list(g), TE),
               **{"tuple of ints": (lambda g: tuple(range(len(g))), TE),
                  "tuple of str": (lambda g: ("ab",) * len(g), TE),
                  "too short": (lambda g: g[:-1] or (), TE)})
entry("minidl.layers.affine_forward", layers.affine_forward,
      lambda: dict(x=F(3, 4), w=F(4, 2), b=F(2)),
      x=array("float", nan=NUMPY, inf=NUMPY, **{"4 columns for 5 rows of w": (
          value(np.ones((3, 5))), raises(ValueError, named="w"))}),
      w=array("float", nan=NUMPY, inf=NUMPY), b=array("float", nan=NUMPY, inf=NUMPY))
entry("minidl.layers.affine_backward", layers.affine_backward,
      lambda: dict(dout=F(3, 2), cache=(F(3, 4), F(4, 2), F(2))),
      dout=array(float16=OK, nan=NUMPY, inf=NUMPY), cache=CACHE)
for name in ("relu", "sigmoid"):
    forward = getattr(layers, f"{name}_forward")
    entry(f"minidl.layers.{name}_forward", forward, lambda: dict(x=F(3, 4)),
          x=array("float", empty=returns("an empty result", _empty_result), wrong=OK,
                  nan=NUMPY, inf=NUMPY if name == "relu" else returns("sigmoid(inf) = 1")))
    entry(f"minidl.layers.{name}_backward", getattr(layers, f"{name}_backward"),
          lambda forward=forward: dict(dout=F(3, 4), cache=forward(F(3, 4))[1]),
          dout=array(float16=OK, empty=VE, nan=NUMPY, inf=NUMPY), cache=CACHE)
entry("minidl.layers.softmax_loss", layers.softmax_loss, lambda: dict(scores=F(6, 3), y=Y6),
      scores=array("float", nan=VE, inf=VE), y=labels(3))
entry("minidl.layers.svm_loss", layers.svm_loss, lambda: dict(scores=F(6, 3), y=Y6, margin=1.0),
      scores=array("float", nan=VE, inf=VE), y=labels(3), margin=number(-1.0))

# -- nn -------------------------------------------------------------------------------------

INPUT = array("tensor", nan=NUMPY, inf=NUMPY, wrong=OK,
              empty=returns("an empty output", _empty_result))
entry("minidl.nn.Module.forward", method(nn.Module, "forward"), lambda: dict(self=nn.Module()),
      good=raises(NotImplementedError, match="Module must implement forward"))
entry("minidl.nn.Linear", nn.Linear,
      lambda: dict(in_features=3, out_features=2, rng=0, dtype=np.float64, bias=True,
                   weight_scale=None),
      in_features=integer(0), out_features=integer(0), rng=rng(),
      dtype=custom(int=(value(np.int64), TE), float16=(value(np.float16), TE),
                   str=(value("abc"), TE), none=(value(None), TE)),
      bias=flag(**{"str 'no'": (value("no"), TE)}), weight_scale=number(-1.0, 0.0, none=OK))
entry("minidl.nn.Linear.forward", method(nn.Linear, "forward"),
      lambda: dict(self=nn.Linear(3, 2), x=F(4, 3)),
      x=array("tensor", nan=NUMPY, inf=NUMPY,
              empty=returns("an empty batch: (0, M)", _empty_result),
              **{"3 columns for 4 inputs": (value(np.ones((4, 4))), VE)}))
for cls in (nn.ReLU, nn.Sigmoid, nn.Tanh, nn.Sequential):
    entry(f"minidl.nn.{cls.__name__}.forward", method(cls, "forward"),
          lambda cls=cls: dict(self=cls(nn.ReLU()) if cls is nn.Sequential else cls(),
                               x=F(2, 3)),
          x=_merge(dict(INPUT), {"inf": NUMPY if cls is nn.ReLU else
                                 returns("the activation's limit at infinity")}))
entry("minidl.nn.Sequential", lambda modules: nn.Sequential(*modules),
      lambda: dict(modules=[nn.Linear(2, 2), nn.ReLU()]),
      modules=custom(**{"a function": (value([lambda x: x]), raises(TypeError, named="modules")),
                        "None": (value([None]), raises(TypeError, named="modules"))}))

# -- gradcheck ------------------------------------------------------------------------------

def _boom_after(n):
    """A function that raises on its n-th call (partway through the differences)."""
    calls = []

    def f(*args):
        calls.append(1)
        if len(calls) == n:
            raise ArithmeticError("boom")
        return (args[0] * args[0]).sum() if isinstance(args[0], Tensor) else np.sum(args[0] ** 2)
    return f


def _read_only(g):
    bad = np.array(g)
    bad.flags.writeable = False
    return bad


entry("minidl.gradcheck.numerical_gradient", gradcheck.numerical_gradient,
      lambda: dict(f=lambda v: np.sum(v ** 2), x=F(3), h=1e-5, df=None),
      f=function(**{"raises partway": (lambda g: _boom_after(3), raises(
                       ArithmeticError, match="boom", then=_unchanged("x"))),
                    "returns a str": (value(lambda v: "x"), raises(TypeError, named="f")),
                    "returns an array without df": (value(lambda v: v * 2),
                                                     raises(ValueError, named="f"))}),
      x=array("float", wrong=OK, huge=NUMPY, **{
          "a list": (lambda g: list(g), TE), "read-only": (_read_only, VE),
          "float32 of 1000 (h below its spacing)": (
              lambda g: np.full(3, 1e3, np.float32),
              returns("0: the step is lost in rounding, as documented",
                      lambda r, kw, ref: np.testing.assert_array_equal(r, 0.0)))}),
      h=number(-1e-5, 0.0), df=custom(**{"for a number": (value(np.ones(2)), VE)}))
entry("minidl.gradcheck.numerical_gradient [f returns an array]", gradcheck.numerical_gradient,
      lambda: dict(f=lambda v: v, x=np.array([1.0, 2.0]), df=np.ones(2)),
      # round-off of a centred difference: about eps |x| / h = 4e-11; 1e-9 is a 20x margin
      good=returns("identity: ones, though f returns x itself",
                   lambda r, kw, ref: np.testing.assert_allclose(r, [1.0, 1.0], atol=1e-9)),
      df=array(float16=OK, empty=VE, nan=NUMPY, inf=NUMPY, huge=FINITE,
               none=raises(ValueError, named="f"), **{"wrong shape": (value(np.ones(1)), VE)}))
entry("minidl.gradcheck.relative_error", gradcheck.relative_error,
      lambda: dict(a=F(3), b=F(3, seed=1), eps=1e-8),
      a=array(empty=raises(ValueError, named="b"), wrong=raises(ValueError, named="b"),
              nan=NUMPY, inf=NUMPY),
      b=array(empty=VE, wrong=VE, nan=NUMPY, inf=NUMPY), eps=number(-1.0, 0.0))
entry("minidl.gradcheck.relative_error [empty]", gradcheck.relative_error,
      lambda: dict(a=np.ones(0), b=np.ones(0)),
      good=returns("0.0: nothing disagrees", lambda r, kw, ref: r == 0.0))
entry("minidl.gradcheck.error_floor", gradcheck.error_floor,
      lambda: dict(f_value=2.3, h=1e-5, tol=1e-6),
      f_value=number(), h=number(-1.0, 0.0), tol=number(-1.0, 0.0))


def _checked(**kw):
    return gradcheck.gradcheck(kw.pop("f"), *kw.pop("tensors"), **kw)


def _float16_param(g):
    t = Tensor(F(2), requires_grad=True)
    t.data = np.ones(2, dtype=np.float16)      # refused at construction; assigned afterwards
    return (t,)


entry("minidl.gradcheck.gradcheck", _checked,
      lambda: dict(f=lambda t: (t * t).sum(), tensors=(Tensor(F(3), requires_grad=True),),
                   h=1e-5, tol=1e-6, k=None, rng=None, eps=None),
      f=function(**{"raises partway": (lambda g: _boom_after(3), raises(
                       ArithmeticError, match="boom", then=_unchanged("tensors"))),
                    "returns an array": (value(lambda t: t.data), raises(ValueError, named="f"))}),
      tensors=custom(**{"none": (value(()), VE), "an array": (value((np.ones(2),)), TE),
                        "no element (the issue's passed=True)": (
                            fresh(lambda: (Tensor(np.zeros(0), requires_grad=True),)), VE),
                        "NaN": (fresh(lambda: (Tensor([np.nan], requires_grad=True),)), VE),
                        "no requires_grad": (fresh(lambda: (Tensor(F(2)),)), VE),
                        "float16 data": (_float16_param, TE)}),
      h=number(-1.0, 0.0), tol=number(-1.0, 0.0), k=integer(0, none=OK), rng=rng(),
      eps=number(-1.0, 0.0, none=OK))


# -- optim ----------------------------------------------------------------------------------

def _with_grad(grad):
    p = P(2)
    p.grad = grad
    return optim.SGD([p], lr=0.1)


PARAMS = custom(none=(value(None), TE), str=(value("w"), TE),
                **{"one Tensor": (fresh(lambda: P(2)), TE), "empty list": (value([]), VE),
                   "an array": (value([np.ones(2)]), raises(TypeError, named="params")),
                   "no requires_grad": (fresh(lambda: [Tensor(F(2))]),
                                        raises(ValueError, named="params")),
                   "twice the same": (lambda g: [g[0], g[0]], raises(ValueError, named="params"))})
LR = number(-1.0, 0.0)
UNIT = number(-0.1, 1.0)                        # in [0, 1)
DECAY = number(-1.0)                            # >= 0
BETAS = custom(none=(value(None), TE), str=(value("ab"), TE), **{
    "one number": (value(0.9), TE), "beta1 = 1": (value((1.0, 0.999)),
                                                  raises(ValueError, named="betas")),
    "NaN": (value((float("nan"), 0.999)), raises(ValueError, named="betas"))})

entry("minidl.optim.optimizers.Optimizer", optim.Optimizer,
      lambda: dict(params=[P(2)], lr=0.1), params=PARAMS, lr=LR)
entry("minidl.optim.optimizers.Optimizer.step", method(optim.Optimizer, "step"),
      lambda: dict(self=_with_grad(F(2))),
      self=custom(**{
          "complex grad": (fresh(lambda: _with_grad(F(2) + 1j)), raises(TypeError, named="params")),
          "grad a str": (fresh(lambda: _with_grad("ab")), raises(TypeError, named="params")),
          "grad of another shape": (fresh(lambda: _with_grad(F(3))),
                                    raises(ValueError, named="params")),
          "NaN grad": (fresh(lambda: _with_grad(np.array([np.nan, 1.0]))),
                       returns("propagated into the parameter, as documented")),
          "the base class": (fresh(lambda: optim.Optimizer([P(2)], lr=0.1)),
                             raises(NotImplementedError, match="Optimizer._update: expected"))}))
entry("minidl.optim.optimizers.Optimizer.zero_grad", method(optim.Optimizer, "zero_grad"),
      lambda: dict(self=sgd(P(2)), set_to_none=True), set_to_none=flag())
entry("minidl.optim.optimizers.Optimizer.lr", lambda self, lr: setattr(self, "lr", lr),
      lambda: dict(self=sgd(), lr=0.0), lr=number(-1.0))
entry("minidl.optim.optimizers.SGD", optim.SGD,
      lambda: dict(params=[P(2)], lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0,
                   nesterov=True),
      params=PARAMS, lr=LR, momentum=number(-0.1, 1.0, **{"0 with nesterov": (
          value(0.0), raises(ValueError, named="nesterov"))}),
      dampening=number(-0.1, 1.1, **{"0.5 with nesterov": (
          value(0.5), raises(ValueError, named="nesterov"))}),
      weight_decay=DECAY, nesterov=flag())
entry("minidl.optim.optimizers.Adagrad", optim.Adagrad,
      lambda: dict(params=[P(2)], lr=0.1, lr_decay=0.0, weight_decay=0.0,
                   initial_accumulator_value=0.0, eps=1e-10),
      params=PARAMS, lr=LR, lr_decay=DECAY, weight_decay=DECAY,
      initial_accumulator_value=DECAY, eps=number(-1.0, 0.0))
entry("minidl.optim.optimizers.RMSprop", optim.RMSprop,
      lambda: dict(params=[P(2)], lr=0.1, alpha=0.99, eps=1e-8, weight_decay=0.0,
                   momentum=0.0, centered=False),
      params=PARAMS, lr=LR, alpha=UNIT, eps=number(-1.0, 0.0), weight_decay=DECAY,
      momentum=UNIT, centered=flag())
for cls in (optim.Adam, optim.AdamW):
    entry(f"minidl.optim.optimizers.{cls.__name__}", cls,
          lambda: dict(params=[P(2)], lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                       amsgrad=False),
          params=PARAMS, lr=LR, betas=BETAS, eps=number(-1.0, 0.0), weight_decay=DECAY,
          amsgrad=flag())

OPTIMIZER = custom(none=(value(None), TE), **{"a list": (fresh(lambda: [P(2)]), TE)})
entry("minidl.optim.schedules.LRScheduler", optim.LRScheduler, lambda: dict(optimizer=sgd()),
      good=raises(NotImplementedError, match="LRScheduler._lr_at: expected"),
      optimizer=OPTIMIZER)
entry("minidl.optim.schedules.LRScheduler.lr_at", method(optim.LRScheduler, "lr_at"),
      lambda: dict(self=optim.StepLR(sgd(), step_size=2), epoch=3), epoch=integer(-1))
entry("minidl.optim.schedules.LRScheduler.step [a growing rate]",
      lambda self: [self.step() for _ in range(400)],
      lambda: dict(self=optim.ExponentialLR(sgd(), gamma=10.0)),
      good=raises(ValueError, named="gamma", then=lambda kw, ref: kw["self"].optimizer.lr > 0))
entry("minidl.optim.schedules.StepLR", optim.StepLR,
      lambda: dict(optimizer=sgd(), step_size=2, gamma=0.5),
      optimizer=OPTIMIZER, step_size=integer(0), gamma=number(-1.0, 0.0))
entry("minidl.optim.schedules.ExponentialLR", optim.ExponentialLR,
      lambda: dict(optimizer=sgd(), gamma=0.5), optimizer=OPTIMIZER, gamma=number(-1.0, 0.0))
entry("minidl.optim.schedules.CosineAnnealingLR", optim.CosineAnnealingLR,
      lambda: dict(optimizer=sgd(), T_max=4, eta_min=0.0),
      optimizer=OPTIMIZER, T_max=integer(0), eta_min=number(-1.0))
entry("minidl.optim.schedules.LinearLR", optim.LinearLR,
      lambda: dict(optimizer=sgd(), start_factor=0.5, end_factor=1.0, total_iters=3),
      optimizer=OPTIMIZER, start_factor=number(0.0, 1.5), end_factor=number(-0.1, 1.5),
      total_iters=integer(0))


def _two_schedules():
    opt = sgd()
    return dict(optimizer=opt, schedulers=[optim.LinearLR(opt, total_iters=2),
                                           optim.ExponentialLR(opt, gamma=0.9)], milestones=[2])


entry("minidl.optim.schedules.SequentialLR", optim.SequentialLR, _two_schedules,
      optimizer=custom(none=(value(None), TE), **{"another optimizer": (
          fresh(sgd), raises(ValueError, named="schedulers"))}),
      schedulers=custom(none=(value(None), TE), **{"empty": (value([]), TE), "a str": (
          value(["s", "t"]), raises(TypeError, named="schedulers"))}),
      milestones=custom(none=(value(None), TE), **{
          "too many": (value([1, 2]), VE), "zero": (value([0]), raises(ValueError,
                                                                       named="milestones")),
          "a float": (value([1.5]), raises(TypeError, named="milestones"))}))


def _loss(W):
    return float(np.sum(W ** 2))


LOSS_FN = function(**{"returns NaN": (value(lambda W: float("nan")),
                                      raises(ValueError, named="loss_fn")),
                      "returns a str": (value(lambda W: "x"), raises(TypeError, named="loss_fn"))})
entry("minidl.optim.search.random_search", optim.random_search,
      lambda: dict(loss_fn=_loss, shape=(2, 2), n_tries=3, scale=1.0, rng=0),
      loss_fn=LOSS_FN, n_tries=integer(0), scale=number(-1.0, 0.0), rng=rng(),
      shape=custom(none=(value(None), TE), str=(value("ab"), TE),
                   **{"a zero": (value((0, 2)), raises(ValueError, named="shape")),
                      "a float": (value((2.0,)), raises(TypeError, named="shape"))}))
entry("minidl.optim.search.random_local_search", optim.random_local_search,
      lambda: dict(loss_fn=_loss, W0=F(2, 2), n_steps=3, step_size=0.1, rng=0),
      loss_fn=LOSS_FN, W0=array(wrong=OK, huge=raises(ValueError, named="loss_fn")),
      n_steps=integer(0), step_size=number(-1.0, 0.0), rng=rng())

# -- landscapes -----------------------------------------------------------------------------

POINTS = array(wrong=VE, nan=NUMPY, inf=NUMPY, **{
    "3 coordinates": (value(np.ones(3)), VE)})
entry("minidl.landscapes.Landscape.__call__", method(landscapes.Landscape, "__call__"),
      lambda: dict(self=landscapes.Valley(), p=F(4, 2)),
      self=custom(**{"the base class": (fresh(landscapes.Landscape),
                                        raises(NotImplementedError, match="_value: expected"))}),
      p=_merge(dict(POINTS), {"huge": returns("inf where the value exceeds float64",
                                              _some_nonfinite, warns=True)}))
entry("minidl.landscapes.Landscape.gradient", method(landscapes.Landscape, "gradient"),
      lambda: dict(self=landscapes.Valley(), p=F(4, 2)),
      self=custom(**{"the base class": (fresh(landscapes.Landscape),
                                        raises(NotImplementedError, match="_value|_gradient"))}),
      p=POINTS)
entry("minidl.landscapes.Landscape.grid", method(landscapes.Landscape, "grid"),
      lambda: dict(self=landscapes.Rosenbrock(), resolution=5), resolution=integer(1))
entry("minidl.landscapes.Valley", landscapes.Valley, lambda: dict(curvature=(1.0, 2.0)),
      curvature=array(wrong=VE, nan=VE, inf=VE, huge=OK, **{
                          "negative": (value((1.0, -1.0)), VE), "three": (value((1, 2, 3)), VE)}))
entry("minidl.landscapes.Rosenbrock", landscapes.Rosenbrock, lambda: dict(a=1.0, b=100.0),
      a=number(-1.0, 0.0), b=number(-1.0, 0.0))


def _run(optimizer_cls, landscape, start, steps, lr):
    return landscapes.run(optimizer_cls, landscape, start, steps, lr=lr)


entry("minidl.landscapes.run", _run,
      lambda: dict(optimizer_cls=optim.SGD, landscape=landscapes.Valley(), start=F(2),
                   steps=3, lr=0.1),
      optimizer_cls=custom(none=(value(None), TE), **{
          "an optimizer, not its class": (fresh(sgd), TE), "print": (value(print), TE)}),
      landscape=custom(none=(value(None), TE), **{"a function": (value(np.sum), TE)}),
      start=array(empty=VE, none=returns("the landscape's start"),
                  **{"a path": (value(np.ones((3, 2))), VE)}),
      steps=integer(-1, **{"0": (value(0), OK)}), lr=LR)

# -- datasets -------------------------------------------------------------------------------

X_IMAGES = array(nan=OK, inf=OK, huge=OK)          # splits and batches: NaN is data like any
entry("minidl.datasets.shapes.make_shapes", datasets.make_shapes,
      lambda: dict(n=6, size=16, noise=0.03, rng=0),
      n=integer(0), size=integer(15), noise=number(-0.1, 1.0), rng=rng())
entry("minidl.datasets.cifar10.load_cifar10", datasets.load_cifar10,
      lambda: dict(root=cifar_folder(), download=False),
      root=custom(none=(value(None), TE), int=(value(3), TE), **{
          "a missing folder": (value("/nonexistent/cifar"),
                               raises(FileNotFoundError, match="^root: .*download=True")),
          "3 label names (the issue's)": (fresh(lambda: cifar_folder(("a", "b", "c"))),
                                          raises(ValueError, match="batches.meta: expected "
                                                 "'label_names' as a list of 10 strings")),
          "a corrupt batch": (fresh(lambda: cifar_folder(corrupt=True)),
                              raises(ValueError, match="data_batch_1: not a"))}),
      download=flag())
entry("minidl.datasets.cifar10.download_cifar10", datasets.download_cifar10,
      lambda: dict(root="/nonexistent", url=datasets.CIFAR10_URL, md5=datasets.CIFAR10_MD5,
                   progress=False), run_good=False,    # the good call downloads 163 MB
      root=custom(none=(value(None), TE)), url=custom(none=(value(None), TE)),
      md5=custom(none=(value(None), TE), int=(value(3), TE),
                 **{"short": (value("abc"), VE), "not hexadecimal": (value("z" * 32), VE)}),
      progress=flag())
entry("minidl.datasets.preprocessing.train_val_split", datasets.train_val_split,
      lambda: dict(X=F(6, 2), y=Y6, val_size=2, shuffle=True, rng=0),
      X=X_IMAGES, y=labels(), shuffle=flag(), rng=rng(),
      val_size=integer(0, 6, float=VE, **{"0.0": (value(0.0), VE), "1.0": (value(1.0), VE),
                                "NaN": (value(float("nan")), VE)}))
entry("minidl.datasets.preprocessing.minibatches", datasets.minibatches,
      lambda: dict(X=F(6, 2), y=Y6, batch_size=4, shuffle=True, drop_last=False, rng=0),
      X=_merge(dict(X_IMAGES), {"wrong ndim": raises(ValueError, named="y"),
                                "0-d": (value(np.float64(1.0)), VE)}),
      y=labels(), batch_size=integer(0, **{"7, above N": (value(7), OK)}),
      shuffle=flag(), drop_last=flag(), rng=rng())
entry("minidl.datasets.preprocessing.flatten_images", datasets.flatten_images,
      lambda: dict(images=images(), dtype=np.float32),
      images=array(nan=OK, inf=OK, huge=VE),
      dtype=custom(int=(value(np.int64), TE), float16=(value(np.float16), TE),
                   str=(value("abc"), TE), none=(value(None), TE)))
entry("minidl.datasets.preprocessing.add_bias_dimension", datasets.add_bias_dimension,
      lambda: dict(X=F(3, 2)), X=X_IMAGES)
entry("minidl.datasets.preprocessing.Standardizer", datasets.Standardizer,
      lambda: dict(scale=True, eps=1e-8), scale=flag(), eps=number(-1.0, 0.0))
entry("minidl.datasets.preprocessing.Standardizer.fit", method(datasets.Standardizer, "fit"),
      lambda: dict(self=datasets.Standardizer(), X=F(6, 3)),
      X=array(huge=returns("mean and standard deviation finite, exactly 2**996 times the "
                           "good ones", lambda r, kw, ref: np.testing.assert_array_equal(
                               r.std_, ref["self"].fit(ref["X"]).std_ * HUGE))))
entry("minidl.datasets.preprocessing.Standardizer.transform",
      method(datasets.Standardizer, "transform"),
      lambda: dict(self=fitted_standardizer(), X=F(2, 3)),
      self=custom(unfitted=(fresh(datasets.Standardizer),
                            raises(ValueError, named="Standardizer"))),
      X=array(huge=OK, **{"4 features for 3": (value(np.ones((2, 4))), VE)}))
entry("minidl.datasets.preprocessing.Standardizer.fit_transform",
      method(datasets.Standardizer, "fit_transform"),
      lambda: dict(self=datasets.Standardizer(), X=F(6, 3)),
      X=array(huge=returns("the same standardised values (the issue: zeros or -inf)",
                           lambda r, kw, ref: np.testing.assert_array_equal(
                               r, ref["self"].fit_transform(ref["X"])))))

# -- models ---------------------------------------------------------------------------------

W43, X64 = (lambda: F(4, 3)), (lambda: F(6, 4))
for name in ("svm_loss_naive", "svm_loss_vectorized", "softmax_loss_naive",
             "softmax_loss_vectorized"):
    extra = dict(margin=number(-1.0, 0.0)) if name.startswith("svm") else {}
    entry(f"minidl.models.losses.{name}", getattr(models, name),
          (lambda: dict(W=W43(), X=X64(), y=Y6, reg=0.0, margin=1.0)) if extra else
          (lambda: dict(W=W43(), X=X64(), y=Y6, reg=0.0)),
          W=array("float", **{"scores overflow": (lambda g: g * 1e308, VE)}),
          X=array(), y=labels(3), reg=number(-1.0), **extra)

MODEL_INPUT = array("tensor", nan=NUMPY, inf=NUMPY,
                    empty=returns("an empty batch: (0, C)", _empty_result),
                    **{"5 features for 4": (value(np.ones((2, 5))), VE)})
entry("minidl.models.linear.Classifier", lambda X: models.Classifier()(X),
      lambda: dict(X=F(2, 4)), good=raises(NotImplementedError, match="must implement forward"))
entry("minidl.models.linear.Classifier.predict", method(models.Classifier, "predict"),
      lambda: dict(self=models.LinearSVM(4, 3), X=F(2, 4)),
      X=array(**{"5 features for 4": (value(np.ones((2, 5))), VE)}))
for cls in (models.LinearClassifier, models.LinearSVM, models.SoftmaxClassifier):
    entry(f"minidl.models.linear.{cls.__name__}", cls,
          lambda: dict(num_features=4, num_classes=3, weight_scale=1e-3, rng=0),
          num_features=integer(0), num_classes=integer(1), weight_scale=number(-1.0, 0.0),
          rng=rng())
entry("minidl.models.linear.Classifier.forward", method(models.Classifier, "forward"),
      lambda: dict(self=models.LinearSVM(4, 3), X=F(2, 4)), X=MODEL_INPUT)
entry("minidl.models.two_layer.TwoLayerNet", models.TwoLayerNet,
      lambda: dict(input_size=4, hidden_size=5, num_classes=3, weight_scale=1e-3, rng=0),
      input_size=integer(0), hidden_size=integer(0), num_classes=integer(1),
      weight_scale=number(-1.0, 0.0), rng=rng())
entry("minidl.models.two_layer.TwoLayerNet.forward", method(models.TwoLayerNet, "forward"),
      lambda: dict(self=models.TwoLayerNet(4, 5, 3), X=F(2, 4)), X=MODEL_INPUT)
entry("minidl.models.training.History", models.History,
      lambda: dict(loss=[2.3], train_accuracy=[0.5], val_accuracy=[], lr=[0.1],
                   iterations_per_epoch=1),
      loss=custom(none=(value(None), TE), str=(value("abc"), TE), tuple=(value((1.0,)), TE)),
      iterations_per_epoch=integer(-1))
entry("minidl.models.training.accuracy", models.accuracy,
      lambda: dict(y_true=Y6, y_pred=Y6[::-1].copy()),
      y_true=labels(length=False, wrong_length=(lambda g: g[:-1], raises(ValueError,
                                                                         named="y_pred"))),
      y_pred=labels())


def _fit_args():
    model = models.SoftmaxClassifier(2, 3, rng=0)
    X = F(12, 2)
    return dict(model=model, loss_fn=functional.cross_entropy, X=X, y=np.arange(12) % 3,
                optimizer=optim.SGD(model.parameters(), lr=0.1), scheduler=None, epochs=2,
                iterations=None, batch_size=4, reg=0.0, X_val=X[:4], y_val=np.arange(4) % 3,
                drop_last=False, train_eval_size=10, rng=0, progress=False, stream=None)


def _infinite_slope(scores, y):
    """A finite loss whose gradient is NaN: d sqrt(u) / du is infinite at u = 0."""
    return functional.cross_entropy(scores, y) + (scores * 0.0).sum() ** 0.5


def _diverging(g):
    return optim.SGD(g.params, lr=1e308)


entry("minidl.models.training.fit [iterations]", models.fit,
      lambda: {**_fit_args(), "epochs": None, "iterations": 3},
      iterations=integer(0, none=returns("the default, 10 epochs")))
entry("minidl.models.training.fit", models.fit, _fit_args,
      model=custom(none=(value(None), TE), **{
          "a function": (value(np.sum), TE),
          "another model (the issue's: nothing trained)": (
              fresh(lambda: models.SoftmaxClassifier(2, 3)), raises(ValueError,
                                                                     named="optimizer"))}),
      loss_fn=function(**{"returns a float": (value(lambda s, y: 1.0),
                                              raises(TypeError, named="loss_fn")),
                          "an infinite slope": (value(_infinite_slope), raises(
                              FloatingPointError, named="loss_fn", match="gradient became"))}),
      X=array(huge=raises(FloatingPointError, named="lr", match=r"iteration \d+ \(epoch 1\)"),
              **{"3 features for 2": (value(np.ones((12, 3))), VE)}),
      y=labels(3),
      optimizer=custom(none=(value(None), TE), **{
          "another model's (the issue's)": (fresh(lambda: sgd(P(2, 3), P(3))), VE),
          "lr 1e308: training diverges": (_diverging, raises(
              FloatingPointError, named="lr", match=r"became .* at iteration \d+ \(epoch"))}),
      scheduler=custom(str=(value("s"), TE), **{"of another optimizer": (
          fresh(lambda: optim.StepLR(sgd(), step_size=1)), VE)}),
      epochs=integer(0, none=returns("the default, 10 epochs")),
      iterations=custom(**{"with epochs": (value(3), raises(ValueError, named="epochs"))}),
      batch_size=integer(0), reg=number(-1.0), train_eval_size=integer(0), rng=rng(),
      X_val=array(huge=OK, none=VE, **{
                              "3 features for 2": (value(np.ones((4, 3))), VE)}),
      y_val=labels(3, none=raises(ValueError, named="X_val"), **{
          "out of range (the issue's accuracy 0)": (value(np.full(4, 5)), VE)}),
      drop_last=flag(), progress=flag(none=OK), stream=custom(int=(value(3), TE)))

# -- features -------------------------------------------------------------------------------

IMAGES = array(huge=FINITE)
entry("minidl.features.color.color_histogram_hsv", features.color_histogram_hsv,
      lambda: dict(images=images(colour=True), nbins=10),
      images=array(int_dtype=TE, bool_dtype=TE, float16=VE, huge=VE, empty=VE, **{
          "4 channels": (value(np.zeros((2, 4, 4, 4))), VE),
          "floats above 1": (lambda g: g.astype(float), VE)}),
      nbins=integer(0))
entry("minidl.features.color.rgb_to_gray", features.rgb_to_gray,
      lambda: dict(images=images(colour=True)),
      images=array(**{"4 channels": (value(np.zeros((2, 4, 4, 4))), VE)}))
entry("minidl.features.hog.hog", features.hog,
      lambda: dict(image=images(1)[0], orientations=9, pixels_per_cell=4, cells_per_block=2,
                   block_norm="L2-Hys", visualize=False, transform_sqrt=False,
                   feature_vector=True, channel_axis=None),
      image=array(huge=returns("scale-invariant: the good image's features (the issue: NaN)",
                               _hog_of_huge), **{
          "smaller than a block": (value(np.zeros((6, 6))), VE),
          "negative with transform_sqrt": (lambda g: -np.ones((16, 16)), OK)}),
      orientations=integer(0), pixels_per_cell=pair(0, **{
          "1, with visualize": (value(1), OK)}), cells_per_block=pair(0),
      block_norm=choice(), visualize=flag(), transform_sqrt=flag(),
      feature_vector=flag(), channel_axis=custom(str=(value("-1"), TE)))
entry("minidl.features.hog.hog [sqrt, colour, one-pixel cells]", features.hog,
      lambda: dict(image=images(1, size=12, colour=True)[0], pixels_per_cell=1,
                   cells_per_block=2, transform_sqrt=True, visualize=True, channel_axis=-1),
      image=array(huge=FINITE, wrong=VE, **{"negative": (lambda g: g - 300.0, VE)}),
      channel_axis=custom(**{"the batch axis": (value(0), OK), "5": (value(5), VE)}))
entry("minidl.features.bag_of_words.extract_patches", features.extract_patches,
      lambda: dict(images=F(2, 8, 8), patch_size=4, stride=2),
      good=returns("a new array, never a view of images", _copy_not_view),
      images=array(**{"smaller than a patch": (value(np.zeros((1, 3, 3))), VE)}),
      patch_size=pair(0), stride=pair(0))
entry("minidl.features.bag_of_words.kmeans", features.kmeans,
      lambda: dict(X=F(30, 2), k=3, n_init=2, max_iter=20, tol=1e-4, rng=0),
      X=array(huge=returns("the same clusters; inertia inf, as its value exceeds float64 (the "
                           "issue: other labels, NaN)", _kmeans_of_huge)),
      k=integer(0, 31), n_init=integer(0), max_iter=integer(0), tol=number(-1.0),
      rng=rng())
entry("minidl.features.bag_of_words.BagOfVisualWords", features.BagOfVisualWords,
      lambda: dict(k=3, patch_size=4, stride=4, max_patches=100, normalize_patches=True,
                   n_init=1, max_iter=5, rng=0),
      k=integer(0), patch_size=pair(0), stride=pair(0), max_patches=integer(0),
      normalize_patches=flag(), n_init=integer(0), max_iter=integer(0), rng=rng())
for name in ("fit", "transform", "fit_transform"):
    entry(f"minidl.features.bag_of_words.BagOfVisualWords.{name}",
          method(features.BagOfVisualWords, name),
          lambda name=name: dict(self=bovw(fit=name == "transform"), images=images(4)),
          self=custom(**({"unfitted": (fresh(lambda: bovw(fit=False)),
                                       raises(ValueError, named="BagOfVisualWords"))}
                         if name == "transform" else {
              "k above the patches": (fresh(lambda: features.BagOfVisualWords(k=99,
                                                                              patch_size=8)),
                                      raises(ValueError, named="k"))})),
          images=array(**{"smaller than a patch": (value(np.zeros((2, 3, 3))), VE)}))


def _bad_output(output):
    def fn(batch):
        return output(len(batch))
    return fn


entry("minidl.features.pipeline.extract_features", features.extract_features,
      lambda: dict(images=images(3), feature_fns=[lambda b: b.reshape(len(b), -1)[:, :5]],
                   verbose=False, batch_size=2),
      images=array(nan=raises(ValueError, named="feature_fns"), huge=OK,
                   inf=raises(ValueError, named="feature_fns")),
      feature_fns=custom(none=(value(None), TE), str=(value("hog"), TE), **{
          "empty list": (value([]), VE), "a number in the list": (value([3]), TE),
          "returns a wrong shape": (value([_bad_output(lambda n: np.ones(n + 1))]),
                                    raises(ValueError, named="feature_fns")),
          "returns NaN": (value([_bad_output(lambda n: np.full((n, 2), np.nan))]),
                          raises(ValueError, named="feature_fns"))}),
      verbose=flag(), batch_size=integer(0))

# -- viz ------------------------------------------------------------------------------------

AX = custom(str=(value("ax"), TE), **{"a figure": (fresh(plt.figure), TE)})
entry("minidl.viz.graphs.graph_layout", viz.graph_layout, lambda: dict(tensor=graph()),
      tensor=TENSOR_ONLY)
entry("minidl.viz.graphs.draw_graph", viz.draw_graph,
      lambda: dict(tensor=graph(), ax=None, show_grad=True, precision=2, title=None),
      tensor=TENSOR_ONLY, ax=AX, show_grad=flag(), precision=integer(-1),
      title=string(none=OK))
PATHS = custom(none=(value(None), TE), **{
    "a list": (value([np.zeros((2, 2))]), TE), "empty dict": (value({}), TE),
    "a str path": (value({"a": "xy"}), TE), "3 columns": (value({"a": np.ones((3, 3))}), VE),
    "an empty path": (value({"a": np.ones((0, 2))}), VE),
    "complex": (value({"a": np.ones((2, 2)) * 1j}), TE)})
LANDSCAPE = custom(none=(value(None), TE), str=(value("valley"), TE))
entry("minidl.viz.trajectories.plot_trajectories", viz.plot_trajectories,
      lambda: dict(landscape=landscapes.Valley(), paths=trajectory(), ax=None, resolution=10,
                   legend=True),
      landscape=LANDSCAPE, paths=PATHS, ax=AX, resolution=integer(1), legend=flag())
entry("minidl.viz.trajectories.animate_trajectories", viz.animate_trajectories,
      lambda: dict(landscape=landscapes.Valley(), paths=trajectory(), frames=2, interval=100,
                   resolution=8, figsize=(2, 2), dpi=20),
      good=returns("an animation (rendered here: matplotlib warns of one that never is)",
                   lambda r, kw, ref: r.to_jshtml()),
      landscape=LANDSCAPE, paths=PATHS, frames=integer(1), interval=integer(0),
      resolution=integer(1), dpi=integer(0),
      figsize=custom(none=(value(None), TE), str=(value("ab"), TE),
                     **{"negative": (value((2, -1)), VE)}))
entry("minidl.viz.trajectories.animation_html", viz.animation_html,
      lambda: dict(anim=animation(), default_mode="once"),
      anim=custom(none=(value(None), TE), str=(value("anim"), TE)), default_mode=choice())
entry("minidl.viz.images.plot_image_grid", viz.plot_image_grid,
      lambda: dict(images=F(4, 3, 3), ax=None, ncols=2, labels=None, scale="each", pad=1,
                   cmap="gray"),
      images=array(wrong=VE), ax=AX, ncols=integer(0), pad=integer(-1), scale=choice(),
      cmap=string(),
      labels=custom(**{"a str (the issue's)": (value("abcd"), TE),
                       "3 for 4 images": (value(["a", "b", "c"]), VE)}))
entry("minidl.viz.images.plot_hog", viz.plot_hog,
      lambda: dict(image=F(16, 16), ax=None, orientations=9, pixels_per_cell=4,
                   channel_axis=None, transform_sqrt=False, cmap="gray"),
      image=array(huge=FINITE, **{"a batch": (value(np.zeros((2, 16, 16))),
                                              raises(ValueError, named="image"))}),
      ax=AX, orientations=integer(0), pixels_per_cell=pair(0), transform_sqrt=flag(),
      cmap=string())
entry("minidl.viz.images.plot_templates", viz.plot_templates,
      lambda: dict(W=F(2 * 2 * 3 + 1, 3), image_shape=(2, 2, 3), ax=None, labels=None,
                   ncols=3),
      W=array(wrong=VE, **{"a row short": (lambda g: g[:-2], VE)}), ax=AX, ncols=integer(0),
      image_shape=custom(none=(value(None), TE), **{
          "a str (the issue's)": (value("ab"), TE), "a zero": (value((2, 0, 3)), VE)}),
      labels=custom(**{"a str": (value("abc"), TE)}))
entry("minidl.viz.training.plot_history", viz.plot_history,
      lambda: dict(history={"loss": [2.0, 1.5, 1.0], "train_accuracy": [0.5]}, axes=None,
                   smooth=None, title=None),
      history=custom(none=(value(None), TE), str=(value("h"), TE), **{
          "no loss": (value({}), raises(ValueError, named="history.loss")),
          "NaN loss": (value({"loss": [1.0, float("nan")]}), OK)}),
      axes=custom(str=(value("ab"), TE), **{"one Axes": (fresh(lambda: plt.subplots()[1]),
                                                         TE)}),
      smooth=integer(-1, none=returns("the default window")), title=string(none=OK))

# -- experiments ----------------------------------------------------------------------------

def _splits():
    X = F(30, 5)
    return dict(splits=(X[:20], X[20:25], X[25:]), labels=(np.arange(20) % 10,
                                                           np.arange(5), np.arange(5)))


entry("minidl.experiments.Experiment", experiments.Experiment,
      lambda: dict(name="softmax", features="raw pixels", model="softmax", iterations=10,
                   init=1e-4, grid=((1e-7, 2.5e4),), hidden=0, decay=False),
      name=choice(), features=choice(), model=choice(), iterations=integer(0),
      init=number(-1.0, 0.0), hidden=integer(-1), decay=flag(),
      grid=custom(none=(value(None), TE), **{"a pair": (value((1e-7, 2.5e4)), TE),
                                             "empty": (value(()), VE),
                                             "negative lr": (value(((-1.0, 0.0),)), VE)}))
entry("minidl.experiments.ExperimentRow", experiments.ExperimentRow,
      lambda: dict(model="softmax", features="raw pixels", hyper="lr 1e-07", val_accuracy=0.3,
                   test_accuracy=0.3, course="> 35% val", seconds=1.0),
      model=string(), features=string(), hyper=string(), course=string(),
      val_accuracy=custom(str=(value("30%"), TE), none=(value(None), TE)),
      seconds=custom(str=(value("1s"), TE)))
entry("minidl.experiments.format_table", experiments.format_table,
      lambda: dict(rows=[experiments.ExperimentRow("a", "raw", "lr 1", 0.5, 0.5, "~1%", 1.0)],
                   title="T"),
      rows=custom(none=(value(None), TE), **{"numbers (the issue's)": (
          value([1, 2]), raises(TypeError, named="rows"))}),
      title=string())
entry("minidl.experiments.run_experiment",
      lambda spec, splits, labels, quick, rng, stream: experiments.run_experiment(
          spec, splits, labels, quick=quick, rng=rng, stream=stream),
      lambda: dict(spec=experiments.EXPERIMENTS[2], **_splits(), quick=True, rng=0,
                   stream=io.StringIO()),
      spec=custom(none=(value(None), TE), str=(value("softmax"), TE)),
      splits=custom(none=(value(None), TE), **{
          "two parts": (lambda g: g[:2], TE),
          "NaN": (lambda g: (_with(g[0], np.nan), g[1], g[2]), raises(ValueError,
                                                                       named="splits")),
          "columns differ": (lambda g: (g[0], g[1][:, :3], g[2]), raises(ValueError,
                                                                          named="splits"))}),
      labels=custom(none=(value(None), TE), **{
          "out of range": (lambda g: (g[0] + 10, g[1], g[2]), raises(ValueError,
                                                                      named="labels"))}),
      quick=flag(), rng=rng(), stream=custom(int=(value(3), TE)))
entry("minidl.experiments.cifar10_table",
      lambda data, **kw: experiments.cifar10_table(data, **kw),
      lambda: dict(data=fake_cifar(), num_train=40, num_val=10, num_test=10, features=False,
                   quick=True, rng=0, stream=io.StringIO()),
      run_good=False,      # trains four models (seconds): its doctest and test_experiments do
      data=custom(none=(value(None), TE), **{
          "a 4-tuple": (lambda g: tuple(g[:4]), TE),
          "images of None": (lambda g: g._replace(X_train=None), raises(TypeError,
                                                                       named="data")),
          "labels out of range": (lambda g: g._replace(y_train=g.y_train + 10),
                                  raises(ValueError, named="data"))}),
      num_train=integer(0), num_val=integer(0, 60), num_test=integer(0), features=flag(),
      quick=flag(), rng=rng(), stream=custom(int=(value(3), TE)))
entry("minidl.experiments.main", cli, lambda: dict(argv=["--help"]),
      good=returns("usage, exit 0", lambda r, kw, ref: r[0] == 0),
      argv=custom(**{
          "a missing --root (the issue's traceback)": (
              value(["cifar10", "--root", "/nonexistent/cifar"]),
              returns("one line naming --download, exit 1",
                      _one_line(1, "--root: ", "add --download", absent=["download=True"]))),
          "a corrupt batch": (fresh(lambda: ["cifar10", "--root", cifar_folder(corrupt=True)]),
                              returns("one line, exit 1", _one_line(1))),
          "3 label names": (fresh(lambda: ["cifar10", "--root", cifar_folder(tuple("abc"))]),
                            returns("one line, exit 1", _one_line(1))),
          "an unknown option": (value(["cifar10", "--root", "x", "--bogus"]),
                                returns("one line, exit 2", _one_line(2))),
          "a negative --num-train": (value(["cifar10", "--root", "x", "--num-train", "-3"]),
                                     returns("one line, exit 2", _one_line(2))),
          "no command": (value([]), returns("one line, exit 2", _one_line(2))),
          "--debug": (value(["cifar10", "--root", "/nonexistent/cifar", "--debug"]),
                      raises(FileNotFoundError, match="download=True"))}))


# =============================================================================================
# What needs no entry, and why
# =============================================================================================

NO_ARGUMENTS = {
    "minidl.__version__": "a str constant",
    "minidl.datasets.cifar10.CIFAR10_URL": "a str constant",
    "minidl.datasets.cifar10.CIFAR10_MD5": "a str constant",
    "minidl.datasets.shapes.SHAPES_CLASS_NAMES": "a tuple of str",
    "minidl.experiments.COURSE_FIGURES": "a dict of str",
    "minidl.experiments.EXPERIMENTS": "a tuple of Experiment (checked by their entry)",
    "minidl.engine.no_grad": "takes no arguments",
    "minidl.engine.is_grad_enabled": "takes no arguments",
    "minidl.engine.record_kinks": "takes no arguments",
    "minidl.landscapes.Saddle": "takes no arguments",
    "minidl.landscapes.Beale": "takes no arguments",
    "minidl.landscapes.Landscape": "takes no arguments (its methods have entries)",
    "minidl.nn.Module": "takes no arguments (forward has an entry)",
    "minidl.nn.ReLU": "takes no arguments (forward has an entry)",
    "minidl.nn.Sigmoid": "takes no arguments (forward has an entry)",
    "minidl.nn.Tanh": "takes no arguments (forward has an entry)",
    "minidl.gradcheck.GradcheckWarning": "a warning category",
    "minidl.gradcheck.GradcheckResult": "a record that gradcheck makes, never a caller",
    "minidl.optim.search.SearchResult": "a named tuple that the searches make",
    "minidl.datasets.cifar10.CIFAR10": "a named tuple: its fields are stored as given, and "
                                       "cifar10_table, which reads them, checks them",
    "minidl.engine.Node.from_op": "the constructor of every operation's result: its data are "
                                  "taken as is (documented), so that no operation pays twice",
    "minidl.nn.Module.__call__": "calls forward (which has an entry per module)",
}


def _public_names():
    """Every public name: {key: object}, the key the name of its definition (a re-export and
    its original are one name), with the methods that take arguments of public classes."""
    names = {}
    modules = [minidl] + [importlib.import_module(info.name) for info in
                          pkgutil.walk_packages(minidl.__path__, "minidl.")]
    for module in modules:
        if any(part.startswith("_") for part in module.__name__.split(".")):
            continue
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.ismodule(obj):
                key = obj.__name__
            elif inspect.isclass(obj) or inspect.isfunction(obj):
                key = f"{obj.__module__}.{obj.__qualname__}"
            else:                    # a constant: named in the deepest module that lists it
                key = f"{module.__name__}.{name}"
                seen = next((k for k, v in names.items() if v is obj), None)
                if seen is not None and len(seen) >= len(key):
                    continue
                names.pop(seen, None)
            names[key] = obj
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    fn = member.fget if isinstance(member, property) else member
                    fn = getattr(fn, "__func__", fn)
                    if attr.startswith("_") and attr != "__call__" or not inspect.isfunction(fn):
                        continue
                    params = list(inspect.signature(fn).parameters)[1:]
                    if params or (isinstance(member, property) and member.fset):
                        names[f"{obj.__module__}.{obj.__qualname__}.{attr}"] = fn
    return names


PUBLIC = _public_names()


def test_every_public_name_has_an_entry():
    missing = [k for k, obj in PUBLIC.items()
               if k not in CATALOGUE and k not in NO_ARGUMENTS and not inspect.ismodule(obj)]
    assert not missing, f"public names without an entry in the bad-input catalogue: {missing}"


def _resolves(key):
    """Whether ``key`` (minus any " [variant]") names an attribute of a minidl module."""
    parts = key.split(" [")[0].split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for part in parts[cut:]:
                obj = getattr(obj, part)
        except AttributeError:
            return False
        return True
    return False


def test_every_entry_is_a_public_name():
    stale = [k for k in [*CATALOGUE, *NO_ARGUMENTS] if not _resolves(k)]
    assert not stale, f"catalogue entries for names that are not public (any more): {stale}"


# =============================================================================================
# The runner
# =============================================================================================

CASES = [(name, None, "good") for name, e in CATALOGUE.items() if e.run_good] + [
    (name, arg, label) for name, e in CATALOGUE.items() for arg, table in e.args.items()
    for label in table]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("name, arg, label", CASES,
                         ids=[f"{n.split('.', 1)[1]}-{a or ''}-{lab}" for n, a, lab in CASES])
def test_bad_input(name, arg, label):
    e = CATALOGUE[name]
    kw, ref = e.make(), e.make()
    outcome = e.good
    if arg is not None:
        make_bad, outcome = e.args[arg][label]
        kw[arg] = make_bad(kw[arg])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("error", np.exceptions.ComplexWarning)
        if isinstance(outcome, Raises):
            with pytest.raises(outcome.types) as info:
                e.call(**kw)
            message = str(info.value)
            if outcome.match:
                assert re.search(outcome.match, message), message
            else:
                assert re.match(rf"{re.escape(outcome.named or arg)}\b", message), message
            if outcome.then:
                outcome.then(kw, ref)
            return
        result = e.call(**kw)
    ours = [w for w in caught if issubclass(w.category, RuntimeWarning)
            and "/minidl/" in w.filename.replace("\\", "/")]
    assert outcome.warns or not ours, f"NumPy warned inside minidl: {ours[0].message}"
    if outcome.check:
        outcome.check(result, kw, ref)


def test_the_catalogue_is_large_and_covers_every_kind():
    assert len(CASES) > 1000
    labels_seen = {label for _, _, label in CASES}
    for kind in ("None", "complex", "float16", "object dtype", "NaN", "inf", "huge", "empty",
                 "out of range", "float labels", "negative", "str", "bool"):
        assert kind in labels_seen, kind


def test_the_command_line_prints_one_line_and_no_traceback(tmp_path):
    # the real command, as a shell runs it (main(argv) is in the catalogue above)
    run = subprocess.run([sys.executable, "-m", "minidl.experiments", "cifar10", "--root",
                          str(tmp_path / "missing")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert "add --download" in run.stderr
