r"""Data for the book: a synthetic image set, the CIFAR-10 loader, splits, batches, preprocessing.

* :func:`make_shapes` draws a seeded synthetic colour-image classification set in a fraction of a
  second per thousand images; the book's executed pages use it because it needs no download.
  ``SHAPES_CLASS_NAMES[label]`` names its classes.
* :func:`load_cifar10` reads the official "CIFAR-10 python version" batches
  :cite:p:`krizhevsky2009` with a restricted unpickler (never executes pickled code), and
  :func:`download_cifar10` fetches and checksum-verifies the official archive on request.
* :func:`train_val_split`, :func:`minibatches`, :func:`flatten_images`, :class:`MeanImage` and
  :func:`add_bias_dimension` are the small steps between images and a linear classifier.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ._validation import (
    check_array,
    check_bool,
    check_finite,
    check_integer,
    check_interval,
    check_labels,
    check_rng,
    describe,
)

__all__ = [
    "SHAPES_CLASS_NAMES",
    "make_shapes",
    "CIFAR10",
    "CIFAR10_URL",
    "CIFAR10_MD5",
    "load_cifar10",
    "download_cifar10",
    "train_val_split",
    "minibatches",
    "flatten_images",
    "MeanImage",
    "add_bias_dimension",
]

# --------------------------------------------------------------------------------------------
# make_shapes
# --------------------------------------------------------------------------------------------

#: Class names of :func:`make_shapes`, indexed by label.
SHAPES_CLASS_NAMES = (
    "warm circle",
    "cool circle",
    "warm square",
    "cool square",
    "warm triangle",
    "cool triangle",
)

# Hue ranges in degrees (warm wraps around red) and the other colour ranges.
_WARM_HUES = (-25.0, 45.0)
_COOL_HUES = (175.0, 245.0)
# Backgrounds: green (100..140) or, 180 degrees on, purple (280..320): never a family's hue,
# and on average as much red as blue.
_BACKGROUND_HUES = (100.0, 140.0)
# Equal areas: a square of half-side a and an equilateral triangle of circumradius R cover
# pi r^2 when a = r sqrt(pi) / 2 and R = r sqrt(4 pi / (3 sqrt 3)).
_SQUARE_HALF = float(np.sqrt(np.pi) / 2.0)
_TRIANGLE_R = float(np.sqrt(4.0 * np.pi / (3.0 * np.sqrt(3.0))))


def _hsv_to_rgb(h, s, v):
    """Vectorised HSV -> RGB; h in degrees (any real), s and v in [0, 1]; returns (..., 3)."""
    h = np.mod(h, 360.0) / 60.0
    c = v * s
    x = c * (1.0 - np.abs(np.mod(h, 2.0) - 1.0))
    m = v - c
    sector = np.floor(h).astype(np.int64) % 6
    zeros = np.zeros_like(c)
    # (r, g, b) before adding m, for each of the six sectors of the hue circle
    table = np.stack([
        np.stack([c, x, zeros], -1), np.stack([x, c, zeros], -1), np.stack([zeros, c, x], -1),
        np.stack([zeros, x, c], -1), np.stack([x, zeros, c], -1), np.stack([c, zeros, x], -1),
    ], 0)
    rgb = np.take_along_axis(table, sector[None, ..., None], axis=0)[0]
    return rgb + m[..., None]


def _render_chunk(labels, rng, size, noise):
    """Draw one chunk of images for the given labels; returns float32 in [0, 1], (n, S, S, 3)."""
    n = labels.shape[0]
    f32 = np.float32
    shape_id = labels // 2          # 0 circle, 1 square, 2 triangle
    colour_id = labels % 2          # 0 warm, 1 cool
    coords = np.arange(size, dtype=f32) + f32(0.5)
    py = coords[None, :, None]      # rows
    px = coords[None, None, :]      # columns

    # -- background: a low-saturation tint with two random gratings and pixel noise ------------
    # half the images: bright object on a dark background, the other half the reverse
    dark_object = rng.random(n) < 0.5
    bg_hue = rng.uniform(*_BACKGROUND_HUES, n) + 180.0 * rng.integers(0, 2, n)
    bg_sat = rng.uniform(0.15, 0.45, n)
    bg_val = np.where(dark_object, rng.uniform(0.7, 0.95, n), rng.uniform(0.1, 0.35, n))
    texture = np.zeros((n, size, size), dtype=f32)
    for _ in range(2):
        theta = rng.uniform(0.0, np.pi, n).astype(f32)[:, None, None]
        freq = rng.uniform(0.1, 0.45, n).astype(f32)[:, None, None]
        phase = rng.uniform(0.0, 2 * np.pi, n).astype(f32)[:, None, None]
        amp = rng.uniform(0.02, 0.06, n).astype(f32)[:, None, None]
        texture += amp * np.sin(freq * (px * np.cos(theta) + py * np.sin(theta)) + phase)
    base = _hsv_to_rgb(bg_hue, bg_sat, bg_val).astype(f32)              # (n, 3)
    img = base[:, None, None, :] * (1.0 + texture[..., None] * 2.0)      # tint times texture

    # -- the object: signed distance (in pixels) to a rotated, scaled shape --------------------
    # All three shapes cover the same area pi r^2, so the pixel count says nothing about shape.
    scale = f32(size / 32.0)
    radius = (rng.uniform(4.5, 7.5, n) * scale).astype(f32)[:, None, None]
    margin = _TRIANGLE_R * radius[:, 0, 0] + 1.0        # the largest shape fits, whatever the label
    cy = rng.uniform(margin, size - margin).astype(f32)[:, None, None]
    cx = rng.uniform(margin, size - margin).astype(f32)[:, None, None]
    angle = np.deg2rad(rng.uniform(-10.0, 10.0, n)).astype(f32)[:, None, None]
    dx, dy = px - cx, py - cy
    u = np.cos(angle) * dx + np.sin(angle) * dy                           # rotated frame
    v = -np.sin(angle) * dx + np.cos(angle) * dy
    dist = np.empty((n, size, size), dtype=f32)
    is_c, is_s, is_t = shape_id == 0, shape_id == 1, shape_id == 2
    if is_c.any():
        dist[is_c] = np.sqrt(u[is_c] ** 2 + v[is_c] ** 2) - radius[is_c]
    if is_s.any():
        half = f32(_SQUARE_HALF) * radius[is_s]
        dist[is_s] = np.maximum(np.abs(u[is_s]), np.abs(v[is_s])) - half
    if is_t.any():
        # equilateral triangle, apex up, circumradius R: three half-planes at distance R / 2
        R = f32(_TRIANGLE_R) * radius[is_t]
        edges = [u[is_t] * np.cos(a) + v[is_t] * np.sin(a)
                 for a in (np.pi / 2, np.pi / 2 + 2 * np.pi / 3, np.pi / 2 + 4 * np.pi / 3)]
        dist[is_t] = np.maximum(np.maximum(edges[0], edges[1]), edges[2]) - f32(0.5) * R
    alpha = np.clip(0.5 - dist, 0.0, 1.0)[..., None]                     # anti-aliased edge

    lo = np.where(colour_id == 0, _WARM_HUES[0], _COOL_HUES[0])
    hi = np.where(colour_id == 0, _WARM_HUES[1], _COOL_HUES[1])
    hue = rng.uniform(lo, hi)
    sat = rng.uniform(0.65, 1.0, n)
    val = np.where(dark_object, rng.uniform(0.3, 0.5, n), rng.uniform(0.75, 1.0, n))
    colour = _hsv_to_rgb(hue, sat, val).astype(f32)                     # (n, 3)
    img = img * (1.0 - alpha) + colour[:, None, None, :] * alpha
    img += rng.normal(0.0, noise, img.shape).astype(f32)
    return np.clip(img, 0.0, 1.0)


def make_shapes(n=1000, *, size=32, noise=0.03, seed=0):
    r"""A seeded synthetic colour-image classification set: shapes in colours on textures.

    Each image shows one filled shape on a textured background. The six classes combine a
    **shape** (circle, square, triangle) with a **colour family** (warm or cool), so that telling
    them apart needs both: colour alone narrows an image down to 3 classes, shape alone to 2.

    Parameters
    ----------
    n : int, optional
        Number of images, at least 1. Default 1000.
    size : int, optional
        Side of the square images in pixels, at least 16. Default 32.
    noise : float, optional
        Standard deviation of the Gaussian pixel noise, on the [0, 1] intensity scale, in
        [0, 1). Default 0.03.
    seed : int or numpy.random.Generator, optional
        Seed or generator; the same seed gives the same images. Default 0.

    Returns
    -------
    images : numpy.ndarray
        uint8 array of shape (n, size, size, 3), RGB, channels last.
    labels : numpy.ndarray
        int64 array of shape (n,) with values in 0..5; ``SHAPES_CLASS_NAMES[label]`` names the
        class. Classes are balanced (label ``i % 6`` for image ``i`` before shuffling) and the
        order is shuffled.

    Notes
    -----
    Class definitions. The label says which shape is drawn and from which hue range its colour
    comes; nothing else depends on the label.

    ===== ============== ======================================================================
    label name           definition
    ===== ============== ======================================================================
    0     warm circle    a disc of radius :math:`r`; object hue in [-25, 45) degrees (red to
                         orange-yellow)
    1     cool circle    a disc of radius :math:`r`; object hue in [175, 245) degrees (cyan to
                         blue)
    2     warm square    a square of half-side :math:`r\sqrt\pi/2`; warm hue
    3     cool square    a square of half-side :math:`r\sqrt\pi/2`; cool hue
    4     warm triangle  an equilateral triangle, apex up, of circumradius
                         :math:`r\sqrt{4\pi/(3\sqrt3)}`; warm hue
    5     cool triangle  the same triangle; cool hue
    ===== ============== ======================================================================

    The three shapes have the same area :math:`\pi r^2`, so counting object pixels says nothing
    about the shape. Everything else is drawn independently of the label, uniformly at random
    (sizes for ``size=32``, scaled with ``size``):

    * shape: :math:`r \in [4.5, 7.5)` pixels; rotation in [-10, 10) degrees; centre anywhere that
      keeps the largest of the three shapes of that :math:`r` inside the image;
    * colour: hue uniform in the family's range, saturation in [0.65, 1);
    * contrast polarity, a fair coin: a bright object (value in [0.75, 1)) on a dark background
      (value in [0.1, 0.35)), or a dark object (value in [0.3, 0.5)) on a bright background
      (value in [0.7, 0.95));
    * background: saturation in [0.15, 0.45), hue green ([100, 140) degrees) or purple
      ([280, 320)) — never a hue of either family, and as much red as blue on average —
      modulated by two sinusoidal gratings of random orientation, frequency and phase;
    * Gaussian pixel noise of standard deviation ``noise``, clipping to [0, 1], rounding to
      uint8.

    What a linear classifier can use (measured in the features part of the book):

    * a **hue histogram** sees the colour family (mass in warm or in cool hue bins) but nothing
      of the shape: at best 1 class in 3 is certain, so about 33 % accuracy;
    * **gradient features** (HOG) see edge orientations — all directions for a disc, 0 and 90
      degrees for a square, 90 and ±30 degrees for a triangle — but not the hue, and they are
      blind to contrast polarity: about 50 %;
    * **raw pixels** see the colour family (red minus blue summed over pixels) but hardly the
      shape, since a linear template cannot follow a shape that moves and flips from bright to
      dark: a little above 33 %;
    * hue and gradient features **combined** see both and score far higher than either alone.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.datasets import make_shapes, SHAPES_CLASS_NAMES
    >>> images, labels = make_shapes(12, seed=0)
    >>> images.shape, images.dtype, labels.dtype
    ((12, 32, 32, 3), dtype('uint8'), dtype('int64'))
    >>> sorted(np.bincount(labels).tolist())
    [2, 2, 2, 2, 2, 2]
    >>> SHAPES_CLASS_NAMES[labels[0]] in SHAPES_CLASS_NAMES
    True
    """
    n = check_integer(n, "n", minimum=1)
    size = check_integer(size, "size", minimum=16)
    noise = check_interval(noise, "noise", 0.0, 1.0)
    rng = check_rng(seed, "seed")
    labels = rng.permutation(np.arange(n, dtype=np.int64) % len(SHAPES_CLASS_NAMES))
    images = np.empty((n, size, size, 3), dtype=np.uint8)
    chunk = 2048
    for start in range(0, n, chunk):
        part = _render_chunk(labels[start:start + chunk], rng, size, noise)
        images[start:start + chunk] = np.rint(part * 255.0).astype(np.uint8)
    return images, labels


# --------------------------------------------------------------------------------------------
# CIFAR-10
# --------------------------------------------------------------------------------------------

#: Where the official "CIFAR-10 python version" archive is published.
CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
#: The MD5 checksum published for that archive.
CIFAR10_MD5 = "c58f30108f718f92721af3b95e74349a"
_CIFAR10_DIR = "cifar-10-batches-py"
_CIFAR10_TRAIN = tuple(f"data_batch_{i}" for i in range(1, 6))

class CIFAR10(NamedTuple):
    """CIFAR-10 as returned by :func:`load_cifar10`: a named tuple that unpacks like a 5-tuple.

    Parameters
    ----------
    X_train : numpy.ndarray
        Training images, uint8 of shape (N, 32, 32, 3), RGB, channels last.
    y_train : numpy.ndarray
        Training labels, int64 of shape (N,), in 0..9.
    X_test : numpy.ndarray
        Test images, uint8 of shape (M, 32, 32, 3).
    y_test : numpy.ndarray
        Test labels, int64 of shape (M,).
    class_names : list of str
        The 10 class names, indexed by label.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.datasets import CIFAR10
    >>> data = CIFAR10(np.zeros((2, 32, 32, 3), np.uint8), np.array([0, 1]),
    ...                np.zeros((1, 32, 32, 3), np.uint8), np.array([1]), ["cat", "dog"])
    >>> X_train, y_train, X_test, y_test, names = data
    >>> X_train.shape, data.class_names[data.y_test[0]]
    ((2, 32, 32, 3), 'dog')
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    class_names: list


