"""Explorers for chapter 3 (hands-on): one per part (measurement, planning, DBS programming)."""
import functools

import numpy as np

from .. import botulinum, dbs, emg
from ..plots import hands_on as plots
from ..plots.style import COLORS, PALETTE, label_axes, new_axes
from .base import float_slider, int_slider, make_explorer, register


# --- 03a: why each envelope is divided by its own MVC ------------------------------------------
@functools.lru_cache(maxsize=8)
def _mvc_peaks(seed, fs=1000.0):
    """MVC envelope peaks of the flexor and the extensor at unit gain (they do not move with the sliders)."""
    return tuple(float(emg.envelope(emg.mvc_trial(2.0, fs, seed=seed + k), fs).max()) for k in (1, 2))


def normalisation_view(extensor_gain=2.0, co_contraction=0.05, seed=11):
    """A healthy-looking wrist flexion whose extensor electrode has its own gain: raw vs %MVC envelopes."""
    fs = 1000.0
    rec = emg.simulate_emg_pair(3.0, fs, reciprocal_inhibition=0.9, co_contraction=co_contraction,
                                n_movements=1, seed=seed)
    flex = emg.envelope(rec["agonist_mV"], fs)
    ext = extensor_gain * emg.envelope(rec["antagonist_mV"], fs)
    mvc_flex, mvc_ext = _mvc_peaks(seed)
    mvc_ext *= extensor_gain
    raw_cci = emg.cci_falconer_winter(flex, ext)
    norm_cci = emg.cci_falconer_winter(flex / mvc_flex, ext / mvc_ext)
    fig, axes = new_axes(1, 2, figsize=(8.0, 3.0))
    k = slice(None, None, 3)                 # draw every third sample (the indices use the full traces)
    t = rec["t_s"][k]
    flex, ext = flex[k], ext[k]
    for ax, (a, b, unit, cci) in zip(axes, ((flex, ext, "mV", raw_cci),
                                            (100 * flex / mvc_flex, 100 * ext / mvc_ext, "% MVC", norm_cci))):
        ax.plot(t, a, color=COLORS["agonist"], label="flexor")
        ax.plot(t, b, color=COLORS["antagonist"], label="extensor")
        ax.fill_between(t, 0, np.minimum(a, b), color="#999999", alpha=0.4)
        label_axes(ax, "Time (s)", f"Envelope ({unit})", f"{'raw' if unit == 'mV' else 'normalised'}: CCI = {cci:.0f} %")
    axes[0].legend(fontsize=8, loc="upper right")
    return fig


register("hands_on.normalisation", normalisation_view, {"extensor_gain": 2.0, "co_contraction": 0.05})


def make_normalisation_explorer():
    """Sliders for the extensor electrode's gain and the co-contraction drive."""
    import ipywidgets
    return make_explorer(normalisation_view, {
        "extensor_gain": float_slider(2.0, 0.3, 3.0, 0.1, "extensor electrode gain (×)"),
        "co_contraction": float_slider(0.05, 0.0, 0.8, 0.05, "co-contraction drive (0-1)"),
        "seed": ipywidgets.fixed(11),
    }, title="Raise the gain: the raw index climbs although the muscles do the same thing.")


