"""``make grade`` on the demo class: honest, broken and hostile submissions of one assignment.

Runs tools/grade.py exactly as an instructor would (parallel workers, report,
integrity scan, feedback) on a fresh demo class for chapter 2, with a short
cell timeout so the infinite loop costs seconds, not a minute.
"""
import csv
import subprocess
import sys

import pytest

from course_utils import HIDDEN_RE, ROOT, distinctive_lines, regions, source_notebooks
import nbtools

pytestmark = pytest.mark.slow
ASSIGNMENT = "02_applications"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    course = tmp_path_factory.mktemp("demo") / "demo_class"
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--demo", "--course", str(course),
                           "--assignments", ASSIGNMENT, "--jobs", "2", "--cell-timeout", "15", "--feedback"],
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    with open(course / "reports" / "summary.csv") as f:
        summary = {row["student"]: row for row in csv.DictReader(f)}
    with open(course / "reports" / "integrity.csv") as f:
        findings = list(csv.DictReader(f))
    return {"course": course, "summary": summary, "findings": findings, "stdout": proc.stdout}


def _score(report, student):
    row = report["summary"][student]
    return float(row["score"]), float(row["raw_score"]), float(row["max_score"])


def test_every_submission_was_graded_and_reported(report):
    assert len(report["summary"]) == 12
    assert (report["course"] / "reports" / "grades.csv").stat().st_size > 0
    for png in ("score_distribution.png", "problem_difficulty.png"):
        assert (report["course"] / "reports" / png).stat().st_size > 1000
    assert "Integrity" in report["stdout"] and "Graded 12 submissions" in report["stdout"]


@pytest.mark.parametrize("student", ["instructor", "alternative", "duplicated_cell"])
def test_honest_full_solutions_earn_full_marks(report, student):
    score, raw, maximum = _score(report, student)
    assert maximum > 0 and score == raw == maximum
    assert report["summary"][student]["integrity"] == ""


def test_duplicated_cell_is_repaired(report):
    assert "repaired duplicate" in report["summary"]["duplicated_cell"]["notes"]


def test_partial_and_mistakes_score_in_between(report):
    for student in ("partial", "mistakes"):
        score, _, maximum = _score(report, student)
        assert 0 < score < maximum, student


@pytest.mark.parametrize("student", ["blank", "deleted_tests", "edited_tests", "monkeypatch", "grader_patch"])
def test_blank_and_hostile_submissions_earn_nothing(report, student):
    score, _, _ = _score(report, student)
    assert score == 0.0, f"{student} earned {score}"


def test_comparison_monkeypatching_earns_nothing_even_before_the_hold(report):
    """numpy/math/testing replaced and answers equal to anything: the checks themselves refuse."""
    _, raw, _ = _score(report, "monkeypatch")
    assert raw == 0.0


@pytest.mark.parametrize("student,needle", [("monkeypatch", "monkeypatching"), ("grader_patch", "monkeypatching"),
                                            ("kernel_kill", "kills"), ("monkeypatch", "always returns True"),
                                            ("deleted_tests", "deletes test cell"), ("edited_tests", "edits test cell")])
def test_tampering_is_flagged(report, student, needle):
    assert report["summary"][student]["integrity"].startswith("FLAGGED")
    assert any(f["student"] == student and needle in f["finding"] for f in report["findings"])


@pytest.mark.parametrize("student", ["instructor", "blank", "partial", "alternative", "mistakes", "duplicated_cell",
                                     "infinite_loop"])
def test_honest_or_broken_submissions_are_not_flagged(report, student):
    assert report["summary"][student]["integrity"] == ""


def test_infinite_loop_and_kernel_kill_cost_only_their_own_points(report):
    for student in ("infinite_loop", "kernel_kill"):
        _, raw, maximum = _score(report, student)
        assert raw < maximum
    _, raw, maximum = _score(report, "infinite_loop")
    assert raw > 0, "the other problems of the infinite-loop submission must still be graded"


def test_feedback_has_no_hidden_tests(report):
    hidden = [line for src in source_notebooks(ASSIGNMENT) for cell in nbtools.read(src).cells
              for block in regions(cell.source, HIDDEN_RE) for line in distinctive_lines(block)]
    pages = list((report["course"] / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
    assert len(pages) >= 20
    for page in pages:
        text = page.read_text()
        assert "BEGIN HIDDEN TESTS" not in text
        for line in hidden:
            assert line not in text, f"{page.name}: {line}"