for _field, _text in [("X_train", "Training images, uint8 of shape (N, 32, 32, 3)."),
                      ("y_train", "Training labels, int64 of shape (N,)."),
                      ("X_test", "Test images, uint8 of shape (M, 32, 32, 3)."),
                      ("y_test", "Test labels, int64 of shape (M,)."),
                      ("class_names", "The 10 class names, indexed by label.")]:
    getattr(CIFAR10, _field).__doc__ = _text
del _field, _text


class _RestrictedUnpickler(pickle.Unpickler):
    """Unpickler that resolves only the NumPy names an ndarray pickle needs."""

    _ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("_codecs", "encode"),  # how Python 3 spells bytes in a protocol-2 pickle
    }

    def find_class(self, module, name):
        if (module, name) in self._ALLOWED:
            if name == "_reconstruct":
                return _reconstruct()
            if module == "_codecs":
                return _latin1_encode
            return getattr(np, name)
        raise pickle.UnpicklingError(
            f"refusing to load {module}.{name}: a CIFAR-10 batch holds only dicts, lists, bytes, "
            f"strings and NumPy arrays")


def _latin1_encode(text, encoding="latin1"):
    """Stand-in for ``_codecs.encode`` that only turns str into bytes."""
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        raise pickle.UnpicklingError("refusing _codecs.encode other than str -> latin1 bytes")
    return text.encode("latin1")


