"""Explorers: paired-pulse TMS and precision-weighted sensing (sensory trick)."""
import numpy as np

from .. import sensorimotor, tms
from ..plots.tms import plot_cue_combination, plot_mep_distribution
from .base import checkbox, float_slider, int_slider, make_explorer, register, toggle_buttons

#: Fixed amplitude axis of the MEP histograms, mV (larger MEPs widen it).
MEP_AXIS_MV = 3.0
#: Fixed density axis of the cue explorer, 1/deg: the sharpest belief the controls
#: allow (σ 0.5° proprioception plus the trick: fused σ ≈ 0.47°) peaks at 0.85.
DENSITY_MAX = 0.9


def paired_pulse_view(condition="sici", dystonia=False, n_trials=30, seed=0):
    """MEP histograms for test and conditioned pulses; title gives both kinds of ratio."""
    rng = np.random.default_rng(seed)
    test = tms.simulate_mep_trials(n_trials, seed=rng)
    cond = tms.simulate_mep_trials(n_trials, condition=condition, dystonia=dystonia, seed=rng)
    geo = tms.paired_pulse_ratio(cond, test)
    ari = tms.paired_pulse_ratio(cond, test, geometric=False)
    top = max(MEP_AXIS_MV, float(np.max(test)), float(np.max(cond)))
    return plot_mep_distribution(test, cond, amplitude_max_mV=top,
                                 title=f"{condition.upper()} ratio: geometric {geo:.2f}, arithmetic {ari:.2f}")


register("tms.paired_pulse", paired_pulse_view, {"condition": "sici", "dystonia": False, "n_trials": 30},
         caption="Simulated MEP amplitudes of one TMS session: test pulses alone and conditioned pulses, "
                 "with arithmetic (dashed) and geometric (solid) means.",
         alt="Two overlapping histograms of MEP amplitude (mV), test pulses in blue and conditioned pulses "
             "in hatched vermillion, each with a dashed line at its arithmetic mean and a solid line at its "
             "geometric mean; the right-skewed amplitudes put the arithmetic mean to the right.")


def make_paired_pulse_explorer():
    return make_explorer(paired_pulse_view, {
        "condition": toggle_buttons({"SICI": "sici", "ICF": "icf", "LICI": "lici"}, "sici", "protocol"),
        "dystonia": checkbox(False, "dystonia"),
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
              f"proprioception (σ {sigma_proprioception_deg:.1f}°)": gauss(true_angle_deg, sigma_proprioception_deg)}
    trick = 1.5 if sensory_trick else None
    if trick:
        curves["sensory trick (σ 1.5°)"] = gauss(true_angle_deg, trick)
    est, sd = sensorimotor.posture_estimate(true_angle_deg, 0.0, sig_pred, sigma_proprioception_deg, trick)
    curves[f"fused belief:\n{est:.1f}° ± {sd:.1f}°"] = gauss(est, sd)
    return plot_cue_combination(x, curves, title=f"True angle {true_angle_deg:.0f}°; believed {est:.1f}°",
                                density_max=DENSITY_MAX)


register("sensorimotor.cues", cue_view, {"sigma_proprioception_deg": 2.0, "sensory_trick": False},
         caption="Precision-weighted cue combination: the motor prediction, proprioception, the optional "
                 "sensory trick and the fused belief about head angle.",
         alt="Gaussian belief curves against head angle (deg): the motor prediction centred at 0 (blue, "
             "dashed), proprioception centred at the true angle (vermillion, dash-dot), the sensory trick "
             "when on (green, dotted) and the fused belief (black, solid), which lies between them, nearer "
             "the more precise cue.")


def make_cue_explorer():
    return make_explorer(cue_view, {
        "sigma_proprioception_deg": float_slider(2.0, 0.5, 12.0, 0.5, "proprioceptive noise σ (deg)"),
        "sensory_trick": checkbox(False, "touch the chin (sensory trick)"),
        "true_angle_deg": float_slider(30.0, 0.0, 50.0, 1.0, "true head turn (deg)", readout_format=".0f"),
    }, title="Make proprioception noisier, then add the sensory trick.")
