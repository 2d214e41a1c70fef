"""Shared pieces of the benchmark scripts: timing, the machine, result rows and their table.

Every script in this folder compares a minidl function with a reference timed *in the same
run* and reports the ratio ``minidl time / reference time`` (below 1: minidl is faster).

Timing (:func:`time_calls`)
    Measured with :mod:`timeit` (a monotonic clock; the garbage collector off during each
    measurement, as timeit does). Each contender is called once to warm up; that call also
    picks ``number``, the calls per measurement, so that one measurement lasts at least
    ``min_time`` seconds. Then ``repeat``
    measurements are taken per contender, the contenders *alternating* so that a burst of load
    from elsewhere hits all of them alike. :class:`Timing` keeps both the **median** and the
    **best** (minimum) seconds per call. Rows report the median, and the ratio is the ratio of
    the medians; the ratio of the best times is kept beside it (``ratio_best``). On a quiet
    machine the two agree; when they differ, something else was running.

Rows (:func:`make_row`)
    One dict per comparison with the keys ``benchmark`` (what and at what size), ``minidl``
    (the minidl contender), ``minidl_s`` (median seconds per call), ``reference`` (the name of
    what it is compared with), ``reference_s``, ``ratio``, ``ratio_best``, ``target`` (the
    largest ratio an issue asks for, or None) and ``note`` (the correctness check, or what
    differs between the contenders).

A script is used in two ways: ``python benchmarks/bench_X.py [--scale full|small]`` (through
:func:`cli`; the default is the full sizes of the issues), or ``import bench_X;
bench_X.run(scale="small")`` from the book's Performance page, which returns the rows.
"""
from __future__ import annotations

import argparse
import html
import importlib.metadata
import importlib.util
import math
import os
import platform
import sys
import timeit
from dataclasses import dataclass

import numpy as np

SCALES = ("small", "full")

# Distributions whose versions the machine description names (looked up without importing).
PEERS = {"scikit-image": "scikit-image", "scikit-learn": "scikit-learn",
         "opencv-python-headless": "OpenCV", "opencv-python": "OpenCV", "torch": "torch",
         "matplotlib": "matplotlib"}


# -- timing ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Timing:
    """Seconds per call of one contender: median and best over ``repeat`` measurements."""

    median: float
    best: float
    number: int
    repeat: int


def time_calls(contenders, repeat=5, min_time=0.1):
    """Time callables alternately, in one run.

    Parameters
    ----------
    contenders : dict
        Name -> callable taking no arguments.
    repeat : int, optional
        Measurements per contender. Default 5.
    min_time : float, optional
        Each measurement runs the callable ``number`` times, chosen from a warm-up call so
        that one measurement lasts at least this many seconds. Default 0.1.

    Returns
    -------
    dict
        Name -> :class:`Timing` (seconds per call).
    """
    timers, numbers, samples = {}, {}, {}
    for name, fn in contenders.items():
        timers[name] = timeit.Timer(fn)
        once = timers[name].timeit(number=1)            # the warm-up call
        numbers[name] = max(1, math.ceil(min_time / max(once, 1e-9)))
        samples[name] = []
    for _ in range(repeat):
        for name, timer in timers.items():
            samples[name].append(timer.timeit(number=numbers[name]) / numbers[name])
    return {name: Timing(float(np.median(s)), float(min(s)), numbers[name], repeat)
            for name, s in samples.items()}


def pick_scale(scales, scale):
    """The settings ``scales[scale]`` of a script, with a clear error for an unknown scale."""
    if scale not in scales:
        raise ValueError(f"scale: expected one of {', '.join(map(repr, scales))}, got {scale!r}")
    return dict(scales[scale])