def _reconstruct():
    try:
        from numpy._core.multiarray import _reconstruct as rec  # NumPy >= 2
    except ImportError:  # pragma: no cover - NumPy 1.x
        from numpy.core.multiarray import _reconstruct as rec
    return rec


def _read_batch(path, expected_keys):
    """Unpickle one batch file safely and check that it is a dict with the expected keys."""
    with open(path, "rb") as fh:
        try:
            obj = _RestrictedUnpickler(fh, encoding="latin1").load()
        except pickle.UnpicklingError as err:
            raise ValueError(f"{path}: not a CIFAR-10 batch file ({err})") from None
        except (EOFError, ValueError, TypeError, AttributeError, IndexError) as err:
            raise ValueError(f"{path}: not a readable CIFAR-10 batch file ({err})") from None
    if not isinstance(obj, dict):
        raise ValueError(f"{path}: expected a pickled dict, got {type(obj).__name__}")
    keys = {k.decode("latin1") if isinstance(k, bytes) else k: v for k, v in obj.items()}
    missing = [k for k in expected_keys if k not in keys]
    if missing:
        raise ValueError(f"{path}: expected keys {list(expected_keys)}, missing {missing}")
    return keys


def _batch_arrays(path):
    d = _read_batch(path, ("data", "labels"))
    data, labels = d["data"], d["labels"]
    if not isinstance(data, np.ndarray) or data.dtype != np.uint8 or data.ndim != 2 \
            or data.shape[1] != 3072:
        raise ValueError(f"{path}: expected 'data' as a uint8 array of shape (N, 3072), "
                         f"got {describe(data)}")
    labels = np.asarray(labels)
    if labels.shape != (data.shape[0],) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"{path}: expected {data.shape[0]} integer labels, got "
                         f"{describe(labels)}")
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise ValueError(f"{path}: expected labels in 0..9, got values from {labels.min()} "
                         f"to {labels.max()}")
    images = data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return np.ascontiguousarray(images), labels.astype(np.int64)


