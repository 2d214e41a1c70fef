"""The Korean edition: every message translated, in step with the English text, and built.

English is the source. `make translations` extracts its messages and merges them into the
catalogues under docs/locales/ko/LC_MESSAGES/ (one per page); `make html` builds both editions
from the same sources and execution cache. These tests keep the two in step: a change to the
English text fails them until its Korean is written.
"""
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CATALOGUES = DOCS / "locales" / "ko" / "LC_MESSAGES"
PO_FILES = sorted(CATALOGUES.rglob("*.po"))
# The API reference's docstrings may stay English: its messages that come only from the
# library's docstrings (no location in a page of docs/) need no translation; the page's own
# text does.


def from_docstrings_only(message):
    return bool(message.locations) and not any(str(file).endswith(".md")
                                               for file, _ in message.locations)


def read_catalogue(path):
    with open(path, "rb") as handle:
        return read_po(handle, abort_invalid=True)


def test_there_is_a_catalogue_for_every_page():
    pages = {p.relative_to(DOCS).with_suffix("") for p in DOCS.rglob("*.md")
             if not any(part.startswith(("_", ".")) or part == "locales"
                        for part in p.relative_to(DOCS).parts)}
    catalogues = {p.relative_to(CATALOGUES).with_suffix("") for p in PO_FILES}
    assert pages <= catalogues, f"pages without a Korean catalogue: {sorted(pages - catalogues)}"


@pytest.fixture(scope="module")
def english_messages(tmp_path_factory):
    """The messages of the English text now, extracted as `make translations` does."""
    out = tmp_path_factory.mktemp("gettext")
    command = [sys.executable, "-m", "sphinx", "-b", "gettext", "-c", str(ROOT), str(DOCS),
               str(out), "-q", "-D", "nb_execution_mode=off", "-D", "gettext_location=1"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:]
    return {pot.relative_to(out).with_suffix(""): read_catalogue(pot)
            for pot in out.rglob("*.pot")}


@pytest.fixture(scope="module")
def docstring_messages(english_messages):
    """The API reference's messages that come only from docstrings (they may stay English)."""
    return {m.id for catalogue in english_messages.values() for m in catalogue
            if m.id and from_docstrings_only(m)}


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(CATALOGUES)))
def test_every_message_is_translated_and_none_is_fuzzy(po, docstring_messages):
    catalogue = read_catalogue(po)
    untranslated = [m.id for m in catalogue
                    if m.id and not m.string and m.id not in docstring_messages]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not untranslated, f"{len(untranslated)} untranslated, first: {untranslated[0]!r}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy (the English changed), first: {fuzzy[0]!r}"


def glossary_terms():
    text = (DOCS / "reference" / "glossary.md").read_text(encoding="utf-8")
    body = text[text.index("```{glossary}"):]
    return re.findall(r"^([^\s:`][^\n]*)\n  ", body, re.M)


