"""The environment that kernels executing the book's pages inherit.

Used by both entry points that execute pages: ``conf.py`` (Sphinx, `make html`) and
``tests/conftest.py`` (pytest, `make test`).
"""
import os
from pathlib import Path


def prepare(root):
    """Set up ``os.environ`` (and one config file) for page kernels started from this process.

    Parameters
    ----------
    root : pathlib.Path
        The repository root; caches go to ``root / ".cache"``.
    """
    # Keep caches inside the project, not in $HOME.
    os.environ.setdefault("MPLCONFIGDIR", str(Path(root) / ".cache" / "matplotlib"))
    os.environ.setdefault("IPYTHONDIR", str(Path(root) / ".cache" / "ipython"))
    # A forced backend such as MPLBACKEND=agg makes figures vanish from pages while the build
    # stays green; the kernels must use their inline backend.
    os.environ.pop("MPLBACKEND", None)
    # ipykernel's debugger warns about frozen modules on every kernel start; it is noise here.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # Executors talk to kernels over loopback TCP, and ipykernel 7 warns about that on every
    # start; the warning says nothing about the page, so quiet the kernel's own log.
    config = Path(os.environ["IPYTHONDIR"]) / "profile_default" / "ipython_kernel_config.py"
    if not config.exists():
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text('c.IPKernelApp.log_level = "ERROR"\n', encoding="utf-8")