def _find_cifar_dir(root):
    root = Path(root)
    for cand in (root / _CIFAR10_DIR, root):
        if (cand / "batches.meta").is_file():
            return cand
    return None


def load_cifar10(root, download=False):
    """Load CIFAR-10 from the official "python version" batch files.

    Parameters
    ----------
    root : str or os.PathLike
        The folder that holds ``cifar-10-batches-py/`` (as extracted from the official archive)
        or that folder itself.
    download : bool, optional
        If the files are missing, fetch the official archive into ``root`` with
        :func:`download_cifar10` (checksum-verified, about 163 MB). Default False.

    Returns
    -------
    CIFAR10
        A named tuple ``(X_train, y_train, X_test, y_test, class_names)``: images as uint8
        arrays of shape (N, 32, 32, 3) (RGB, channels last; 50,000 and 10,000 in the official
        set), labels as int64 arrays of shape (N,) in 0..9, and the 10 class names as str.

    Raises
    ------
    FileNotFoundError
        If the batch files are not there and ``download`` is False.
    ValueError
        If a file is not a CIFAR-10 batch, or holds anything but dicts, lists, bytes, strings
        and NumPy arrays (the restricted unpickler never runs code from a file).

    Notes
    -----
    Each batch is a pickled dict with ``data``, a uint8 array of shape (N, 3072) whose rows hold
    the red, green and blue 32 x 32 planes one after the other, and ``labels``, a list of N
    ints. ``batches.meta`` holds ``label_names``. The files were written by Python 2 and an old
    NumPy, so the unpickler accepts ``numpy.core.multiarray._reconstruct`` and its NumPy 2 name
    ``numpy._core.multiarray._reconstruct``, plus ``numpy.ndarray``, ``numpy.dtype`` and
    ``_codecs.encode`` restricted to text-to-bytes (how Python 3 writes bytes in a protocol-2
    pickle) — and nothing else.

    References
    ----------
    :cite:t:`krizhevsky2009`.

    Examples
    --------
    >>> import tempfile
    >>> from minidl.datasets import load_cifar10
    >>> try:
    ...     load_cifar10(tempfile.mkdtemp())
    ... except FileNotFoundError as err:
    ...     print("not there:", "download=True" in str(err))
    not there: True
    """
    if not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"root: expected a path (str or os.PathLike), got {describe(root)}")
    check_bool(download, "download")
    folder = _find_cifar_dir(root)
    if folder is None and download:
        download_cifar10(root)
        folder = _find_cifar_dir(root)
    if folder is None:
        raise FileNotFoundError(
            f"root: expected the CIFAR-10 python batches in {Path(root) / _CIFAR10_DIR}, got no "
            f"batches.meta there; pass download=True to fetch {CIFAR10_URL}")
    meta = _read_batch(folder / "batches.meta", ("label_names",))
    names = [n.decode("latin1") if isinstance(n, bytes) else str(n) for n in meta["label_names"]]
    train = [folder / name for name in _CIFAR10_TRAIN if (folder / name).is_file()]
    if not train:
        raise FileNotFoundError(f"root: expected data_batch_1..5 in {folder}, got none")
    if not (folder / "test_batch").is_file():
        raise FileNotFoundError(f"root: expected test_batch in {folder}, got none")
    parts = [_batch_arrays(p) for p in train]
    X_train = np.concatenate([p[0] for p in parts])
    y_train = np.concatenate([p[1] for p in parts])
    X_test, y_test = _batch_arrays(folder / "test_batch")
    return CIFAR10(X_train, y_train, X_test, y_test, names)


