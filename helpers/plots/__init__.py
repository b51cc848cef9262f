"""Figures for the course, kept apart from the science.

Each ``helpers.plots.<topic>`` module draws results computed by the matching
science module; :mod:`helpers.plots.style` holds the one style every chapter
uses (colour-blind-safe palette, legible fonts, labelled axes with units);
:func:`show` displays a figure with a numbered caption and alt text, and
:mod:`helpers.plots.diagrams` draws the explanatory diagrams (SVG).
Topic modules are imported on first use.
"""
import importlib

from .style import PALETTE, COLORS, apply_style, new_axes, label_axes, caption, offscreen
from .figure import show, reset_numbering

TOPICS = ("emg", "hypertonia", "basal_ganglia", "tms", "oscillations", "clinical", "ratings", "diagrams", "hands_on", "warmup")


def __getattr__(name):
    if name in TOPICS:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'helpers.plots' has no attribute {name!r}")
