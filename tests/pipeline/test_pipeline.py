"""The nbgrader pipeline end to end: source -> student version -> autograde -> feedback.

Each test works in a fresh temporary copy of the course through nbgrader's own
command line, exactly as an instructor would run it.
"""
import json

import nbformat
import pytest

from course_utils import (
    HIDDEN_RE, ROOT, SOLUTION_RE, assignments_with_notebooks, autograde, cell_scores,
    code_score, distinctive_lines, generate, load_answers, make_course, nbgrader,
    regions, source_notebooks, submit,
)
import nbtools

pytestmark = pytest.mark.slow

ASSIGNMENTS = assignments_with_notebooks()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A temporary course with every assignment generated, submitted three ways, autograded.

    Students: ``instructor`` (every answer cell holds the instructor's solution),
    ``blank`` (the untouched student version) and ``hardcoded`` (each problem's
    "hard-coded visible answer" from tests/answers, which passes the visible
    tests and must lose the hidden points) and ``impostor`` (the instructor's
    solutions, with ``STUDENT_ID = "blank"`` written in each chapter's first cell:
    it must be graded on its own patient's data, not blank's).
    """
    course = make_course(tmp_path_factory.mktemp("course"))
    for assignment in ASSIGNMENTS:
        release = generate(course, assignment)
        subs = {"instructor": {}, "blank": {}, "hardcoded": {}, "impostor": {}}
        for src_path in source_notebooks(assignment):
            student_nb = nbtools.read(release / src_path.name)
            source_nb = nbtools.read(src_path)
            subs["instructor"][src_path.name] = nbtools.fill_solutions(
                student_nb, nbtools.instructor_answers(source_nb))
            subs["blank"][src_path.name] = student_nb
            wrong = {gid: entry["wrong"]["hard-coded visible answer"]["code"]
                     for gid, entry in load_answers(src_path.stem).items()
                     if "hard-coded visible answer" in entry.get("wrong", {})}
            subs["hardcoded"][src_path.name] = nbtools.fill_solutions(student_nb, wrong)
            impostor = nbtools.fill_solutions(student_nb, nbtools.instructor_answers(source_nb))
            first = next(c for c in impostor["cells"] if "course-start" in c["metadata"].get("tags", []))
            first["source"] = first["source"].replace('STUDENT_ID = ""', 'STUDENT_ID = "blank"')
            assert 'STUDENT_ID = "blank"' in first["source"]
            subs["impostor"][src_path.name] = impostor
        if assignment == ASSIGNMENTS[0]:
            subs["edited_test"] = {name: _edit_first_test(nb) for name, nb in subs["blank"].items()}
        for student, notebooks in subs.items():
            submit(course, student, assignment, notebooks)
        proc = autograde(course, assignment)
        LOGS[assignment] = proc.stdout + proc.stderr
    return course


LOGS = {}
EDITED = "# the student changed this test cell"


def _edit_first_test(nb):
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
                and not c.metadata["nbgrader"].get("solution") and c.cell_type == "code")
    cell.source += "\n" + EDITED
    return nb


def _checksum_warnings(log):
    """``{student: [grade_id, ...]}`` of nbgrader's "checksum ... has changed" warnings, by student."""
    import re
    out, student = {}, None
    for line in log.splitlines():
        found = re.search(r"submitted/([^/]+)/", line)
        if found:
            student = found.group(1)
        warned = re.search(r"Attribute 'checksum' for cell (\S+) has changed", line)
        if warned:
            out.setdefault(student, []).append(warned.group(1))
    return out


def test_untouched_hidden_test_cells_raise_no_checksum_warning(graded):
    """nbgrader warns "checksum ... has changed!" for every hidden-test cell of every student, even
    a blank one (jupyter/nbgrader#1961), which reads like tampering; the course's RestoreCells keeps
    the warning for cells a student really edited."""
    warnings = {a: _checksum_warnings(log) for a, log in LOGS.items()}
    for assignment, found in warnings.items():
        for student in ("instructor", "blank", "hardcoded"):
            assert not found.get(student), f"{assignment}/{student}: false checksum warnings {found[student]}"
    edited = warnings[ASSIGNMENTS[0]].get("edited_test", [])
    assert len(edited) == len(source_notebooks(ASSIGNMENTS[0])), warnings[ASSIGNMENTS[0]]
    assert all(gid.endswith("_visible") for gid in edited), edited        # the first test cell of each notebook


def test_every_chapter_has_a_graded_notebook():
    import course_utils
    assert all(list((ROOT / "source" / a).glob("*.ipynb")) for a in course_utils.ASSIGNMENTS), (
        "each chapter's assignment folder in source/ needs at least one notebook")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_is_generated_and_current(assignment, tmp_path):
    """The committed student version equals what nbgrader generates from source/ now."""
    course = make_course(tmp_path)
    fresh_dir = generate(course, assignment)
    committed_dir = ROOT / "release" / assignment
    fresh = sorted(p.relative_to(fresh_dir) for p in fresh_dir.rglob("*") if p.is_file())
    # JupyterLab's autosave checkpoints (git-ignored) are not part of the release
    committed = sorted(p.relative_to(committed_dir) for p in committed_dir.rglob("*")
                       if p.is_file() and ".ipynb_checkpoints" not in p.relative_to(committed_dir).parts)
    assert fresh == committed, (f"release/{assignment} holds {committed}, nbgrader makes {fresh}: "
                                "run `make release` and commit release/")
    for rel in fresh:
        new, old = fresh_dir / rel, committed_dir / rel
        if rel.suffix == ".ipynb":
            same = json.loads(new.read_text()) == json.loads(old.read_text())
        else:
            same = new.read_bytes() == old.read_bytes()
        assert same, f"release/{assignment}/{rel} is stale: run `make release` and commit release/"


@pytest.mark.parametrize("src_path", source_notebooks(), ids=lambda p: p.name)
def test_student_version_has_stubs_and_no_answers(src_path):
    """Solutions become stubs; no solution or hidden-test text reaches release/."""
    student = (ROOT / "release" / src_path.parent.name / src_path.name).read_text()
    source_nb = nbtools.read(src_path)
    student_nb = nbformat.reads(student, as_version=4)
    assert "BEGIN SOLUTION" not in student and "BEGIN HIDDEN TESTS" not in student
    stubs = nbtools.answer_cells(student_nb)
    assert stubs, "a graded notebook needs at least one answer cell"
    for gid, cell in stubs.items():
        assert "raise NotImplementedError()" in cell.source, f"{gid} has no stub"
    student_code = "\n".join(c.source for c in student_nb.cells if c.cell_type == "code")
    # Lines that the source also shows outside the hidden/solution regions are public anyway.
    public = "\n".join(HIDDEN_RE.sub("", SOLUTION_RE.sub("", c.source)) for c in source_nb.cells)
    for cell in source_nb.cells:
        for block in regions(cell.source, SOLUTION_RE) + regions(cell.source, HIDDEN_RE):
            for line in (l for l in distinctive_lines(block) if l not in public):
                # Markdown may state a formula the solution also uses; code must not carry answers.
                assert line not in student_code, f"leaked into the student version: {line!r}"
        for block in regions(cell.source, HIDDEN_RE):
            for line in (l for l in distinctive_lines(block) if l not in public):
                assert line not in student, f"hidden test leaked into the student version: {line!r}"
    hidden_cells = [c for c in source_nb.cells if "BEGIN HIDDEN TESTS" in c.source]
    assert hidden_cells, f"{src_path.name} has no hidden tests"


WRITTEN = [(src, gid) for src in source_notebooks() for gid in nbtools.written_cells(nbtools.read(src))]


def test_the_course_has_written_answers():
    assert WRITTEN, "no written answer (a manually graded Markdown answer cell) in source/"


@pytest.mark.parametrize("src_path,gid", WRITTEN, ids=[f"{s.stem}:{g}" for s, g in WRITTEN])
def test_written_answers_reach_students_without_model_answer_or_rubric(src_path, gid):
    """nbgrader 0.9.6 replaces a Markdown solution region with its text stub; nothing of it is left."""
    student = (ROOT / "release" / src_path.parent.name / src_path.name).read_text()
    student_nb = nbformat.reads(student, as_version=4)
    cell = nbtools.written_cells(nbtools.read(src_path))[gid]
    assert "**Model answer.**" in cell.source and "**Rubric" in cell.source, f"{gid} needs a model answer and a rubric"
    assert nbtools.written_cells(student_nb)[gid].source.strip() == "YOUR ANSWER HERE"
    assert "Model answer" not in student and "Rubric" not in student
    lines = [l for block in regions(cell.source, SOLUTION_RE) for l in distinctive_lines(block)]
    assert lines
    for line in lines:
        assert line not in student, f"leaked into the student version: {line!r}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_instructor_solution_scores_full_marks(graded, assignment):
    score, maximum = code_score(graded, assignment, "instructor")
    failing = [k for k, (s, m) in cell_scores(graded, assignment, "instructor").items()
               if s is not None and s < m]
    assert maximum > 0
    assert score == maximum, f"instructor solution lost points in {failing}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_notebook_claiming_another_id_is_graded_on_its_own_patient(graded, assignment):
    """``STUDENT_ID = "blank"`` in the first cell: the grader's id wins, so the solutions computed
    on the kernel's data (the impostor's own patient) earn full marks, per-student problems included."""
    per_student = [gid for src in source_notebooks(assignment) for gid, e in load_answers(src.stem).items()
                   if e.get("per_student")]
    assert per_student, f"{assignment} has no per-student problem to prove this on"
    score, maximum = code_score(graded, assignment, "impostor")
    assert score == maximum, f"graded on another student's data? {score}/{maximum}"
    for path in (graded / "autograded" / "impostor" / assignment).glob("*.ipynb"):
        first = next(c for c in nbtools.read(path).cells if "course-start" in c.metadata.get("tags", []))
        shown = "".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "") for o in first.outputs)
        assert "Your patient: impostor" in shown, f"{path.name}: the first cell said {shown!r}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_blank_student_scores_zero_and_every_cell_runs(graded, assignment):
    score, maximum = code_score(graded, assignment, "blank")
    assert maximum > 0 and score == 0, f"untouched student version scored {score}/{maximum}"
    for path in (graded / "autograded" / "blank" / assignment).glob("*.ipynb"):
        nb = nbtools.read(path)
        skipped = [i for i, c in enumerate(nb.cells)
                   if c.cell_type == "code" and c.source.strip() and c.execution_count is None
                   and "display-only" not in c.metadata.get("tags", [])]
        assert not skipped, f"{path.name}: cells {skipped} did not execute after a failing stub"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_hardcoded_visible_answers_lose_hidden_points(graded, assignment):
    """Hard-coding the visible example passes the visible test but earns at most half of the hidden points.

    (It may pass a contract part, such as the type and keys of the answer; never the cases.)
    """
    scores = cell_scores(graded, assignment, "hardcoded")
    checked = 0
    for src_path in source_notebooks(assignment):
        for gid, entry in load_answers(src_path.stem).items():
            if "hard-coded visible answer" not in entry.get("wrong", {}):
                continue
            earned = sum(scores[(src_path.stem, hidden)][0] or 0 for hidden in entry["hidden"])
            maximum = sum(scores[(src_path.stem, hidden)][1] for hidden in entry["hidden"])
            assert earned <= 0.5 * maximum, f"{src_path.stem}:{gid}: a hard-coded answer earned {earned}/{maximum}"
            visible = f"{gid}_visible"
            if (src_path.stem, visible) in scores:
                got, top = scores[(src_path.stem, visible)]
                assert got == top, (f"{src_path.stem}:{visible} should accept the hard-coded "
                                    "visible answer (it is the visible example)")
            checked += 1
    assert checked, f"{assignment} has no 'hard-coded visible answer' in tests/answers"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_has_no_hidden_tests(graded, assignment):
    nbgrader(graded, "generate_feedback", assignment, "--force")
    hidden_lines = []
    for src_path in source_notebooks(assignment):
        for cell in nbtools.read(src_path).cells:
            for block in regions(cell.source, HIDDEN_RE):
                hidden_lines += distinctive_lines(block)
    assert hidden_lines
    pages = list((graded / "feedback").glob(f"*/{assignment}/*.html"))
    assert len(pages) >= 3 * len(source_notebooks(assignment))
    for page in pages:
        text = page.read_text()
        assert "BEGIN HIDDEN TESTS" not in text
        for line in hidden_lines:
            escaped = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            assert line not in text and escaped not in text, f"{page}: hidden test shown: {line!r}"
