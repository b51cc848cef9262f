"""Grading integrity, problem by problem, through the real nbgrader pipeline.

For every notebook with a registry in tests/answers/: the reference solution,
every alternative correct answer and every plausible wrong answer are graded.
Problems are independent, so one submission carries the k-th variant of every
problem at once; an assignment needs only a handful of autograde runs.
"""
import pytest

import nbtools
from course_utils import (assignments_with_notebooks, autograde, cell_scores, generate, load_answers,
                          make_course, source_notebooks, submit)

pytestmark = pytest.mark.slow


def _variants(registry, kind):
    """Number of submissions needed to cover every variant of ``kind``."""
    return max((len(e[kind]) for e in registry.values()), default=0)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Autograde, per assignment, the instructor answers, every alternative and every wrong answer (twice for one)."""
    course = make_course(tmp_path_factory.mktemp("integrity"))
    plan = {}
    for assignment in assignments_with_notebooks():
        release = generate(course, assignment)
        students = {}
        for src in source_notebooks(assignment):
            registry = load_answers(src.stem)
            student_nb = nbtools.read(release / src.name)
            instructor = nbtools.instructor_answers(nbtools.read(src))
            students.setdefault("reference", {})[src.name] = nbtools.fill_solutions(student_nb, instructor)
            students.setdefault("reference_again", {})[src.name] = students["reference"][src.name]
            for k in range(max(_variants(registry, "alternatives"), 1)):
                answers = {gid: e["alternatives"][k] for gid, e in registry.items() if k < len(e["alternatives"])}
                students.setdefault(f"alternative{k}", {})[src.name] = nbtools.fill_solutions(student_nb, answers)
            for k in range(max(_variants(registry, "wrong"), 1)):
                answers = {gid: list(e["wrong"].values())[k] for gid, e in registry.items() if k < len(e["wrong"])}
                students.setdefault(f"wrong{k}", {})[src.name] = nbtools.fill_solutions(student_nb, answers)
        for student, notebooks in students.items():
            submit(course, student, assignment, notebooks)
        autograde(course, assignment)
        plan[assignment] = {s: cell_scores(course, assignment, s) for s in students}
    return plan


def _cases():
    for assignment in assignments_with_notebooks():
        for src in source_notebooks(assignment):
            for gid, entry in load_answers(src.stem).items():
                yield assignment, src.stem, gid, entry


CASES = list(_cases())
IDS = [f"{nb}:{gid}" for _, nb, gid, _ in CASES]


def test_every_graded_problem_has_a_registry_entry():
    missing = []
    for assignment in assignments_with_notebooks():
        for src in source_notebooks(assignment):
            registry = load_answers(src.stem)
            for gid in nbtools.answer_cells(nbtools.read(src)):
                entry = registry.get(gid)
                if not entry or len(entry.get("alternatives", [])) < 1 or len(entry.get("wrong", {})) < 2:
                    missing.append(f"{src.stem}:{gid}")
    assert not missing, f"tests/answers needs >= 1 alternative and >= 2 wrong answers for {missing}"


@pytest.mark.parametrize("assignment,nb,gid,entry", CASES, ids=IDS)
def test_reference_and_alternatives_earn_full_marks(graded, assignment, nb, gid, entry):
    scores = graded[assignment]
    for student in ["reference"] + [f"alternative{k}" for k in range(len(entry["alternatives"]))]:
        for cell in entry["hidden"] + [f"{gid}_visible"]:
            got, maximum = scores[student][(nb, cell)]
            assert got == maximum, f"{student} lost points on {nb}:{cell} ({got}/{maximum})"


@pytest.mark.parametrize("assignment,nb,gid,entry", CASES, ids=IDS)
def test_wrong_answers_lose_the_hidden_points(graded, assignment, nb, gid, entry):
    scores = graded[assignment]
    for k, label in enumerate(entry["wrong"]):
        for cell in entry["hidden"]:
            got, _ = scores[f"wrong{k}"][(nb, cell)]
            assert not got, f"wrong answer '{label}' earned {got} on {nb}:{cell}"
        if label == "hard-coded visible answer":
            got, maximum = scores[f"wrong{k}"][(nb, f"{gid}_visible")]
            assert got == maximum, f"the hard-coded visible answer should pass {nb}:{gid}_visible"


@pytest.mark.parametrize("assignment", assignments_with_notebooks())
def test_grading_is_repeatable(graded, assignment):
    assert graded[assignment]["reference"] == graded[assignment]["reference_again"]
