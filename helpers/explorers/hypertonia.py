"""Explorers: velocity dependence (spasticity vs dystonia) and patterned vs random movement."""
import numpy as np

from .. import hypertonia, movement
from ..plots.hypertonia import plot_episodes, plot_stretch
from ..plots.style import COLORS
from .base import dropdown, float_slider, int_slider, make_explorer, register, toggle_buttons

ANGLES = np.linspace(0, 90, 181)

#: Fixed axes so that conditions, speeds and seeds can be compared.
TORQUE_MAX_NM = 10.0
ANGLE_LIM_DEG = (-45.0, 60.0)


def stretch_view(condition="spasticity", velocity_deg_s=150.0, task_attempt=0.0):
    """Torque along a stretch at a slow reference speed and at the chosen speed."""
    curves = {f"{v:.0f} deg/s": hypertonia.stretch_torque(ANGLES, v, condition, task_attempt=task_attempt)
              for v in (10.0, velocity_deg_s)}
    return plot_stretch(ANGLES, curves, title=f"{condition.capitalize()}: resistance during a passive stretch",
                        torque_max_Nm=TORQUE_MAX_NM)


register("hypertonia.stretch", stretch_view, {"condition": "spasticity", "velocity_deg_s": 150.0},
         caption="Resistive torque of a simulated elbow stretched at a slow reference speed (10 deg/s) "
                 "and at the chosen speed.",
         alt="Torque (N·m, 0 to 10) against elbow angle (0 to 90 deg), one dashed curve for 10 deg/s and "
             "one solid curve for the chosen speed. In spasticity the fast curve shows a catch that grows "
             "with speed and then gives way; in dystonia the two curves nearly coincide.")


def make_stretch_explorer():
    return make_explorer(stretch_view, {
        "condition": dropdown({c.capitalize(): c for c in hypertonia.CONDITIONS}, "spasticity", "condition"),
        "velocity_deg_s": float_slider(150.0, 10.0, 400.0, 10.0, "stretch velocity (deg/s)", readout_format=".0f"),
        "task_attempt": float_slider(0.0, 0.0, 1.0, 0.1, "attempt to move (0–1)"),
    }, title="Stretch faster: only the spastic catch grows (then gives way: clasp-knife).")


def episodes_view(kind="dystonic", variability=0.2, seed=3):
    """Overlay eight episodes and report the repeatability index."""
    eps = movement.simulate_episodes(kind, 8, variability=variability, seed=seed)
    t = np.arange(eps.shape[1]) / 100.0
    idx = movement.repeatability_index(eps)
    return plot_episodes(t, eps, title=f"{kind.capitalize()}: repeatability index = {idx:.2f}",
                         color=COLORS["dystonia"] if kind == "dystonic" else COLORS["chorea"],
                         angle_lim_deg=ANGLE_LIM_DEG)


register("movement.episodes", episodes_view, {"kind": "dystonic", "variability": 0.2},
         caption="Eight simulated involuntary episodes of one patient, overlaid, with their repeatability index.",
         alt="Eight joint-angle traces (deg) against time from episode start (0 to 2 s). Dystonic episodes "
             "follow one template and overlap closely; choreic fragments wander independently.")


def make_episodes_explorer():
    return make_explorer(episodes_view, {
        "kind": toggle_buttons({k.capitalize(): k for k in movement.KINDS}, "dystonic", "movement"),
        "variability": float_slider(0.2, 0.0, 1.0, 0.05, "episode-to-episode variability"),
        "seed": int_slider(3, 0, 20, 1, "patient (seed)"),
    }, title="Patterned episodes overlap; choreic fragments do not.")
