"""Build the whole book the way `make html` does, with warnings as errors, and check the result
as a reader receives it: figures present, notebooks downloadable with their outputs."""
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest
from docutils.nodes import make_id

from test_pages import NOTEBOOKS, page_id

ROOT = Path(__file__).resolve().parents[1]


def test_book_builds_without_warnings(built_book):
    assert (built_book / "index.html").is_file()


def test_no_page_loads_anything_from_the_network(built_book):
    remote = re.compile(r'<(?:script|img|iframe)[^>]+src="(?:https?:)?//[^"]+"'
                        r'|<link[^>]+rel="(?:stylesheet|preload)"[^>]+href="(?:https?:)?//[^"]+"')
    offenders = {}
    for page in built_book.rglob("*.html"):
        found = remote.findall(page.read_text(encoding="utf-8"))
        if found:
            offenders[str(page.relative_to(built_book))] = found[:3]
    assert not offenders, f"pages that need the network to render: {offenders}"


def figure_names(page):
    """Names of the figures a page declares in its cells' `mystnb: figure: name:` metadata."""
    return re.findall(r"^\s+name:\s*(fig-[\w-]+)\s*$", page.read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize("page", NOTEBOOKS, ids=page_id)
def test_built_page_shows_its_figures(built_book, page):
    html_path = built_book / page.relative_to(ROOT / "docs").with_suffix(".html")
    html = html_path.read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]+src="([^"]+_images/[^"]+\.png)"', html)
    for src in images:
        assert (html_path.parent / src).resolve().is_file(), f"{page_id(page)}: missing {src}"
    if "matplotlib" in page.read_text(encoding="utf-8"):
        assert images, (f"{page_id(page)} plots with matplotlib but its HTML has no images "
                        "(is MPLBACKEND forcing a non-inline backend?)")
    for name in figure_names(page):
        anchor = make_id(name)  # docutils normalises ids: lower case, no odd characters
        block = re.search(rf'<figure[^>]*id="{anchor}".*?</figure>', html, re.S)
        assert block and "<img" in block.group(0), f"{page_id(page)}: figure {name} has no image"


@pytest.mark.parametrize("page", NOTEBOOKS, ids=page_id)
def test_built_page_downloads_as_notebook_with_outputs(built_book, page):
    relative = page.relative_to(ROOT / "docs").with_suffix(".ipynb")
    notebook = nbformat.read(built_book / "_sources" / relative, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and any(c.outputs for c in code), f"{relative}: downloaded without outputs"
    html = (built_book / relative.with_suffix(".html")).read_text(encoding="utf-8")
    assert f"_sources/{relative.as_posix()}" in html, f"{relative}: no download link on the page"


def test_no_internal_link_is_broken(built_book):
    """Every relative link of every page reaches an existing file and, with a fragment, an
    element with that id."""
    pages = {p: p.read_text(encoding="utf-8") for p in built_book.rglob("*.html")}
    ids = {p: set(re.findall(r'\bid="([^"]+)"', html)) for p, html in pages.items()}
    broken = []
    for page, html in pages.items():
        for href in re.findall(r'<a\b[^>]*\bhref="([^"]*)"', html):
            if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
                continue  # external (http:, mailto:, ...): `make linkcheck` checks those
            path, _, fragment = unescape(href).partition("#")
            path, fragment = unquote(path), unquote(fragment)
            target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_book)} -> {href} (no such file)")
            elif fragment and target.suffix == ".html" and fragment not in ids.get(target, ()):
                broken.append(f"{page.relative_to(built_book)} -> {href} (no such anchor)")
    assert not broken, "broken internal links:\n" + "\n".join(sorted(set(broken))[:40])
