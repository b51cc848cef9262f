"""Figures for the Python warm-up (the ``00_warmup`` assignment).

The ``plot_my_*`` functions take the student's function and call it themselves, as the
hands-on chapter's figures do: while it is still the unanswered stub (it raises
``NotImplementedError``) the figure shows the data alone and says which problem to answer.
"""
import numpy as np

from .. import warmup
from .style import COLORS, PALETTE, label_axes, new_axes, try_answer, waiting_note




def plot_visits(visits):
    """One patient's TWSTRS total at each visit of a toxin cycle (baseline dashed); returns the figure."""
    weeks = [0] + [int(k.split()[1]) for k in visits if k != "baseline"]
    scores = [visits["baseline"]] + [visits[k] for k in visits if k != "baseline"]
    fig, ax = new_axes(figsize=(6.0, 3.0))
    ax.axhline(visits["baseline"], color=COLORS["threshold"], ls="--", lw=1.2, label="baseline")
    ax.plot(weeks, scores, "o-", color=COLORS["dystonia"], label="TWSTRS total")
    for w, s in zip(weeks, scores):
        ax.annotate(f"{s}", (w, s), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=9)
    ax.set_xticks(weeks)
    ax.set_ylim(0, max(scores) * 1.25)
    ax.legend(fontsize=9, loc="lower right", frameon=False)
    label_axes(ax, "Weeks after the injection", "TWSTRS total (points)", "Your patient's toxin cycle")
    return fig


def plot_trials(rec):
    """The first trial's raw EMG with its envelope (left) and every trial's envelope (right)."""
    fs = rec["fs_hz"]
    raw, env = rec["raw_mV"], rec["envelope_mV"]
    t = np.arange(raw.shape[1]) / fs
    fig, axes = new_axes(1, 2, figsize=(9.4, 3.2))
    axes[0].plot(t, raw[0], lw=0.4, color="#8a8a8a", label="raw EMG")
    axes[0].plot(t, env[0], color=COLORS["agonist"], lw=2, label="envelope")
    axes[0].legend(fontsize=8, loc="upper right", frameon=False)
    label_axes(axes[0], "Time (s)", "EMG (mV)", "Trial 1: raw signal and envelope")
    for k, row in enumerate(env):
        axes[1].plot(t, row, lw=1.0, color=PALETTE[k % 6], alpha=0.8)
    label_axes(axes[1], "Time (s)", "Envelope (mV)", f"All {env.shape[0]} trials (one line each)")
    for ax in axes:
        ax.set_xlim(0, t[-1])
    return fig


def plot_my_trial_summary(rec, summary_fn, baseline_s, threshold_mV):
    """Every envelope (grey), the student's mean trace, baseline window and threshold; active fraction per trial."""
    fs, env = rec["fs_hz"], rec["envelope_mV"]
    t = np.arange(env.shape[1]) / fs
    fig, axes = new_axes(1, 2, figsize=(9.4, 3.2), gridspec_kw={"width_ratios": [2.2, 1]})
    for row in env:
        axes[0].plot(t, row, lw=0.6, color="#b0b0b0")
    axes[0].axvspan(0, baseline_s, color=PALETTE[5], alpha=0.25, lw=0, label=f"baseline window ({baseline_s:g} s)")
    axes[0].axhline(threshold_mV, color=COLORS["threshold"], ls="--", lw=1.2, label=f"threshold {threshold_mV:g} mV")
    result = try_answer(summary_fn, env.copy(), fs, baseline_s, threshold_mV)
    if result is None:
        waiting_note(axes[0], "Answer Problem 3 to see your mean trace")
        waiting_note(axes[1], "Answer Problem 3")
    else:
        mean_trace = np.asarray(result["mean_trace_mV"], dtype=float)
        axes[0].plot(t[:mean_trace.size], mean_trace, color=COLORS["agonist"], lw=2.2, label="your mean trace")
        active = np.asarray(result["active_fraction"], dtype=float)
        axes[1].bar(np.arange(1, active.size + 1), active, color=COLORS["agonist"])
        axes[1].set_xticks(np.arange(1, active.size + 1))
    axes[0].set_xlim(0, t[-1])
    axes[0].legend(fontsize=8, loc="upper right", frameon=False)
    label_axes(axes[0], "Time (s)", "Envelope (mV)", "Your trials and their mean")
    axes[1].set_ylim(0, 1)
    label_axes(axes[1], "Trial", "Fraction above threshold", "Active fraction")
    return fig


