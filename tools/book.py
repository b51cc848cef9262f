"""Build the course's static web book: ``make book`` (or ``python tools/book.py [--out DIR]``).

What it does, in order:

1. lays out ``<out>/src``: the front door ``course/index.ipynb``, every student
   edition in ``release/<assignment>/`` (whatever notebooks it holds), the
   diagrams in ``course/figures/``, the Sphinx configuration (``book/conf.py``)
   and MathJax 3 from ``node_modules/mathjax`` (``npm ci`` installs it from the
   project's package-lock.json);
2. executes each notebook with nbclient, with ``COURSE_STATIC_EXPLORERS=1`` so
   that every explorer becomes pre-rendered frames over its main slider (no
   kernel runs in a static page);
3. tidies the outputs for a reader: an unsolved problem shows one line in the
   reader's words under its check ("Solve it in the notebook: download it
   above") and nothing under its answer cell, test cells and figure code are
   folded, widget state and the Lab-only navigation cell are dropped; the
   chapter line and the part title become the page title; each chapter says
   under its title how to run it (the notebook and the course package's wheel);
   links written for the students' course folder (``tools/course_folder.py``) are pointed at
   the book's pages: the front door's ``<assignment>/<notebook>.ipynb`` at
   ``release/<assignment>/``, every ``glossary.md`` (the copy beside each assignment) at the one
   glossary page, which the copies never become;
4. adds the table of contents ("Before you start" with the warm-up, one caption per chapter with
   its parts and its quiz, then "Reference": the
   glossary ``course/glossary.md`` and the helpers page ``course/helpers_api.md``)
   to the front door's book edition (without its ``lab-only`` cells) and runs
   Sphinx (MyST-NB, Book theme) into ``<out>/html``; ``book/course.js`` opens
   figures full size on a click or tap and makes search excerpts show the
   matching text and link to its section;
5. puts the untouched student edition behind each page's download button, and
   the ``helpers`` wheel (``tools/wheel.py``) in ``_static/`` beside them.

Kernels run over IPC sockets (no "Kernel is running over TCP without
encryption" warning per notebook).

Only ``release/`` and ``course/`` are read: the instructor editions in
``source/`` never enter the book (tests/book checks that no solution or hidden
test line reaches the built site).  Default output: ``_build/book``.
"""
import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
#: Assignments in reading order: the warm-up first, each chapter's quiz after its parts (a quiz's
#: title names its chapter, so its page joins that chapter's caption in the table of contents).
ASSIGNMENTS = ("00_warmup", "01_principles", "quiz_1", "02_applications", "quiz_2", "03_hands_on", "quiz_3")
#: Captions of assignments whose title line names no chapter.
CAPTIONS = {"00_warmup": "Before you start"}
MATHJAX = ROOT / "node_modules" / "mathjax" / "es5"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
#: Reader pages from ``course/`` after the chapters, under the caption "Reference".
REFERENCE_PAGES = ("glossary.md", "helpers_api.md")
UNANSWERED_HTML = ('<p class="course-unanswered">Solve it in the notebook: download it above '
                   '(⤓, with the course package) and run it in JupyterLab.</p>')
UNANSWERED_TEXT = "Solve it in the notebook: download it above."
sys.path.insert(0, str(ROOT / "tools"))
from chapter_frame import FIRST_CELL_TAG, LAB_ONLY, NAV_TAG, edition  # noqa: E402
import wheel as course_wheel  # noqa: E402
from glossary import COPY_NAME as GLOSSARY_COPY  # noqa: E402

_LINK = re.compile(r"(\]\(\s*)([^)\s]+)")


