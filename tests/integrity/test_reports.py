"""make grade's reports: lateness, a one-student regrade with old -> new scores, item analysis, feedback files,
and written answers: pending until a person grades them (through nbgrader's gradebook API, as Formgrader
does), then counted by ``make grade REPORTS=1`` without regrading anybody."""
import csv
import json
import shutil
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from course_utils import ROOT
import demo_class
import nbtools

pytestmark = pytest.mark.slow
ASSIGNMENT = "03_hands_on"
WRITTEN = {gid for src in sorted((ROOT / "source" / ASSIGNMENT).glob("*.ipynb"))
           for gid in nbtools.written_cells(nbtools.read(src))}


def _grade(course, *extra):
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--course", str(course), "--jobs", "2",
                           "--cell-timeout", "15", *extra], capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


def _csv(course, name):
    with open(course / "reports" / name) as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = demo_class.build(tmp_path_factory.mktemp("reports") / "c", (ASSIGNMENT,))
    for student in (course / "submitted").iterdir():
        if student.name not in ("instructor", "blank", "partial", "mistakes"):
            shutil.rmtree(student)
    from nbgrader.api import Gradebook
    due = datetime(2026, 11, 20, 12, 0, 0)
    with Gradebook(f"sqlite:///{course}/gradebook.db", course_id="dystonia") as gb:
        gb.update_or_create_assignment(ASSIGNMENT, duedate=due)
    for student, offset in (("instructor", -2), ("partial", 30)):
        stamp = (due + timedelta(hours=offset)).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
        (course / "submitted" / student / ASSIGNMENT / "timestamp.txt").write_text(stamp)
    first = _grade(course, "--feedback")
    return {"course": course, "first": first, "summary": {r["student"]: r for r in _csv(course, "summary.csv")},
            "items": _csv(course, "items.csv"), "grades": _csv(course, "grades.csv")}


def test_late_submissions_are_marked_late(course):
    assert float(course["summary"]["partial"]["late_hours"]) == pytest.approx(30.0, abs=0.01)
    assert course["summary"]["instructor"]["late_hours"] == ""
    assert course["summary"]["blank"]["late_hours"] == ""


def test_items_report_pass_rate_discrimination_and_hints(course):
    items = course["items"]
    assert items and {"pass_rate", "discrimination", "hints", "mean_score"} <= set(items[0])
    for item in items:
        # every cell of the 4 students, except written answers still pending (no score yet)
        assert 0.0 <= float(item["pass_rate"]) <= 1.0 and (item["n"] == "4" or item["problem"] in WRITTEN)
        if item["problem"] in WRITTEN and item["n"] == "1":
            continue            # one scored answer so far: no discrimination yet
        assert -1.0 <= float(item["discrimination"]) <= 1.0
    assert any("not_answered:" in item["hints"] for item in items)
    assert any(float(item["discrimination"]) > 0 for item in items)


def test_similarity_is_reported_and_only_flags(course):
    rows = _csv(course["course"], "similarity.csv")
    to_solution = {r["student"]: r for r in rows if r["other"] == "(instructor solution)"}
    assert set(to_solution) == {"instructor", "blank", "partial", "mistakes"}
    assert to_solution["instructor"]["flag"] == "review" and float(to_solution["instructor"]["closeness"]) == 1.0
    assert to_solution["blank"]["flag"] == ""
    assert "pair(s) flagged for review" in course["first"]
    assert course["summary"]["instructor"]["integrity"] == "", "a similarity flag must never hold a grade"


def test_feedback_can_be_released_by_nbgrader(course):
    folder = course["course"] / "feedback" / "instructor" / ASSIGNMENT
    assert list(folder.glob("*.html")) and (folder / "timestamp.txt").is_file()
    assert not [p for p in folder.iterdir() if p.suffix not in (".html", ".txt")]