def plot_zero_phase(rec, trial=0, cutoff_hz=6.0):
    """Why zero phase: one rectified trial low-passed once (it lags) and forwards-backwards; the gain of each."""
    from scipy import signal
    fs = rec["fs_hz"]
    x = rec["raw_mV"][trial]
    band = signal.butter(4, (20.0, 450.0), btype="bandpass", fs=fs, output="sos")
    rectified = np.abs(signal.sosfiltfilt(band, x))
    once, twice = warmup.lowpass_once_and_twice(rectified, fs, cutoff_hz)
    t = np.arange(x.size) / fs
    fig, axes = new_axes(1, 2, figsize=(9.4, 3.2), gridspec_kw={"width_ratios": [1.6, 1]})
    axes[0].plot(t, rectified, lw=0.3, color="#b0b0b0", label="rectified EMG")
    axes[0].plot(t, once, color=COLORS["dystonia"], lw=2, label="low-pass once (sosfilt)")
    axes[0].plot(t, twice, color=COLORS["agonist"], lw=2, ls="--", label="forwards and back (sosfiltfilt)")
    axes[0].axvline(0.4, color="black", lw=0.8, ls=":")
    axes[0].set_ylim(0, 1.6 * max(once.max(), twice.max()))
    axes[0].set_xlim(0, t[-1])
    axes[0].legend(fontsize=8, loc="upper right", frameon=False)
    label_axes(axes[0], "Time (s)", "Amplitude (mV)", "Trial 1: the burst starts at 0.4 s (dotted)")
    f = np.linspace(0.5, 30.0, 300)
    g1, g2 = warmup.gain_db_once_and_twice(f, fs, cutoff_hz)
    axes[1].plot(f, g1, color=COLORS["dystonia"], lw=2, label="once: −3 dB at the corner")
    axes[1].plot(f, g2, color=COLORS["agonist"], lw=2, ls="--", label="twice: −6 dB at the corner")
    axes[1].axvline(cutoff_hz, color="black", lw=0.8, ls=":")
    axes[1].set_ylim(-60, 3)
    axes[1].legend(fontsize=8, loc="lower left", frameon=False)
    label_axes(axes[1], "Frequency (Hz)", "Gain (dB)", f"{cutoff_hz:g} Hz low-pass, 4th order")
    return fig


def plot_my_bandpass(rec, bandpass_fn, trial=0):
    """One raw trial (grey) and the student's band-passed version of it (drift removed, no lag)."""
    fs = rec["fs_hz"]
    x = rec["raw_mV"][trial]
    t = np.arange(x.size) / fs
    fig, ax = new_axes(figsize=(9.0, 3.0))
    ax.plot(t, x, lw=0.4, color="#8a8a8a", label="raw (with drift)")
    y = try_answer(bandpass_fn, x.copy(), fs, 20.0, 450.0)
    if y is None:
        waiting_note(ax, "Answer Problem 4 to see your filtered trial")
    else:
        ax.plot(t, np.asarray(y, dtype=float), lw=0.4, color=COLORS["agonist"], label="your band-pass, 20–450 Hz")
    ax.set_xlim(0, t[-1])
    ax.legend(fontsize=8, loc="upper right", frameon=False)
    label_axes(ax, "Time (s)", "EMG (mV)", "Trial 1 before and after your filter")
    return fig


def plot_bootstrap_idea(values, n_boot=2000, seed=0):
    """A small sample (left) and the means of its resamples with their 2.5th and 97.5th percentiles (right)."""
    x = np.asarray(values, dtype=float)
    means = warmup.bootstrap_means(x, n_boot, seed)
    low, high = np.percentile(means, [2.5, 97.5])
    fig, axes = new_axes(1, 2, figsize=(9.4, 3.0), gridspec_kw={"width_ratios": [1, 1.8]})
    jitter = np.random.default_rng(0).uniform(-0.12, 0.12, x.size)        # drawing only
    axes[0].scatter(jitter, x, s=22, color=COLORS["agonist"])
    axes[0].hlines(x.mean(), -0.3, 0.3, color="black", lw=2)
    axes[0].set_xlim(-0.6, 0.6)
    axes[0].set_xticks([])
    label_axes(axes[0], "", "Improvement (points)", f"{x.size} patients, mean (bar)")
    axes[1].hist(means, bins=40, color=PALETTE[5], edgecolor="white")
    for v in (low, high):
        axes[1].axvline(v, color=COLORS["dystonia"], lw=2)
    axes[1].axvline(x.mean(), color="black", lw=1.2, ls="--")
    label_axes(axes[1], "Mean of a resample (points)", "Resamples",
               f"{n_boot} resampled means; 95 % of them between the red lines")
    return fig


def plot_my_interval(changes, ci_fn, mcic_points):
    """The clinic's changes, their mean, the student's 95 % interval and the MCIC (dashed)."""
    x = np.asarray(changes, dtype=float)
    fig, ax = new_axes(figsize=(7.0, 2.8))
    jitter = np.random.default_rng(1).uniform(-0.12, 0.12, x.size)        # drawing only
    ax.scatter(x, 1 + jitter, s=22, color="#8a8a8a", label="one patient")
    ax.axvline(mcic_points, color=COLORS["dystonia"], ls="--", lw=1.5, label=f"MCIC {mcic_points:g} points")
    ci = try_answer(ci_fn, x.copy())
    if ci is None:
        waiting_note(ax, "Answer Problem 5 to see your interval")
    else:
        low, high = (float(v) for v in ci)
        ax.errorbar([x.mean()], [0.5], xerr=[[x.mean() - low], [high - x.mean()]], fmt="o", color="black",
                    capsize=6, lw=2, label="mean and your 95 % interval")
    ax.set_ylim(0, 1.5)
    ax.set_yticks([])
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    fig.subplots_adjust(right=0.7)
    label_axes(ax, "Improvement at week 4 (TWSTRS points)", "", "Your clinic's patients")
    return fig
