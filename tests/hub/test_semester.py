"""A semester through the hub's exchange, end to end, for a small class (``tests/hub/semester.py``).

Every student fetches and submits the three chapters as their own Unix user (no servers), the
instructor types the guide's commands in the formgrader's terminal (collect, ``make grade``,
``make feedback``, ``release_feedback``), and every student fetches their feedback.  The class
has one student of each kind (full, partial, blank, late, resubmitted, a flooder and a
trickster) and more: ``DYSTONIA_SEMESTER_STUDENTS`` sets its size (default 10; the full-size
run, 110, is ``tools/benchmark_semester.py``).
"""
import os

import pytest

import semester as sem
from hub_site import require_hub, write_artifact

pytestmark = [pytest.mark.slow, pytest.mark.hub]

N_STUDENTS = int(os.environ.get("DYSTONIA_SEMESTER_STUDENTS", "10"))


@pytest.fixture(scope="module")
def run():
    require_hub()
    semester, result = sem.run(N_STUDENTS, label="semester")
    try:
        result["feedback_problems"] = sem.feedback_problems(semester, result)
        yield semester, result
    finally:
        semester.close()
        write_artifact("semester.json", {"students": N_STUDENTS, "timings": result["timings"]})


def test_every_submission_scores_what_the_models_say(run):
    """Full marks for full work (on time, late or resubmitted), the points of the problems solved
    for partial work, zero for blank work and the trickster; the late ones, and only they, late."""
    semester, result = run
    assert sem.check(semester, result) == []


def test_every_role_is_in_the_class(run):
    _, result = run
    assert set(result["roles"].values()) >= {"full", "partial", "blank", "late", "resubmit", "flooder", "trickster"}


def test_each_student_reads_their_own_feedback_and_nobody_elses(run):
    _, result = run
    assert result["feedback_problems"] == []


def test_the_flood_costs_nobody_anything(run):
    """The flooder's answers are the instructor's: every automatic point, like a full submission
    (the written answers wait for a person), and everyone else is graded as the models say."""
    semester, result = run
    flooder = semester.by_role(sem.FLOODER)[0]
    for a in sem.ASSIGNMENTS:
        row = result["summary"][(flooder, a)]
        assert row["status"] == "graded" and float(row["score"]) == sem.expected_score(semester, "full", a), row
        assert float(row["score"]) > 0


def test_the_guide_ran_in_the_formgrader_terminal(run):
    _, result = run
    typed = [e["command"] for e in result["events"]["typed"]]
    assert "make grade" in typed and "make feedback" in typed
    assert all(e["status"] == 0 for e in result["events"]["typed"])
