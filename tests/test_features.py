"""Tests of minidl.features against scikit-image, matplotlib and plain per-image references."""
import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minidl.features import (
    BagOfVisualWords,
    Standardizer,
    color_histogram_hsv,
    extract_features,
    extract_patches,
    hog,
    kmeans,
    rgb_to_gray,
)

skfeature = pytest.importorskip("skimage.feature")
mcolors = pytest.importorskip("matplotlib.colors")

NORMS = ["L1", "L1-sqrt", "L2", "L2-Hys"]


def _image(rng, shape, kind):
    if kind == "uint8":
        return rng.integers(0, 256, shape, dtype=np.uint8)
    return rng.random(shape).astype(kind)


# -- HOG against scikit-image ------------------------------------------------------------------

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
    img = _image(rng, (29, 34, 3) if colour else (29, 34), kind)
    axis = -1 if colour else None
    kw = dict(orientations=orientations, pixels_per_cell=cell, cells_per_block=block,
              block_norm=block_norm, channel_axis=axis)
    ours = hog(img, **kw)
    ref = skfeature.hog(img, **kw)
    assert ours.shape == ref.shape and ours.dtype == ref.dtype
    np.testing.assert_allclose(ours, ref, rtol=0, atol=1e-8)


@pytest.mark.parametrize("kind", ["uint8", np.float64, np.float32])
@pytest.mark.parametrize("colour", [False, True], ids=["grey", "colour"])
def test_hog_equals_skimage_with_sqrt_unflattened_and_glyphs(rng, kind, colour):
    img = _image(rng, (24, 20, 3) if colour else (24, 20), kind)
    kw = dict(orientations=6, pixels_per_cell=(4, 5), cells_per_block=(2, 2),
              transform_sqrt=True, feature_vector=False, visualize=True,
              channel_axis=-1 if colour else None)
    ours, ours_img = hog(img, **kw)
    ref, ref_img = skfeature.hog(img, **kw)
    assert ours.shape == ref.shape == (5, 3, 2, 2, 6)
    assert ours.dtype == ref.dtype and ours_img.dtype == ref_img.dtype
    np.testing.assert_allclose(ours, ref, rtol=0, atol=1e-8)
    np.testing.assert_allclose(ours_img, ref_img, rtol=1e-12, atol=1e-8)


def test_hog_glyph_image_equals_skimage_on_a_photograph():
    data = pytest.importorskip("skimage.data")
    img = data.camera()[::4, ::4]                         # 128 x 128, uint8
    ours, ours_img = hog(img, visualize=True)
    ref, ref_img = skfeature.hog(img, visualize=True)
    np.testing.assert_allclose(ours, ref, rtol=0, atol=1e-8)
    np.testing.assert_allclose(ours_img, ref_img, rtol=1e-12, atol=1e-8)


def test_hog_matches_skimage_on_gradients_exactly_on_bin_edges():
    # A ramp, a checkerboard and a diamond give gradients at exactly 0, 45, 90, 135 and 180
    # degrees (180 must wrap to 0); with 4 or 8 bins those are the bin edges themselves.
    r, c = np.mgrid[0:24, 0:24]
    images = [(r * 10).astype(np.uint8), (c * 10).astype(np.uint8),
              (255 - c * 10).astype(np.uint8), ((r + c) % 2 * 255).astype(np.uint8),
              (np.abs(r - 12) + np.abs(c - 12)).astype(np.uint8) * 9]
    for img, orientations in itertools.product(images, [2, 4, 8, 9]):
        kw = dict(orientations=orientations, pixels_per_cell=(4, 4), cells_per_block=(2, 2))
        np.testing.assert_allclose(hog(img, **kw), skfeature.hog(img, **kw), rtol=0, atol=1e-8)


