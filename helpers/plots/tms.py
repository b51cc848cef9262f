"""Figures for :mod:`helpers.tms` and :mod:`helpers.sensorimotor`."""
import numpy as np

from .style import COLORS, label_axes, new_axes


def plot_paired_pulse(isi_ms, healthy, dystonia, ax=None):
    """Conditioned/test MEP ratio against interstimulus interval."""
    if ax is None:
        fig, ax = new_axes(figsize=(6.0, 3.3))
    ax.semilogx(isi_ms, healthy, color=COLORS["healthy"], label="healthy")
    ax.semilogx(isi_ms, dystonia, color=COLORS["dystonia"], label="dystonia (illustrative)")
    ax.axhline(1.0, color=COLORS["threshold"], ls=":")
    for x, name in ((2.5, "SICI"), (12, "ICF"), (100, "LICI")):
        ax.annotate(name, (x, 1.55), ha="center", fontsize=9)
    label_axes(ax, "Interstimulus interval (ms, log scale)", "MEP ratio (conditioned / test)")
    ax.legend(loc="lower left")
    return ax.figure


def plot_mep_distribution(test_mV, conditioned_mV, ax=None, title=None):
    """Histograms of test and conditioned MEPs with arithmetic and geometric means."""
    if ax is None:
        fig, ax = new_axes(figsize=(6.0, 3.3))
    bins = np.linspace(0, max(np.max(test_mV), np.max(conditioned_mV)), 25)
    ax.hist(test_mV, bins=bins, alpha=0.6, color=COLORS["healthy"], label="test pulse alone")
    ax.hist(conditioned_mV, bins=bins, alpha=0.6, color=COLORS["dystonia"], label="conditioned")
    for data, color in ((test_mV, COLORS["healthy"]), (conditioned_mV, COLORS["dystonia"])):
        ax.axvline(np.mean(data), color=color, ls="--", lw=1.2)
        ax.axvline(np.exp(np.mean(np.log(data))), color=color, ls="-", lw=1.2)
    label_axes(ax, "MEP amplitude (mV)", "Number of pulses", title)
    ax.legend(fontsize=9)
    return ax.figure


def plot_cue_combination(x_deg, densities, ax=None, title=None):
    """Gaussian belief curves for each cue and the fused estimate (dict label -> density)."""
    if ax is None:
        fig, ax = new_axes(figsize=(6.0, 3.3))
    for label, dens in densities.items():
        style = "-" if label.startswith("fused") else "--"
        ax.plot(x_deg, dens, style, label=label)
    label_axes(ax, "Head angle (deg)", "Probability density (1/deg)", title)
    ax.legend(fontsize=8)
    return ax.figure


def plot_psychometric(intervals_ms, p_two, fitted=None, limit_ms=None, ax=None):
    """Proportion of "two stimuli" answers against interval, with the normal upper limit."""
    if ax is None:
        fig, ax = new_axes(figsize=(5.5, 3.2))
    ax.plot(intervals_ms, p_two, "o", color=COLORS["reference"], label="responses")
    if fitted is not None:
        ax.plot(intervals_ms, fitted, color=COLORS["healthy"], label="logistic fit")
    if limit_ms is not None:
        ax.axvline(limit_ms, color=COLORS["limit"], ls="--", label="upper limit of normal")
    label_axes(ax, "Interval between stimuli (ms)", 'Proportion "two"')
    ax.legend(fontsize=9)
    return ax.figure
