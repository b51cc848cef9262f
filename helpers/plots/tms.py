"""Figures for :mod:`helpers.tms` and :mod:`helpers.sensorimotor`."""
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullLocator

from .style import COLORS, PALETTE, label_axes, new_axes

#: Interstimulus-interval windows of the three paired-pulse measures, ms:
#: SICI 1-5 ms and ICF 7-20 ms (Kujirai et al. 1993), LICI 50-200 ms (Valls-Solé
#: et al. 1992).
PP_WINDOWS_MS = (("SICI", 1.0, 5.0), ("ICF", 7.0, 20.0), ("LICI", 50.0, 200.0))


def _ms_log_axis(ax, ticks=(1, 2, 5, 10, 20, 50, 100, 200)):
    """Log x-axis whose tick labels read 1, 2, 5, 10 ... (ms), not 10⁰, 10¹."""
    lo, hi = ax.get_xlim()
    ax.xaxis.set_major_locator(FixedLocator([t for t in ticks if lo <= t <= hi]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_locator(NullLocator())


#: Conditioning-pulse intensity of the protocols along the interval axis, ms: SICI and
#: ICF use a subthreshold conditioning pulse (Kujirai et al. 1993), LICI a
#: suprathreshold one (Valls-Solé et al. 1992); a curve through 20-50 ms joins the two.
PP_PROTOCOLS_MS = ((None, 20.0, "subthreshold\nconditioning pulse"), (50.0, None, "suprathreshold\nconditioning pulse"))


def plot_paired_pulse(isi_ms, healthy, dystonia, ax=None, *, legend_title=None):
    """Conditioned/test MEP ratio against interstimulus interval.

    The SICI, ICF and LICI windows are shaded and named at the top; a bracket at the
    bottom marks the intervals measured with a subthreshold conditioning pulse
    (up to 20 ms) and with a suprathreshold one (from 50 ms), so a curve that runs
    through both is read as two protocols joined.  ``legend_title`` states what
    both curves share (for example the muscle state, "both during slight contraction").
    """
    if ax is None:
        fig, ax = new_axes(figsize=(6.0, 3.3))
    top = 1.25 * max(float(np.max(healthy)), float(np.max(dystonia)), 1.2)
    for (name, lo, hi), color in zip(PP_WINDOWS_MS, ("#E8E8E8", "#F3F3F3", "#E8E8E8")):
        ax.axvspan(lo, hi, color=color, zorder=0)
        ax.annotate(f"{name}\n{lo:g}–{hi:g} ms", (np.sqrt(lo * hi), top), xytext=(0, -3),
                    textcoords="offset points", ha="center", va="top", fontsize=8.5)
    first, last = float(np.min(isi_ms)), float(np.max(isi_ms))
    for lo, hi, text in PP_PROTOCOLS_MS:
        lo, hi = lo or first, hi or last
        if hi <= lo:
            continue
        ax.annotate("", (lo, 0.06 * top), xytext=(hi, 0.06 * top),
                    arrowprops=dict(arrowstyle="|-|, widthA=0.25, widthB=0.25", color="#333333", lw=1))
        ax.annotate(text, (np.sqrt(lo * hi), 0.06 * top), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize=8, color="#333333", linespacing=1.0)
    ax.semilogx(isi_ms, healthy, color=COLORS["healthy"], label="healthy")
    ax.semilogx(isi_ms, dystonia, "--", color=COLORS["dystonia"], label="dystonia (illustrative)")
    ax.axhline(1.0, color=COLORS["threshold"], ls=":", lw=1)
    ax.set_ylim(0, top)
    _ms_log_axis(ax)
    label_axes(ax, "Interstimulus interval (ms, log scale)", "MEP ratio (conditioned / test)")
    legend = ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9,
                       title=legend_title, title_fontsize=9)
    legend._legend_box.align = "left"
    return ax.figure


def plot_mep_distribution(test_mV, conditioned_mV, ax=None, title=None, *, amplitude_max_mV=None,
                          count_max=None):
    """Histograms of test and conditioned MEPs with arithmetic and geometric means.

    The legend (outside the panel) explains both line styles; the count axis has
    whole-number ticks.  ``amplitude_max_mV`` and ``count_max`` fix the axes
    (explorers use them so sessions compare).
    """
    if ax is None:
        fig, ax = new_axes(figsize=(7.2, 3.3))
        fig.subplots_adjust(right=0.7)
    top = amplitude_max_mV or max(np.max(test_mV), np.max(conditioned_mV))
    bins = np.linspace(0, top, 25)
    # one filled outline per histogram (not one patch per bar): a fifth of the drawing cost
    ax.hist(test_mV, bins=bins, histtype="stepfilled", alpha=0.6, color=COLORS["healthy"], label="test pulse alone")
    ax.hist(conditioned_mV, bins=bins, histtype="stepfilled", alpha=0.6, facecolor=COLORS["dystonia"],
            edgecolor="#333333", hatch="//", label="conditioned")
    for data, color in ((test_mV, COLORS["healthy"]), (conditioned_mV, COLORS["dystonia"])):
        ax.axvline(np.mean(data), color=color, ls="--", lw=1.4)
        ax.axvline(np.exp(np.mean(np.log(data))), color=color, ls="-", lw=1.4)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if count_max is not None:
        ax.set_ylim(0, count_max)
    label_axes(ax, "MEP amplitude (mV)", "Number of pulses", title)
    handles, labels = ax.get_legend_handles_labels()
    handles += [Line2D([], [], color="#333333", ls="--", lw=1.4), Line2D([], [], color="#333333", ls="-", lw=1.4)]
    labels += ["arithmetic mean", "geometric mean"]
    ax.legend(handles, labels, fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax.figure


#: Colour and line style of each cue, keyed by how its label starts: a cue keeps
#: its colour whichever other cues are shown.
CUE_STYLES = {"motor prediction": (PALETTE[0], "--"), "proprioception": (PALETTE[1], "-."),
              "sensory trick": (PALETTE[2], ":"), "fused": (PALETTE[7], "-")}


def plot_cue_combination(x_deg, densities, ax=None, title=None, *, density_max=None):
    """Gaussian belief curves for each cue and the fused estimate (dict label -> density).

    Each cue has a fixed colour and line style (:data:`CUE_STYLES`, matched on the
    start of its label), so a curve keeps its look when the trick is switched on.
    """
    if ax is None:
        fig, ax = new_axes(figsize=(7.4, 3.3))
        fig.subplots_adjust(right=0.66)
    for label, dens in densities.items():
        color, style = next((cs for key, cs in CUE_STYLES.items() if label.startswith(key)), (None, "--"))
        ax.plot(x_deg, dens, style, color=color, lw=2.2 if label.startswith("fused") else 1.8, label=label)
    if density_max is not None:
        ax.set_ylim(0, density_max)
    label_axes(ax, "Head angle (deg)", "Probability density (1/deg)", title)
    ax.legend(fontsize=8.5, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax.figure


def plot_psychometric(intervals_ms, p_two, fitted=None, limit_ms=None, ax=None, title=None, *,
                      limit_label="upper limit of normal", fit_label="logistic fit"):
    """Proportion of "two stimuli" answers against interval, with the normal upper limit.

    ``fitted`` is either the fit's values at ``intervals_ms`` or, better, a
    function of the interval (ms): it is then drawn on a fine grid, as a smooth curve.
    ``limit_label`` and ``fit_label`` name the limit line and the fit in the legend
    (say whose limit it is and which procedure it belongs to).
    """
    if ax is None:
        fig, ax = new_axes(figsize=(6.8, 3.2))
        fig.subplots_adjust(right=0.68)
    ax.plot(intervals_ms, p_two, "o", color=COLORS["reference"], label="responses")
    if callable(fitted):
        grid = np.linspace(np.min(intervals_ms), np.max(intervals_ms), 400)
        ax.plot(grid, fitted(grid), color=COLORS["healthy"], label=fit_label)
    elif fitted is not None:
        ax.plot(intervals_ms, fitted, color=COLORS["healthy"], label=fit_label)
    if limit_ms is not None:
        ax.axvline(limit_ms, color=COLORS["limit"], ls="--", label=limit_label)
    label_axes(ax, "Interval between stimuli (ms)", 'Proportion "two"', title)
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax.figure