def _progress(done, total, stream):
    if total:
        pct = 100.0 * done / total
        stream.write(f"\r  {done / 1e6:7.1f} / {total / 1e6:.1f} MB ({pct:5.1f}%)")
    else:
        stream.write(f"\r  {done / 1e6:7.1f} MB")
    stream.flush()


def download_cifar10(root, *, url=CIFAR10_URL, md5=CIFAR10_MD5, progress=True):
    """Fetch the CIFAR-10 archive, verify its MD5 checksum, and extract it into ``root``.

    Parameters
    ----------
    root : str or os.PathLike
        Folder to extract into; ``cifar-10-batches-py/`` appears inside it. Created if needed.
    url : str, optional
        Where to fetch from. Default the official address, ``minidl.datasets.CIFAR10_URL``.
    md5 : str, optional
        Expected hexadecimal MD5 of the archive. Default the published checksum,
        ``minidl.datasets.CIFAR10_MD5``.
    progress : bool, optional
        Print the downloaded megabytes to standard error. Default True.

    Returns
    -------
    pathlib.Path
        The folder holding the batch files.

    Raises
    ------
    ValueError
        If the checksum does not match (nothing is extracted, the download is deleted) or the
        archive holds a member that would land outside ``root``.

    Notes
    -----
    The archive is first written to a temporary file inside ``root`` and hashed while it
    streams; only a verified archive is opened, and only regular files and folders under
    ``cifar-10-batches-py/`` are extracted.

    Examples
    --------
    >>> from minidl.datasets import download_cifar10, CIFAR10_MD5
    >>> len(CIFAR10_MD5)
    32
    """
    if not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"root: expected a path (str or os.PathLike), got {describe(root)}")
    if not isinstance(url, str):
        raise TypeError(f"url: expected a str, got {describe(url)}")
    if not isinstance(md5, str) or len(md5) != 32:
        raise ValueError(f"md5: expected 32 hexadecimal digits, got {md5!r}")
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    stream = sys.stderr
    digest = hashlib.md5()
    fd, tmp_name = tempfile.mkstemp(suffix=".tar.gz", dir=root)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url) as response:
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            if progress:
                stream.write(f"downloading {url}\n")
            while True:
                block = response.read(1 << 20)
                if not block:
                    break
                out.write(block)
                digest.update(block)
                done += len(block)
                if progress:
                    _progress(done, total, stream)
            if progress:
                stream.write("\n")
        got = digest.hexdigest()
        if got != md5.lower():
            raise ValueError(f"md5: expected {md5.lower()} for {url}, got {got}; the download "
                             f"is corrupt or not the official archive and was deleted")
        with tarfile.open(tmp, "r:gz") as tar:
            members = []
            for m in tar.getmembers():
                target = (root / m.name).resolve()
                if not (m.isfile() or m.isdir()) or root.resolve() not in target.parents:
                    raise ValueError(f"url: expected an archive of plain files under "
                                     f"{_CIFAR10_DIR}/, got member {m.name!r}")
                members.append(m)
            if hasattr(tarfile, "data_filter"):  # Python >= 3.11.4: also refuse odd modes
                tar.extractall(root, members=members, filter="data")
            else:  # pragma: no cover
                tar.extractall(root, members=members)
    finally:
        if tmp.exists():
            tmp.unlink()
    folder = _find_cifar_dir(root)
    if folder is None:
        raise ValueError(f"url: expected the archive to contain {_CIFAR10_DIR}/batches.meta, "
                         f"got no such file")
    return folder


