"""Figures for :mod:`helpers.hypertonia` and :mod:`helpers.movement`."""
import numpy as np

from .style import COLORS, label_axes, new_axes


#: Colour and line style of each tone condition: every curve differs in both, so the
#: figure reads in grey scale too (healthy blue, spasticity green, dystonia vermillion,
#: rigidity black).
TONE_STYLES = {"healthy": (COLORS["healthy"], "-"), "spasticity": (COLORS["spasticity"], "-"),
               "dystonia": (COLORS["dystonia"], "--"), "rigidity": (COLORS["reference"], "-.")}


def plot_torque_velocity(velocities_deg_s, curves, ax=None):
    """Peak resistive torque against stretch velocity, one line per condition (dict name -> values).

    Each known condition has its own colour and line style (:data:`TONE_STYLES`);
    the legend sits outside the panel.
    """
    if ax is None:
        fig, ax = new_axes(figsize=(6.4, 3.4))
        fig.subplots_adjust(right=0.76)
    for name, values in curves.items():
        color, style = TONE_STYLES.get(name, (None, "-"))
        ax.plot(velocities_deg_s, values, style, marker="o", ms=3, color=color, label=name)
    label_axes(ax, "Stretch velocity (deg/s)", "Peak resistive torque (N·m)")
    ax.set_ylim(0, None)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    return ax.figure


def plot_stretch(angles_deg, torques, ax=None, title=None, *, torque_max_Nm=None):
    """Torque along the stretch for several velocities (dict label -> torque array).

    ``torque_max_Nm`` fixes the torque axis (explorers use it so that conditions
    and speeds can be compared); the legend sits outside the panel.
    """
    if ax is None:
        fig, ax = new_axes(figsize=(6.6, 3.4))
        fig.subplots_adjust(right=0.74)
    for (label, tq), ls in zip(torques.items(), ("--", "-", "-.", ":")):
        ax.plot(angles_deg, tq, ls, label=label)
    label_axes(ax, "Elbow angle from flexion (deg)", "Resistive torque (N·m)", title)
    if torque_max_Nm is not None:
        ax.set_ylim(0, torque_max_Nm)
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, title="stretch speed",
              title_fontsize=9)
    return ax.figure


def plot_episodes(t_s, episodes, ax=None, title=None, color=None, *, angle_lim_deg=None):
    """Overlaid movement episodes (deg) against time (``angle_lim_deg``: fixed y-limits)."""
    if ax is None:
        fig, ax = new_axes(figsize=(5.5, 3.2))
    for e in episodes:
        ax.plot(t_s, e, color=color, alpha=0.6, lw=1.2)
    if angle_lim_deg is not None:
        ax.set_ylim(*angle_lim_deg)
    label_axes(ax, "Time from episode start (s)", "Joint angle (deg)", title)
    return ax.figure
