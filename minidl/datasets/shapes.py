r"""The synthetic shapes: a seeded colour-image classification set that needs no download.

:func:`make_shapes` draws shapes (circle, square, triangle) in a warm or a cool colour on
textured backgrounds, 32 x 32 x 3 uint8 like CIFAR-10, in a fraction of a second per thousand
images; the book's executed pages use it. ``SHAPES_CLASS_NAMES[label]`` names its classes.
"""
from __future__ import annotations

import numpy as np

from .._validation import check_integer, check_interval, check_rng

__all__ = ["SHAPES_CLASS_NAMES", "make_shapes"]

#: Class names of :func:`make_shapes`, indexed by label.
SHAPES_CLASS_NAMES = (
    "warm circle",
    "cool circle",
    "warm square",
    "cool square",
    "warm triangle",
    "cool triangle",
)

# Hue ranges in degrees (warm wraps around red) and the other colour ranges.
_WARM_HUES = (-25.0, 45.0)
_COOL_HUES = (175.0, 245.0)
# Backgrounds: green (100..140) or, 180 degrees on, purple (280..320): never a family's hue,
# and on average as much red as blue.
_BACKGROUND_HUES = (100.0, 140.0)
# Equal areas: a square of half-side a and an equilateral triangle of circumradius R cover
# pi r^2 when a = r sqrt(pi) / 2 and R = r sqrt(4 pi / (3 sqrt 3)).
_SQUARE_HALF = float(np.sqrt(np.pi) / 2.0)
_TRIANGLE_R = float(np.sqrt(4.0 * np.pi / (3.0 * np.sqrt(3.0))))


def _hsv_to_rgb(h, s, v):
    """Vectorised HSV -> RGB; h in degrees (any real), s and v in [0, 1]; returns (..., 3)."""
    h = np.mod(h, 360.0) / 60.0
    c = v * s
    x = c * (1.0 - np.abs(np.mod(h, 2.0) - 1.0))
    m = v - c
    sector = np.floor(h).astype(np.int64) % 6
    zeros = np.zeros_like(c)
    # (r, g, b) before adding m, for each of the six sectors of the hue circle
    table = np.stack([
        np.stack([c, x, zeros], -1), np.stack([x, c, zeros], -1), np.stack([zeros, c, x], -1),
        np.stack([zeros, x, c], -1), np.stack([x, zeros, c], -1), np.stack([c, zeros, x], -1),
    ], 0)
    rgb = np.take_along_axis(table, sector[None, ..., None], axis=0)[0]
    return rgb + m[..., None]


