r"""Optimizers, learning-rate schedules and the lecture's baseline search strategies.

Every optimizer here turns the gradients stored in ``p.grad`` into an in-place update of
``p.data`` for a list of :class:`~minidl.Tensor` parameters. Keyword names, defaults and update
rules follow the documentation of PyTorch's ``torch.optim`` (SGD, Adagrad, RMSprop, Adam,
AdamW), so code and numbers carry over between the two. What is left out: parameter groups,
``maximize``, ``foreach``/``fused``, ``state_dict``; and a learning rate of 0 is refused at
construction (PyTorch accepts it).

The usual loop is::

    optimizer = Adam(model.parameters(), lr=1e-3)
    for X, y in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()

The package has one module per idea of the book, and every name below is importable from
``minidl.optim`` itself:

- ``minidl/optim/optimizers.py`` — the base class :class:`Optimizer` and the optimizers
  :class:`SGD`, :class:`Adagrad`, :class:`RMSprop`, :class:`Adam`, :class:`AdamW`, each with
  its update rule as an equation and as one update function.
- ``minidl/optim/schedules.py`` — schedules (:class:`StepLR`, :class:`ExponentialLR`,
  :class:`CosineAnnealingLR`, :class:`LinearLR`, :class:`SequentialLR`) that change
  ``optimizer.lr`` between steps and work with any optimizer.
- ``minidl/optim/search.py`` — :func:`random_search` and :func:`random_local_search`, the
  first two strategies of the lecture, kept as baselines that the gradient-based optimizers
  must beat.
"""
from .optimizers import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop
from .schedules import (
    CosineAnnealingLR,
    ExponentialLR,
    LinearLR,
    LRScheduler,
    SequentialLR,
    StepLR,
)
from .search import SearchResult, random_local_search, random_search

__all__ = [
    "Optimizer",
    "SGD",
    "Adagrad",
    "RMSprop",
    "Adam",
    "AdamW",
    "LRScheduler",
    "StepLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "LinearLR",
    "SequentialLR",
    "SearchResult",
    "random_search",
    "random_local_search",
]
