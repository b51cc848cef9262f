"""Every registered explorer view draws a labelled figure, and every explorer widget builds."""
import importlib

import matplotlib.pyplot as plt
import pytest

from helpers import explorers
from helpers.explorers import base

for _topic in explorers.TOPICS:
    importlib.import_module(f"helpers.explorers.{_topic}")


@pytest.mark.parametrize("name", sorted(base.REGISTRY))
def test_view_draws_labelled_axes(name):
    view, defaults = base.REGISTRY[name]
    fig = view(**defaults)
    try:
        axes = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
        assert axes
        for ax in axes:
            assert ax.has_data()
            assert ax.get_xlabel() and ax.get_ylabel(), f"{name}: unlabelled axis"
    finally:
        plt.close(fig)


@pytest.mark.parametrize("topic", explorers.TOPICS)
def test_explorer_widgets_build(topic):
    module = importlib.import_module(f"helpers.explorers.{topic}")
    makers = [getattr(module, n) for n in dir(module)
              if n.startswith("make_") and n.endswith("_explorer") and n != "make_explorer"]
    assert makers
    for make in makers:
        widget = make()
        assert widget is not None
    plt.close("all")
