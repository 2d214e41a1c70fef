"""Pictures of images and of what models see in them: mosaics, HOG glyphs, weight templates.

matplotlib is imported inside each function, so importing this module never needs it.
"""
from __future__ import annotations

import numpy as np

from .._validation import check_array, check_choice, check_finite, check_integer, check_str
from ._checks import check_ax, check_captions, check_shape

__all__ = ["plot_image_grid", "plot_hog", "plot_templates"]


def _tile(images, ncols, scale, pad, gap=0):
    """Tile (K, h, w[, 3]) images into one mosaic with ``pad`` pixels of white between.

    ``gap`` extra white rows under every row of images leave room for captions.
    """
    arr = check_array(images, "images", ndim=(3, 4)).astype(np.float64)
    if arr.ndim == 4 and arr.shape[-1] != 3:
        raise ValueError(f"images: expected grey (K, h, w) or RGB (K, h, w, 3) images, "
                         f"got shape {arr.shape}")
    check_finite(arr, "images")
    ncols = check_integer(ncols, "ncols", minimum=1)
    pad = check_integer(pad, "pad", minimum=0)
    check_choice(scale, "scale", ("each", "all", "none"))
    if scale != "none":
        axes = tuple(range(1, arr.ndim)) if scale == "each" else None
        low = arr.min(axis=axes, keepdims=True)
        span = arr.max(axis=axes, keepdims=True) - low
        arr = (arr - low) / np.where(span > 0, span, 1.0)
    k, h, w = arr.shape[:3]
    ncols = min(ncols, k)
    nrows = -(-k // ncols)
    shape = (nrows * (h + pad + gap) + pad, ncols * (w + pad) + pad) + arr.shape[3:]
    mosaic = np.ones(shape)
    for i in range(k):
        r, c = divmod(i, ncols)
        top, left = pad + r * (h + pad + gap), pad + c * (w + pad)
        mosaic[top:top + h, left:left + w] = arr[i]
    return mosaic, (nrows, ncols, h, w)


def plot_image_grid(images, ax=None, *, ncols=8, labels=None, scale="each", pad=1,
                    cmap="gray"):
    """Show many small images (patches, visual words, weight templates) as one mosaic.

    Parameters
    ----------
    images : array_like
        K grey images of shape (K, h, w) or colour images of shape (K, h, w, 3), any real
        values.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure sized to the grid when omitted.
    ncols : int, optional
        Images per row. Default 8.
    labels : list of str, optional
        One caption per image, written under it.
    scale : str, optional
        ``"each"`` (default) stretches every image to the full grey range on its own, so
        that weight templates of different magnitude are all visible; ``"all"`` uses one
        range for all images; ``"none"`` expects values in [0, 1] already.
    pad : int, optional
        White pixels between images. Default 1.
    cmap : str, optional
        Colour map for grey images. Default ``"gray"``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes holding the mosaic (ticks off).

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.viz import plot_image_grid
    >>> patches = np.random.default_rng(0).random((10, 6, 6))
    >>> ax = plot_image_grid(patches, ncols=5)
    >>> ax.images[0].get_array().shape         # 2 rows and 5 columns of 6 + 1 pixels, + 1
    (15, 36)
    >>> ax = plot_image_grid(patches, ncols=5, labels=[str(i) for i in range(10)])
    >>> ax.images[0].get_array().shape         # 3 more rows under each row for the captions
    (21, 36)
    """
    import matplotlib.pyplot as plt

    images = check_array(images, "images", ndim=(3, 4))
    labels = check_captions(labels, len(images))
    check_ax(ax)
    check_str(cmap, "cmap")
    gap = 0 if labels is None else max(2, int(np.ceil(0.4 * images.shape[1])))
    mosaic, (nrows, ncols, h, w) = _tile(images, ncols, scale, pad, gap)
    if ax is None:
        width = min(12.0, 0.9 * ncols + 0.5)
        _, ax = plt.subplots(figsize=(width, width * mosaic.shape[0] / mosaic.shape[1]
                                      + (0.25 * nrows if labels is not None else 0)))
    ax.imshow(mosaic, cmap=cmap if mosaic.ndim == 2 else None, vmin=0, vmax=1,
              interpolation="nearest")
    if labels is not None:
        for i, text in enumerate(labels):
            r, c = divmod(i, ncols)
            ax.text(pad + c * (w + pad) + w / 2, pad + r * (h + pad + gap) + h + gap / 2,
                    str(text), ha="center", va="center", fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def plot_hog(image, ax=None, *, orientations=9, pixels_per_cell=(8, 8), channel_axis=None,
             transform_sqrt=False, cmap="gray"):
    """Draw the HOG glyph picture of one image: a star of line segments in every cell.

    Each cell gets one segment per orientation bin, through the cell centre and along the
    edge direction of that bin, as bright as the bin's share of gradient magnitude. Long
    bright strokes follow the edges of the picture.

    Parameters
    ----------
    image : array_like
        One grey image (H, W), or colour with ``channel_axis`` set.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    orientations : int, optional
        Orientation bins. Default 9.
    pixels_per_cell : tuple, optional
        Cell size in pixels. Default (8, 8).
    channel_axis : int, optional
        Colour channel axis of ``image``, or None for grey.
    transform_sqrt : bool, optional
        Gamma-compress the image first. Default False.
    cmap : str, optional
        Colour map. Default ``"gray"``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes with the glyph picture, axes labelled in pixels.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.viz import plot_hog
    >>> square = np.zeros((32, 32)); square[8:24, 8:24] = 1.0
    >>> ax = plot_hog(square)
    >>> ax.images[0].get_array().shape
    (32, 32)
    """
    import matplotlib.pyplot as plt

    from ..features import hog

    check_ax(ax)
    check_str(cmap, "cmap")
    _, glyphs = hog(image, orientations=orientations, pixels_per_cell=pixels_per_cell,
                    cells_per_block=(1, 1), visualize=True, channel_axis=channel_axis,
                    transform_sqrt=transform_sqrt)
    if glyphs.ndim != 2:
        raise ValueError(f"image: expected one image, got a batch of shape {np.shape(image)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 5 * glyphs.shape[0] / glyphs.shape[1]))
    # The strongest few strokes would make the rest invisible: saturate the top 0.5 percent.
    top = float(np.percentile(glyphs, 99.5))
    ax.imshow(glyphs, cmap=cmap, interpolation="nearest", vmin=0,
              vmax=top if top > 0 else None)
    ax.set_xlabel("column (pixels)")
    ax.set_ylabel("row (pixels)")
    return ax


def plot_templates(W, image_shape, ax=None, *, labels=None, ncols=10):
    """Show every column of a weight matrix as an image: what each class or unit looks for.

    Parameters
    ----------
    W : array_like
        Weights of shape (D, K), one column per class (a linear classifier) or per hidden
        unit (a network's first layer); D is the number of pixel values, or one more when
        the last row holds the biases (the bias trick), which is then dropped.
    image_shape : tuple
        Shape of one image, (h, w) or (h, w, 3), with h * w (* 3) = D.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    labels : list of str, optional
        One caption per column (class names).
    ncols : int, optional
        Templates per row. Default 10.

    Returns
    -------
    matplotlib.axes.Axes
        The axes with the templates, each stretched to the full range on its own.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.viz import plot_templates
    >>> W = np.random.default_rng(0).normal(size=(8 * 8 * 3 + 1, 4))   # with a bias row
    >>> ax = plot_templates(W, (8, 8, 3), labels=["a", "b", "c", "d"])
    >>> ax.images[0].get_array().shape
    (14, 37, 3)
    """

    W = check_array(W, "W", ndim=2, finite=True)
    shape = check_shape(image_shape, "image_shape")
    size = int(np.prod(shape))
    if W.shape[0] == size + 1:
        W = W[:-1]
    if W.shape[0] != size:
        raise ValueError(f"W: expected {size} rows (or {size + 1} with a bias row) for "
                         f"images of shape {shape}, got shape {W.shape}")
    return plot_image_grid(W.T.reshape(-1, *shape), ax, ncols=ncols, labels=labels,
                           scale="each")