def test_the_korean_glossary_is_built_from_the_term_list():
    """One term list: every glossary entry has its Korean term, shown with the English one."""
    rows = [line.split("\t") for line in
            (DOCS / "locales" / "ko" / "terms.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    korean = {english: ko for english, ko in rows[1:]}
    glossary = read_catalogue(CATALOGUES / "reference" / "glossary.po")
    wrong = []
    for term in glossary_terms():
        entry = glossary.get(term)
        expected = f"{korean.get(term)} ({term})"
        if term not in korean or entry is None or entry.string != expected:
            wrong.append(f"{term!r}: {entry.string if entry else None!r}, expected {expected!r}")
    assert not wrong, "glossary terms not taken from terms.tsv:\n" + "\n".join(wrong)


def test_catalogues_hold_every_message_of_the_english_text(english_messages):
    missing = []
    for name, template in english_messages.items():
        po = CATALOGUES / name.with_suffix(".po")
        translated = read_catalogue(po) if po.exists() else {}
        for message in template:
            if not message.id:
                continue
            if from_docstrings_only(message):
                continue  # a docstring on the API page
            entry = translated.get(message.id) if translated else None
            if entry is None or not entry.string or entry.fuzzy:
                missing.append(f"{name}: {message.id[:90]!r}")
    assert not missing, (f"{len(missing)} English messages have no Korean yet (run `make "
                         f"translations`, then translate):\n" + "\n".join(missing[:30]))


# -- The built Korean edition -----------------------------------------------------------------

def korean_pages(site):
    return sorted(p for p in (site / "ko").rglob("*.html")
                  if not p.relative_to(site / "ko").parts[0].startswith("_")
                  and p.name not in ("genindex.html", "search.html"))


def main_text(html):
    """The article's prose: without code, math, figures' images, scripts and tags."""
    article = re.search(r'<article[^>]*>(.*)</article>', html, re.S)
    text = article.group(1) if article else html
    text = re.sub(r"<(script|style|pre|code|math)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r'<span class="math[^"]*">.*?</span>', " ", text, flags=re.S)
    text = re.sub(r'<div class="math[^"]*">.*?</div>', " ", text, flags=re.S)
    text = re.sub(r'<div class="cell_output.*?</div>\s*</div>', " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return unescape(text)


def test_every_korean_page_is_marked_korean_and_reads_in_hangul(built_book):
    pages = korean_pages(built_book)
    assert len(pages) >= 30
    not_korean, latin = [], []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        name = str(page.relative_to(built_book))
        if not re.search(r'<html[^>]*\blang="ko"', html):
            not_korean.append(name)
        if name.endswith(("reference/api.html", "reference/bibliography.html")):
            continue  # docstrings and references stay English; the pages say so in Korean
        text = main_text(html)
        hangul = len(re.findall(r"[\uac00-\ud7a3]", text))
        words = len(re.findall(r"[A-Za-z]{2,}", text))    # an English word against a syllable
        if hangul < 3 * words:
            latin.append(f"{name} ({hangul} Hangul syllables, {words} Latin words)")
    assert not not_korean, f"pages without lang=ko: {not_korean}"
    assert not latin, "Korean pages whose text is not mostly Hangul:\n" + "\n".join(latin)


def pasted_numbers(html):
    return sorted(re.findall(r'<span class="pasted-text">([^<]*)</span>', html))


def test_glued_numbers_are_identical_in_both_editions(built_book):
    differ = []
    for page in korean_pages(built_book):
        english = built_book / page.relative_to(built_book / "ko")
        ours = pasted_numbers(page.read_text(encoding="utf-8"))
        theirs = pasted_numbers(english.read_text(encoding="utf-8"))
        if ours != theirs:
            differ.append(f"{english.relative_to(built_book)}: {theirs} vs {ours}")
    assert not differ, "glued numbers differ between the editions:\n" + "\n".join(differ)


def test_each_page_links_to_itself_in_the_other_edition(built_book):
    for page in korean_pages(built_book):
        relative = page.relative_to(built_book / "ko")
        english = built_book / relative
        to_english = re.search(r'class="[^"]*language-switch"[^>]*href="([^"]+)"|'
                               r'href="([^"]+)"[^>]*class="[^"]*language-switch"',
                               page.read_text(encoding="utf-8"))
        to_korean = re.search(r'href="([^"]+)"[^>]*hreflang="ko"|hreflang="ko"[^>]*href="([^"]+)"',
                              english.read_text(encoding="utf-8"))
        assert to_english and to_korean, f"{relative}: no language link"
        back = (page.parent / (to_english.group(1) or to_english.group(2))).resolve()
        forth = (english.parent / (to_korean.group(1) or to_korean.group(2))).resolve()
        assert back == english.resolve(), f"{relative}: the English link goes to {back}"
        assert forth == page.resolve(), f"{relative}: the Korean link goes to {forth}"
