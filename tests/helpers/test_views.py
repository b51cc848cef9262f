"""Every registered explorer view draws a labelled figure, and every explorer widget builds and redraws."""
import importlib
import re

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import explorers
from helpers.explorers import base
from helpers.plots.style import offscreen

for _topic in explorers.TOPICS:
    importlib.import_module(f"helpers.explorers.{_topic}")


def _makers(module):
    return [getattr(module, n) for n in dir(module)
            if n.startswith("make_") and n.endswith("_explorer") and n != "make_explorer"]


@pytest.mark.parametrize("name", sorted(base.REGISTRY))
def test_view_draws_labelled_axes(name):
    view, defaults = base.REGISTRY[name]
    fig = view(**defaults)
    try:
        axes = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
        assert axes
        for ax in axes:
            assert ax.has_data()
            if not getattr(ax, "_course_diagram", False):   # a drawing (body map) has no data axes
                # a panel stacked over another that shares its x-axis leaves the label to it
                xlabels = [a.get_xlabel() for a in ax.get_shared_x_axes().get_siblings(ax)]
                assert any(xlabels) and ax.get_ylabel(), f"{name}: unlabelled axis"
            for tick in ax.get_xticklabels() + ax.get_yticklabels():
                assert not re.search(r"[a-z]_[a-z]", tick.get_text()), f"{name}: identifier {tick.get_text()!r}"
    finally:
        plt.close(fig)


@pytest.mark.parametrize("name", sorted(base.REGISTRY))
def test_every_explorer_has_a_caption_and_alt_text(name):
    text = base.DESCRIPTIONS[name]
    assert text["caption"] and len(text["caption"].split()) >= 8, f"{name}: caption missing or too short"
    assert text["alt"] and len(text["alt"].split()) >= 15, f"{name}: alt text must describe the figure"


