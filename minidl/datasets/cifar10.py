r"""CIFAR-10 from the official "CIFAR-10 python version" files, read safely.

:func:`load_cifar10` reads the batches :cite:p:`krizhevsky2009` with a restricted unpickler
(it never executes pickled code), and :func:`download_cifar10` fetches and checksum-verifies the
official archive when asked.
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

from .._validation import check_bool, describe

__all__ = ["CIFAR10", "CIFAR10_URL", "CIFAR10_MD5", "load_cifar10", "download_cifar10"]

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


def _label_names(path):
    """The 10 class names of ``batches.meta``, as str."""
    names = _read_batch(path, ("label_names",))["label_names"]
    if not isinstance(names, list) or len(names) != 10 \
            or not all(isinstance(n, (str, bytes)) for n in names):
        raise ValueError(f"{path}: expected 'label_names' as a list of 10 strings, got "
                         f"{describe(names)}")
    return [n.decode("latin1") if isinstance(n, bytes) else n for n in names]


def _check_root(root):
    if not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"root: expected a path (str or os.PathLike), got {describe(root)}")


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
        If a file is not a CIFAR-10 batch (``batches.meta`` without 10 label names, a batch
        without a uint8 ``data`` array of shape (N, 3072) and N labels in 0..9), or holds
        anything but dicts, lists, bytes, strings and NumPy arrays (the restricted unpickler
        never runs code from a file). The message names the file.

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
    _check_root(root)
    check_bool(download, "download")
    folder = _find_cifar_dir(root)
    if folder is None and download:
        download_cifar10(root)
        folder = _find_cifar_dir(root)
    if folder is None:
        raise FileNotFoundError(
            f"root: expected the CIFAR-10 python batches in {Path(root) / _CIFAR10_DIR}, got no "
            f"batches.meta there; pass download=True to fetch {CIFAR10_URL}")
    names = _label_names(folder / "batches.meta")
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
    _check_root(root)
    if not isinstance(url, str):
        raise TypeError(f"url: expected a str, got {describe(url)}")
    if not isinstance(md5, str):
        raise TypeError(f"md5: expected a str of 32 hexadecimal digits, got {describe(md5)}")
    if len(md5) != 32 or any(ch not in "0123456789abcdefABCDEF" for ch in md5):
        raise ValueError(f"md5: expected 32 hexadecimal digits, got {md5!r}")
    check_bool(progress, "progress")
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
