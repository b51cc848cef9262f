"""reports/similarity.csv: copies are flagged for review, honest answers are not, a class takes seconds.

The demo class (``tools/demo_class.py``) plants two copies: ``copied_alternative`` (the
``alternative`` student's answers with local variables renamed and comments added) and
``renamed_solution`` (the instructor's solution, disguised the same way).  Both must be flagged;
no alternative correct answer of ``tests/answers/`` may be, alone or as a whole submission.
Submissions are compared as ``make grade`` compares them (``grader/similarity.py``), without
grading them.
"""
import random
import time
from collections import defaultdict
from pathlib import Path

import pytest

import demo_class
import nbtools
from course_utils import ROOT, assignments_with_notebooks, load_answers, source_notebooks
from grader import similarity as S

# students the demo builds from the instructor's solution, or from the alternative, on purpose
FROM_SOLUTION = {"instructor", "renamed_solution", "duplicated_cell", "infinite_loop", "kernel_kill", "partial"}
SCALE_STUDENTS = 110
SCALE_SECONDS = 30.0        # a class of 110 x 3 assignments took a few seconds on 2 shared cores


def _editions(assignment):
    release = {p.name: nbtools.read(p) for p in sorted((ROOT / "release" / assignment).glob("*.ipynb"))}
    source = {p.name: nbtools.read(p) for p in source_notebooks(assignment)}
    return release, source


@pytest.fixture(scope="module")
def demo_rows():
    rows = {}
    for assignment in assignments_with_notebooks():
        release, source = _editions(assignment)
        students = defaultdict(dict)
        for name, rel in release.items():
            for student, nb in demo_class.submissions(rel, source[name], Path(name).stem).items():
                students[student][name] = nb
        rows[assignment] = S.assignment_rows(assignment, students, release, source)
    return rows


def _row(rows, student, other):
    return next((r for r in rows if r["student"] == student and r["other"] == other), None)


def _too_short(rows):
    """The solution's code is too short to tell a copy from a coincidence (a quiz's one-line function)."""
    return _row(rows, "instructor", S.SOLUTION)["fingerprints"] < S.MIN_SHARED


@pytest.mark.parametrize("assignment", assignments_with_notebooks())
def test_the_planted_copies_are_flagged(demo_rows, assignment):
    rows = demo_rows[assignment]
    if _too_short(rows):
        assert not any(r["flag"] for r in rows), "a few shared lines are not a copy: nothing may be flagged"
        return
    renamed = _row(rows, "renamed_solution", S.SOLUTION)
    assert renamed["flag"] == "review" and renamed["closeness"] >= 0.9, renamed
    for me, other in (("copied_alternative", "alternative"), ("alternative", "copied_alternative")):
        pair = _row(rows, me, other)
        assert pair and pair["flag"] == "review" and pair["closeness"] >= 0.9, pair


@pytest.mark.parametrize("assignment", assignments_with_notebooks())
def test_no_honest_answer_is_flagged(demo_rows, assignment):
    rows = demo_rows[assignment]
    assert _row(rows, "alternative", S.SOLUTION)["flag"] == "", "the alternative answers look like the solution"
    wrongly = [r for r in rows if r["student"] == "alternative" and r["flag"] and r["other"] != "copied_alternative"]
    assert not wrongly, f"honest alternative answers flagged: {wrongly}"
    assert _row(rows, "blank", S.SOLUTION)["flag"] == "" and _row(rows, "blank", S.SOLUTION)["fingerprints"] == 0


@pytest.mark.parametrize("assignment", assignments_with_notebooks())
def test_copies_of_the_solution_are_flagged_and_listed_per_cell(demo_rows, assignment):
    rows = demo_rows[assignment]
    if _too_short(rows):
        assert not any(r["flag"] for r in rows), "a few shared lines are not a copy: nothing may be flagged"
        return
    for student in FROM_SOLUTION:
        row = _row(rows, student, S.SOLUTION)
        if student == "partial" and row["fingerprints"] == 0:
            continue        # a quiz's first half is choice questions: letters, no code to compare
        assert row["flag"] == "review", f"{student} hands in the instructor's solution: {row}"
    assert all(":" in r["cells"] for r in rows if r["flag"])


def _alone(assignment, gid, code):
    """Rows for a class of one student who answered only ``gid``, with ``code``."""
    release, source = _editions(assignment)
    nbs = {name: nbtools.fill_solutions(rel, {gid: code}) if gid in nbtools.answer_cells(rel) else rel
           for name, rel in release.items()}
    return S.assignment_rows(assignment, {"one": nbs}, release, source)


PROBLEMS = [(a, src.stem, gid, entry) for a in assignments_with_notebooks() for src in source_notebooks(a)
            for gid, entry in load_answers(src.stem).items() if "choice" not in entry]


@pytest.mark.parametrize("assignment,nb,gid,entry", PROBLEMS, ids=[f"{n}:{g}" for _, n, g, _ in PROBLEMS])
def test_each_alternative_alone_is_not_flagged_and_a_renamed_solution_is(assignment, nb, gid, entry):
    for code in entry["alternatives"]:
        row = _row(_alone(assignment, gid, code), "one", S.SOLUTION)
        assert row["flag"] == "", f"an honest alternative answer of {gid} is flagged: {row}"
    solution = nbtools.instructor_answers(nbtools.read(ROOT / "source" / assignment / f"{nb}.ipynb"))[gid]
    row = _row(_alone(assignment, gid, demo_class.disguise(solution)), "one", S.SOLUTION)
    if row["fingerprints"] >= S.MIN_SHARED:
        assert row["flag"] == "review" and row["closeness"] >= 0.9, row


def test_renaming_and_comments_change_no_fingerprint():
    code = nbtools.instructor_answers(nbtools.read(ROOT / "source" / "03_hands_on" / "03c_dbs_optimization.ipynb"))
    for gid, source in code.items():
        assert S.fingerprints(demo_class.disguise(source)) == S.fingerprints(source), gid


def test_a_class_of_110_is_compared_in_seconds():
    """110 students x 3 assignments, each answer drawn (seeded) from the registries' variants, renamed."""
    rng = random.Random(20261201)
    t_total = 0.0
    for assignment in ("01_principles", "02_applications", "03_hands_on"):
        release, source = _editions(assignment)
        variants = {}
        for name, src in source.items():
            registry = load_answers(Path(name).stem)
            instructor = nbtools.instructor_answers(src)
            for gid, entry in registry.items():
                variants[gid] = [instructor[gid]] + entry["alternatives"] + [w["code"] for w in entry["wrong"].values()]
        students = {}
        for k in range(SCALE_STUDENTS):
            nbs = {}
            for name, rel in release.items():
                answers = {gid: demo_class.disguise(rng.choice(variants[gid])) if rng.random() < 0.5
                           else rng.choice(variants[gid]) for gid in nbtools.answer_cells(rel)}
                nbs[name] = nbtools.fill_solutions(rel, answers)
            students[f"s{k:03d}"] = nbs
        t0 = time.perf_counter()
        rows = S.assignment_rows(assignment, students, release, source)
        t_total += time.perf_counter() - t0
        assert sum(r["other"] == S.SOLUTION for r in rows) == SCALE_STUDENTS
    assert t_total < SCALE_SECONDS, f"comparing 110 x 3 submissions took {t_total:.1f} s"
