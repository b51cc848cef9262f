"""Figures for :mod:`helpers.emg`."""
import numpy as np

from .style import COLORS, label_axes, new_axes


def _legend_outside(ax, **kwargs):
    """A legend to the right of ``ax``, where it can never hide data."""
    return ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False,
                     fontsize=9, **kwargs)


def plot_emg_pair(rec, env_agonist=None, env_antagonist=None, title=None, axes=None, *, envelope_max_mV=None,
                  raw_lim_mV=None, legend=True):
    """Raw EMG of both muscles (top) and their envelopes (bottom); returns the figure.

    Legends sit to the right of the panels (never on a burst); only the bottom
    panel carries the time label.  ``envelope_max_mV`` fixes the envelope axis
    (explorers use it so that states can be compared).  ``legend=False`` leaves the
    legends to another column (two recordings side by side in one figure).
    """
    if axes is None:
        fig, axes = new_axes(2, 1, figsize=(8.6, 4.2), sharex=True)
        fig.subplots_adjust(left=0.09, right=0.72, hspace=0.25)
    else:
        fig = axes[0].figure
    t = rec["t_s"]
    axes[0].plot(t, rec["agonist_mV"], color=COLORS["agonist"], lw=0.5, label="agonist\n(wrist flexor)")
    axes[0].plot(t, rec["antagonist_mV"] - 1.5, color=COLORS["antagonist"], lw=0.5,
                 label="antagonist\n(extensor),\noffset −1.5 mV")
    label_axes(axes[0], "", "Raw EMG (mV)", title)
    if raw_lim_mV is not None:
        axes[0].set_ylim(*raw_lim_mV)
    if legend:
        _legend_outside(axes[0])
    if env_agonist is not None:
        axes[1].plot(t, env_agonist, color=COLORS["agonist"], label="agonist envelope")
        axes[1].plot(t, env_antagonist, color=COLORS["antagonist"], ls="--", label="antagonist envelope")
        axes[1].fill_between(t, 0, np.minimum(env_agonist, env_antagonist), color="#999999", alpha=0.4,
                             label="overlap\n(co-contraction)")
        if legend:
            _legend_outside(axes[1])
        if envelope_max_mV is not None:
            axes[1].set_ylim(0, envelope_max_mV)
    label_axes(axes[1], "Time (s)", "Envelope (mV)")
    return fig


#: The three phases of radial-nerve inhibition of the FCR H-reflex (Day et al. 1984):
#: label and conditioning-test interval (ms) at which each is measured.
RI_PHASES = (("Ia (disynaptic)", 0.0), ("presynaptic", 20.0), ("late", 100.0))


def plot_reciprocal_inhibition(isi_ms, healthy_pct, dystonia_pct, ax=None, title=None):
    """H-reflex reciprocal inhibition against conditioning–test interval.

    The dotted lines mark the intervals at which the three phases of Day et al.
    (1984) are measured, each named above the panel (where no line or curve can
    cross the name).  The curves are drawn exactly as the model gives them.
    """
    if ax is None:
        fig, ax = new_axes(figsize=(6.4, 3.6))
    ax.plot(isi_ms, healthy_pct, color=COLORS["healthy"], label="healthy")
    ax.plot(isi_ms, dystonia_pct, color=COLORS["dystonia"], ls="--", label="writer's cramp (illustrative)")
    top = 1.15 * max(float(np.max(healthy_pct)), float(np.max(dystonia_pct)), 1.0)
    ax.set_ylim(0, top)
    for i, (name, x) in enumerate(RI_PHASES):
        ax.axvline(x, color=COLORS["threshold"], ls=":", lw=1)
        # names above the axes, each just right of its line, which runs up to it (no curve
        # crosses a name); the 0 ms name sits one row higher than the 20 ms name beside it
        rise = 24 if i == 0 else 12
        ax.annotate("", (x, 1.0), xycoords=("data", "axes fraction"), xytext=(0, rise), textcoords="offset points",
                    arrowprops=dict(arrowstyle="-", linestyle=":", color=COLORS["threshold"], lw=1,
                                    shrinkA=0, shrinkB=0), annotation_clip=False)
        ax.annotate(f"{name}, {x:g} ms", (x, 1.0), xycoords=("data", "axes fraction"), xytext=(3, rise - 10),
                    textcoords="offset points", ha="left", va="bottom", fontsize=8.5, color="#333333",
                    annotation_clip=False)
    label_axes(ax, "Conditioning–test interval (ms)", "Inhibition of H-reflex (%)")
    if title:
        ax.set_title(title, pad=30)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9, frameon=False)
    return ax.figure


def plot_emg_side_by_side(recordings, titles=None, *, figsize=(10.4, 4.2)):
    """Two or more EMG recordings side by side, one column each: raw EMG above, envelopes below.

    ``recordings`` is a sequence of ``(rec, env_agonist, env_antagonist)`` as for
    :func:`plot_emg_pair`; ``titles`` names the columns.  Rows share their y-axis,
    so the columns compare directly; one legend, right of the last column, serves all.
    """
    n = len(recordings)
    fig, axes = new_axes(2, n, figsize=figsize, sharex=True, sharey="row", squeeze=False)
    fig.subplots_adjust(left=0.07, right=0.83, hspace=0.25, wspace=0.08)
    titles = list(titles) if titles is not None else [None] * n
    for col, ((rec, a, b), title) in enumerate(zip(recordings, titles)):
        plot_emg_pair(rec, a, b, title=title, axes=axes[:, col], legend=(col == n - 1))
        if col > 0:
            for ax in axes[:, col]:
                ax.set_ylabel("")
    return fig
