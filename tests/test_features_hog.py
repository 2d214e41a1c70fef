"""Tests of minidl.features.hog against scikit-image and slow, obvious references."""
import itertools
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import pyplot, random_image
from minidl.features import hog

skfeature = pytest.importorskip("skimage.feature")
skdraw = pytest.importorskip("skimage.draw")
hog_module = sys.modules["minidl.features.hog"]   # (minidl.features.hog is the function)

NORMS = ["L1", "L1-sqrt", "L2", "L2-Hys"]

# Tolerance against scikit-image. scikit-image adds up each cell's magnitudes in single
# precision, rounding after every pixel (relative error up to n * 2**-24 for n pixels, about
# sqrt(n) * 2**-24 typically); minidl adds them in double precision. Block normalisation
# carries the relative error of the cell sums over to the features, which lie in [0, 1]. The
# largest difference seen over these tests is 6.1e-8 (8x8 cells, n = 64); 1e-6 is 16x that.
HOG_ATOL = 1e-6
# The glyph picture adds up cell histograms (magnitudes, not normalised): the same relative
# error, plus one rounding to float32 for float32 images. Largest seen 2.0e-7; 2e-6 is 10x.
GLYPH_RTOL = 2e-6


# -- against scikit-image ------------------------------------------------------------------------

@pytest.mark.parametrize("block_norm", NORMS)
@pytest.mark.parametrize("kind", ["uint8", np.float64])
@pytest.mark.parametrize("colour", [False, True], ids=["grey", "colour"])
@pytest.mark.parametrize("cell,block,orientations", [
    ((8, 8), (3, 3), 9),      # the default
    ((4, 4), (2, 2), 8),      # bin edges at 45 and 90 degrees
    ((5, 7), (2, 3), 7),      # odd, non-square cells and blocks
    ((6, 3), (1, 4), 4),
])
def test_hog_equals_skimage_for_every_norm_and_size(rng, block_norm, kind, colour, cell, block,
                                                    orientations):
    img = random_image(rng, (29, 34, 3) if colour else (29, 34), kind)
    axis = -1 if colour else None
    kw = dict(orientations=orientations, pixels_per_cell=cell, cells_per_block=block,
              block_norm=block_norm, channel_axis=axis)
    ours = hog(img, **kw)
    ref = skfeature.hog(img, **kw)
    assert ours.shape == ref.shape and ours.dtype == ref.dtype
    np.testing.assert_allclose(ours, ref, rtol=0, atol=HOG_ATOL)


@pytest.mark.parametrize("kind", ["uint8", np.float64, np.float32])
@pytest.mark.parametrize("colour", [False, True], ids=["grey", "colour"])
def test_hog_equals_skimage_with_sqrt_unflattened_and_glyphs(rng, kind, colour):
    img = random_image(rng, (24, 20, 3) if colour else (24, 20), kind)
    kw = dict(orientations=6, pixels_per_cell=(4, 5), cells_per_block=(2, 2),
              transform_sqrt=True, feature_vector=False, visualize=True,
              channel_axis=-1 if colour else None)
    ours, ours_img = hog(img, **kw)
    ref, ref_img = skfeature.hog(img, **kw)
    assert ours.shape == ref.shape == (5, 3, 2, 2, 6)
    assert ours.dtype == ref.dtype and ours_img.dtype == ref_img.dtype
    np.testing.assert_allclose(ours, ref, rtol=0, atol=HOG_ATOL)
    np.testing.assert_allclose(ours_img, ref_img, rtol=GLYPH_RTOL, atol=0)


def test_hog_glyph_image_equals_skimage_on_a_photograph():
    data = pytest.importorskip("skimage.data")
    img = data.camera()[::4, ::4]                         # 128 x 128, uint8
    ours, ours_img = hog(img, visualize=True)
    ref, ref_img = skfeature.hog(img, visualize=True)
    np.testing.assert_allclose(ours, ref, rtol=0, atol=HOG_ATOL)
    np.testing.assert_allclose(ours_img, ref_img, rtol=GLYPH_RTOL, atol=0)


