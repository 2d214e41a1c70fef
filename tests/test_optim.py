"""minidl.optim as a package: one module per idea, every public name importable from the top.

The behaviour of each module is tested beside it: test_optim_optimizers.py,
test_optim_schedules.py and test_optim_search.py.
"""
import importlib
import pkgutil

import pytest
import test_docstrings

import minidl.optim

MODULES = sorted(m.name for m in pkgutil.iter_modules(minidl.optim.__path__)
                 if not m.name.startswith("_"))


def test_the_package_reexports_exactly_the_public_names_of_its_modules():
    defined = {}
    for name in MODULES:
        module = importlib.import_module(f"minidl.optim.{name}")
        for public in module.__all__:
            assert getattr(minidl.optim, public) is getattr(module, public)
            defined[public] = name
    assert sorted(minidl.optim.__all__) == sorted(defined)
    assert len(minidl.optim.__all__) == len(set(minidl.optim.__all__))


def test_no_module_imports_a_private_name_of_another():
    for name in MODULES:
        module = importlib.import_module(f"minidl.optim.{name}")
        for attr, value in vars(module).items():
            home = getattr(value, "__module__", None)
            if attr.startswith("_") and not attr.startswith("__") and home:
                assert home == module.__name__, f"{module.__name__} imports {attr} from {home}"


# tests/test_docstrings.py looks at the top-level modules of minidl only; these run its two
# checks on each module of this package, where the public names are defined.
@pytest.mark.parametrize("name", MODULES)
def test_every_public_name_has_a_runnable_example(name):
    test_docstrings.test_every_public_name_has_a_runnable_example(f"optim.{name}")


@pytest.mark.parametrize("name", MODULES)
def test_examples_run_in_a_fresh_interpreter(name):
    test_docstrings.test_examples_run_in_a_fresh_interpreter(f"optim.{name}")
