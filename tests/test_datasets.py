"""Tests of minidl.datasets: the synthetic shapes, the CIFAR-10 reader, splits and batches."""
import hashlib
import io
import os
import pickle
import struct
import tarfile

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from minidl.datasets import (
    SHAPES_CLASS_NAMES,
    Standardizer,
    add_bias_dimension,
    download_cifar10,
    flatten_images,
    load_cifar10,
    make_shapes,
    minibatches,
    train_val_split,
)


# --------------------------------------------------------------------------------------------
# make_shapes
# --------------------------------------------------------------------------------------------

def rgb_to_hsv_slow(images):
    """Hue in degrees, saturation and value of uint8 RGB images, the textbook formulas."""
    rgb = images.astype(np.float64) / 255.0
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    mx, mn = rgb.max(-1), rgb.min(-1)
    delta = mx - mn
    safe = np.where(delta == 0, 1.0, delta)
    hue = np.where(mx == r, ((g - b) / safe) % 6,
                   np.where(mx == g, (b - r) / safe + 2, (r - g) / safe + 4)) * 60.0
    hue = np.where(delta == 0, 0.0, hue)
    sat = np.where(mx == 0, 0.0, delta / np.where(mx == 0, 1.0, mx))
    return hue, sat, mx


@pytest.fixture(scope="module")
def shapes():
    return make_shapes(600, rng=3)


def object_masks(images):
    """The object's pixels: those far from the image's median (background) colour."""
    rgb = images.astype(np.float64)
    median = np.median(rgb.reshape(len(rgb), -1, 3), axis=1)
    dist = np.linalg.norm(rgb - median[:, None, None, :], axis=-1)
    return dist > 0.5 * dist.max(axis=(1, 2), keepdims=True)


def test_make_shapes_returns_uint8_images_and_balanced_int64_labels(shapes):
    images, labels = shapes
    assert images.shape == (600, 32, 32, 3) and images.dtype == np.uint8
    assert labels.shape == (600,) and labels.dtype == np.int64
    assert np.bincount(labels, minlength=6).tolist() == [100] * 6
    assert len(SHAPES_CLASS_NAMES) == 6


def test_make_shapes_is_reproducible_from_its_rng():
    a_img, a_lab = make_shapes(20, rng=7)
    b_img, b_lab = make_shapes(20, rng=7)
    c_img, _ = make_shapes(20, rng=8)
    assert np.array_equal(a_img, b_img) and np.array_equal(a_lab, b_lab)
    assert not np.array_equal(a_img, c_img)
    g1, g2 = np.random.default_rng(5), np.random.default_rng(5)
    assert np.array_equal(make_shapes(5, rng=g1)[0], make_shapes(5, rng=g2)[0])
    assert np.array_equal(make_shapes(5)[0], make_shapes(5, rng=0)[0])     # default: seed 0
    with pytest.raises(TypeError):
        make_shapes(5, seed=0)              # rng=, as everywhere else in minidl


def test_make_shapes_object_hue_follows_the_colour_family_of_the_label(shapes):
    images, labels = shapes
    hue, _, _ = rgb_to_hsv_slow(images)
    for img_hue, obj, label in zip(hue, object_masks(images), labels):
        assert obj.sum() > 30
        h = np.median(np.where(img_hue[obj] > 180 + 90, img_hue[obj] - 360, img_hue[obj]))
        if label % 2 == 0:                         # warm: -25..45 degrees
            assert -30 < h < 50, (label, h)
        else:                                      # cool: 175..245 degrees
            assert 170 < h < 250, (label, h)