def book_target(target, front_door):
    """Where a link of the students' course folder points in the book's layout.

    In the book the front door is ``course/index`` and a chapter ``release/<assignment>/<name>``;
    the glossary is one page, ``course/glossary``.

    >>> book_target("01_principles/01a_circuits.ipynb", True), book_target("01_principles/glossary.md#gaba", True)
    ('../release/01_principles/01a_circuits.ipynb', 'glossary.md#gaba')
    >>> book_target("glossary.md#gaba", False), book_target("../02_applications/02a_x.ipynb", False)
    ('../../course/glossary.md#gaba', '../02_applications/02a_x.ipynb')
    """
    path, hash_, anchor = target.partition("#")
    parts = path.split("/")
    if front_door and len(parts) == 2 and parts[0] in ASSIGNMENTS:
        path = GLOSSARY_COPY if parts[1] == GLOSSARY_COPY else f"../release/{path}"
    elif not front_door and path == GLOSSARY_COPY:
        path = f"../../course/{GLOSSARY_COPY}"
    return path + hash_ + anchor


def point_links_at_the_book(nb, front_door):
    """Rewrite the Markdown links of ``nb`` (in place) with :func:`book_target`."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _LINK.sub(lambda m: m.group(1) + book_target(m.group(2), front_door), cell.source)
    return nb


def student_notebooks(root=ROOT):
    """The student editions to publish, chapter by chapter: ``[(assignment, path)]``."""
    out = []
    for assignment in ASSIGNMENTS:
        for path in sorted((root / "release" / assignment).glob("*.ipynb")):
            out.append((assignment, path))
    return out


def lay_out(src, root=ROOT):
    """Copy the front door, student editions, figures, config and MathJax into ``src``."""
    if src.exists():
        shutil.rmtree(src)
    (src / "course").mkdir(parents=True)
    nbformat.write(point_links_at_the_book(nbformat.read(root / "course" / "index.ipynb", as_version=4), True),
                   src / "course" / "index.ipynb")
    if (root / "course" / "figures").is_dir():
        shutil.copytree(root / "course" / "figures", src / "course" / "figures",
                        ignore=shutil.ignore_patterns("*.md"))
    pages = []
    for assignment, path in student_notebooks(root):
        target = src / "release" / assignment / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(point_links_at_the_book(nbformat.read(path, as_version=4), False), target)
        for extra in path.parent.iterdir():          # data files travel with the notebooks (not the glossary copy)
            if extra.suffix != ".ipynb" and extra.name not in (".ipynb_checkpoints", GLOSSARY_COPY) \
                    and not (target.parent / extra.name).exists():
                (shutil.copytree if extra.is_dir() else shutil.copy)(extra, target.parent / extra.name)
        pages.append((assignment, target, path))
    for name in REFERENCE_PAGES:
        if (root / "course" / name).exists():
            text = (root / "course" / name).read_text(encoding="utf-8")
            # the explicit <a id> anchors are for JupyterLab; Sphinx gives each heading the same id
            text = re.sub(r'<a id="[^"]*"></a>', "", text)
            (src / "course" / name).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "book" / "conf.py", src / "conf.py")
    (src / "_static").mkdir()
    shutil.copy(ROOT / "book" / "course.css", src / "_static" / "course.css")
    shutil.copy(ROOT / "book" / "course.js", src / "_static" / "course.js")
    course_wheel.build_wheel(src / "_static", root=root if (root / "helpers").is_dir() else ROOT)
    if not (MATHJAX / "tex-chtml.js").exists():
        raise SystemExit("MathJax is missing: run `npm ci` (make book does) to install it from package-lock.json")
    shutil.copytree(MATHJAX, src / "_static" / "mathjax",
                    ignore=shutil.ignore_patterns("*.map", "sre", "node-main.js"))
    return pages


def execute(path, timeout_s=900):
    """Run ``path`` in place (errors allowed: unsolved problems raise); return seconds taken."""
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    # the kernel (not this process) gets the book's settings: a test run that builds the book
    # must not leak static explorers into the next test's JupyterLab
    env = dict(os.environ, COURSE_STATIC_EXPLORERS="1")
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    import tempfile
    client = NotebookClient(nb, timeout=timeout_s, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    # IPC sockets: no port to collide with, and no "running over TCP without encryption" warning.
    # Their path must be absolute: the kernel runs in the notebook's folder, this process elsewhere.
    with tempfile.TemporaryDirectory(prefix="course-book-ipc-") as sockets:
        client.km = client.create_kernel_manager()
        client.km.transport = "ipc"
        client.km.ip = os.path.join(sockets, "kernel")
        client.execute(env=env)
    nbformat.write(nb, path)
    return time.perf_counter() - start


def _is_test_cell(cell):
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def tidy(nb):
    """Reader-facing outputs: one line per unsolved problem, folded tests and figure code, no widget state."""
    nb.metadata.pop("widgets", None)
    nb.cells = [c for c in nb.cells if NAV_TAG not in c.metadata.get("tags", [])]   # the book has its own
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                # one line per problem, under its check; the answer cell (a stub) shows nothing
                if _is_test_cell(cell) and not any(o.get("data", {}).get("text/plain") == UNANSWERED_TEXT
                                                   for o in outputs):
                    outputs.append(nbformat.v4.new_output("display_data", data={
                        "text/html": UNANSWERED_HTML, "text/plain": UNANSWERED_TEXT}))
                continue
            data = out.get("data", {})
            if WIDGET_MIME in data:
                data.pop(WIDGET_MIME)
                if not data:
                    continue
            outputs.append(out)
        cell.outputs = outputs
        folded = cell.metadata.get("jupyter", {}).get("source_hidden") or FIRST_CELL_TAG in cell.metadata.get(
            "tags", [])
        if _is_test_cell(cell) or folded:
            tags = cell.metadata.setdefault("tags", [])
            if "hide-input" not in tags:
                tags.append("hide-input")
    return nb


def run_it_yourself(nb, wheel):
    """Add, under the page title, one line on running the chapter: the notebook (⤓) and the package's wheel."""
    cell = nbformat.v4.new_markdown_cell(
        f'<p class="course-run-it"><b>Run it yourself:</b> download this notebook (⤓ at the top of the page) and '
        f'the course package <a href="../../_static/{wheel}" download>{wheel}</a>, then in a terminal in their '
        f'folder: <code>python -m pip install jupyterlab {wheel}</code> and <code>jupyter lab</code>.</p>')
    cell.metadata["tags"] = ["course-run-it"]
    nb.cells.insert(1, cell)
    return nb


