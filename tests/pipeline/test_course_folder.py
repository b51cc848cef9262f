"""One course folder for students (tools/course_folder.py): make lab's workspace, the pack, a hub's home.

``index.ipynb`` (the front door's Lab edition) above one folder per assignment, each with its
notebooks and its glossary; every link a student follows stays inside it.  A workspace of the
old layout (``workspace/course/``, ``workspace/release/<assignment>/``) moves into it without
losing anything a student wrote: files are moved, never copied over another.
"""
import re
import sys

import nbformat

import nbtools
from course_utils import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import chapter_frame  # noqa: E402
import course_folder  # noqa: E402
import workspace  # noqa: E402

ASSIGNMENTS = chapter_frame.ALL_ASSIGNMENTS
CHAPTER = "01_principles/01a_circuits.ipynb"


def _links(nb):
    return [m.group(1) for c in nb.cells if c.cell_type == "markdown"
            for m in re.finditer(r"\]\(([^)\s#]+)", c.source) if not m.group(1).startswith("http")]


def test_the_layout_is_the_front_door_above_one_folder_per_assignment():
    layout = course_folder.layout()
    assert layout["index.ipynb"] == ROOT / "course" / "index.ipynb"
    for path in sorted((ROOT / "release").glob("*/*")):
        assert layout[f"{path.parent.name}/{path.name}"] == path
    assert {rel.split("/")[0] for rel in layout if "/" in rel} == set(ASSIGNMENTS)
    assert {f"{a}/glossary.md" for a in ASSIGNMENTS} <= set(layout)


def test_written_folder_links_resolve_and_a_students_notebook_is_kept(tmp_path):
    written = course_folder.write(tmp_path)
    assert set(written) == set(course_folder.layout())
    front = nbformat.read(tmp_path / "index.ipynb", as_version=4)
    assert not [c for c in front.cells if chapter_frame.BOOK_ONLY in c.metadata.get("tags", [])]
    assert front.metadata["language_info"]["version"] == sys.version.split()[0]
    assert all((tmp_path / link).is_file() for link in _links(front)) and len(_links(front)) >= 8
    for rel in course_folder.layout():
        if rel.endswith(".ipynb") and rel != "index.ipynb":
            for link in _links(nbformat.read(tmp_path / rel, as_version=4)):
                assert (tmp_path / rel).parent.joinpath(link).resolve().is_file(), f"{rel}: dead link {link}"
    mine = tmp_path / CHAPTER
    mine.write_text(mine.read_text().replace("STUDENT_ID = \\\"\\\"", "STUDENT_ID = \\\"ada\\\""))
    assert "STUDENT_ID = \\\"ada\\\"" in mine.read_text()
    (tmp_path / "01_principles" / "glossary.md").write_text("old")
    again = course_folder.write(tmp_path)
    assert again == ["01_principles/glossary.md"], "only the stale glossary is rewritten"
    assert "STUDENT_ID = \\\"ada\\\"" in mine.read_text(), "a student's notebook was overwritten"


