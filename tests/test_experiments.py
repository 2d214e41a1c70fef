"""Tests of minidl.experiments: the CIFAR-10 command on a tiny folder in the official format."""
import io
import pickle
import re

import numpy as np
import pytest

from minidl.experiments import COURSE_FIGURES, ExperimentRow, cifar10_table, format_table, main


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
    with pytest.raises(SystemExit):
        main(["cifar10"])
    assert "--root" in capsys.readouterr().err
    with pytest.raises(FileNotFoundError, match="download=True"):
        main(["cifar10", "--root", str(tmp_path)])


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


def test_format_table_aligns_columns_and_marks_missing_values():
    rows = [ExperimentRow("a", "raw", "lr 1", 0.5, 0.25, "~1%", 1.0),
            ExperimentRow("longer name", "raw", "lr 2", float("nan"), 0.125, "~2%", 2.4)]
    lines = format_table(rows, title="T").splitlines()
    assert lines[0] == "T"
    assert lines[2].split()[:4] == ["a", "raw", "50.0%", "25.0%"]
    assert lines[3].split()[3:5] == ["-", "12.5%"]
    assert lines[2].index("raw") == lines[3].index("raw") == lines[1].index("features")