def retitle(nb):
    """Make the part title the page title: "# Chapter n · X" + "## Part k — Y" -> "# Part k — Y".

    Both parts of a chapter open with the same chapter line, which would give two
    pages of one name in the table of contents; the chapter line stays, in bold.
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.split("\n")
        h1 = next((i for i, l in enumerate(lines) if l.startswith("# ")), None)
        h2 = next((i for i, l in enumerate(lines) if l.startswith("## ")), None)
        if h1 is not None and h2 is not None and h2 > h1:
            chapter = lines[h1][2:].strip()
            lines[h1] = f"**{chapter}**"
            lines[h2] = "# " + lines[h2][3:].strip()
            lines[h1], lines[h2] = lines[h2], lines[h1]
            cell.source = "\n".join(lines)
        return nb
    return nb


def chapter_title(nb, fallback):
    """The notebook's chapter line ("Chapter 1 · Principles and Mechanisms")."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.split("\n"):
                m = re.match(r"\*\*(Chapter .+?)\*\*$|# (Chapter .+)$", line.strip())
                if m:
                    return (m.group(1) or m.group(2)).strip()
    return fallback


def add_toc(front_door, chapters):
    """Append a hidden toctree per chapter to the front door (``chapters``: [(caption, [docnames])])."""
    nb = nbformat.read(front_door, as_version=4)
    blocks = []
    for caption, docs in chapters:
        entries = "\n".join(f"/{d}" for d in docs)
        blocks.append(f"```{{toctree}}\n:hidden:\n:caption: {caption}\n\n{entries}\n```")
    nb.cells.append(nbformat.v4.new_markdown_cell("\n\n".join(blocks)))
    nbformat.write(nb, front_door)


