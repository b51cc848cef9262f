"""Figures for the clinical modules: botulinum toxin, DBS, genetics."""
import numpy as np

from .style import COLORS, label_axes, new_axes


def plot_toxin_course(t_days, effect, injection_days=(), ax=None, title=None, threshold=None):
    """Predicted toxin effect (fraction of maximal weakening) over weeks."""
    if ax is None:
        fig, ax = new_axes(figsize=(6.5, 3.2))
    ax.plot(np.asarray(t_days) / 7.0, effect, color=COLORS["dystonia"])
    for d in injection_days:
        ax.axvline(d / 7.0, color=COLORS["reference"], ls=":", lw=1)
    if threshold is not None:
        ax.axhline(threshold, color=COLORS["threshold"], ls="--", lw=1, label="useful effect")
        ax.legend(loc="upper right")
    ax.set_ylim(0, 1.02)
    label_axes(ax, "Time since first injection (weeks)", "Effect (fraction of maximum)", title)
    return ax.figure


def plot_field(distance_mm, field_V_per_mm, threshold_V_per_mm, radius_mm, ax=None, title=None):
    """Field magnitude against distance from the contact, the activation threshold and radius."""
    if ax is None:
        fig, ax = new_axes(figsize=(6.0, 3.3))
    ax.semilogy(distance_mm, field_V_per_mm, color=COLORS["stimulation"], label="field |E|")
    ax.axhline(threshold_V_per_mm, color=COLORS["threshold"], ls="--", label="activation threshold")
    ax.axvline(radius_mm, color=COLORS["dystonia"], ls=":", label=f"activation radius {radius_mm:.2f} mm")
    label_axes(ax, "Distance from contact centre (mm)", "Electric field (V/mm, log scale)", title)
    ax.legend(fontsize=9)
    return ax.figure


def plot_charge_map(amplitudes_mA, pulse_widths_us, density, limit, ax=None, point=None):
    """Charge density over amplitude × pulse width with the safety limit contour."""
    if ax is None:
        fig, ax = new_axes(figsize=(5.5, 3.6))
    mesh = ax.pcolormesh(pulse_widths_us, amplitudes_mA, density, shading="auto", cmap="viridis")
    ax.contour(pulse_widths_us, amplitudes_mA, density, levels=[limit], colors=[COLORS["limit"]], linewidths=2)
    if point is not None:
        ax.plot(point[1], point[0], "o", color="white", mec="black")
    ax.figure.colorbar(mesh, ax=ax, label="Charge density (µC/cm²/phase)")
    label_axes(ax, "Pulse width (µs)", "Amplitude (mA)", f"Red line: {limit:g} µC/cm² limit")
    return ax.figure


def plot_risk_by_age(ages_years, posterior, ax=None, title=None):
    """Carrier probability of an unaffected relative against age."""
    if ax is None:
        fig, ax = new_axes(figsize=(5.5, 3.2))
    ax.plot(ages_years, posterior, color=COLORS["dystonia"])
    ax.set_ylim(0, 0.55)
    label_axes(ax, "Age of the unaffected relative (years)", "Probability of carrying TOR1A", title)
    return ax.figure
