"""Chapter 3 (03a): the course's LFP pipeline beside the field's tools, ``neurodsp`` and ``fooof``.

The numbers come from :func:`helpers.oscillations.compare_with_field_tools`; this module only
draws and tabulates them.  The student's own :func:`lfp_summary` is called when it is answered,
and left out while it is still the stub, so a reader's *Run All* never stops here.
"""
import numpy as np

from .. import oscillations
from .style import COLORS, PALETTE, label_axes, new_axes, try_answer

#: The three burst detectors compared, in drawing order: (key of compare_with_field_tools, label).
DETECTORS = (("course_bursts", "course: DBS-off 75th percentile, ≥ 0.1 s"),
             ("neurodsp_default", "neurodsp: 1.5 × own median, ≥ 3 cycles"),
             ("neurodsp_matched", "neurodsp: 1.5 × own median, ≥ 0.1 s"))


def _theta_alpha_peak(fit):
    """The strongest fooof peak with its centre in 4-12 Hz, as (centre_hz, height_log10), or None."""
    peaks = [p for p in fit["peaks"] if oscillations.THETA_ALPHA_HZ[0] <= p[0] < oscillations.THETA_ALPHA_HZ[1]]
    return max(peaks, key=lambda p: p[1])[:2] if peaks else None


def show_field_comparison(lfp, summary_fn, comparison=None):
    """Display a table: the course's measures, neurodsp's bursts and fooof's parameters, off and on.

    Parameters
    ----------
    lfp : dict
        From :func:`helpers.oscillations.virtual_recordings`.
    summary_fn : callable
        The student's ``lfp_summary`` (its mean burst durations are added when answered).
    comparison : dict, optional
        A precomputed :func:`helpers.oscillations.compare_with_field_tools` result.
    """
    from IPython.display import Markdown, display
    c = comparison or oscillations.compare_with_field_tools(lfp["lfp_off_uV"], lfp["lfp_on_uV"], lfp["fs_hz"])
    rows = ["| measure | DBS off | DBS on |", "|---|---|---|",
            f"| relative 4–12 Hz power (course) | {c['off']['relative_power']:.3f} | {c['on']['relative_power']:.3f} |"]
    for key, label in DETECTORS:
        cells = [f"{c[s][key]['n_bursts']} bursts, mean {c[s][key]['mean_duration_s']:.2f} s, "
                 f"{100 * c[s][key]['fraction_of_time']:.0f} % of the time" for s in ("off", "on")]
        rows.append(f"| bursts, {label} | {cells[0]} | {cells[1]} |")
    mine = try_answer(summary_fn, lfp["lfp_off_uV"], lfp["lfp_on_uV"], lfp["fs_hz"])
    if mine is not None:
        rows.append(f"| your mean burst duration (lfp_summary) | {float(mine['mean_burst_off_s']):.2f} s | "
                    f"{float(mine['mean_burst_on_s']):.2f} s |")
    for what, fmt in (("aperiodic exponent χ (fooof, 2–40 Hz)", "{:.2f}"), ("aperiodic offset (log10 µV²/Hz)", "{:.2f}")):
        key = "exponent" if "exponent" in what else "offset"
        rows.append(f"| {what} | {fmt.format(c['off']['fit'][key])} | {fmt.format(c['on']['fit'][key])} |")
    peaks = [_theta_alpha_peak(c[s]["fit"]) for s in ("off", "on")]
    cells = [f"{p[0]:.1f} Hz, {p[1]:.2f} log10 above the background" if p else "no peak" for p in peaks]
    rows.append(f"| 4–12 Hz peak (fooof) | {cells[0]} | {cells[1]} |")
    if mine is None:
        rows.append("\n*Answer Problem 4 to add your own burst durations.*")
    display(Markdown("\n".join(rows)))


def plot_field_tools(lfp, comparison=None, window_s=(5.0, 15.0)):
    """Left: each recording's spectrum with fooof's aperiodic fit; right: the bursts each detector finds.

    Parameters
    ----------
    lfp : dict
        From :func:`helpers.oscillations.virtual_recordings`.
    comparison : dict, optional
        A precomputed :func:`helpers.oscillations.compare_with_field_tools` result.
    window_s : tuple of float
        Time window of the burst panel, s.
    """
    import matplotlib.pyplot as plt
    c = comparison or oscillations.compare_with_field_tools(lfp["lfp_off_uV"], lfp["lfp_on_uV"], lfp["fs_hz"])
    fs = lfp["fs_hz"]
    fig, (ax_psd, ax_b) = plt.subplots(1, 2, figsize=(10.5, 3.6), gridspec_kw={"width_ratios": [1.0, 1.3]})
    fig.subplots_adjust(wspace=0.55, bottom=0.17)
    for (state, key), color in zip((("DBS off", "lfp_off_uV"), ("DBS on", "lfp_on_uV")), (PALETTE[0], PALETTE[1])):
        f, p = oscillations.welch_psd(lfp[key], fs)
        keep = (f >= 1) & (f <= 45)
        fit = c["off" if key == "lfp_off_uV" else "on"]["fit"]
        ax_psd.loglog(f[keep], p[keep], color=color, lw=1.4, label=f"{state}")
        ax_psd.loglog(fit["freqs"], fit["aperiodic_psd"], color=color, ls="--", lw=1.2,
                      label=f"{state}: aperiodic fit, χ = {fit['exponent']:.2f}")
    ax_psd.axvspan(*oscillations.THETA_ALPHA_HZ, color=COLORS["dystonia"], alpha=0.10, lw=0)
    label_axes(ax_psd, "Frequency (Hz, log)", "Power (µV²/Hz, log)", "Spectra and fooof's aperiodic fits")
    ax_psd.legend(fontsize=7.5, loc="lower left", frameon=False)
    t0, t1 = window_s
    y = 0
    ticks, labels = [], []
    threshold = float(np.percentile(oscillations.amplitude_envelope(lfp["lfp_off_uV"], fs, oscillations.THETA_ALPHA_HZ),
                                    oscillations.BURST_PERCENTILE))
    for state, key in (("off", "lfp_off_uV"), ("on", "lfp_on_uV")):
        found = {"course_bursts": oscillations.detect_bursts(lfp[key], fs, threshold_uV=threshold),
                 "neurodsp_default": oscillations.field_bursts(lfp[key], fs),
                 "neurodsp_matched": oscillations.field_bursts(lfp[key], fs, min_duration_s=oscillations.MIN_BURST_S)}
        for (det, label), color in zip(DETECTORS, (PALETTE[2], PALETTE[4], PALETTE[5])):
            spans = [(max(s, t0), min(e, t1) - max(s, t0)) for s, e in found[det] if e > t0 and s < t1]
            ax_b.broken_barh(spans, (y - 0.35, 0.7), color=color)
            ticks.append(y)
            labels.append(f"DBS {state}: {label.split(':')[0]}" + (" (3 cycles)" if det == "neurodsp_default" else
                                                                      " (0.1 s)" if det == "neurodsp_matched" else ""))
            y -= 1
        y -= 0.6
    ax_b.set_yticks(ticks)
    ax_b.set_yticklabels(labels, fontsize=8)
    ax_b.set_xlim(t0, t1)
    ax_b.set_ylim(y + 0.4, 0.8)
    label_axes(ax_b, "Time (s)", "", "Bursts found by each detector")
    return fig
