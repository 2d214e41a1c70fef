"""minidl: a compact NumPy library for learning how neural networks learn."""
__version__ = "0.1.0"