def test_make_shapes_gives_the_three_shapes_the_same_area(shapes):
    images, labels = shapes
    area = object_masks(images).sum(axis=(1, 2))
    mean_area = [area[labels // 2 == s].mean() for s in range(3)]
    expected = np.pi * (7.5 ** 3 - 4.5 ** 3) / (3 * 3.0)   # E[pi r^2] for r ~ U[4.5, 7.5)
    assert max(mean_area) / min(mean_area) < 1.05, mean_area
    assert 0.85 * expected < np.mean(mean_area) < 1.15 * expected


def test_make_shapes_shapes_differ_in_edge_orientation(shapes):
    # squares have edges near 0 and 90 degrees, triangles near 90 and +-30: compare the
    # fraction of strong gradients that are close to horizontal or vertical
    images, labels = shapes
    grey = images.astype(np.float64).mean(-1)
    gy, gx = np.gradient(grey, axis=(1, 2))
    mag = np.hypot(gx, gy)
    angle = np.degrees(np.arctan2(gy, gx)) % 180
    strong = mag > 20
    axis_aligned = ((angle < 15) | (angle > 165) | (np.abs(angle - 90) < 15)) & strong
    frac = axis_aligned.sum(axis=(1, 2)) / np.maximum(strong.sum(axis=(1, 2)), 1)
    circle, square, triangle = (frac[labels // 2 == s].mean() for s in range(3))
    assert square > circle + 0.1 and square > triangle + 0.1


@pytest.fixture(scope="module")
def shapes_predictions():
    """Test-set predictions of a softmax classifier on each representation of 2,400 images."""
    from minidl.features import color_histogram_hsv, hog, rgb_to_gray
    from minidl.functional import cross_entropy
    from minidl.models import SoftmaxClassifier, fit
    from minidl.optim import SGD

    images, labels = make_shapes(2400, rng=11)
    hue, grad = color_histogram_hsv(images), hog(rgb_to_gray(images))
    features = {"raw": flatten_images(images), "hue": hue, "hog": grad,
                "hog+hue": np.hstack([grad, hue])}
    tr, te = slice(0, 1800), slice(1800, None)
    predictions = {}
    for name, F in features.items():
        scale = Standardizer().fit(F[tr])
        model = SoftmaxClassifier(F.shape[1], 6, rng=0)
        fit(model, cross_entropy, scale.transform(F[tr]), labels[tr], reg=1e-3,
            optimizer=SGD(model.parameters(), lr=0.05), epochs=15, batch_size=50, rng=0)
        predictions[name] = model.predict(scale.transform(F[te]))
    return predictions, labels[te]


def test_make_shapes_hue_sees_colour_hog_sees_shape_raw_pixels_mostly_colour(shapes_predictions):
    # the docstring's promise, measured: which half of the label each representation gets
    predictions, truth = shapes_predictions
    colour_right = {k: np.mean(p % 2 == truth % 2) for k, p in predictions.items()}
    shape_right = {k: np.mean(p // 2 == truth // 2) for k, p in predictions.items()}
    assert colour_right["hue"] > 0.85 and shape_right["hue"] < 0.45      # shape: chance 1/3
    assert shape_right["hog"] > 0.8 and colour_right["hog"] < 0.62       # colour: chance 1/2
    assert colour_right["raw"] > 0.85 and shape_right["raw"] < 0.5
    assert colour_right["hog+hue"] > 0.85 and shape_right["hog+hue"] > 0.8


def test_make_shapes_scores_differ_by_representation_as_documented(shapes_predictions):
    predictions, truth = shapes_predictions
    acc = {k: np.mean(p == truth) for k, p in predictions.items()}
    assert 0.2 < acc["hue"] < 0.42                  # about 1/3: colour family only
    assert 0.4 < acc["hog"] < 0.6                   # about 1/2: shape only
    assert 0.25 < acc["raw"] < 0.5                  # a little above 1/3
    assert acc["hog+hue"] > 0.75 and acc["hog+hue"] > acc["hog"] + 0.2 > acc["raw"] + 0.2


def test_make_shapes_other_sizes_work():
    images, _ = make_shapes(3, size=48, rng=0)
    assert images.shape == (3, 48, 48, 3)


@pytest.mark.parametrize("kwargs, err, word", [
    ({"n": 0}, ValueError, "n"),
    ({"n": 2.5}, TypeError, "n"),
    ({"n": 5, "size": 8}, ValueError, "size"),
    ({"n": 5, "noise": -0.1}, ValueError, "noise"),
    ({"n": 5, "rng": "x"}, TypeError, "rng"),
])
def test_make_shapes_rejects_bad_arguments_by_name(kwargs, err, word):
    with pytest.raises(err, match=rf"^{word}: expected"):
        make_shapes(**kwargs)


# --------------------------------------------------------------------------------------------
# CIFAR-10 files in the official format
# --------------------------------------------------------------------------------------------

def official_rows(images):
    """(N, 32, 32, 3) uint8 -> (N, 3072) rows: the red plane, then green, then blue."""
    return images.transpose(0, 3, 1, 2).reshape(len(images), -1)


def write_cifar(folder, n_per_batch=4, n_test=3, protocol=2, seed=0):
    """Write a tiny CIFAR-10 python-version folder; return the images and labels written."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
             "truck"]
    with open(folder / "batches.meta", "wb") as fh:
        pickle.dump({"num_cases_per_batch": n_per_batch, "label_names": names, "num_vis": 3072},
                    fh, protocol=protocol)
    written = {}
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        n = n_test if name == "test_batch" else n_per_batch
        images = rng.integers(0, 256, (n, 32, 32, 3), dtype=np.uint8)
        labels = rng.integers(0, 10, n).tolist()
        batch = {"batch_label": f"batch {name}", "labels": labels,
                 "data": official_rows(images), "filenames": [f"img{i}.png" for i in range(n)]}
        with open(folder / name, "wb") as fh:
            pickle.dump(batch, fh, protocol=protocol)
        written[name] = (images, np.array(labels))
    return written, names


@pytest.mark.parametrize("protocol", [2, 4])
def test_load_cifar10_reads_the_official_layout_back_exactly(tmp_path, protocol):
    written, names = write_cifar(tmp_path / "cifar-10-batches-py", protocol=protocol)
    data = load_cifar10(tmp_path)
    X_train, y_train, X_test, y_test, class_names = data
    expected_X = np.concatenate([written[f"data_batch_{i}"][0] for i in range(1, 6)])
    expected_y = np.concatenate([written[f"data_batch_{i}"][1] for i in range(1, 6)])
    assert X_train.shape == (20, 32, 32, 3) and X_train.dtype == np.uint8
    assert np.array_equal(X_train, expected_X) and np.array_equal(y_train, expected_y)
    assert y_train.dtype == np.int64
    assert np.array_equal(X_test, written["test_batch"][0])
    assert np.array_equal(y_test, written["test_batch"][1])
    assert class_names == names and data.class_names == names
    # the folder itself works as root too
    assert np.array_equal(load_cifar10(tmp_path / "cifar-10-batches-py").X_test, X_test)


def test_load_cifar10_puts_the_red_plane_in_channel_0(tmp_path):
    folder = tmp_path / "cifar-10-batches-py"
    write_cifar(folder)
    row = np.zeros((1, 3072), np.uint8)
    row[0, :1024] = 200          # red plane
    row[0, 2048:] = 50           # blue plane
    with open(folder / "test_batch", "wb") as fh:
        pickle.dump({"data": row, "labels": [3]}, fh, protocol=2)
    X_test = load_cifar10(tmp_path).X_test
    assert X_test.shape == (1, 32, 32, 3)
    assert (X_test[0, :, :, 0] == 200).all() and (X_test[0, :, :, 1] == 0).all()
    assert (X_test[0, :, :, 2] == 50).all()


def test_load_cifar10_accepts_the_old_numpy_core_module_path(tmp_path):
    folder = tmp_path / "cifar-10-batches-py"
    write_cifar(folder)
    raw = (folder / "test_batch").read_bytes()
    assert b"numpy._core.multiarray" in raw        # protocol 2 spells the global out as text
    (folder / "test_batch").write_bytes(raw.replace(b"numpy._core.multiarray",
                                                    b"numpy.core.multiarray"))
    assert load_cifar10(tmp_path).X_test.shape == (3, 32, 32, 3)


class Py2Pickler(pickle._Pickler):
    """Writes bytes the way Python 2 wrote its str: BINSTRING opcodes, no _codecs call."""

    dispatch = dict(pickle._Pickler.dispatch)

    def save_py2_str(self, obj):
        if len(obj) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(obj)]) + obj)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(obj)) + obj)
        self.memoize(obj)

    dispatch[bytes] = save_py2_str


def test_load_cifar10_reads_batches_written_like_the_official_python2_files(tmp_path):
    # the official files: Python 2 str keys and data, NumPy 1's module path, protocol 2
    folder = tmp_path / "cifar-10-batches-py"
    written, _ = write_cifar(folder)
    for name in ["batches.meta"] + [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        with open(folder / name, "rb") as fh:
            obj = pickle.load(fh)
        if name == "batches.meta":
            obj = {b"label_names": [n.encode() for n in obj["label_names"]]}
        else:
            obj = {b"data": obj["data"], b"labels": obj["labels"], b"batch_label": b"batch"}
        buf = io.BytesIO()
        Py2Pickler(buf, protocol=2).dump(obj)
        raw = buf.getvalue().replace(b"numpy._core.multiarray", b"numpy.core.multiarray")
        assert b"_codecs" not in raw
        assert (b"numpy.core.multiarray" in raw) == (name != "batches.meta")
        (folder / name).write_bytes(raw)
    data = load_cifar10(tmp_path)
    assert np.array_equal(data.X_test, written["test_batch"][0])
    assert data.class_names[:2] == ["airplane", "automobile"]


class _Exploit:
    def __init__(self, target):
        self.target = target

    def __reduce__(self):
        return (os.system, (f"echo pwned > {self.target}",))


def test_load_cifar10_refuses_a_pickle_that_would_run_code(tmp_path):
    folder = tmp_path / "cifar-10-batches-py"
    write_cifar(folder)
    target = tmp_path / "pwned.txt"
    with open(folder / "data_batch_2", "wb") as fh:
        pickle.dump({"data": _Exploit(target), "labels": [0]}, fh, protocol=2)
    with pytest.raises(ValueError, match="refusing to load"):
        load_cifar10(tmp_path)
    assert not target.exists()


def test_load_cifar10_refuses_other_classes_even_harmless_ones(tmp_path):
    folder = tmp_path / "cifar-10-batches-py"
    write_cifar(folder)
    with open(folder / "batches.meta", "wb") as fh:
        pickle.dump({"label_names": [1 + 2j]}, fh, protocol=2)   # complex needs builtins
    with pytest.raises(ValueError, match=r"refusing to load (__builtin__|builtins)\.complex"):
        load_cifar10(tmp_path)


def test_load_cifar10_explains_a_missing_folder_and_malformed_batches(tmp_path):
    with pytest.raises(FileNotFoundError, match="download=True"):
        load_cifar10(tmp_path)
    folder = tmp_path / "cifar-10-batches-py"
    write_cifar(folder)
    with open(folder / "data_batch_1", "wb") as fh:
        pickle.dump({"data": np.zeros((2, 100), np.uint8), "labels": [0, 1]}, fh)
    with pytest.raises(ValueError, match=r"shape \(N, 3072\)"):
        load_cifar10(tmp_path)
    with open(folder / "data_batch_1", "wb") as fh:
        pickle.dump({"data": np.zeros((2, 3072), np.uint8), "labels": [0, 10]}, fh)
    with pytest.raises(ValueError, match="labels in 0..9"):
        load_cifar10(tmp_path)
    (folder / "data_batch_1").write_bytes(b"not a pickle at all")
    with pytest.raises(ValueError, match="data_batch_1"):
        load_cifar10(tmp_path)
    with pytest.raises(TypeError, match="^root: expected a path"):
        load_cifar10(42)


def make_archive(tmp_path, extra_member=None):
    src = tmp_path / "src"
    written, _ = write_cifar(src / "cifar-10-batches-py")
    archive = tmp_path / "cifar-10-python.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(src / "cifar-10-batches-py", arcname="cifar-10-batches-py")
        if extra_member is not None:
            info = tarfile.TarInfo(extra_member)
            info.size = 4
            tar.addfile(info, io.BytesIO(b"evil"))
    return archive, hashlib.md5(archive.read_bytes()).hexdigest(), written


def test_download_cifar10_verifies_the_checksum_then_extracts(tmp_path):
    archive, md5, written = make_archive(tmp_path)
    root = tmp_path / "data"
    folder = download_cifar10(root, url=archive.as_uri(), md5=md5, progress=False)
    assert folder == root / "cifar-10-batches-py"
    assert np.array_equal(load_cifar10(root).X_test, written["test_batch"][0])
    assert sorted(p.name for p in root.iterdir()) == ["cifar-10-batches-py"]   # no temp file


def test_download_cifar10_with_a_wrong_checksum_extracts_nothing(tmp_path):
    archive, md5, _ = make_archive(tmp_path)
    root = tmp_path / "data"
    wrong = "0" * 32
    with pytest.raises(ValueError, match=f"^md5: expected {wrong}.*got {md5}"):
        download_cifar10(root, url=archive.as_uri(), md5=wrong, progress=False)
    assert list(root.iterdir()) == []


def test_download_cifar10_refuses_members_outside_the_folder(tmp_path):
    archive, md5, _ = make_archive(tmp_path, extra_member="../escaped.txt")
    root = tmp_path / "data"
    with pytest.raises(ValueError, match="escaped.txt"):
        download_cifar10(root, url=archive.as_uri(), md5=md5, progress=False)
    assert not (tmp_path / "escaped.txt").exists()


def test_download_cifar10_shows_progress(tmp_path, capsys):
    archive, md5, _ = make_archive(tmp_path)
    download_cifar10(tmp_path / "data", url=archive.as_uri(), md5=md5)
    err = capsys.readouterr().err
    assert "downloading" in err and "MB" in err


def test_load_cifar10_downloads_only_when_asked(tmp_path, monkeypatch):
    from minidl.datasets import cifar10
    calls = []

    def fake_download(root):
        calls.append(root)
        write_cifar(tmp_path / "cifar-10-batches-py")

    monkeypatch.setattr(cifar10, "download_cifar10", fake_download)
    with pytest.raises(FileNotFoundError):
        load_cifar10(tmp_path)
    assert calls == []
    assert load_cifar10(tmp_path, download=True).X_train.shape == (20, 32, 32, 3)
    assert calls == [tmp_path]
    load_cifar10(tmp_path, download=True)              # present now: no second download
    assert len(calls) == 1


# --------------------------------------------------------------------------------------------
# splits, batches, preprocessing
# --------------------------------------------------------------------------------------------

@given(n=st.integers(2, 60), val=st.integers(1, 59), seed=st.integers(0, 2 ** 16))
def test_train_val_split_partitions_the_samples(n, val, seed):
    val = min(val, n - 1)
    X = np.arange(n * 2).reshape(n, 2)
    y = np.arange(n) % 3
    X_tr, X_val, y_tr, y_val = train_val_split(X, y, val_size=val, rng=seed)
    assert len(X_val) == val and len(X_tr) == n - val
    rows = np.concatenate([X_tr[:, 0], X_val[:, 0]]) // 2
    assert sorted(rows.tolist()) == list(range(n))      # each sample exactly once
    assert np.array_equal(y_tr, (X_tr[:, 0] // 2) % 3)  # labels travel with their samples


def test_train_val_split_without_shuffle_takes_the_last_samples_and_fractions_work():
    X, y = np.arange(10)[:, None], np.arange(10) % 2
    _, X_val, _, _ = train_val_split(X, y, val_size=3, shuffle=False)
    assert X_val[:, 0].tolist() == [7, 8, 9]
    X_tr, X_val, _, _ = train_val_split(X, y, val_size=0.2, rng=1)
    assert len(X_val) == 2 and len(X_tr) == 8
    a = train_val_split(X, y, rng=4)[1]
    b = train_val_split(X, y, rng=4)[1]
    assert np.array_equal(a, b)


@pytest.mark.parametrize("kwargs, err, word", [
    ({"val_size": 0}, ValueError, "val_size"),
    ({"val_size": 10}, ValueError, "val_size"),
    ({"val_size": 1.0}, ValueError, "val_size"),
    ({"val_size": "a"}, TypeError, "val_size"),
    ({"y": np.arange(9)}, ValueError, "y"),
    ({"y": np.full(10, -1)}, ValueError, "y"),
    ({"X": np.zeros((0, 3)), "y": np.zeros(0, int)}, ValueError, "X"),
])
def test_train_val_split_rejects_bad_input_by_name(kwargs, err, word):
    args = {"X": np.zeros((10, 3)), "y": np.zeros(10, int), **kwargs}
    with pytest.raises(err, match=rf"^{word}: expected"):
        train_val_split(**args)


@given(n=st.integers(1, 50), batch=st.integers(1, 20), drop=st.booleans(),
       shuffle=st.booleans())
def test_minibatches_visit_every_sample_once_per_epoch(n, batch, drop, shuffle):
    X, y = np.arange(n)[:, None] * 10, np.arange(n) % 4
    if drop and batch > n:
        with pytest.raises(ValueError, match="^batch_size: expected at most"):
            list(minibatches(X, y, batch, drop_last=drop))
        return
    batches = list(minibatches(X, y, batch, shuffle=shuffle, drop_last=drop, rng=0))
    sizes = [len(yb) for _, yb in batches]
    full, rest = divmod(n, batch)
    expected = [batch] * full + ([] if drop or rest == 0 else [rest])
    assert sizes == expected
    seen = np.concatenate([xb[:, 0] // 10 for xb, _ in batches]) if batches else np.array([])
    assert len(set(seen.tolist())) == len(seen)              # no sample twice
    if not drop:
        assert sorted(seen.tolist()) == list(range(n))       # every sample once
    for xb, yb in batches:
        assert np.array_equal(yb, (xb[:, 0] // 10) % 4)       # pairs stay together
    if not shuffle:
        assert seen.tolist() == sorted(seen.tolist())


def test_minibatches_shuffle_differs_between_epochs_with_one_generator():
    X, y = np.arange(40)[:, None], np.arange(40) % 2
    g = np.random.default_rng(0)
    first = np.concatenate([xb[:, 0] for xb, _ in minibatches(X, y, 8, rng=g)])
    second = np.concatenate([xb[:, 0] for xb, _ in minibatches(X, y, 8, rng=g)])
    assert not np.array_equal(first, second)


@pytest.mark.parametrize("args, err, word", [
    ((np.zeros((5, 2)), np.zeros(5, int), 0), ValueError, "batch_size"),
    ((np.zeros((5, 2)), np.zeros(5, int), -3), ValueError, "batch_size"),
    ((np.zeros((5, 2)), np.zeros(4, int), 2), ValueError, "y"),
    ((np.zeros((0, 2)), np.zeros(0, int), 2), ValueError, "X"),
    ((np.zeros((5, 2)), np.zeros(5), 2), TypeError, "y"),
])
def test_minibatches_reject_bad_input_by_name(args, err, word):
    with pytest.raises(err, match=rf"^{word}: expected"):
        minibatches(*args)                  # at the call, before the first batch is asked for


def test_minibatches_validate_eagerly_and_deal_lazily():
    with pytest.raises(ValueError, match="^batch_size: expected at most 5"):
        minibatches(np.zeros((5, 2)), np.zeros(5, int), 8, drop_last=True)
    g = np.random.default_rng(0)
    batches = minibatches(np.arange(6)[:, None], np.arange(6), 4, rng=g)
    assert g.bit_generator.state != np.random.default_rng(0).bit_generator.state
    order = np.random.default_rng(0).permutation(6)     # drawn at the call, as here
    assert [b[1].tolist() for b in batches] == [order[:4].tolist(), order[4:].tolist()]
    assert list(batches) == []                          # an iterator: one epoch, once


def test_standardizer_uses_training_statistics_only(rng):
    train = rng.normal(3.0, 2.0, (50, 4))
    train[:, 2] = 7.0                                    # a constant column
    test = rng.normal(-1.0, 5.0, (10, 4))
    s = Standardizer().fit(train)
    z = s.transform(train)
    np.testing.assert_allclose(z[:, [0, 1, 3]].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(z[:, [0, 1, 3]].std(axis=0), 1)
    np.testing.assert_array_equal(z[:, 2], 0)            # constant: shifted, not scaled
    expected = (test - train.mean(axis=0)) / np.where(train.std(axis=0) > 0, train.std(axis=0), 1)
    np.testing.assert_allclose(s.transform(test), expected)
    np.testing.assert_allclose(Standardizer().fit_transform(train), z)


def test_standardizer_without_scale_subtracts_the_mean_image():
    rng = np.random.default_rng(0)
    train = rng.normal(5.0, 3.0, (50, 4))
    test = rng.normal(-3.0, 1.0, (10, 4))
    centre = Standardizer(scale=False).fit(train)
    assert centre.std_ is None
    assert np.allclose(centre.transform(train).mean(axis=0), 0.0)
    assert np.allclose(centre.transform(test), test - train.mean(axis=0))
    assert np.allclose(Standardizer(scale=False).fit_transform(train), train - train.mean(axis=0))
    images = rng.integers(0, 256, (6, 4, 4, 3), dtype=np.uint8)
    out = Standardizer(scale=False).fit_transform(images)
    assert out.dtype == np.float64 and out.shape == images.shape
    assert np.allclose(out.mean(axis=0), 0.0)
    assert np.allclose(out, images - images.mean(axis=0))


def test_standardizer_errors_name_the_problem():
    with pytest.raises(ValueError, match="fit first"):
        Standardizer().transform(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"^X: expected samples of shape \(3,\)"):
        Standardizer().fit(np.zeros((2, 3))).transform(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="^X: expected finite"):
        Standardizer().fit(np.array([[np.nan, 1.0]]))
    with pytest.raises(ValueError, match="^X: expected finite"):
        Standardizer().fit(np.ones((2, 2))).transform(np.array([[np.inf, 1.0]]))
    with pytest.raises(TypeError, match="^scale: expected a bool"):
        Standardizer(scale="no")
    with pytest.raises(ValueError, match="^eps: expected"):
        Standardizer(eps=0)


def test_bias_trick_appends_ones_and_reproduces_the_bias():
    rng = np.random.default_rng(0)
    X, W, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    X1 = add_bias_dimension(X)
    assert X1.shape == (5, 4) and np.all(X1[:, -1] == 1.0)
    assert np.allclose(X1 @ np.vstack([W, b]), X @ W + b)
    with pytest.raises(ValueError, match="^X: expected an array with 2 dimensions"):
        add_bias_dimension(np.zeros(3))


def test_flatten_images_keeps_the_pixel_order():
    images = np.arange(2 * 2 * 2 * 3).reshape(2, 2, 2, 3).astype(np.uint8)
    X = flatten_images(images)
    assert X.shape == (2, 12) and X.dtype == np.float64
    assert np.array_equal(X[1], images[1].ravel())
    assert flatten_images(images, dtype=np.float32).dtype == np.float32
    with pytest.raises(TypeError, match="^dtype: expected float32 or float64, got int64"):
        flatten_images(images, dtype=np.int64)
    with pytest.raises(ValueError, match="^images: expected an array with 3 or 4"):
        flatten_images(np.zeros((4, 5)))