def _render_chunk(labels, rng, size, noise):
    """Draw one chunk of images for the given labels; returns float32 in [0, 1], (n, S, S, 3)."""
    n = labels.shape[0]
    f32 = np.float32
    shape_id = labels // 2          # 0 circle, 1 square, 2 triangle
    colour_id = labels % 2          # 0 warm, 1 cool
    coords = np.arange(size, dtype=f32) + f32(0.5)
    py = coords[None, :, None]      # rows
    px = coords[None, None, :]      # columns

    # -- background: a low-saturation tint with two random gratings and pixel noise ------------
    # half the images: bright object on a dark background, the other half the reverse
    dark_object = rng.random(n) < 0.5
    bg_hue = rng.uniform(*_BACKGROUND_HUES, n) + 180.0 * rng.integers(0, 2, n)
    bg_sat = rng.uniform(0.15, 0.45, n)
    bg_val = np.where(dark_object, rng.uniform(0.7, 0.95, n), rng.uniform(0.1, 0.35, n))
    texture = np.zeros((n, size, size), dtype=f32)
    for _ in range(2):
        theta = rng.uniform(0.0, np.pi, n).astype(f32)[:, None, None]
        freq = rng.uniform(0.1, 0.45, n).astype(f32)[:, None, None]
        phase = rng.uniform(0.0, 2 * np.pi, n).astype(f32)[:, None, None]
        amp = rng.uniform(0.02, 0.06, n).astype(f32)[:, None, None]
        texture += amp * np.sin(freq * (px * np.cos(theta) + py * np.sin(theta)) + phase)
    base = _hsv_to_rgb(bg_hue, bg_sat, bg_val).astype(f32)              # (n, 3)
    img = base[:, None, None, :] * (1.0 + texture[..., None] * 2.0)      # tint times texture

    # -- the object: signed distance (in pixels) to a rotated, scaled shape --------------------
    # All three shapes cover the same area pi r^2, so the pixel count says nothing about shape.
    scale = f32(size / 32.0)
    radius = (rng.uniform(4.5, 7.5, n) * scale).astype(f32)[:, None, None]
    margin = _TRIANGLE_R * radius[:, 0, 0] + 1.0        # the largest shape fits, whatever the label
    cy = rng.uniform(margin, size - margin).astype(f32)[:, None, None]
    cx = rng.uniform(margin, size - margin).astype(f32)[:, None, None]
    angle = np.deg2rad(rng.uniform(-10.0, 10.0, n)).astype(f32)[:, None, None]
    dx, dy = px - cx, py - cy
    u = np.cos(angle) * dx + np.sin(angle) * dy                           # rotated frame
    v = -np.sin(angle) * dx + np.cos(angle) * dy
    dist = np.empty((n, size, size), dtype=f32)
    is_c, is_s, is_t = shape_id == 0, shape_id == 1, shape_id == 2
    if is_c.any():
        dist[is_c] = np.sqrt(u[is_c] ** 2 + v[is_c] ** 2) - radius[is_c]
    if is_s.any():
        half = f32(_SQUARE_HALF) * radius[is_s]
        dist[is_s] = np.maximum(np.abs(u[is_s]), np.abs(v[is_s])) - half
    if is_t.any():
        # equilateral triangle, apex up, circumradius R: three half-planes at distance R / 2
        R = f32(_TRIANGLE_R) * radius[is_t]
        edges = [u[is_t] * np.cos(a) + v[is_t] * np.sin(a)
                 for a in (np.pi / 2, np.pi / 2 + 2 * np.pi / 3, np.pi / 2 + 4 * np.pi / 3)]
        dist[is_t] = np.maximum(np.maximum(edges[0], edges[1]), edges[2]) - f32(0.5) * R
    alpha = np.clip(0.5 - dist, 0.0, 1.0)[..., None]                     # anti-aliased edge

    lo = np.where(colour_id == 0, _WARM_HUES[0], _COOL_HUES[0])
    hi = np.where(colour_id == 0, _WARM_HUES[1], _COOL_HUES[1])
    hue = rng.uniform(lo, hi)
    sat = rng.uniform(0.65, 1.0, n)
    val = np.where(dark_object, rng.uniform(0.3, 0.5, n), rng.uniform(0.75, 1.0, n))
    colour = _hsv_to_rgb(hue, sat, val).astype(f32)                     # (n, 3)
    img = img * (1.0 - alpha) + colour[:, None, None, :] * alpha
    img += rng.normal(0.0, noise, img.shape).astype(f32)
    return np.clip(img, 0.0, 1.0)


