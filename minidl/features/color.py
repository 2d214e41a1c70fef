r"""Colour features: the hue histogram of an image, and luminance (grey) from RGB.

The book's page "Colour histogram of hue" (docs/features/color-histogram.md) teaches the first;
the second makes the grey images that HOG describes (``hog(rgb_to_gray(images))``).

- :func:`color_histogram_hsv` — the normalised histogram of the hue of every pixel;
- :func:`rgb_to_gray` — ITU-R BT.601 luminance.

Images are NumPy arrays of shape (H, W, 3) or batches (N, H, W, 3), channels last.
"""
from __future__ import annotations

import numpy as np

from .._validation import check_array, check_finite, check_integer

__all__ = ["color_histogram_hsv", "rgb_to_gray"]



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
    arr = _rgb_array(check_array(images, "images", ndim=(3, 4), finite=True), "images")
    return arr.astype(np.float64, copy=False) @ np.array([0.299, 0.587, 0.114])
