"""Explanatory diagrams of the course, drawn as plain SVG text (no plotting library).

Each diagram is a function returning an SVG document (a string) and is listed in
:data:`DIAGRAMS` with its caption (what it shows, with its sources) and its alt
text (what a reader who cannot see it needs).  The committed files in
``course/figures/<name>.svg`` are written by :func:`write_all`
(``python -m helpers.plots.diagrams``); a test checks that they are current.

A notebook shows a diagram either

- from Markdown (visible before any cell runs; works in JupyterLab, in nbconvert's
  HTML (feedback) and in the book), with the snippet :func:`markdown` prints: the
  SVG travels inside the notebook as a ``data:`` URI, so a notebook needs no file
  beside it (a fetched, downloaded or e-mailed notebook still shows it)::

      <img class="course-diagram" data-diagram="reciprocal_inhibition" src="data:image/svg+xml;base64,..." alt="..." width="720">

      *Diagram: ...caption...*

  ``python tools/embed_diagrams.py`` re-embeds every diagram in the chapters after a
  drawing changes (a test fails while an embedded copy is stale).  Why not a cell
  attachment: JupyterLab 4 renders attachments only as raster images
  (``image/svg+xml`` raises "Cannot render unknown image mime type").

- or from a code cell: ``helpers.plots.diagrams.show("reciprocal_inhibition")``,
  which displays a ``<figure>`` with the SVG, its alt text and its caption.

Colours are the Okabe & Ito (2008) palette of :mod:`helpers.plots.style`;
every colour-coded element is also named in text or drawn with its own line
style (dashed for inhibition, bar ends on inhibitory synapses).  The drawings
are schematic: sizes are not to scale unless the caption says so.
"""
import base64
import html
from pathlib import Path

from .style import PALETTE

BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY, YELLOW, BLACK = PALETTE
GREY = "#767676"
LIGHT = "#EDEDED"
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"

#: Where the committed SVG files live, relative to the repository root.
FIGURES_DIR = Path(__file__).resolve().parents[2] / "course" / "figures"


# --- SVG primitives --------------------------------------------------------------------------
def _esc(text):
    return html.escape(str(text), quote=True)


def _svg(name, width, height, title, desc, body):
    """A standalone, accessible SVG document (role img, title and desc referenced)."""
    defs = f"""<defs>
<marker id="{name}-exc" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
<path d="M0,0 L10,5 L0,10 z" fill="{BLACK}"/></marker>
<marker id="{name}-inh" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="8" markerHeight="8" orient="auto">
<path d="M5,0 L5,10" stroke="{BLACK}" stroke-width="3"/></marker>
</defs>"""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-labelledby="{name}-title {name}-desc" '
            f'font-family="{FONT}" font-size="13">\n'
            f'<title id="{name}-title">{_esc(title)}</title>\n<desc id="{name}-desc">{_esc(desc)}</desc>\n'
            f'{defs}\n<rect width="{width}" height="{height}" fill="white"/>\n{body}\n</svg>\n')


