"""Every public name of minidl shows itself in use, and every example runs on its own.

pytest's --doctest-modules checks the examples' outputs inside their module's namespace. A
reader instead copies an example into a fresh interpreter, so here each docstring's examples run
again in an empty namespace: an example that leans on a module-level name it never imported
fails here even though its doctest passes.
"""
import doctest
import importlib
import inspect
import io
import pkgutil

import pytest

import minidl

# Every public module, subpackages' modules included (minidl.features.hog, minidl.optim.search).
MODULE_NAMES = sorted(m.name.removeprefix("minidl.")
                      for m in pkgutil.walk_packages(minidl.__path__, "minidl.")
                      if not any(part.startswith("_") for part in m.name.split(".")))


def public_objects(module):
    """(qualified name, object) for the public functions and classes a module defines, and the
    public methods and properties those classes define themselves."""
    names = getattr(module, "__all__", None) or [
        n for n, obj in vars(module).items()
        if not n.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", None) == module.__name__]
    for name in names:
        obj = getattr(module, name)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue  # constants document themselves in the module docstring
        if obj.__module__ != module.__name__:
            continue  # re-exported from elsewhere; checked where it is defined
        yield name, obj
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and (inspect.isfunction(member)
                                                 or isinstance(member, property)):
                    yield f"{name}.{attr}", member


@pytest.mark.parametrize("module_name", MODULE_NAMES)
def test_every_public_name_has_a_runnable_example(module_name):
    module = importlib.import_module(f"minidl.{module_name}")
    missing = []
    for name, obj in public_objects(module):
        doc = inspect.getdoc(obj) or ""
        if "." in name:  # a method or property: a docstring, examples optional
            if not doc:
                missing.append(f"{name} (no docstring)")
        elif "Examples" not in doc or ">>>" not in doc:
            missing.append(f"{name} (no Examples section with >>>)")
    assert not missing, f"minidl.{module_name}: " + ", ".join(missing)


class _AnyOutput(doctest.OutputChecker):
    """Outputs are pytest's --doctest-modules' business; here only exceptions count."""

    def check_output(self, want, got, optionflags):
        return True


@pytest.mark.parametrize("module_name", MODULE_NAMES)
def test_examples_run_in_a_fresh_interpreter(module_name):
    module = importlib.import_module(f"minidl.{module_name}")
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(checker=_AnyOutput(), optionflags=doctest.ELLIPSIS)
    report = io.StringIO()
    for test in finder.find(module, module.__name__, globs={"__name__": "__main__"}):
        runner.run(test, out=report.write, clear_globs=True)
    failed, attempted = runner.summarize(verbose=False)
    assert failed == 0, f"examples that fail when copied on their own:\n{report.getvalue()}"
