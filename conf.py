"""Sphinx configuration of the minidl book (built with ``sphinx-build -c . docs _build/html``)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# Kernels inherit this process's environment: set it up before anything executes.
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import kernel_environment  # noqa: E402

kernel_environment.prepare(ROOT)

import minidl  # noqa: E402  (after the environment is set)

# -- Project ---------------------------------------------------------------------------------
project = "minidl"
author = "The minidl developers"
copyright = "2026, The minidl developers"
release = minidl.__version__
version = release
repository_url = "https://github.com/minidl/minidl"

# -- General ---------------------------------------------------------------------------------
extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinx_exercise",
    "sphinxcontrib.bibtex",
    "translated_glue",             # docs/_ext: glued numbers inside translated paragraphs
]
exclude_patterns = ["**.ipynb_checkpoints", "locales"]
templates_path = ["docs/_templates"]
nitpicky = True
numfig = True
math_numfig = True
math_eqref_format = "({number})"
suppress_warnings: list[str] = []

# -- MyST and notebook execution -------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3
myst_dmath_double_inline = True

nb_execution_mode = "cache"
# Outside _build/ so that `make clean` keeps it; an unchanged page is not executed again.
nb_execution_cache_path = str(ROOT / ".jupyter_cache")
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True

# -- Cross-references ------------------------------------------------------------------------
# Inventories are local files written by docs/_inv/make_inventories.py: no network at build.
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", (str(ROOT / "docs/_inv/python.inv"),)),
    "numpy": ("https://numpy.org/doc/stable", (str(ROOT / "docs/_inv/numpy.inv"),)),
    "matplotlib": ("https://matplotlib.org/stable", (str(ROOT / "docs/_inv/matplotlib.inv"),)),
    "skimage": ("https://scikit-image.org/docs/stable", (str(ROOT / "docs/_inv/skimage.inv"),)),
    "sklearn": ("https://scikit-learn.org/stable", (str(ROOT / "docs/_inv/sklearn.inv"),)),
}

autodoc_member_order = "bysource"
autodoc_typehints = "none"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_preprocess_types = True
napoleon_use_rtype = False
napoleon_type_aliases = {
    "ndarray": "numpy.ndarray",
    "array_like": ":term:`numpy:array_like`",
    "array-like": ":term:`numpy:array_like`",
    "Generator": "numpy.random.Generator",
    "Tensor": "minidl.Tensor",
    "callable": ":py:func:`callable`",
    "Axes": "matplotlib.axes.Axes",
    "Figure": "matplotlib.figure.Figure",
}

# -- Two editions: English (the source) and Korean (its translation) --------------------------
# `make html` builds the English book, then the same sources with `-D language=ko` into
# _build/html/ko. Messages are extracted with `make gettext` and the catalogues live in
# docs/locales/ko/LC_MESSAGES/, one per page; code cells are not messages, so both editions
# run the same code, and share one execution cache.
language = "en"
locale_dirs = ["locales/"]          # relative to docs/
gettext_compact = False             # one catalogue per page, not per folder
gettext_location = False            # no line numbers in the catalogues: no churn on every edit
TITLES = {"en": "minidl: how neural networks learn", "ko": "minidl: 신경망은 어떻게 배우는가"}

# -- Bibliography ----------------------------------------------------------------------------
bibtex_bibfiles = ["docs/references.bib"]  # paths here are relative to this file
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# -- HTML ------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = TITLES["en"]          # set per edition in _edition_settings below
# MathJax from a local copy (the django-static-mathjax package ships MathJax 3's files), so pages
# render their math without the network. The SVG build is one self-contained file.
_MATHJAX = Path(importlib.util.find_spec("mathjax").origin).parent / "static/mathjax/es5"
html_static_path = ["docs/_static", str(_MATHJAX / "tex-svg-full.js")]
mathjax_path = "tex-svg-full.js"
html_css_files = ["minidl.css"]
html_theme_options = {
    "repository_url": repository_url,
    "repository_branch": "main",
    "path_to_docs": "docs",
    "use_repository_button": True,
    "use_source_button": True,
    "use_issues_button": True,
    "use_download_button": True,
    "show_toc_level": 2,
    # a link to the same page in the other edition, beside the header buttons
    "article_header_end": ["language-switch.html", "article-header-buttons.html"],
    "home_page_in_toc": True,
}
html_favicon = "docs/_static/favicon.svg"
# Light by default: figures are drawn on white. (Left empty, the theme logs a console error.)
html_context = {"default_mode": "light"}

# Copy code without prompts and without output lines: `>>> ` and `... ` (doctest), `$ `
# (shell) and IPython's `In [n]: ` / `...: `.
copybutton_prompt_text = r">>> |\.\.\. |\$ |In \[\d*\]: | {2,5}\.\.\.: "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_remove_prompts = True


# -- Each executed page downloadable as a notebook with its outputs --------------------------
def _notebook_with_outputs(app, pagename, templatename, context, doctree):
    """Write ``_sources/<page>.ipynb`` for a MyST notebook page and offer it for download.

    myst-nb writes the notebook it rendered to ``jupyter_execute/``; on a cache hit (or when
    Sphinx did not re-read an unchanged page) that file may be stale or missing outputs, so we
    rebuild it from the page source and merge the cached outputs in.
    """
    source = Path(app.env.doc2path(pagename))
    if source.suffix != ".md" or "kernelspec" not in source.read_text(encoding="utf-8")[:800]:
        return
    import jupytext
    import nbformat
    from jupyter_cache import get_cache

    notebook = jupytext.read(source, fmt="md:myst")
    cache = get_cache(app.config.nb_execution_cache_path)
    try:
        _, notebook = cache.merge_match_into_notebook(notebook)
    except KeyError:  # not in the cache (execution off): fall back to myst-nb's copy
        executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
        if executed.exists():
            notebook = nbformat.read(executed, as_version=4)
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def _edition_settings(app, config):
    """Settings that depend on the edition's language (given with -D language=...)."""
    config.html_title = TITLES.get(config.language, TITLES["en"])


def _public_bases(app, name, obj, options, bases):
    """List only public base classes under "Bases:" (a private helper base is no API)."""
    bases[:] = [base for base in bases if not base.__name__.startswith("_")]


def setup(app):
    app.connect("config-inited", _edition_settings)
    app.connect("autodoc-process-bases", _public_bases)
    # Runs before sphinx-book-theme assembles its header buttons (priority 501).
    app.connect("html-page-context", _notebook_with_outputs, priority=400)