# --------------------------------------------------------------------------------------------
# splits, batches and preprocessing
# --------------------------------------------------------------------------------------------

def _check_xy(X, y, xname="X", yname="y"):
    X = check_array(X, xname, ndim=(2, 3, 4))
    y = check_labels(y, yname, length=X.shape[0])
    return X, y


def train_val_split(X, y, val_size=0.1, *, shuffle=True, rng=None):
    """Split samples into a training part and a validation part.

    Parameters
    ----------
    X : array_like
        Samples of shape (N, D) or images of shape (N, H, W) or (N, H, W, C), any numeric dtype.
    y : array_like
        Integer labels of shape (N,).
    val_size : int or float, optional
        Number of validation samples (an int in 1..N-1) or their fraction (a float in (0, 1)).
        Default 0.1.
    shuffle : bool, optional
        Shuffle before splitting (seeded). If False the last ``val_size`` samples are the
        validation set, as in the CS231n assignment. Default True.
    rng : numpy.random.Generator or int, optional
        Generator or seed for the shuffle. Default None (seed 0).

    Returns
    -------
    X_train, X_val, y_train, y_val : numpy.ndarray
        The two parts, in scikit-learn's order; dtypes unchanged, labels int64.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.datasets import train_val_split
    >>> X = np.arange(20).reshape(10, 2)
    >>> y = np.arange(10) % 2
    >>> X_tr, X_val, y_tr, y_val = train_val_split(X, y, val_size=3, shuffle=False)
    >>> X_tr.shape, X_val.shape, y_val.tolist()
    ((7, 2), (3, 2), [1, 0, 1])
    """
    X, y = _check_xy(X, y)
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"X: expected at least 2 samples to split, got {n}")
    if isinstance(val_size, (float, np.floating)):
        frac = check_interval(float(val_size), "val_size", 0.0, 1.0, closed="neither")
        n_val = min(max(1, int(round(frac * n))), n - 1)
    else:
        n_val = check_integer(val_size, "val_size", minimum=1, maximum=n - 1)
    check_bool(shuffle, "shuffle")
    order = check_rng(rng).permutation(n) if shuffle else np.arange(n)
    tr, va = order[: n - n_val], order[n - n_val:]
    return X[tr], X[va], y[tr], y[va]