# --- 03b: benefit against harm as the dose grows -------------------------------------------------
def toxin_dose_view(total_units=170.0, scm_share=0.25, toxin_naive=False):
    """Net benefit, improvement and harm of plans of growing size for the default scenario.

    Doses are shared in proportion to involvement, except that the sternocleidomastoid gets
    ``scm_share`` of the total; each muscle is kept inside its range.
    """
    scenario = botulinum.default_scenario(toxin_naive=toxin_naive)
    inv = {m: w for m, w in scenario["involvement"].items() if w > 0}
    totals = np.linspace(60.0, 320.0, 40)

    def plan_for(total):
        scm = [m for m in inv if m.startswith("sternocleidomastoid")]
        rest = [m for m in inv if m not in scm]
        plan = {m: scm_share * total / len(scm) for m in scm}
        w = sum(inv[m] for m in rest)
        plan.update({m: (1 - scm_share) * total * inv[m] / w for m in rest})
        return {m: float(np.clip(d, 0.0, botulinum.MUSCLES[m]["max"])) for m, d in plan.items()}

    rows = [botulinum.evaluate_plan(plan_for(t), scenario) for t in totals]
    now = botulinum.evaluate_plan(plan_for(total_units), scenario)
    fig, ax = new_axes(figsize=(7.0, 3.3))
    ax.plot(totals, [r["predicted_improvement"] for r in rows], color=PALETTE[0], label="predicted improvement (%)")
    ax.plot(totals, [100 * (r["dysphagia_risk"] + r["neck_weakness_risk"]) for r in rows], color=PALETTE[1],
            label="dysphagia + weakness risk (%)")
    ax.plot(totals, [r["net_benefit"] for r in rows], color="black", lw=2.2, label="net benefit")
    ax.axvline(scenario["session_max"], color=COLORS["limit"], ls=":", label="session limit")
    ax.plot([now["total_units"]], [now["net_benefit"]], "o", color="black", ms=8)
    flag = "" if now["feasible"] else " (breaks a limit)"
    label_axes(ax, "Total dose (U onabotulinumtoxinA)", "Percent or points",
               f"{now['total_units']:.0f} U: net benefit {now['net_benefit']:.1f}{flag}")
    ax.legend(fontsize=8, loc="upper left")
    return fig


register("hands_on.toxin_dose", toxin_dose_view, {"total_units": 170.0, "scm_share": 0.25})


def make_toxin_dose_explorer():
    """Sliders for the total dose and the sternocleidomastoid's share of it."""
    import ipywidgets
    return make_explorer(toxin_dose_view, {
        "total_units": float_slider(170.0, 60.0, 320.0, 5.0, "total dose (U)", readout_format=".0f"),
        "scm_share": float_slider(0.25, 0.05, 0.6, 0.05, "share given to the SCM"),
        "toxin_naive": ipywidgets.Checkbox(value=False, description="toxin-naive (first session)"),
    }, title="Find where more toxin stops paying: benefit flattens while the risks keep rising.")


# --- 03c: the field map ------------------------------------------------------------------------
def lead_view(contact=1, amplitude_mA=2.5, pulse_width_us=90.0, frequency_hz=130.0):
    """The default scenario's lead with the activation sphere of one setting, and its battery life."""
    scenario = dbs.default_scenario()
    settings = {"contact": int(contact), "amplitude_mA": float(amplitude_mA), "pulse_width_us": float(pulse_width_us),
                "frequency_hz": float(frequency_hz)}
    ev = dbs.evaluate_settings(settings, scenario)
    months = dbs.battery_life_months(2 * ev["teed_uJ_per_s"])
    fig = plots.plot_lead(scenario, settings)
    ax = fig.axes[0]
    ax.set_title(ax.get_title() + f"\nbattery (both leads) {months:.0f} months", fontsize=10)
    if ev["violations"]:
        ax.text(0.02, 0.02, "\n".join(ev["violations"])[:160], transform=ax.transAxes, fontsize=7,
                color=COLORS["limit"], va="bottom")
    return fig


register("hands_on.lead", lead_view, {"contact": 1, "amplitude_mA": 2.5, "pulse_width_us": 90.0,
                                      "frequency_hz": 130.0})


def make_lead_explorer():
    """Sliders for contact, amplitude, pulse width and frequency on the default scenario."""
    return make_explorer(lead_view, {
        "contact": int_slider(1, 0, 3, 1, "contact (0 = deepest)"),
        "amplitude_mA": float_slider(2.5, 0.1, 6.0, 0.05, "amplitude (mA)"),
        "pulse_width_us": float_slider(90.0, 60.0, 450.0, 10.0, "pulse width (µs)", readout_format=".0f"),
        "frequency_hz": float_slider(130.0, 100.0, 185.0, 5.0, "frequency (Hz)", readout_format=".0f"),
    }, title="Grow the sphere until it covers the target, then watch the capsule, the optic tract and the battery.")
