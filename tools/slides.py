"""Build the lecture slides: ``make slides`` (or ``python tools/slides.py [--out DIR]``).

One reveal.js deck per chapter, from the lecture sources in ``course/slides/<deck>.md``, into
``_build/slides/`` (default): ``index.html`` (every deck with its outline), ``<deck>.html``,
``figures/`` and ``reveal/`` (reveal.js from the project's npm lock file, ``npm ci``).  The
folder is self-contained: zip it, open ``index.html`` from disk or any web server, offline.

A deck source is Markdown, one slide per block between lines of ``---``::

    ## Reciprocal inhibition                       <- the slide's title (its first heading)

    {diagram} reciprocal_inhibition                <- a course diagram (course/figures/<name>.svg)

    - bullet points ...

    Sources: Day et al. 1984, *J Physiol*.          <- a "Sources:" paragraph is set small

    Note:
    What to say: the speaker notes (press S in the deck to see them beside the slide).

and figures drawn by the course's own plot functions, the calls the notebooks make::

    ```{plot}
    :caption: Inhibition of the H-reflex against the conditioning-test interval (model).
    :alt: Two curves of H-reflex inhibition ...
    isi = np.linspace(-2, 200, 400)
    fig = plots.emg.plot_reciprocal_inhibition(isi, emg.reciprocal_inhibition_percent(isi), ...)
    ```

A plot block runs with ``np``, ``signal``, ``helpers``, ``plots`` (``helpers.plots``) and every
helpers module by its short name, and must leave a matplotlib figure in ``fig``; it becomes a
PNG with its alt text and caption.  Every slide needs notes: a slide without them stops the
build, as does a diagram or a plot that fails (the message names the deck and the slide).
"""
import argparse
import html
import importlib
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SOURCES = ROOT / "course" / "slides"
FIGURES = ROOT / "course" / "figures"
REVEAL = ROOT / "node_modules" / "reveal.js"
#: The reveal.js files a deck uses: (path in the npm package, path under <out>/reveal/).
REVEAL_FILES = (("dist/reset.css", "reset.css"), ("dist/reveal.css", "reveal.css"),
                ("dist/theme/white.css", "theme/white.css"), ("dist/reveal.js", "reveal.js"),
                ("dist/plugin/notes.js", "plugin/notes.js"), ("LICENSE", "LICENSE"))
#: The helpers modules a plot block may use by their short names.
PLOT_MODULES = ("emg", "hypertonia", "movement", "basal_ganglia", "plasticity", "tms", "sensorimotor",
                "oscillations", "homeostasis", "genetics", "genes", "classification", "ratings", "botulinum",
                "dbs", "programming", "treatment")
FIGURE_DPI = 150


class SlideError(ValueError):
    """A deck source that cannot be built; the message names the deck and the slide."""


@dataclass
class Slide:
    body: str
    notes: str
    title: str = ""


@dataclass
class Deck:
    name: str
    title: str
    slides: list = field(default_factory=list)


