"""Tests of minidl.experiments: the CIFAR-10 command on a tiny folder in the official format."""
import io
import pickle
import re
import types

import numpy as np
import pytest

from minidl import experiments
from minidl.experiments import (
    COURSE_FIGURES,
    EXPERIMENTS,
    Experiment,
    ExperimentRow,
    cifar10_table,
    format_table,
    main,
    run_experiment,
)


def write_tiny_cifar(root, n_per_batch=12, n_test=20, seed=0):
    """CIFAR-10 python-version files with random images whose class sets the mean colour."""
    rng = np.random.default_rng(seed)
    folder = root / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    names = [f"class{i}" for i in range(10)]
    with open(folder / "batches.meta", "wb") as fh:
        pickle.dump({"label_names": names, "num_cases_per_batch": n_per_batch}, fh, protocol=2)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        n = n_test if name == "test_batch" else n_per_batch
        labels = rng.integers(0, 10, n)
        images = rng.integers(0, 100, (n, 32, 32, 3)) + 15 * labels[:, None, None, None]
        rows = images.astype(np.uint8).transpose(0, 3, 1, 2).reshape(n, -1)
        with open(folder / name, "wb") as fh:
            pickle.dump({"data": rows, "labels": labels.tolist()}, fh, protocol=2)
    return root


@pytest.fixture(scope="module")
def tiny_root(tmp_path_factory):
    return write_tiny_cifar(tmp_path_factory.mktemp("cifar"))


def run(args, capsys):
    assert main(args) == 0
    return capsys.readouterr().out


def table_lines(out):
    return out[out.index("CIFAR-10, CS231n assignment 1 reproduced"):].splitlines()


def test_command_prints_every_row_beside_the_course_figure(tiny_root, capsys):
    out = run(["cifar10", "--root", str(tiny_root), "--quick", "--num-val", "10",
               "--num-test", "10", "--seed", "3"], capsys)
    assert "seed 3" in out and "NumPy" in out                     # machine and seed are said
    assert "only 60 training images; using 50 for training and 10 for validation" in out
    assert "split: 50 train, 10 validation, 10 test" in out
    lines = table_lines(out)
    assert lines[1].split()[:3] == ["model", "features", "val"]
    body = lines[2:]
    assert len(body) == len(COURSE_FIGURES) == 6
    for line, (model, course) in zip(body, COURSE_FIGURES.items()):
        assert line.startswith(model) and course in line
        assert len(re.findall(r"(?<![~\d.])\d+\.\d%", line)) == 2    # val and test accuracy
        assert "lr" in line or "tries" in line                     # hyper-parameters said
    assert "epoch" in out and "->" in out                          # progress while running


def test_command_is_reproducible_with_its_seed(tiny_root, capsys):
    args = ["cifar10", "--root", str(tiny_root), "--quick", "--no-features", "--num-val", "10"]

    def accuracies(out):
        return [re.findall(r"(?<![~\d.])\d+\.\d%", line) for line in table_lines(out)[2:]]

    first, second = accuracies(run(args, capsys)), accuracies(run(args, capsys))
    assert first == second and len(first) == 4
    other = accuracies(run(args + ["--seed", "1"], capsys))
    assert other != first


