"""Explorer: reciprocal inhibition and co-contraction in surface EMG."""
from .. import emg
from ..plots.emg import plot_emg_pair
from .base import float_slider, make_explorer, register


def cocontraction_view(reciprocal_inhibition=0.9, co_contraction=0.0, seed=7):
    """Simulate a flexion pair, draw raw EMG and envelopes, print the Falconer–Winter index."""
    rec = emg.simulate_emg_pair(3.0, 1000.0, reciprocal_inhibition=reciprocal_inhibition,
                                co_contraction=co_contraction, seed=seed)
    a = emg.envelope(rec["agonist_mV"], rec["fs_hz"], band_hz=(20.0, 450.0))
    b = emg.envelope(rec["antagonist_mV"], rec["fs_hz"], band_hz=(20.0, 450.0))
    cci = emg.cci_falconer_winter(a, b)
    return plot_emg_pair(rec, a, b, title=f"Co-contraction index (Falconer–Winter) = {cci:.0f} %")


register("emg.cocontraction", cocontraction_view, {"reciprocal_inhibition": 0.9, "co_contraction": 0.0})


def make_cocontraction_explorer():
    """Sliders for reciprocal inhibition and co-contraction drive."""
    return make_explorer(cocontraction_view, {
        "reciprocal_inhibition": float_slider(0.9, 0.0, 1.0, 0.05, "reciprocal inhibition (0-1)"),
        "co_contraction": float_slider(0.0, 0.0, 1.0, 0.05, "co-contraction drive (0-1)"),
        "seed": __import__("ipywidgets").fixed(7),
    }, title="Move the sliders: watch the antagonist wake up and the overlap grow.")
