"""Explorers: the basal-ganglia gate, and the digit map under practice."""
from .. import basal_ganglia, plasticity
from ..plots.basal_ganglia import plot_digit_map, plot_selection
from ..plots.style import new_axes
from .base import checkbox, float_slider, int_slider, make_explorer, register

#: Fixed axes so that states compare: the largest GPi activity the sliders reach
#: (no cross-talk limit: 5.1 at surround 1.5, cross-talk 0.8), the motor output
#: (1.5 at most) and the largest digit-map weight (2.0 without scaling).
ACTIVITY_MAX = 5.4
MOTOR_MAX = 1.7
WEIGHT_MAX = 2.0


def gate_view(surround_inhibition=1.0, cross_talk=0.3):
    """Centre–surround selection for a 9-channel command."""
    c = basal_ganglia.cortical_command(9, cross_talk=cross_talk)
    out = basal_ganglia.select_action(c, surround_inhibition=surround_inhibition)
    n_over = int(out["moving"].sum()) - 1
    return plot_selection(c, out, basal_ganglia.THRESHOLD, activity_max=ACTIVITY_MAX, motor_max=MOTOR_MAX,
                          title=f"Overflow: {n_over} unwanted channel(s) move")


register("basal_ganglia.gate", gate_view, {"surround_inhibition": 1.0, "cross_talk": 0.3},
         caption="Centre–surround selection in a nine-channel basal-ganglia model: the cortical command and "
                 "the pallidal (GPi) brake on each channel (left), and which channels move (right).",
         alt="Two bar charts over channels 1 to 9. Left: black bars of cortical command peaking at channel 5 "
             "and orange bars of GPi activity, lowest at channel 5. Right: motor output with a dashed "
             "movement threshold; channel 5 (blue) crosses it, and any neighbour that also crosses it is "
             "hatched vermillion as overflow.")


def make_gate_explorer():
    return make_explorer(gate_view, {
        "surround_inhibition": float_slider(1.0, 0.0, 1.5, 0.05, "surround inhibition (STN → GPi)"),
        "cross_talk": float_slider(0.3, 0.0, 0.8, 0.05, "cortical cross-talk"),
    }, title="Weaken the surround or add cross-talk until a neighbour crosses the threshold.")


def digit_map_view(homeostasis=True, surround_inhibition=0.6, n_trials=600):
    """Train the map with the chosen controls and draw the final weights (0 trials: the initial map)."""
    n = int(n_trials)
    w = (plasticity.train_map(n, homeostasis=homeostasis, surround_inhibition=surround_inhibition, seed=1)["weights"]
         if n > 0 else plasticity.initial_map())
    fig, ax = new_axes(figsize=(6.0, 3.3))
    return plot_digit_map(w, ax=ax, weight_max=WEIGHT_MAX,
                          title=(f"D3–D4 overlap {plasticity.digit_overlap(w, 2, 3):.2f}, "
                                 f"distance {plasticity.digit_distance(w, 2, 3):.2f} of initial"))


register("plasticity.digit_map", digit_map_view, {"homeostasis": True, "surround_inhibition": 0.6, "n_trials": 600},
         caption="A model somatosensory digit map after practice that always uses D3 and D4 together; the "
                 "grey area is what the D3 and D4 representations share.",
         alt="Five tuning curves of synaptic weight against position on the cortical sheet, one per digit "
             "D1 to D5, with the area under both D3 and D4 shaded grey. With scaling and surround "
             "inhibition the curves stay separate; without them D3 and D4 merge and the grey area grows.")


def make_digit_map_explorer():
    return make_explorer(digit_map_view, {
        "n_trials": int_slider(600, 0, 1500, 100, "practice trials (D3+D4 together)"),
        "surround_inhibition": float_slider(0.6, 0.0, 1.0, 0.05, "surround inhibition"),
        "homeostasis": checkbox(True, "homeostatic scaling"),
    }, title="Practise a movement that always uses D3 and D4 together.")
