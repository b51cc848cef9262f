"""Figures for :mod:`helpers.oscillations` and :mod:`helpers.homeostasis`."""
import numpy as np

from .style import COLORS, label_axes, new_axes


def plot_synchrony(t_s, r_trace, ax=None, title=None, stim_on_s=None):
    """Order parameter R over time."""
    if ax is None:
        fig, ax = new_axes(figsize=(6.0, 3.0))
    ax.plot(t_s, r_trace, color=COLORS["dystonia"])
    if stim_on_s is not None:
        ax.axvspan(stim_on_s, t_s[-1], color=COLORS["stimulation"], alpha=0.15, label="stimulation on")
        ax.legend(loc="lower left")
    ax.set_ylim(0, 1.02)
    label_axes(ax, "Time (s)", "Synchrony R (0-1)", title)
    return ax.figure


def plot_psd(freqs_hz, psds, ax=None, title=None, bands=((4, 12), (13, 30))):
    """Welch spectra on log power (dict label -> psd), with the 4-12 and 13-30 Hz bands shaded."""
    if ax is None:
        fig, ax = new_axes(figsize=(6.0, 3.3))
    for (lo, hi), color in zip(bands, (COLORS["dystonia"], COLORS["healthy"])):
        ax.axvspan(lo, hi, color=color, alpha=0.08)
    for label, p in psds.items():
        ax.semilogy(freqs_hz, p, label=label)
    ax.set_xlim(1, 45)
    label_axes(ax, "Frequency (Hz)", "Power spectral density (µV²/Hz)", title)
    ax.legend(fontsize=9)
    return ax.figure


def plot_scaling(t_h, rates, ax=None, title=None, target=5.0):
    """Firing rate after a perturbation for several trafficking efficiencies (dict label -> rate)."""
    if ax is None:
        fig, ax = new_axes(figsize=(6.0, 3.3))
    for label, r in rates.items():
        ax.plot(t_h, r, label=label)
    ax.axhline(target, color=COLORS["threshold"], ls=":", label="set point")
    ax.axvspan(12, 18, color=COLORS["stimulation"], alpha=0.12, label="intense practice")
    ax.set_ylim(0, min(max(np.max(r) for r in rates.values()) * 1.1, 110))
    label_axes(ax, "Time (h)", "Firing rate (Hz)", title)
    ax.legend(fontsize=8)
    return ax.figure