def test_hog_matches_skimage_on_gradients_exactly_on_bin_edges():
    # A ramp, a checkerboard and a diamond give gradients at exactly 0, 45, 90, 135 and 180
    # degrees (180 must wrap to 0); with 4 or 8 bins those are the bin edges themselves. A
    # pixel in the wrong bin would move a feature by far more than the tolerance.
    r, c = np.mgrid[0:24, 0:24]
    images = [(r * 10).astype(np.uint8), (c * 10).astype(np.uint8),
              (255 - c * 10).astype(np.uint8), ((r + c) % 2 * 255).astype(np.uint8),
              (np.abs(r - 12) + np.abs(c - 12)).astype(np.uint8) * 9]
    for img, orientations in itertools.product(images, [2, 4, 8, 9]):
        kw = dict(orientations=orientations, pixels_per_cell=(4, 4), cells_per_block=(2, 2))
        np.testing.assert_allclose(hog(img, **kw), skfeature.hog(img, **kw), rtol=0,
                                   atol=HOG_ATOL)


def test_hog_drops_angles_that_round_up_to_180_degrees_as_skimage_does():
    # At even columns the row gradient is a tiny negative number and the column gradient 2,
    # so atan2 is a tiny negative angle; mod 180 it rounds to exactly 180, which lies in no
    # bin. (An angle of exactly +180 degrees, by contrast, is 0 and counts in bin 0.)
    r, c = np.mgrid[0:16, 0:16].astype(float)
    img = np.where(c % 2 == 1, c, -1e-300 * r)
    kw = dict(pixels_per_cell=(4, 4), cells_per_block=(2, 2), block_norm="L1")
    np.testing.assert_allclose(hog(img, **kw), skfeature.hog(img, **kw), rtol=0, atol=HOG_ATOL)
    np.testing.assert_allclose(hog(-img, **kw), skfeature.hog(-img, **kw), rtol=0,
                               atol=HOG_ATOL)


@settings(max_examples=25)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 3), st.integers(1, 3),
       st.integers(1, 12), st.sampled_from(NORMS), st.integers(0, 2**31 - 1))
def test_hog_equals_skimage_for_any_cells_and_blocks_that_fit(c_row, c_col, b_row, b_col,
                                                              orientations, norm, seed):
    rng = np.random.default_rng(seed)
    img = rng.random((b_row * c_row + int(rng.integers(0, 5)),
                      b_col * c_col + int(rng.integers(0, 5))))
    kw = dict(orientations=orientations, pixels_per_cell=(c_row, c_col),
              cells_per_block=(b_row, b_col), block_norm=norm)
    np.testing.assert_allclose(hog(img, **kw), skfeature.hog(img, **kw), rtol=0, atol=HOG_ATOL)


# -- the orientation bins, exactly ---------------------------------------------------------------

def _bins_the_slow_way(g_row, g_col, orientations):
    """scikit-image's rule, written out: theta = rad2deg(arctan2) % 180, then e_k <= theta < e_k+1
    with e_k = (180 / O) * k in the gradients' float type; O where no bin holds theta."""
    ftype = g_row.dtype.type
    theta = np.rad2deg(np.arctan2(g_row, g_col)) % ftype(180)
    width = ftype(180.0 / orientations)
    bins = np.full(theta.shape, orientations)
    for k in range(orientations):
        bins[(theta >= width * ftype(k)) & (theta < width * ftype(k + 1))] = k
    return bins


@pytest.mark.parametrize("ftype", [np.float64, np.float32])
@pytest.mark.parametrize("orientations", [1, 2, 3, 4, 7, 8, 9, 12, 180])
def test_orientation_bins_put_every_gradient_where_skimage_does(rng, ftype, orientations):
    # Random gradients, integer ones (angles exactly on edges such as 0, 45, 90 and 135
    # degrees), signed zeros and tiny values whose angle rounds to 180 degrees.
    g_row = np.concatenate([rng.normal(size=4000), rng.integers(-3, 4, 4000),
                            [0.0, -0.0, 0.0, -0.0, -1e-300, 1e-300, -1e-30]]).astype(ftype)
    g_col = np.concatenate([rng.normal(size=4000), rng.integers(-3, 4, 4000),
                            [1.0, 1.0, -1.0, -1.0, 2.0, -2.0, 5.0]]).astype(ftype)
    ours = hog_module._orientation_bins(g_row[None, None], g_col[None, None], orientations)
    np.testing.assert_array_equal(ours[0, 0], _bins_the_slow_way(g_row, g_col, orientations))