def test_a_hubs_home_gets_the_front_door_once(tmp_path):
    assert course_folder.main(["--front-door", str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["index.ipynb"]
    (tmp_path / "index.ipynb").write_text((tmp_path / "index.ipynb").read_text() + " ")
    assert course_folder.write_front_door(tmp_path) == []
    assert (tmp_path / "index.ipynb").read_text().endswith(" ")


def _old_workspace(ws):
    """A workspace as make lab made it before the course folder: course/ and release/<assignment>/."""
    front = nbformat.read(ROOT / "course" / "index.ipynb", as_version=4)
    for cell in front.cells:
        cell.source = re.sub(r"\]\((0\d_[a-z_]+/)", r"](../release/\1", cell.source)
    (ws / "course" / "figures").mkdir(parents=True)
    nbformat.write(front, ws / "course" / "index.ipynb")
    (ws / "course" / "glossary.md").write_bytes((ROOT / "course" / "glossary.md").read_bytes())
    figure = next((ROOT / "course" / "figures").glob("*.svg"))
    (ws / "course" / "figures" / figure.name).write_bytes(figure.read_bytes())
    (ws / "course" / "my_notes.md").write_text("mine")
    chapter = nbformat.read(ROOT / "release" / CHAPTER, as_version=4)
    nav = next(c for c in chapter.cells if chapter_frame.NAV_TAG in c.metadata.get("tags", []))
    nav.source = "---\n**Contents:** [the course's front door](../../course/index.ipynb)"
    answer = next(c for c in chapter.cells if c.metadata.get("nbgrader", {}).get("solution")
                  and c.cell_type == "code")
    answer.source = "def my_answer():\n    return 42  # ../../course/index.ipynb stays in code"
    written = nbtools.manual("My answer cites [the front door](../../course/index.ipynb).", "t_written", 2)
    chapter.cells.insert(-1, written)
    old = ws / "release" / "01_principles"
    (old / ".ipynb_checkpoints").mkdir(parents=True)
    nbformat.write(chapter, old / "01a_circuits.ipynb")
    (old / ".ipynb_checkpoints" / "01a_circuits-checkpoint.ipynb").write_text("checkpoint")
    (old / "data.csv").write_text("1,2")
    taken = ws / "02_applications" / "02a_classification_and_toxin.ipynb"
    taken.parent.mkdir(parents=True)
    taken.write_text("new place, already there")
    (ws / "release" / "02_applications").mkdir(parents=True)
    (ws / "release" / "02_applications" / taken.name).write_text("old place")
    return answer.source, written.source


def test_an_old_workspace_moves_into_the_course_folder_and_keeps_the_students_work(tmp_path):
    ws = tmp_path / "workspace"
    answer, written = _old_workspace(ws)
    workspace.prepare(ws)
    chapter = nbformat.read(ws / CHAPTER, as_version=4)
    sources = [c.source for c in chapter.cells]
    assert answer in sources and written in sources, "a student's answer changed in the move"
    nav = next(c for c in chapter.cells if chapter_frame.NAV_TAG in c.metadata.get("tags", []))
    release_nav = next(c for c in nbformat.read(ROOT / "release" / CHAPTER, as_version=4).cells
                       if chapter_frame.NAV_TAG in c.metadata.get("tags", []))
    assert nav.source == release_nav.source, "the moved chapter's navigation cell is the current one"
    front = nbformat.read(ws / "index.ipynb", as_version=4)
    assert "../release/" not in nbformat.writes(front) and all((ws / link).is_file() for link in _links(front))
    assert (ws / "01_principles" / ".ipynb_checkpoints" / "01a_circuits-checkpoint.ipynb").read_text() == "checkpoint"
    assert (ws / "01_principles" / "data.csv").read_text() == "1,2"
    # the new place was taken: both files stay as they were
    assert (ws / "02_applications" / "02a_classification_and_toxin.ipynb").read_text() == "new place, already there"
    assert (ws / "release" / "02_applications" / "02a_classification_and_toxin.ipynb").read_text() == "old place"
    # the old layout's refreshed copies are gone, the student's own file stays, empty folders go
    assert sorted(p.relative_to(ws).as_posix() for p in (ws / "course").rglob("*")) == ["course/my_notes.md"]
    assert not (ws / "release" / "01_principles").exists()
    assert workspace.migrate(ws) == ([], [(ws / "release" / "02_applications" / "02a_classification_and_toxin.ipynb",
                                           ws / "02_applications" / "02a_classification_and_toxin.ipynb")])
    assert (ws / "01_principles" / "glossary.md").is_file() and (ws / "03_hands_on").is_dir()


def test_a_submission_handed_in_with_its_folder_brings_the_glossary_back_without_a_note(tmp_path):
    """nbgrader submits the whole assignment folder: the glossary copy is the release's, not a finding."""
    from grader import submissions
    release = ROOT / "release" / "01_principles"
    folder = tmp_path / "ada" / "01_principles"
    folder.mkdir(parents=True)
    names = sorted(p.name for p in release.glob("*.ipynb"))
    for name in names:
        (folder / name).write_bytes((release / name).read_bytes())
    (folder / "glossary.md").write_bytes((release / "glossary.md").read_bytes())
    layout = {name: {nbtools.grade_id(c) for c in nbtools.read(release / name).cells if nbtools.grade_id(c)}
              for name in names}
    out = submissions.inspect(folder, names, layout, release_dir=release)
    assert sorted(out["notebooks"]) == names and out["notes"] == [] and out["problems"] == []
    (folder / "scratch.txt").write_text("x")
    assert submissions.inspect(folder, names, layout, release_dir=release)["notes"] == [
        "ignored 1 other file(s): scratch.txt"]