def make_shapes(n=1000, *, size=32, noise=0.03, rng=None):
    r"""A seeded synthetic colour-image classification set: shapes in colours on textures.

    Each image shows one filled shape on a textured background. The six classes combine a
    **shape** (circle, square, triangle) with a **colour family** (warm or cool), so that telling
    them apart needs both: colour alone narrows an image down to 3 classes, shape alone to 2.

    Parameters
    ----------
    n : int, optional
        Number of images, at least 1. Default 1000.
    size : int, optional
        Side of the square images in pixels, at least 16. Default 32.
    noise : float, optional
        Standard deviation of the Gaussian pixel noise, on the [0, 1] intensity scale, in
        [0, 1). Default 0.03.
    rng : numpy.random.Generator or int, optional
        Generator or seed; the same seed gives the same images. Default None (seed 0).

    Returns
    -------
    images : numpy.ndarray
        uint8 array of shape (n, size, size, 3), RGB, channels last.
    labels : numpy.ndarray
        int64 array of shape (n,) with values in 0..5; ``SHAPES_CLASS_NAMES[label]`` names the
        class. Classes are balanced (label ``i % 6`` for image ``i`` before shuffling) and the
        order is shuffled.

    Notes
    -----
    Class definitions. The label says which shape is drawn and from which hue range its colour
    comes; nothing else depends on the label.

    ===== ============== ======================================================================
    label name           definition
    ===== ============== ======================================================================
    0     warm circle    a disc of radius :math:`r`; object hue in [-25, 45) degrees (red to
                         orange-yellow)
    1     cool circle    a disc of radius :math:`r`; object hue in [175, 245) degrees (cyan to
                         blue)
    2     warm square    a square of half-side :math:`r\sqrt\pi/2`; warm hue
    3     cool square    a square of half-side :math:`r\sqrt\pi/2`; cool hue
    4     warm triangle  an equilateral triangle, apex up, of circumradius
                         :math:`r\sqrt{4\pi/(3\sqrt3)}`; warm hue
    5     cool triangle  the same triangle; cool hue
    ===== ============== ======================================================================

    The three shapes have the same area :math:`\pi r^2`, so counting object pixels says nothing
    about the shape. Everything else is drawn independently of the label, uniformly at random
    (sizes for ``size=32``, scaled with ``size``):

    * shape: :math:`r \in [4.5, 7.5)` pixels; rotation in [-10, 10) degrees; centre anywhere that
      keeps the largest of the three shapes of that :math:`r` inside the image;
    * colour: hue uniform in the family's range, saturation in [0.65, 1);
    * contrast polarity, a fair coin: a bright object (value in [0.75, 1)) on a dark background
      (value in [0.1, 0.35)), or a dark object (value in [0.3, 0.5)) on a bright background
      (value in [0.7, 0.95));
    * background: saturation in [0.15, 0.45), hue green ([100, 140) degrees) or purple
      ([280, 320)) — never a hue of either family, and as much red as blue on average —
      modulated by two sinusoidal gratings of random orientation, frequency and phase;
    * Gaussian pixel noise of standard deviation ``noise``, clipping to [0, 1], rounding to
      uint8.

    What a linear classifier can use (measured in the features part of the book):

    * a **hue histogram** sees the colour family (mass in warm or in cool hue bins) but nothing
      of the shape: at best 1 class in 3 is certain, so about 33 % accuracy;
    * **gradient features** (HOG) see edge orientations — all directions for a disc, 0 and 90
      degrees for a square, 90 and ±30 degrees for a triangle — but not the hue, and they are
      blind to contrast polarity: about 50 %;
    * **raw pixels** see the colour family (red minus blue summed over pixels) but hardly the
      shape, since a linear template cannot follow a shape that moves and flips from bright to
      dark: a little above 33 %;
    * hue and gradient features **combined** see both and score far higher than either alone.

    Examples
    --------
    >>> import numpy as np
    >>> from minidl.datasets import make_shapes, SHAPES_CLASS_NAMES
    >>> images, labels = make_shapes(12, rng=0)
    >>> images.shape, images.dtype, labels.dtype
    ((12, 32, 32, 3), dtype('uint8'), dtype('int64'))
    >>> sorted(np.bincount(labels).tolist())
    [2, 2, 2, 2, 2, 2]
    >>> SHAPES_CLASS_NAMES[labels[0]] in SHAPES_CLASS_NAMES
    True
    """
    n = check_integer(n, "n", minimum=1)
    size = check_integer(size, "size", minimum=16)
    noise = check_interval(noise, "noise", 0.0, 1.0)
    rng = check_rng(rng)
    labels = rng.permutation(np.arange(n, dtype=np.int64) % len(SHAPES_CLASS_NAMES))
    images = np.empty((n, size, size, 3), dtype=np.uint8)
    chunk = 2048
    for start in range(0, n, chunk):
        part = _render_chunk(labels[start:start + chunk], rng, size, noise)
        images[start:start + chunk] = np.rint(part * 255.0).astype(np.uint8)
    return images, labels
