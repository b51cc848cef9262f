"""One figure style for the whole course.

Colours come from the Okabe & Ito (2008) palette, which stays distinguishable
for the common forms of colour-vision deficiency.  Fonts are sized for a
notebook read on a laptop.  Every figure labels its axes with units through
:func:`label_axes`; a chapter shows it with :func:`helpers.plots.figure.show`,
which adds a numbered caption and the alt text a screen reader reads.
"""
import contextlib
import contextvars

import matplotlib as mpl
import matplotlib.pyplot as plt

#: Okabe & Ito (2008) "Color Universal Design" palette, in plotting order.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
           "#F0E442", "#000000")

#: Semantic colours used consistently across chapters.
COLORS = {
    "healthy": "#0072B2",      # blue
    "dystonia": "#D55E00",     # vermillion
    "agonist": "#0072B2",
    "antagonist": "#D55E00",
    "spasticity": "#009E73",   # bluish green
    "chorea": "#CC79A7",       # reddish purple
    "stimulation": "#E69F00",  # orange
    "reference": "#000000",
    "threshold": "#555555",
    "limit": "#D55E00",
    "safe": "#009E73",
}

RC = {
    "figure.figsize": (7.0, 3.6),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 10,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,      # grids double the drawing cost of an explorer update
    "lines.linewidth": 1.8,
    "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),
    # A fixed title height: matplotlib then skips measuring every axis to place the
    # title (a third of an explorer's draw time); no course figure has top tick labels.
    "axes.titley": 1.0,
    # No constrained layout: it costs a second draw per update.  Notebooks show
    # figures with bbox_inches="tight", so labels are never clipped.
    "figure.constrained_layout.use": False,
}


def apply_style():
    """Apply the course style to matplotlib (call once per notebook)."""
    mpl.rcParams.update(RC)


_OFFSCREEN = contextvars.ContextVar("course_offscreen_figures", default=False)


@contextlib.contextmanager
def offscreen():
    """Inside this block :func:`new_axes` makes figures that pyplot does not track.

    Explorers draw their views this way: the figure never reaches the inline
    backend (no duplicate image, no pyplot bookkeeping) and is encoded once.
    """
    token = _OFFSCREEN.set(True)
    try:
        yield
    finally:
        _OFFSCREEN.reset(token)


def new_axes(nrows=1, ncols=1, *, figsize=None, **kwargs):
    """Create a figure and axes in the course style; returns ``(fig, axes)``."""
    apply_style()
    if _OFFSCREEN.get():
        from .figure import offscreen_figure
        fig = offscreen_figure(figsize=figsize or mpl.rcParams["figure.figsize"])
        axes = fig.subplots(nrows, ncols, squeeze=kwargs.pop("squeeze", True), **kwargs)
    else:
        fig, axes = plt.subplots(nrows, ncols, figsize=figsize, **kwargs)
    fig.subplots_adjust(hspace=0.45 if nrows > 1 else 0.2, wspace=0.35 if ncols > 1 else 0.2)
    return fig, axes


def label_axes(ax, xlabel, ylabel, title=None):
    """Label ``ax`` with axis names that carry units, e.g. ``"Time (s)"``."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return ax


def try_answer(fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, or None while ``fn`` is a student's unanswered stub (``NotImplementedError``)."""
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:
        return None


def waiting_note(ax, text, y=0.95):
    """A boxed note at the top of ``ax`` (axes fraction ``y``) saying which problem would fill the figure."""
    ax.text(0.5, y, text, transform=ax.transAxes, ha="center", va="top", fontsize=9,
            color=COLORS["threshold"], bbox={"facecolor": "white", "edgecolor": "#bbbbbb", "alpha": 0.9})


def caption(fig, text, alt=None):
    """Attach a caption (and alt text, by default the caption) to ``fig``; return ``text``.

    :func:`helpers.plots.figure.show` displays a figure with both; storing them on
    the figure lets tests check that every figure has them.
    """
    fig._course_caption = text  # read by tests
    fig._course_alt = alt or text
    try:
        fig.canvas.manager.set_window_title(text[:60])
    except AttributeError:
        pass
    return text
