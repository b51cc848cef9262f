"""Figures for :mod:`helpers.basal_ganglia` and :mod:`helpers.plasticity`."""
import numpy as np

from .style import COLORS, label_axes, new_axes


def plot_selection(command, result, threshold, axes=None, title=None):
    """Cortical command, GPi activity and motor output per channel, with the movement threshold."""
    if axes is None:
        fig, axes = new_axes(1, 2, figsize=(8.0, 3.2))
    ch = np.arange(len(command))
    axes[0].bar(ch - 0.2, command, width=0.4, color=COLORS["reference"], label="cortical command")
    axes[0].bar(ch + 0.2, result["gpi"], width=0.4, color=COLORS["stimulation"], label="GPi activity")
    label_axes(axes[0], "Channel (muscle)", "Activity (normalised)", "Input and pallidal brake")
    axes[0].legend(fontsize=8)
    colors = [COLORS["dystonia"] if m and i != len(ch) // 2 else COLORS["healthy"]
              for i, m in enumerate(result["moving"])]
    axes[1].bar(ch, result["motor"], color=colors)
    axes[1].axhline(threshold, color=COLORS["threshold"], ls="--", label="movement threshold")
    label_axes(axes[1], "Channel (muscle)", "Motor output (normalised)", title or "Who moves?")
    axes[1].legend(fontsize=8)
    return axes[0].figure


def plot_surround_ratio(t_ms, healthy, dystonia, ax=None):
    """Surround-muscle MEP ratio (movement/rest) after movement onset."""
    if ax is None:
        fig, ax = new_axes(figsize=(5.5, 3.2))
    ax.plot(t_ms, healthy, color=COLORS["healthy"], label="healthy")
    ax.plot(t_ms, dystonia, color=COLORS["dystonia"], label="focal hand dystonia")
    ax.axhline(1.0, color=COLORS["threshold"], ls=":")
    label_axes(ax, "Time after movement onset (ms)", "ADM MEP ratio (movement / rest)")
    ax.legend()
    return ax.figure


def plot_digit_map(weights, ax=None, title=None):
    """Weight from each digit onto each cortical unit (the map)."""
    if ax is None:
        fig, ax = new_axes(figsize=(5.5, 3.2))
    units = np.arange(weights.shape[0])
    for d in range(weights.shape[1]):
        ax.plot(units, weights[:, d], label=f"D{d + 1}")
    label_axes(ax, "Position on the cortical sheet (unit)", "Synaptic weight (a.u.)", title)
    ax.set_ylim(0, 1.4 * float(np.max(weights)))   # headroom so the legend never hides a curve
    ax.legend(ncol=5, fontsize=8, loc="upper center", handlelength=1.2, columnspacing=0.8)
    return ax.figure
