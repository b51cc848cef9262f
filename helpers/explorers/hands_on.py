"""Explorers for chapter 3 (hands-on): one per part (measurement, planning, DBS programming)."""
import functools

import numpy as np

from .. import botulinum, dbs, emg
from ..plots import hands_on as plots
from ..plots.style import COLORS, PALETTE, label_axes, new_axes
from .base import checkbox, float_slider, int_slider, make_explorer, register


# --- 03a: why each envelope is divided by its own MVC ------------------------------------------
@functools.lru_cache(maxsize=8)
def _mvc_peaks(seed, fs=1000.0):
    """MVC envelope peaks of the flexor and the extensor at unit gain (they do not move with the sliders)."""
    return tuple(float(emg.envelope(emg.mvc_trial(2.0, fs, seed=seed + k), fs).max()) for k in (1, 2))


#: Fixed axes of the normalisation explorer (every slider setting fits): raw envelopes reach
#: 0.86 mV (extensor gain 3, co-contraction 0.8), normalised ones 80 % MVC (the flexor).
RAW_ENVELOPE_MAX_MV = 0.9
NORMALISED_MAX_PERCENT = 100.0


def normalisation_view(extensor_gain=2.0, co_contraction=0.05, seed=11):
    """A healthy-looking wrist flexion whose extensor electrode has its own gain: raw vs %MVC envelopes.

    Left: envelopes in mV (the extensor multiplied by ``extensor_gain``); right: each
    envelope divided by the envelope peak of its own muscle's MVC, recorded through the
    same electrode (so the gain cancels).  Each title gives the Falconer–Winter index.
    """
    fs = 1000.0
    rec = emg.simulate_emg_pair(3.0, fs, reciprocal_inhibition=0.9, co_contraction=co_contraction,
                                n_movements=1, seed=seed)
    flex = emg.envelope(rec["agonist_mV"], fs)
    ext = extensor_gain * emg.envelope(rec["antagonist_mV"], fs)
    mvc_flex, mvc_ext = _mvc_peaks(seed)
    mvc_ext *= extensor_gain
    raw_cci = emg.cci_falconer_winter(flex, ext)
    norm_cci = emg.cci_falconer_winter(flex / mvc_flex, ext / mvc_ext)
    fig, axes = new_axes(1, 2, figsize=(9.2, 3.0))
    fig.subplots_adjust(right=0.8, wspace=0.3)
    k = slice(None, None, 3)                 # draw every third sample (the indices use the full traces)
    t = rec["t_s"][k]
    flex, ext = flex[k], ext[k]
    panels = ((flex, ext, "Envelope (mV)", RAW_ENVELOPE_MAX_MV, f"raw envelopes: CCI = {raw_cci:.0f} %"),
              (100 * flex / mvc_flex, 100 * ext / mvc_ext, "Envelope (% of own MVC)", NORMALISED_MAX_PERCENT,
               f"normalised to MVC: CCI = {norm_cci:.0f} %"))
    for ax, (a, b, ylabel, top, title) in zip(axes, panels):
        ax.plot(t, a, color=COLORS["agonist"], label="flexor")
        ax.plot(t, b, color=COLORS["antagonist"], ls="--", label=f"extensor\n(gain {extensor_gain:.1f}×)")
        ax.fill_between(t, 0, np.minimum(a, b), color="#999999", alpha=0.4, lw=0, label="overlap\n(co-contraction)")
        ax.set_xlim(0.0, 3.0)
        ax.set_ylim(0.0, top)
        label_axes(ax, "Time (s)", ylabel, title)
    axes[1].legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    return fig


register("hands_on.normalisation", normalisation_view, {"extensor_gain": 2.0, "co_contraction": 0.05},
         caption="One simulated wrist flexion recorded with an extensor electrode of adjustable gain: the "
                 "co-contraction index on raw envelopes (left) and on envelopes normalised to each muscle's "
                 "MVC (right).",
         alt="Two panels against time, 0 to 3 s. Left: flexor (solid blue) and extensor (dashed vermillion) "
             "envelopes in mV, 0 to 0.9, with their overlap shaded grey; raising the extensor gain enlarges "
             "the extensor trace, the overlap and the index in the title. Right: the same envelopes in percent "
             "of each muscle's MVC, 0 to 100; they and their index do not change with the gain, only with the "
             "co-contraction drive.")

