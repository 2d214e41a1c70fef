"""Speed of minidl.features against per-image references and peer libraries, in one run.

Run: ``.venv/bin/python benchmarks/bench_features.py [--n 1000] [--repeat 3]``

- HOG of N 32x32 grey images (8x8 cells, 3x3 blocks, L2-Hys): minidl's batched ``hog``
  against scikit-image's ``hog`` called once per image, and OpenCV's ``HOGDescriptor`` (same
  window, cells, blocks and bins; OpenCV interpolates votes, so its numbers differ) where
  ``opencv-python-headless<5`` is importable. Goal: at most 0.25x scikit-image.
- Hue histogram of N 32x32x3 uint8 images: minidl's ``color_histogram_hsv`` against a loop of
  matplotlib's ``rgb_to_hsv`` plus ``numpy.histogram`` per image. Goal: at most 0.1x.
- k-means: minidl's ``kmeans`` beside scikit-learn's ``KMeans`` (k-means++, same restarts and
  iterations) on the same data; time and inertia.

Ratios are minidl's time over the reference's: below 1 means minidl is faster. Nothing here is
a test; numbers depend on the machine and on what else it is doing.
"""
from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from minidl.features import color_histogram_hsv, extract_patches, hog, kmeans


def best_time(fn, repeat):
    """Best wall-clock time of ``repeat`` calls of ``fn``, in seconds, and its last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def row(name, seconds, ref_seconds=None, extra=""):
    ratio = f"{seconds / ref_seconds:8.3f}x" if ref_seconds else " " * 9
    print(f"  {name:44s} {seconds * 1e3:10.1f} ms  {ratio}  {extra}")


def bench_hog(n, repeat, rng):
    print(f"\nHOG: {n} grey images 32x32, 8x8 cells, 3x3 blocks, 9 bins, L2-Hys")
    images = rng.integers(0, 256, (n, 32, 32), dtype=np.uint8)
    ours_t, ours = best_time(lambda: hog(images), repeat)
    try:
        from skimage.feature import hog as sk_hog
    except ImportError:
        sk_hog = None
    if sk_hog is None:
        row("minidl.features.hog (batch)", ours_t, extra="(scikit-image not installed)")
        return
    ref_t, ref = best_time(lambda: np.stack([sk_hog(im) for im in images]), repeat)
    row("skimage.feature.hog, one call per image", ref_t, ref_t)
    row("minidl.features.hog, whole batch", ours_t, ref_t,
        f"max |difference| {np.abs(ours - ref).max():.1e}; goal <= 0.25x")
    try:
        import cv2
    except ImportError:
        print("  (OpenCV not importable: pip install 'opencv-python-headless<5' to compare)")
        return
    if not hasattr(cv2, "HOGDescriptor"):
        print(f"  (OpenCV {cv2.__version__} has no HOGDescriptor)")
        return
    desc = cv2.HOGDescriptor((32, 32), (24, 24), (8, 8), (8, 8), 9)
    cv_t, cv_out = best_time(lambda: np.stack([desc.compute(im).ravel() for im in images]),
                             repeat)
    row(f"OpenCV {cv2.__version__} HOGDescriptor, per image", cv_t, ref_t,
        f"{cv_out.shape[1]} values per image")
    print(f"  minidl / OpenCV: {ours_t / cv_t:.3f}x")


def bench_hue(n, repeat, rng):
    print(f"\nHue histogram: {n} RGB images 32x32x3 uint8, 10 bins")
    images = rng.integers(0, 256, (n, 32, 32, 3), dtype=np.uint8)
    ours_t, ours = best_time(lambda: color_histogram_hsv(images), repeat)
    try:
        from matplotlib.colors import rgb_to_hsv
    except ImportError:
        row("minidl.features.color_histogram_hsv", ours_t, extra="(matplotlib not installed)")
        return

    def loop():
        out = np.empty((n, 10))
        for i, im in enumerate(images):
            hue = rgb_to_hsv(im / 255.0)[..., 0]
            counts, _ = np.histogram(hue, bins=10, range=(0.0, 1.0))
            out[i] = counts / hue.size
        return out

    ref_t, ref = best_time(loop, repeat)
    row("matplotlib rgb_to_hsv + np.histogram, per image", ref_t, ref_t)
    row("minidl.features.color_histogram_hsv, batch", ours_t, ref_t,
        f"max |difference| {np.abs(ours - ref).max():.1e}; goal <= 0.1x")


def bench_kmeans(repeat, rng, k=32, n_init=2, max_iter=50):
    try:
        from skimage import data
        photo = data.astronaut()[::2, ::2].mean(axis=2)[None] / 255.0
        X = extract_patches(photo, patch_size=6, stride=2)[0].reshape(-1, 36)
        source = "6x6 patches of skimage.data.astronaut() at half size, stride 2"
    except ImportError:
        X = rng.normal(size=(16000, 36))
        source = "Gaussian noise"
    print(f"\nk-means: {X.shape[0]} points x {X.shape[1]} dims ({source}), k={k}, "
          f"n_init={n_init}, max_iter={max_iter}")
    ours_t, (_, _, ours_inertia) = best_time(
        lambda: kmeans(X, k, n_init=n_init, max_iter=max_iter, tol=1e-4, rng=0), repeat)
    try:
        from sklearn.cluster import KMeans
    except ImportError:
        row("minidl.features.kmeans", ours_t, extra=f"inertia {ours_inertia:.2f}")
        return
    model = KMeans(n_clusters=k, init="k-means++", n_init=n_init, max_iter=max_iter, tol=1e-4,
                   random_state=0)
    ref_t, fitted = best_time(lambda: model.fit(X), repeat)
    row("sklearn.cluster.KMeans", ref_t, ref_t, f"inertia {fitted.inertia_:.2f}")
    row("minidl.features.kmeans", ours_t, ref_t, f"inertia {ours_inertia:.2f} "
        f"({ours_inertia / fitted.inertia_:.3f}x scikit-learn's)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="images per batch")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; best is kept")
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, NumPy {np.__version__}")
    print("times are the best of the repeats; ratio = time / reference time")
    rng = np.random.default_rng(0)
    bench_hog(args.n, args.repeat, rng)
    bench_hue(args.n, args.repeat, rng)
    bench_kmeans(args.repeat, rng)


if __name__ == "__main__":
    main()
