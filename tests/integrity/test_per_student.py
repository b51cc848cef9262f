"""Every student their own patient: a copied number fails, one's own correct answer passes.

For each problem marked ``per_student`` in tests/answers/, and each of 200 student ids, the
problem's ``student-data`` cells and the instructor's solution run in-process as that student
(``DYSTONIA_STUDENT_ID``), giving that student's correct answers.  The problem's hidden test
cells are then judged exactly as the grader judges them (``grader.judge.judge_source``):

* as the same student: full marks (each student's own correct answer passes);
* as the next student in the list, with the first student's answers: not full marks (an answer
  computed for one student fails another's checks) for at least 99 % of pairs.
"""
import os

import pytest

import nbtools
from course_utils import assignments_with_notebooks, load_answers, source_notebooks
from grader.judge import judge_source, prelude_namespace
from helpers import grading as G

pytestmark = pytest.mark.slow
N_STUDENTS = 200
STUDENTS = [f"s{k:03d}x" for k in range(N_STUDENTS)]


class _As(G._LocalBackend):
    """Answers from one student's namespace, judged as (possibly) another student."""

    judge = True

    def __init__(self, namespace, student):
        super().__init__(namespace)
        self._student = student

    def student(self):
        return self._student


def _problems():
    for assignment in assignments_with_notebooks():
        for src in source_notebooks(assignment):
            for gid, entry in load_answers(src.stem).items():
                if entry.get("per_student"):
                    yield src, gid, entry


PROBLEMS = list(_problems())


def test_every_chapter_has_per_student_problems():
    chapters = {src.parent.name for src, _, _ in PROBLEMS}
    assert chapters == set(assignments_with_notebooks()), f"per-student problems only in {sorted(chapters)}"


def _answers_of(nb, gid, student):
    data_cells = [c.source for c in nb.cells if c.cell_type == "code" and "student-data" in c.metadata.get("tags", [])]
    solution = nbtools.solution_code(nbtools.answer_cells(nb)[gid].source)
    saved = os.environ.get("DYSTONIA_STUDENT_ID")
    os.environ["DYSTONIA_STUDENT_ID"] = student
    try:
        ns = prelude_namespace()
        for source in data_cells:
            exec(compile(source, "<student-data>", "exec"), ns)
        exec(compile(solution, f"<solution {gid}>", "exec"), ns)
    finally:
        if saved is None:
            os.environ.pop("DYSTONIA_STUDENT_ID", None)
        else:
            os.environ["DYSTONIA_STUDENT_ID"] = saved
    return ns


@pytest.mark.parametrize("src,gid,entry", PROBLEMS, ids=[f"{s.stem}:{g}" for s, g, _ in PROBLEMS])
def test_answers_are_personal(src, gid, entry):
    nb = nbtools.read(src)
    tests = nbtools.test_cells(nb)
    assert any("student-data" in c.metadata.get("tags", []) for c in nb.cells), f"{src.stem} has no student-data cell"
    spaces = [_answers_of(nb, gid, s) for s in STUDENTS]

    def full_marks(ns, student):
        for hidden in entry["hidden"]:
            cell = tests[hidden]
            points = float(cell.metadata["nbgrader"]["points"])
            verdict = judge_source(cell.source, hidden, points, _As(ns, student), prelude_namespace())
            if verdict["score"] < points:
                return False
        return True

    own_failures = [s for s, ns in zip(STUDENTS, spaces) if not full_marks(ns, s)]
    assert not own_failures, f"{len(own_failures)} students' own correct answers failed, e.g. {own_failures[:3]}"
    copied_pass = sum(full_marks(spaces[k], STUDENTS[(k + 1) % N_STUDENTS]) for k in range(N_STUDENTS))
    assert copied_pass <= 0.01 * N_STUDENTS, (
        f"an answer copied from another student passed {copied_pass} of {N_STUDENTS} pairs (> 1 %)")
