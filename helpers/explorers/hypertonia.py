"""Explorers: velocity dependence (spasticity vs dystonia) and patterned vs random movement."""
import ipywidgets as widgets
import numpy as np

from .. import hypertonia, movement
from ..plots.hypertonia import plot_episodes, plot_stretch
from ..plots.style import COLORS
from .base import float_slider, make_explorer, register

ANGLES = np.linspace(0, 90, 181)


def stretch_view(condition="spasticity", velocity_deg_s=150.0, task_attempt=0.0):
    """Torque along a stretch at a slow reference speed and at the chosen speed."""
    curves = {f"{v:.0f} deg/s": hypertonia.stretch_torque(ANGLES, v, condition, task_attempt=task_attempt)
              for v in (10.0, velocity_deg_s)}
    return plot_stretch(ANGLES, curves, title=f"{condition}: resistance during a passive stretch")


register("hypertonia.stretch", stretch_view, {"condition": "spasticity", "velocity_deg_s": 150.0})


def make_stretch_explorer():
    return make_explorer(stretch_view, {
        "condition": widgets.Dropdown(options=list(hypertonia.CONDITIONS), value="spasticity",
                                      description="condition"),
        "velocity_deg_s": float_slider(150.0, 10.0, 400.0, 10.0, "stretch velocity (deg/s)", readout_format=".0f"),
        "task_attempt": float_slider(0.0, 0.0, 1.0, 0.1, "attempt to move (0-1)"),
    }, title="Stretch faster: only the spastic catch grows (then gives way: clasp-knife).")


def episodes_view(kind="dystonic", variability=0.2, seed=3):
    """Overlay eight episodes and report the repeatability index."""
    eps = movement.simulate_episodes(kind, 8, variability=variability, seed=seed)
    t = np.arange(eps.shape[1]) / 100.0
    idx = movement.repeatability_index(eps)
    return plot_episodes(t, eps, title=f"{kind}: repeatability index = {idx:.2f}",
                         color=COLORS["dystonia"] if kind == "dystonic" else COLORS["chorea"])


register("movement.episodes", episodes_view, {"kind": "dystonic", "variability": 0.2})


def make_episodes_explorer():
    return make_explorer(episodes_view, {
        "kind": widgets.ToggleButtons(options=list(movement.KINDS), value="dystonic", description="movement"),
        "variability": float_slider(0.2, 0.0, 1.0, 0.05, "episode-to-episode variability"),
        "seed": widgets.IntSlider(value=3, min=0, max=20, description="patient (seed)", continuous_update=False),
    }, title="Patterned episodes overlap; choreic fragments do not.")