def make_normalisation_explorer():
    """Sliders for the extensor electrode's gain and the co-contraction drive."""
    import ipywidgets
    return make_explorer(normalisation_view, {
        "extensor_gain": float_slider(2.0, 0.3, 3.0, 0.1, "extensor electrode gain (×)"),
        "co_contraction": float_slider(0.05, 0.0, 0.8, 0.05, "co-contraction drive (0-1)"),
        "seed": ipywidgets.fixed(11),
    }, title="Raise the gain: the raw index climbs although the muscles do the same thing.")


# --- 03b: benefit against harm as the dose grows -------------------------------------------------
#: The explorer's range of total doses (U) and its fixed y-axis (every setting fits: 5 to 82).
TOXIN_TOTALS_U = (60.0, 320.0)
TOXIN_Y_MAX = 90.0


def _proportional_plan(total_units, scm_share, scenario):
    """A plan of ``total_units`` shared in proportion to involvement, the SCM getting ``scm_share``.

    Each muscle is clipped to its range and split over as few equal sites as the per-site
    limit allows (at most the muscle's number of sites), so that the plan breaks a
    limit only where a real one is crossed.  An optional muscle (involvement below 0.5)
    whose share is below its minimum is left out, as an injector would: a muscle gets
    0 U or at least its minimum.
    """
    inv = {m: w for m, w in scenario["involvement"].items() if w > 0}
    for _ in range(len(inv)):            # drop optional muscles whose share stays below their minimum
        scm = [m for m in inv if m.startswith("sternocleidomastoid")]
        rest = [m for m in inv if m not in scm]
        plan = {m: scm_share * total_units / len(scm) for m in scm}
        w = sum(inv[m] for m in rest)
        plan.update({m: (1 - scm_share) * total_units * inv[m] / w for m in rest})
        short = [m for m, dose in plan.items() if dose < botulinum.MUSCLES[m]["min"] and inv[m] < 0.5]
        if not short:
            break
        inv.pop(min(short, key=lambda m: inv[m]))
    out = {}
    for m, dose in plan.items():
        info = botulinum.MUSCLES[m]
        dose = float(np.clip(dose, 0.0, info["max"]))
        n_sites = int(min(info["sites"], max(1, np.ceil(dose / scenario["site_max"] - 1e-9))))
        out[m] = [dose / n_sites] * n_sites
    return out


def toxin_dose_view(total_units=170.0, scm_share=0.25, toxin_naive=False):
    """Net benefit, improvement and harm of plans of growing size for the default scenario.

    Doses are shared in proportion to involvement, except that the sternocleidomastoid gets
    ``scm_share`` of the total; each muscle is kept inside its range.  Totals where such a
    plan breaks a limit (a clearly involved muscle below its minimum, the SCM's 100 U, a muscle's
    maximum, the session limit, the 20 % dysphagia ceiling) are shaded.
    """
    scenario = botulinum.default_scenario(toxin_naive=toxin_naive)
    totals = np.linspace(*TOXIN_TOTALS_U, 40)
    rows = [botulinum.evaluate_plan(_proportional_plan(t, scm_share, scenario), scenario) for t in totals]
    now = botulinum.evaluate_plan(_proportional_plan(total_units, scm_share, scenario), scenario)
    given = np.array([r["total_units"] for r in rows])      # after clipping each muscle to its maximum
    fig, ax = new_axes(figsize=(8.6, 3.3))
    fig.subplots_adjust(right=0.66)
    ax.fill_between(given, 0, TOXIN_Y_MAX, where=[not r["feasible"] for r in rows], step="mid",
                    color="#dddddd", lw=0, label="plan breaks a limit")
    ax.plot(given, [r["predicted_improvement"] for r in rows], color=PALETTE[0], label="predicted improvement (%)")
    ax.plot(given, [100 * (r["dysphagia_risk"] + r["neck_weakness_risk"]) for r in rows], color=PALETTE[1],
            ls="--", label="dysphagia + neck weakness\nrisk (%)")
    ax.plot(given, [r["net_benefit"] for r in rows], color="black", lw=2.2, label="net benefit (points)")
    ax.axvline(scenario["session_max"], color=COLORS["limit"], ls=":",
               label=f"session limit ({scenario['session_max']:.0f} U)")
    ax.plot([now["total_units"]], [now["net_benefit"]], "o", color="black", ms=8, label="chosen total")
    ax.set_xlim(*TOXIN_TOTALS_U)
    ax.set_ylim(0.0, TOXIN_Y_MAX)
    flag = "" if now["feasible"] else " (breaks a limit)"
    label_axes(ax, "Total dose (U onabotulinumtoxinA)", "Percent or points",
               f"{now['total_units']:.0f} U: net benefit {now['net_benefit']:.1f}{flag}")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    return fig


