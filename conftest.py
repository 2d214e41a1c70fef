"""Root conftest: files pytest must not import when it collects doctests."""
collect_ignore = ["conf.py", "benchmarks"]