# --- reading a deck ----------------------------------------------------------------------------------
def _split_outside_fences(text, separator=r"^---\s*$"):
    """Split ``text`` on separator lines that are not inside a fenced code block."""
    parts, current, fenced = [], [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and re.match(separator, line):
            parts.append("\n".join(current))
            current = []
        else:
            current.append(line)
    parts.append("\n".join(current))
    return [p.strip("\n") for p in parts if p.strip()]


def parse_deck(text, name):
    """A :class:`Deck` from its Markdown source; its title is the first slide's first heading."""
    slides = []
    for k, block in enumerate(_split_outside_fences(text), start=1):
        m = re.search(r"^Note:[ \t]*", block, re.M)
        body, notes = (block[:m.start()], block[m.end():]) if m else (block, "")
        title = next((re.sub(r"^#+\s*", "", l).strip() for l in body.splitlines() if re.match(r"#{1,3} ", l)), "")
        if not notes.strip():
            raise SlideError(f"{name}, slide {k} ({title or 'untitled'}): no speaker notes (a 'Note:' paragraph)")
        if not title:
            raise SlideError(f"{name}, slide {k}: no title (a '#', '##' or '###' heading)")
        slides.append(Slide(body.strip("\n"), notes.strip(), title))
    if not slides:
        raise SlideError(f"{name}: no slides")
    return Deck(name, slides[0].title, slides)


# --- figures -----------------------------------------------------------------------------------------
def _figure_html(src, alt, caption, width=None, height=None):
    size = f' width="{width}" height="{height}"' if width and height else ""
    return (f'<figure class="slide-figure"><img src="{html.escape(src)}" alt="{html.escape(alt, quote=True)}"{size}>'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def diagram(name, out):
    """Copy ``course/figures/<name>.svg`` into ``out/figures``; return its ``<figure>``."""
    from helpers.plots import diagrams
    source = FIGURES / f"{name}.svg"
    if not source.exists():
        raise SlideError(f"no diagram {name!r} in course/figures (have {sorted(p.stem for p in FIGURES.glob('*.svg'))})")
    (out / "figures").mkdir(parents=True, exist_ok=True)
    shutil.copy(source, out / "figures" / source.name)
    return _figure_html(f"figures/{source.name}", diagrams.alt(name), "Diagram: " + diagrams.caption(name))


def plot_namespace():
    """What a plot block sees: numpy, scipy.signal, helpers, helpers.plots and the science modules."""
    import numpy as np
    from scipy import signal
    import helpers
    from helpers import plots
    namespace = {"np": np, "signal": signal, "helpers": helpers, "plots": plots}
    for module in PLOT_MODULES:
        namespace[module] = importlib.import_module(f"helpers.{module}")
    importlib.import_module("helpers.plots.hands_on")
    return namespace


def plot(code, options, out, stem):
    """Run a plot block, save its figure as ``out/figures/<stem>.png``; return its ``<figure>``."""
    import matplotlib.pyplot as plt
    from helpers.plots import apply_style
    from helpers.plots.figure import png_bytes
    for key in ("caption", "alt"):
        if not options.get(key):
            raise SlideError(f"a plot block needs a :{key}: line")
    apply_style()
    namespace = plot_namespace()
    try:
        exec(compile(code, f"<plot {stem}>", "exec"), namespace)
    except Exception as exc:
        raise SlideError(f"the plot block failed: {type(exc).__name__}: {exc}") from exc
    fig = namespace.get("fig")
    if fig is None or not hasattr(fig, "savefig"):
        raise SlideError("a plot block must leave its matplotlib figure in `fig`")
    png, width, height = png_bytes(fig, dpi=FIGURE_DPI)
    plt.close("all")
    (out / "figures").mkdir(parents=True, exist_ok=True)
    (out / "figures" / f"{stem}.png").write_bytes(png)
    return _figure_html(f"figures/{stem}.png", options["alt"], options["caption"], width, height)


PLOT_BLOCK = re.compile(r"^```\{plot\}[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
DIAGRAM_LINE = re.compile(r"^\{diagram\}\s+(?P<name>\w+)\s*$", re.M)


def expand_figures(body, out, stem):
    """Replace the ``{plot}`` blocks and ``{diagram}`` lines of a slide by ``<figure>`` HTML."""
    figures = []

    def _plot(m):
        lines = m.group("body").splitlines()
        options = {}
        while lines and re.match(r"^:(\w+):", lines[0]):
            key, value = re.match(r"^:(\w+):\s*(.*)$", lines[0]).groups()
            options[key] = value.strip()
            lines.pop(0)
        figures.append(plot("\n".join(lines), options, out, f"{stem}-{len(figures) + 1}"))
        return f"\n\n@@FIGURE{len(figures) - 1}@@\n\n"

    def _diagram(m):
        figures.append(diagram(m.group("name"), out))
        return f"\n\n@@FIGURE{len(figures) - 1}@@\n\n"

    body = PLOT_BLOCK.sub(_plot, body)
    body = DIAGRAM_LINE.sub(_diagram, body)
    return body, figures


# --- HTML ----------------------------------------------------------------------------------------------
def markdown_html(text):
    from markdown_it import MarkdownIt
    rendered = MarkdownIt("commonmark", {"typographer": False}).enable("table").render(text)
    return re.sub(r"<p>(Sources?:)", r'<p class="sources">\1', rendered)


def slide_html(slide, out, stem):
    body, figures = expand_figures(slide.body, out, stem)
    lines = body.splitlines()
    k = next(i for i, l in enumerate(lines) if re.match(r"#{1,3} ", l))
    heading, rest = markdown_html(lines[k]), "\n".join(lines[:k] + lines[k + 1:])
    content = markdown_html(rest)
    for i, fig in enumerate(figures):
        content = content.replace(f"<p>@@FIGURE{i}@@</p>", "").replace(f"@@FIGURE{i}@@", "")
    text = content.strip()
    if figures and text:
        inner = f'<div class="slide-columns"><div class="slide-text">{text}</div>' \
                f'<div class="slide-figures">{"".join(figures)}</div></div>'
    elif figures:
        inner = f'<div class="slide-figures only">{"".join(figures)}</div>'
    else:
        inner = f'<div class="slide-text solo">{text}</div>'
    notes = markdown_html(slide.notes)
    kind = ' class="references"' if slide.title.lower().startswith("references") else ""
    return f'<section{kind}>\n{heading}{inner}\n<aside class="notes">{notes}</aside>\n</section>'


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<link rel="stylesheet" href="reveal/reset.css">
<link rel="stylesheet" href="reveal/reveal.css">
<link rel="stylesheet" href="reveal/theme/white.css">
<link rel="stylesheet" href="course-slides.css">
</head>
<body>
<div class="reveal"><div class="slides">
{slides}
</div></div>
<script src="reveal/reveal.js"></script>
<script src="reveal/plugin/notes.js"></script>
<script>
Reveal.initialize({{hash: true, slideNumber: "c/t", transition: "none", width: 1280, height: 800,
                   margin: 0.04, plugins: [RevealNotes]}});
</script>
</body>
</html>
"""

CSS = """/* Course slides: figures beside the text, sources small, colours of the course (Okabe & Ito). */
.reveal { font-size: 30px; }
.reveal h1, .reveal h2, .reveal h3 { text-transform: none; color: #0b3c5d; }
.reveal h2 { font-size: 1.45em; margin-bottom: 0.4em; }
.reveal .slides section { text-align: left; }
.reveal .slide-columns { display: grid; grid-template-columns: 1fr 1.15fr; gap: 1.2em; align-items: start; }
.reveal .slide-text { font-size: 0.78em; }
.reveal .slide-text.solo { font-size: 0.9em; }
.reveal .slide-text ul, .reveal .slide-text ol { margin-left: 1em; }
.reveal .slide-figures { text-align: center; }
.reveal .slide-figures img { max-width: 100%; max-height: 520px; height: auto; margin: 0; }
.reveal .slide-figures.only img { max-height: 600px; }
.reveal figure { margin: 0 0 0.4em 0; }
.reveal figcaption { font-size: 0.5em; color: #444; line-height: 1.25; text-align: left; }
.reveal p.sources { font-size: 0.62em; color: #444; margin-top: 0.8em; }
.reveal table { font-size: 0.8em; margin: 0 0 0.7em 0; }
.reveal blockquote { width: 100%; font-size: 0.95em; box-shadow: none; border-left: 4px solid #0072B2; padding-left: 0.8em; }
.reveal a { color: #0072B2; }
.reveal section.references .slide-text { font-size: 0.52em; }
.reveal .slide-number { background-color: #333; color: #fff; }   /* WCAG AA contrast (reveal's default is not) */
"""

INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Dystonia course: lecture slides</title>
<style>
body {{ font-family: "DejaVu Sans", Verdana, Arial, sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em;
        line-height: 1.45; color: #1a1a1a; }}
h1 {{ color: #0b3c5d; }} a {{ color: #005a8c; }} li {{ margin: 0.15em 0; }}
.keys {{ background: #f2f2f2; padding: 0.6em 1em; border-radius: 6px; }}
</style>
</head>
<body>
<main>
<h1>Dystonia: from circuits to clinic. Lecture slides</h1>
<p>One deck per chapter, built from <code>course/slides/</code> by <code>make slides</code>. Everything the decks
need is in this folder: zip it and open this page from disk, no internet required.</p>
<p class="keys">In a deck: <b>→</b>/<b>Space</b> next slide, <b>←</b> previous, <b>S</b> speaker view with the
notes and a timer, <b>F</b> full screen, <b>Esc</b> overview, <b>?</b> all keys. Append <code>?print-pdf</code> to a
deck's address and print from Chromium for a PDF.</p>
{decks}
</main>
</body>
</html>
"""


def copy_reveal(out):
    """reveal.js from node_modules (``npm ci``) into ``out/reveal``."""
    if not (REVEAL / "dist" / "reveal.js").exists():
        raise SystemExit("reveal.js is missing: run `npm ci` (make slides does) to install it from package-lock.json")
    for src, dest in REVEAL_FILES:
        target = out / "reveal" / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REVEAL / src, target)


def deck_sources(root=SOURCES):
    return sorted(Path(root).glob("*.md"))


def build(out, sources=None, *, quiet=False):
    """Build every deck (or ``sources``) into ``out``; return the path of ``index.html``."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    copy_reveal(out)
    (out / "course-slides.css").write_text(CSS, encoding="utf-8")
    entries = []
    for source in sources or deck_sources():
        start = time.perf_counter()
        deck = parse_deck(source.read_text(encoding="utf-8"), source.stem)
        sections = []
        for k, slide in enumerate(deck.slides, start=1):
            try:
                sections.append(slide_html(slide, out, f"{deck.name}-{k:02d}"))
            except SlideError as exc:
                raise SlideError(f"{source.name}, slide {k} ({slide.title}): {exc}") from None
        (out / f"{deck.name}.html").write_text(
            PAGE.format(title=html.escape(deck.title), slides="\n".join(sections)), encoding="utf-8")
        outline = "".join(f'<li><a href="{deck.name}.html#/{k}">{html.escape(s.title)}</a></li>'
                          for k, s in enumerate(deck.slides) if k)
        entries.append(f'<h2><a href="{deck.name}.html">{html.escape(deck.title)}</a></h2>\n'
                       f"<p>{len(deck.slides)} slides. Outline:</p>\n<ol>{outline}</ol>")
        if not quiet:
            print(f"{deck.name}: {len(deck.slides)} slides in {time.perf_counter() - start:.1f} s", flush=True)
    index = out / "index.html"
    index.write_text(INDEX.format(decks="\n".join(entries)), encoding="utf-8")
    return index


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "slides")
    parser.add_argument("decks", nargs="*", type=Path, help="deck sources (default: course/slides/*.md)")
    args = parser.parse_args(argv)
    try:
        index = build(args.out.resolve(), args.decks or None)
    except SlideError as exc:
        print(f"slides: {exc}", file=sys.stderr)
        return 2
    print(f"slides built: open {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
