"""Figures for :mod:`helpers.oscillations` and :mod:`helpers.homeostasis`."""
import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from .style import COLORS, label_axes, new_axes


def plot_synchrony(t_s, r_trace, ax=None, title=None, stim_on_s=None, *, onset_s=None, onset_label=None,
                   reference=None, reference_label="without stimulation"):
    """Order parameter R over time.

    ``stim_on_s`` shades the stimulation period and marks its onset with a labelled
    line (the label sits above the trace, never on it).  ``onset_s`` marks an
    onset without shading (for example where stimulation *would* start, when it
    is off), with ``onset_label``.  ``reference`` = ``(t_s, r)`` draws a second run
    (for example the same network without stimulation) as a thin grey line, named
    at its end by ``reference_label``.
    """
    if ax is None:
        fig, ax = new_axes(figsize=(6.0, 3.0))
    if reference is not None:
        t_ref, r_ref = np.asarray(reference[0]), np.asarray(reference[1])
        ax.plot(t_ref, r_ref, color=COLORS["threshold"], lw=1.2, ls=(0, (4, 2)))
        # named below its lowest point, at its end: the name never sits on the line
        ax.annotate(reference_label, (t_ref[-1], float(np.min(r_ref))), xytext=(-2, -4), textcoords="offset points",
                    ha="right", va="top", fontsize=8.5, color="#333333")
    ax.plot(t_s, r_trace, color=COLORS["dystonia"])
    mark = stim_on_s if stim_on_s is not None else onset_s
    if stim_on_s is not None:
        ax.axvspan(stim_on_s, t_s[-1], color=COLORS["stimulation"], alpha=0.18, lw=0)
    if mark is not None:
        ax.axvline(mark, color=COLORS["reference"], ls="--", lw=1)
        text = onset_label or ("stimulation on →" if stim_on_s is not None else "stimulation would start")
        ax.annotate(text, (mark, 1.16), xytext=(4, 0), textcoords="offset points", ha="left", va="top",
                    fontsize=9, annotation_clip=False)
    ax.set_ylim(0, 1.18 if mark is not None else 1.02)
    ax.yaxis.set_major_locator(FixedLocator([0, 0.25, 0.5, 0.75, 1.0]))
    label_axes(ax, "Time (s)", "Synchrony R (0-1)", title)
    return ax.figure


#: Names of the shaded LFP bands (Hz): the theta-alpha band raised in dystonia and
#: the beta band raised in Parkinson's disease (Silberstein et al. 2003).
BAND_NAMES = {(4, 12): "theta–alpha", (13, 30): "beta"}


def plot_psd(freqs_hz, psds, ax=None, title=None, bands=((4, 12), (13, 30)), *, power_lim=None):
    """Welch spectra on log power (dict label -> psd), with the 4-12 and 13-30 Hz bands shaded.

    Each band is named and its range written at the top of the panel (the shading
    is not the only cue); ``power_lim`` = (low, high) fixes the power axis.
    """
    if ax is None:
        fig, ax = new_axes(figsize=(7.2, 3.3))
        fig.subplots_adjust(right=0.78)
    for (lo, hi), color in zip(bands, (COLORS["dystonia"], COLORS["healthy"])):
        ax.axvspan(lo, hi, color=color, alpha=0.10, lw=0)
        name = BAND_NAMES.get((lo, hi), "")
        ax.annotate(f"{name}\n{lo:g}–{hi:g} Hz".strip(), ((lo + hi) / 2, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(0, -3), textcoords="offset points", ha="center", va="top", fontsize=8.5)
    for (label, p), ls in zip(psds.items(), ("-", "--", "-.", ":")):
        ax.semilogy(freqs_hz, p, ls, label=label)
    ax.set_xlim(1, 45)
    ax.yaxis.set_minor_locator(NullLocator())   # decades are enough; minor ticks cost a third of the draw
    if power_lim is not None:
        ax.set_ylim(*power_lim)
    else:
        low, high = ax.get_ylim()
        ax.set_ylim(low, high * 6)   # headroom for the band names
    label_axes(ax, "Frequency (Hz)", "Power spectral density (µV²/Hz)", title)
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax.figure


def plot_scaling(t_h, rates, ax=None, title=None, target=5.0, *, rate_max_hz=None, log_rate=False):
    """Firing rate after a perturbation for several trafficking efficiencies (dict label -> rate).

    ``rate_max_hz`` fixes the rate axis (explorers use it so states compare);
    ``log_rate=True`` draws it on a log scale from 1 Hz, so a small bump and a
    runaway to 100 Hz are both readable on one fixed axis.
    """
    if ax is None:
        fig, ax = new_axes(figsize=(7.4, 3.3))
        fig.subplots_adjust(right=0.68)
    for (label, r), ls in zip(rates.items(), ("-", "--", "-.", ":")):
        ax.plot(t_h, r, ls, label=label)
    ax.axhline(target, color=COLORS["threshold"], ls=":", label="set point")
    ax.axvspan(12, 18, color=COLORS["stimulation"], alpha=0.15, lw=0, label="intense practice")
    top = rate_max_hz if rate_max_hz is not None else min(max(np.max(r) for r in rates.values()) * 1.1, 110)
    if log_rate:
        ax.set_yscale("log")
        ax.set_ylim(1.0, top)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    else:
        ax.set_ylim(0, top)
    label_axes(ax, "Time (h)", "Firing rate (Hz, log scale)" if log_rate else "Firing rate (Hz)", title)
    ax.legend(fontsize=8.5, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax.figure
