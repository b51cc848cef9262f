"""Every student their own patient: a copied number fails, one's own correct answer passes.

For each problem marked ``per_student`` in tests/answers/, and each of 200 student ids, the
problem's ``student-data`` cells and the instructor's solution run in-process as that student
(``DYSTONIA_STUDENT_ID``), giving that student's correct answers.  The problem's hidden test
cells are then judged exactly as the grader judges them (``grader.judge.judge_source``):

* as the same student: full marks (each student's own correct answer passes);
* as the next student in the list, with the first student's answers: not full marks (an answer
  computed for one student fails another's checks) for at least 99 % of pairs.

Choice questions cannot reach 99 %: a letter names one of ``n`` options, and each student's
order of the options is drawn uniformly (``helpers/choices.py``), so two students' correct
letters agree with probability ``1/n``, the chance of a guess.  No scheme does better over a
class: however the letters are assigned, the fraction of pairs of students whose correct letters
agree is at least about ``1/n`` (exactly ``(N - n) / (n (N - 1))`` for ``N`` students).  So
for choices the test asserts what can hold: each student's own letter passes, and over all
ordered pairs of 200 students a copied letter passes for at most ``1/n + 3 %`` of them, with every
letter the correct one for ``1/n`` of the students within four standard errors of a binomial share
(about ±12 % for four options over 200 students).
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
                if entry.get("per_student") and "choice" not in entry:
                    yield src, gid, entry


def _choices():
    for assignment in assignments_with_notebooks():
        for src in source_notebooks(assignment):
            for gid, entry in load_answers(src.stem).items():
                if "choice" in entry:
                    yield src, gid, entry


PROBLEMS = list(_problems())
CHOICES = list(_choices())
COPY_MARGIN = 0.03          # above 1/n, over all ordered pairs of the 200 students
#: each letter is correct for 1/n +- this many standard errors of a binomial share of the students.
#: Four, not two or three: the course has some forty choice questions and four letters each, and a
#: uniform order puts some letter of some question beyond 2.6 standard errors (the former fixed 8 %)
#: by chance in about three courses out of four; beyond four, in about one in a hundred.
LETTER_SHARE_SE = 4.0


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


@pytest.mark.parametrize("src,gid,entry", CHOICES, ids=[f"{s.stem}:{g}" for s, g, _ in CHOICES])
def test_a_copied_letter_is_worth_a_guess(src, gid, entry):
    nb = nbtools.read(src)
    tests = nbtools.test_cells(nb)
    n_options = entry["choice"]["options"]
    spaces = [_answers_of(nb, gid, s) for s in STUDENTS]

    def full_marks(ns, student):
        for hidden in entry["hidden"]:
            cell = tests[hidden]
            points = float(cell.metadata["nbgrader"]["points"])
            if judge_source(cell.source, hidden, points, _As(ns, student), prelude_namespace())["score"] < points:
                return False
        return True

    own_failures = [s for s, ns in zip(STUDENTS, spaces) if not full_marks(ns, s)]
    assert not own_failures, f"{len(own_failures)} students' own correct letters failed, e.g. {own_failures[:3]}"
    variable = entry["choice"]["variable"]
    letters = [ns[variable] for ns in spaces]
    # a copied letter passes exactly when the two students' correct letters agree; check that on a sample
    for k in range(0, N_STUDENTS, 20):
        j = (k + 7) % N_STUDENTS
        assert full_marks(spaces[k], STUDENTS[j]) == (letters[k] == letters[j]), (
            f"copying {STUDENTS[k]}'s letter to {STUDENTS[j]}: the verdict disagrees with their correct letters")
    counts = {letter: letters.count(letter) for letter in set(letters)}
    agreeing = sum(c * (c - 1) for c in counts.values()) / (N_STUDENTS * (N_STUDENTS - 1))
    assert agreeing <= 1 / n_options + COPY_MARGIN, (
        f"a copied letter passes for {agreeing:.1%} of pairs (> 1/{n_options} + {COPY_MARGIN:.0%})")
    assert len(counts) == n_options, f"only the letters {sorted(counts)} are ever correct"
    for letter, c in sorted(counts.items()):
        margin = LETTER_SHARE_SE * ((1 / n_options) * (1 - 1 / n_options) / N_STUDENTS) ** 0.5
        assert abs(c / N_STUDENTS - 1 / n_options) <= margin, (
            f"{letter!r} is the correct letter for {c} of {N_STUDENTS} students: the orders are not uniform")
