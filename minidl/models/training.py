r"""Training any model: :func:`fit`, the :class:`History` it records, and :func:`accuracy`.

:func:`fit` is the loop every page of the book writes out once by hand::

    for epoch in range(epochs):
        for X_batch, y_batch in minibatches(X, y, batch_size, rng=rng):
            optimizer.zero_grad()
            loss = loss_fn(model(X_batch), y_batch) + reg * l2(weights)
            loss.backward()
            optimizer.step()
        scheduler.step()

with the data checked once before the first iteration, and the loss and accuracies recorded.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validation import (
    check_batch_size,
    check_bool,
    check_integer,
    check_labels,
    check_positive,
    check_rng,
    check_stream,
    describe,
)
from ..datasets import minibatches
from ..functional import l2
from ..nn import Module
from ..tensor import Tensor, no_grad
from ._checks import check_rows

__all__ = ["accuracy", "History", "fit"]


def accuracy(y_true, y_pred):
    """Fraction of predictions equal to the true labels.

    Parameters
    ----------
    y_true : array_like
        Integer labels of shape (N,).
    y_pred : array_like
        Predicted integer labels of shape (N,).

    Returns
    -------
    float
        A number in [0, 1].

    Examples
    --------
    >>> from minidl.models import accuracy
    >>> accuracy([0, 1, 2, 2], [0, 1, 1, 2])
    0.75
    """
    y_true = check_labels(y_true, "y_true")
    y_pred = check_labels(y_pred, "y_pred", length=y_true.shape[0])
    return float(np.mean(y_true == y_pred))


@dataclass
class History:
    """What :func:`fit` records: the loss of every iteration, accuracies after every epoch.

    Attributes
    ----------
    loss : list of float
        The minibatch loss of every iteration, in order (with the ``reg`` penalty).
    train_accuracy : list of float
        Accuracy on a fixed sample of up to ``train_eval_size`` training examples after each
        epoch.
    val_accuracy : list of float
        Validation accuracy after each epoch (empty without validation data).
    lr : list of float
        The learning rate used in each epoch.
    iterations_per_epoch : int
        :math:`\\lceil N / B \\rceil`, or :math:`\\lfloor N / B \\rfloor` with ``drop_last``.

    Examples
    --------
    >>> from minidl.models import History
    >>> h = History(loss=[2.3, 2.1], train_accuracy=[0.3], val_accuracy=[0.25], lr=[0.1],
    ...             iterations_per_epoch=2)
    >>> h.epochs
    1
    """

    loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    iterations_per_epoch: int = 0

    def __post_init__(self):
        for name in ("loss", "train_accuracy", "val_accuracy", "lr"):
            if not isinstance(getattr(self, name), list):
                raise TypeError(f"{name}: expected a list of floats, "
                                f"got {describe(getattr(self, name))}")
        check_integer(self.iterations_per_epoch, "iterations_per_epoch", minimum=0)

    @property
    def epochs(self):
        """int: the number of completed epochs."""
        return len(self.train_accuracy)


def _predict(model, X, chunk=4096):
    """Labels of the highest score, without recording a graph, ``chunk`` rows at a time."""
    with no_grad():
        return np.concatenate([np.argmax(model(Tensor(X[i:i + chunk])).data, axis=1)
                               for i in range(0, X.shape[0], chunk)])


def _check_model(model, loss_fn, optimizer, scheduler):
    """The model, loss function, optimizer and schedule; returns the parameters."""
    if not isinstance(model, Module):
        raise TypeError(f"model: expected a minidl.nn.Module (a classifier of minidl.models "
                        f"or an nn.Sequential), got {describe(model)}")
    if not callable(loss_fn):
        raise TypeError(f"loss_fn: expected a function loss_fn(scores, y) returning a scalar "
                        f"Tensor, got {describe(loss_fn)}")
    params = model.parameters()
    if not params:
        raise ValueError(f"model: expected a model with parameters to train, got "
                         f"{type(model).__name__} without any")
    if not (callable(getattr(optimizer, "step", None))
            and callable(getattr(optimizer, "zero_grad", None))):
        raise TypeError(f"optimizer: expected an optimizer of minidl.optim (with step() and "
                        f"zero_grad()), got {describe(optimizer)}")
    owned = {id(p) for p in getattr(optimizer, "params", params)}
    missing = sum(id(p) not in owned for p in params)
    if missing:
        raise ValueError(f"optimizer: expected an optimizer built on model.parameters(), got "
                         f"one that does not update {missing} of the model's {len(params)} "
                         f"parameters")
    if scheduler is not None:
        if not callable(getattr(scheduler, "step", None)):
            raise TypeError(f"scheduler: expected a schedule of minidl.optim (with step()), "
                            f"got {describe(scheduler)}")
        if getattr(scheduler, "optimizer", optimizer) is not optimizer:
            raise ValueError("scheduler: expected a schedule of the optimizer given to fit, "
                             "got one attached to another optimizer")
    return params


def _probe(model, loss_fn, X, dtype):
    """Run the model and the loss on one row: C, the number of scores, or a clear error."""
    with no_grad():
        try:
            scores = model(Tensor(X[:1].astype(dtype, copy=False)))
        except (ValueError, TypeError) as err:
            raise ValueError(f"X: expected rows that the model accepts, got shape {X.shape} "
                             f"({err})") from None
        if not isinstance(scores, Tensor) or scores.ndim != 2 or scores.shape[0] != 1:
            raise TypeError(f"model: expected a forward pass that returns scores of shape "
                            f"(N, C), got {describe(getattr(scores, 'data', scores))} for N = 1")
        loss = loss_fn(scores, np.zeros(1, dtype=np.int64))
        if not isinstance(loss, Tensor) or loss.size != 1:
            raise TypeError(f"loss_fn: expected a function returning a scalar Tensor, got "
                            f"{describe(getattr(loss, 'data', loss))}")
    return scores.shape[1]


def _check_data(model, loss_fn, dtype, X, y, X_val, y_val):
    """The training and validation data, checked against each other and against the model."""
    X = check_rows(X, "X", getattr(model, "num_features", None))
    y = check_labels(y, "y", length=X.shape[0])
    if (X_val is None) != (y_val is None):
        raise ValueError("X_val: expected X_val and y_val together, got only one of them")
    num_classes = _probe(model, loss_fn, X, dtype)
    y = check_labels(y, "y", num_classes=num_classes)
    if X_val is not None:
        X_val = check_rows(X_val, "X_val", X.shape[1]).astype(dtype, copy=False)
        y_val = check_labels(y_val, "y_val", num_classes=num_classes, length=X_val.shape[0])
    return X, y, X_val, y_val


def _count(N, batch_size, drop_last, epochs, iterations):
    """Iterations per epoch, epochs and iterations in all, from what the caller gave."""
    per_epoch = N // batch_size if drop_last else -(-N // batch_size)
    if epochs is not None and iterations is not None:
        raise ValueError(f"epochs: expected epochs or iterations, got both ({epochs} and "
                         f"{iterations})")
    if iterations is not None:
        total = check_integer(iterations, "iterations", minimum=1)
        return per_epoch, -(-total // per_epoch), total
    epochs = check_integer(10 if epochs is None else epochs, "epochs", minimum=1)
    return per_epoch, epochs, epochs * per_epoch


def _diverged(what, value, history):
    return (f"lr: the {what} became {value} at iteration {len(history.loss) + 1} (epoch "
            f"{len(history.lr)}); the learning rate ({history.lr[-1]:g}) is probably too large")


def _finite_grads(params):
    """Whether every gradient is finite. A sum is finite only if all its terms are, so one sum
    per parameter decides, unless huge finite terms overflow it: then look at each entry."""
    grads = [p.grad for p in params if p.grad is not None]
    with np.errstate(all="ignore"):
        return all(np.isfinite(g.sum()) or np.isfinite(g).all() for g in grads)


def fit(model, loss_fn, X, y, *, optimizer, scheduler=None, epochs=None, iterations=None,
        batch_size=200, reg=0.0, X_val=None, y_val=None, drop_last=False,
        train_eval_size=1000, rng=None, progress=None, stream=None):
    r"""Train a model by minibatch gradient descent and record its history.

    Parameters
    ----------
    model : minidl.nn.Module
        Any module whose forward pass maps a batch of shape (B, D) to class scores of shape
        (B, C): :class:`LinearSVM`, :class:`SoftmaxClassifier`, :class:`TwoLayerNet`, or a
        :class:`minidl.nn.Sequential`.
    loss_fn : callable
        ``loss_fn(scores, y)`` returning the mean data loss of a batch as a scalar Tensor, for
        example :func:`minidl.functional.cross_entropy` or :func:`minidl.functional.svm_loss`.
    X : array_like
        Training data of shape (N, D), finite; batches are converted to the parameters' dtype.
    y : array_like
        Integer training labels of shape (N,) in 0..C-1.
    optimizer : minidl.optim.Optimizer
        An optimizer built on ``model.parameters()``.
    scheduler : minidl.optim.LRScheduler, optional
        A schedule of ``optimizer``, stepped once after every epoch. Default None.
    epochs : int, optional
        Number of passes over the training data, at least 1. Default 10 when ``iterations``
        is not given.
    iterations : int, optional
        Train for this many iterations instead (the last epoch is cut short). Give ``epochs``
        or ``iterations``, not both.
    batch_size : int, optional
        B, samples per iteration, at least 1. Default 200.
    reg : float, optional
        Regularisation strength :math:`\lambda \ge 0`: the loss of every batch gets
        :math:`\lambda R(W)` added, with :math:`R` the :func:`~minidl.functional.l2` penalty of
        every parameter with two or more dimensions (the weight matrices, not the biases).
        Default 0.
    X_val : array_like, optional
        Validation data of shape (M, D); accuracy on it is recorded after each epoch.
    y_val : array_like, optional
        Validation labels of shape (M,), required with ``X_val``.
    drop_last : bool, optional
        Skip the last, smaller batch of an epoch. Default False.
    train_eval_size : int, optional
        Training accuracy is measured on a fixed random sample of this many training examples
        (all of them if N is smaller), to keep evaluation cheap. Default 1000.
    rng : numpy.random.Generator or int, optional
        Generator or seed for that sample and for shuffling (a fresh order every epoch).
        Default None (seed 0).
    progress : bool, optional
        Print a line after each epoch (after every k-th epoch, k = ceil(epochs / 25), on long
        runs: at most about 25 lines). Default None: only when the run has at least 2,000
        iterations.
    stream : object, optional
        File-like object for progress lines. Default ``sys.stdout``.

    Returns
    -------
    History
        Loss per iteration, train and validation accuracy and learning rate per epoch.

    Raises
    ------
    FloatingPointError
        If the scores, the loss or a gradient of a batch are not finite: raised before the
        step that would spread them to the parameters (which keep the values of the last good
        step), naming the iteration and the epoch, and ``lr`` (a learning rate too large,
        the usual cause) or, for a gradient that is not finite at a finite loss, ``loss_fn``.

    Notes
    -----
    Each iteration takes the next minibatch :math:`\mathcal B` of a fresh random permutation
    (:func:`minidl.datasets.minibatches`), computes

    .. math:: L_{\mathcal B} = \frac1B \sum_{i \in \mathcal B} L_i + \lambda R(W),

    back-propagates it to the gradient :math:`g_t`, and lets the optimizer step; for plain SGD,
    :math:`\theta_{t+1} = \theta_t - \eta g_t`. An epoch is :math:`\lceil N / B \rceil`
    iterations. The data are checked once, before the first step (the model and the loss are
    also run once on one row, to check that they take the data and return a scalar); the
    batches are not checked again. The same ``rng`` gives the same run: it draws the
    training-accuracy sample, then each epoch's order.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.functional import cross_entropy
    >>> from minidl.models import SoftmaxClassifier, fit
    >>> from minidl.optim import SGD
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 2)); y = (X[:, 0] > 0).astype(int)
    >>> model = SoftmaxClassifier(2, 2, rng=0)
    >>> history = fit(model, cross_entropy, X, y, optimizer=SGD(model.parameters(), lr=0.5),
    ...               epochs=5, batch_size=50, X_val=X, y_val=y)
    >>> len(history.loss), history.iterations_per_epoch, history.epochs
    (20, 4, 5)
    >>> history.val_accuracy[-1] > 0.95
    True
    """
    params = _check_model(model, loss_fn, optimizer, scheduler)
    dtype = np.result_type(*[p.data.dtype for p in params])
    X, y, X_val, y_val = _check_data(model, loss_fn, dtype, X, y, X_val, y_val)
    N = X.shape[0]
    check_bool(drop_last, "drop_last")
    batch_size = check_batch_size(batch_size, N, drop_last)
    per_epoch, epochs, total = _count(N, batch_size, drop_last, epochs, iterations)
    reg = check_positive(reg, "reg", allow_zero=True)
    train_eval_size = check_integer(train_eval_size, "train_eval_size", minimum=1)
    if progress is not None and not isinstance(progress, bool):
        raise TypeError(f"progress: expected a bool or None, got {describe(progress)}")
    rng = check_rng(rng)

    if progress is None:
        progress = total >= 2000
    out = check_stream(stream)
    every = -(-epochs // 25)             # at most about 25 progress lines
    eval_idx = np.sort(rng.choice(N, size=min(train_eval_size, N), replace=False))
    X_eval, y_eval = X[eval_idx].astype(dtype, copy=False), y[eval_idx]
    weights = [p for p in params if p.ndim >= 2] if reg else []
    history = History(iterations_per_epoch=per_epoch)
    for epoch in range(1, epochs + 1):
        history.lr.append(float(getattr(optimizer, "lr", np.nan)))
        for X_batch, y_batch in minibatches(X, y, batch_size, drop_last=drop_last, rng=rng):
            if len(history.loss) == total:
                break
            optimizer.zero_grad()
            scores = model(Tensor(X_batch.astype(dtype, copy=False)))
            if not np.isfinite(scores.data).all():
                raise FloatingPointError(_diverged("scores", "inf or nan", history))
            loss = loss_fn(scores, y_batch)
            if weights:
                loss = loss + reg * l2(weights)
            value = loss.item()
            if not np.isfinite(value):
                raise FloatingPointError(_diverged("loss", value, history))
            loss.backward()
            if not _finite_grads(params):
                raise FloatingPointError(
                    f"loss_fn: the gradient became inf or nan at iteration "
                    f"{len(history.loss) + 1} (epoch {epoch}) though the loss, {value:g}, is "
                    f"finite; the loss or the model has an infinite slope there")
            optimizer.step()
            history.loss.append(value)
        history.train_accuracy.append(accuracy(y_eval, _predict(model, X_eval)))
        if X_val is not None:
            history.val_accuracy.append(accuracy(y_val, _predict(model, X_val)))
        if progress and (epoch % every == 0 or epoch == epochs):
            val = f"  val acc {history.val_accuracy[-1]:.3f}" if X_val is not None else ""
            out.write(f"epoch {epoch:3d}/{epochs}  iteration {len(history.loss):6d}  "
                      f"loss {np.mean(history.loss[-per_epoch:]):.4f}  "
                      f"train acc {history.train_accuracy[-1]:.3f}{val}\n")
            out.flush()
        if scheduler is not None:
            scheduler.step()
    return history
