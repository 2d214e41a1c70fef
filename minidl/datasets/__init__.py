r"""Data for the book: a synthetic image set, the CIFAR-10 loader, splits, batches, preprocessing.

The package has one module per idea, and every name below is importable from
``minidl.datasets`` itself:

- ``minidl/datasets/shapes.py`` — :func:`make_shapes` draws a seeded synthetic colour-image
  classification set in a fraction of a second per thousand images; the book's executed pages
  use it because it needs no download. ``SHAPES_CLASS_NAMES[label]`` names its classes.
- ``minidl/datasets/cifar10.py`` — :func:`load_cifar10` reads the official "CIFAR-10 python
  version" batches :cite:p:`krizhevsky2009` with a restricted unpickler (never executes pickled
  code) into a :class:`CIFAR10` tuple, and :func:`download_cifar10` fetches and
  checksum-verifies the official archive on request.
- ``minidl/datasets/preprocessing.py`` — :func:`train_val_split`, :func:`minibatches`,
  :func:`flatten_images`, :class:`Standardizer` and :func:`add_bias_dimension`, the small steps
  between images and a classifier.
"""
from .cifar10 import CIFAR10, CIFAR10_MD5, CIFAR10_URL, download_cifar10, load_cifar10
from .preprocessing import (
    Standardizer,
    add_bias_dimension,
    flatten_images,
    minibatches,
    train_val_split,
)
from .shapes import SHAPES_CLASS_NAMES, make_shapes

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
    "Standardizer",
    "add_bias_dimension",
]