def accessible_markup(html):
    """Small fixes to the theme's markup found by axe-core.

    MyST-NB's folded cells label their ``<summary>`` "Toggle hidden content" while
    showing "Show code cell source" (WCAG 2.5.3, label in name): drop the label so
    the visible words are the accessible name.  The theme's Search buttons are
    labelled "Search" but show "Search Ctrl+K" (the same rule): their label
    becomes what they show.
    """
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = text.replace('<summary aria-label="Toggle hidden content">', "<summary>")
        fixed = SEARCH_BUTTON_LABEL.sub(_search_label, fixed)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


#: The theme's search buttons: aria-label="Search" on a button that shows "Search" and the Ctrl+K keys.
SEARCH_BUTTON_LABEL = re.compile(r'(<button[^>]*\bsearch-button[^>]*?)\s+aria-label="Search"')


def _search_label(match):
    return match.group(1) + ' aria-label="Search Ctrl+K"'


def build(out, *, quiet=False, root=ROOT):
    """Build the book into ``out`` (``out/src`` sources, ``out/html`` the site); return the html path.

    ``root`` is the course to publish (its ``course/`` and ``release/``); tests pass a small one.
    """
    src, html = out / "src", out / "html"
    pages = lay_out(src, root)
    chapters = {}
    for assignment, target, _original in pages:
        seconds = execute(target)
        nb = nbformat.read(target, as_version=4)
        caption = chapter_title(nb, CAPTIONS.get(assignment, assignment))
        nb = run_it_yourself(retitle(tidy(nb)), course_wheel.wheel_name())
        nbformat.write(nb, target)
        chapters.setdefault(caption, [caption, []])[1].append(
            target.relative_to(src).with_suffix("").as_posix())
        if not quiet:
            print(f"executed {target.relative_to(src)} in {seconds:.1f} s", flush=True)
    front = src / "course" / "index.ipynb"
    nbformat.write(edition(nbformat.read(front, as_version=4), LAB_ONLY), front)   # the reader's edition
    execute(front)
    nbformat.write(tidy(nbformat.read(front, as_version=4)), front)
    reference = [f"course/{Path(name).stem}" for name in REFERENCE_PAGES if (src / "course" / name).exists()]
    add_toc(front, [tuple(v) for v in chapters.values()] + ([("Reference", reference)] if reference else []))
    if html.exists():
        shutil.rmtree(html)
    # its own process: Sphinx and its themes warn about their own deprecations, which a
    # caller's warning filters (pytest's "error") must not turn into a failed build
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "1", str(src), str(html)],
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"sphinx-build failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    warnings = [l for l in proc.stderr.splitlines() if "WARNING" in l]
    if warnings and not quiet:
        print(f"sphinx: {len(warnings)} warnings, e.g. {warnings[0]}")
    accessible_markup(html)
    # the download button serves _sources/<page>.ipynb: make it the clean student edition
    for _assignment, target, original in pages:
        dest = html / "_sources" / target.relative_to(src)
        if dest.parent.exists():
            shutil.copy(original, dest)
    dest = html / "_sources" / "course" / "index.ipynb"
    if dest.parent.exists():
        shutil.copy(root / "course" / "index.ipynb", dest)
    (html / "index.html").write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                                     '<title>Dystonia course</title>'
                                     '<meta http-equiv="refresh" content="0; url=course/index.html"></head>'
                                     '<body><a href="course/index.html">Open the course</a></body></html>')
    return html


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "book")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    html = build(args.out.resolve())
    print(f"book built in {time.perf_counter() - start:.0f} s: open {html / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