register("hands_on.toxin_dose", toxin_dose_view, {"total_units": 170.0, "scm_share": 0.25},
         caption="Predicted improvement, adverse-effect risk and net benefit of proportional injection plans "
                 "against their total dose, for the course's default torticollis scenario (course models).",
         alt="Three curves against total dose, 60 to 320 U: the predicted improvement (solid blue) rises and "
             "flattens, the summed dysphagia and neck-weakness risk (dashed vermillion) keeps rising, and the net "
             "benefit (thick black) peaks and then falls. A dotted vertical line marks the session limit, grey "
             "shading the totals where the plan breaks a limit, and a black dot the chosen total, whose net "
             "benefit is in the title.")

def make_toxin_dose_explorer():
    """Sliders for the total dose and the sternocleidomastoid's share of it."""
    return make_explorer(toxin_dose_view, {
        "total_units": float_slider(170.0, 60.0, 320.0, 5.0, "total dose (U)", readout_format=".0f"),
        "scm_share": float_slider(0.25, 0.05, 0.6, 0.05, "share given to the SCM"),
        "toxin_naive": checkbox(False, "toxin-naive (first session: at most 200 U)"),
    }, title="Find where more toxin stops paying: benefit flattens while the risks keep rising.")


# --- 03c: the field map ------------------------------------------------------------------------
def _status_lines(violations, width=34):
    """The limits a setting breaks, wrapped to fit beside the map (or a line saying none is)."""
    import textwrap
    if not violations:
        return "No limit reached:\nthe setting is feasible."
    return "Limits reached:\n" + "\n".join(textwrap.fill("• " + v, width, subsequent_indent="  ") for v in violations)


def lead_view(amplitude_mA=2.5, contact=1, pulse_width_us=90.0, frequency_hz=130.0):
    """The default scenario's lead with the activation sphere of one setting, and its battery life.

    Beside the map: which limits the setting reaches (device range, charge density,
    internal capsule, optic tract), so the reader sees why a setting is not feasible.
    """
    scenario = dbs.default_scenario()
    settings = {"contact": int(contact), "amplitude_mA": float(amplitude_mA), "pulse_width_us": float(pulse_width_us),
                "frequency_hz": float(frequency_hz)}
    ev = dbs.evaluate_settings(settings, scenario)
    months = dbs.battery_life_months(2 * ev["teed_uJ_per_s"])
    fig = plots.plot_lead(scenario, settings)
    ax = fig.axes[0]
    ax.set_title(ax.get_title() + f"\nbattery (both leads) {months:.0f} months", fontsize=10)
    ax.text(1.04, 0.0, _status_lines(ev["violations"]), transform=ax.transAxes, fontsize=8, va="bottom",
            ha="left", color="black")
    return fig


register("hands_on.lead", lead_view, {"amplitude_mA": 2.5, "contact": 1, "pulse_width_us": 90.0,
                                      "frequency_hz": 130.0},
         caption="The course's default pallidal lead to scale, with the activation sphere of the chosen contact "
                 "and setting against the target, the internal capsule and the optic tract (point-source model).",
         alt="A vertical lead with four contacts numbered 0 (deepest) to 3, height above the tip (mm) against "
             "distance from the lead axis (mm, medial to the left). A green circle beside contacts 1 and 2 is the "
             "sensorimotor target; a shaded band on the medial side is the internal capsule and a shaded band "
             "below the tip the optic tract. An orange disc around the active contact grows with amplitude and "
             "pulse width; the title gives the setting, its coverage, energy and battery life, and the text "
             "beside the map the limits it reaches.")

def make_lead_explorer():
    """Sliders for amplitude, contact, pulse width and frequency on the default scenario."""
    return make_explorer(lead_view, {
        "amplitude_mA": float_slider(2.5, 0.1, 6.0, 0.05, "amplitude (mA)"),
        "contact": int_slider(1, 0, 3, 1, "contact (0 = deepest)"),
        "pulse_width_us": float_slider(90.0, 60.0, 450.0, 10.0, "pulse width (µs)", readout_format=".0f"),
        "frequency_hz": float_slider(130.0, 100.0, 185.0, 5.0, "frequency (Hz)", readout_format=".0f"),
    }, title="Grow the sphere until it covers the target, then watch the capsule, the optic tract and the battery.")