def available(module):
    """True when ``module`` can be imported (checked without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


# -- correctness -----------------------------------------------------------------------------
def check_close(what, actual, expected, rtol=1e-7, atol=0.0):
    """Raise AssertionError unless ``actual`` equals ``expected`` to the tolerances.

    A benchmark of a wrong result is worthless, so every script checks first. Returns the
    largest absolute difference, for the row's note.
    """
    actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    if actual.shape != expected.shape:
        raise AssertionError(f"{what}: shape {actual.shape} differs from {expected.shape}")
    if not np.allclose(actual, expected, rtol=rtol, atol=atol):
        raise AssertionError(f"{what}: differs from the reference by up to "
                             f"{np.max(np.abs(actual - expected)):.3g}")
    return float(np.max(np.abs(actual - expected))) if actual.size else 0.0


# -- rows and tables -------------------------------------------------------------------------
def make_row(benchmark, minidl, ours, reference, theirs, target=None, note=""):
    """One comparison: ``ours`` and ``theirs`` are :class:`Timing` objects."""
    return {"benchmark": benchmark, "minidl": minidl, "minidl_s": ours.median,
            "reference": reference, "reference_s": theirs.median,
            "ratio": ours.median / theirs.median, "ratio_best": ours.best / theirs.best,
            "target": target, "note": note}


def format_seconds(seconds):
    """Seconds as a short string with a readable unit (ns, us, ms or s)."""
    if not np.isfinite(seconds):
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def _verdict(row):
    if row["target"] is None:
        return ""
    return "met" if row["ratio"] <= row["target"] else "NOT met"


COLUMNS = (  # heading, function of the row
    ("benchmark", lambda r: r["benchmark"]),
    ("minidl", lambda r: r["minidl"]),
    ("time", lambda r: format_seconds(r["minidl_s"])),
    ("reference", lambda r: r["reference"]),
    ("ref. time", lambda r: format_seconds(r["reference_s"])),
    ("ratio", lambda r: f"{r['ratio']:.3g}x"),
    ("(best)", lambda r: f"{r['ratio_best']:.3g}x"),
    ("target", lambda r: "" if r["target"] is None else f"<= {r['target']:g}x {_verdict(r)}"),
    ("note", lambda r: r["note"]),
)

NUMERIC = {"time", "ref. time", "ratio", "(best)"}


def format_table(rows):
    """The rows as a plain-text table (times are medians; ratio = minidl / reference)."""
    cells = [[heading for heading, _ in COLUMNS]]
    cells += [[str(cell(row)) for _, cell in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(text.ljust(width) for text, width in zip(line, widths)).rstrip()
             for line in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


class Table:
    """Rows shown as a table: plain text when printed, HTML in a notebook."""

    def __init__(self, rows):
        self.rows = list(rows)

    def __repr__(self):
        return format_table(self.rows)

    def _repr_html_(self):
        styles = [("text-align:right;white-space:nowrap" if h in NUMERIC else
                   "text-align:left;white-space:nowrap" if h == "target" else "text-align:left")
                  for h, _ in COLUMNS]
        head = "".join(f'<th style="{st}">{html.escape(h)}</th>'
                       for (h, _), st in zip(COLUMNS, styles))
        body = "".join("<tr>" + "".join(f'<td style="{st}">{html.escape(str(cell(row)))}</td>'
                                        for (_, cell), st in zip(COLUMNS, styles)) + "</tr>"
                       for row in self.rows)
        return (f'<table class="minidl-bench" style="font-size:0.8em">'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


# -- the machine -----------------------------------------------------------------------------
def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith(("model name", "Hardware", "cpu model")):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _blas():
    """NumPy's BLAS: threadpoolctl's view (library, version, threads) when importable."""
    if available("threadpoolctl"):
        from threadpoolctl import threadpool_info

        pools = [p for p in threadpool_info() if p.get("user_api") == "blas"]
        if pools:
            return ", ".join(f"{p['internal_api']} {p.get('version') or ''} "
                             f"({p['num_threads']} threads)".replace("  ", " ") for p in pools)
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{blas['name']} {blas.get('version', '')}".strip()
    except Exception:  # older NumPy has no mode="dicts"
        return "unknown"


def machine():
    """A dict describing this machine and the software the benchmarks run on."""
    peers = {}
    for dist, label in PEERS.items():
        try:
            peers.setdefault(label, importlib.metadata.version(dist))
        except importlib.metadata.PackageNotFoundError:
            pass
    return {
        "cpu": _cpu_model(),
        "logical_cores": os.cpu_count(),
        "arch": platform.machine(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": _blas(),
        "peers": peers,
        "load": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def describe_machine(info=None):
    """The machine as a few printable lines."""
    info = info or machine()
    missing = sorted({"scikit-image", "scikit-learn", "OpenCV", "torch"} - set(info["peers"]))
    peers = ", ".join(f"{k} {v}" for k, v in sorted(info["peers"].items()))
    lines = [
        f"CPU:     {info['cpu']} ({info['arch']}), {info['logical_cores']} logical cores",
        f"OS:      {info['os']}",
        f"Python:  {info['python']}, NumPy {info['numpy']} with BLAS {info['blas']}",
        f"peers:   {peers or 'none'}" + (f"; not installed: {', '.join(missing)}"
                                         if missing else ""),
    ]
    if info["load"] is not None:
        lines.append("load:    " + ", ".join(f"{x:.2f}" for x in info["load"])
                     + " (average runnable processes over 1, 5, 15 min)")
    return "\n".join(lines)


# -- the command line ------------------------------------------------------------------------
def int_option(flag, help, nargs=None):
    """A script's own integer option for :func:`cli`; None (the default) means the scale's."""
    kwargs = {"type": int, "default": None, "help": f"{help} (default: the scale's)"}
    if nargs:
        kwargs["nargs"] = nargs
    return (flag,), kwargs


def cli(run, doc, argv=None, options=()):
    """Parse ``--scale``/``--repeat`` (plus a script's ``options``), run, print the report.

    ``options`` holds ``(flags, argparse keyword arguments)`` pairs such as
    :func:`int_option` makes; their values are passed to ``run`` by name. Returns the rows.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(doc.splitlines()[1:]))
    parser.add_argument("--scale", choices=SCALES, default="full",
                        help="full: the sizes the issues specify (default); small: the book's")
    parser.add_argument("--repeat", "--repeats", type=int, default=None,
                        help="timed measurements per contender (default: the scale's)")
    for flags, kwargs in options:
        parser.add_argument(*flags, **kwargs)
    args = parser.parse_args(argv)
    print(describe_machine())
    print(f"scale {args.scale}; times are medians per call (ratio = minidl / reference, "
          "below 1 = minidl faster; '(best)' = ratio of the fastest calls)\n", flush=True)
    rows = run(**vars(args))
    print()
    print(format_table(rows))
    sys.stdout.flush()
    return rows
