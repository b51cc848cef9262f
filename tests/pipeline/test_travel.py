"""Notebooks that work wherever they go: fetched from a hub, downloaded from the book, handed out by hand.

* every diagram travels inside the notebook that shows it, as the current drawing, with its
  alt text and caption;
* no student-facing file refers to anything above its own assignment folder (images, data,
  code), apart from the navigation links of the ``course-nav`` cell, which point at
  notebooks of the students' course folder (``tools/course_folder.py``: ``make lab``'s
  workspace, the student pack, a hub's home), and the cell says in words where the front door
  is; the front door refers to nothing outside that folder either;
* every chapter is framed (first cell with STUDENT_ID and the install line, folded figure
  code, navigation), and ``release/`` carries it;
* the student id: the grader's and the hub's come before the notebook's;
* the ``helpers`` wheel holds the package and names its dependencies.
"""
import importlib.util
import re
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from course_utils import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import chapter_frame  # noqa: E402
import course_folder  # noqa: E402
import embed_diagrams  # noqa: E402
from helpers import cohort  # noqa: E402
from helpers.plots import diagrams  # noqa: E402

RELEASE = sorted((ROOT / "release").glob("*/*.ipynb"))
SOURCE = sorted((ROOT / "source").glob("*/*.ipynb"))

#: references that leave a folder: HTML src/href, Markdown links and images, file names in code
_UP_HTML = re.compile(r'''\b(?:src|href|data)\s*=\s*["']\s*(?:\.\./|/|file:)''', re.I)
_UP_MD = re.compile(r"\]\(\s*<?(\.\./[^)\s>]*|/[^)\s>]*)")
_UP_CODE = re.compile(r'''["'](?:\.\./|/(?:work|root|home|tmp|etc)/)''')


def _read(path):
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("path", SOURCE + RELEASE + [ROOT / "course" / "index.ipynb"], ids=lambda p: p.stem)
def test_every_embedded_diagram_is_the_current_drawing(path):
    nb = _read(path)
    assert not embed_diagrams.stale_copies(nb), (
        f"{path.relative_to(ROOT)}: stale diagram(s) {embed_diagrams.stale_copies(nb)}: "
        "run `python tools/embed_diagrams.py` and `make release`")


def test_a_changed_drawing_is_found_stale_and_re_embedded(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(diagrams.markdown("dbs_lead"))])
    assert not embed_diagrams.stale_copies(nb)
    original = diagrams.svg("dbs_lead")
    monkeypatch.setitem(diagrams.DIAGRAMS, "dbs_lead", (lambda: original.replace("contact", "kontakt"),)
                        + diagrams.DIAGRAMS["dbs_lead"][1:])
    assert embed_diagrams.stale_copies(nb) == [(0, "dbs_lead")]
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    assert embed_diagrams.embed_notebook(path) == ["dbs_lead"]
    assert not embed_diagrams.stale_copies(_read(path))
    assert "kontakt" in diagrams.svg("dbs_lead") and diagrams.data_uri("dbs_lead") in _read(path).cells[0].source


def test_every_chapter_shows_its_diagrams_with_alt_text_and_caption():
    shown = set()
    for path in RELEASE:
        for cell in _read(path).cells:
            if cell.cell_type != "markdown":
                continue
            for match in embed_diagrams.IMG_RE.finditer(cell.source):
                name = match.group("name")
                assert name, f"{path.name}: a diagram linked as a file, not embedded: {match.group(0)[:80]}"
                assert f'alt="{diagrams._esc(diagrams.alt(name))}"' in match.group(0)
                after = cell.source[match.end():].lstrip()
                assert after.startswith(f"*Diagram: {diagrams.caption(name)}*"), f"{path.name}: {name} lost its caption"
                shown.add(name)
    assert shown == set(diagrams.DIAGRAMS), f"diagrams no chapter shows: {set(diagrams.DIAGRAMS) - shown}"


def _nav_targets(cell, _path):
    return [m.group(1) for m in re.finditer(r"\]\(([^)]+)\)", cell.source)]


LAYOUT = course_folder.layout()


def _in_course_folder(here, target):
    """The course-folder path ``target`` names, seen from the course-folder file ``here``, or None above it."""
    parts = [p for p in here.split("/")[:-1]]
    for piece in target.split("#")[0].split("/"):
        if piece == "..":
            if not parts:
                return None
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


