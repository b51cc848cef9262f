"""The frame every chapter notebook carries, wherever it goes (``python tools/chapter_frame.py``).

Three things a chapter needs outside ``make lab`` (on a JupyterHub, downloaded from
the book, handed out by a learning management system), written into ``source/``
(``make release`` carries them to the student editions; a test fails while a
notebook is not framed):

1. **the first code cell** (after the title): the student's id (``STUDENT_ID``, for
   a class without a hub; the grader's and the hub's id come first) and, when
   ``import helpers`` fails, one line saying how to install the course package
   (the wheel the web book offers beside each notebook);
2. **folded figure code**: a ``display-only`` cell of more than :data:`FOLD_LINES`
   lines (figure code with its caption and alt text) opens folded in JupyterLab
   (``metadata.jupyter.source_hidden``) and in the book (``hide-input``);
3. **navigation** at the end: "← Previous" and "Next →" to the neighbouring
   notebooks and "Contents" to the front door (a Markdown cell tagged
   ``course-nav``).  The links follow the course folder every student gets
   (``tools/course_folder.py``: ``index.ipynb`` above one folder per assignment,
   in ``make lab``'s workspace, the student pack and a hub's home): within an
   assignment they stay in the folder, across assignments they are
   ``../<assignment>/<notebook>.ipynb``, and the front door is ``../index.ipynb``.
   The cell also says in words where the front door is, for a notebook that
   travels alone (a download, a hand-out) and has no neighbours.

The warm-up and the quizzes (:data:`SIDE_ASSIGNMENTS`) get the same frame; their navigation
leads into the chapters (the warm-up to chapter 1, quiz N from chapter N to chapter N + 1), and the
chapters' own links stay among the chapters.

Usage: ``python tools/chapter_frame.py [--check]``.
"""
import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = ("01_principles", "02_applications", "03_hands_on")
#: Assignments beside the chapters (the warm-up, a pre-class quiz per chapter): framed like a chapter
#: (first cell, folds, navigation), but outside the chapters' Previous/Next chain, which never points
#: at them.  Each names the assignment before it and after it (its "← Previous" is that assignment's
#: last notebook, its "Next →" the next one's first): the warm-up leads into chapter 1, quiz N
#: follows chapter N.
SIDE_ASSIGNMENTS = {"00_warmup": (None, "01_principles"), "quiz_1": ("01_principles", "02_applications"),
                    "quiz_2": ("02_applications", "03_hands_on"), "quiz_3": ("03_hands_on", None)}
#: Every assignment a student receives, chapters and side assignments (the course folder holds each).
ALL_ASSIGNMENTS = ASSIGNMENTS + tuple(SIDE_ASSIGNMENTS)
FIRST_CELL_TAG = "course-start"
NAV_TAG = "course-nav"
#: display-only cells longer than this open folded
FOLD_LINES = 2
#: the front door, seen from a chapter in the course folder (tools/course_folder.py)
FRONT_DOOR_LINK = "../index.ipynb"
#: the wheel the book offers (tools/book.py builds it); its distribution name
WHEEL_GLOB = "dystonia_helpers-*.whl"

FIRST_CELL = f'''# Your student id decides your patient's data. Leave it empty on the course's JupyterHub (it knows you)
# or when you only read; in a class without a hub, write the id your instructor gave you: STUDENT_ID = "ada".
STUDENT_ID = ""

try:
    import helpers
except ModuleNotFoundError:
    raise ModuleNotFoundError("the course package is missing: in a terminal, pip install {WHEEL_GLOB} "
                              "(the wheel offered beside this notebook in the web book), then restart the kernel") from None
helpers.cohort.use(STUDENT_ID)'''


#: Front-door cells for one edition only: dropped from the book / from make lab's copy.
LAB_ONLY, BOOK_ONLY = "lab-only", "book-only"


def edition(nb, drop_tag):
    """``nb`` without the cells tagged ``drop_tag`` (the front door's Lab and book editions)."""
    nb.cells = [c for c in nb.cells if drop_tag not in c.metadata.get("tags", [])]
    return nb


def chapter_notebooks(root=ROOT, folder="source"):
    """Every chapter notebook in reading order: ``[(assignment, path)]``."""
    return [(a, p) for a in ASSIGNMENTS for p in sorted((root / folder / a).glob("*.ipynb"))]


def side_notebooks(root=ROOT, folder="source"):
    """The notebooks of :data:`SIDE_ASSIGNMENTS` that exist: ``[(assignment, path)]``."""
    return [(a, p) for a in SIDE_ASSIGNMENTS for p in sorted((root / folder / a).glob("*.ipynb"))]


def all_notebooks(root=ROOT, folder="source"):
    """Chapters and side notebooks, ordered by path (as ``sorted(glob("*/*.ipynb"))`` lists them)."""
    return sorted(chapter_notebooks(root, folder) + side_notebooks(root, folder), key=lambda item: item[1])


