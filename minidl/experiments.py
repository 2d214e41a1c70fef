r"""The CS231n assignment-1 experiments on CIFAR-10, reproduced with minidl.

Run from a shell::

    python -m minidl.experiments cifar10 --root PATH [--download] [--quick]

It loads CIFAR-10 with :func:`minidl.datasets.load_cifar10`, splits it as the course does
(the first 49,000 training images for training, the next 1,000 for validation, the first 1,000
test images for testing), trains each model with fixed seeds, and prints a table with each
accuracy beside the figure the course reports. The linear models on raw pixels use the
course's hyper-parameters; the two-layer nets use values from the range the course's tuning
exercise finds; the linear SVM on features picks its learning rate and regularisation from a
small grid on the validation set. Every choice is printed. On the full data set the command
takes a few minutes on 2 cores; ``--quick`` is a smoke run.

:func:`cifar10_table` does the same from Python and returns the rows.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from dataclasses import dataclass

import numpy as np

from ._validation import (
    check_array,
    check_bool,
    check_integer,
    check_labels,
    check_rng,
    describe,
)
from .datasets import MeanImage, flatten_images, load_cifar10
from .models import LinearSVM, SoftmaxClassifier, TwoLayerNet, fit, svm_loss_vectorized

__all__ = ["COURSE_FIGURES", "ExperimentRow", "cifar10_table", "format_table", "main"]

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


def _say(stream, text):
    stream.write(text + "\n")
    stream.flush()


def _features_hog_hue(images, stream):
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
        A smoke run: 10 times fewer iterations and tries (at most 20 epochs per model), and
        2 grid points. Default False.
    rng : numpy.random.Generator or int, optional
        Generator or seed; every model and shuffle draws from it. Default None (seed 0).
    stream : object, optional
        File-like object for progress. Default ``sys.stdout``.

    Returns
    -------
    list of ExperimentRow
        One row per experiment, in the order of :data:`COURSE_FIGURES`.

    Notes
    -----
    Raw pixels are flattened to float32 rows of 3,072 values in 0..255 and centred with the
    mean training image (:class:`~minidl.datasets.MeanImage`); as in the course they are not
    rescaled, which is why the raw-pixel learning rates are tiny. Feature rows use HOG of the
    grey image (scikit-image's default parameters) and a 10-bin hue histogram, standardised
    with the training mean and standard deviation.

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
    out = stream if stream is not None else sys.stdout

    if num_train + num_val > X_all.shape[0]:
        num_train = X_all.shape[0] - num_val
        _say(out, f"note: only {X_all.shape[0]} training images; using {num_train} for "
                  f"training and {num_val} for validation")
    num_test = min(num_test, X_te_all.shape[0])
    tr = slice(0, num_train)
    va = slice(num_train, num_train + num_val)
    y_tr, y_va, y_te = y_all[tr], y_all[va], y_te_all[:num_test]
    _say(out, f"split: {num_train} train, {num_val} validation, {num_test} test")

    # raw pixels, centred with the training mean image
    centre = MeanImage().fit(flatten_images(X_all[tr], dtype=np.float32))
    X_tr = centre.transform(flatten_images(X_all[tr], dtype=np.float32)).astype(np.float32)
    X_va = centre.transform(flatten_images(X_all[va], dtype=np.float32)).astype(np.float32)
    X_te = centre.transform(flatten_images(X_te_all[:num_test], dtype=np.float32)).astype(
        np.float32)
    D = X_tr.shape[1]
    scale = 10 if quick else 1
    batch = 200
    per_epoch = -(-num_train // batch)
    # the course decays the learning rate by 0.95 per epoch of 49,000 images; keep that rate
    # per image seen when the training set is smaller
    decay = 0.95 ** (num_train / 49000)

    def epochs_for(iterations):
        epochs = max(1, round(iterations / scale / per_epoch))
        return min(epochs, 20) if quick else epochs

    rows = []

    def add(model_name, feats, hyper, val, test, start):
        row = ExperimentRow(model_name, feats, hyper, val, test, COURSE_FIGURES[model_name],
                            time.perf_counter() - start)
        rows.append(row)
        vtxt = "-" if val != val else f"{val:.3f}"
        _say(out, f"  -> val {vtxt}  test {test:.3f}  ({row.seconds:.1f} s)")

    def acc(model, X, y):
        return float(np.mean(model.predict(X) == y))

    def two_layer_net(name, feats, splits, H, lr, reg, iters, init, start):
        """Train one two-layer net on (train, val, test) inputs, report it, add its row."""
        A_tr, A_va, A_te = splits
        epochs = epochs_for(iters)
        hyper = (f"H {H}, lr {lr:g} x 0.95 per 49k images, reg {reg:g}, B {batch}, "
                 f"{epochs * per_epoch} it ({epochs} epochs), init {init}")
        _say(out, f"[{len(rows) + 1}] two-layer net on {feats}: {hyper}")
        net = TwoLayerNet(A_tr.shape[1], H, 10, reg=reg, weight_scale=float(init), rng=rng)
        fit(net, A_tr, y_tr, X_val=A_va, y_val=y_va, optimizer=SGD(net.parameters(), lr=lr),
            epochs=epochs, batch_size=batch, lr_decay=decay, rng=rng, progress=True, stream=out)
        add(name, feats, hyper, acc(net, A_va, y_va), acc(net, A_te, y_te), start)

    # 1. random search: the best of many random W, judged by the SVM loss on training data
    from .optim import SGD, random_search
    start = time.perf_counter()
    tries = 1000 // scale
    n_eval = min(1000, num_train)
    X_rs = np.hstack([X_tr[:n_eval], np.ones((n_eval, 1), np.float32)]).astype(np.float64)
    _say(out, f"[1] random search: best of {tries} W ~ 1e-4 N(0, 1) by SVM loss on {n_eval} "
              f"training images")
    W, _, _ = random_search(lambda W: svm_loss_vectorized(W, X_rs, y_tr[:n_eval])[0],
                            (D + 1, 10), tries, scale=1e-4, rng=rng)
    X_te1 = np.hstack([X_te, np.ones((num_test, 1), np.float32)])
    X_va1 = np.hstack([X_va, np.ones((num_val, 1), np.float32)])
    add("random search", "raw pixels", f"{tries} tries, scale 1e-4, SVM loss on {n_eval} train",
        float(np.mean(np.argmax(X_va1 @ W, 1) == y_va)),
        float(np.mean(np.argmax(X_te1 @ W, 1) == y_te)), start)

    # 2-3. linear classifiers with the course's hyper-parameters
    for name, cls in (("linear SVM", LinearSVM), ("softmax", SoftmaxClassifier)):
        start = time.perf_counter()
        lr, reg, iters = 1e-7, 2.5e4, 1500
        epochs = epochs_for(iters)
        hyper = (f"lr {lr:g}, reg {reg:g}, B {batch}, {epochs * per_epoch} it "
                 f"({epochs} epochs), init 1e-4")
        _say(out, f"[{len(rows) + 1}] {name} on raw pixels: {hyper}")
        model = cls(D, 10, reg=reg, weight_scale=1e-4, rng=rng)
        fit(model, X_tr, y_tr, X_val=X_va, y_val=y_va, optimizer=SGD(model.parameters(), lr=lr),
            epochs=epochs, batch_size=batch, rng=rng, progress=True, stream=out)
        add(name, "raw pixels", hyper, acc(model, X_va, y_va), acc(model, X_te, y_te), start)

    # 4. two-layer net on raw pixels
    two_layer_net("two-layer net", "raw pixels", (X_tr, X_va, X_te), H=200, lr=1e-3, reg=0.25,
                  iters=4000, init="1e-4", start=time.perf_counter())

    if not features:
        return rows

    # 5-6. HOG + hue histogram features
    from .features import Standardizer
    start = time.perf_counter()
    _say(out, "computing HOG + hue features ...")
    F_tr = _features_hog_hue(X_all[tr], out)
    F_va = _features_hog_hue(X_all[va], out)
    F_te = _features_hog_hue(X_te_all[:num_test], out)
    std = Standardizer().fit(F_tr)
    F_tr, F_va, F_te = std.transform(F_tr), std.transform(F_va), std.transform(F_te)
    feat_seconds = time.perf_counter() - start
    _say(out, f"  {F_tr.shape[1]} features per image ({feat_seconds:.1f} s)")
    F = F_tr.shape[1]

    start = time.perf_counter() - feat_seconds / 2
    best = None
    grid = [(lr, reg) for lr in (1e-3, 1e-2) for reg in (1e-3, 1e-2, 1e-1)]
    if quick:
        grid = grid[:2]
    epochs = epochs_for(1500)
    _say(out, f"[{len(rows) + 1}] linear SVM on HOG + hue: grid lr x reg = "
              f"{[g for g in grid]}, {epochs} epochs each")
    for lr, reg in grid:
        model = LinearSVM(F, 10, reg=reg, weight_scale=1e-4, rng=rng)
        fit(model, F_tr, y_tr, optimizer=SGD(model.parameters(), lr=lr), epochs=epochs,
            batch_size=batch, rng=rng, progress=False)
        val = acc(model, F_va, y_va)
        _say(out, f"    lr {lr:g} reg {reg:g}: val {val:.3f}")
        if best is None or val > best[0]:
            best = (val, lr, reg, model)
    val, lr, reg, model = best
    add("linear SVM, HOG + hue", "HOG + hue",
        f"best of grid: lr {lr:g}, reg {reg:g}, B {batch}, {epochs * per_epoch} it", val,
        acc(model, F_te, y_te), start)

    two_layer_net("two-layer net, HOG + hue", "HOG + hue", (F_tr, F_va, F_te), H=500, lr=0.3,
                  reg=1e-4, iters=3000, init="1e-2",
                  start=time.perf_counter() - feat_seconds / 2)
    return rows


def main(argv=None):
    """Command-line entry point: ``python -m minidl.experiments cifar10 --root PATH``.

    Parameters
    ----------
    argv : list of str, optional
        Arguments without the program name. Default ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status: 0 on success.

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
    parser = argparse.ArgumentParser(
        prog="python -m minidl.experiments",
        description="Reproduce the CS231n assignment-1 table on CIFAR-10 with minidl.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("cifar10", help="linear classifiers, a two-layer net, HOG + hue features")
    p.add_argument("--root", required=True,
                   help="folder holding cifar-10-batches-py/ (or that folder itself)")
    p.add_argument("--download", action="store_true",
                   help="fetch and checksum-verify the official archive if missing (163 MB)")
    p.add_argument("--quick", action="store_true",
                   help="a smoke run: 10 times fewer iterations, at most 20 epochs a model")
    p.add_argument("--no-features", action="store_true", help="skip the HOG + hue rows")
    p.add_argument("--num-train", type=int, default=49000)
    p.add_argument("--num-val", type=int, default=1000)
    p.add_argument("--num-test", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

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
