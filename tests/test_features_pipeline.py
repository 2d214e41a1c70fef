"""Tests of minidl.features.pipeline (extract_features) and of standardising its output."""
import numpy as np
import pytest

from minidl.datasets import Standardizer
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


def test_standardized_features_use_training_statistics_only(rng):
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