@pytest.mark.parametrize("name", sorted(base.REGISTRY))
def test_explorer_images_keep_their_size_across_states(name):
    """The first image fixes the box: later images have the same pixel size (no page jump)."""
    view, defaults = base.REGISTRY[name]
    first, bbox = base.render(view, defaults)
    size = re.search(r'width="(\d+)" height="(\d+)"', first).groups()
    key = next(k for k, v in defaults.items() if isinstance(v, (int, float)) and not isinstance(v, bool))
    value = defaults[key]
    moved = dict(defaults, **{key: value * 0.5 if isinstance(value, float) else max(1, value // 2)})
    second, _ = base.render(view, moved, bbox)
    assert re.search(r'width="(\d+)" height="(\d+)"', second).groups() == size
    assert first != second, f"{name}: moving {key} did not change the image"


@pytest.mark.parametrize("topic", explorers.TOPICS)
def test_explorer_widgets_build_and_redraw(topic):
    module = importlib.import_module(f"helpers.explorers.{topic}")
    makers = _makers(module)
    assert makers
    for make in makers:
        widget = make()
        assert isinstance(widget, base.Explorer), f"{make.__name__} returned {type(widget)}"
        img = widget.figure.value
        assert img.startswith("<figure") and 'alt="' in img and "<figcaption><b>Figure " in img.replace(
            '<figcaption style="font-size:0.92em;margin-top:0.3em">', "<figcaption>")
        assert "course-busy" not in widget._dom_classes, "busy cue left on after the first draw"
        slider = next(c for c in widget.controls.values() if isinstance(c, (widgets.FloatSlider, widgets.IntSlider)))
        slider.value = slider.max if slider.value != slider.max else slider.min
        assert widget.figure.value != img, f"{make.__name__}: moving {slider.description!r} did not redraw"
        assert "course-busy" not in widget._dom_classes
    plt.close("all")


def test_checkboxes_and_toggles_are_readable():
    """No truncated labels: checkboxes have no indent and size to their text; toggle values read as words."""
    for topic in explorers.TOPICS:
        for make in _makers(importlib.import_module(f"helpers.explorers.{topic}")):
            for control in make().controls.values():
                if isinstance(control, widgets.Checkbox):
                    assert control.indent is False and control.layout.width == "auto"
                if isinstance(control, widgets.ToggleButtons):
                    for label in control._options_labels:
                        assert "_" not in label and (label.isupper() or label[0].isupper()), label


def test_classification_view_follows_the_checkboxes():
    """Unticking every region says so instead of silently keeping the neck."""
    view, _ = base.REGISTRY["classification.axis1"]
    fig = view(age_at_onset_years=40, neck=False)
    assert "No region" in fig.axes[0].get_title()
    fig = view(age_at_onset_years=40, neck=False, left_arm=True)
    assert "focal" in fig.axes[0].get_title()


@pytest.mark.parametrize("age,levodopa", [(20, True), (21, True), (26, True), (27, False), (45, False)])
def test_classification_view_offers_levodopa_up_to_26_years(age, levodopa):
    """EFNS (Albanese et al. 2011): a levodopa trial in every early-onset dystonia, focal included; the course
    counts onset up to 26 years as early, past the consensus's adolescence bin (13-20 years)."""
    view, _ = base.REGISTRY["classification.axis1"]
    with offscreen():
        title = view(age_at_onset_years=age, neck=True).axes[0].get_title()
    assert ("levodopa trial" in title) is levodopa, title
    assert "botulinum toxin" in title      # a focal neck: toxin is the (next) step either way


@pytest.mark.parametrize("prior", [0.05, 0.5, 1.0])
def test_family_view_keeps_every_prior_in_view(prior):
    """The curve starts near the prior (at age 0 almost no carrier has shown signs), so the axis must reach it."""
    view, _ = base.REGISTRY["genetics.family"]
    with offscreen():
        ax = view(penetrance=0.3, prior=prior).axes[0]
    ages, post = ax.lines[0].get_data()
    assert post[0] == pytest.approx(prior, abs=0.01)
    low, high = ax.get_ylim()
    assert low <= min(post) and max(post) <= high


def test_kuramoto_explorer_keeps_synchrony_without_stimulation():
    """With stimulation off, synchrony must not collapse where stimulation would start (0.8 s).

    The old view restarted the second segment from random phases, so R fell from
    ~0.9 to ~0.1 at 0.8 s even with stimulation off.
    """
    from helpers import oscillations
    from helpers.explorers.oscillations import KURAMOTO_OFF_S, kuramoto_view
    kc = oscillations.critical_coupling(half_width_hz=0.5)
    with offscreen():
        fig = kuramoto_view(coupling=3 * kc, stim_amplitude=0.0)
    t, r = fig.axes[0].lines[0].get_data()
    before = r[(t > KURAMOTO_OFF_S - 0.1) & (t < KURAMOTO_OFF_S)].mean()
    after = r[(t > KURAMOTO_OFF_S) & (t < KURAMOTO_OFF_S + 0.05)].mean()
    # locked state: R = sqrt(1 - K_c/K) = 0.82 at K = 3 K_c for a Lorentzian (Kuramoto 1984)
    assert before > 0.7, f"the network should be locked at 3 K_c (R = {before:.2f})"
    assert after > 0.9 * before, f"synchrony fell from {before:.2f} to {after:.2f} at the switch, stimulation off"


def test_static_frames_scrub_the_first_slider():
    """The book's static form: one frame per slider position, the default shown, the rest hidden."""
    from helpers.explorers.clinical import family_view
    controls = {"penetrance": base.float_slider(0.3, 0.05, 1.0, 0.05, "lifetime penetrance"),
                "prior": base.float_slider(0.5, 0.05, 1.0, 0.05, "prior carrier probability")}
    markup = base.static_frames_html(family_view, controls, "title")
    frames = re.findall(r'<div class="course-frame" data-frame="\d+"( hidden)?>', markup)
    assert len(frames) >= 5
    assert sum(1 for f in frames if not f) == 1, "exactly one frame visible"
    assert markup.count('alt="') == len(frames) and 'type="range"' in markup
    assert "prior carrier probability = 0.5" in markup
    values = np.linspace(0.05, 1.0, 9)
    assert len(frames) == len(np.unique(np.round((values - 0.05) / 0.05) * 0.05 + 0.05)) + (
        0 if any(abs(v - 0.3) < 1e-9 for v in np.round((values - 0.05) / 0.05) * 0.05 + 0.05) else 1)


def _pixels(markup):
    import base64
    import io
    from PIL import Image
    data = re.search(r'base64,([A-Za-z0-9+/=]+)"', markup).group(1)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB"), dtype=float)


@pytest.mark.parametrize("name", sorted(base.REGISTRY))
def test_layered_drawing_matches_a_full_drawing(name):
    """The explorer's cached static layer plus the data equals drawing everything again."""
    view, defaults = base.REGISTRY[name]
    layers = base.Layers()
    _, bbox = base.render(view, defaults, layers=layers)          # fills the background
    key = next(k for k, v in defaults.items() if isinstance(v, (int, float)) and not isinstance(v, bool))
    value = defaults[key]
    moved = dict(defaults, **{key: value * 0.7 if isinstance(value, float) else max(1, value - 3)})
    layered, _ = base.render(view, moved, bbox, layers=layers)
    full, _ = base.render(view, moved, bbox)
    a, b = _pixels(layered), _pixels(full)
    assert a.shape == b.shape
    differ = np.mean(np.abs(a - b).max(axis=2) > 60)
    assert differ < 0.01, f"{name}: {differ:.1%} of pixels differ between layered and full drawing"


#: Explorers whose axes follow their first slider on purpose: the count axis of the MEP
#: histograms grows with the number of pulses.
AXES_FOLLOW_SLIDER = {"make_paired_pulse_explorer"}


@pytest.mark.parametrize("topic", explorers.TOPICS)
def test_axes_stay_fixed_while_the_first_slider_moves(topic):
    """Fixed axes let states be compared (review: stretch, digit map) and let the static layer be reused."""
    module = importlib.import_module(f"helpers.explorers.{topic}")
    for make in _makers(module):
        if make.__name__ in AXES_FOLLOW_SLIDER:
            continue
        widget = make()
        name, slider = next((k, c) for k, c in widget.controls.items()
                            if isinstance(c, (widgets.FloatSlider, widgets.IntSlider)))
        layers = set()
        for value in np.linspace(slider.min, slider.max, 4):
            with offscreen():
                fig = widget.view(**dict(widget.params(), **{name: type(slider.value)(value)}))
            layers.add(base.Layers.key_of(fig))
        assert len(layers) == 1, f"{make.__name__}: the axes change as {slider.description!r} moves"
    plt.close("all")
