"""Embed the course's diagrams in the notebooks that show them (``python tools/embed_diagrams.py``).

A chapter shows a diagram from Markdown with the ``<img>`` that
:func:`helpers.plots.diagrams.markdown` prints: the SVG itself travels inside
the notebook as a ``data:`` URI, so ``release/<assignment>/`` alone is
complete (nbgrader fetches only that folder; a downloaded or e-mailed notebook
has nothing beside it).  After a drawing in ``helpers/plots/diagrams.py``
changes, this tool rewrites every embedded copy in ``source/`` (and turns an
old ``<img src="../../course/figures/NAME.svg">`` into the embedded form);
``make release`` then carries the change to ``release/``.  A test fails while
an embedded copy is stale.

Usage: ``python tools/embed_diagrams.py [--check] [NOTEBOOK ...]`` (default:
every notebook in ``source/`` and the front door).  ``--check`` changes
nothing and exits 1 when a copy is stale.
"""
import argparse
import html
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from helpers.plots import diagrams  # noqa: E402

#: A diagram's <img> in Markdown: the embedded form, or a link to the SVG file.
IMG_RE = re.compile(r'<img\s+class="course-diagram"\s+data-diagram="(?P<name>[A-Za-z0-9_]+)"[^>]*>'
                    r'|<img\s+src="(?:\.\./)*course/figures/(?P<file>[A-Za-z0-9_]+)\.svg"[^>]*>')
WIDTH_RE = re.compile(r'\bwidth="(\d+)"')


def notebooks(root=ROOT):
    """The notebooks that may show diagrams: every instructor edition and the front door."""
    return sorted((root / "source").glob("*/*.ipynb")) + [root / "course" / "index.ipynb"]


def embed_text(text):
    """``text`` with every diagram <img> replaced by the current embedded one; returns ``(text, names)``."""
    names = []

    def replace(match):
        name = match.group("name") or match.group("file")
        width = WIDTH_RE.search(match.group(0))
        names.append(name)
        return diagrams.img_tag(name, int(width.group(1)) if width else 720)

    return IMG_RE.sub(replace, text), names


def stale_copies(nb):
    """``[(cell index, diagram name)]`` of the diagram images in ``nb`` that differ from the current drawing."""
    out = []
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for match in IMG_RE.finditer(cell.source):
            name = match.group("name") or match.group("file")
            width = WIDTH_RE.search(match.group(0))
            if match.group(0) != diagrams.img_tag(name, int(width.group(1)) if width else 720):
                out.append((k, name))
    return out


def embedded_names(nb):
    """The diagram names embedded in ``nb``'s Markdown, in order."""
    return [m.group("name") for c in nb.cells if c.cell_type == "markdown" for m in IMG_RE.finditer(c.source)
            if m.group("name")]


def embed_notebook(path):
    """Re-embed every diagram of the notebook at ``path``; return the names rewritten (empty: untouched)."""
    nb = nbformat.read(path, as_version=4)
    if not stale_copies(nb):
        return []
    changed = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source, names = embed_text(cell.source)
            changed += names
    nbformat.write(nb, path)
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a copy is stale")
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    stale = 0
    for path in args.paths or notebooks():
        if args.check:
            found = stale_copies(nbformat.read(path, as_version=4))
            for cell, name in found:
                print(f"{path}: cell {cell}: diagram {name} is not the current drawing")
            stale += len(found)
        else:
            names = embed_notebook(path)
            if names:
                print(f"{path}: embedded {', '.join(names)}")
    if args.check and stale:
        print(f"{stale} stale diagram(s): run `python tools/embed_diagrams.py`, then `make release`")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
