"""Shared pytest configuration: deterministic Hypothesis runs and a quiet matplotlib."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# Page kernels inherit this process's environment: the same set-up as conf.py's.
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import kernel_environment  # noqa: E402

kernel_environment.prepare(ROOT)

# MINIDL_TOLERANCE_MARGIN=10 (a check by hand) divides every tolerance by 10: see tolerances.py.
sys.path.insert(0, str(ROOT / "tests"))
import tolerances  # noqa: E402

tolerances.install_margin_check()

# Derandomized: the same examples on every run, so a red test is reproducible.
settings.register_profile("minidl", deadline=None, derandomize=True, max_examples=60,
                          print_blob=True)
settings.load_profile("minidl")


@pytest.fixture
def rng():
    """A fresh seeded Generator for each test."""
    return np.random.default_rng(1234)


def _sphinx_build(out, *options):
    """Run sphinx-build as `make html` does (warnings are errors); fail the test otherwise."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT), str(ROOT / "docs"),
               str(out), "-W", "--keep-going", "-n", "-q", *options]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ), timeout=1800)
    if result.returncode != 0:
        pytest.fail(f"sphinx-build {' '.join(options)} failed (exit {result.returncode}):\n"
                    f"{result.stdout[-6000:]}\n{result.stderr[-12000:]}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """Both editions as `make html` lays them out: English at the root, Korean under ko/.

    Built into a temporary folder with `make html`'s execution cache, so pages run once. The
    Korean edition is built beside the English one (its own doctrees and executed-notebook
    folder) and copied under ko/, as the Makefile does.
    """
    base = tmp_path_factory.mktemp("book")
    site = _sphinx_build(base / "html")
    shutil.copytree(_sphinx_build(base / "html-ko", "-D", "language=ko"), site / "ko")
    return site


# -- The one line that ends a run whose browser tests were skipped ---------------------------
_skipped_browser_tests = []


def pytest_runtest_logreport(report):
    if report.skipped and report.nodeid.startswith("tests/test_browser.py"):
        _skipped_browser_tests.append(report.nodeid)


def pytest_unconfigure(config):
    # After pytest's own summary, so it is the last line a reader sees.
    if _skipped_browser_tests:
        print(f"\nBrowser tests skipped ({len(_skipped_browser_tests)}): no Chromium here. "
              "Enable them with: sudo apt-get install chromium chromium-driver")
