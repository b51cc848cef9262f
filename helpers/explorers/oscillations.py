"""Explorers: synchrony and stimulation (Kuramoto), pallidal LFP spectra, homeostatic scaling."""

import numpy as np

from .. import homeostasis, oscillations
from ..plots.oscillations import plot_psd, plot_scaling, plot_synchrony
from .base import float_slider, make_explorer, register

#: Time before stimulation starts, and the stimulation segment, s.
KURAMOTO_OFF_S = 0.8
KURAMOTO_ON_S = 0.6
#: Fixed power axis of the LFP explorer, µV²/Hz (every slider setting fits).
LFP_POWER_LIM = (1e-3, 30.0)
#: Fixed rate axis of the scaling explorer, Hz (log scale; the model saturates at 100 Hz).
SCALING_RATE_MAX_HZ = 150.0

def kuramoto_view(coupling=12.0, stim_amplitude=0.0, stim_frequency_hz=130.0):
    """0.8 s without, then 0.6 s with, stimulation; 100 oscillators around 6 Hz.

    The stimulation segment continues from the first segment's final phases (and time), so
    nothing changes at 0.8 s unless stimulation is on; the onset is marked.
    """
    kc = oscillations.critical_coupling(half_width_hz=0.5)
    # 1 ms steps resolve the 6 Hz network (0.04 rad per step); the stimulation segment needs
    # 8 steps per stimulation cycle (simulate_kuramoto's own rule)
    dt_on_s = min(1e-3, 1 / (8 * stim_frequency_hz))
    common = dict(n_oscillators=100, coupling=coupling, seed=2)
    title = f"K = {coupling:.1f} rad/s ($K_c$ = {kc:.1f}); stimulation {stim_amplitude:.0f} rad/s"
    off = oscillations.simulate_kuramoto(KURAMOTO_OFF_S, dt_s=1e-3, **common)
    on = oscillations.simulate_kuramoto(KURAMOTO_ON_S, stim_amplitude=stim_amplitude,
                                        stim_frequency_hz=stim_frequency_hz, dt_s=dt_on_s,
                                        initial_phases=off["phases"], t0_s=off["t_end_s"], **common)
    t = np.concatenate([off["t_s"], KURAMOTO_OFF_S + on["t_s"]])
    r = np.concatenate([off["R"], on["R"]])
    if stim_amplitude > 0:
        # R alone hides a sub-locking drive that moves the rhythm out of the band: print both
        band = oscillations.band_synchrony(on, transient_s=0.15)
        freq = oscillations.mean_field_frequency_hz(on, transient_s=0.15)
        title += f"\nstimulated: 4–12 Hz synchrony {band:.2f}, collective rhythm {freq:.0f} Hz"
        return plot_synchrony(t, r, stim_on_s=KURAMOTO_OFF_S, title=title)
    return plot_synchrony(t, r, onset_s=KURAMOTO_OFF_S, onset_label="stimulation would start (off)", title=title)


register("oscillations.kuramoto", kuramoto_view, {"coupling": 12.0, "stim_amplitude": 800.0},
         caption="Synchrony R of 100 coupled phase oscillators (Kuramoto model) before and after "
                 "high-frequency stimulation starts at 0.8 s; each oscillator receives the stimulus at its "
                 "own random phase.",
         alt="Order parameter R (0 to 1) against time (0 to 1.4 s). A dashed line at 0.8 s marks where "
             "stimulation starts, and the stimulation period is shaded. Above the critical coupling R rises "
             "towards 1; strong stimulation then pulls it down. With stimulation on, the title also gives the "
             "4–12 Hz synchrony and the frequency of the collective rhythm, which a weaker drive shifts upwards "
             "while R stays high.")


def make_kuramoto_explorer():
    return make_explorer(kuramoto_view, {
        "coupling": float_slider(12.0, 0.0, 30.0, 0.5, "coupling K (rad/s)", readout_format=".1f"),
        "stim_amplitude": float_slider(0.0, 0.0, 1500.0, 50.0, "stimulation strength (rad/s)", readout_format=".0f"),
        "stim_frequency_hz": float_slider(130.0, 60.0, 180.0, 10.0, "stimulation frequency (Hz)", readout_format=".0f"),
    }, title="Raise the coupling K past its critical value to lock the network; then switch stimulation on.")


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
    return plot_psd(f, out, power_lim=LFP_POWER_LIM,
                    title=f"Relative 4–12 Hz power: off {rel['DBS off']:.2f}, on {rel['DBS on']:.2f}")


register("oscillations.lfp", lfp_view, {"theta_alpha_amplitude_uV": 4.0, "beta_amplitude_uV": 1.0},
         caption="Power spectra of a simulated pallidal local field potential with DBS off and on; the "
                 "theta–alpha (4–12 Hz) and beta (13–30 Hz) bands are shaded and named.",
         alt="Two power spectral densities on a logarithmic power axis against frequency (1 to 45 Hz): DBS off "
             "solid, DBS on dashed. Peaks appear in the named theta–alpha band and, when its slider is raised, "
             "in the beta band; with DBS on the peaks are lower.")


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
    return plot_scaling(out["t_h"], rates, rate_max_hz=SCALING_RATE_MAX_HZ, log_rate=True,
                        title="Homeostatic scaling after a perturbation")


register("homeostasis.scaling", scaling_view, {"trafficking": 0.2, "perturbation": 0.5},
         caption="Firing rate of a model neuron with homeostatic synaptic scaling after a period of intense "
                 "practice (12–18 h), with healthy and with reduced receptor trafficking.",
         alt="Firing rate (Hz, logarithmic) against time (0 to 72 h) for healthy trafficking (solid) and the chosen "
             "trafficking (dashed), with a dotted set point at 5 Hz and the practice period shaded. Healthy "
             "scaling returns to the set point; below a trafficking efficiency of 1/3 the rate runs away, above it "
             "the rate returns, more slowly the nearer the efficiency is to 1/3.")


def make_scaling_explorer():
    return make_explorer(scaling_view, {
        # starts at 0.5 (stable but slower than healthy), so both curves show; below 1/3 it runs away
        "trafficking": float_slider(0.5, 0.1, 1.0, 0.05, "receptor trafficking efficiency"),
        "perturbation": float_slider(0.5, 0.0, 1.5, 0.1, "input rise during practice (fraction)"),
    }, title="Slow the trafficking (torsinA-like) and watch stability fail.")
