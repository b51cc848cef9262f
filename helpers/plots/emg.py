"""Figures for :mod:`helpers.emg`."""
import numpy as np

from .style import COLORS, label_axes, new_axes


def plot_emg_pair(rec, env_agonist=None, env_antagonist=None, title=None, axes=None):
    """Raw EMG of both muscles (top) and their envelopes (bottom); returns the figure."""
    if axes is None:
        fig, axes = new_axes(2, 1, figsize=(7.0, 4.2), sharex=True)
    else:
        fig = axes[0].figure
    t = rec["t_s"]
    axes[0].plot(t, rec["agonist_mV"], color=COLORS["agonist"], lw=0.5, label="agonist (wrist flexor)")
    axes[0].plot(t, rec["antagonist_mV"] - 1.5, color=COLORS["antagonist"], lw=0.5,
                 label="antagonist (extensor), offset −1.5 mV")
    label_axes(axes[0], "Time (s)", "Raw EMG (mV)", title)
    axes[0].legend(loc="upper right", fontsize=9)
    if env_agonist is not None:
        axes[1].plot(t, env_agonist, color=COLORS["agonist"], label="agonist envelope")
        axes[1].plot(t, env_antagonist, color=COLORS["antagonist"], label="antagonist envelope")
        axes[1].fill_between(t, 0, np.minimum(env_agonist, env_antagonist), color="#999999", alpha=0.4,
                             label="overlap (co-contraction)")
        axes[1].legend(loc="upper right", fontsize=9)
    label_axes(axes[1], "Time (s)", "Envelope (mV)")
    return fig


def plot_reciprocal_inhibition(isi_ms, healthy_pct, dystonia_pct, ax=None):
    """H-reflex reciprocal inhibition against conditioning–test interval."""
    if ax is None:
        fig, ax = new_axes(figsize=(6.0, 3.4))
    ax.plot(isi_ms, healthy_pct, color=COLORS["healthy"], label="healthy")
    ax.plot(isi_ms, dystonia_pct, color=COLORS["dystonia"], label="writer's cramp (illustrative)")
    for x in (0, 20, 100):
        ax.axvline(x, color=COLORS["threshold"], ls=":", lw=1)
    label_axes(ax, "Conditioning–test interval (ms)", "Inhibition of H-reflex (%)")
    ax.legend()
    return ax.figure
