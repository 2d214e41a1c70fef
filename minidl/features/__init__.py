r"""Hand-crafted image features: hue histograms, HOG, and bags of visual words.

Before networks learned their own features, an image classifier was a pipeline: compute a
fixed feature vector per image (how much of each colour, which edge directions where, which
small patterns occur), standardise it, and train a linear classifier on top. This package holds
the pieces of that pipeline, batched and vectorized with NumPy, one module per page of the
book's part "Image features":

- ``color.py`` — :func:`color_histogram_hsv`, the hue histogram of each image, and
  :func:`rgb_to_gray`, luminance from RGB;
- ``hog.py`` — :func:`hog`, histograms of oriented gradients, equal to
  ``skimage.feature.hog``;
- ``bag_of_words.py`` — :func:`extract_patches`, :func:`kmeans` and
  :class:`BagOfVisualWords`: a codebook of visual words and the word histogram of each image;
- ``pipeline.py`` — :func:`extract_features`, several features stacked side by side.

Every name is imported from here, ``from minidl.features import hog``. (So
``minidl.features.hog`` is the function; its module is ``minidl/features/hog.py``.)
Features are standardised with :class:`minidl.datasets.Standardizer`.

Images are NumPy arrays of shape (H, W) (grey) or (H, W, C) (colour, channels last) and
batches put the image index first: (N, H, W) or (N, H, W, C).
"""
from .bag_of_words import BagOfVisualWords, extract_patches, kmeans
from .color import color_histogram_hsv, rgb_to_gray
from .hog import hog
from .pipeline import extract_features

__all__ = [
    "color_histogram_hsv",
    "rgb_to_gray",
    "hog",
    "extract_patches",
    "kmeans",
    "BagOfVisualWords",
    "extract_features",
]
