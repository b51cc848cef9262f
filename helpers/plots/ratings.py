"""Figures for rating-scale reliability: two raters against each other, and their differences."""
import numpy as np

from .. import ratings
from .style import COLORS, label_axes, new_axes


def plot_two_raters(rater_a, rater_b, axes=None, scale="TWSTRS total", unit="points"):
    """Left: rater B against rater A with the line of perfect agreement.  Right: Bland-Altman plot.

    The Bland-Altman panel (Bland & Altman 1986) draws each patient's difference B - A
    against the mean of the two scores, the mean difference (bias, solid), the 95 %
    limits of agreement (dashed) and zero (dotted).  Legends sit below the axes.

    Parameters
    ----------
    rater_a, rater_b : array_like
        Scores of the same patients by two raters, in ``unit``.
    axes : pair of matplotlib Axes, optional
    scale, unit : str
        Axis labels.

    Returns
    -------
    matplotlib.figure.Figure
    """
    a = np.asarray(rater_a, dtype=float)
    b = np.asarray(rater_b, dtype=float)
    if axes is None:
        fig, axes = new_axes(1, 2, figsize=(9.4, 4.0))
    left, right = axes
    lo, hi = float(min(a.min(), b.min())) - 3, float(max(a.max(), b.max())) + 3
    left.plot([lo, hi], [lo, hi], color=COLORS["reference"], ls=":", lw=1, label="perfect agreement")
    left.plot(a, b, "o", color=COLORS["healthy"], label="one patient")
    left.set_xlim(lo, hi)
    left.set_ylim(lo, hi)
    label_axes(left, f"Rater A, {scale} ({unit})", f"Rater B, {scale} ({unit})", "Same patients, two raters")
    agreement = ratings.bland_altman(b, a)
    mean, diff = (a + b) / 2, b - a
    right.plot(mean, diff, "o", color=COLORS["dystonia"], label="one patient")
    right.axhline(agreement["bias"], color=COLORS["reference"], lw=1.2,
                  label=_minus(f"mean difference (bias) {agreement['bias']:+.1f}"))
    for key in ("lower", "upper"):
        right.axhline(agreement[key], color=COLORS["threshold"], ls="--", lw=1,
                      label=_minus(f"95 % limits of agreement ({agreement['lower']:+.1f} to {agreement['upper']:+.1f})")
                      if key == "lower" else None)
    right.axhline(0.0, color=COLORS["reference"], ls=":", lw=0.8, label="no difference")
    # room above and below the limit lines, so none of them sits on the frame
    low = min(agreement["lower"], float(diff.min()), 0.0)
    high = max(agreement["upper"], float(diff.max()), 0.0)
    pad = 0.1 * (high - low) if high > low else 1.0
    right.set_ylim(low - pad, high + pad)
    label_axes(right, f"Mean of the two raters ({unit})", f"Rater B − rater A ({unit})", "Bland–Altman plot")
    for ax in (left, right):   # legends below the axes, off the data
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False,
                  fontsize=9)
    return left.figure


def _minus(text):
    """Typographic minus signs in a label (``-3.8`` becomes ``−3.8``)."""
    return text.replace("-", "\u2212")
