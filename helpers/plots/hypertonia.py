"""Figures for :mod:`helpers.hypertonia` and :mod:`helpers.movement`."""
import numpy as np

from .style import COLORS, label_axes, new_axes


def plot_torque_velocity(velocities_deg_s, curves, ax=None):
    """Peak resistive torque against stretch velocity, one line per condition (dict name -> values)."""
    if ax is None:
        fig, ax = new_axes(figsize=(5.5, 3.4))
    for name, values in curves.items():
        ax.plot(velocities_deg_s, values, marker="o", ms=3, color=COLORS.get(name, None), label=name)
    label_axes(ax, "Stretch velocity (deg/s)", "Peak resistive torque (N·m)")
    ax.legend()
    return ax.figure


def plot_stretch(angles_deg, torques, ax=None, title=None):
    """Torque along the stretch for several velocities (dict label -> torque array)."""
    if ax is None:
        fig, ax = new_axes(figsize=(5.5, 3.4))
    for label, tq in torques.items():
        ax.plot(angles_deg, tq, label=label)
    label_axes(ax, "Elbow angle from flexion (deg)", "Resistive torque (N·m)", title)
    ax.legend(fontsize=9)
    return ax.figure


def plot_episodes(t_s, episodes, ax=None, title=None, color=None):
    """Overlaid movement episodes (deg) against time."""
    if ax is None:
        fig, ax = new_axes(figsize=(5.5, 3.2))
    for e in episodes:
        ax.plot(t_s, e, color=color, alpha=0.6, lw=1.2)
    label_axes(ax, "Time from episode start (s)", "Joint angle (deg)", title)
    return ax.figure