@pytest.mark.parametrize("path", RELEASE, ids=lambda p: p.stem)
def test_nothing_refers_above_the_assignment_folder(path):
    """Images, data and code stay inside ``release/<assignment>/``; only the navigation cell links out."""
    nb = _read(path)
    here = f"{path.parent.name}/{path.name}"
    assert LAYOUT[here] == path, "the course folder holds every student edition under <assignment>/"
    offenders = []
    for k, cell in enumerate(nb.cells):
        if chapter_frame.NAV_TAG in cell.metadata.get("tags", []):
            # notebooks only, where the students' course folder has them (make lab's workspace, the
            # student pack, a hub's home: ~/index.ipynb and ~/<a>/); the cell says where the front door is
            for target in _nav_targets(cell, path):
                if not (target.endswith(".ipynb") and _in_course_folder(here, target) in LAYOUT):
                    offenders.append((k, "navigation", target))
            if "`index.ipynb`, one folder up" not in cell.source or "web book" not in cell.source:
                offenders.append((k, "navigation", "does not say in words where the front door is"))
            continue
        text = cell.source + "".join(str(o) for o in cell.get("outputs", []))
        for regex in (_UP_HTML, _UP_MD) + ((_UP_CODE,) if cell.cell_type == "code" else ()):
            for match in regex.finditer(text):
                offenders.append((k, cell.cell_type, text[max(0, match.start() - 40):match.end() + 40]))
        if "course/figures" in text:
            offenders.append((k, cell.cell_type, "course/figures"))
        if cell.get("attachments"):
            offenders.append((k, "attachment", "cell attachments are not rendered as SVG by JupyterLab"))
    assert not offenders, f"{path.relative_to(ROOT)} refers outside its folder: {offenders[:5]}"


def test_the_front_door_links_only_into_the_course_folder():
    """Its chapters as ``<assignment>/<notebook>.ipynb``, the glossary beside them; nothing above the folder."""
    nb = course_folder.front_door()
    targets = [m.group(1) for c in nb.cells for m in re.finditer(r"\]\(([^)\s]+)\)", c.source)
               if not m.group(1).startswith(("http://", "https://", "#"))]
    chapters = [t for t in targets if t.endswith(".ipynb")]
    assert sorted(set(chapters)) == sorted(f"{p.parent.name}/{p.name}" for p in RELEASE), chapters
    assert [t for t in targets if t not in chapters] == ["01_principles/glossary.md"]
    for target in targets:
        assert _in_course_folder("index.ipynb", target) in LAYOUT, f"the front door links {target}, not in the folder"
    text = nbformat.writes(nb)
    assert "../" not in text and "course/figures" not in text and "release/" not in "".join(targets)
    for regex in (_UP_HTML, _UP_MD):
        assert not regex.search("\n".join(c.source for c in nb.cells)), "the front door refers above its folder"


def test_the_check_catches_a_reference_above_the_folder():
    samples = ['<img src="../../course/figures/x.svg" alt="x">', "![x](../data/x.png)",
               '<a href="/files/x.csv">x</a>']
    assert all(_UP_HTML.search(s) or _UP_MD.search(s) for s in samples)
    assert _UP_CODE.search('np.load("../data/x.npy")') and not _UP_CODE.search('np.load("x.npy")')


def test_chapters_are_framed_and_release_carries_the_frame():
    """Chapters link to their neighbours in the chain; the warm-up and the quizzes (side notebooks) are
    framed the same way and lead into the chain, which never links to them."""
    assert chapter_frame.frame_all(check=True) == [], "run `python tools/chapter_frame.py`, then `make release`"
    order = chapter_frame.chapter_notebooks(folder="release")
    side = chapter_frame.side_notebooks(folder="release")
    assert sorted(p.name for _a, p in order + side) == sorted(p.name for p in RELEASE)
    assert [p.name for _a, p in chapter_frame.all_notebooks(folder="release")] == [p.name for p in RELEASE]
    framed = [(item, order[k - 1] if k > 0 else None, order[k + 1] if k + 1 < len(order) else None)
              for k, item in enumerate(order)]
    framed += [(item, *chapter_frame.side_neighbours(item[0], order)) for item in side]
    for item, previous, following in framed:
        path = item[1]
        nb = _read(path)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert chapter_frame.FIRST_CELL_TAG in code[0].metadata.get("tags", []), f"{path.name}: first code cell"
        assert code[0].source == chapter_frame.FIRST_CELL
        assert "pip install dystonia_helpers-*.whl" in code[0].source
        nav = [c for c in nb.cells if chapter_frame.NAV_TAG in c.metadata.get("tags", [])]
        assert len(nav) == 1 and nb.cells[-1] is nav[0], f"{path.name}: the navigation cell is not last"
        if previous is not None:
            assert f"]({chapter_frame._link(item, previous)})" in nav[0].source and "← Previous" in nav[0].source
        if following is not None:
            assert f"]({chapter_frame._link(item, following)})" in nav[0].source and "Next →" in nav[0].source
        if item in order:
            assert not any(f"../{a}/" in nav[0].source for a in chapter_frame.SIDE_ASSIGNMENTS), (
                f"{path.name}: a chapter's navigation links to a side notebook")
        assert f"]({chapter_frame.FRONT_DOOR_LINK})" in nav[0].source
        assert _in_course_folder(f"{path.parent.name}/{path.name}", chapter_frame.FRONT_DOOR_LINK) == "index.ipynb"
        long_figures = [c for c in code if "display-only" in c.metadata.get("tags", [])
                        and len(c.source.strip().splitlines()) > chapter_frame.FOLD_LINES]
        assert all(c.metadata.get("jupyter", {}).get("source_hidden") for c in long_figures), (
            f"{path.name}: figure code that does not open folded")


