"""Figures for rating-scale reliability: two raters against each other, and their differences."""
import numpy as np

from .. import ratings
from .style import COLORS, label_axes, new_axes


def plot_two_raters(rater_a, rater_b, axes=None, scale="TWSTRS total", unit="points"):
    """Left: rater B against rater A with the line of perfect agreement.  Right: Bland-Altman plot.

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
        fig, axes = new_axes(1, 2, figsize=(9.0, 3.6))
    left, right = axes
    lo, hi = float(min(a.min(), b.min())) - 3, float(max(a.max(), b.max())) + 3
    left.plot([lo, hi], [lo, hi], color=COLORS["reference"], ls=":", lw=1, label="perfect agreement")
    left.plot(a, b, "o", color=COLORS["healthy"], label="one patient")
    left.set_xlim(lo, hi)
    left.set_ylim(lo, hi)
    left.legend(loc="upper left", fontsize=9)
    label_axes(left, f"Rater A, {scale} ({unit})", f"Rater B, {scale} ({unit})", "Same patients, two raters")
    agreement = ratings.bland_altman(b, a)
    right.plot((a + b) / 2, b - a, "o", color=COLORS["dystonia"])
    right.axhline(agreement["bias"], color=COLORS["reference"], lw=1.2, label=f"bias {agreement['bias']:+.1f}")
    for key in ("lower", "upper"):
        right.axhline(agreement[key], color=COLORS["threshold"], ls="--", lw=1)
    right.axhline(0.0, color=COLORS["reference"], ls=":", lw=0.8)
    right.legend(loc="upper left", fontsize=9)
    label_axes(right, f"Mean of the two raters ({unit})", f"Rater B − rater A ({unit})",
               "Differences (dashed: 95 % limits of agreement)")
    return left.figure
