"""Matplotlib helpers for the book's figures.

matplotlib is imported inside each function, so ``import minidl`` never needs it. Every helper
draws into an ``ax`` it is given (or a new figure) and returns the ``matplotlib.axes.Axes``.
Every name below is importable from ``minidl.viz`` itself; the package has one module per kind
of picture:

- ``minidl/viz/graphs.py`` -- computational graphs as circuit diagrams: :func:`graph_layout`
  (where everything goes, no matplotlib needed) and :func:`draw_graph`.
- ``minidl/viz/trajectories.py`` -- optimizer paths over a landscape: :func:`plot_trajectories`,
  :func:`animate_trajectories` and :func:`animation_html`.
- ``minidl/viz/images.py`` -- :func:`plot_image_grid`, :func:`plot_hog`, :func:`plot_templates`.
- ``minidl/viz/training.py`` -- :func:`plot_history`.
"""
from .graphs import draw_graph, graph_layout
from .images import plot_hog, plot_image_grid, plot_templates
from .training import plot_history
from .trajectories import animate_trajectories, animation_html, plot_trajectories

__all__ = ["draw_graph", "graph_layout", "plot_trajectories", "animate_trajectories",
           "animation_html", "plot_image_grid", "plot_hog", "plot_templates", "plot_history"]
