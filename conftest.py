"""Root conftest: what pytest must not import, and a quiet backend for the doctests."""
collect_ignore = ["conf.py", "benchmarks"]


def pytest_configure(config):
    # The plotting examples in minidl.viz draw figures; in the test process nobody looks at
    # them. Set the backend here, in this process only, rather than in the examples (a reader
    # who copies one into a notebook keeps the inline backend) or through MPLBACKEND (which the
    # page kernels would inherit, and their figures would vanish).
    import matplotlib

    matplotlib.use("Agg")