def test_front_door_editions():
    nb = _read(ROOT / "course" / "index.ipynb")
    lab = "\n".join(c.source for c in chapter_frame.edition(_read(ROOT / "course" / "index.ipynb"),
                                                            chapter_frame.BOOK_ONLY).cells)
    book = "\n".join(c.source for c in chapter_frame.edition(nb, chapter_frame.LAB_ONLY).cells)
    assert "make book" in lab and "You are reading the web book" not in lab
    assert "You are reading the web book" in book and "workspace/release" not in book and "make lab" not in book.split(
        "## For instructors")[0].split("### Run a chapter")[0]
    for text in (lab, book):
        assert 'STUDENT_ID = "ada"' in text and "DYSTONIA_STUDENT_ID" in text and "pip install" in text
        assert "_build/book/html/index.html](" not in text, "a link to the built book is dead in Lab and in the book"


def test_student_id_precedence(monkeypatch):
    monkeypatch.delenv(cohort.ENV_STUDENT, raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    try:
        note = cohort.use("")
        assert note == cohort.DEMO_NOTE and note.startswith("The demo patient: no student id is set")
        assert 'STUDENT_ID = "ada"' in note and "graded under your own id" in note and "run this cell again" in note
        assert cohort.whose_patient(note) == cohort.DEMO_STUDENT
        assert cohort.student_id() == "demo"
        assert cohort.use("ada").startswith("Your patient: ada (the STUDENT_ID")
        assert cohort.whose_patient(cohort.use("ada")) == "ada"
        assert cohort.seed_for("ch3a_envelope") == cohort.seed_for("ch3a_envelope", student="ada")
        monkeypatch.setenv("JUPYTERHUB_USER", "grace")
        assert cohort.student_id() == "grace" and cohort.use("ada") == "Your patient: grace (your JupyterHub account)."
        assert cohort.whose_patient(cohort.use("ada")) == "grace"
        monkeypatch.setenv(cohort.ENV_STUDENT, "s042")       # what the grader gives each kernel
        assert cohort.student_id() == "s042" and cohort.use("ada").startswith("Your patient: s042")
        with pytest.raises(ValueError, match="STUDENT_ID"):
            cohort.use("ada lovelace; rm")
        assert "<b>" in cohort.use("ada")._repr_html_()
    finally:
        cohort.use("")


def test_the_wheel_holds_helpers_and_its_dependencies(tmp_path):
    spec = importlib.util.spec_from_file_location("course_wheel", ROOT / "tools" / "wheel.py")
    wheel = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(wheel)
    path = wheel.build_wheel(tmp_path)
    assert path.name == wheel.wheel_name() and path.name.startswith("dystonia_helpers-")
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        metadata = zf.read(next(n for n in names if n.endswith("dist-info/METADATA"))).decode()
        record = zf.read(next(n for n in names if n.endswith("dist-info/RECORD"))).decode()
    expected = {p.relative_to(ROOT).as_posix() for p in (ROOT / "helpers").rglob("*.py") if "__pycache__" not in p.parts}
    assert expected <= names and not any(n.startswith("grader/") for n in names)
    for dep in ("numpy", "scipy", "matplotlib", "ipywidgets", "ipykernel"):
        assert re.search(rf"^Requires-Dist: {dep}>=", metadata, re.M), f"the wheel does not require {dep}"
    assert all(n in record for n in expected)
    assert wheel.build_wheel(tmp_path / "again").read_bytes() == path.read_bytes(), "the wheel is not reproducible"


def test_framing_is_idempotent_and_keeps_the_navigation_last():
    path = chapter_frame.chapter_notebooks()[0][1]
    nb = _read(path)
    nb.cells.append(nbformat.v4.new_markdown_cell("A cell another edit added at the end."))
    nav = nb.cells[-2].source
    assert chapter_frame.frame(nb, nav) is True, "the navigation cell was not moved after the new cell"
    assert chapter_frame.NAV_TAG in nb.cells[-1].metadata["tags"] and nb.cells[-2].source.startswith("A cell")
    assert chapter_frame.frame(nb, nav) is False, "framing a framed notebook changed it"
    assert sum(chapter_frame.FIRST_CELL_TAG in c.metadata.get("tags", []) for c in nb.cells) == 1
