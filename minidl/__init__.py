"""minidl: a compact NumPy library for learning how neural networks learn.

The modules follow the concepts of the book, one each (a small package where a concept has
several pages):

- :mod:`minidl.engine` — the graph every :class:`Tensor` is a node of: the one traversal
  (``topological_order``), ``no_grad`` and the kink recorder used by gradient checking.
- :mod:`minidl.tensor` — :class:`Tensor`: each operation, its forward rule and its local
  backward rule side by side. ``minidl.Tensor``, ``minidl.no_grad`` and
  ``minidl.is_grad_enabled`` are available here.
- :mod:`minidl.layers` — backpropagation by hand: forward/backward pairs of the layers and the
  two losses; the one place where each formula is written.
- :mod:`minidl.functional` — softmax, cross-entropy, hinge loss and L2 on tensors.
- :mod:`minidl.nn` — modules: ``Linear``, ``ReLU``, ``Sequential``.
- :mod:`minidl.gradcheck` — numerical gradients, relative error, gradient checking.
- :mod:`minidl.optim` — ``optimizers`` (SGD to AdamW), ``schedules``, ``search`` (random search).
- :mod:`minidl.landscapes` — small 2-D functions to watch optimizers on.
- :mod:`minidl.datasets` — ``shapes`` (synthetic images), ``cifar10`` (loading),
  ``preprocessing`` (splits, minibatches, standardisation, the bias trick).
- :mod:`minidl.models` — ``linear`` classifiers, the ``two_layer`` network, their ``losses``
  written as in the course, and ``training`` (one ``fit`` for every model).
- :mod:`minidl.features` — ``color`` (hue histogram), ``hog``, ``bag_of_words`` (with
  k-means), ``pipeline``.
- :mod:`minidl.viz` — plotting helpers (matplotlib is imported only when one is called).
- :mod:`minidl.experiments` — the CIFAR-10 table of the course, from the command line.

NumPy is the only dependency of everything above.

Examples
--------
>>> import minidl
>>> x = minidl.Tensor([1.0, 2.0, 3.0], requires_grad=True)
>>> (x * x).sum().backward()
>>> print(x.grad)
[2. 4. 6.]
"""
from . import (datasets, engine, features, functional, gradcheck, landscapes, layers, models, nn,
               optim, tensor, viz)
from .tensor import Tensor, is_grad_enabled, no_grad

__version__ = "0.1.0"

__all__ = ["Tensor", "no_grad", "is_grad_enabled", "engine", "tensor", "functional", "layers", "nn",
           "gradcheck", "optim", "landscapes", "datasets", "models", "features", "viz",
           "__version__"]