def minibatches(X, y, batch_size, *, shuffle=True, drop_last=False, rng=None):
    """Yield ``(X_batch, y_batch)`` pairs that together cover the data set once (one epoch).

    Parameters
    ----------
    X : array_like
        Samples of shape (N, ...) with N >= 1.
    y : array_like
        Integer labels of shape (N,).
    batch_size : int
        Samples per batch B, at least 1.
    shuffle : bool, optional
        Visit samples in a seeded random order (a fresh permutation each call). Default True.
    drop_last : bool, optional
        If N is not a multiple of B, the last batch holds the remaining N mod B samples; with
        ``drop_last=True`` it is skipped instead. Default False.
    rng : numpy.random.Generator or int, optional
        Generator or seed for the shuffle; pass one Generator to get a different order in
        every epoch. Default None (seed 0).

    Yields
    ------
    tuple of numpy.ndarray
        ``X_batch`` of shape (B, ...) and ``y_batch`` of shape (B,) (the last may be smaller).

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.datasets import minibatches
    >>> X, y = np.arange(10).reshape(5, 2), np.arange(5)
    >>> [yb.tolist() for _, yb in minibatches(X, y, 2, shuffle=False)]
    [[0, 1], [2, 3], [4]]
    >>> [yb.tolist() for _, yb in minibatches(X, y, 2, shuffle=False, drop_last=True)]
    [[0, 1], [2, 3]]
    """
    X = check_array(X, "X")
    y = check_labels(y, "y", length=X.shape[0])
    batch_size = check_integer(batch_size, "batch_size", minimum=1)
    check_bool(shuffle, "shuffle")
    check_bool(drop_last, "drop_last")
    n = X.shape[0]
    if drop_last and batch_size > n:
        raise ValueError(f"batch_size: expected at most {n} (the number of samples) with "
                         f"drop_last=True, got {batch_size}")
    order = check_rng(rng).permutation(n) if shuffle else np.arange(n)
    stop = n - n % batch_size if drop_last else n
    for start in range(0, stop, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]


