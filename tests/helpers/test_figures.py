"""Figures with captions and alt text (helpers.plots.figure) and the SVG diagrams (helpers.plots.diagrams)."""
import base64
import re
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import pytest

from helpers.plots import diagrams, figure
from helpers.plots.style import PALETTE, new_axes

SVG_NS = "{http://www.w3.org/2000/svg}"


def test_figure_html_carries_alt_text_caption_and_the_png():
    fig, ax = new_axes()
    ax.plot([0, 1], [0, 1])
    png, w, h = figure.png_bytes(fig)
    plt.close(fig)
    markup = figure.figure_html(png, w, h, alt="A rising line.", caption="A line.", number=3)
    assert markup.startswith('<figure class="course-figure"')
    assert 'alt="A rising line."' in markup and "<figcaption" in markup and "<b>Figure 3.</b> A line." in markup
    data = re.search(r'base64,([A-Za-z0-9+/=]+)"', markup).group(1)
    assert base64.b64decode(data) == png and png[:8] == b"\x89PNG\r\n\x1a\n"
    assert f'width="{w}" height="{h}"' in markup     # the box is reserved: no jump while it decodes


def test_alt_text_is_escaped_and_required():
    markup = figure.figure_html(b"x", 1, 1, alt='say "<b>"', caption=None)
    assert 'alt="say &quot;&lt;b&gt;&quot;"' in markup
    with pytest.raises(ValueError, match="alt"):
        figure.figure_html(b"x", 1, 1, alt="  ")


def test_figure_numbers_are_stable_per_caption():
    figure.reset_numbering()
    assert figure.figure_number("first") == 1
    assert figure.figure_number("second") == 2
    assert figure.figure_number("first") == 1       # re-running a cell keeps its number
    figure.reset_numbering()
    assert figure.figure_number("second") == 1


def test_show_displays_a_numbered_figure_and_closes_it(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    figure.reset_numbering()
    fig, ax = new_axes()
    ax.plot([0, 1], [1, 0])
    n = figure.show(fig, "A falling line.", alt="One line falling from 1 to 0.")
    assert n == 1 and len(shown) == 1
    markup = shown[0]._repr_html_()
    assert "<b>Figure 1.</b> A falling line." in markup and 'alt="One line falling from 1 to 0."' in markup
    assert repr(shown[0]) == "Figure 1. A falling line."
    assert not plt.fignum_exists(fig.number)
    with pytest.raises(ValueError, match="caption"):
        figure.show(fig, "", alt="x")


def test_fixed_box_keeps_the_image_size():
    fig, ax = new_axes()
    ax.plot([0, 1], [0, 1])
    ax.set_title("short")
    png1, w1, h1 = figure.png_bytes(fig, bbox_inches="tight")
    bbox = figure.tight_bbox(fig)
    ax.set_title("a much longer title than before, still inside the padded box?")
    png2, w2, h2 = figure.png_bytes(fig, bbox_inches=bbox)
    png3, w3, h3 = figure.png_bytes(fig, bbox_inches=bbox)
    plt.close(fig)
    assert (w2, h2) == (w3, h3) and png2 == png3
    assert abs(w2 - w1) <= 20 and abs(h2 - h1) <= 20


@pytest.mark.parametrize("name", sorted(diagrams.DIAGRAMS))
def test_diagram_is_accessible_svg(name):
    text = diagrams.svg(name)
    root = ET.fromstring(text)
    assert root.tag == SVG_NS + "svg" and root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    found = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert all(i in found for i in ids), f"{name}: aria-labelledby points at missing ids"
    assert root.find(SVG_NS + "title").text and len(root.find(SVG_NS + "desc").text.split()) >= 25
    assert len(diagrams.caption(name).split()) >= 10
    assert re.search(r"\(\D+ (et al\. )?\d{4}", diagrams.caption(name)), f"{name}: the caption cites no source"


@pytest.mark.parametrize("name", sorted(diagrams.DIAGRAMS))
def test_diagram_uses_the_palette_and_greys(name):
    allowed = {c.lower() for c in PALETTE} | {"#767676", "#ededed", "#333333", "#555555", "#bbbbbb", "#dddddd",
                                              "#4d4d4d", "#f2f2f2", "#f4f4f4"}
    colours = {c.lower() for c in re.findall(r"#[0-9A-Fa-f]{6}\b", diagrams.svg(name))}
    tints = {c for c in colours if c not in allowed}
    # pale fills (all channels >= 0xC4) and dark text shades of palette hues are allowed
    def pale_or_dark(c):
        rgb = [int(c[i:i + 2], 16) for i in (1, 3, 5)]
        return min(rgb) >= 0xC4 or max(rgb) <= 0xA0
    assert all(pale_or_dark(c) for c in tints), f"{name}: colours outside the palette: {sorted(tints)}"


@pytest.mark.parametrize("name", sorted(diagrams.DIAGRAMS))
def test_committed_svg_is_current(name):
    path = diagrams.FIGURES_DIR / f"{name}.svg"
    assert path.exists(), f"{path} is missing: run `python -m helpers.plots.diagrams`"
    assert path.read_text(encoding="utf-8") == diagrams.svg(name), (
        f"{path.name} is stale: run `python -m helpers.plots.diagrams` and commit course/figures/")


def test_markdown_snippet_embeds_the_drawing_with_alt_text():
    import base64
    snippet = diagrams.markdown("dbs_lead")
    assert snippet.startswith('<img class="course-diagram" data-diagram="dbs_lead" src="data:image/svg+xml;base64,')
    encoded = snippet.split('src="data:image/svg+xml;base64,')[1].split('"')[0]
    assert base64.b64decode(encoded).decode("utf-8") == diagrams.svg("dbs_lead"), "the embedded SVG is not the drawing"
    assert 'alt="A vertical DBS lead' in snippet and "../" not in snippet
    assert "*Diagram: " in snippet
    with pytest.raises(ValueError, match="not a diagram"):
        diagrams.markdown("no_such_diagram")


def test_dbs_lead_capsule_is_nearest_the_deepest_contact():
    """Posteroventral GPi: the capsule lies nearest the deepest contacts (Patel et al. 2021)."""
    root = ET.fromstring(diagrams.svg("dbs_lead"))
    capsule = next(p for p in root.iter(SVG_NS + "path") if p.get("fill") == "#F6DDCC")
    pts = [tuple(map(float, xy.split(","))) for xy in re.findall(r"[\d.]+,[\d.]+", capsule.get("d"))]
    inner_top, inner_bottom = pts[0], pts[3]          # the edge that faces the lead
    assert inner_bottom[1] > inner_top[1] and inner_bottom[0] < inner_top[0], "capsule must approach the lead's tip"
