"""Tests of minidl.features.pipeline (extract_features); standardising its output is
tested with Standardizer in test_datasets.py."""
import numpy as np
import pytest

from helpers import pyplot
from minidl.features import color_histogram_hsv, extract_features, hog, rgb_to_gray


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
    with pytest.raises(TypeError, match="feature_fns"):
        extract_features(images, [np.sum, "hog"])
    with pytest.raises(ValueError, match="feature_fns"):
        extract_features(images, [lambda x: np.full((len(x), 2), np.nan)])


def test_extract_features_bad_arguments_name_the_argument(rng):
    images = rng.random((4, 8, 8))
    with pytest.raises(TypeError, match="^verbose:"):
        extract_features(images, [lambda x: x.reshape(len(x), -1)], verbose="yes")
    with pytest.raises(ValueError, match="^batch_size:"):
        extract_features(images, [lambda x: x.reshape(len(x), -1)], batch_size=0)
    with pytest.raises(ValueError, match="^images:"):
        extract_features(np.zeros(4), [lambda x: x[:, None]])


# -- feature pictures (minidl.viz helpers for this part) -----------------------------------

def test_plot_templates_puts_each_column_in_its_tile_and_drops_the_bias_row(rng):
    plt = pyplot()

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