def test_one_student_is_regraded_and_the_changes_are_listed(course):
    root = course["course"]
    release = root / ".grading" / "worker_0" / "release" / ASSIGNMENT
    source = sorted((ROOT / "source" / ASSIGNMENT).glob("*.ipynb"))[0]
    solved = nbtools.fill_solutions(nbtools.read(release / source.name), nbtools.instructor_answers(nbtools.read(source)))
    (root / "submitted" / "blank" / ASSIGNMENT / source.name).write_text(json.dumps(solved))
    out = _grade(root, "--student", "blank")
    summary = {r["student"]: r for r in _csv(root, "summary.csv")}
    assert set(summary) == set(course["summary"]), "the other students' rows must be kept"
    assert summary["instructor"] == course["summary"]["instructor"]
    assert float(summary["blank"]["raw_score"]) > 0.0
    changes = _csv(root, "regrades.csv")
    assert changes and {c["student"] for c in changes} == {"blank"}
    assert all(float(c["old_score"]) == 0.0 and float(c["new_score"]) > 0 for c in changes)
    assert "score(s) changed since the previous run" in out


def test_written_answers_wait_for_a_grader_and_never_count_as_zero(course):
    """Runs last: it grades a written answer by hand and regrades the instructor."""
    assert WRITTEN, f"{ASSIGNMENT} has no written answer to test with"
    gid = sorted(WRITTEN)[0]
    notebook = next(src.stem for src in sorted((ROOT / "source" / ASSIGNMENT).glob("*.ipynb"))
                    if gid in nbtools.written_cells(nbtools.read(src)))
    cell = nbtools.written_cells(nbtools.read(ROOT / "source" / ASSIGNMENT / f"{notebook}.ipynb"))[gid]
    points = float(cell.metadata["nbgrader"]["points"])
    rows = {r["student"]: r for r in course["grades"] if r["problem"] == gid}
    assert {s: r["manual"] for s, r in rows.items()} == {
        "instructor": "pending", "partial": "pending", "mistakes": "pending", "blank": "no answer"}
    assert all(r["score"] == "" for r in rows.values() if r["manual"] == "pending")
    assert float(rows["blank"]["score"]) == 0.0
    first = course["summary"]["instructor"]
    automatic = sum(float(r["score"]) for r in course["grades"] if r["student"] == "instructor" and r["score"] != "")
    assert float(first["pending"]) == points * len(WRITTEN) and float(first["raw_score"]) == pytest.approx(automatic)
    assert course["summary"]["blank"]["pending"] == ""
    assert "written answers waiting for a grader" in course["first"]
    assert (course["course"] / "reports" / "rubrics.md").read_text().count("Rubric") >= len(WRITTEN)

    # a person grades the instructor's answer: Formgrader writes grade.manual_score, as here
    from nbgrader.api import Gradebook
    root = course["course"]
    with Gradebook(f"sqlite:///{root}/gradebook.db", course_id="dystonia") as gb:
        assert gb.find_submission(ASSIGNMENT, "instructor").needs_manual_grade
        gb.find_grade(gid, notebook, ASSIGNMENT, "instructor").manual_score = points - 0.5
        gb.db.commit()
    out = _grade(root, "--reports-only")
    assert "1 written-answer score(s) changed" in out
    summary = {r["student"]: r for r in _csv(root, "summary.csv")}
    graded = float(summary["instructor"]["raw_score"])
    assert graded == pytest.approx(float(first["raw_score"]) + points - 0.5)
    assert float(summary["instructor"]["pending"] or 0) == points * (len(WRITTEN) - 1)
    assert summary["partial"]["pending"] == course["summary"]["partial"]["pending"]
    row = next(r for r in _csv(root, "grades.csv") if r["student"] == "instructor" and r["problem"] == gid)
    assert row["manual"] == "graded" and float(row["score"]) == points - 0.5
    assert any(c["student"] == "instructor" and c["old_score"] == "pending" for c in _csv(root, "regrades.csv"))
    item = next(i for i in _csv(root, "items.csv") if i["problem"] == gid)
    assert item["n"] == "2", "the item counts the graded answer and the blank one, not the pending ones"

    # regrading the student keeps the person's score
    _grade(root, "--student", "instructor")
    summary = {r["student"]: r for r in _csv(root, "summary.csv")}
    assert float(summary["instructor"]["raw_score"]) == pytest.approx(graded)