def _text(x, y, s, size=13, anchor="start", weight="normal", fill=BLACK, style="normal"):
    lines = str(s).split("\n")
    if len(lines) == 1:
        return (f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
                f'font-style="{style}" fill="{fill}">{_esc(s)}</text>')
    spans = "".join(f'<tspan x="{x}" dy="{0 if i == 0 else 1.2}em">{_esc(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'font-style="{style}" fill="{fill}">{spans}</text>')


def _rect(x, y, w, h, fill="white", stroke=BLACK, rx=6, sw=1.5, dash=None):
    d = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" fill="{fill}" stroke="{stroke}" stroke-width="{sw}"{d}/>'


def _circle(cx, cy, r, fill="white", stroke=BLACK, sw=1.5):
    return f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{fill}" stroke="{stroke}" stroke-width="{sw}"/>'


def _path(name, d, kind="exc", color=BLACK, sw=2.0, dash=None):
    """A connection: ``kind`` 'exc' (arrow head), 'inh' (bar end, dashed) or 'plain'."""
    marker = f' marker-end="url(#{name}-{kind})"' if kind in ("exc", "inh") else ""
    if kind == "inh" and dash is None:
        dash = "6 3"
    d_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<path d="{d}" fill="none" stroke="{color}" stroke-width="{sw}"{d_attr}{marker}/>'


def _box(x, y, w, h, label, fill="white", stroke=BLACK, size=13, weight="bold", sub=None):
    out = [_rect(x, y, w, h, fill=fill, stroke=stroke)]
    cy = y + h / 2 + (size * 0.35 if sub is None else -2)
    out.append(_text(x + w / 2, cy, label, size=size, anchor="middle", weight=weight))
    if sub:
        out.append(_text(x + w / 2, cy + size + 2, sub, size=size - 2, anchor="middle"))
    return "\n".join(out)


def _legend_synapses(name, x, y):
    return "\n".join([
        _path(name, f"M{x},{y} L{x + 40},{y}", "exc"), _text(x + 48, y + 4, "excitatory", 12),
        _path(name, f"M{x + 140},{y} L{x + 180},{y}", "inh"), _text(x + 188, y + 4, "inhibitory", 12)])


# --- 1. Reciprocal inhibition and the H-reflex protocol --------------------------------------
def reciprocal_inhibition():
    """Ia reciprocal inhibition at the wrist and the H-reflex conditioning protocol."""
    n = "ri"
    b = []
    b.append(_rect(170, 30, 380, 190, fill=LIGHT, stroke=GREY, rx=14))
    b.append(_text(182, 50, "spinal cord, C6–C8", 12, "start", fill="#333333"))   # clear of the descending line
    # neurons
    b.append(_circle(260, 165, 17, fill=BLUE))
    b.append(_text(282, 190, "flexor (FCR)\nmotoneuron", 11, "start"))   # beside, clear of the motor axon
    b.append(_circle(460, 165, 17, fill=VERMILLION))
    b.append(_text(460, 200, "extensor\nmotoneuron", 11, "middle"))
    b.append(_circle(360, 110, 11, fill=BLACK))
    b.append(_text(344, 88, "Ia inhibitory\ninterneuron", 11, "end"))   # left, clear of the extensor afferent
    # descending control
    b.append(_path(n, "M360,8 L360,97", "exc", color=GREY, dash="2 3"))
    b.append(_text(352, 20, "descending (corticospinal) control", 11, "end", fill="#333333"))
    # muscles
    b.append('<ellipse cx="150" cy="330" rx="95" ry="28" fill="#D6E6F2" stroke="#0072B2" stroke-width="1.5"/>')
    b.append(_text(150, 335, "wrist flexor (FCR)", 12, "middle", "bold"))
    b.append('<ellipse cx="570" cy="330" rx="95" ry="28" fill="#F6DDCC" stroke="#D55E00" stroke-width="1.5"/>')
    b.append(_text(570, 335, "wrist extensors", 12, "middle", "bold"))
    # flexor Ia afferent: from FCR spindle up to the flexor motoneuron (monosynaptic)
    b.append(_path(n, "M110,303 C110,220 180,150 240,160", "exc", color=BLUE))
    b.append(_text(36, 230, "Ia afferent\nfrom FCR\nspindles", 11, fill=BLUE))
    # flexor motor axon down to FCR
    b.append(_path(n, "M262,183 C262,250 220,280 190,302", "exc", color=BLUE, sw=2.5))
    b.append(_text(228, 262, "motor axon", 11, "end", fill=BLUE))
    # extensor Ia afferent: to the extensor motoneuron and to the Ia interneuron
    b.append(_path(n, "M610,303 C610,220 540,150 480,160", "exc", color=VERMILLION))
    b.append(_path(n, "M560,200 C520,130 430,105 374,108", "exc", color=VERMILLION))
    b.append(_text(612, 230, "Ia afferent from\nextensor spindles\n(radial nerve)", 11, fill=VERMILLION))
    # interneuron inhibits the flexor motoneuron
    b.append(_path(n, "M350,118 C320,140 300,155 282,160", "inh"))
    # stimulation sites
    b.append(_rect(20, 372, 250, 44, fill="white", stroke=BLUE, rx=4))
    b.append(_text(30, 390, "TEST: median-nerve pulse evokes the", 11))
    b.append(_text(30, 406, "FCR H-reflex (Ia → motoneuron → EMG)", 11))
    b.append(_rect(450, 372, 250, 44, fill="white", stroke=VERMILLION, rx=4))
    b.append(_text(460, 390, "CONDITIONING: radial-nerve pulse", 11))
    b.append(_text(460, 406, "below motor threshold, ISI earlier", 11))
    # timeline of the protocol
    b.append(_text(20, 446, "Protocol: the conditioning pulse comes first, the test pulse one interstimulus interval (ISI) later;\n"
                       "the conditioned H-reflex is compared with the H-reflex to the test pulse alone.", 11))
    y0 = 492
    b.append(_path(n, f"M40,{y0} L650,{y0}", "exc", color=GREY, sw=1.2))
    b.append(_text(656, y0 + 4, "ISI (ms)", 11))
    for x, label, phase in ((120, "0", "phase 1: disynaptic\nIa inhibition"),
                            (330, "≈ 20", "phase 2: presynaptic\ninhibition"),
                            (560, "≈ 100", "phase 3: late\ninhibition")):
        b.append(f'<line x1="{x}" y1="{y0 - 8}" x2="{x}" y2="{y0 + 8}" stroke="{BLACK}" stroke-width="2"/>')
        b.append(_text(x, y0 + 24, label, 11, "middle", "bold"))
        b.append(_text(x, y0 + 42, phase, 11, "middle"))
    b.append(_legend_synapses(n, 430, 578))
    return _svg(n, 720, 592, "Reciprocal inhibition and the H-reflex conditioning protocol", ALT[n], "\n".join(b))


# --- 2. Basal-ganglia pathways as centre-surround ----------------------------------------------
def basal_ganglia_pathways():
    """Direct, indirect and hyperdirect pathways; centre-surround; Nambu's sequence."""
    n = "bg"
    b = []
    # left: the circuit
    b.append(_box(110, 20, 200, 40, "Cortex", fill="#F2F2F2"))
    b.append(_box(30, 110, 120, 44, "Striatum D1", fill="#D6E6F2", size=12))
    b.append(_box(170, 110, 120, 44, "Striatum D2", fill="#F6DDCC", size=12))
    b.append(_box(170, 190, 120, 40, "GPe", size=12))
    b.append(_box(300, 250, 100, 40, "STN", fill="#FFF3C4", size=12))
    b.append(_box(60, 310, 180, 44, "GPi (output)", fill=LIGHT, size=12))
    b.append(_box(60, 400, 180, 40, "Thalamus → cortex", size=12))
    b.append(_path(n, "M160,60 L95,108", "exc"))
    b.append(_path(n, "M210,60 L230,108", "exc"))
    b.append(_path(n, "M300,60 C360,120 360,200 350,248", "exc", color=ORANGE, sw=2.5))   # hyperdirect
    b.append(_text(362, 140, "hyperdirect\n(fast, broad)", 11, fill="#8A5A00"))
    b.append(_path(n, "M90,154 L120,306", "inh", color=BLUE, sw=2.5))                      # direct
    b.append(_text(20, 230, "direct\n(focused)", 11, fill=BLUE))
    b.append(_path(n, "M230,154 L230,188", "inh", color=VERMILLION))
    b.append(_path(n, "M262,230 L320,248", "inh", color=VERMILLION))                         # GPe -> STN
    b.append(_path(n, "M320,290 L220,308", "exc", color=VERMILLION, sw=2.5))               # STN -> GPi (indirect)
    b.append(_text(238, 176, "indirect", 11, fill=VERMILLION))
    b.append(_path(n, "M150,354 L150,398", "inh"))
    b.append(_text(158, 382, "GPi brakes the thalamus", 11))
    # right: centre-surround over motor programmes
    x0, y0 = 440, 40
    b.append(_text(x0, y0, "Centre–surround selection\n(Mink 1996)", 13, weight="bold"))
    b.append(_text(x0, y0 + 38, "GPi activity over neighbouring\nmotor programmes", 11, fill="#333333"))
    base = y0 + 170
    heights = [60, 66, 74, 84, 14, 84, 74, 66, 60]
    for i, h in enumerate(heights):
        x = x0 + 10 + i * 28
        fill = BLUE if i == 4 else "#BBBBBB"
        b.append(f'<rect x="{x}" y="{base - h}" width="20" height="{h}" fill="{fill}" stroke="#333333" stroke-width="0.8"/>')
    b.append(f'<line x1="{x0}" y1="{base}" x2="{x0 + 266}" y2="{base}" stroke="{BLACK}"/>')
    b.append(_text(x0, base + 18, "centre: GPi falls (direct)\n→ the selected programme runs", 11, fill=BLUE))
    b.append(_text(x0, base + 50, "surround: GPi rises (hyperdirect,\nindirect) → neighbours are braked", 11))
    # Nambu's temporal sequence
    y1 = 385
    b.append(_text(x0, y1 - 84, "GPi response to one cortical\npulse (Nambu et al. 2002)", 12, weight="bold"))
    b.append(f'<line x1="{x0}" y1="{y1 + 40}" x2="{x0 + 240}" y2="{y1 + 40}" stroke="{GREY}"/>')
    b.append(_text(x0 + 244, y1 + 44, "time", 11))
    b.append(f'<path d="M{x0},{y1} L{x0 + 40},{y1} L{x0 + 55},{y1 - 30} L{x0 + 72},{y1} L{x0 + 90},{y1 + 30} '
             f'L{x0 + 120},{y1} L{x0 + 140},{y1 - 22} L{x0 + 165},{y1} L{x0 + 240},{y1}" fill="none" '
             f'stroke="{BLACK}" stroke-width="2"/>')
    b.append(f'<line x1="{x0 + 20}" y1="{y1 + 36}" x2="{x0 + 20}" y2="{y1 + 44}" stroke="{BLACK}" stroke-width="2"/>')
    b.append(_text(x0 + 20, y1 + 58, "cortical pulse", 10, "middle"))
    b.append(_text(x0 + 55, y1 - 50, "1 early excitation\n(hyperdirect)", 10, "middle", fill="#8A5A00"))
    b.append(_text(x0 + 92, y1 + 50, "2 inhibition\n(direct)", 10, "middle", fill=BLUE))
    b.append(_text(x0 + 190, y1 - 30, "3 late excitation\n(indirect)", 10, "middle", fill=VERMILLION))
    b.append(_legend_synapses(n, 20, 470))
    return _svg(n, 720, 485, "Basal-ganglia pathways as centre-surround selection", ALT[n], "\n".join(b))


# --- 3. Paired-pulse TMS --------------------------------------------------------------------
def paired_pulse_tms():
    """Timelines of SICI, ICF and LICI: conditioning (CS) and test (TS) pulses."""
    n = "pp"
    b = []
    rows = (("SICI", "1–5 ms", "subthreshold CS (~70–80 % RMT)", 26, "MEP smaller: GABA-A inhibition",
             "Kujirai et al. 1993", 130),
            ("ICF", "7–20 ms", "subthreshold CS (~70–80 % RMT)", 26, "MEP larger: facilitation",
             "Kujirai et al. 1993", 230),
            ("LICI", "50–200 ms", "suprathreshold CS (like the TS)", 52, "MEP smaller: GABA-B inhibition",
             "Valls-Solé et al. 1992", 360))
    for i, (name, isi, cs_text, cs_h, effect, ref, gap) in enumerate(rows):
        y = 70 + i * 130
        b.append(_text(20, y - 30, name, 16, weight="bold"))
        b.append(_text(90, y - 30, f"ISI {isi}", 13, weight="bold", fill="#333333"))
        b.append(f'<line x1="60" y1="{y + 50}" x2="640" y2="{y + 50}" stroke="{GREY}" stroke-width="1.2"/>')
        cs_x, ts_x = 90, 90 + gap
        b.append(f'<rect x="{cs_x - 5}" y="{y + 50 - cs_h}" width="10" height="{cs_h}" fill="{SKY}" stroke="{BLACK}"/>')
        b.append(f'<rect x="{ts_x - 5}" y="{y - 2}" width="10" height="52" fill="{ORANGE}" stroke="{BLACK}"/>')
        b.append(_text(cs_x, y + 68, "CS", 12, "middle", "bold"))
        b.append(_text(ts_x, y + 68, "TS", 12, "middle", "bold"))
        b.append(_path(n, f"M{cs_x + 8},{y + 30} L{ts_x - 8},{y + 30}", "exc", color=GREY, sw=1.2))
        b.append(_text((cs_x + ts_x) / 2, y + 24, f"ISI {isi}", 11, "middle"))
        b.append(_text(cs_x - 0, y + 86, cs_text + "; TS gives a ~1 mV MEP alone", 11))
        b.append(_text(500, y + 10, effect.replace(": ", ":\n"), 12, weight="bold",
                       fill=BLUE if "smaller" in effect else VERMILLION))
        b.append(_text(500, y + 46, ref, 11, fill="#333333", style="italic"))
    b.append(_text(20, 440, "Both pulses come from the same coil over the hand motor cortex; the conditioned MEP is\n"
                       "compared with the MEP to the test pulse alone (conditioned / test ratio). Dystonia: SICI is\n"
                       "reduced at rest (Ridding et al. 1995); LICI only during voluntary activation (Chen et al. 1997).\n"
                       "Timelines not to scale.", 11))
    return _svg(n, 720, 505, "Paired-pulse TMS: SICI, ICF and LICI timelines", ALT[n], "\n".join(b))


# --- 4. Cue combination -----------------------------------------------------------------------
def cue_combination():
    """Precision-weighted fusion of motor prediction, proprioception and the sensory trick."""
    n = "cue"
    b = []
    cues = (("motor prediction", "efference copy: where the\ncommand should put the head", BLUE, 40),
            ("proprioception", "muscle spindles: where the\nhead is felt to be", VERMILLION, 160),
            ("sensory trick (touch)", "a hand on the chin: an extra,\nprecise cue (course hypothesis)", GREEN, 280))
    for name, sub, color, y in cues:
        b.append(_rect(20, y, 250, 80, fill="white", stroke=color, sw=2.5))
        b.append(_text(35, y + 24, name, 13, weight="bold", fill=BLACK))
        b.append(_text(35, y + 44, sub, 11))
        b.append(_path(n, f"M272,{y + 40} L398,{200}", "exc", color=color, sw=2.5,
                       dash="5 3" if name.startswith("sensory") else None))
    b.append(_rect(400, 150, 300, 100, fill=LIGHT, stroke=BLACK))
    b.append(_text(550, 176, "weighted average", 14, "middle", "bold"))
    b.append(_text(550, 198, "weight of each cue ∝ its precision 1/σ²", 12, "middle"))
    b.append(_text(550, 218, "x̂ = Σ wᵢ xᵢ,   wᵢ = σᵢ⁻² / Σ σⱼ⁻²", 12, "middle"))
    b.append(_text(550, 238, "fused σ² = 1 / Σ σᵢ⁻²  (smaller than any cue's)", 11, "middle"))
    b.append(_path(n, "M550,252 L550,300", "exc", sw=2.5))
    b.append(_rect(430, 302, 240, 50, fill="white", stroke=BLACK, sw=2.5))
    b.append(_text(550, 332, "believed head posture", 13, "middle", "bold"))
    b.append(_text(20, 392, "Ernst & Banks 2002: cues combine by precision. Hypothesis for dystonia: noisy proprioception\n"
                       "(large σ) lets the prediction dominate; a precise touch cue restores the weight of sensing (the\n"
                       "sensory trick). A debated idea, not settled.", 11))
    return _svg(n, 720, 440, "Precision-weighted cue combination and the sensory trick", ALT[n], "\n".join(b))


# --- 5. TorsinA in the ER and the nuclear envelope --------------------------------------------
def torsin_a():
    """TorsinA in the lumen of the ER and nuclear envelope, with its activators LAP1 and LULL1."""
    n = "tor"
    b = []
    # nucleus: inner and outer nuclear membranes
    b.append(_circle(200, 220, 150, fill="#FFF8E6", stroke=BLACK, sw=2))     # outer nuclear membrane
    b.append(_circle(200, 220, 132, fill="#F4F4F4", stroke=BLACK, sw=2))     # inner nuclear membrane
    b.append(_text(200, 225, "nucleus", 15, "middle", "bold", fill="#555555"))
    b.append(_text(200, 245, "(chromatin, lamina)", 11, "middle", fill="#555555"))
    # ER continuous with the outer nuclear membrane
    b.append('<path d="M345,180 C420,150 470,180 520,150 C580,115 640,140 700,120" fill="none" stroke="black" stroke-width="2"/>')
    b.append('<path d="M348,202 C420,175 470,205 525,175 C585,140 640,165 700,145" fill="none" stroke="black" stroke-width="2"/>')
    b.append('<path d="M345,250 C420,280 480,250 540,290 C600,325 650,300 700,320" fill="none" stroke="black" stroke-width="2"/>')
    b.append('<path d="M342,272 C420,303 480,272 535,312 C595,347 650,323 700,343" fill="none" stroke="black" stroke-width="2"/>')
    b.append(_text(600, 110, "endoplasmic reticulum (ER)", 12, "middle", "bold"))
    b.append(_text(600, 372, "ER lumen is continuous with the\nperinuclear space", 11, "middle"))
    # LAP1 in the inner nuclear membrane (left side of the envelope), LULL1 in the ER membrane
    for angle_x, angle_y in ((80, 140), (70, 290), (200, 88)):
        b.append(f'<rect x="{angle_x - 6}" y="{angle_y - 6}" width="12" height="12" fill="{BLUE}" stroke="black"/>')
    b.append(_text(15, 48, "LAP1 (inner nuclear\nmembrane)", 11, fill=BLUE, weight="bold"))
    b.append(_path(n, "M60,72 L80,132", "plain", color=BLUE, sw=1))
    for x, y in ((470, 187), (600, 137)):
        b.append(f'<rect x="{x - 6}" y="{y - 6}" width="12" height="12" fill="{GREEN}" stroke="black"/>')
    b.append(_text(455, 232, "LULL1 (ER membrane)", 11, fill="#00664A", weight="bold"))
    # torsinA rings in the lumen
    for x, y in ((92, 128), (216, 78), (480, 178), (612, 128), (560, 302)):
        b.append(_circle(x + 10, y + 2, 7, fill=VERMILLION, stroke=BLACK, sw=1))
    b.append(_text(560, 262, "torsinA (AAA+ ATPase) in the lumen", 11, "middle", fill="#A04000", weight="bold"))
    b.append(_text(20, 400, "TorsinA needs LAP1 or LULL1 to hydrolyse ATP (Zhao et al. 2013). The ΔE variant (c.907_909delGAG)\n"
                       "binds its activators poorly and collects in the nuclear envelope (Goodchild & Dauer 2004;\n"
                       "Naismith et al. 2004); neurons lacking torsinA form nuclear-envelope blebs (Goodchild et al.\n"
                       "2005). How this leads to dystonia is not settled.", 11))
    b.append(_circle(470, 20, 7, fill=VERMILLION, stroke=BLACK, sw=1))
    b.append(_text(482, 24, "torsinA", 11))
    b.append(f'<rect x="540" y="14" width="12" height="12" fill="{BLUE}" stroke="black"/>')
    b.append(_text(556, 24, "LAP1", 11))
    b.append(f'<rect x="610" y="14" width="12" height="12" fill="{GREEN}" stroke="black"/>')
    b.append(_text(626, 24, "LULL1", 11))
    return _svg(n, 720, 465, "TorsinA in the ER and nuclear envelope with LAP1 and LULL1", ALT[n], "\n".join(b))


# --- 6. The 2013 two-axis classification -------------------------------------------------------
def classification_axes():
    """Axis I (clinical features) and Axis II (aetiology) of the 2013 consensus."""
    n = "cls"
    b = []
    b.append(_rect(15, 15, 420, 400, fill="#F2F7FB", stroke=BLUE, sw=2))
    b.append(_text(225, 42, "Axis I — clinical characteristics", 15, "middle", "bold", fill="#004F7C"))
    items = (("Age at onset", "infancy 0–2 · childhood 3–12 · adolescence 13–20\nearly adulthood 21–40 · late adulthood > 40"),
             ("Body distribution", "focal · segmental · multifocal\ngeneralized (with or without legs) · hemidystonia"),
             ("Temporal pattern", "course: static or progressive\nvariability: persistent · action-specific · diurnal · paroxysmal"),
             ("Associated features", "isolated (dystonia ± tremor) or combined\n(with another movement disorder); other signs"))
    for i, (head, body) in enumerate(items):
        y = 70 + i * 86
        b.append(_rect(30, y, 390, 74, fill="white", stroke=GREY, rx=4, sw=1))
        b.append(_text(42, y + 22, head, 13, weight="bold"))
        b.append(_text(42, y + 42, body, 11))
    b.append(_rect(455, 15, 250, 400, fill="#FCF1EA", stroke=VERMILLION, sw=2))
    b.append(_text(580, 42, "Axis II — aetiology", 15, "middle", "bold", fill="#8A3A00"))
    items2 = (("Nervous-system pathology", "degeneration\nstructural (static) lesion\nno evidence of either"),
              ("Inherited or acquired", "inherited: AD, AR, X-linked,\nmitochondrial\nacquired: e.g. drugs, lesions\nidiopathic: sporadic, familial"))
    for i, (head, body) in enumerate(items2):
        y = 70 + i * 160
        b.append(_rect(470, y, 220, 140 if i else 100, fill="white", stroke=GREY, rx=4, sw=1))
        b.append(_text(482, y + 22, head, 13, weight="bold"))
        b.append(_text(482, y + 44, body, 11))
    b.append(_text(15, 440, "Albanese et al. 2013 (Mov Disord 28:863–873). A patient is described on both axes, for example:\n"
                       "adult-onset, focal, persistent, isolated; idiopathic.", 11))
    return _svg(n, 720, 470, "The 2013 consensus classification of dystonia on two axes", ALT[n], "\n".join(b))


# --- 7. Botulinum toxin at the neuromuscular junction ----------------------------------------
def toxin_junction():
    """How botulinum toxin blocks acetylcholine release: binding, uptake, SNARE cleavage."""
    n = "tox"
    b = []
    # nerve terminal
    b.append('<path d="M40,40 L300,40 C380,40 420,90 420,150 L420,230 L40,230 Z" fill="#F2F7FB" stroke="black" stroke-width="2"/>')
    b.append(_text(60, 64, "motor nerve terminal", 13, weight="bold"))
    # synaptic cleft and muscle
    b.append(f'<rect x="40" y="262" width="640" height="70" fill="#F6DDCC" stroke="black" stroke-width="2" rx="4"/>')
    b.append(_text(60, 320, "muscle fibre: end-plate with nicotinic ACh receptors", 12, weight="bold"))
    for x in range(90, 420, 40):
        b.append(f'<rect x="{x}" y="262" width="8" height="12" fill="{PURPLE}" stroke="black" stroke-width="0.8"/>')
    b.append(_text(430, 252, "synaptic cleft", 11, fill="#333333"))
    # vesicles with ACh, docked vesicle with SNAREs
    for cx, cy in ((110, 110), (160, 140), (220, 105), (300, 120)):
        b.append(_circle(cx, cy, 16, fill="white", stroke=BLACK))
        b.append(_text(cx, cy + 4, "ACh", 9, "middle"))
    b.append(_circle(250, 205, 18, fill="white", stroke=BLACK))
    b.append(_text(250, 209, "ACh", 9, "middle"))
    # SNAREs: VAMP on the vesicle, SNAP-25 and syntaxin on the membrane
    b.append(f'<line x1="240" y1="222" x2="236" y2="232" stroke="{BLUE}" stroke-width="4"/>')
    b.append(f'<line x1="258" y1="222" x2="262" y2="232" stroke="{ORANGE}" stroke-width="4"/>')
    b.append(f'<line x1="270" y1="220" x2="274" y2="232" stroke="{GREEN}" stroke-width="4"/>')
    b.append(_text(120, 200, "VAMP\n(synaptobrevin)", 11, "end", fill=BLUE, weight="bold"))
    b.append(_path(n, "M124,196 L232,226", "plain", color=BLUE, sw=1))
    b.append(_text(300, 182, "SNAP-25", 11, fill="#8A5A00", weight="bold"))
    b.append(_path(n, "M300,186 L262,226", "plain", color=ORANGE, sw=1))
    b.append(_text(330, 212, "syntaxin", 11, fill="#00664A", weight="bold"))
    b.append(_path(n, "M328,210 L276,226", "plain", color=GREEN, sw=1))
    # steps
    steps = ("1  Heavy chain binds the terminal (gangliosides + SV2 for type A,",
             "    synaptotagmin for type B) and is taken up by endocytosis.",
             "2  The light chain, a zinc protease, crosses into the cytosol.",
             "3  It cuts a SNARE protein: type A cuts SNAP-25, type B cuts VAMP.",
             "4  Vesicles can no longer fuse: no ACh release, the muscle weakens.",
             "5  Recovery over about 3 months: the terminal sprouts, then the",
             "    original terminal recovers; the dose is repeated.")
    for i, s in enumerate(steps):
        b.append(_text(40, 362 + i * 18, s, 11))
    b.append(_text(40, 500, "Pirazzini et al. 2017 (Pharmacol Rev 69:200–235). Schematic, not to scale; each SNARE is\n"
                       "named as well as coloured.", 11))
    return _svg(n, 720, 530, "Botulinum toxin at the neuromuscular junction", ALT[n], "\n".join(b))


# --- 8. Neck muscles in cervical dystonia -------------------------------------------------------
def neck_muscles():
    """The four head postures of cervical dystonia and the muscles usually injected for each."""
    n = "neck"
    b = []
    panels = (("Torticollis", "rotation (chin turns to one side)",
               "contralateral SCM\nipsilateral splenius\ncapitis (± ipsilateral\nlevator scapulae)"),
              ("Laterocollis", "tilt (ear towards shoulder)",
               "ipsilateral SCM,\nsplenius capitis,\nlevator scapulae\nand scalenes"),
              ("Anterocollis", "flexion (head forwards)",
               "both SCMs, scalenes;\ndeep: longus colli\n(lower SCM doses:\ndysphagia risk)"),
              ("Retrocollis", "extension (head backwards)",
               "both splenius capitis,\nsemispinalis capitis,\nupper trapezius"))
    for i, (name, move, muscles) in enumerate(panels):
        x = 20 + i * 176
        b.append(_rect(x, 20, 164, 330, fill="white", stroke=GREY, sw=1))
        b.append(_text(x + 82, 44, name, 14, "middle", "bold"))
        b.append(_text(x + 82, 62, move, 10, "middle"))
        cx, cy = x + 82, 130
        # shoulders and neck
        b.append(f'<path d="M{cx - 60},{cy + 75} Q{cx},{cy + 45} {cx + 60},{cy + 75}" fill="none" stroke="black" stroke-width="2"/>')
        b.append(f'<rect x="{cx - 11}" y="{cy + 28}" width="22" height="30" fill="{LIGHT}" stroke="black"/>')
        if i == 0:    # rotation: face turned, arrow around
            b.append(_circle(cx, cy, 30, fill="#FFF3C4"))
            b.append(f'<path d="M{cx + 12},{cy - 4} L{cx + 34},{cy + 2} L{cx + 12},{cy + 10}" fill="#FFF3C4" stroke="black"/>')
            b.append(_path(n, f"M{cx - 30},{cy - 38} Q{cx},{cy - 58} {cx + 30},{cy - 38}", "exc", color=VERMILLION, sw=2.5))
        elif i == 1:  # tilt
            b.append(f'<g transform="rotate(25 {cx} {cy + 28})">' + _circle(cx, cy, 30, fill="#FFF3C4") +
                     f'<path d="M{cx - 6},{cy + 28} L{cx + 6},{cy + 28}" stroke="black"/></g>')
            b.append(_path(n, f"M{cx - 10},{cy - 44} Q{cx + 30},{cy - 40} {cx + 40},{cy - 12}", "exc", color=VERMILLION, sw=2.5))
        elif i == 2:  # flexion, side view: nose points down-forward
            b.append(f'<g transform="rotate(30 {cx} {cy + 28})">' + _circle(cx, cy, 30, fill="#FFF3C4") +
                     f'<path d="M{cx + 28},{cy - 4} L{cx + 42},{cy + 4} L{cx + 28},{cy + 10}" fill="#FFF3C4" stroke="black"/></g>')
            b.append(_path(n, f"M{cx + 10},{cy - 44} Q{cx + 48},{cy - 30} {cx + 50},{cy + 6}", "exc", color=VERMILLION, sw=2.5))
        else:         # extension
            b.append(f'<g transform="rotate(-30 {cx} {cy + 28})">' + _circle(cx, cy, 30, fill="#FFF3C4") +
                     f'<path d="M{cx + 28},{cy - 4} L{cx + 42},{cy + 4} L{cx + 28},{cy + 10}" fill="#FFF3C4" stroke="black"/></g>')
            b.append(_path(n, f"M{cx + 10},{cy - 44} Q{cx - 36},{cy - 50} {cx - 44},{cy - 12}", "exc", color=VERMILLION, sw=2.5))
        b.append(_text(x + 10, 236, "usually injected:", 11, weight="bold"))
        b.append(_text(x + 10, 254, muscles, 11))
    b.append(_text(20, 376, "SCM = sternocleidomastoid; ipsilateral = the side the chin or ear moves towards. Typical patterns\n"
                       "(Jankovic et al. 1991; Reichel 2011, whose Col-Cap scheme also separates head-on-neck '-caput'\n"
                       "from neck-on-trunk '-collis' postures). Most patients mix patterns; muscles are chosen by\n"
                       "examination, with EMG or ultrasound guidance.", 11))
    return _svg(n, 720, 445, "Head postures in cervical dystonia and the muscles usually injected", ALT[n], "\n".join(b))


# --- 9. The DBS lead in posteroventral GPi -------------------------------------------------------
def dbs_lead():
    """A quadripolar lead in posteroventral GPi: contacts, activation sphere, capsule, optic tract."""
    n = "dbs"
    b = []
    mm = 28.0                    # pixels per mm for the lead itself (to scale: 3389-type lead)
    x_axis, z0 = 330, 360        # lead axis and the centre of contact 0 (deepest)
    # GPi outline (schematic) and neighbours
    b.append('<path d="M170,120 C240,80 420,90 480,150 C510,190 450,330 400,380 C340,430 230,410 200,350 '
             'C160,280 130,180 170,120 Z" fill="#EAF3EA" stroke="#009E73" stroke-width="2"/>')
    b.append(_text(168, 160, "GPi\n(postero-\nventral,\nsensori-\nmotor)", 12, fill="#00664A", weight="bold"))
    b.append('<path d="M560,110 L640,110 L470,440 L392,432 Z" fill="#F6DDCC" '
             'stroke="#D55E00" stroke-width="2" stroke-dasharray="6 3"/>')
    b.append(_text(560, 290, "internal capsule\n(posterior limb):\nmedial and\nposterior, nearest\nthe deepest contacts",
                   11, fill="#A04000", weight="bold"))
    b.append(_text(560, 505, "lateral ←  → medial", 11, fill="#333333"))
    b.append('<path d="M180,452 C280,432 420,432 560,455" fill="none" stroke="#CC79A7" stroke-width="10" '
             'stroke-linecap="round"/>')
    b.append(_text(200, 482, "optic tract: just below the tip", 12, fill="#8B3F75", weight="bold"))
    # lead: 1.27 mm wide, contacts 1.5 mm high with 0.5 mm gaps (centres 2 mm apart)
    w = 1.27 * mm
    top = z0 - (6 + 0.75) * mm - 60
    b.append(f'<rect x="{x_axis - w / 2}" y="{top}" width="{w}" height="{z0 + 0.75 * mm - top + 6}" rx="{w / 2}" '
             f'fill="#DDDDDD" stroke="black" stroke-width="1.5"/>')
    for k in range(4):
        zc = z0 - 2 * k * mm
        b.append(f'<rect x="{x_axis - w / 2}" y="{zc - 0.75 * mm}" width="{w}" height="{1.5 * mm}" fill="#4D4D4D" '
                 f'stroke="black"/>')
        b.append(_text(x_axis - w / 2 - 8, zc + 5, f"contact {k}", 11, "end", "bold"))
    # activation sphere around contact 1
    b.append(f'<circle cx="{x_axis}" cy="{z0 - 2 * mm}" r="{2.6 * mm}" fill="{ORANGE}" fill-opacity="0.22" '
             f'stroke="{ORANGE}" stroke-width="2" stroke-dasharray="4 3"/>')
    # label above the sphere, inside GPi and clear of the capsule, with a leader line to the sphere's edge
    b.append(_text(x_axis + 32, z0 - 2 * mm - 134, "activation sphere\n(2.6 mm: 3.4 mA at\n90 µs, course model)", 11,
                   fill="#8A5A00"))
    b.append(_path(n, f"M{x_axis + 48},{z0 - 2 * mm - 100} L{x_axis + 51},{z0 - 2 * mm - 52}", "plain", color=ORANGE,
                   sw=1))
    # scale bar
    b.append(f'<line x1="40" y1="500" x2="{40 + 2 * mm}" y2="500" stroke="black" stroke-width="3"/>')
    b.append(_text(40 + mm, 518, "2 mm (lead and sphere to scale)", 10, "start"))
    b.append(_text(30, 30, "Deep brain stimulation lead in the pallidum (coronal-oblique sketch)", 14, weight="bold"))
    b.append(_text(30, 50, "3389-type lead: 1.27 mm diameter, four 1.5 mm contacts, 0.5 mm apart; contact 0 is the deepest.",
                   11))
    b.append(_text(30, 540, "Spread to the capsule gives tonic contraction or dysarthria; to the optic tract, phosphenes\n"
                       "(Patel et al. 2021). Anatomy schematic; lead and sphere to scale.", 11))
    return _svg(n, 720, 570, "A DBS lead in posteroventral GPi with its neighbours", ALT[n], "\n".join(b))


# --- 10. Pedigrees for the penetrance problems ----------------------------------------------------
def _person(x, y, sex, state, label=None, consultand=False):
    """Pedigree symbol (NSGC, Bennett et al. 2008): square male, circle female, diamond unknown.

    ``state``: 'affected' (filled), 'carrier' (dot: unaffected carrier), 'unaffected', 'unknown' ("?").
    """
    s = 16
    fill = BLACK if state == "affected" else "white"
    if sex == "M":
        shape = f'<rect x="{x - s}" y="{y - s}" width="{2 * s}" height="{2 * s}" fill="{fill}" stroke="black" stroke-width="2"/>'
    elif sex == "F":
        shape = _circle(x, y, s, fill=fill, stroke=BLACK, sw=2)
    else:
        shape = (f'<path d="M{x},{y - s - 2} L{x + s + 2},{y} L{x},{y + s + 2} L{x - s - 2},{y} Z" fill="white" '
                 f'stroke="black" stroke-width="2"/>')
    out = [shape]
    if state == "carrier":
        out.append(_circle(x, y, 5, fill=BLACK, stroke=BLACK, sw=1))
    if state == "unknown":
        out.append(_text(x, y + 6, "?", 16, "middle", "bold"))
    if consultand:
        out.append(_path("ped", f"M{x - 58},{y} L{x - s - 4},{y}", "exc", sw=2))
    if label:
        out.append(_text(x, y + s + 18, label, 11, "middle"))
    return "\n".join(out)


def pedigrees():
    """The two families of the penetrance problems (01c Problem 8, 02b Problem 10)."""
    n = "ped"
    b = []
    # left family: chapter 1's penetrance problem
    b.append(_text(20, 28, "A · Counselling a sibling\n(chapter 1)", 13, weight="bold"))
    b.append(_person(110, 80, "M", "carrier", "father: carrier"))
    b.append(_person(230, 80, "F", "unaffected", "mother"))
    b.append('<line x1="126" y1="80" x2="214" y2="80" stroke="black" stroke-width="2"/>')
    b.append('<line x1="170" y1="80" x2="170" y2="125" stroke="black" stroke-width="2"/>')
    b.append('<line x1="100" y1="125" x2="250" y2="125" stroke="black" stroke-width="2"/>')
    b.append('<line x1="100" y1="125" x2="100" y2="154" stroke="black" stroke-width="2"/>')
    b.append('<line x1="250" y1="125" x2="250" y2="154" stroke="black" stroke-width="2"/>')
    b.append(_person(100, 170, "M", "affected", "brother: DYT-TOR1A"))
    b.append(_person(250, 170, "F", "unaffected", "sister, adult,\nunaffected", consultand=True))
    b.append(_person(350, 170, "M", "unaffected", "partner:\nnot a carrier"))
    b.append('<line x1="266" y1="170" x2="334" y2="170" stroke="black" stroke-width="2"/>')
    b.append('<line x1="300" y1="170" x2="300" y2="250" stroke="black" stroke-width="2"/>')
    b.append(_person(300, 268, "U", "unknown", "future child:\nrisk of dystonia?"))
    # right family: chapter 2's penetrance problem
    x0 = 355
    b.append(_text(x0 + 20, 28, "B · Two unaffected generations\n(chapter 2)", 13, weight="bold"))
    b.append(_person(x0 + 150, 80, "U", "carrier"))
    b.append(_text(x0 + 176, 85, "parent: known carrier", 11))   # beside, clear of the line of descent
    b.append(f'<line x1="{x0 + 150}" y1="98" x2="{x0 + 150}" y2="125" stroke="black" stroke-width="2"/>')
    # the affected man sits 100 px into family B, so his name stays clear of family A's partner
    b.append(f'<line x1="{x0 + 100}" y1="125" x2="{x0 + 220}" y2="125" stroke="black" stroke-width="2"/>')
    b.append(f'<line x1="{x0 + 100}" y1="125" x2="{x0 + 100}" y2="154" stroke="black" stroke-width="2"/>')
    b.append(f'<line x1="{x0 + 220}" y1="125" x2="{x0 + 220}" y2="154" stroke="black" stroke-width="2"/>')
    b.append(_person(x0 + 100, 170, "M", "affected", "man: DYT-TOR1A"))
    b.append(_person(x0 + 220, 170, "M", "unaffected", "brother, 55,\nunaffected"))
    b.append(_person(x0 + 300, 170, "F", "unaffected", "wife: not\na carrier"))
    b.append(f'<line x1="{x0 + 236}" y1="170" x2="{x0 + 284}" y2="170" stroke="black" stroke-width="2"/>')
    b.append(f'<line x1="{x0 + 265}" y1="170" x2="{x0 + 265}" y2="250" stroke="black" stroke-width="2"/>')
    b.append(_person(x0 + 265, 268, "F", "unaffected", "daughter, 30,\nunaffected: carrier?", consultand=True))
    # key
    y = 345
    b.append(_person(40, y, "M", "affected"))
    b.append(_text(64, y + 5, "affected", 11))
    b.append(_person(150, y, "M", "carrier"))
    b.append(_text(174, y + 5, "unaffected carrier", 11))
    b.append(_person(310, y, "M", "unaffected"))
    b.append(_text(334, y + 5, "unaffected (status unknown)", 11))
    b.append(_text(20, y + 38, "Square male, circle female, diamond sex not given; arrow: the person asking (consultand).", 11))
    b.append(_text(20, 406, "Autosomal dominant inheritance with reduced penetrance (≈ 30 % for TOR1A ΔE; Ozelius et al.\n"
                       "1997). Symbols after Bennett et al. 2008.", 11))
    return _svg(n, 720, 435, "Pedigrees of the two penetrance problems", ALT[n], "\n".join(b))


# --- registry -------------------------------------------------------------------------------
ALT = {
    "ri": ("Diagram of the spinal circuit at the wrist. Ia afferents from flexor (FCR) muscle spindles excite the flexor "
           "motoneuron directly. Ia afferents from the extensors, in the radial nerve, excite the extensor motoneuron "
           "and an Ia inhibitory interneuron, which inhibits the flexor motoneuron; descending corticospinal fibres also "
           "reach the interneuron. A test pulse to the median nerve evokes the FCR H-reflex; a conditioning pulse to the "
           "radial nerve, below motor threshold, comes earlier by the interstimulus interval. A timeline marks the three "
           "phases of inhibition: disynaptic Ia at 0 ms, presynaptic at about 20 ms, late at about 100 ms."),
    "bg": ("Left: a circuit diagram. Cortex excites the striatum and, by the hyperdirect pathway, the subthalamic "
           "nucleus. Striatal D1 neurons inhibit GPi (direct pathway); D2 neurons inhibit GPe, which inhibits the STN, "
           "which excites GPi (indirect pathway). GPi inhibits the thalamus. Right, top: bars of GPi activity over nine "
           "motor programmes, low for the selected centre programme and high for its neighbours (centre-surround). Right, "
           "bottom: GPi firing after one cortical pulse: early excitation (hyperdirect), then inhibition (direct), then "
           "late excitation (indirect)."),
    "pp": ("Three timelines of paired-pulse TMS. SICI: a small subthreshold conditioning pulse 1 to 5 ms before a larger "
           "test pulse makes the MEP smaller (GABA-A). ICF: the same pulses 7 to 20 ms apart make the MEP larger. LICI: a "
           "suprathreshold conditioning pulse 50 to 200 ms before the test pulse makes the MEP smaller (GABA-B)."),
    "cue": ("Three boxes, motor prediction, proprioception and the sensory trick (touch, drawn dashed as a course "
            "hypothesis), feed arrows into a weighted-average box: each cue is weighted by its precision, one over its "
            "variance, and the fused variance is smaller than any cue's. The result is the believed head posture."),
    "tor": ("A cell nucleus drawn as two concentric membranes, the inner and outer nuclear membranes, with the "
            "endoplasmic reticulum continuing from the outer membrane. Blue squares mark LAP1 in the inner nuclear "
            "membrane, green squares LULL1 in the ER membrane, and vermillion dots torsinA in the lumen between the "
            "membranes. Text: torsinA needs LAP1 or LULL1 to hydrolyse ATP; the Delta-E variant binds them poorly and "
            "collects in the nuclear envelope."),
    "cls": ("Two panels. Axis I, clinical characteristics: age at onset (infancy 0 to 2, childhood 3 to 12, adolescence 13 "
            "to 20, early adulthood 21 to 40, late adulthood over 40); body distribution (focal, segmental, multifocal, "
            "generalized, hemidystonia); temporal pattern (course and variability); associated features (isolated or "
            "combined). Axis II, aetiology: nervous-system pathology (degeneration, structural lesion, none) and inherited, "
            "acquired or idiopathic."),
    "tox": ("A motor nerve terminal above a muscle end-plate with acetylcholine receptors. Vesicles of acetylcholine sit "
            "in the terminal; one is docked by SNARE proteins: VAMP on the vesicle, SNAP-25 and syntaxin on the membrane. "
            "Numbered steps: the toxin's heavy chain binds and is taken up; the light chain enters the cytosol; type A cuts "
            "SNAP-25 and type B cuts VAMP; vesicles cannot fuse, so no acetylcholine is released; recovery takes about "
            "three months."),
    "neck": ("Four panels with a head on a neck. Torticollis, rotation: contralateral sternocleidomastoid and ipsilateral "
             "splenius capitis. Laterocollis, tilt: ipsilateral sternocleidomastoid, splenius capitis, levator scapulae "
             "and scalenes. Anterocollis, flexion: both sternocleidomastoids, scalenes and longus colli. Retrocollis, "
             "extension: both splenius capitis, semispinalis capitis and upper trapezius."),
    "dbs": ("A vertical DBS lead with four dark contacts numbered 0 (deepest) to 3, inside the outline of the "
            "posteroventral GPi. A dashed sphere around contact 1 shows the activated volume. The internal capsule, "
            "drawn dashed, lies medial and posterior, nearest the deepest contacts; the optic tract lies just below the "
            "tip. A 2 mm scale bar gives the lead's size."),
    "ped": ("Two pedigrees. A: a carrier father and his wife have an affected son and an unaffected adult daughter, "
            "marked as the consultand; she and a non-carrier partner plan a child, drawn as a diamond with a question "
            "mark. B: a known carrier parent has an affected son and an unaffected 55-year-old son; the unaffected son "
            "and his non-carrier wife have an unaffected 30-year-old daughter, the consultand, whose carrier status is "
            "asked."),
}

#: name -> (function, caption, alt key).  Captions cite the sources of what is drawn.
DIAGRAMS = {
    "reciprocal_inhibition": (reciprocal_inhibition, "Ia reciprocal inhibition at the wrist and how the H-reflex "
                              "test measures it: a radial-nerve conditioning pulse inhibits the flexor H-reflex in three "
                              "phases (Day et al. 1984; Nakashima et al. 1989).", "ri"),
    "basal_ganglia_pathways": (basal_ganglia_pathways, "Direct, indirect and hyperdirect pathways read as "
                               "centre–surround selection (Mink 1996; Nambu et al. 2002), with the triphasic GPi response "
                               "to one cortical pulse (Nambu et al. 2002). Simplified: GPe–GPi and other links omitted.",
                               "bg"),
    "paired_pulse_tms": (paired_pulse_tms, "Paired-pulse TMS protocols: SICI and ICF use a subthreshold conditioning "
                         "pulse at short intervals (Kujirai et al. 1993), LICI a suprathreshold one at long intervals "
                         "(Valls-Solé et al. 1992).", "pp"),
    "cue_combination": (cue_combination, "Precision-weighted combination of cues (Ernst & Banks 2002) and the course's "
                        "hypothesis for the sensory trick.", "cue"),
    "torsin_a": (torsin_a, "TorsinA, an AAA+ ATPase in the lumen of the ER and nuclear envelope, and its activators "
                 "LAP1 and LULL1 (Goodchild & Dauer 2004; Zhao et al. 2013).", "tor"),
    "classification_axes": (classification_axes, "The 2013 consensus classification: Axis I, clinical "
                            "characteristics; Axis II, aetiology (Albanese et al. 2013).", "cls"),
    "toxin_junction": (toxin_junction, "Botulinum toxin at the neuromuscular junction: type A cleaves SNAP-25 and type "
                       "B cleaves VAMP, blocking acetylcholine release (Pirazzini et al. 2017).", "tox"),
    "neck_muscles": (neck_muscles, "Head postures of cervical dystonia and the muscles usually injected for each "
                     "(Jankovic et al. 1991; Reichel 2011).", "neck"),
    "dbs_lead": (dbs_lead, "A 3389-type DBS lead in posteroventral GPi: the internal capsule lies medial and posterior, "
                 "nearest the deepest contacts, and the optic tract below the tip (Patel et al. 2021); the activation "
                 "sphere is the course's model.", "dbs"),
    "pedigrees": (pedigrees, "The two families of the penetrance problems, in standard pedigree notation (Bennett et "
                  "al. 2008).", "ped"),
}


def svg(name):
    """The SVG text of diagram ``name`` (see :data:`DIAGRAMS`)."""
    if name not in DIAGRAMS:
        raise ValueError(f"name = {name!r} is not a diagram; choose one of {sorted(DIAGRAMS)}")
    return DIAGRAMS[name][0]()


def caption(name):
    """The caption of diagram ``name``."""
    if name not in DIAGRAMS:
        raise ValueError(f"name = {name!r} is not a diagram; choose one of {sorted(DIAGRAMS)}")
    return DIAGRAMS[name][1]


def alt(name):
    """The alt text of diagram ``name``."""
    if name not in DIAGRAMS:
        raise ValueError(f"name = {name!r} is not a diagram; choose one of {sorted(DIAGRAMS)}")
    return ALT[DIAGRAMS[name][2]]


def data_uri(name):
    """Diagram ``name`` as a ``data:image/svg+xml;base64,...`` URI (it travels inside a notebook)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg(name).encode("utf-8")).decode("ascii")


def img_tag(name, width=720):
    """The ``<img>`` of diagram ``name``, its SVG embedded, with its alt text."""
    return (f'<img class="course-diagram" data-diagram="{name}" src="{data_uri(name)}" '
            f'alt="{_esc(alt(name))}" width="{width}">')


def markdown(name, width=720):
    """The Markdown a chapter pastes to show diagram ``name``: the embedded image and its caption."""
    return f"{img_tag(name, width)}\n\n*Diagram: {caption(name)}*\n"


class DiagramDisplay:
    """What :func:`show` displays: a ``<figure>`` with the SVG as an image, alt text and caption."""

    def __init__(self, name):
        self.name = name

    def _repr_html_(self):
        data = base64.b64encode(svg(self.name).encode("utf-8")).decode("ascii")
        return (f'<figure class="course-figure" style="margin:0.5em 0;max-width:720px">'
                f'<img src="data:image/svg+xml;base64,{data}" alt="{_esc(alt(self.name))}" '
                f'style="max-width:100%;height:auto">'
                f'<figcaption style="font-size:0.92em"><b>Diagram.</b> {_esc(caption(self.name))}</figcaption></figure>')

    def __repr__(self):
        return f"Diagram: {caption(self.name)}"


def show(name):
    """Display diagram ``name`` from a code cell (works in JupyterLab, nbconvert and the book)."""
    from IPython.display import display
    display(DiagramDisplay(name))


def write_all(folder=FIGURES_DIR):
    """Write every diagram to ``folder/<name>.svg``; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in DIAGRAMS:
        path = folder / f"{name}.svg"
        path.write_text(svg(name), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in write_all():
        print(p)
