"""Execute every page of the book as a notebook, one test item per page.

A page is a MyST notebook when its front matter names a kernel. Such a page must carry the full
jupytext header (without `format_name: myst` jupytext reads it as plain markdown, nothing runs,
and a test would pass silently) and must contain code cells.
"""
from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def book_pages():
    """Every markdown page of the book, skipping private folders such as ``_static``."""
    return sorted(p for p in DOCS.rglob("*.md")
                  if not any(part.startswith(("_", ".")) for part in p.relative_to(DOCS).parts))


def front_matter(path):
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return ""
    end = text.find("\n---", 4)
    return text[4:end] if end > 0 else ""


def is_notebook(path):
    return "kernelspec" in front_matter(path) or "```{code-cell}" in path.read_text("utf-8")


NOTEBOOKS = [p for p in book_pages() if is_notebook(p)]


def page_id(path):
    return str(path.relative_to(DOCS).with_suffix(""))


def test_the_book_has_executable_pages():
    assert len(NOTEBOOKS) >= 2, f"expected executable pages under {DOCS}, found {NOTEBOOKS}"


@pytest.mark.parametrize("page", NOTEBOOKS, ids=page_id)
def test_page_executes(page):
    header = front_matter(page)
    for needed in ("format_name: myst", "kernelspec", "name: python3"):
        assert needed in header, (f"{page_id(page)}: the jupytext header lacks {needed!r}; "
                                  "copy the header of docs/optimization/follow-the-slope.md")
    notebook = jupytext.read(page, fmt="md:myst")
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert code_cells, f"{page_id(page)}: a notebook page without code cells executes nothing"

    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(page.parent)}})
    failure = None
    try:
        client.execute()
    except CellExecutionError as error:  # the message holds the cell source and traceback
        failure = str(error)
    if failure is not None:
        pytest.fail(f"{page_id(page)}: a cell failed\n{failure}", pytrace=False)

    # A page prints no warnings: stderr in a cell is a warning the reader would see.
    for index, cell in enumerate(code_cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                pytest.fail(f"{page_id(page)}: code cell {index} wrote to stderr:\n"
                            f"{cell.source}\n---\n{output.get('text')}", pytrace=False)


@pytest.mark.parametrize("page", NOTEBOOKS, ids=page_id)
def test_page_ends_with_exercises_whose_solutions_are_executed_code(page):
    """Each page closes with exercises; every solution is folded and holds a code cell."""
    text = page.read_text(encoding="utf-8")
    assert "## Exercises" in text, f"{page_id(page)}: no '## Exercises' section"
    exercises = text[text.index("## Exercises"):]
    assert "```{exercise}" in exercises, f"{page_id(page)}: the Exercises section is empty"
    solutions = exercises.split("```{solution-start}")[1:]
    assert solutions, f"{page_id(page)}: exercises without solutions"
    for solution in solutions:
        body = solution.split("```{solution-end}")[0]
        assert ":class: dropdown" in body, f"{page_id(page)}: a solution is not folded"
        assert "```{code-cell}" in body, f"{page_id(page)}: a solution has no executed code"


def test_start_here_lists_every_page_that_quotes_the_study_notes():
    """Each page answering a question of the study notes is linked from Start here."""
    here = (DOCS / "start" / "here.md").read_text(encoding="utf-8")
    quoting = [p for p in book_pages() if p.name != "here.md"
               and ":class: notes-question" in p.read_text(encoding="utf-8")]
    assert quoting, "no page quotes the study notes"
    missing = [page_id(p) for p in quoting
               if f"{{doc}}`../{p.relative_to(DOCS).with_suffix('').as_posix()}`" not in here]
    assert not missing, f"pages quoting the study notes but not listed on Start here: {missing}"
