"""Tests of minidl.features.color against matplotlib and plain per-image references."""
import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from helpers import random_image
from minidl.features import color_histogram_hsv, rgb_to_gray

mcolors = pytest.importorskip("matplotlib.colors")


# -- hue histogram and grey ---------------------------------------------------------------------

def _hue_hist_reference(images, nbins):
    """Per image: matplotlib's rgb_to_hsv, then numpy.histogram of the hue, divided by H*W."""
    rows = []
    for im in images:
        unit = im / 255.0 if im.dtype == np.uint8 else im
        hue = mcolors.rgb_to_hsv(unit)[..., 0]
        counts, _ = np.histogram(hue, bins=nbins, range=(0.0, 1.0))
        rows.append(counts / hue.size)
    return np.array(rows)


def _exact_hue(r, g, b):
    """The hue of a uint8 pixel as an exact fraction in [0, 1); grey counts as 0."""
    r, g, b = int(r), int(g), int(b)
    top, delta = max(r, g, b), max(r, g, b) - min(r, g, b)
    if delta == 0:
        return Fraction(0)
    if b == top:
        sixths = 4 + Fraction(r - g, delta)
    elif g == top:
        sixths = 2 + Fraction(b - r, delta)
    else:
        sixths = Fraction(g - b, delta)
    return (sixths / 6) % 1


def _exact_hue_bin(r, g, b, nbins):
    """The documented rule: bin j holds hue in [j/n, (j+1)/n)."""
    return math.floor(_exact_hue(r, g, b) * nbins)


def _exact_hue_hist(images, nbins):
    rows = []
    for im in images:
        counts = np.zeros(nbins)
        for r, g, b in im.reshape(-1, 3):
            counts[_exact_hue_bin(r, g, b, nbins)] += 1
        rows.append(counts / (im.shape[0] * im.shape[1]))
    return np.array(rows)


# A lattice of colours that includes hues exactly on bin edges (0, 1/6, 1/4, 1/3, ...).
_LEVELS = np.array([0, 17, 51, 85, 102, 128, 153, 170, 204, 238, 255], dtype=np.uint8)
_LATTICE = np.array(list(itertools.product(_LEVELS, repeat=3)), dtype=np.uint8).reshape(11, 11, 11, 3)


@pytest.mark.parametrize("nbins", [1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 13, 24, 30])
def test_hue_histogram_of_uint8_follows_the_documented_rule_exactly(rng, nbins):
    random_pixels = rng.integers(0, 256, size=(2, 10, 20, 3), dtype=np.uint8)
    for images in (_LATTICE, random_pixels):
        # Counts divided by H*W on both sides, so the comparison is exact, not approximate.
        np.testing.assert_array_equal(color_histogram_hsv(images, nbins=nbins),
                                      _exact_hue_hist(images, nbins))


@pytest.mark.parametrize("nbins", [1, 6, 10, 17])
def test_hue_histogram_of_floats_equals_per_image_matplotlib_reference(rng, nbins):
    images = random_image(rng, (7, 9, 11, 3), np.float64)
    images[0, :3] = images[0, :3, :, :1]       # some grey pixels
    images[1, :, :, 1] = images[1, :, :, 0]    # ties between channels
    ours = color_histogram_hsv(images, nbins=nbins)
    # Same floating-point operations on both sides, so the histograms are identical.
    np.testing.assert_array_equal(ours, _hue_hist_reference(images, nbins))
    # The bin fractions of each image add up to 1 up to the rounding of nbins additions.
    np.testing.assert_allclose(ours.sum(axis=1), 1.0, rtol=0, atol=nbins * np.finfo(float).eps)


@pytest.mark.parametrize("nbins", [3, 6, 10, 12])
def test_hue_histogram_of_uint8_and_of_floats_differ_only_by_pixels_on_bin_edges(nbins):
    # The float path rounds v / 255 and the hue formula, so a hue exactly on an edge may fall
    # below it; every pixel that is not on an edge lands in the same bin either way.
    exact = color_histogram_hsv(_LATTICE, nbins=nbins)
    floats = color_histogram_hsv(_LATTICE / 255.0, nbins=nbins)
    pixels = _LATTICE.reshape(-1, 3)
    on_edge = sum((_exact_hue(*p) * nbins).denominator == 1 for p in pixels)
    per_image = _LATTICE.shape[1] * _LATTICE.shape[2]
    moved = np.abs(exact - floats).sum() * per_image / 2      # pixels that changed bin
    assert moved <= on_edge


def test_hue_histogram_of_one_image_is_a_vector_and_grey_counts_as_hue_zero():
    grey = np.full((4, 4, 3), 0.5)
    h = color_histogram_hsv(grey, nbins=5)
    assert h.shape == (5,)
    np.testing.assert_array_equal(h, [1, 0, 0, 0, 0])


def test_hue_histogram_places_primary_colours_in_their_bins():
    colours = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255]]], dtype=np.uint8)  # 0, 1/3, 2/3
    image = np.concatenate([colours, colours[:, :2], colours[:, :1]], axis=1)  # 3 red, 2 green
    np.testing.assert_allclose(color_histogram_hsv(image, nbins=3), [3 / 6, 2 / 6, 1 / 6])
    np.testing.assert_allclose(color_histogram_hsv(image, nbins=6), [3 / 6, 0, 2 / 6, 0, 1 / 6, 0])


@pytest.mark.parametrize("images,exc,words", [
    (np.zeros((4, 4, 3), dtype=np.int64), TypeError, ["images", "uint8", "int64"]),
    (np.full((4, 4, 3), 2.0), ValueError, ["images", "[0, 1]", "2"]),
    (np.full((4, 4, 3), -0.5), ValueError, ["images", "[0, 1]"]),
    (np.full((4, 4, 3), np.nan), ValueError, ["images", "finite"]),
    (np.zeros((4, 4, 4)), ValueError, ["images", "3 channels"]),
    (np.zeros((4, 4)), ValueError, ["images", "3 or 4 dimensions"]),
    (np.zeros((0, 4, 4, 3)), ValueError, ["images", "non-empty"]),
])
def test_hue_histogram_rejects_other_dtypes_ranges_and_shapes(images, exc, words):
    with pytest.raises(exc) as err:
        color_histogram_hsv(images)
    for word in words:
        assert word in str(err.value)


def test_hue_histogram_rejects_zero_bins():
    with pytest.raises(ValueError, match="nbins"):
        color_histogram_hsv(np.zeros((2, 2, 3)), nbins=0)


def test_rgb_to_gray_uses_the_bt601_weights(rng):
    images = rng.integers(0, 256, (3, 5, 6, 3), dtype=np.uint8)
    ref = np.empty((3, 5, 6))
    for n, i, j in itertools.product(range(3), range(5), range(6)):
        r, g, b = (float(v) for v in images[n, i, j])
        ref[n, i, j] = 0.299 * r + 0.587 * g + 0.114 * b
    np.testing.assert_allclose(rgb_to_gray(images), ref, rtol=1e-12)
    np.testing.assert_allclose(rgb_to_gray(np.ones((2, 2, 3))), 1.0)   # weights sum to 1
    with pytest.raises(ValueError, match="images"):
        rgb_to_gray(np.zeros((4, 4, 2)))
    with pytest.raises(TypeError, match="images"):
        rgb_to_gray(np.zeros((4, 4, 3), dtype=complex))
    with pytest.raises(ValueError, match="images"):
        rgb_to_gray(np.full((4, 4, 3), np.inf))
