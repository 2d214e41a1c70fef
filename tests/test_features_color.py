"""Tests of minidl.features.color against matplotlib and plain per-image references."""
import itertools

import numpy as np
import pytest

from minidl.features import color_histogram_hsv, rgb_to_gray

mcolors = pytest.importorskip("matplotlib.colors")


def _image(rng, shape, kind):
    if kind == "uint8":
        return rng.integers(0, 256, shape, dtype=np.uint8)
    return rng.random(shape).astype(kind)


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


@pytest.mark.parametrize("nbins", [1, 6, 10, 17])
@pytest.mark.parametrize("kind", ["uint8", np.float64])
def test_hue_histogram_equals_per_image_matplotlib_reference(rng, nbins, kind):
    images = _image(rng, (7, 9, 11, 3), kind)
    images[0, :3] = images[0, :3, :, :1]       # some grey pixels
    images[1, :, :, 1] = images[1, :, :, 0]    # ties between channels
    ours = color_histogram_hsv(images, nbins=nbins)
    np.testing.assert_allclose(ours, _hue_hist_reference(images, nbins), rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.sum(axis=1), 1.0)


@pytest.mark.parametrize("nbins", [1, 2, 3, 4, 5, 6, 7, 9, 12, 13, 24, 30])
def test_hue_histogram_of_uint8_agrees_with_the_reference_on_bin_edges(nbins):
    # Every colour of a lattice that includes hues exactly on bin edges (0, 1/6, 1/4, ...):
    # the integer shortcut for uint8 must put each pixel where the float formula does.
    levels = np.array([0, 17, 51, 85, 102, 128, 153, 170, 204, 238, 255], dtype=np.uint8)
    grid = np.array(list(itertools.product(levels, repeat=3)), dtype=np.uint8)
    images = grid.reshape(11, 11, 11, 3)
    ours = color_histogram_hsv(images, nbins=nbins)
    np.testing.assert_allclose(ours, _hue_hist_reference(images, nbins), rtol=0, atol=1e-12)
    # ... and where the same colours come in as floats.
    unit = images / 255.0
    np.testing.assert_allclose(color_histogram_hsv(unit, nbins=nbins), ours, rtol=0, atol=1e-12)


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
