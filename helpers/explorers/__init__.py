"""ipywidgets explorers, one module per mechanism (``helpers.explorers.<topic>``).

An explorer is a small function that builds sliders, calls a science module
and redraws a figure from :mod:`helpers.plots`; it holds no science itself.
Each module offers ``make_<name>_explorer()`` returning the widget and an
``update(**params)`` callable used by the benchmark.
"""
import importlib

TOPICS = ("emg", "hypertonia", "basal_ganglia", "tms", "oscillations", "clinical", "hands_on")


def __getattr__(name):
    if name in TOPICS:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'helpers.explorers' has no attribute {name!r}")
