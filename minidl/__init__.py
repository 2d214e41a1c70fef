"""minidl: a compact NumPy library for learning how neural networks learn.

The modules follow the concepts of the book, one each:

- :mod:`minidl.tensor` — :class:`Tensor`, reverse-mode automatic differentiation,
  :class:`no_grad` and :func:`is_grad_enabled`; all three are available here as
  ``minidl.Tensor``, ``minidl.no_grad`` and ``minidl.is_grad_enabled``.
- :mod:`minidl.functional` — softmax, cross-entropy, hinge loss and L2 on tensors.
- :mod:`minidl.layers` — backpropagation by hand: forward/backward pairs of the layers.
- :mod:`minidl.nn` — modules: ``Linear``, ``ReLU``, ``Sequential``.
- :mod:`minidl.gradcheck` — numerical gradients, relative error, gradient checking.
- :mod:`minidl.optim` — SGD, Adagrad, RMSprop, Adam, AdamW, schedules, random search.
- :mod:`minidl.landscapes` — small 2-D functions to watch optimizers on.
- :mod:`minidl.datasets` — the synthetic shapes data set, CIFAR-10 loading, batching.
- :mod:`minidl.models` — linear SVM and softmax classifiers, a two-layer network, training.
- :mod:`minidl.features` — hue histograms, HOG, k-means and bags of visual words.
- :mod:`minidl.viz` — plotting helpers (matplotlib is imported only when one is called).

NumPy is the only dependency of everything above.

Examples
--------
>>> import minidl
>>> x = minidl.Tensor([1.0, 2.0, 3.0], requires_grad=True)
>>> (x * x).sum().backward()
>>> print(x.grad)
[2. 4. 6.]
"""
from . import (datasets, features, functional, gradcheck, landscapes, layers, models, nn, optim,
               tensor, viz)
from .tensor import Tensor, is_grad_enabled, no_grad

__version__ = "0.1.0"

__all__ = ["Tensor", "no_grad", "is_grad_enabled", "tensor", "functional", "layers", "nn",
           "gradcheck", "optim", "landscapes", "datasets", "models", "features", "viz",
           "__version__"]
