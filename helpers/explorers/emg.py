"""Explorer: reciprocal inhibition and co-contraction in surface EMG."""
import ipywidgets as widgets

from .. import emg
from ..plots.emg import plot_emg_pair
from .base import float_slider, make_explorer, register

#: Axes of the explorer, mV, fixed so that states can be compared (every slider setting
#: fits: raw signals span -3.4 to 1.5 mV with the antagonist's offset, envelopes reach 0.47).
ENVELOPE_MAX_MV = 0.6
RAW_LIM_MV = (-3.6, 1.8)


def cocontraction_view(reciprocal_inhibition=0.9, co_contraction=0.0, seed=7):
    """Simulate two flexions (4 s), draw raw EMG and envelopes, give the Falconer–Winter index."""
    rec = emg.simulate_emg_pair(4.0, 1000.0, reciprocal_inhibition=reciprocal_inhibition,
                                co_contraction=co_contraction, seed=seed)
    a = emg.envelope(rec["agonist_mV"], rec["fs_hz"], band_hz=(20.0, 450.0))
    b = emg.envelope(rec["antagonist_mV"], rec["fs_hz"], band_hz=(20.0, 450.0))
    cci = emg.cci_falconer_winter(a, b)
    return plot_emg_pair(rec, a, b, title=f"Co-contraction index (Falconer–Winter) = {cci:.0f} %",
                         envelope_max_mV=ENVELOPE_MAX_MV, raw_lim_mV=RAW_LIM_MV)


register("emg.cocontraction", cocontraction_view, {"reciprocal_inhibition": 0.9, "co_contraction": 0.0},
         caption="Simulated surface EMG of a wrist flexor (agonist) and extensor (antagonist) during two "
                 "flexions: raw signals above, envelopes and their overlap (co-contraction) below.",
         alt="Two panels against time, 0 to 4 s. Top: raw EMG bursts of the agonist (blue) and, offset "
             "below, the antagonist (vermillion). Bottom: their envelopes, agonist solid and antagonist "
             "dashed, with the shared area shaded grey; the shaded area grows as co-contraction grows.")


def make_cocontraction_explorer():
    """Sliders for reciprocal inhibition and co-contraction drive."""
    return make_explorer(cocontraction_view, {
        "reciprocal_inhibition": float_slider(0.9, 0.0, 1.0, 0.05, "reciprocal inhibition (0–1)"),
        "co_contraction": float_slider(0.0, 0.0, 1.0, 0.05, "co-contraction drive (0–1)"),
        "seed": widgets.fixed(7),
    }, title="Move the sliders: watch the antagonist wake up and the overlap grow.")