# -- the glyph picture ---------------------------------------------------------------------------

def _glyphs_the_slow_way(hist, shape, cell):
    """scikit-image's drawing loop: one line per cell and bin, added in (row, column, bin)
    order with NumPy's ``a[index] += v``; lines that leave the image wrap around."""
    n_row, n_col, orientations = hist.shape
    c_row, c_col = cell
    radius = min(c_row, c_col) // 2 - 1
    mid = np.pi * (np.arange(orientations) + 0.5) / orientations
    dr, dc = radius * np.sin(mid), radius * np.cos(mid)
    out = np.zeros(shape)
    for r, c, o in itertools.product(range(n_row), range(n_col), range(orientations)):
        centre = (r * c_row + c_row // 2, c * c_col + c_col // 2)
        rr, cc = skdraw.line(int(centre[0] - dc[o]), int(centre[1] + dr[o]),
                             int(centre[0] + dc[o]), int(centre[1] - dr[o]))
        out[rr % shape[0], cc % shape[1]] += hist[r, c, o]
    return out


@pytest.mark.parametrize("shape,cell,orientations", [
    (shape, cell, orientations)
    for shape, cell, orientations in itertools.product(
        [(1, 1), (2, 3), (7, 5), (29, 34)],
        [(1, 1), (1, 2), (2, 1), (3, 3), (1, 4), (5, 7), (6, 3), (8, 8)], [1, 4, 7, 9, 12])
    if shape[0] >= cell[0] and shape[1] >= cell[1]])      # at least one whole cell
def test_glyph_image_adds_the_same_numbers_in_the_same_order_as_skimage_loop(
        rng, shape, cell, orientations):
    n_cells = (shape[0] // cell[0], shape[1] // cell[1])
    hist = rng.random((2, *n_cells, orientations))
    ours = hog_module._glyph_images(hist, shape, cell)
    assert ours.shape == (2, *shape)
    for image, h in zip(ours, hist):        # bit for bit: same sums in the same order
        np.testing.assert_array_equal(image, _glyphs_the_slow_way(h, shape, cell))


def test_glyph_image_of_one_pixel_cells_wraps_at_the_border_like_negative_indices(rng):
    # 1-pixel cells: each stroke spans three pixels and leaves the image at the border
    # (scikit-image itself raises IndexError past the last column; minidl wraps there too).
    hist = rng.random((1, 40, 48, 9))
    np.testing.assert_array_equal(hog_module._glyph_images(hist, (40, 48), (1, 1))[0],
                                  _glyphs_the_slow_way(hist[0], (40, 48), (1, 1)))


def test_hog_of_one_pixel_cells_gives_features_and_glyphs(rng):
    img = rng.random((12, 10))
    features, glyphs = hog(img, pixels_per_cell=1, cells_per_block=(2, 2), visualize=True)
    ref = skfeature.hog(img, pixels_per_cell=(1, 1), cells_per_block=(2, 2))
    np.testing.assert_allclose(features, ref, rtol=0, atol=HOG_ATOL)
    assert glyphs.shape == (12, 10) and np.all(glyphs >= 0) and glyphs.max() > 0


# -- batches ----------------------------------------------------------------------------------

def test_hog_of_a_grey_batch_is_the_stack_of_single_images(rng):
    images = rng.random((6, 32, 32))
    batch, glyphs = hog(images, visualize=True)
    singles = [hog(im, visualize=True) for im in images]
    assert batch.shape == (6, 324) and glyphs.shape == (6, 32, 32)
    np.testing.assert_array_equal(batch, np.stack([f for f, _ in singles]))
    np.testing.assert_array_equal(glyphs, np.stack([g for _, g in singles]))


def test_hog_of_a_colour_batch_with_channels_first_is_the_stack_of_singles(rng):
    images = rng.integers(0, 256, (4, 3, 16, 24), dtype=np.uint8)      # (N, C, H, W)
    batch = hog(images, pixels_per_cell=(4, 4), cells_per_block=(2, 2), channel_axis=1,
                feature_vector=False)
    for i, im in enumerate(images):
        ref = skfeature.hog(im, pixels_per_cell=(4, 4), cells_per_block=(2, 2),
                            channel_axis=0, feature_vector=False)
        np.testing.assert_allclose(batch[i], ref, rtol=0, atol=HOG_ATOL)


def test_hog_of_a_large_batch_spanning_several_chunks_equals_singles(rng):
    images = rng.random((70, 32, 32))           # more than four 16k-pixel chunks
    kw = dict(pixels_per_cell=(4, 4), cells_per_block=(2, 2))
    batch = hog(images, **kw)
    picks = [0, 15, 16, 63, 64, 69]
    np.testing.assert_array_equal(batch[picks], np.stack([hog(images[i], **kw) for i in picks]))


# -- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("call,exc,words", [
    (lambda: hog(np.zeros((20, 23))), ValueError, ["image", "24 x 24", "20 x 23"]),
    (lambda: hog(np.zeros(30)), ValueError, ["image", "2 or 3 dimensions"]),
    (lambda: hog(np.zeros((30, 30)), channel_axis=-1), ValueError, ["image", "3 or 4"]),
    (lambda: hog(np.full((30, 30), np.nan)), ValueError, ["image", "finite"]),
    (lambda: hog(np.zeros((30, 30), dtype=complex)), TypeError, ["image", "real", "complex"]),
    (lambda: hog(np.zeros((0, 30, 30))), ValueError, ["image", "non-empty"]),
    (lambda: hog(np.zeros((30, 30)), block_norm="L3"), ValueError, ["block_norm", "'L3'"]),
    (lambda: hog(np.zeros((30, 30)), block_norm=2), TypeError, ["block_norm", "'L2-Hys'"]),
    (lambda: hog(np.zeros((30, 30)), orientations=0), ValueError, ["orientations", ">= 1"]),
    (lambda: hog(np.zeros((30, 30)), pixels_per_cell=(8,)), TypeError, ["pixels_per_cell"]),
    (lambda: hog(np.zeros((30, 30)), cells_per_block=(2, 0)), ValueError, ["cells_per_block"]),
    (lambda: hog(np.zeros((30, 30)), visualize="yes"), TypeError, ["visualize", "True or"]),
    (lambda: hog(np.zeros((2, 3, 30, 30)), channel_axis=0), ValueError, ["channel_axis"]),
    (lambda: hog(np.zeros((30, 30, 3)), channel_axis=3), ValueError, ["channel_axis", "3"]),
    (lambda: hog(-np.ones((30, 30)), transform_sqrt=True), ValueError, ["image", "negative"]),
    (lambda: hog("cat"), TypeError, ["image"]),
])
def test_hog_bad_input_raises_an_error_naming_the_argument(call, exc, words):
    with pytest.raises(exc) as err:
        call()
    for word in words:
        assert word in str(err.value)


# -- the picture in minidl.viz --------------------------------------------------------------

def test_plot_hog_shows_the_glyph_image_of_hog(rng):
    plt = pyplot()

    from minidl.viz import plot_hog

    img = rng.random((24, 32))
    ax = plot_hog(img, pixels_per_cell=(6, 8))
    _, glyphs = hog(img, pixels_per_cell=(6, 8), cells_per_block=(1, 1), visualize=True)
    np.testing.assert_array_equal(np.asarray(ax.images[0].get_array()), glyphs)
    with pytest.raises(ValueError, match="^image:"):
        plot_hog(rng.random((2, 24, 32)))
    plt.close("all")