def side_neighbours(assignment, order):
    """``(previous, next)`` of a side assignment in the chapters' ``order`` (each ``(assignment, path)`` or None)."""
    before, after = SIDE_ASSIGNMENTS[assignment]
    previous = [item for item in order if item[0] == before][-1:] or [None]
    following = [item for item in order if item[0] == after][:1] or [None]
    return previous[0], following[0]


def titles(nb):
    """``(chapter line, part line)`` of a notebook's title cell, without the Markdown marks."""
    chapter = part = None
    for line in nb.cells[0].source.split("\n"):
        if line.startswith("# ") and chapter is None:
            chapter = line[2:].strip()
        elif line.startswith("## ") and part is None:
            part = line[3:].strip()
    return chapter, part


def _link(here, there):
    """A relative link from notebook ``here`` to notebook ``there`` (both ``(assignment, path)``)."""
    if here[0] == there[0]:
        return there[1].name
    return f"../{there[0]}/{there[1].name}"


def nav_markdown(order, index, names):
    """The navigation cell of notebook ``order[index]``; ``names[i]`` is ``(chapter, part)`` of notebook ``i``."""
    here = order[index]
    parts = []
    if index > 0:
        chapter, part = names[index - 1]
        label = part if order[index - 1][0] == here[0] else f"{chapter}, {part}"
        parts.append(f"**← Previous:** [{label}]({_link(here, order[index - 1])})")
    if index + 1 < len(order):
        chapter, part = names[index + 1]
        label = part if order[index + 1][0] == here[0] else f"{chapter}, {part}"
        parts.append(f"**Next →** [{label}]({_link(here, order[index + 1])})")
    parts.append(f"**Contents:** [the course's front door]({FRONT_DOOR_LINK}) (`index.ipynb`, one folder up)")
    note = ("*These links work in the course folder, where the front door `index.ipynb` sits one level above "
            "the assignment folders (the student pack, `make lab`, the course's JupyterHub). Another assignment's "
            "notebook opens once you have its folder (on a JupyterHub: fetch it from the Assignment List). "
            "A notebook on its own, downloaded or handed out, has no neighbours: the web book holds the contents.*")
    return "---\n" + " · ".join(parts) + "\n\n" + note


def first_cell():
    cell = nbformat.v4.new_code_cell(FIRST_CELL)
    cell.metadata["tags"] = [FIRST_CELL_TAG]
    cell["id"] = "course-start"
    return cell


def frame(nb, nav):
    """Frame ``nb`` in place (first cell, folds, navigation ``nav``); return True if anything changed."""
    before = nbformat.writes(nb)
    starts = [k for k, c in enumerate(nb.cells) if FIRST_CELL_TAG in c.metadata.get("tags", [])]
    if starts:
        nb.cells[starts[0]].source = FIRST_CELL
    else:
        nb.cells.insert(1, first_cell())
    for cell in nb.cells:
        if cell.cell_type == "code" and "display-only" in cell.metadata.get("tags", []):
            if len(cell.source.strip().splitlines()) > FOLD_LINES:
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    # one navigation cell, last (cells added at the end by another edit, or a merge, go before it)
    navs = [c for c in nb.cells if NAV_TAG in c.metadata.get("tags", [])]
    cell = navs[0] if navs else nbformat.v4.new_markdown_cell(nav)
    cell.source = nav
    cell.metadata["tags"] = [NAV_TAG]
    cell["id"] = "course-nav"
    nb.cells = [c for c in nb.cells if NAV_TAG not in c.metadata.get("tags", [])] + [cell]
    return nbformat.writes(nb) != before


def frame_all(root=ROOT, check=False):
    """Frame every chapter and side notebook of ``root/source``; return the paths that changed (or would change)."""
    order = chapter_notebooks(root)
    books = [nbformat.read(p, as_version=4) for _, p in order]
    names = [titles(nb) for nb in books]
    jobs = [(path, nb, nav_markdown(order, k, names)) for k, ((_a, path), nb) in enumerate(zip(order, books))]
    for item in side_notebooks(root):
        nb = nbformat.read(item[1], as_version=4)
        previous, following = side_neighbours(item[0], order)
        local = [x for x in (previous, item, following) if x is not None]
        local_names = [names[order.index(x)] if x in order else titles(nb) for x in local]
        jobs.append((item[1], nb, nav_markdown(local, local.index(item), local_names)))
    changed = []
    for path, nb, nav in jobs:
        if frame(nb, nav):
            changed.append(path)
            if not check:
                nbformat.write(nb, path)
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook is not framed")
    args = parser.parse_args(argv)
    changed = frame_all(check=args.check)
    for path in changed:
        print(f"{'not framed' if args.check else 'framed'}: {path.relative_to(ROOT)}")
    if args.check and changed:
        print("run `python tools/chapter_frame.py`, then `make release`")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