def flatten_images(images, dtype=np.float64):
    """Turn images (N, H, W[, C]) into a data matrix X of shape (N, D), D = H * W * C.

    Parameters
    ----------
    images : array_like
        Images of shape (N, H, W) or (N, H, W, C), any numeric dtype (uint8 typically).
    dtype : numpy.dtype or type, optional
        Floating dtype of the result. Default float64.

    Returns
    -------
    numpy.ndarray
        Array of shape (N, D) and the requested dtype, one image per row.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.datasets import flatten_images
    >>> flatten_images(np.zeros((4, 32, 32, 3), dtype=np.uint8)).shape
    (4, 3072)
    """
    images = check_array(images, "images", ndim=(3, 4))
    if not np.issubdtype(np.dtype(dtype), np.floating):
        raise TypeError(f"dtype: expected a floating dtype, got {np.dtype(dtype)}")
    return images.reshape(images.shape[0], -1).astype(dtype)


class MeanImage:
    r"""Subtract the mean training image (mean-image centring), fitted on training data only.

    Attributes
    ----------
    mean_ : numpy.ndarray or None
        The mean of the training rows, float64 of shape (D,), after :meth:`fit`.

    Notes
    -----
    .. math:: x_i \leftarrow x_i - \mu, \qquad \mu = \frac1N \sum_{i \in \text{train}} x_i

    The same :math:`\mu` is subtracted from validation and test data: fitting it on those
    would leak information from them into training.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.datasets import MeanImage
    >>> X_train = np.array([[0.0, 2.0], [2.0, 4.0]])
    >>> centre = MeanImage().fit(X_train)
    >>> print(centre.mean_, centre.transform(np.array([[1.0, 1.0]])))
    [1. 3.] [[ 0. -2.]]
    """

    def __init__(self):
        self.mean_ = None

    def fit(self, X):
        """Compute the mean row of the training data.

        Parameters
        ----------
        X : array_like
            Training data of shape (N, D) (or images of shape (N, H, W, C)), N >= 1.

        Returns
        -------
        MeanImage
            ``self``, so that ``MeanImage().fit(X).transform(X)`` chains.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.datasets import MeanImage
        >>> MeanImage().fit(np.ones((3, 2))).mean_.tolist()
        [1.0, 1.0]
        """
        X = check_finite(check_array(X, "X", ndim=(2, 3, 4)), "X")
        self.mean_ = X.mean(axis=0, dtype=np.float64)
        return self

    def transform(self, X):
        """Subtract the fitted mean.

        Parameters
        ----------
        X : array_like
            Data with the same trailing shape as the training data.

        Returns
        -------
        numpy.ndarray
            float64 array of the same shape as ``X``.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.datasets import MeanImage
        >>> MeanImage().fit(np.ones((3, 2))).transform(np.zeros((1, 2))).tolist()
        [[-1.0, -1.0]]
        """
        if self.mean_ is None:
            raise ValueError("MeanImage: expected fit() before transform(), got an unfitted "
                             "instance")
        X = check_array(X, "X", ndim=(2, 3, 4))
        if X.shape[1:] != self.mean_.shape:
            raise ValueError(f"X: expected samples of shape {self.mean_.shape}, got shape "
                             f"{X.shape[1:]}")
        return X.astype(np.float64) - self.mean_

    def fit_transform(self, X):
        """Fit on ``X`` and return ``X`` centred.

        Parameters
        ----------
        X : array_like
            Training data of shape (N, D) or (N, H, W, C).

        Returns
        -------
        numpy.ndarray
            float64 array of the same shape, each column with mean 0.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.datasets import MeanImage
        >>> MeanImage().fit_transform(np.array([[1.0], [3.0]])).tolist()
        [[-1.0], [1.0]]
        """
        return self.fit(X).transform(X)


def add_bias_dimension(X):
    r"""The bias trick: append a constant 1 to every row, so that b becomes a row of W.

    Parameters
    ----------
    X : array_like
        Data of shape (N, D).

    Returns
    -------
    numpy.ndarray
        Array of shape (N, D + 1), float64, whose last column is all ones.

    Notes
    -----
    .. math:: [x_i, 1] \begin{bmatrix} W \\ b \end{bmatrix} = x_i W + b

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.datasets import add_bias_dimension
    >>> add_bias_dimension(np.zeros((2, 3))).tolist()
    [[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 1.0]]
    """
    X = check_array(X, "X", ndim=2)
    return np.hstack([X.astype(np.float64), np.ones((X.shape[0], 1))])
