"""Root conftest: doctest namespace for the examples in minidl's docstrings."""
import numpy as np
import pytest

collect_ignore = ["conf.py", "benchmarks"]


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    doctest_namespace["np"] = np
