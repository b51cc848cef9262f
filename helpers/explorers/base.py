"""The one pattern every explorer follows.

An explorer is a *view* (a plain function ``view(**params) -> Figure`` that
calls a science module and draws with :mod:`helpers.plots`) wrapped in
sliders.  Keeping the view separate lets the benchmark time simulate + draw
without a browser, and lets tests check the figure without widgets.
"""
import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

#: Every explorer registers here: ``name -> (view, default_params)``; the
#: benchmark (``tools/benchmark.py``) times each one.
REGISTRY = {}


def register(name, view, defaults):
    """Record ``view`` and its default parameters under ``name`` and return ``view``."""
    REGISTRY[name] = (view, dict(defaults))
    return view


def float_slider(value, low, high, step, description, *, readout_format=".2f"):
    """A FloatSlider that only fires when released (keeps redraws cheap)."""
    return widgets.FloatSlider(value=value, min=low, max=high, step=step,
                               description=description, continuous_update=False,
                               readout_format=readout_format,
                               style={"description_width": "initial"},
                               layout=widgets.Layout(width="420px"))


def int_slider(value, low, high, step, description):
    """An IntSlider that only fires when released."""
    return widgets.IntSlider(value=value, min=low, max=high, step=step,
                             description=description, continuous_update=False,
                             style={"description_width": "initial"},
                             layout=widgets.Layout(width="420px"))


def make_explorer(view, controls, title=None):
    """Return a widget that redraws ``view(**values)`` whenever a control changes.

    Parameters
    ----------
    view : callable
        ``view(**params) -> matplotlib.figure.Figure``.
    controls : dict
        Parameter name -> ipywidgets control (or fixed value).
    title : str, optional
        One line shown above the controls.
    """
    def _show(**params):
        fig = view(**params)
        display(fig)
        plt.close(fig)

    box = widgets.interactive(_show, **controls)
    if title:
        return widgets.VBox([widgets.HTML(f"<b>{title}</b>"), box])
    return box
