"""Tests of minidl.features.bag_of_words: patches, k-means and the bag of visual words."""
import numpy as np
import pytest

from minidl.features import BagOfVisualWords, extract_patches, kmeans


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


def test_bag_of_words_fitted_twice_with_the_same_seed_gives_the_same_codebook(rng):
    images = rng.integers(0, 256, (10, 12, 12, 3), dtype=np.uint8)
    for seed in [0, 7, None]:
        # max_patches below the 250 patches: the random sample of patches is redrawn too.
        bovw = BagOfVisualWords(k=5, patch_size=4, stride=2, max_patches=100, rng=seed)
        first = bovw.fit(images).codebook_.copy()
        np.testing.assert_array_equal(bovw.fit(images).codebook_, first)
        again = BagOfVisualWords(k=5, patch_size=4, stride=2, max_patches=100, rng=seed)
        np.testing.assert_array_equal(again.fit(images).codebook_, first)


def test_bag_of_words_copies_a_generator_and_never_advances_it(rng):
    images = rng.random((10, 12, 12))
    gen = np.random.default_rng(3)
    state = gen.bit_generator.state
    bovw = BagOfVisualWords(k=4, patch_size=4, stride=2, max_patches=50, rng=gen)
    first = bovw.fit(images).codebook_.copy()
    np.testing.assert_array_equal(bovw.fit(images).codebook_, first)
    assert gen.bit_generator.state == state                 # the caller's Generator untouched
    # A Generator in a given state draws what a seed would: the same codebook as rng=3.
    seeded = BagOfVisualWords(k=4, patch_size=4, stride=2, max_patches=50, rng=3)
    np.testing.assert_array_equal(seeded.fit(images).codebook_, first)
    # Different seeds sample other patches and seed k-means elsewhere.
    other = BagOfVisualWords(k=4, patch_size=4, stride=2, max_patches=50, rng=4)
    assert not np.array_equal(other.fit(images).codebook_, first)


@pytest.mark.parametrize("kwargs,exc,name", [
    (dict(k=0), ValueError, "k"),
    (dict(patch_size=(4, 0)), ValueError, "patch_size"),
    (dict(stride="2"), TypeError, "stride"),
    (dict(max_patches=0), ValueError, "max_patches"),
    (dict(normalize_patches=1), TypeError, "normalize_patches"),
    (dict(n_init=0), ValueError, "n_init"),
    (dict(max_iter=0), ValueError, "max_iter"),
    (dict(rng="seed"), TypeError, "rng"),
])
def test_bag_of_words_bad_parameters_name_the_argument(kwargs, exc, name):
    with pytest.raises(exc, match=f"^{name}:"):
        BagOfVisualWords(**kwargs)
