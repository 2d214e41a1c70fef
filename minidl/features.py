r"""Hand-crafted image features: hue histograms, HOG, and bags of visual words.

Before networks learned their own features, an image classifier was a pipeline: compute a
fixed feature vector per image (how much of each colour, which edge directions where, which
small patterns occur), standardise it, and train a linear classifier on top. This module holds
the pieces of that pipeline, batched and vectorized with NumPy:

- :func:`color_histogram_hsv` — the hue histogram of each image;
- :func:`rgb_to_gray` — luminance from RGB;
- :func:`hog` — histograms of oriented gradients, equal to ``skimage.feature.hog``;
- :func:`extract_patches`, :func:`kmeans` and :class:`BagOfVisualWords` — a codebook of
  visual words and the word histogram of each image;
- :func:`extract_features` and :class:`Standardizer` — stacking features and scaling them.

Images are NumPy arrays of shape (H, W) (grey) or (H, W, C) (colour, channels last) and
batches put the image index first: (N, H, W) or (N, H, W, C).
"""
from __future__ import annotations

import sys
import time

import numpy as np

from ._validation import (
    check_array,
    check_choice,
    check_finite,
    check_flag,
    check_integer,
    check_positive,
    check_rng,
    describe,
)

__all__ = [
    "color_histogram_hsv",
    "rgb_to_gray",
    "hog",
    "extract_patches",
    "kmeans",
    "BagOfVisualWords",
    "extract_features",
    "Standardizer",
]

_BLOCK_NORMS = ("L1", "L1-sqrt", "L2", "L2-Hys")


# -- helpers -----------------------------------------------------------------------------------

