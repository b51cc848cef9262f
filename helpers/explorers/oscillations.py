"""Explorers: synchrony and stimulation (Kuramoto), pallidal LFP spectra, homeostatic scaling."""
import ipywidgets as widgets
import numpy as np

from .. import homeostasis, oscillations
from ..plots.oscillations import plot_psd, plot_scaling, plot_synchrony
from ..plots.style import new_axes
from .base import float_slider, make_explorer, register


def kuramoto_view(coupling=12.0, stim_amplitude=0.0, stim_frequency_hz=130.0):
    """1 s without, then 0.6 s with, stimulation; 100 oscillators around 6 Hz."""
    kc = oscillations.critical_coupling(half_width_hz=0.5)
    off = oscillations.simulate_kuramoto(0.8, n_oscillators=100, coupling=coupling, seed=2, dt_s=5e-4)
    on = oscillations.simulate_kuramoto(0.6, n_oscillators=100, coupling=coupling, stim_amplitude=stim_amplitude,
                                        stim_frequency_hz=stim_frequency_hz, seed=2,
                                        dt_s=min(5e-4, 1 / (8 * stim_frequency_hz)))
    t = np.concatenate([off["t_s"], 0.8 + on["t_s"]])
    r = np.concatenate([off["R"], on["R"]])
    return plot_synchrony(t, r, stim_on_s=0.8 if stim_amplitude > 0 else None,
                          title=f"K = {coupling:.1f} rad/s (K_c = {kc:.1f}); stimulation {stim_amplitude:.0f} rad/s")


register("oscillations.kuramoto", kuramoto_view, {"coupling": 12.0, "stim_amplitude": 800.0})


def make_kuramoto_explorer():
    return make_explorer(kuramoto_view, {
        "coupling": float_slider(12.0, 0.0, 30.0, 0.5, "coupling K (rad/s)", readout_format=".1f"),
        "stim_amplitude": float_slider(0.0, 0.0, 1500.0, 50.0, "stimulation strength (rad/s)", readout_format=".0f"),
        "stim_frequency_hz": float_slider(130.0, 60.0, 180.0, 10.0, "stimulation frequency (Hz)", readout_format=".0f"),
    }, title="Raise K past K_c to lock the network; then switch stimulation on.")


def lfp_view(theta_alpha_amplitude_uV=4.0, beta_amplitude_uV=1.0, dbs_suppression=0.7):
    """Welch spectra of a simulated pallidal LFP with DBS off and on (12 s each)."""
    out = {}
    rel = {}
    for on in (False, True):
        x = oscillations.simulate_lfp(12.0, 400.0, theta_alpha_amplitude_uV=theta_alpha_amplitude_uV,
                                      beta_amplitude_uV=beta_amplitude_uV, dbs_on=on,
                                      dbs_suppression=dbs_suppression, seed=5)
        f, p = oscillations.welch_psd(x, 400.0)
        label = "DBS on" if on else "DBS off"
        out[label] = p
        rel[label] = oscillations.band_power(f, p, (4, 12), relative=True)
    return plot_psd(f, out, title=f"Relative 4–12 Hz power: off {rel['DBS off']:.2f}, on {rel['DBS on']:.2f}")


register("oscillations.lfp", lfp_view, {"theta_alpha_amplitude_uV": 4.0, "beta_amplitude_uV": 1.0})


def make_lfp_explorer():
    return make_explorer(lfp_view, {
        "theta_alpha_amplitude_uV": float_slider(4.0, 0.0, 8.0, 0.5, "4–12 Hz burst amplitude (µV)"),
        "beta_amplitude_uV": float_slider(1.0, 0.0, 8.0, 0.5, "13–30 Hz burst amplitude (µV)"),
        "dbs_suppression": float_slider(0.7, 0.0, 1.0, 0.05, "DBS suppression of bursts"),
    }, title="Dystonia-like (theta-alpha) or Parkinson-like (beta) pallidal activity.")


def scaling_view(trafficking=1.0, perturbation=0.5):
    """Rate after an episode of intense practice, healthy vs the chosen trafficking efficiency."""
    rates = {}
    for label, eff in (("healthy trafficking", 1.0), (f"trafficking × {trafficking:.2f}", trafficking)):
        out = homeostasis.simulate_scaling(72.0, trafficking=eff, perturbation=perturbation, n_points=289)
        rates[label] = out["rate_hz"]
    return plot_scaling(out["t_h"], rates, title="Homeostatic scaling after a perturbation")


register("homeostasis.scaling", scaling_view, {"trafficking": 0.3, "perturbation": 0.5})


def make_scaling_explorer():
    return make_explorer(scaling_view, {
        "trafficking": float_slider(1.0, 0.1, 1.0, 0.05, "receptor trafficking efficiency"),
        "perturbation": float_slider(0.5, 0.0, 1.5, 0.1, "input rise during practice (fraction)"),
    }, title="Slow the trafficking (torsinA-like) and watch stability fail.")
