r"""The CS231n assignment-1 experiments on CIFAR-10, reproduced with minidl.

Run from a shell::

    python -m minidl.experiments cifar10 --root PATH [--download] [--quick] [--debug]

It loads CIFAR-10 with :func:`minidl.datasets.load_cifar10`, splits it as the course does
(the first 49,000 training images for training, the next 1,000 for validation, the first 1,000
test images for testing), trains each model of :data:`EXPERIMENTS` with fixed seeds, and
prints a table with each accuracy beside the figure the course reports. Every choice is
printed. On the full data set the command
takes a few minutes on 2 cores; ``--quick`` is a smoke run. A user error (a bad option,
missing or corrupt data, a failed download) ends the command with one line on standard error
and a non-zero exit status; ``--debug`` shows the traceback instead.

:data:`EXPERIMENTS` is the table of what runs, one :class:`Experiment` per row;
:func:`run_experiment` runs one of them, and :func:`cifar10_table` prepares the data and runs
them all from Python, returning the rows.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from dataclasses import dataclass

import numpy as np

from ._validation import (check_array, check_bool, check_choice, check_integer, check_items,
                          check_labels, check_positive, check_rng, check_str, check_stream,
                          describe)
from .datasets import Standardizer, add_bias_dimension, flatten_images, load_cifar10
from .functional import cross_entropy, svm_loss
from .models import LinearSVM, SoftmaxClassifier, TwoLayerNet, accuracy, fit, svm_loss_vectorized
from .optim import SGD, ExponentialLR, random_search

__all__ = ["COURSE_FIGURES", "Experiment", "EXPERIMENTS", "ExperimentRow", "run_experiment",
           "cifar10_table", "format_table", "main"]

#: What CS231n (assignment 1, 2016-2019 notebooks) reports for each experiment.
COURSE_FIGURES = {
    "random search": "~15.5% test",
    "linear SVM": "~39% val",
    "softmax": "> 35% val",
    "two-layer net": "> 48% val",
    "linear SVM, HOG + hue": "~44% val",
    "two-layer net, HOG + hue": "> 55% test",
}


@dataclass
class ExperimentRow:
    """One line of the experiments table.

    Attributes
    ----------
    model : str
        Which model, as in :data:`COURSE_FIGURES`.
    features : str
        What the model sees ("raw pixels" or "HOG + hue").
    hyper : str
        The hyper-parameters used.
    val_accuracy : float
        Validation accuracy in [0, 1] (NaN where the course reports none).
    test_accuracy : float
        Test accuracy in [0, 1].
    course : str
        The figure the course reports.
    seconds : float
        Wall-clock time of the row (training and evaluation).

    Examples
    --------
    >>> from minidl.experiments import ExperimentRow
    >>> row = ExperimentRow("softmax", "raw pixels", "lr 1e-07", 0.36, 0.35, "> 35% val", 9.0)
    >>> print(f"{row.val_accuracy:.0%}")
    36%
    """

    model: str
    features: str
    hyper: str
    val_accuracy: float
    test_accuracy: float
    course: str
    seconds: float

    def __post_init__(self):
        for name in ("model", "features", "hyper", "course"):
            check_str(getattr(self, name), name)
        for name in ("val_accuracy", "test_accuracy", "seconds"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"{name}: expected a number, got {describe(value)}")


def format_table(rows, title=""):
    """Format experiment rows as a fixed-width text table.

    Parameters
    ----------
    rows : list of ExperimentRow
        The rows to print.
    title : str, optional
        A line printed above the table. Default empty.

    Returns
    -------
    str
        The table, one row per line, accuracies in percent.

    Examples
    --------
    >>> from minidl.experiments import ExperimentRow, format_table
    >>> rows = [ExperimentRow("softmax", "raw pixels", "lr 1e-07", 0.361, 0.352, "> 35% val",
    ...                       9.0)]
    >>> print(format_table(rows))  # doctest: +NORMALIZE_WHITESPACE
    model    features    val    test   course     time  hyper-parameters
    softmax  raw pixels  36.1%  35.2%  > 35% val  9s    lr 1e-07
    """
    if not isinstance(rows, (list, tuple)):
        raise TypeError(f"rows: expected a list of ExperimentRow, got {describe(rows)}")
    check_items(rows, "rows", ExperimentRow, "an ExperimentRow")
    check_str(title, "title")
    header = ("model", "features", "val", "test", "course", "time", "hyper-parameters")

    def pct(x):
        return "-" if x != x else f"{100 * x:.1f}%"

    body = [(r.model, r.features, pct(r.val_accuracy), pct(r.test_accuracy), r.course,
             f"{r.seconds:.0f}s", r.hyper) for r in rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = [title] if title else []
    for line in [header, *body]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())
    return "\n".join(lines)


@dataclass(frozen=True)
class Experiment:
    r"""One row of the experiments table: which model, on which inputs, trained how.

    Parameters
    ----------
    name : str
        The row's name, a key of :data:`COURSE_FIGURES`.
    features : str
        The inputs: ``"raw pixels"`` (mean-centred) or ``"HOG + hue"`` (standardised).
    model : str
        ``"random search"``, ``"linear SVM"``, ``"softmax"`` or ``"two-layer net"``.
    iterations : int
        Training iterations of B = 200 images (rounded to whole epochs), or random tries.
    init : float
        Standard deviation of the initial (or random) weights.
    grid : tuple, optional
        ``(lr, reg)`` pairs to train with; the best on the validation set is kept. Default
        ``()`` (random search has none).
    hidden : int, optional
        H, the hidden units of a two-layer net. Default 0.
    decay : bool, optional
        Multiply the learning rate by 0.95 per 49,000 images seen (the course's 0.95 per
        epoch). Default False.

    Examples
    --------
    >>> from minidl.experiments import EXPERIMENTS, Experiment
    >>> spec = Experiment("softmax", "raw pixels", "softmax", 1500, 1e-4, grid=((1e-7, 2.5e4),))
    >>> spec == EXPERIMENTS[2]
    True
    """

    name: str
    features: str
    model: str
    iterations: int
    init: float
    grid: tuple = ()
    hidden: int = 0
    decay: bool = False

    def __post_init__(self):
        check_choice(self.name, "name", tuple(COURSE_FIGURES))
        check_choice(self.features, "features", ("raw pixels", "HOG + hue"))
        check_choice(self.model, "model", ("random search", "linear SVM", "softmax",
                                           "two-layer net"))
        check_integer(self.iterations, "iterations", minimum=1)
        check_positive(self.init, "init")
        if not isinstance(self.grid, tuple) or not all(
                isinstance(g, tuple) and len(g) == 2 for g in self.grid):
            raise TypeError(f"grid: expected a tuple of (lr, reg) pairs, got {describe(self.grid)}")
        for lr, reg in self.grid:
            check_positive(lr, "grid")
            check_positive(reg, "grid", allow_zero=True)
        if self.model != "random search" and not self.grid:
            raise ValueError(f"grid: expected at least one (lr, reg) pair for a {self.model}, "
                             f"got ()")
        check_integer(self.hidden, "hidden", minimum=1 if self.model == "two-layer net" else 0)
        check_bool(self.decay, "decay")


#: The table of experiments, in the order of :data:`COURSE_FIGURES`. The linear models on raw
#: pixels use the course's hyper-parameters; the two-layer nets values from the range its
#: tuning exercise finds; the SVM on features a small grid.
EXPERIMENTS = (
    Experiment("random search", "raw pixels", "random search", 1000, 1e-4),
    Experiment("linear SVM", "raw pixels", "linear SVM", 1500, 1e-4, grid=((1e-7, 2.5e4),)),
    Experiment("softmax", "raw pixels", "softmax", 1500, 1e-4, grid=((1e-7, 2.5e4),)),
    Experiment("two-layer net", "raw pixels", "two-layer net", 4000, 1e-4,
               grid=((1e-3, 0.25),), hidden=200, decay=True),
    Experiment("linear SVM, HOG + hue", "HOG + hue", "linear SVM", 1500, 1e-4,
               grid=tuple((lr, reg) for lr in (1e-3, 1e-2) for reg in (1e-3, 1e-2, 1e-1))),
    Experiment("two-layer net, HOG + hue", "HOG + hue", "two-layer net", 3000, 1e-2,
               grid=((0.3, 1e-4),), hidden=500, decay=True),
)

# The model and the loss that trains it, for each kind of Experiment.model.
_MODELS = {
    "linear SVM": (lambda D, spec, rng: LinearSVM(D, 10, weight_scale=spec.init, rng=rng),
                   svm_loss),
    "softmax": (lambda D, spec, rng: SoftmaxClassifier(D, 10, weight_scale=spec.init, rng=rng),
                cross_entropy),
    "two-layer net": (lambda D, spec, rng: TwoLayerNet(D, spec.hidden, 10,
                                                       weight_scale=spec.init, rng=rng),
                      cross_entropy),
}
_BATCH = 200


def _sci(x):
    """A number as the course writes it: 1e-4, 2.5e4."""
    return np.format_float_scientific(x, trim="-", exp_digits=1)


def _say(stream, text):
    stream.write(text + "\n")
    stream.flush()


def _random_search(spec, splits, labels, tries, rng, out):
    """The best of ``tries`` random W by the SVM loss on (up to) 1,000 training images."""
    (X_tr, X_va, X_te), (y_tr, y_va, y_te) = splits, labels
    n_eval = min(1000, X_tr.shape[0])
    X_eval = add_bias_dimension(X_tr[:n_eval])                 # the bias is a row of W
    _say(out, f"  best of {tries} W ~ {_sci(spec.init)} N(0, 1) by SVM loss on {n_eval} "
              f"training images")
    W = random_search(lambda W: svm_loss_vectorized(W, X_eval, y_tr[:n_eval])[0],
                      (X_eval.shape[1], 10), tries, scale=spec.init, rng=rng).W
    val, test = (accuracy(y, np.argmax(add_bias_dimension(X) @ W, axis=1))
                 for X, y in ((X_va, y_va), (X_te, y_te)))
    return f"{tries} tries, scale {_sci(spec.init)}, SVM loss on {n_eval} train", val, test


def run_experiment(spec, splits, labels, *, quick=False, rng=None, stream=None):
    """Train and evaluate one :class:`Experiment`; return its table row.

    Parameters
    ----------
    spec : Experiment
        What to run.
    splits : tuple
        ``(X_train, X_val, X_test)``, the prepared inputs (rows of shape (N, D), numeric).
    labels : tuple
        ``(y_train, y_val, y_test)``, integer labels in 0..9.
    quick : bool, optional
        A smoke run: 10 times fewer iterations or tries, at most 20 epochs, 2 grid points.
        Default False.
    rng : numpy.random.Generator or int, optional
        Generator or seed for the initial weights and the shuffles. Default None (seed 0).
    stream : object, optional
        File-like object for progress. Default ``sys.stdout``.

    Returns
    -------
    ExperimentRow
        The row, its time counting the training and evaluation of this experiment only.

    Notes
    -----
    Each ``(lr, reg)`` of the grid trains a fresh model with :func:`minidl.models.fit` (SGD,
    B = 200, whole epochs; with ``decay`` an :class:`~minidl.optim.ExponentialLR` schedule);
    with several, the best validation accuracy wins and the test accuracy is that model's.

    Examples
    --------
    >>> import io
    >>> import numpy as np
    >>> from minidl.experiments import EXPERIMENTS, run_experiment
    >>> g = np.random.default_rng(0)
    >>> X, y = g.normal(size=(60, 5)), g.integers(0, 10, 60)
    >>> row = run_experiment(EXPERIMENTS[2], (X[:40], X[40:50], X[50:]),
    ...                      (y[:40], y[40:50], y[50:]), quick=True, stream=io.StringIO())
    >>> row.model, row.course
    ('softmax', '> 35% val')
    """
    if not isinstance(spec, Experiment):
        raise TypeError(f"spec: expected an Experiment, got {describe(spec)}")
    splits, labels = _check_splits(splits, labels)
    check_bool(quick, "quick")
    rng = check_rng(rng)
    out = check_stream(stream)
    start = time.perf_counter()
    scale = 10 if quick else 1
    if spec.model == "random search":
        hyper, val, test = _random_search(spec, splits, labels, spec.iterations // scale, rng,
                                          out)
        return _row(spec, hyper, val, test, start, out)

    (X_tr, X_va, X_te), (y_tr, y_va, y_te) = splits, labels
    N, D = X_tr.shape
    per_epoch = -(-N // _BATCH)
    epochs = max(1, round(spec.iterations / scale / per_epoch))
    epochs = min(epochs, 20) if quick else epochs
    # the course decays the learning rate by 0.95 per epoch of 49,000 images; keep that rate
    # per image seen when the training set is smaller
    gamma = 0.95 ** (N / 49000) if spec.decay else 1.0
    grid = spec.grid[:2] if quick else spec.grid
    make_model, loss_fn = _MODELS[spec.model]
    _say(out, f"  {spec.model}{f', H {spec.hidden}' if spec.hidden else ''}: (lr, reg) in "
              f"{list(grid)}, B {_BATCH}, {epochs} epochs of {per_epoch} it, "
              f"init {_sci(spec.init)}{', lr x 0.95 per 49k images' if spec.decay else ''}")
    best = None
    for lr, reg in grid:
        model = make_model(D, spec, rng)
        optimizer = SGD(model.parameters(), lr=lr)
        fit(model, loss_fn, X_tr, y_tr, optimizer=optimizer, reg=reg,
            scheduler=ExponentialLR(optimizer, gamma=gamma) if spec.decay else None,
            X_val=None if len(grid) > 1 else X_va, y_val=None if len(grid) > 1 else y_va,
            epochs=epochs, batch_size=_BATCH, rng=rng, progress=len(grid) == 1, stream=out)
        val = accuracy(y_va, model.predict(X_va))
        if len(grid) > 1:
            _say(out, f"    lr {lr:g} reg {reg:g}: val {val:.3f}")
        if best is None or val > best[0]:
            best = (val, lr, reg, model)
    val, lr, reg, model = best
    hyper = (f"{'best of grid: ' if len(grid) > 1 else ''}"
             f"{f'H {spec.hidden}, ' if spec.hidden else ''}lr {lr:g}"
             f"{' x 0.95 per 49k images' if spec.decay else ''}, reg {reg:g}, B {_BATCH}, "
             f"{epochs * per_epoch} it ({epochs} epochs), init {_sci(spec.init)}")
    return _row(spec, hyper, val, accuracy(y_te, model.predict(X_te)), start, out)


def _check_splits(splits, labels):
    """The inputs (X_train, X_val, X_test), rows of one length D, and their labels in 0..9."""
    for name, value in (("splits", splits), ("labels", labels)):
        if not isinstance(value, (tuple, list)) or len(value) != 3:
            raise TypeError(f"{name}: expected a tuple (train, validation, test), "
                            f"got {describe(value)}")
    X = [check_array(x, f"splits[{i}]", ndim=2, finite=True) for i, x in enumerate(splits)]
    for i in (1, 2):
        if X[i].shape[1] != X[0].shape[1]:
            raise ValueError(f"splits[{i}]: expected rows of {X[0].shape[1]} values as in "
                             f"splits[0], got shape {X[i].shape}")
    return X, [check_labels(y, f"labels[{i}]", num_classes=10, length=len(x))
               for i, (x, y) in enumerate(zip(X, labels))]


def _row(spec, hyper, val, test, start, out):
    row = ExperimentRow(spec.name, spec.features, hyper, val, test, COURSE_FIGURES[spec.name],
                        time.perf_counter() - start)
    _say(out, f"  -> val {val:.3f}  test {test:.3f}  ({row.seconds:.1f} s)")
    return row


def _hog_hue(images):
    from .features import color_histogram_hsv, extract_features, hog, rgb_to_gray

    def hog_of_grey(batch):
        return hog(rgb_to_gray(batch))

    hog_of_grey.__name__ = "hog"
    return extract_features(images, [hog_of_grey, color_histogram_hsv], batch_size=2000)


def cifar10_table(data, *, num_train=49000, num_val=1000, num_test=1000, features=True,
                  quick=False, rng=None, stream=None):
    """Run the assignment-1 experiments on CIFAR-10 and return the table rows.

    Parameters
    ----------
    data : minidl.datasets.CIFAR10
        What :func:`minidl.datasets.load_cifar10` returns (any 5-tuple ``X_train, y_train,
        X_test, y_test, class_names`` with uint8 images of shape (N, 32, 32, 3)).
    num_train : int, optional
        Training images: the first ``num_train`` of the training set. Default 49000. If the
        data hold fewer than ``num_train + num_val``, all but ``num_val`` are used (and said).
    num_val : int, optional
        Validation images: the ``num_val`` that follow. Default 1000.
    num_test : int, optional
        Test images: the first ``num_test`` of the test set. Default 1000.
    features : bool, optional
        Also run the HOG + hue-histogram rows (needs :mod:`minidl.features`). Default True.
    quick : bool, optional
        A smoke run of every row, as for :func:`run_experiment`. Default False.
    rng : numpy.random.Generator or int, optional
        Generator or seed; every model and shuffle draws from it. Default None (seed 0).
    stream : object, optional
        File-like object for progress. Default ``sys.stdout``.

    Returns
    -------
    list of ExperimentRow
        One row per experiment of :data:`EXPERIMENTS` (without the feature rows when
        ``features`` is False).

    Notes
    -----
    Raw pixels are flattened to float32 rows of 3,072 values in 0..255 and centred with the
    mean training image (:class:`~minidl.datasets.Standardizer` with ``scale=False``); as in
    the course they are not rescaled, which is why the raw-pixel learning rates are tiny.
    Feature rows use HOG of the grey image (scikit-image's default parameters) and a 10-bin hue
    histogram, standardised with the training mean and standard deviation. The time of each
    row counts its own training and evaluation; computing the features is timed on its own
    line of the progress output.

    References
    ----------
    :cite:t:`cs231n`; :cite:t:`krizhevsky2009`.

    Examples
    --------
    >>> import io
    >>> import numpy as np
    >>> from minidl.experiments import cifar10_table
    >>> g = np.random.default_rng(0)
    >>> fake = (g.integers(0, 256, (60, 32, 32, 3), dtype=np.uint8), g.integers(0, 10, 60),
    ...         g.integers(0, 256, (20, 32, 32, 3), dtype=np.uint8), g.integers(0, 10, 20), [])
    >>> rows = cifar10_table(fake, num_val=10, num_test=10, features=False, quick=True,
    ...                      stream=io.StringIO())
    >>> [r.model for r in rows]
    ['random search', 'linear SVM', 'softmax', 'two-layer net']
    """
    if not isinstance(data, tuple) or len(data) != 5:
        raise TypeError(f"data: expected the 5-tuple load_cifar10 returns, got {describe(data)}")
    X_all = check_array(data[0], "data.X_train", ndim=4)
    y_all = check_labels(data[1], "data.y_train", num_classes=10, length=X_all.shape[0])
    X_te_all = check_array(data[2], "data.X_test", ndim=4)
    y_te_all = check_labels(data[3], "data.y_test", num_classes=10, length=X_te_all.shape[0])
    num_train = check_integer(num_train, "num_train", minimum=1)
    num_val = check_integer(num_val, "num_val", minimum=1, maximum=X_all.shape[0] - 1)
    num_test = check_integer(num_test, "num_test", minimum=1)
    check_bool(features, "features")
    check_bool(quick, "quick")
    rng = check_rng(rng)
    out = check_stream(stream)

    if num_train + num_val > X_all.shape[0]:
        num_train = X_all.shape[0] - num_val
        _say(out, f"note: only {X_all.shape[0]} training images; using {num_train} for "
                  f"training and {num_val} for validation")
    num_test = min(num_test, X_te_all.shape[0])
    images = (X_all[:num_train], X_all[num_train:num_train + num_val], X_te_all[:num_test])
    labels = (y_all[:num_train], y_all[num_train:num_train + num_val], y_te_all[:num_test])
    _say(out, f"split: {num_train} train, {num_val} validation, {num_test} test")

    rows = [flatten_images(part, dtype=np.float32) for part in images]
    centre = Standardizer(scale=False).fit(rows[0])             # the mean training image
    inputs = {"raw pixels": tuple(centre.transform(r).astype(np.float32) for r in rows)}
    if features:
        start = time.perf_counter()
        _say(out, "computing HOG + hue features ...")
        F = [_hog_hue(part) for part in images]
        standardise = Standardizer().fit(F[0])
        inputs["HOG + hue"] = tuple(standardise.transform(f) for f in F)
        _say(out, f"  {F[0].shape[1]} features per image ({time.perf_counter() - start:.1f} s)")

    table = []
    for spec in EXPERIMENTS:
        if spec.features in inputs:
            _say(out, f"[{len(table) + 1}] {spec.model} on {spec.features}")
            table.append(run_experiment(spec, inputs[spec.features], labels, quick=quick,
                                        rng=rng, stream=out))
    return table


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line usage error (the usage itself is in --help); exit status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _integer(minimum):
    """An argparse type: an integer >= ``minimum``, or a one-line error saying so."""
    def parse(text):
        try:
            return check_integer(int(text), "value", minimum=minimum)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer >= {minimum}, "
                                             f"got {text!r}") from None
    return parse


def main(argv=None):
    """Command-line entry point: ``python -m minidl.experiments cifar10 --root PATH``.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name. Default ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status: 0 on success; 1 when the data or the run fail (missing or corrupt
        files, a failed download, a training run that diverges), after one line
        ``... error: <what went wrong>`` on standard error. With ``--debug`` such an error
        shows its full traceback instead.

    Raises
    ------
    SystemExit
        With status 2 after one line on standard error for a bad option (argparse), and with
        status 0 after ``--help``.

    Examples
    --------
    >>> from minidl.experiments import main
    >>> try:
    ...     main(["--help"])
    ... except SystemExit as stop:
    ...     print("exit", stop.code)  # doctest: +ELLIPSIS
    usage: ...
    exit 0
    """
    parser = _Parser(
        prog="python -m minidl.experiments",
        description="Reproduce the CS231n assignment-1 table on CIFAR-10 with minidl.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("cifar10", help="linear classifiers, a two-layer net, HOG + hue features")
    p.add_argument("--root", required=True,
                   help="folder holding cifar-10-batches-py/ (or that folder itself)")
    p.add_argument("--download", action="store_true",
                   help="fetch and checksum-verify the official archive if missing (163 MB)")
    p.add_argument("--quick", action="store_true",
                   help="a smoke run: 10 times fewer iterations, at most 20 epochs a model")
    p.add_argument("--no-features", action="store_true", help="skip the HOG + hue rows")
    p.add_argument("--num-train", type=_integer(1), default=49000)
    p.add_argument("--num-val", type=_integer(1), default=1000)
    p.add_argument("--num-test", type=_integer(1), default=1000)
    p.add_argument("--seed", type=_integer(0), default=0)
    p.add_argument("--debug", action="store_true", help="show the traceback of an error")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except (OSError, ValueError, FloatingPointError) as err:
        if args.debug:
            raise
        message = " ".join(str(err).split())
        name = message.split(":", 1)[0]
        if name in vars(args):                # an argument of ours: say it as its option
            message = "--" + name.replace("_", "-") + message[len(name):]
        if isinstance(err, FileNotFoundError):
            message = message.replace("pass download=True", "add --download")
        print(f"{parser.prog} {args.command}: error: {message}", file=sys.stderr)
        return 1


def _run(args):
    """The cifar10 command, once its options are parsed."""
    out = sys.stdout
    t0 = time.perf_counter()
    _say(out, f"minidl CIFAR-10 experiments; seed {args.seed}; {platform.machine()}, "
              f"{platform.python_implementation()} {platform.python_version()}, "
              f"NumPy {np.__version__}")
    data = load_cifar10(args.root, download=args.download)
    _say(out, f"loaded {len(data.X_train)} training and {len(data.X_test)} test images "
              f"from {args.root}")
    rows = cifar10_table(data, num_train=args.num_train, num_val=args.num_val,
                         num_test=args.num_test, features=not args.no_features,
                         quick=args.quick, rng=args.seed, stream=out)
    _say(out, "")
    _say(out, format_table(rows, title=f"CIFAR-10, CS231n assignment 1 reproduced "
                                       f"(total {time.perf_counter() - t0:.0f} s)"))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
