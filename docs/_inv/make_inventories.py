"""Write the small Sphinx inventories (objects.inv) that let the book link to Python, NumPy and
matplotlib documentation without fetching their inventories over the network at build time.

Run ``python docs/_inv/make_inventories.py`` after adding a name below; commit the .inv files.
Format: Sphinx inventory version 2 (a four-line header, then zlib-compressed lines
``name domain:role priority uri dispname``; ``$`` in a uri stands for the name).
"""
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

INVENTORIES = {
    "python": ("Python", "3", [
        *[(name, "py:class", "library/functions.html#$")
          for name in ("int", "float", "str", "bool", "tuple", "list", "dict", "type",
                       "object", "range", "slice", "bytes")],
        ("callable", "py:function", "library/functions.html#$"),
        ("None", "py:data", "library/constants.html#$"),
        ("ValueError", "py:exception", "library/exceptions.html#$"),
        ("TypeError", "py:exception", "library/exceptions.html#$"),
        *[(name, "py:exception", "library/exceptions.html#$")
          for name in ("RecursionError", "FileNotFoundError", "OSError", "KeyError",
                       "IndexError", "RuntimeError", "Warning", "RuntimeWarning")],
        ("UserWarning", "py:exception", "library/exceptions.html#$"),
        ("collections.abc.Callable", "py:class", "library/collections.abc.html#$"),
        ("collections.abc.Iterable", "py:class", "library/collections.abc.html#$"),
        ("collections.abc.Iterator", "py:class", "library/collections.abc.html#$"),
        ("pathlib.Path", "py:class", "library/pathlib.html#$"),
        ("os.PathLike", "py:class", "library/os.html#$"),
        ("pickle.Unpickler", "py:class", "library/pickle.html#$"),
        ("contextlib.contextmanager", "py:function", "library/contextlib.html#$"),
        ("warnings.warn", "py:function", "library/warnings.html#$"),
    ]),
    "numpy": ("NumPy", "2", [
        ("numpy.ndarray", "py:class", "reference/generated/$.html#$"),
        ("numpy.dtype", "py:class", "reference/generated/$.html#$"),
        ("numpy.float64", "py:attribute", "reference/arrays.scalars.html#$"),
        ("numpy.float32", "py:attribute", "reference/arrays.scalars.html#$"),
        ("numpy.uint8", "py:attribute", "reference/arrays.scalars.html#$"),
        ("numpy.int64", "py:attribute", "reference/arrays.scalars.html#$"),
        ("numpy.random.Generator", "py:class", "reference/random/generator.html#$"),
        ("numpy.random.default_rng", "py:function", "reference/random/generator.html#$"),
        ("numpy.histogram", "py:function", "reference/generated/$.html#$"),
        ("numpy.einsum", "py:function", "reference/generated/$.html#$"),
        ("numpy.gradient", "py:function", "reference/generated/$.html#$"),
        ("array_like", "std:term", "glossary.html#term-array_like"),
    ]),
    "matplotlib": ("Matplotlib", "3", [
        ("matplotlib.axes.Axes", "py:class", "api/_as_gen/$.html#$"),
        ("matplotlib.figure.Figure", "py:class", "api/_as_gen/$.html#$"),
        ("matplotlib.animation.FuncAnimation", "py:class", "api/_as_gen/$.html#$"),
        ("matplotlib.colors.rgb_to_hsv", "py:function", "api/_as_gen/$.html#$"),
    ]),
    "skimage": ("scikit-image", "0", [
        ("skimage.feature.hog", "py:function", "api/skimage.feature.html#$"),
        ("skimage.color.rgb2gray", "py:function", "api/skimage.color.html#$"),
        ("skimage.color.rgb2hsv", "py:function", "api/skimage.color.html#$"),
        ("skimage.data", "py:module", "api/skimage.data.html#module-$"),
    ]),
    "sklearn": ("scikit-learn", "1", [
        ("sklearn.datasets.load_digits", "py:function", "modules/generated/$.html#$"),
        ("sklearn.cluster.KMeans", "py:class", "modules/generated/$.html#$"),
        ("sklearn.linear_model.LogisticRegression", "py:class", "modules/generated/$.html#$"),
        ("sklearn.svm.LinearSVC", "py:class", "modules/generated/$.html#$"),
    ]),
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