def _check_pair(value, name):
    """Return ``value`` as a pair of positive ints (an int ``n`` means ``(n, n)``)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = (value, value)
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name}: expected a pair of positive integers, got {describe(value)}")
    return tuple(check_integer(v, name, minimum=1) for v in value)


def _check_image_values(arr, name):
    """Refuse non-finite values and unsupported dtypes (complex) in an image array."""
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name}: expected real-valued pixels, got dtype {arr.dtype}")
    check_finite(arr, name)
    return arr


def _rgb_array(images, name):
    """``images`` as a non-empty array of RGB images, (H, W, 3) or (N, H, W, 3)."""
    arr = check_array(images, name, ndim=(3, 4))
    if arr.shape[-1] != 3:
        raise ValueError(f"{name}: expected RGB images with 3 channels in the last axis, "
                         f"got shape {arr.shape}")
    return arr


def _checked_rgb(images, name):
    """Validate RGB images: return uint8 (0..255) as they are, floats (in [0, 1]) as float64."""
    arr = _rgb_array(images, name)
    if arr.dtype == np.uint8:
        return arr
    if np.issubdtype(arr.dtype, np.floating):
        check_finite(arr, name)
        low, high = float(arr.min()), float(arr.max())
        if low < 0.0 or high > 1.0:
            raise ValueError(f"{name}: expected float pixel values in [0, 1], got values from "
                             f"{low:g} to {high:g} (divide 0..255 data by 255, or pass uint8)")
        return arr.astype(np.float64, copy=False)
    raise TypeError(f"{name}: expected uint8 (0..255) or floating (0..1) pixels, "
                    f"got dtype {arr.dtype}")


# -- colour --------------------------------------------------------------------------------------

def _hue_bins(rgb, nbins):
    """Hue bin of every pixel of float RGB values in [0, 1], shape (..., 3) -> (...).

    The hue is computed with exactly the floating-point operations of matplotlib's
    ``rgb_to_hsv`` (so a pixel on a bin edge lands where a per-image reference puts it);
    where two channels tie for the maximum, blue wins over green over red, as there.
    """
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    top = np.maximum(np.maximum(r, g), b)
    delta = top - np.minimum(np.minimum(r, g), b)
    is_b = b == top
    is_g = (g == top) & ~is_b
    num = np.where(is_b, r - g, np.where(is_g, b - r, g - b))
    grey = delta == 0
    delta[grey] = 1.0
    num /= delta
    num += np.where(is_b, 4.0, np.where(is_g, 2.0, 0.0))
    num /= 6.0
    num[grey] = 0.0
    np.add(num, 1.0, out=num, where=num < 0)          # hue mod 1, written out
    # numpy.histogram's rule: bin j holds [e_j, e_{j+1}), the last bin also its right edge.
    edges = np.linspace(0.0, 1.0, nbins + 1)
    bins = (num * nbins).astype(np.intp)
    np.clip(bins, 0, nbins - 1, out=bins)
    bins -= num < edges[bins]
    bins += (num >= edges[bins + 1]) & (bins < nbins - 1)
    return bins


def _hue_bins_uint8(img, nbins):
    """Hue bins of uint8 RGB pixels, shape (..., 3) -> (...), computed exactly in integers.

    With top, bottom and delta = top - bottom of the channels, ``6 * delta * hue`` is an
    integer ``h6`` in [0, 6 delta), so the bin floor(nbins * hue) is the integer floor
    division ``(nbins * h6) // (6 * delta)``: no rounding anywhere, and a pixel exactly on a
    bin edge lands in the bin that starts there, as the documented rule says.
    """
    r = img[..., 0].astype(np.int32)
    g = img[..., 1].astype(np.int32)
    b = img[..., 2].astype(np.int32)
    top = np.maximum(np.maximum(r, g), b)
    delta = top - np.minimum(np.minimum(r, g), b)
    is_b = b == top                                   # ties: blue over green over red
    is_g = (g == top) & ~is_b
    h6 = np.where(is_b, r - g + 4 * delta, np.where(is_g, b - r + 2 * delta, g - b))
    np.add(h6, 6 * delta, out=h6, where=h6 < 0)       # hue mod 1
    grey = delta == 0                                 # no hue: counted as 0 (red)
    return np.where(grey, 0, (nbins * h6) // np.where(grey, 1, 6 * delta))


def color_histogram_hsv(images, nbins=10):
    r"""Normalised histogram of the hue of every pixel, one row per image.

    Each pixel's RGB colour is converted to HSV and only the hue (the position on the colour
    wheel) is kept; the histogram counts how many pixels fall into each of ``nbins`` equal hue
    intervals and divides by the number of pixels, so where a colour appears does not matter,
    only how much of it there is.

    Parameters
    ----------
    images : array_like
        One RGB image of shape (H, W, 3) or a batch of shape (N, H, W, 3). Accepted pixel
        types: ``uint8`` with values 0..255, or floating point with values in [0, 1].
        Anything else (other integer types, values outside the range, NaN) is refused.
    nbins : int, optional
        Number of equal hue bins on [0, 1]. Default 10.

    Returns
    -------
    numpy.ndarray
        float64 histogram of shape (nbins,) for one image or (N, nbins) for a batch; every
        row sums to 1.

    Raises
    ------
    TypeError
        If the pixels are neither ``uint8`` nor floating point.
    ValueError
        If the array is not (H, W, 3) or (N, H, W, 3), is empty, or holds values outside the
        accepted range.

    Notes
    -----
    With :math:`M = \max(r, g, b)` and :math:`\Delta = M - \min(r, g, b)` the hue is
    (the same rule as :func:`matplotlib.colors.rgb_to_hsv`)

    .. math::

        h = \frac{1}{6} \times \begin{cases}
            (g - b) / \Delta & M = r \\
            2 + (b - r) / \Delta & M = g \\
            4 + (r - g) / \Delta & M = b
        \end{cases} \pmod 1,

    with :math:`h = 0` for grey pixels (:math:`\Delta = 0`): grey, black and white count as
    hue 0, i.e. red. Bin :math:`j` holds :math:`h \in [j / n, (j + 1) / n)` (the last bin
    also holds its right edge, as :func:`numpy.histogram` does) and the feature is the fraction
    of the image's :math:`H W` pixels in each bin. Colour histograms as image descriptors go
    back to :cite:t:`swain1991`.

    For ``uint8`` input the rule holds exactly: :math:`6 \Delta h` is an integer, so the bin
    is an integer floor division and a pixel whose hue lies exactly on an edge :math:`j / n`
    lands in bin :math:`j`. Float input is converted with matplotlib's floating-point
    operations (values :math:`v / 255` included), so a hue within rounding of an edge may land
    on either side of it, exactly as ``numpy.histogram`` of matplotlib's hue puts it.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.features import color_histogram_hsv
    >>> red = np.zeros((4, 4, 3), dtype=np.uint8); red[..., 0] = 255
    >>> print(color_histogram_hsv(red, nbins=4))
    [1. 0. 0. 0.]
    >>> batch = np.stack([red, red[..., ::-1]])        # red and blue images
    >>> h = color_histogram_hsv(batch, nbins=6)
    >>> h.shape
    (2, 6)
    >>> print(np.round(h, 2))
    [[1. 0. 0. 0. 0. 0.]
     [0. 0. 0. 0. 1. 0.]]
    """
    nbins = check_integer(nbins, "nbins", minimum=1)
    rgb = _checked_rgb(images, "images")
    single = rgb.ndim == 3
    if single:
        rgb = rgb[None]
    n = rgb.shape[0]
    pixels = rgb.shape[1] * rgb.shape[2]
    rgb = rgb.reshape(n, pixels, 3)
    hist = np.empty((n, nbins))
    # Chunks of about 32k pixels keep the temporaries in the CPU cache.
    step = max(1, 32768 // pixels)
    for start in range(0, n, step):
        chunk = rgb[start:start + step]
        bins = _hue_bins_uint8(chunk, nbins) if chunk.dtype == np.uint8 else _hue_bins(chunk, nbins)
        m = bins.shape[0]
        flat = (bins + (np.arange(m) * nbins)[:, None]).ravel()
        hist[start:start + m] = np.bincount(flat, minlength=m * nbins).reshape(m, nbins)
    hist /= pixels
    return hist[0] if single else hist


def rgb_to_gray(images):
    r"""Luminance of RGB images: a weighted sum of the three channels.

    Parameters
    ----------
    images : array_like
        One RGB image of shape (H, W, 3) or a batch of shape (N, H, W, 3), any real dtype.

    Returns
    -------
    numpy.ndarray
        float64 grey image(s) of shape (H, W) or (N, H, W), on the same scale as the input
        (the weights sum to 1, so 0..255 stays 0..255 and 0..1 stays 0..1).

    Notes
    -----
    The ITU-R BT.601 luma weights:

    .. math:: Y = 0.299\, r + 0.587\, g + 0.114\, b.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.features import rgb_to_gray
    >>> img = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]]], np.uint8)
    >>> print(np.round(rgb_to_gray(img), 3))
    [[ 76.245 149.685  29.07  255.   ]]
    """
    arr = _rgb_array(images, "images")
    _check_image_values(arr, "images")
    return arr.astype(np.float64, copy=False) @ np.array([0.299, 0.587, 0.114])


# -- HOG -----------------------------------------------------------------------------------------

def _float_type(dtype):
    """The working float type scikit-image uses for an input dtype."""
    if np.issubdtype(dtype, np.floating) and np.dtype(dtype).itemsize <= 4:
        return np.float32
    return np.float64


def _centred_gradients(x):
    """Centred differences along rows and columns of (N, H, W) arrays, zero on the borders."""
    g_row = np.empty_like(x)
    g_col = np.empty_like(x)
    g_row[:, [0, -1], :] = 0
    g_col[:, :, [0, -1]] = 0
    np.subtract(x[:, 2:, :], x[:, :-2, :], out=g_row[:, 1:-1, :])
    np.subtract(x[:, :, 2:], x[:, :, :-2], out=g_col[:, :, 1:-1])
    return g_row, g_col


def _cell_histograms(g_row, g_col, orientations, cell):
    """Orientation histograms of shape (N, n_cells_row, n_cells_col, orientations).

    Hard binning of unsigned orientations; each bin holds the mean magnitude per pixel of the
    cell. The sums are accumulated pixel by pixel in single precision, in row-major order, and
    divided in single precision, exactly as scikit-image's compiled loop does, so that the
    results agree to the last bit.
    """
    n, s_row, s_col = g_row.shape
    c_row, c_col = cell
    n_row, n_col = s_row // c_row, s_col // c_col
    # Only whole cells count: crop, then put the pixels of a cell on the first axis,
    # (N, H, W) -> (c_row * c_col, N * n_row * n_col), pixels in row-major order.
    shape = (n, n_row, c_row, n_col, c_col)

    def by_cell(a):
        a = a[:, :n_row * c_row, :n_col * c_col].reshape(shape)
        return a.transpose(2, 4, 0, 1, 3).reshape(c_row * c_col, -1)

    g_row = by_cell(g_row.astype(np.float64, copy=False))
    g_col = by_cell(g_col.astype(np.float64, copy=False))
    magnitude = g_row * g_row
    magnitude += g_col * g_col
    np.sqrt(magnitude, out=magnitude)
    # Unsigned orientation in degrees, theta mod 180 (written out: np.mod is slow).
    angle = np.arctan2(g_row, g_col)
    np.rad2deg(angle, out=angle)
    negative = angle < 0
    angle[angle == 180] = 0
    np.add(angle, 180, out=angle, where=negative)
    # Bin i holds angles in [e_i, e_{i+1}), e_i = i * 180 / O: a first guess by division,
    # corrected against the edges themselves. Index O means "no bin" (an angle of 180).
    width = 180.0 / orientations
    bins = (angle * (1.0 / width)).astype(np.intp)
    np.clip(bins, 0, orientations, out=bins)
    edge = bins * width
    bins -= angle < edge
    np.multiply(bins + 1, width, out=edge)
    bins += angle >= edge
    np.minimum(bins, orientations, out=bins)
    cells = bins.shape[1]
    bins += np.arange(cells) * (orientations + 1)
    acc = np.zeros(cells * (orientations + 1), dtype=np.float32)
    for k in range(c_row * c_col):              # pixels within a cell; all cells at once
        idx = bins[k]
        acc[idx] = (acc[idx] + magnitude[k]).astype(np.float32)
    hist = acc.reshape(cells, orientations + 1)[:, :orientations] / np.float32(c_row * c_col)
    return hist.astype(np.float64).reshape(n, n_row, n_col, orientations)


def _normalise_blocks(hist, block, method, eps=1e-5):
    """Blocks of shape (N, n_blocks_row, n_blocks_col, b_row, b_col, orientations), normalised."""
    b_row, b_col = block
    windows = np.lib.stride_tricks.sliding_window_view(hist, (b_row, b_col), axis=(1, 2))
    blocks = windows.transpose(0, 1, 2, 4, 5, 3)          # (N, nbr, nbc, b_row, b_col, O)
    axes = (3, 4, 5)
    if method == "L1":
        return blocks / (np.abs(blocks).sum(axis=axes, keepdims=True) + eps)
    if method == "L1-sqrt":
        return np.sqrt(blocks / (np.abs(blocks).sum(axis=axes, keepdims=True) + eps))
    out = blocks / np.sqrt((blocks ** 2).sum(axis=axes, keepdims=True) + eps ** 2)
    if method == "L2-Hys":
        out = np.minimum(out, 0.2)
        out = out / np.sqrt((out ** 2).sum(axis=axes, keepdims=True) + eps ** 2)
    return out


def _bresenham(r0, c0, r1, c1):
    """Pixels of the digital line from (r0, c0) to (r1, c1), both ends included."""
    steep = abs(r1 - r0) > abs(c1 - c0)
    # Walk along the longer axis; x is the walking coordinate, y the other one.
    x, y, x1, y1 = (r0, c0, r1, c1) if steep else (c0, r0, c1, r1)
    dx, dy = abs(x1 - x), abs(y1 - y)
    sx = 1 if x1 - x > 0 else -1
    sy = 1 if y1 - y > 0 else -1
    d = 2 * dy - dx
    pts = []
    for _ in range(dx):
        pts.append((x, y) if steep else (y, x))
        while d >= 0:
            y += sy
            d -= 2 * dx
        x += sx
        d += 2 * dy
    pts.append((r1, c1))
    return np.array(pts, dtype=np.intp).T


def _glyph_images(hist, shape, cell, dtype):
    """HOG picture: per cell and bin a line through the cell centre, weighted by the bin."""
    n, n_row, n_col, orientations = hist.shape
    c_row, c_col = cell
    radius = min(c_row, c_col) // 2 - 1
    mid = np.pi * (np.arange(orientations) + 0.5) / orientations
    dr, dc = radius * np.sin(mid), radius * np.cos(mid)
    out = np.zeros((n, shape[0] * shape[1]), dtype=dtype)
    if radius < 0:
        # Cells of 1 pixel: lines spill into neighbouring cells; add them one by one in
        # scikit-image's order (cell row, cell column, bin).
        for r in range(n_row):
            for c in range(n_col):
                centre_r, centre_c = r * c_row + c_row // 2, c * c_col + c_col // 2
                for o in range(orientations):
                    rr, cc = _bresenham(int(centre_r - dc[o]), int(centre_c + dr[o]),
                                        int(centre_r + dc[o]), int(centre_c - dr[o]))
                    px = np.unique((rr % shape[0]) * shape[1] + cc % shape[1])
                    out[:, px] = (out[:, px] + hist[:, r, c, o:o + 1]).astype(dtype)
        return out.reshape(n, *shape)
    # Lines of one bin in different cells do not overlap, so each bin is one scatter-add
    # over all cells and images, in scikit-image's order.
    for o in range(orientations):
        pixels, weights = [], []
        for r in range(n_row):
            for c in range(n_col):
                centre_r, centre_c = r * c_row + c_row // 2, c * c_col + c_col // 2
                # The line is perpendicular to the bin's mean gradient direction: it runs
                # along the edge that such gradients belong to.
                rr, cc = _bresenham(int(centre_r - dc[o]), int(centre_c + dr[o]),
                                    int(centre_r + dc[o]), int(centre_c - dr[o]))
                pixels.append((rr % shape[0]) * shape[1] + cc % shape[1])
                weights.append(np.full(rr.size, r * n_col + c))
        pixels, weights = np.concatenate(pixels), np.concatenate(weights)
        values = hist[:, :, :, o].reshape(n, -1)[:, weights]
        out[:, pixels] = (out[:, pixels] + values).astype(dtype)
    return out.reshape(n, *shape)


def hog(image, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(3, 3),
        block_norm="L2-Hys", visualize=False, transform_sqrt=False, feature_vector=True,
        channel_axis=None):
    r"""Histogram of oriented gradients of one image or of a batch, like scikit-image's.

    For one image the result equals scikit-image's ``skimage.feature.hog`` called with the
    same arguments (to rounding: the tests compare to 1e-8); a batch gives the per-image
    results stacked, computed with array operations across the whole batch.

    Parameters
    ----------
    image : array_like
        With ``channel_axis=None``: one grey image (H, W) or a batch of grey images (N, H, W).
        With a channel axis: one colour image (3-D) or a batch of colour images (4-D, the batch
        first). Any real dtype; integers and float64 are processed in float64, float16 and
        float32 in float32 (as scikit-image does). Values must be finite, and non-negative
        when ``transform_sqrt`` is set.
    orientations : int, optional
        Number of orientation bins over [0, 180) degrees. Default 9.
    pixels_per_cell : tuple, optional
        Cell size (rows, columns) in pixels; an int means a square cell. Default (8, 8).
    cells_per_block : tuple, optional
        Block size (rows, columns) in cells. Default (3, 3).
    block_norm : str, optional
        ``"L1"``, ``"L1-sqrt"``, ``"L2"`` or ``"L2-Hys"`` (default); see Notes.
    visualize : bool, optional
        Also return the glyph picture: for each cell and bin a line segment through the cell
        centre, along the edge direction of that bin, with intensity equal to the bin's value.
    transform_sqrt : bool, optional
        Take the square root of every pixel first (gamma compression). Default False.
    feature_vector : bool, optional
        Flatten the result of each image into a vector. Default True.
    channel_axis : int, optional
        The axis of ``image`` holding colour channels, or None for grey images. For a batch
        the first axis is the batch and cannot be the channel axis.

    Returns
    -------
    features : numpy.ndarray
        With ``feature_vector=True`` shape (F,) for one image or (N, F) for a batch, where
        F = n_blocks_row * n_blocks_col * b_row * b_col * orientations; otherwise shape
        (n_blocks_row, n_blocks_col, b_row, b_col, orientations), with a leading N for a
        batch. float64 (float32 for float16/float32 input).
    hog_image : numpy.ndarray
        Only with ``visualize=True``: the glyph picture(s), shape (H, W) or (N, H, W).

    Raises
    ------
    ValueError
        If the array has the wrong rank for ``channel_axis``, holds non-finite values (or
        negative ones with ``transform_sqrt``), is empty, or is smaller than one block.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    The conventions, step by step (the same as scikit-image's):

    1. Optionally :math:`I \leftarrow \sqrt{I}`.
    2. Gradients by centred differences, set to zero on the one-pixel border:
       :math:`g_r(i, j) = I(i+1, j) - I(i-1, j)`, :math:`g_c(i, j) = I(i, j+1) - I(i, j-1)`.
       For colour, each pixel takes the gradient of the channel with the largest magnitude.
    3. Magnitude :math:`m = \sqrt{g_r^2 + g_c^2}` and *unsigned* orientation
       :math:`\theta = \operatorname{atan2}(g_r, g_c) \bmod 180^\circ`.
    4. Cells of :math:`c_r \times c_c` pixels (pixels beyond the last whole cell are ignored).
       Bin :math:`k` of a cell's histogram is :math:`\frac{1}{c_r c_c} \sum m` over the cell's
       pixels whose :math:`\theta` falls in :math:`[180 k / O, 180 (k + 1) / O)` — hard
       binning, no interpolation between bins or cells. (Like scikit-image, the sums are
       accumulated pixel by pixel in single precision; minidl repeats that rounding so the
       results agree to the last bit.)
    5. Blocks of :math:`b_r \times b_c` neighbouring cells, overlapping with a stride of one
       cell; the concatenated histogram :math:`v` of each block is normalised, with
       :math:`\epsilon = 10^{-5}`:

       .. math::

          \text{L1: } \frac{v}{\|v\|_1 + \epsilon}, \qquad
          \text{L1-sqrt: } \sqrt{\frac{v}{\|v\|_1 + \epsilon}}, \qquad
          \text{L2: } \frac{v}{\sqrt{\|v\|_2^2 + \epsilon^2}},

       and L2-Hys: L2, then clip every entry at 0.2, then L2 again.

    The method is :cite:t:`dalal2005`'s; scikit-image :cite:p:`vanderwalt2014` is the
    reference implementation this one is tested against.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.features import hog
    >>> rng = np.random.default_rng(0)
    >>> images = rng.random((5, 32, 32))               # a batch of 5 grey images
    >>> f = hog(images)                                # 8x8 cells, 3x3 blocks of cells
    >>> f.shape                                        # (2 * 2 blocks) * (3 * 3 cells) * 9 bins
    (5, 324)
    >>> print(np.allclose(f[2], hog(images[2])))       # a batch is the stack of singles
    True
    >>> colour = rng.integers(0, 256, (16, 24, 3), dtype=np.uint8)
    >>> blocks = hog(colour, pixels_per_cell=(4, 4), cells_per_block=(2, 2),
    ...              block_norm="L1", channel_axis=-1, feature_vector=False)
    >>> blocks.shape
    (3, 5, 2, 2, 9)
    """
    # -- validate -------------------------------------------------------------------------
    orientations = check_integer(orientations, "orientations", minimum=1)
    cell = _check_pair(pixels_per_cell, "pixels_per_cell")
    block = _check_pair(cells_per_block, "cells_per_block")
    if not isinstance(block_norm, str):
        raise TypeError(f"block_norm: expected one of {', '.join(map(repr, _BLOCK_NORMS))}, "
                        f"got {describe(block_norm)}")
    check_choice(block_norm, "block_norm", _BLOCK_NORMS)
    check_flag(visualize, "visualize")
    check_flag(transform_sqrt, "transform_sqrt")
    check_flag(feature_vector, "feature_vector")
    arr = check_array(image, "image", ndim=(2, 3) if channel_axis is None else (3, 4))
    _check_image_values(arr, "image")
    if channel_axis is None:
        batch = arr.ndim == 3
        grey = arr if batch else arr[None]
        colour = None
    else:
        axis = check_integer(channel_axis, "channel_axis")
        if not -arr.ndim <= axis < arr.ndim:
            raise ValueError(f"channel_axis: expected an axis of an array with {arr.ndim} "
                             f"dimensions, got {axis}")
        axis %= arr.ndim
        batch = arr.ndim == 4
        if batch and axis == 0:
            raise ValueError("channel_axis: expected a channel axis other than 0 for a batch "
                             f"of shape {arr.shape} (axis 0 is the batch), got 0")
        colour = np.moveaxis(arr, axis, -1)
        colour = colour if batch else colour[None]
        grey = None
    spatial = (grey if grey is not None else colour).shape[1:3]
    min_row, min_col = block[0] * cell[0], block[1] * cell[1]
    if spatial[0] < min_row or spatial[1] < min_col:
        raise ValueError(f"image: expected images of at least {min_row} x {min_col} pixels for "
                         f"{cell[0]}x{cell[1]}-pixel cells in {block[0]}x{block[1]}-cell "
                         f"blocks, got images of {spatial[0]} x {spatial[1]}")
    if transform_sqrt and arr.min() < 0:
        raise ValueError(f"image: expected non-negative values with transform_sqrt=True, "
                         f"got a minimum of {arr.min()}")

    # -- compute --------------------------------------------------------------------------
    ftype = _float_type(arr.dtype)
    x = grey if grey is not None else colour
    # Work through the batch in chunks of about 64k pixels, so that the dozen passes over
    # the pixels stay in the CPU cache; within a chunk everything is whole-array operations.
    step = max(1, 65536 // (spatial[0] * spatial[1]))
    hist = np.concatenate([_hog_histograms(x[i:i + step], ftype, transform_sqrt, grey is None,
                                           orientations, cell)
                           for i in range(0, x.shape[0], step)])
    out = _normalise_blocks(hist, block, block_norm).astype(ftype, copy=False)
    if feature_vector:
        out = out.reshape(out.shape[0], -1)
    if not batch:
        out = out[0]
    if not visualize:
        return out
    glyphs = _glyph_images(hist, spatial, cell, ftype)
    return out, (glyphs if batch else glyphs[0])


def _hog_histograms(x, ftype, transform_sqrt, colour, orientations, cell):
    """Cell histograms of a batch (N, H, W) or (N, H, W, C), in scikit-image's float type."""
    x = x.astype(ftype, copy=False)
    if transform_sqrt:
        x = np.sqrt(x)
    if not colour:
        g_row, g_col = _centred_gradients(x)
    else:
        # Gradients of every channel; each pixel keeps the channel with the strongest one
        # (the first such channel on ties).
        chans = np.moveaxis(x, -1, 0)                       # (C, N, H, W)
        c, n = chans.shape[:2]
        gr, gc = _centred_gradients(chans.reshape(c * n, *chans.shape[2:]))
        gr, gc = gr.reshape(chans.shape), gc.reshape(chans.shape)
        best = np.hypot(gr, gc).argmax(axis=0)[None]
        g_row = np.take_along_axis(gr, best, axis=0)[0]
        g_col = np.take_along_axis(gc, best, axis=0)[0]
    return _cell_histograms(g_row, g_col, orientations, cell)


# -- bag of visual words ------------------------------------------------------------------------

def extract_patches(images, patch_size=8, stride=4):
    """All square (or rectangular) patches on a regular grid, for every image of a batch.

    Parameters
    ----------
    images : array_like
        A batch of grey images (N, H, W) or colour images (N, H, W, C), any real dtype.
    patch_size : int or tuple, optional
        Patch height and width in pixels; an int means a square patch. Default 8.
    stride : int or tuple, optional
        Step between the top-left corners of neighbouring patches. Default 4.

    Returns
    -------
    numpy.ndarray
        Patches of shape (N, P, ph, pw) or (N, P, ph, pw, C), in the input dtype, with
        P = (1 + (H - ph) // sh) * (1 + (W - pw) // sw) patches per image in row-major order.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.features import extract_patches
    >>> images = np.arange(2 * 6 * 6).reshape(2, 6, 6)
    >>> p = extract_patches(images, patch_size=4, stride=2)
    >>> p.shape
    (2, 4, 4, 4)
    >>> print(p[0, 1])                                   # the second patch: rows 0..3, cols 2..5
    [[ 2  3  4  5]
     [ 8  9 10 11]
     [14 15 16 17]
     [20 21 22 23]]
    """
    size = _check_pair(patch_size, "patch_size")
    step = _check_pair(stride, "stride")
    arr = check_array(images, "images", ndim=(3, 4))
    _check_image_values(arr, "images")
    h, w = arr.shape[1:3]
    if h < size[0] or w < size[1]:
        raise ValueError(f"images: expected images of at least {size[0]} x {size[1]} pixels "
                         f"for patch_size={patch_size!r}, got images of {h} x {w}")
    win = np.lib.stride_tricks.sliding_window_view(arr, size, axis=(1, 2))
    win = win[:, ::step[0], ::step[1]]                      # (N, nr, nc, [C,] ph, pw)
    if arr.ndim == 4:
        win = np.moveaxis(win, 3, -1)                       # (N, nr, nc, ph, pw, C)
    n, nr, nc = win.shape[:3]
    return np.ascontiguousarray(win).reshape(n, nr * nc, *win.shape[3:])


def _sq_distances(X, centers, x_sq=None):
    """Squared Euclidean distances of shape (N, k), computed with one matrix product."""
    if x_sq is None:
        x_sq = np.einsum("ij,ij->i", X, X)
    d = X @ (-2.0 * centers.T)
    d += x_sq[:, None]
    d += np.einsum("ij,ij->i", centers, centers)
    return np.maximum(d, 0.0, out=d)


def _kmeans_pp(X, k, rng, x_sq):
    """k-means++ seeding: each new centre drawn with probability proportional to D(x)^2."""
    n = X.shape[0]
    centers = np.empty((k, X.shape[1]))
    centers[0] = X[rng.integers(n)]
    closest = _sq_distances(X, centers[:1], x_sq)[:, 0]
    for j in range(1, k):
        total = closest.sum()
        idx = rng.choice(n, p=closest / total) if total > 0 else rng.integers(n)
        centers[j] = X[idx]
        np.minimum(closest, _sq_distances(X, centers[j:j + 1], x_sq)[:, 0], out=closest)
    return centers


def _lloyd(X, centers, max_iter, tol_abs, x_sq):
    """Lloyd iterations from ``centers``; return centres, labels, inertia, iterations."""
    n, k = X.shape[0], centers.shape[0]
    rows = np.arange(n)
    previous = None
    for it in range(1, max_iter + 1):
        d = _sq_distances(X, centers, x_sq)
        labels = d.argmin(axis=1)
        if previous is not None and np.array_equal(labels, previous):
            break                                   # same assignment: the centres are final
        previous = labels
        counts = np.bincount(labels, minlength=k)
        # Sum of the points of each cluster: sort the rows by cluster, add up each run.
        order = np.argsort(labels, kind="stable")
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        filled = counts > 0
        new = np.zeros_like(centers)
        new[filled] = np.add.reduceat(X[order], starts[filled], axis=0)
        new /= np.maximum(counts, 1)[:, None]
        empty = np.flatnonzero(counts == 0)
        if empty.size:
            # An empty cluster restarts at the points worst served by their current centre.
            worst = np.argsort(d[rows, labels])[::-1][:empty.size]
            new[empty] = X[worst]
        shift = ((new - centers) ** 2).sum()
        centers = new
        if shift <= tol_abs:
            break
    d = _sq_distances(X, centers, x_sq)
    labels = d.argmin(axis=1)
    inertia = float(d[rows, labels].sum())
    return centers, labels, inertia, it


def kmeans(X, k, n_init=4, max_iter=100, tol=1e-4, rng=None):
    r"""Cluster the rows of ``X`` into ``k`` groups with Lloyd's algorithm and k-means++ seeds.

    Parameters
    ----------
    X : array_like
        Data of shape (N, D), real, finite.
    k : int
        Number of clusters, 1 <= k <= N.
    n_init : int, optional
        Number of restarts from different k-means++ seeds; the run with the lowest inertia is
        kept. Default 4.
    max_iter : int, optional
        Maximum number of Lloyd iterations per restart. Default 100.
    tol : float, optional
        Stop a restart when the squared movement of all centres, summed, falls below
        ``tol`` times the mean per-feature variance of ``X``. Default 1e-4.
    rng : numpy.random.Generator or int, optional
        Randomness for the seeding; an int is a seed; None means seed 0.

    Returns
    -------
    centers : numpy.ndarray
        float64 cluster centres of shape (k, D).
    labels : numpy.ndarray
        int64 index of the nearest centre for every row, shape (N,).
    inertia : float
        Sum of squared distances of the rows to their nearest centre.

    Raises
    ------
    ValueError
        If ``X`` is not 2-D, empty or non-finite, or ``k`` exceeds the number of rows.

    Notes
    -----
    Lloyd's algorithm :cite:p:`lloyd1982` alternates two steps that each lower the inertia

    .. math:: J = \sum_{i=1}^{N} \min_{j} \lVert x_i - \mu_j \rVert^2 :

    assign every :math:`x_i` to its nearest centre, then move every centre :math:`\mu_j` to the
    mean of its points. Distances come from one matrix product,
    :math:`\lVert x - \mu \rVert^2 = \lVert x \rVert^2 - 2 x^\top \mu + \lVert \mu \rVert^2`.
    k-means++ :cite:p:`arthur2007` picks the first centre uniformly and each next one with
    probability proportional to the squared distance to the closest centre so far. A cluster
    that loses all its points restarts at the point farthest from its centre. A restart ends
    when no point changes its cluster, when the centres move less than ``tol`` allows, or
    after ``max_iter`` iterations.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.features import kmeans
    >>> rng = np.random.default_rng(0)
    >>> X = np.concatenate([rng.normal(0, 0.1, (50, 2)), rng.normal(5, 0.1, (50, 2))])
    >>> centers, labels, inertia = kmeans(X, 2, rng=0)
    >>> print(np.round(centers[np.argsort(centers[:, 0])]).astype(int))
    [[0 0]
     [5 5]]
    >>> print(np.bincount(labels))
    [50 50]
    """
    X = check_array(X, "X", ndim=2)
    _check_image_values(X, "X")
    X = X.astype(np.float64, copy=False)
    n = X.shape[0]
    k = check_integer(k, "k", minimum=1)
    if k > n:
        raise ValueError(f"k: expected at most {n} clusters (one per row of X), got {k}")
    n_init = check_integer(n_init, "n_init", minimum=1)
    max_iter = check_integer(max_iter, "max_iter", minimum=1)
    tol = check_positive(tol, "tol", allow_zero=True)
    rng = check_rng(rng)
    tol_abs = tol * float(X.var(axis=0).mean())
    x_sq = np.einsum("ij,ij->i", X, X)
    best = None
    for _ in range(n_init):
        centers, labels, inertia, _ = _lloyd(X, _kmeans_pp(X, k, rng, x_sq), max_iter, tol_abs,
                                             x_sq)
        if best is None or inertia < best[2]:
            best = (centers, labels.astype(np.int64), inertia)
    return best


class BagOfVisualWords:
    r"""Describe images by how often each learned patch pattern ("visual word") occurs.

    ``fit`` cuts dense patches out of training images, normalises their brightness and
    contrast, and clusters them with :func:`kmeans`; the ``k`` centres are the
    :term:`codebook`. ``transform`` assigns every patch of an image to its nearest word and
    returns the normalised word counts.

    Parameters
    ----------
    k : int, optional
        Number of visual words. Default 50.
    patch_size : int or tuple, optional
        Patch size in pixels. Default 6.
    stride : int or tuple, optional
        Step between patches. Default 3.
    max_patches : int, optional
        At most this many training patches, drawn at random, are clustered. Default 20000.
    normalize_patches : bool, optional
        Subtract each patch's mean and divide by its standard deviation (regularised) before
        clustering and assignment. Default True.
    n_init : int, optional
        k-means restarts. Default 2.
    max_iter : int, optional
        k-means iterations per restart. Default 50.
    rng : numpy.random.Generator or int, optional
        Randomness for patch sampling and k-means; None means seed 0.

    Attributes
    ----------
    codebook_ : numpy.ndarray
        The visual words, float64 of shape (k, ph * pw * C), after ``fit``.
    patch_shape_ : tuple
        Shape of one patch, (ph, pw) or (ph, pw, C), to show the words as images.

    Notes
    -----
    Images of a batch, (N, H, W) grey or (N, H, W, C) colour; ``uint8`` pixels are scaled to
    [0, 1] first. A patch :math:`p` (flattened) is normalised as
    :math:`(p - \bar p) / \sqrt{\operatorname{var}(p) + 0.01}`, so flat patches stay near zero
    instead of amplifying noise. For image :math:`n` with patches :math:`p_1, \dots, p_P` the
    feature is

    .. math:: h_{nj} = \frac{1}{P} \#\{\, i : j = \arg\min_l \lVert p_i - \mu_l \rVert \,\},

    so each row sums to 1 :cite:p:`csurka2004`.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.features import BagOfVisualWords
    >>> rng = np.random.default_rng(0)
    >>> images = rng.random((20, 16, 16))
    >>> bovw = BagOfVisualWords(k=8, patch_size=4, stride=4, rng=0).fit(images)
    >>> bovw.codebook_.shape
    (8, 16)
    >>> h = bovw.transform(images[:3])
    >>> h.shape
    (3, 8)
    >>> print(np.round(h.sum(axis=1), 6))
    [1. 1. 1.]
    """

    def __init__(self, k=50, patch_size=6, stride=3, max_patches=20000, normalize_patches=True,
                 n_init=2, max_iter=50, rng=None):
        self.k = check_integer(k, "k", minimum=1)
        self.patch_size = _check_pair(patch_size, "patch_size")
        self.stride = _check_pair(stride, "stride")
        self.max_patches = check_integer(max_patches, "max_patches", minimum=1)
        if not isinstance(normalize_patches, (bool, np.bool_)):
            raise TypeError(f"normalize_patches: expected True or False, "
                            f"got {describe(normalize_patches)}")
        self.normalize_patches = bool(normalize_patches)
        self.n_init = check_integer(n_init, "n_init", minimum=1)
        self.max_iter = check_integer(max_iter, "max_iter", minimum=1)
        self.rng = check_rng(rng)
        self.codebook_ = None
        self.patch_shape_ = None

    def _patches(self, images):
        """Float patches of shape (N, P, D), normalised if asked."""
        arr = check_array(images, "images", ndim=(3, 4))
        _check_image_values(arr, "images")
        p = extract_patches(arr, self.patch_size, self.stride)
        shape = p.shape[2:]
        p = p.reshape(p.shape[0], p.shape[1], -1).astype(np.float64)
        if arr.dtype == np.uint8:
            p /= 255.0
        if self.normalize_patches:
            p -= p.mean(axis=2, keepdims=True)
            scale = np.einsum("npd,npd->np", p, p)[:, :, None]
            scale /= p.shape[2]
            scale += 0.01
            p /= np.sqrt(scale, out=scale)
        return p, shape

    def fit(self, images):
        """Learn the codebook from the patches of a batch of training images.

        Parameters
        ----------
        images : array_like
            Training images, (N, H, W) or (N, H, W, C).

        Returns
        -------
        BagOfVisualWords
            ``self``, with ``codebook_`` and ``patch_shape_`` set.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.features import BagOfVisualWords
        >>> images = np.random.default_rng(1).random((10, 12, 12, 3))
        >>> bovw = BagOfVisualWords(k=5, patch_size=3, stride=3).fit(images)
        >>> bovw.codebook_.shape, bovw.patch_shape_
        ((5, 27), (3, 3, 3))
        """
        p, shape = self._patches(images)
        X = p.reshape(-1, p.shape[2])
        if self.k > X.shape[0]:
            raise ValueError(f"k: expected at most {X.shape[0]} visual words (the number of "
                             f"training patches), got {self.k}")
        if X.shape[0] > self.max_patches:
            X = X[self.rng.choice(X.shape[0], self.max_patches, replace=False)]
        self.codebook_, _, _ = kmeans(X, self.k, n_init=self.n_init, max_iter=self.max_iter,
                                      rng=self.rng)
        self.patch_shape_ = tuple(shape)
        return self

    def transform(self, images):
        """Normalised visual-word histogram of every image.

        Parameters
        ----------
        images : array_like
            Images of the same kind as in ``fit``, (N, H, W) or (N, H, W, C).

        Returns
        -------
        numpy.ndarray
            float64 of shape (N, k); every row sums to 1.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.features import BagOfVisualWords
        >>> images = np.random.default_rng(2).random((6, 12, 12))
        >>> h = BagOfVisualWords(k=4, patch_size=4, stride=2).fit(images).transform(images)
        >>> print(h.shape, np.allclose(h.sum(axis=1), 1))
        (6, 4) True
        """
        if self.codebook_ is None:
            raise ValueError("BagOfVisualWords: expected a fitted codebook (call fit first), "
                             "got an unfitted object")
        p, shape = self._patches(images)
        if tuple(shape) != self.patch_shape_:
            raise ValueError(f"images: expected patches of shape {self.patch_shape_} as in fit, "
                             f"got {tuple(shape)}")
        n, count, dim = p.shape
        words = _sq_distances(p.reshape(-1, dim), self.codebook_).argmin(axis=1)
        flat = np.repeat(np.arange(n), count) * self.k + words
        return np.bincount(flat, minlength=n * self.k).reshape(n, self.k) / count

    def fit_transform(self, images):
        """``fit(images)`` followed by ``transform(images)``.

        Parameters
        ----------
        images : array_like
            Training images, (N, H, W) or (N, H, W, C).

        Returns
        -------
        numpy.ndarray
            float64 word histograms of shape (N, k).

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.features import BagOfVisualWords
        >>> images = np.random.default_rng(3).random((6, 8, 8))
        >>> BagOfVisualWords(k=3, patch_size=4, stride=4).fit_transform(images).shape
        (6, 3)
        """
        return self.fit(images).transform(images)


# -- the pipeline --------------------------------------------------------------------------------

def extract_features(images, feature_fns, verbose=False, batch_size=1000):
    """Apply several feature functions to a batch of images and stack their outputs.

    Parameters
    ----------
    images : array_like
        A batch of N images; the first axis indexes the images.
    feature_fns : list of callable
        Each maps a batch of images (a slice of ``images`` along the first axis) to an array
        of shape (n, F_i).
    verbose : bool, optional
        Print progress after each chunk of ``batch_size`` images. Default False.
    batch_size : int, optional
        Images processed per call of each function, to bound memory. Default 1000.

    Returns
    -------
    numpy.ndarray
        float64 features of shape (N, F_1 + F_2 + ...), the columns of each function side by
        side in the order given.

    Raises
    ------
    ValueError
        If ``images`` is empty, no function is given, or a function returns the wrong shape or
        non-finite values.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.features import color_histogram_hsv, extract_features, hog, rgb_to_gray
    >>> images = np.random.default_rng(0).integers(0, 256, (4, 16, 16, 3), dtype=np.uint8)
    >>> X = extract_features(images, [color_histogram_hsv,
    ...                               lambda x: hog(rgb_to_gray(x), cells_per_block=(2, 2))])
    >>> X.shape                                    # 10 hue bins + 1 block * 4 cells * 9 bins
    (4, 46)
    """
    arr = check_array(images, "images")
    if arr.ndim < 2:
        raise ValueError(f"images: expected a batch with the image index first, "
                         f"got shape {arr.shape}")
    if callable(feature_fns):
        feature_fns = [feature_fns]
    if not isinstance(feature_fns, (list, tuple)) or not feature_fns:
        raise ValueError(f"feature_fns: expected a non-empty list of functions, "
                         f"got {describe(feature_fns)}")
    for i, fn in enumerate(feature_fns):
        if not callable(fn):
            raise TypeError(f"feature_fns: expected callables, got {describe(fn)} at index {i}")
    batch_size = check_integer(batch_size, "batch_size", minimum=1)
    n = arr.shape[0]
    chunks = []
    start_time = time.perf_counter()
    for start in range(0, n, batch_size):
        part = arr[start:start + batch_size]
        cols = []
        for i, fn in enumerate(feature_fns):
            f = np.asarray(fn(part))
            name = getattr(fn, "__name__", f"feature_fns[{i}]")
            if f.ndim != 2 or f.shape[0] != part.shape[0]:
                raise ValueError(f"feature_fns: expected {name} to return shape "
                                 f"({part.shape[0]}, F), got shape {f.shape}")
            check_finite(f.astype(np.float64, copy=False), f"feature_fns ({name} output)")
            cols.append(f.astype(np.float64, copy=False))
        chunks.append(np.concatenate(cols, axis=1))
        if verbose:
            done = min(start + batch_size, n)
            print(f"extract_features: {done}/{n} images "
                  f"({time.perf_counter() - start_time:.1f} s)", file=sys.stdout, flush=True)
    return np.concatenate(chunks, axis=0)


class Standardizer:
    r"""Shift and scale every feature column to mean 0 and standard deviation 1.

    The statistics come from the training data only (``fit``); ``transform`` applies the same
    shift and scale to any data, so validation and test sets see exactly the transformation
    the classifier was trained with.

    Parameters
    ----------
    eps : float, optional
        Columns whose standard deviation is below ``eps`` (constant features) are only shifted,
        not scaled. Default 1e-8.

    Attributes
    ----------
    mean_ : numpy.ndarray
        Column means of the training data, shape (D,).
    std_ : numpy.ndarray
        Column standard deviations used for scaling, shape (D,).

    Notes
    -----
    .. math:: \tilde x_{id} = \frac{x_{id} - \mu_d}{\sigma_d}, \qquad
              \mu_d = \frac{1}{N} \sum_i x_{id}, \quad
              \sigma_d = \sqrt{\frac{1}{N} \sum_i (x_{id} - \mu_d)^2}.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.features import Standardizer
    >>> X_train = np.array([[1.0, 10.0], [3.0, 10.0]])
    >>> s = Standardizer().fit(X_train)
    >>> print(s.transform(X_train))
    [[-1.  0.]
     [ 1.  0.]]
    >>> print(s.transform(np.array([[5.0, 12.0]])))
    [[3. 2.]]
    """

    def __init__(self, eps=1e-8):
        self.eps = check_positive(eps, "eps")
        self.mean_ = None
        self.std_ = None

    def fit(self, X):
        """Learn column means and standard deviations from training features.

        Parameters
        ----------
        X : array_like
            Training features of shape (N, D), finite.

        Returns
        -------
        Standardizer
            ``self``, fitted.

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.features import Standardizer
        >>> print(Standardizer().fit(np.array([[0.0], [2.0]])).mean_)
        [1.]
        """
        X = check_array(X, "X", ndim=2, dtype=np.float64)
        check_finite(X, "X")
        self.mean_ = X.mean(axis=0)
        std = X.std(axis=0)
        self.std_ = np.where(std < self.eps, 1.0, std)
        return self

    def transform(self, X):
        """Standardise features with the statistics learned in ``fit``.

        Parameters
        ----------
        X : array_like
            Features of shape (M, D) with the same D as in ``fit``.

        Returns
        -------
        numpy.ndarray
            float64 standardised features of shape (M, D).

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.features import Standardizer
        >>> s = Standardizer().fit(np.array([[0.0], [2.0]]))
        >>> print(s.transform(np.array([[4.0]])))
        [[3.]]
        """
        if self.mean_ is None:
            raise ValueError("Standardizer: expected a fitted object (call fit first), "
                             "got an unfitted one")
        X = check_array(X, "X", ndim=2, dtype=np.float64)
        check_finite(X, "X")
        if X.shape[1] != self.mean_.shape[0]:
            raise ValueError(f"X: expected {self.mean_.shape[0]} feature columns as in fit, "
                             f"got {X.shape[1]}")
        return (X - self.mean_) / self.std_

    def fit_transform(self, X):
        """``fit(X)`` followed by ``transform(X)``.

        Parameters
        ----------
        X : array_like
            Training features of shape (N, D).

        Returns
        -------
        numpy.ndarray
            float64 standardised features of shape (N, D).

        Examples
        --------
        >>> import numpy as np
        >>> from minidl.features import Standardizer
        >>> print(Standardizer().fit_transform(np.array([[0.0], [2.0]])).ravel())
        [-1.  1.]
        """
        return self.fit(X).transform(X)