def test_hog_drops_angles_that_round_up_to_180_degrees_as_skimage_does():
    # At even columns the row gradient is a tiny negative number and the column gradient 2,
    # so atan2 is a tiny negative angle; mod 180 it rounds to exactly 180, which lies in no
    # bin. (An angle of exactly +180 degrees, by contrast, is 0 and counts in bin 0.)
    r, c = np.mgrid[0:16, 0:16].astype(float)
    img = np.where(c % 2 == 1, c, -1e-300 * r)
    kw = dict(pixels_per_cell=(4, 4), cells_per_block=(2, 2), block_norm="L1")
    np.testing.assert_allclose(hog(img, **kw), skfeature.hog(img, **kw), rtol=0, atol=1e-8)
    np.testing.assert_allclose(hog(-img, **kw), skfeature.hog(-img, **kw), rtol=0, atol=1e-8)


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
    np.testing.assert_allclose(hog(img, **kw), skfeature.hog(img, **kw), rtol=0, atol=1e-8)


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
        np.testing.assert_allclose(batch[i], ref, rtol=0, atol=1e-8)


def test_hog_of_a_large_batch_spanning_several_chunks_equals_singles(rng):
    images = rng.random((70, 32, 32))                  # more than one 64k-pixel chunk
    batch = hog(images, pixels_per_cell=(4, 4), cells_per_block=(2, 2))
    np.testing.assert_array_equal(batch[[0, 63, 64, 69]], np.stack(
        [hog(images[i], pixels_per_cell=(4, 4), cells_per_block=(2, 2)) for i in (0, 63, 64, 69)]))


@pytest.mark.parametrize("call,exc,words", [
    (lambda: hog(np.zeros((20, 23))), ValueError, ["image", "24 x 24", "20 x 23"]),
    (lambda: hog(np.zeros(30)), ValueError, ["image", "2 or 3 dimensions"]),
    (lambda: hog(np.zeros((30, 30)), channel_axis=-1), ValueError, ["image", "3 or 4"]),
    (lambda: hog(np.full((30, 30), np.nan)), ValueError, ["image", "finite"]),
    (lambda: hog(np.zeros((0, 30, 30))), ValueError, ["image", "non-empty"]),
    (lambda: hog(np.zeros((30, 30)), block_norm="L3"), ValueError, ["block_norm", "'L3'"]),
    (lambda: hog(np.zeros((30, 30)), orientations=0), ValueError, ["orientations", ">= 1"]),
    (lambda: hog(np.zeros((30, 30)), pixels_per_cell=(8,)), TypeError, ["pixels_per_cell"]),
    (lambda: hog(np.zeros((30, 30)), cells_per_block=(2, 0)), ValueError, ["cells_per_block"]),
    (lambda: hog(np.zeros((2, 3, 30, 30)), channel_axis=0), ValueError, ["channel_axis"]),
    (lambda: hog(-np.ones((30, 30)), transform_sqrt=True), ValueError, ["image", "negative"]),
    (lambda: hog("cat"), TypeError, ["image"]),
])
def test_hog_bad_input_raises_an_error_naming_the_argument(call, exc, words):
    with pytest.raises(exc) as err:
        call()
    for word in words:
        assert word in str(err.value)


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
    images = _image(rng, (7, 9, 11, 3), np.float64)
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


# -- patches, k-means, bag of words -------------------------------------------------------------

def test_extract_patches_equals_a_loop_over_positions(rng):
    images = rng.random((2, 9, 11, 3))
    patches = extract_patches(images, patch_size=(4, 3), stride=(2, 3))
    ref = [[im[i:i + 4, j:j + 3] for i in range(0, 6, 2) for j in range(0, 9, 3)]
           for im in images]
    np.testing.assert_array_equal(patches, np.array(ref))
    with pytest.raises(ValueError, match="images"):
        extract_patches(images, patch_size=12)


def _blobs(rng, centres, n_each, scale):
    X = np.concatenate([c + scale * rng.standard_normal((n_each, len(c))) for c in centres])
    return X, np.repeat(np.arange(len(centres)), n_each)


