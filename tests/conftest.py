"""Shared pytest configuration: deterministic Hypothesis runs and a quiet matplotlib."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# Keep kernels and matplotlib from writing into the user's home directory.
os.environ.setdefault("MPLCONFIGDIR", str(ROOT / ".cache" / "matplotlib"))
os.environ.setdefault("IPYTHONDIR", str(ROOT / ".cache" / "ipython"))
# Pages must show their figures: a forced backend (MPLBACKEND=agg) would drop them silently.
os.environ.pop("MPLBACKEND", None)
# Quiet ipykernel's start-up warning about loopback TCP (as conf.py does for the build).
_kernel_config = Path(os.environ["IPYTHONDIR"]) / "profile_default" / "ipython_kernel_config.py"
if not _kernel_config.exists():
    _kernel_config.parent.mkdir(parents=True, exist_ok=True)
    _kernel_config.write_text('c.IPKernelApp.log_level = "ERROR"\n', encoding="utf-8")

# Derandomized: the same examples on every run, so a red test is reproducible.
settings.register_profile("minidl", deadline=None, derandomize=True, max_examples=60,
                          print_blob=True)
settings.load_profile("minidl")


@pytest.fixture
def rng():
    """A fresh seeded Generator for each test."""
    return np.random.default_rng(1234)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """Build into a temporary folder, sharing the execution cache with `make html`."""
    out = tmp_path_factory.mktemp("book") / "html"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT), str(ROOT / "docs"),
               str(out), "-W", "--keep-going", "-n", "-q"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ), timeout=1800)
    if result.returncode != 0:
        pytest.fail(f"sphinx-build failed (exit {result.returncode}):\n"
                    f"{result.stdout[-6000:]}\n{result.stderr[-12000:]}", pytrace=False)
    return out
