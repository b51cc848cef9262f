"""Simulators and measurements for the interactive dystonia course.

One module per mechanism or clinical tool; figures live in :mod:`helpers.plots`
and ipywidgets explorers in :mod:`helpers.explorers`, so the science can be
tested without a display.  Submodules are imported on first use
(``helpers.emg``, ``from helpers import dbs``), which keeps ``import helpers``
fast inside graded notebooks.
"""
import importlib

__version__ = "0.1.0"

MODULES = (
    "checks", "grading", "cohort",
    "emg", "hypertonia", "movement", "basal_ganglia", "plasticity",
    "tms", "sensorimotor", "oscillations", "homeostasis", "genetics",
    "classification", "botulinum", "dbs", "programming", "genes", "ratings", "treatment", "warmup",
    "plots", "explorers",
)

__all__ = list(MODULES)


def __getattr__(name):
    if name in MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(MODULES))