def test_kmeans_recovers_well_separated_blobs(rng):
    true = np.array([[0.0, 0.0, 0.0], [6.0, 0.0, 1.0], [0.0, 7.0, -2.0], [5.0, 5.0, 5.0]])
    X, y = _blobs(rng, true, 40, 0.3)
    centers, labels, inertia = kmeans(X, 4, rng=1)
    # Every true blob ends up in exactly one cluster and every cluster holds one blob.
    pairs = {(int(a), int(b)) for a, b in zip(y, labels)}
    assert len(pairs) == 4 and len({b for _, b in pairs}) == 4
    for a, b in pairs:
        assert np.linalg.norm(centers[b] - true[a]) < 0.2
    # The inertia is what it claims to be, recomputed the slow way.
    slow = sum(min(float(np.sum((x - c) ** 2)) for c in centers) for x in X)
    assert inertia == pytest.approx(slow, rel=1e-10)
    assert labels.dtype == np.int64


def test_kmeans_is_deterministic_for_a_seed_and_restarts_never_hurt(rng):
    X, _ = _blobs(rng, np.array([[0.0, 0], [3, 0], [0, 3], [3, 3], [1.5, 1.5]]), 30, 0.8)
    a = kmeans(X, 5, n_init=1, rng=7)
    b = kmeans(X, 5, n_init=1, rng=7)
    np.testing.assert_array_equal(a[0], b[0])
    one = [kmeans(X, 5, n_init=1, rng=s)[2] for s in range(6)]
    best = kmeans(X, 5, n_init=6, rng=np.random.default_rng(3))[2]
    assert best <= max(one) + 1e-9


def test_kmeans_with_more_clusters_than_distinct_points_still_returns_k_centres():
    X = np.repeat(np.array([[0.0, 0.0], [1.0, 1.0]]), 5, axis=0)
    centers, labels, inertia = kmeans(X, 3, rng=0)
    assert centers.shape == (3, 2) and np.all(np.isfinite(centers))
    assert inertia == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("kwargs,exc,name", [
    (dict(X=np.zeros((3, 2)), k=4), ValueError, "k"),
    (dict(X=np.zeros(3), k=1), ValueError, "X"),
    (dict(X=np.array([[np.inf, 0.0]]), k=1), ValueError, "X"),
    (dict(X=np.zeros((3, 2)), k=0), ValueError, "k"),
    (dict(X=np.zeros((3, 2)), k=2, n_init=0), ValueError, "n_init"),
    (dict(X=np.zeros((3, 2)), k=2, rng="seed"), TypeError, "rng"),
])
def test_kmeans_bad_input_names_the_argument(kwargs, exc, name):
    with pytest.raises(exc, match=f"^{name}:"):
        kmeans(**kwargs)


def test_bag_of_words_histograms_sum_to_one_and_count_nearest_words(rng):
    images = rng.integers(0, 256, (8, 12, 12, 3), dtype=np.uint8)
    bovw = BagOfVisualWords(k=6, patch_size=4, stride=2, rng=0).fit(images)
    assert bovw.codebook_.shape == (6, 48) and bovw.patch_shape_ == (4, 4, 3)
    h = bovw.transform(images[:3])
    assert h.shape == (3, 6)
    np.testing.assert_allclose(h.sum(axis=1), 1.0)
    # The slow way: normalise each patch, find its nearest word, count.
    for n in range(3):
        counts = np.zeros(6)
        for i in range(0, 9, 2):
            for j in range(0, 9, 2):
                p = images[n, i:i + 4, j:j + 4].astype(float).ravel() / 255
                p = (p - p.mean()) / np.sqrt(p.var() + 0.01)
                counts[np.argmin(((bovw.codebook_ - p) ** 2).sum(axis=1))] += 1
        np.testing.assert_allclose(h[n], counts / counts.sum())


