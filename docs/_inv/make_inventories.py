"""Write the small Sphinx inventories (objects.inv) that let the book link to Python, NumPy and
matplotlib documentation without fetching their inventories over the network at build time.

Run ``python docs/_inv/make_inventories.py`` after adding a name below; commit the .inv files.
Format: Sphinx inventory version 2 (a four-line header, then zlib-compressed lines
``name domain:role priority uri dispname``; ``$`` in a uri stands for the name).
"""
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _entries(*groups):
    """The ``(name, role, uri)`` entries of an inventory, from groups ``(role, uri, names)``:
    names (separated by spaces) of one role whose pages follow one uri pattern."""
    return [(name, role, uri) for role, uri, names in groups for name in names.split()]


INVENTORIES = {
    "python": ("Python", "3", _entries(
        ("py:class", "library/functions.html#$",
         "int float str bool tuple list dict type object range slice bytes"),
        ("py:function", "library/functions.html#$", "callable"),
        ("py:data", "library/constants.html#$", "None"),
        ("py:exception", "library/exceptions.html#$",
         "ValueError TypeError RecursionError FileNotFoundError OSError KeyError IndexError "
         "RuntimeError Warning RuntimeWarning UserWarning"),
        ("py:class", "library/collections.abc.html#$",
         "collections.abc.Callable collections.abc.Iterable collections.abc.Iterator"),
        ("py:class", "library/pathlib.html#$", "pathlib.Path"),
        ("py:class", "library/os.html#$", "os.PathLike"),
        ("py:class", "library/pickle.html#$", "pickle.Unpickler"),
        ("py:function", "library/contextlib.html#$", "contextlib.contextmanager"),
        ("py:function", "library/warnings.html#$", "warnings.warn"),
    )),
    "numpy": ("NumPy", "2", _entries(
        ("py:class", "reference/generated/$.html#$", "numpy.ndarray numpy.dtype"),
        ("py:attribute", "reference/arrays.scalars.html#$",
         "numpy.float64 numpy.float32 numpy.uint8 numpy.int64"),
        ("py:class", "reference/random/generator.html#$", "numpy.random.Generator"),
        ("py:function", "reference/random/generator.html#$", "numpy.random.default_rng"),
        ("py:function", "reference/generated/$.html#$",
         "numpy.histogram numpy.einsum numpy.gradient"),
        ("std:term", "glossary.html#term-array_like", "array_like"),
    )),
    "matplotlib": ("Matplotlib", "3", _entries(
        ("py:class", "api/_as_gen/$.html#$",
         "matplotlib.axes.Axes matplotlib.figure.Figure matplotlib.animation.FuncAnimation"),
        ("py:function", "api/_as_gen/$.html#$", "matplotlib.colors.rgb_to_hsv"),
    )),
    "skimage": ("scikit-image", "0", _entries(
        ("py:function", "api/skimage.feature.html#$", "skimage.feature.hog"),
        ("py:function", "api/skimage.color.html#$",
         "skimage.color.rgb2gray skimage.color.rgb2hsv"),
        ("py:module", "api/skimage.data.html#module-$", "skimage.data"),
    )),
    "sklearn": ("scikit-learn", "1", _entries(
        ("py:function", "modules/generated/$.html#$", "sklearn.datasets.load_digits"),
        ("py:class", "modules/generated/$.html#$",
         "sklearn.cluster.KMeans sklearn.linear_model.LogisticRegression sklearn.svm.LinearSVC"),
    )),
}


def write(key, project, version, entries):
    header = (f"# Sphinx inventory version 2\n# Project: {project}\n# Version: {version}\n"
              "# The remainder of this file is compressed using zlib.\n")
    lines = []
    for name, role, uri in entries:
        priority = "-1" if role == "std:term" else "1"
        uri = uri.replace("$.html", f"{name}.html")  # a trailing "#$" Sphinx expands itself
        lines.append(f"{name} {role} {priority} {uri} -\n")
    body = zlib.compress("".join(lines).encode("utf-8"))
    (HERE / f"{key}.inv").write_bytes(header.encode("utf-8") + body)


if __name__ == "__main__":
    for key, (project, version, entries) in INVENTORIES.items():
        write(key, project, version, entries)
        print(f"wrote {key}.inv ({len(entries)} names)")
