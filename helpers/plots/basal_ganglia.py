"""Figures for :mod:`helpers.basal_ganglia` and :mod:`helpers.plasticity`."""
import numpy as np
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, MaxNLocator

from .style import COLORS, label_axes, new_axes


def plot_selection(command, result, threshold, axes=None, title=None, *, activity_max=None, motor_max=None):
    """Cortical command, GPi activity and motor output per channel, with the movement threshold.

    Channels are numbered 1 to n, as the text counts them (the commanded channel
    of a 9-channel model is channel 5).  Legends sit above the panels, never on a
    bar; ``title`` names the row (for example "weak surround (dystonia-like)").
    ``activity_max`` and ``motor_max`` fix the two y-axes (explorers use them so
    states compare).
    """
    if axes is None:
        fig, axes = new_axes(1, 2, figsize=(8.4, 3.5))
        fig.subplots_adjust(top=0.74)
    else:   # rows stacked in one figure: room for each row's legends and name
        fig = axes[0].figure
        fig.subplots_adjust(hspace=max(fig.subplotpars.hspace, 0.85))
    ch = np.arange(1, len(command) + 1)
    centre = len(command) // 2
    axes[0].bar(ch - 0.2, command, width=0.4, color=COLORS["reference"], label="cortical command")
    axes[0].bar(ch + 0.2, result["gpi"], width=0.4, color=COLORS["stimulation"], label="GPi activity (brake)")
    label_axes(axes[0], "Channel (muscle)", "Activity (normalised)")
    moving = np.asarray(result["moving"], dtype=bool)
    colors = [COLORS["healthy"] if i == centre else (COLORS["dystonia"] if m else "#BBBBBB")
              for i, m in enumerate(moving)]
    hatches = ["" if i == centre or not m else "//" for i, m in enumerate(moving)]
    bars = axes[1].bar(ch, result["motor"], color=colors, edgecolor="#333333", linewidth=0.5)
    for bar, hatch in zip(bars, hatches):
        bar.set_hatch(hatch)
    axes[1].axhline(threshold, color=COLORS["threshold"], ls="--")
    label_axes(axes[1], "Channel (muscle)", "Motor output (normalised)")
    for ax, top in zip(axes, (activity_max, motor_max)):
        ax.xaxis.set_major_locator(FixedLocator(ch))   # lazy: set_xticks would build the ticks now
        if top is not None:
            ax.set_ylim(0, top)
    axes[0].legend(fontsize=8.5, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, frameon=False,
                   borderaxespad=0.2)
    handles = [Patch(color=COLORS["healthy"], label="commanded (moves)"),
               Patch(facecolor=COLORS["dystonia"], hatch="//", edgecolor="#333333", label="overflow (unwanted)"),
               Patch(color="#BBBBBB", label="held still"),
               axes[1].lines[-1]]
    axes[1].lines[-1].set_label("movement threshold")
    axes[1].legend(handles=handles, fontsize=8.5, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2,
                   frameon=False, borderaxespad=0.2)
    if title:
        axes[0].annotate(title, (0.0, 1.0), xycoords="axes fraction", xytext=(0, 34), textcoords="offset points",
                         fontsize=11, fontweight="bold", ha="left", va="bottom")
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


def plot_digit_map(weights, ax=None, title=None, *, legend=True, overlap=(2, 3), weight_max=None):
    """Weight from each digit onto each cortical unit (the map).

    ``overlap`` (two digit indices, default D3 and D4) shades the area both
    representations share, so a merge shows as a growing grey area rather than
    as curves that vanish.  ``legend=False`` leaves the legend to another panel;
    ``weight_max`` fixes the y-axis (explorers use it so states compare).
    """
    if ax is None:
        fig, ax = new_axes(figsize=(5.5, 3.2))
    units = np.arange(weights.shape[0])
    styles = ("-", "--", "-", "--", "-")
    for d in range(weights.shape[1]):
        ax.plot(units, weights[:, d], styles[d % len(styles)], label=f"D{d + 1}")
    if overlap is not None:
        a, b = overlap
        ax.fill_between(units, 0, np.minimum(weights[:, a], weights[:, b]), color="#777777", alpha=0.35,
                        lw=0, label=f"D{a + 1}∩D{b + 1}")
    label_axes(ax, "Position on the cortical sheet (unit)", "Synaptic weight (a.u.)", title)
    top = weight_max if weight_max is not None else float(np.max(weights))
    ax.set_ylim(0, 1.4 * top)   # headroom so the legend never hides a curve
    if legend:
        ax.legend(ncol=6, fontsize=8, loc="upper center", handlelength=1.4, columnspacing=0.7, frameon=False)
    return ax.figure