def test_bag_of_words_errors_name_the_problem(rng):
    images = rng.random((2, 8, 8))
    with pytest.raises(ValueError, match="fit first"):
        BagOfVisualWords(k=2, patch_size=4).transform(images)
    with pytest.raises(ValueError, match="^k:"):
        BagOfVisualWords(k=50, patch_size=4, stride=4).fit(images)     # only 8 patches
    with pytest.raises(ValueError, match="^images:"):
        BagOfVisualWords(k=2, patch_size=10).fit(images)
    fitted = BagOfVisualWords(k=2, patch_size=4, stride=4).fit(images)
    with pytest.raises(ValueError, match="^images:"):
        fitted.transform(rng.random((2, 8, 8, 3)))


# -- pipeline ---------------------------------------------------------------------------------

def test_extract_features_stacks_columns_in_order_across_chunks(rng, capsys):
    images = rng.integers(0, 256, (7, 16, 16, 3), dtype=np.uint8)
    fns = [color_histogram_hsv, lambda x: hog(rgb_to_gray(x), cells_per_block=(2, 2))]
    X = extract_features(images, fns, verbose=True, batch_size=3)
    assert X.shape == (7, 10 + 36) and X.dtype == np.float64
    np.testing.assert_allclose(X[:, :10], color_histogram_hsv(images))
    np.testing.assert_allclose(X[:, 10:], hog(rgb_to_gray(images), cells_per_block=(2, 2)))
    assert "7/7" in capsys.readouterr().out


def test_extract_features_rejects_a_function_with_the_wrong_output_shape(rng):
    images = rng.random((4, 8, 8))
    with pytest.raises(ValueError, match="feature_fns"):
        extract_features(images, [lambda x: x.sum()])
    with pytest.raises(ValueError, match="feature_fns"):
        extract_features(images, [])


def test_standardizer_uses_training_statistics_only(rng):
    train = rng.normal(3.0, 2.0, (50, 4))
    train[:, 2] = 7.0                                    # a constant column
    test = rng.normal(-1.0, 5.0, (10, 4))
    s = Standardizer().fit(train)
    z = s.transform(train)
    np.testing.assert_allclose(z[:, [0, 1, 3]].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(z[:, [0, 1, 3]].std(axis=0), 1)
    np.testing.assert_array_equal(z[:, 2], 0)
    expected = (test - train.mean(axis=0)) / np.where(train.std(axis=0) > 0, train.std(axis=0), 1)
    np.testing.assert_allclose(s.transform(test), expected)
    with pytest.raises(ValueError, match="^X:"):
        s.transform(test[:, :3])
    with pytest.raises(ValueError, match="fit first"):
        Standardizer().transform(test)


# -- feature pictures (minidl.viz helpers for this part) -----------------------------------

def test_plot_templates_puts_each_column_in_its_tile_and_drops_the_bias_row(rng):
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from minidl.viz import plot_templates

    W = rng.normal(size=(4 * 5 + 1, 3))                   # 4x5 grey templates + a bias row
    ax = plot_templates(W, (4, 5), ncols=2)
    mosaic = np.asarray(ax.images[0].get_array())
    for c in range(3):
        r, k = divmod(c, 2)
        tile = mosaic[1 + r * 5:1 + r * 5 + 4, 1 + k * 6:1 + k * 6 + 5]
        col = W[:-1, c].reshape(4, 5)
        np.testing.assert_allclose(tile, (col - col.min()) / (col.max() - col.min()))
    with pytest.raises(ValueError, match="^W:"):
        plot_templates(W[:-2], (4, 5))
    plt.close("all")


def test_plot_hog_shows_the_glyph_image_of_hog(rng):
    pytest.importorskip("matplotlib")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from minidl.viz import plot_hog

    img = rng.random((24, 32))
    ax = plot_hog(img, pixels_per_cell=(6, 8))
    _, glyphs = hog(img, pixels_per_cell=(6, 8), cells_per_block=(1, 1), visualize=True)
    np.testing.assert_array_equal(np.asarray(ax.images[0].get_array()), glyphs)
    with pytest.raises(ValueError, match="^image:"):
        plot_hog(rng.random((2, 24, 32)))
    plt.close("all")
