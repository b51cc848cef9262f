"""Explorers: paired-pulse TMS and precision-weighted sensing (sensory trick)."""
import ipywidgets as widgets
import numpy as np

from .. import sensorimotor, tms
from ..plots.tms import plot_cue_combination, plot_mep_distribution
from .base import float_slider, int_slider, make_explorer, register


def paired_pulse_view(condition="sici", dystonia=False, n_trials=30, seed=0):
    """MEP histograms for test and conditioned pulses; title gives both kinds of ratio."""
    rng = np.random.default_rng(seed)
    test = tms.simulate_mep_trials(n_trials, seed=rng)
    cond = tms.simulate_mep_trials(n_trials, condition=condition, dystonia=dystonia, seed=rng)
    geo = tms.paired_pulse_ratio(cond, test)
    ari = tms.paired_pulse_ratio(cond, test, geometric=False)
    return plot_mep_distribution(test, cond, title=f"{condition.upper()} ratio: geometric {geo:.2f}, "
                                                   f"arithmetic {ari:.2f} (solid/dashed lines)")


register("tms.paired_pulse", paired_pulse_view, {"condition": "sici", "dystonia": False, "n_trials": 30})


def make_paired_pulse_explorer():
    return make_explorer(paired_pulse_view, {
        "condition": widgets.ToggleButtons(options=["sici", "icf", "lici"], value="sici", description="protocol"),
        "dystonia": widgets.Checkbox(value=False, description="dystonia"),
        "n_trials": int_slider(30, 5, 200, 5, "pulses per condition"),
        "seed": int_slider(0, 0, 50, 1, "session (seed)"),
    }, title="Few pulses give noisy ratios; right skew pulls the arithmetic mean up.")


def cue_view(sigma_proprioception_deg=2.0, sensory_trick=False, true_angle_deg=30.0):
    """Beliefs about head angle: prediction (0 deg), proprioception (truth), optional trick, fused."""
    x = np.linspace(-20, 60, 321)
    sig_pred = 4.0

    def gauss(mu, s):
        return np.exp(-0.5 * ((x - mu) / s) ** 2) / (s * np.sqrt(2 * np.pi))
    curves = {"motor prediction (σ 4°)": gauss(0.0, sig_pred),
              f"proprioception (σ {sigma_proprioception_deg:.0f}°)": gauss(true_angle_deg, sigma_proprioception_deg)}
    trick = 1.5 if sensory_trick else None
    if trick:
        curves["sensory trick (σ 1.5°)"] = gauss(true_angle_deg, trick)
    est, sd = sensorimotor.posture_estimate(true_angle_deg, 0.0, sig_pred, sigma_proprioception_deg, trick)
    curves[f"fused belief: {est:.1f}° ± {sd:.1f}°"] = gauss(est, sd)
    return plot_cue_combination(x, curves, title=f"True angle {true_angle_deg:.0f}°; believed {est:.1f}°")


register("sensorimotor.cues", cue_view, {"sigma_proprioception_deg": 2.0, "sensory_trick": False})


def make_cue_explorer():
    return make_explorer(cue_view, {
        "sigma_proprioception_deg": float_slider(2.0, 0.5, 12.0, 0.5, "proprioceptive noise σ (deg)"),
        "sensory_trick": widgets.Checkbox(value=False, description="touch the chin (sensory trick)"),
        "true_angle_deg": float_slider(30.0, 0.0, 50.0, 1.0, "true head turn (deg)", readout_format=".0f"),
    }, title="Make proprioception noisier, then add the sensory trick.")