def test_command_requires_root_and_explains_missing_data(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["cifar10"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "--root" in err and err.count("\n") == 1
    assert main(["cifar10", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "add --download" in err and "download=True" not in err
    with pytest.raises(FileNotFoundError, match="download=True"):   # --debug: the traceback
        main(["cifar10", "--root", str(tmp_path), "--debug"])


def test_cifar10_table_learns_something_on_easy_data(capsys):
    # class c brightens rows 3c..3c+2: a linear template finds it, so every trained model
    # beats chance (10 %) by far on test data
    rng = np.random.default_rng(0)
    y = np.arange(300) % 10
    X = rng.integers(0, 100, (300, 32, 32, 3))
    for c in range(10):
        X[y == c, 3 * c:3 * c + 3] += 120
    X = X.astype(np.uint8)
    data = (X[:250], y[:250], X[250:], y[250:], [str(i) for i in range(10)])
    rows = cifar10_table(data, num_val=50, quick=True, features=True, rng=0,
                         stream=io.StringIO())
    assert [r.model for r in rows] == list(COURSE_FIGURES)
    for row in rows[1:]:
        assert row.test_accuracy > 0.5, row


@pytest.mark.parametrize("change, err, word", [
    (lambda d: d[:4], TypeError, "data"),
    (lambda d: (d[0][..., 0], *d[1:]), ValueError, "data.X_train"),
    (lambda d: (d[0], d[1][:-1], *d[2:]), ValueError, "data.y_train"),
    (lambda d: (d[0], d[1], d[2], d[3] + 10, d[4]), ValueError, "data.y_test"),
])
def test_cifar10_table_rejects_bad_data_by_name(change, err, word):
    data = (np.zeros((20, 32, 32, 3), np.uint8), np.zeros(20, int),
            np.zeros((5, 32, 32, 3), np.uint8), np.zeros(5, int), [])
    with pytest.raises(err, match=rf"^{word}: expected"):
        cifar10_table(change(data), num_val=5, stream=io.StringIO())


def test_the_table_of_experiments_names_every_course_figure_once():
    assert [spec.name for spec in EXPERIMENTS] == list(COURSE_FIGURES)
    for spec in EXPERIMENTS:
        assert isinstance(spec, Experiment)
        assert spec.features in ("raw pixels", "HOG + hue")
        assert spec.model in ("random search", "linear SVM", "softmax", "two-layer net")
        assert (spec.model == "random search") == (spec.grid == ())
        assert (spec.model == "two-layer net") == (spec.hidden > 0)
    with pytest.raises(AttributeError):
        EXPERIMENTS[0].iterations = 1                       # frozen: the table is data


def easy_splits(rng, n=120, D=20):
    """Rows whose class c raises features 2c and 2c + 1: every model separates them."""
    y = np.arange(n) % 10
    X = rng.normal(size=(n, D))
    X[np.arange(n), 2 * y] += 4.0
    X[np.arange(n), 2 * y + 1] += 4.0
    parts = (slice(0, 80), slice(80, 100), slice(100, None))
    return tuple(X[p] for p in parts), tuple(y[p] for p in parts)


@pytest.mark.parametrize("index", range(len(EXPERIMENTS)))
def test_run_experiment_trains_each_row_reproducibly(index):
    splits, labels = easy_splits(np.random.default_rng(0))
    spec = EXPERIMENTS[index]
    if spec.model != "random search":                      # rescaled for these easy rows
        spec = Experiment(spec.name, spec.features, spec.model, 100, 0.01,
                          grid=((0.1, 1e-3),) * len(spec.grid[:2]), hidden=spec.hidden,
                          decay=spec.decay)

    def run(seed):
        out = io.StringIO()
        row = run_experiment(spec, splits, labels, quick=True, rng=seed, stream=out)
        return row, out.getvalue()

    (first, out), (second, _) = run(1), run(1)
    assert (first.val_accuracy, first.test_accuracy) == (second.val_accuracy,
                                                         second.test_accuracy)
    assert first.model == spec.name and first.course == COURSE_FIGURES[spec.name]
    assert "->" in out and first.seconds >= 0
    if spec.model != "random search":
        assert first.test_accuracy > 0.5, first


def test_run_experiment_rejects_bad_arguments_by_name():
    splits, labels = easy_splits(np.random.default_rng(0))
    with pytest.raises(TypeError, match="^spec: expected an Experiment"):
        run_experiment("softmax", splits, labels)
    with pytest.raises(TypeError, match="^quick: expected a bool"):
        run_experiment(EXPERIMENTS[2], splits, labels, quick=1)


def test_row_times_do_not_include_the_feature_computation(monkeypatch):
    # A clock that moves only while features are computed, 100 s a call (train, val, test):
    # each row's time is its own training and evaluation only, so on this clock every row
    # takes 0 s, while the features take 300 s. No real time is measured.
    clock = [0.0]
    real = experiments._hog_hue

    def features_taking_100_s(images):
        clock[0] += 100.0
        return real(images)

    monkeypatch.setattr(experiments, "time", types.SimpleNamespace(perf_counter=lambda: clock[0]))
    monkeypatch.setattr(experiments, "_hog_hue", features_taking_100_s)
    rng = np.random.default_rng(0)
    data = (rng.integers(0, 256, (40, 32, 32, 3), dtype=np.uint8), np.arange(40) % 10,
            rng.integers(0, 256, (10, 32, 32, 3), dtype=np.uint8), np.arange(10) % 10, [])
    out = io.StringIO()
    rows = cifar10_table(data, num_val=10, num_test=10, quick=True, stream=out)
    assert "features per image (300.0 s)" in out.getvalue()
    assert [row.features for row in rows[-2:]] == ["HOG + hue", "HOG + hue"]
    assert [row.seconds for row in rows] == [0.0] * len(COURSE_FIGURES)


def test_format_table_aligns_columns_and_marks_missing_values():
    rows = [ExperimentRow("a", "raw", "lr 1", 0.5, 0.25, "~1%", 1.0),
            ExperimentRow("longer name", "raw", "lr 2", float("nan"), 0.125, "~2%", 2.4)]
    lines = format_table(rows, title="T").splitlines()
    assert lines[0] == "T"
    assert lines[2].split()[:4] == ["a", "raw", "50.0%", "25.0%"]
    assert lines[3].split()[3:5] == ["-", "12.5%"]
    assert lines[2].index("raw") == lines[3].index("raw") == lines[1].index("features")
