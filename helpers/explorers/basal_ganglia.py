"""Explorers: the basal-ganglia gate, and the digit map under practice."""
import ipywidgets as widgets

from .. import basal_ganglia, plasticity
from ..plots.basal_ganglia import plot_digit_map, plot_selection
from ..plots.style import new_axes
from .base import float_slider, int_slider, make_explorer, register


def gate_view(surround_inhibition=1.0, cross_talk=0.3):
    """Centre–surround selection for a 9-channel command."""
    c = basal_ganglia.cortical_command(9, cross_talk=cross_talk)
    out = basal_ganglia.select_action(c, surround_inhibition=surround_inhibition)
    n_over = int(out["moving"].sum()) - 1
    return plot_selection(c, out, basal_ganglia.THRESHOLD,
                          title=f"Overflow: {n_over} unwanted channel(s) move")


register("basal_ganglia.gate", gate_view, {"surround_inhibition": 1.0, "cross_talk": 0.3})


def make_gate_explorer():
    return make_explorer(gate_view, {
        "surround_inhibition": float_slider(1.0, 0.0, 1.5, 0.05, "surround inhibition (STN → GPi)"),
        "cross_talk": float_slider(0.3, 0.0, 0.8, 0.05, "cortical cross-talk"),
    }, title="Weaken the surround or add cross-talk until a neighbour crosses the threshold.")


def digit_map_view(homeostasis=True, surround_inhibition=0.6, n_trials=600):
    """Train the map with the chosen controls and draw the final weights."""
    out = plasticity.train_map(int(n_trials), homeostasis=homeostasis, surround_inhibition=surround_inhibition,
                               seed=1)
    w = out["weights"]
    fig, ax = new_axes(figsize=(6.0, 3.3))
    return plot_digit_map(w, ax=ax, title=(f"D3–D4 overlap {plasticity.digit_overlap(w, 2, 3):.2f}, "
                                           f"distance {plasticity.digit_distance(w, 2, 3):.2f} of initial"))


register("plasticity.digit_map", digit_map_view, {"homeostasis": True, "surround_inhibition": 0.6, "n_trials": 600})


def make_digit_map_explorer():
    return make_explorer(digit_map_view, {
        "homeostasis": widgets.Checkbox(value=True, description="homeostatic scaling"),
        "surround_inhibition": float_slider(0.6, 0.0, 1.0, 0.05, "surround inhibition"),
        "n_trials": int_slider(600, 0, 1500, 100, "practice trials (D3+D4 together)"),
    }, title="Practise a movement that always uses D3 and D4 together.")