def plot_pas(isi_ms, responses, ax=None, title=None):
    """MEP change after paired associative stimulation against the nerve-to-TMS interval.

    ``responses`` maps ``(group, muscle)`` to the change in percent at each interval:
    group "healthy" (blue) or "dystonia" (vermillion); muscle "APB" (the targeted
    thumb muscle, solid) or "ADM" (a neighbour, dashed).  A dotted line marks no
    change; the legend sits outside the panel.
    """
    if ax is None:
        fig, ax = new_axes(figsize=(6.6, 3.3))
        fig.subplots_adjust(right=0.74)
    for (group, muscle), values in responses.items():
        ax.plot(isi_ms, values, "-" if muscle == "APB" else "--",
                color=COLORS["dystonia"] if group == "dystonia" else COLORS["healthy"],
                label=f"{group}, {muscle}{' (targeted)' if muscle == 'APB' else ' (neighbour)'}")
    ax.axhline(0.0, color=COLORS["threshold"], ls=":", lw=1)
    label_axes(ax, "Nerve-to-TMS interval (ms)", "MEP change after PAS (%)", title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    return ax.figure


def plot_overflow_map(cross_talks, surrounds, moves, ax=None, *, marks=None):
    """Where a neighbouring channel moves, over cortical cross-talk and surround strength.

    Parameters
    ----------
    cross_talks : 1-D array
        Cortical cross-talk values (normalised), the horizontal axis.
    surrounds : 1-D array
        Surround-inhibition strengths (normalised), the vertical axis.
    moves : 2-D bool array, shape (len(surrounds), len(cross_talks))
        True where a neighbour crosses the movement threshold (overflow), for example
        from :func:`helpers.basal_ganglia.neighbour_moves` on the grid.
    marks : dict, optional
        ``{label: (cross_talk, surround)}``: states to mark with a point and a label.

    The overflow region is shaded (hatched, so it reads without colour); its upper edge
    is the surround strength below which overflow begins.
    """
    moves = np.asarray(moves, dtype=bool)
    cross_talks, surrounds = np.asarray(cross_talks, dtype=float), np.asarray(surrounds, dtype=float)
    if moves.shape != (surrounds.size, cross_talks.size):
        raise ValueError(f"moves must have shape (len(surrounds), len(cross_talks)) = "
                         f"{(surrounds.size, cross_talks.size)}; got {moves.shape}")
    if ax is None:
        fig, ax = new_axes(figsize=(6.2, 3.6))
        fig.subplots_adjust(right=0.72)
    ax.contourf(cross_talks, surrounds, moves.astype(float), levels=[0.5, 1.5], colors=[COLORS["dystonia"]],
                alpha=0.35, hatches=["//"])
    ax.contour(cross_talks, surrounds, moves.astype(float), levels=[0.5], colors=[COLORS["reference"]], linewidths=1.5)
    handles = [Patch(facecolor=COLORS["dystonia"], alpha=0.35, hatch="//", label="overflow\n(a neighbour moves)"),
               Patch(facecolor="white", edgecolor="#333333", label="no overflow")]
    for k, (label, (x, y)) in enumerate((marks or {}).items()):
        ax.plot([x], [y], "o" if k == 0 else "s", color=COLORS["healthy"] if k == 0 else COLORS["reference"],
                markersize=7, label=label)
        handles.append(ax.lines[-1])
    label_axes(ax, "Cortical cross-talk (normalised)", "Surround strength s (normalised)")
    ax.set_xlim(cross_talks.min(), cross_talks.max())
    ax.set_ylim(surrounds.min(), surrounds.max())
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    return ax.figure
