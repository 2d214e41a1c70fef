"""Glued numbers inside translated paragraphs (the Korean edition).

Sphinx translates a paragraph by parsing its translation as a small document of its own, with
the page's parser. MyST-NB's glue roles look up glued values in the notebook of the document
being parsed, and that small document has no cells, so `{glue:text}` in a translation would
find nothing. This extension remembers the glued values of each page when MyST-NB executes (or
loads from the cache) its notebook, and lets the glue roles fall back to them: a translated
paragraph shows exactly the numbers the English one shows, from the same execution.
"""
from contextlib import contextmanager
from pathlib import Path

from myst_nb import sphinx_ as nb_sphinx
from myst_nb.core.variables import RetrievalError, VariableOutput
from myst_nb.ext.glue import directives as glue_directives
from myst_nb.ext.glue import roles as glue_roles
from myst_nb.ext.glue import utils as glue_utils

_page_glue = {}             # resolved source path of a page -> (glued values, its renderer)
_latest_renderer = [None]   # the notebook renderer MyST-NB made last (just before the client)
_create_client = nb_sphinx.create_client
_load_renderer = nb_sphinx.load_renderer
_retrieve = glue_utils.retrieve_glue_data


def load_renderer(name):
    """MyST-NB's renderer class, whose instances are noted as they are made."""
    renderer_class = _load_renderer(name)

    def make(*args, **kwargs):
        _latest_renderer[0] = renderer_class(*args, **kwargs)
        return _latest_renderer[0]
    return make


@contextmanager
def create_client(notebook, document_path, *args, **kwargs):
    """MyST-NB's notebook client, whose glued values are kept for the page's translations."""
    with _create_client(notebook, document_path, *args, **kwargs) as client:
        yield client
    if "<translated>" not in str(document_path):
        _page_glue[str(Path(document_path).resolve())] = (client.glue_data, _latest_renderer[0])


def retrieve_glue_data(document, key):
    """MyST-NB's lookup, then the same key in the page that a translation belongs to."""
    try:
        return _retrieve(document, key)
    except RetrievalError:
        env = getattr(document.settings, "env", None)
        if env is None or env.docname is None:
            raise
        glue, renderer = _page_glue.get(str(Path(env.doc2path(env.docname)).resolve()),
                                        ({}, None))
        if key not in glue:
            raise
        return VariableOutput(data=glue[key]["data"], metadata=glue[key].get("metadata", {}),
                              nb_renderer=renderer, vtype="glue")


def setup(app):
    nb_sphinx.load_renderer = load_renderer
    nb_sphinx.create_client = create_client
    for module in (glue_roles, glue_directives, glue_utils):
        module.retrieve_glue_data = retrieve_glue_data
    return {"parallel_read_safe": False, "parallel_write_safe": True}
