r"""Histograms of oriented gradients (HOG) of one image or a batch, as scikit-image computes them.

The book's page "Histograms of oriented gradients (HOG)" (docs/features/hog.md) explains the
method; :func:`hog` checks its arguments and then follows the numbered steps of its Notes, one
private function each:

1. and 2. ``_gradients`` — optional square root, then centred differences;
3. ``_orientation_bins`` — the unsigned orientation of every pixel, binned;
4. ``_cell_histograms`` — one magnitude-weighted orientation histogram per cell;
5. ``_normalise_blocks`` — overlapping blocks of cells, normalised;

and ``_glyph_images`` draws the cell histograms as the glyph picture (``visualize=True``).
Every step works on the whole batch at once.
"""
from __future__ import annotations

import itertools

import numpy as np

from .._validation import binary_scale, check_array, check_flag, check_integer
from ._checks import check_fits, check_option, check_pair

__all__ = ["hog"]

_BLOCK_NORMS = ("L1", "L1-sqrt", "L2", "L2-Hys")
# Steps 1-4 go through a batch in chunks of about this many pixels, so that their dozen passes
# over the pixels stay in the CPU cache (the fastest of 4k to 128k in benchmarks/).
_CHUNK_PIXELS = 16384


def hog(image, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(3, 3),
        block_norm="L2-Hys", visualize=False, transform_sqrt=False, feature_vector=True,
        channel_axis=None):
    r"""Histogram of oriented gradients of one image or of a batch, like scikit-image's.

    For one image the result equals scikit-image's ``skimage.feature.hog`` called with the
    same arguments, to within 1e-6 (see Notes, step 4); a batch gives the per-image results
    stacked, computed with array operations across the whole batch.

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
       binning, no interpolation between bins or cells. (scikit-image adds up each cell's
       magnitudes in single precision, minidl in double precision, all at once; the
       features differ by about :math:`10^{-7}`.)
    5. Blocks of :math:`b_r \times b_c` neighbouring cells, overlapping with a stride of one
       cell; the concatenated histogram :math:`v` of each block is normalised, with
       :math:`\epsilon = 10^{-5}`:

       .. math::

          \text{L1: } \frac{v}{\|v\|_1 + \epsilon}, \qquad
          \text{L1-sqrt: } \sqrt{\frac{v}{\|v\|_1 + \epsilon}}, \qquad
          \text{L2: } \frac{v}{\sqrt{\|v\|_2^2 + \epsilon^2}},

       and L2-Hys: L2, then clip every entry at 0.2, then L2 again.

    An image whose values exceed about 1e120 (1e30 in float32), where the squared gradients
    would overflow, is divided by a power of two first and ``eps`` with it: the same features,
    without overflow.

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
    orientations = check_integer(orientations, "orientations", minimum=1)
    cell = check_pair(pixels_per_cell, "pixels_per_cell")
    block = check_pair(cells_per_block, "cells_per_block")
    block_norm = check_option(block_norm, "block_norm", _BLOCK_NORMS)
    visualize = check_flag(visualize, "visualize")
    transform_sqrt = check_flag(transform_sqrt, "transform_sqrt")
    feature_vector = check_flag(feature_vector, "feature_vector")
    images, batch = _as_batch(image, channel_axis, transform_sqrt)
    check_fits(images.shape[1:3], "image", (block[0] * cell[0], block[1] * cell[1]),
               f"{cell[0]}x{cell[1]}-pixel cells in {block[0]}x{block[1]}-cell blocks")

    ftype = _float_type(images.dtype)
    c = _scale(images, ftype, transform_sqrt)                   # 1.0 for any ordinary image
    step = max(1, _CHUNK_PIXELS // (images.shape[1] * images.shape[2]))
    hist = np.concatenate([                                            # steps 1 to 4
        _cell_histograms(images[i:i + step], ftype, transform_sqrt, orientations, cell, c)
        for i in range(0, len(images), step)])
    features = _normalise_blocks(hist, block, block_norm, c).astype(ftype, copy=False)  # step 5
    if feature_vector:
        features = features.reshape(len(features), -1)
    if not batch:
        features = features[0]
    if not visualize:
        return features
    glyphs = (_glyph_images(hist, images.shape[1:3], cell) * c).astype(ftype, copy=False)
    return features, (glyphs if batch else glyphs[0])


def _as_batch(image, channel_axis, transform_sqrt):
    """Check ``image``; return it as a batch, (N, H, W) or (N, H, W, C), and whether it was one."""
    if channel_axis is not None:
        check_integer(channel_axis, "channel_axis")
    arr = check_array(image, "image", ndim=(2, 3) if channel_axis is None else (3, 4),
                      finite=True)
    if transform_sqrt and arr.min() < 0:
        raise ValueError(f"image: expected non-negative values with transform_sqrt=True, "
                         f"got a minimum of {arr.min()}")
    if channel_axis is None:
        return (arr, True) if arr.ndim == 3 else (arr[None], False)
    axis = check_integer(channel_axis, "channel_axis")
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"channel_axis: expected an axis of an array with {arr.ndim} "
                         f"dimensions, got {axis}")
    batch = arr.ndim == 4
    if batch and axis % arr.ndim == 0:
        raise ValueError(f"channel_axis: expected a channel axis other than 0 for a batch of "
                         f"shape {arr.shape} (axis 0 is the batch), got 0")
    colour = np.moveaxis(arr, axis, -1)
    return (colour, True) if batch else (colour[None], False)


def _scale(images, ftype, transform_sqrt):
    """A power of two c: steps 1 to 4 run on I / c (sqrt(I) / c with ``transform_sqrt``), so
    that the squared gradients of huge values cannot overflow; 1.0 for ordinary images."""
    top = max(float(images.max()), -float(images.min()))
    top = np.sqrt(top) if transform_sqrt else top
    return float(binary_scale(top, 2.0 ** (100 if ftype is np.float32 else 400), small=False))


def _float_type(dtype):
    """The working float type scikit-image uses: float32 for float16/32 input, else float64."""
    return np.float32 if dtype.kind == "f" and dtype.itemsize <= 4 else np.float64


def _gradients(x):
    """Step 2: centred differences along rows and columns of (N, H, W), zero on the border.

    A colour batch (N, H, W, C) keeps at each pixel the gradient of the channel where it is
    strongest (the first such channel on ties).
    """
    if x.ndim == 4:
        channels = np.moveaxis(x, -1, 0)                               # (C, N, H, W)
        g_row, g_col = _gradients(channels.reshape(-1, *x.shape[1:3]))
        g_row, g_col = g_row.reshape(channels.shape), g_col.reshape(channels.shape)
        best = np.hypot(g_row, g_col).argmax(axis=0)[None]
        return (np.take_along_axis(g_row, best, axis=0)[0],
                np.take_along_axis(g_col, best, axis=0)[0])
    g_row, g_col = np.zeros_like(x), np.zeros_like(x)
    np.subtract(x[:, 2:], x[:, :-2], out=g_row[:, 1:-1])
    np.subtract(x[:, :, 2:], x[:, :, :-2], out=g_col[:, :, 1:-1])
    return g_row, g_col


def _orientation_bins(g_row, g_col, orientations):
    """Step 3: the orientation bin of every pixel, int32; ``orientations`` means "in no bin".

    The angle is computed in the gradients' float type with scikit-image's operations,
    theta = rad2deg(arctan2(g_r, g_c)) mod 180, and bin k holds [e_k, e_{k+1}) with the edges
    e_k = k * (180 / O) rounded as there, so that a pixel on an edge lands in the same bin. An
    angle that rounds up to the last edge (180 degrees or just above) lies in no bin.
    """
    ftype = g_row.dtype.type
    theta = np.arctan2(g_row, g_col)                           # in [-180, 180] degrees after
    theta *= ftype(180) / ftype(np.pi)                         # this line, = np.rad2deg, faster
    # theta mod 180 as NumPy's % gives it: [-180, 0) -> +180, 180 -> 0. Written without a
    # mask, which is slow when it changes from pixel to pixel.
    wrap = (theta < 0).astype(ftype)
    wrap -= theta >= 180
    wrap *= 180
    theta += wrap
    edges = np.arange(orientations + 2).astype(ftype) * ftype(180 / orientations)
    bins = (theta * (orientations / 180)).astype(np.int32)    # a first guess, and
    bins -= theta < edges[bins]                                # its correction on the edges
    bins += theta >= edges[bins + 1]
    return bins


def _cell_histograms(images, ftype, transform_sqrt, orientations, cell, c=1.0):
    """Steps 1 to 4 for a batch: the cell histograms, float64 (N, n_row, n_col, orientations),
    of the images divided by ``c`` (before the square root: by ``c**2``)."""
    x = images.astype(ftype, copy=False)
    if c != 1.0:
        x = x / ftype(c * c if transform_sqrt else c)
    if transform_sqrt:
        x = np.sqrt(x)
    g_row, g_col = _gradients(x)
    (c_row, c_col), n = cell, len(x)
    n_row, n_col = x.shape[1] // c_row, x.shape[2] // c_col
    g_row = g_row[:, :n_row * c_row, :n_col * c_col]                  # whole cells only
    g_col = g_col[:, :n_row * c_row, :n_col * c_col]
    magnitude = np.square(g_row, dtype=np.float64)
    magnitude += np.square(g_col, dtype=np.float64)
    np.sqrt(magnitude, out=magnitude)
    # Every pixel adds its magnitude to one slot (image, cell row, cell column, bin); the
    # extra bin per cell collects the pixels in no bin and is dropped.
    slots = orientations + 1
    cell_of_row = np.arange(n_row * c_row) // c_row
    cell_of_col = np.arange(n_col * c_col) // c_col
    slot = np.arange(n)[:, None, None] * (n_row * n_col * slots)
    slot = slot + (cell_of_row[:, None] * n_col + cell_of_col) * slots
    slot += _orientation_bins(g_row, g_col, orientations)
    sums = np.bincount(slot.ravel(), magnitude.ravel(), minlength=n * n_row * n_col * slots)
    return sums.reshape(n, n_row, n_col, slots)[..., :orientations] / (c_row * c_col)


def _normalise_blocks(hist, block, method, c=1.0, eps=1e-5):
    """Step 5: blocks (N, n_blocks_row, n_blocks_col, b_row, b_col, orientations), normalised.

    ``hist`` holds the histograms of the images divided by ``c``: the same blocks, normalised
    with ``eps / c`` in place of ``eps``, give the same features (L2-Hys's second
    normalisation acts on scale-free values and keeps ``eps``).
    """
    e = eps / c
    windows = np.lib.stride_tricks.sliding_window_view(hist, block, axis=(1, 2))
    blocks = windows.transpose(0, 1, 2, 4, 5, 3)          # (N, nbr, nbc, b_row, b_col, O), a view
    # A block's norm adds up its cells' sums, so they are computed once per cell.
    if method in ("L1", "L1-sqrt"):
        norm = _block_sums(hist.sum(axis=3), block) + e    # the histograms are >= 0
    else:
        norm = np.sqrt(_block_sums(np.einsum("nijo,nijo->nij", hist, hist), block) + e * e)
        if c != 1.0:                    # e * e may underflow to 0: an empty block stays 0
            np.maximum(norm, np.finfo(norm.dtype).tiny, out=norm)
    out = np.divide(blocks, norm[..., None, None, None], out=np.empty(blocks.shape))
    if method == "L1-sqrt":
        np.sqrt(out, out=out)
    if method == "L2-Hys":
        np.minimum(out, 0.2, out=out)
        flat = out.reshape(-1, out[0, 0, 0].size)
        flat /= np.sqrt(np.einsum("bv,bv->b", flat, flat) + eps ** 2)[:, None]
    return out


def _block_sums(per_cell, block):
    """Sums over all blocks of ``block`` neighbouring cells, (N, n_row, n_col) -> (N, nbr, nbc)."""
    windows = np.lib.stride_tricks.sliding_window_view(per_cell, block, axis=(1, 2))
    return windows.sum(axis=(3, 4))


# -- the glyph picture ---------------------------------------------------------------------------

def _glyph_images(hist, shape, cell):
    """The glyph pictures of cell histograms (N, n_row, n_col, O): float64 (N, H, W).

    Every stroke adds its bin's value to its pixels. The strokes are listed in scikit-image's
    drawing order (cell row, cell column, bin), and ``numpy.bincount`` adds in the order it
    is given, so each pixel sums the same numbers in the same order as scikit-image's loop.
    """
    size = shape[0] * shape[1]
    pixels = _stroke_pixels(hist.shape[1:3], shape, cell, hist.shape[3])  # (n_row, n_col, O, L)
    glyphs = np.empty((len(hist), size))
    for image, h in zip(glyphs, hist):
        values = np.broadcast_to(h[..., None], pixels.shape)
        image[:] = np.bincount(pixels.ravel(), values.ravel(), minlength=size + 1)[:size]
    return glyphs.reshape(len(hist), *shape)


def _stroke_pixels(n_cells, shape, cell, orientations):
    """Flat pixel index of every point of every stroke, shape (n_row, n_col, O, L).

    The stroke of bin o in a cell is the digital line through the cell centre, perpendicular
    to the bin's mean gradient direction, between the end points scikit-image computes
    (truncated towards zero, as ``int()`` does). Strokes shorter than the longest, L points,
    are padded with the index H * W, a pixel outside the image.
    """
    (n_row, n_col), (c_row, c_col) = n_cells, cell
    size = shape[0] * shape[1]
    radius = min(c_row, c_col) // 2 - 1
    mid = np.pi * (np.arange(orientations) + 0.5) / orientations
    dr, dc = radius * np.sin(mid), radius * np.cos(mid)
    centre_r = (np.arange(n_row) * c_row + c_row // 2)[:, None]
    centre_c = (np.arange(n_col) * c_col + c_col // 2)[:, None]
    # End points of the strokes, (cell rows, O) and (cell columns, O).
    r0, r1 = np.trunc(centre_r - dc).astype(np.intp), np.trunc(centre_r + dc).astype(np.intp)
    c0, c1 = np.trunc(centre_c + dr).astype(np.intp), np.trunc(centre_c - dr).astype(np.intp)
    length = max(np.abs(r1 - r0).max(), np.abs(c1 - c0).max()) + 1
    pixels = np.full((n_row, n_col, orientations, length), size, dtype=np.intp)
    stroke = np.empty((n_row, n_col, length), dtype=np.intp)
    for o in range(orientations):
        stroke.fill(size)
        # A line moved by whole pixels is the same line moved, so each distinct (rise, run)
        # of this bin's strokes is drawn once and moved to all the cells that have it (all
        # cells but maybe those at the image border share one).
        rises, rise_of_row = np.unique(r1[:, o] - r0[:, o], return_inverse=True)
        runs, run_of_col = np.unique(c1[:, o] - c0[:, o], return_inverse=True)
        for i, j in itertools.product(range(len(rises)), range(len(runs))):
            in_rows, in_cols = np.flatnonzero(rise_of_row == i), np.flatnonzero(run_of_col == j)
            line_r, line_c = _bresenham(0, 0, int(rises[i]), int(runs[j]))
            rows = r0[in_rows, o, None] + line_r                  # (cells in rows, points)
            cols = c0[in_cols, o, None] + line_c
            # Strokes of 1-pixel cells can leave the image: they wrap around, as NumPy's
            # negative indices do in scikit-image. One longer than the image is wide may then
            # meet a pixel twice, which counts once there (NumPy's a[index] += v).
            flat = (rows % shape[0])[:, None, :] * shape[1] + (cols % shape[1])[None, :, :]
            if min(shape) < flat.shape[2]:
                for k in range(1, flat.shape[2]):
                    flat[..., k][(flat[..., :k] == flat[..., k:k + 1]).any(axis=2)] = size
            stroke[in_rows[:, None], in_cols, :flat.shape[2]] = flat
        pixels[:, :, o] = stroke
    return pixels


def _bresenham(r0, c0, r1, c1):
    """Pixels of the digital line from (r0, c0) to (r1, c1), both ends included, shape (2, k)."""
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
