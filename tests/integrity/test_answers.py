"""Grading integrity, problem by problem, through the real pipeline (sandboxed kernels, outside verdicts).

For every notebook with a registry in tests/answers/: the reference solution, every
alternative correct answer and every plausible wrong answer are graded by nbgrader with the
course's JudgeExecute.  Problems are independent, so one submission carries the k-th variant
of every problem at once; an assignment needs only a handful of autograde runs.  The judge's
verdicts (which part failed, which hint fired) are read from ``.grading/verdicts``.
"""
import json
from collections import defaultdict

import pytest

import demo_class
import nbtools
from course_utils import (assignments_with_notebooks, autograde, cell_scores, generate, load_answers,
                          make_course, source_notebooks, submit)

pytestmark = pytest.mark.slow
HARD_CODED = "hard-coded visible answer"
VISIBLE_CATCH_RATE = 0.8


def _variants(registry, kind):
    return max((len(e[kind]) for e in registry.values()), default=0)


def _verdicts(course, student, assignment):
    out = {}
    for path in (course / ".grading" / "verdicts" / student / assignment).glob("*.json"):
        for v in json.loads(path.read_text())["verdicts"]:
            fired = [p["hint_id"] for p in v["parts"] if not p["passed"]]
            if v["failure"]:
                fired.append(v["failure"]["hint_id"])
            out[(path.stem, v["grade_id"])] = {"score": v["score"], "points": v["points"], "fired": fired,
                                              "messages": [p["message"] for p in v["parts"] if not p["passed"]]
                                              + ([v["failure"]["message"]] if v["failure"] else [])}
    return out


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
            constant = {gid: "\n".join(f"def {n}(*args, **kwargs):\n    return 0.0" if kind == "def" else f"{n} = 0.0"
                                        for kind, n in demo_class._defined_names(code) if not n.startswith("_"))
                        for gid, code in instructor.items()}
            students.setdefault("constant_zero", {})[src.name] = nbtools.fill_solutions(student_nb, constant)
            for k in range(max(_variants(registry, "wrong"), 1)):
                answers = {gid: list(e["wrong"].values())[k]["code"] for gid, e in registry.items()
                           if k < len(e["wrong"])}
                students.setdefault(f"wrong{k}", {})[src.name] = nbtools.fill_solutions(student_nb, answers)
        for student, notebooks in students.items():
            submit(course, student, assignment, notebooks)
        autograde(course, assignment)
        plan[assignment] = {s: {"scores": cell_scores(course, assignment, s),
                                "verdicts": _verdicts(course, s, assignment)} for s in students}
    return plan


def _cases():
    for assignment in assignments_with_notebooks():
        for src in source_notebooks(assignment):
            for gid, entry in load_answers(src.stem).items():
                yield assignment, src.stem, gid, entry


CASES = list(_cases())
IDS = [f"{nb}:{gid}" for _, nb, gid, _ in CASES]


def test_every_graded_problem_has_a_complete_registry_entry():
    problems = []
    for assignment in assignments_with_notebooks():
        for src in source_notebooks(assignment):
            registry = load_answers(src.stem)
            source_nb = nbtools.read(src)
            tests = nbtools.test_cells(source_nb)
            for gid, cell in nbtools.answer_cells(source_nb).items():
                entry = registry.get(gid)
                where = f"{src.stem}:{gid}"
                if not entry:
                    problems.append(f"{where}: no entry")
                    continue
                if len(entry.get("alternatives", [])) < 1 or len(entry.get("wrong", {})) < 2:
                    problems.append(f"{where}: needs >= 1 alternative and >= 2 wrong answers")
                if "per_student" not in entry:
                    problems.append(f"{where}: say per_student True or False")
                if f"{gid}_visible" not in tests:
                    problems.append(f"{where}: no visible test cell {gid}_visible")
                for hidden in entry.get("hidden", []):
                    if hidden not in tests or "BEGIN HIDDEN TESTS" not in tests[hidden].source:
                        problems.append(f"{where}: {hidden} is not a hidden test cell")
                for label, wrong in entry.get("wrong", {}).items():
                    if not isinstance(wrong, dict) or not {"code", "hint", "visible"} <= set(wrong):
                        problems.append(f"{where}: wrong answer {label!r} needs code, hint and visible")
                    elif wrong["visible"] is False and not wrong.get("why"):
                        problems.append(f"{where}: {label!r} is not caught visibly; say why")
                hints = [w.get("hint") for w in entry.get("wrong", {}).values() if isinstance(w, dict)]
                if len(set(hints)) != len(hints):
                    problems.append(f"{where}: two wrong answers share a hint id; each needs its own message")
                if "def " in nbtools.solution_code(cell.source) and HARD_CODED not in entry.get("wrong", {}):
                    problems.append(f"{where}: a function problem needs a {HARD_CODED!r} entry")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("assignment,nb,gid,entry", CASES, ids=IDS)
def test_reference_and_alternatives_earn_full_marks(graded, assignment, nb, gid, entry):
    for student in ["reference"] + [f"alternative{k}" for k in range(len(entry["alternatives"]))]:
        scores = graded[assignment][student]["scores"]
        for cell in entry["hidden"] + [f"{gid}_visible"]:
            got, maximum = scores[(nb, cell)]
            verdict = graded[assignment][student]["verdicts"].get((nb, cell), {})
            assert got == maximum, f"{student} lost points on {nb}:{cell} ({got}/{maximum}): {verdict.get('messages')}"


@pytest.mark.parametrize("assignment,nb,gid,entry", CASES, ids=IDS)
def test_wrong_answers_lose_points_with_their_own_message(graded, assignment, nb, gid, entry):
    for k, (label, wrong) in enumerate(entry["wrong"].items()):
        student = graded[assignment][f"wrong{k}"]
        earned = sum(student["scores"][(nb, cell)][0] or 0 for cell in entry["hidden"])
        maximum = sum(student["scores"][(nb, cell)][1] for cell in entry["hidden"])
        assert earned <= 0.5 * maximum, f"wrong answer {label!r} earned {earned}/{maximum} hidden points on {nb}:{gid}"
        fired = [h for cell in entry["hidden"] for h in student["verdicts"].get((nb, cell), {}).get("fired", [])]
        assert wrong["hint"] in fired, f"{nb}:{gid} {label!r}: hidden checks fired {fired}, not {wrong['hint']!r}"
        visible = student["verdicts"].get((nb, f"{gid}_visible"), {})
        if label == HARD_CODED:
            got, top = student["scores"][(nb, f"{gid}_visible")]
            assert got == top, f"the hard-coded visible answer should pass {nb}:{gid}_visible"
        elif wrong["visible"]:
            got, _ = student["scores"][(nb, f"{gid}_visible")]
            assert not got, f"{nb}:{gid} {label!r} should fail the visible check (registry says visible)"
            assert wrong["hint"] in visible.get("fired", []), (
                f"{nb}:{gid} {label!r}: the visible check fired {visible.get('fired')}, not {wrong['hint']!r}")


@pytest.mark.parametrize("assignment,nb,gid,entry", CASES, ids=IDS)
def test_a_constant_answer_earns_nothing(graded, assignment, nb, gid, entry):
    """Every function returning 0.0 and every variable 0.0: no hidden part may pass by accident."""
    student = graded[assignment]["constant_zero"]
    for cell in entry["hidden"] + [f"{gid}_visible"]:
        got, _ = student["scores"][(nb, cell)]
        assert not got, f"{nb}:{cell}: answers that are all 0.0 earned {got} ({student['verdicts'].get((nb, cell))})"


@pytest.mark.parametrize("assignment", assignments_with_notebooks())
def test_visible_checks_catch_most_mistakes(assignment):
    """At least 80 % of a chapter's listed coding mistakes fail the visible check.

    Choice questions are not counted: their visible check tests only the form, by design (a
    visible verdict on the reading would hand out the key).
    """
    caught = total = 0
    for src in source_notebooks(assignment):
        for entry in load_answers(src.stem).values():
            if "choice" in entry:
                continue
            for label, wrong in entry["wrong"].items():
                if label == HARD_CODED:
                    continue
                total += 1
                caught += bool(wrong["visible"])
    assert total and caught / total >= VISIBLE_CATCH_RATE, (
        f"{assignment}: the visible checks catch {caught} of {total} listed mistakes (< {VISIBLE_CATCH_RATE:.0%})")


@pytest.mark.parametrize("assignment", assignments_with_notebooks())
def test_grading_is_repeatable(graded, assignment):
    assert graded[assignment]["reference"]["scores"] == graded[assignment]["reference_again"]["scores"]


@pytest.mark.parametrize("assignment", assignments_with_notebooks())
def test_hidden_cells_give_partial_credit_over_weighted_parts(assignment):
    """Every hidden test cell has at least two weighted parts that test different things.

    A choice question's hidden check (``G.check_choice``) is one judgement with no partial
    credit: it is exempt.
    """
    lacking = []
    for src in source_notebooks(assignment):
        for gid, cell in nbtools.test_cells(nbtools.read(src)).items():
            if "G.check_choice(" in cell.source:
                continue
            if "BEGIN HIDDEN TESTS" in cell.source and cell.source.count("G.part(") < 2:
                lacking.append(f"{src.stem}:{gid}")
    assert not lacking, f"hidden cells without >= 2 parts: {lacking}"


def test_wrong_answer_messages_are_distinct_per_problem(graded):
    by_problem = defaultdict(dict)
    for assignment, nb, gid, entry in CASES:
        for k, (label, _) in enumerate(entry["wrong"].items()):
            fired = tuple(h for cell in entry["hidden"]
                          for h in graded[assignment][f"wrong{k}"]["verdicts"].get((nb, cell), {}).get("fired", []))
            by_problem[(nb, gid)][label] = fired
    clashes = [f"{p}: {labels}" for p, labels in by_problem.items()
               if len(set(labels.values())) != len(labels)]
    assert not clashes, f"wrong answers that produce identical messages: {clashes}"


def test_honest_answers_are_never_flagged():
    """The integrity scan never flags an instructor solution or a registered alternative answer."""
    from grader import integrity
    flagged = []
    for assignment in assignments_with_notebooks():
        for src in source_notebooks(assignment):
            honest = list(nbtools.instructor_answers(nbtools.read(src)).items())
            honest += [(gid, alt) for gid, e in load_answers(src.stem).items() for alt in e["alternatives"]]
            for gid, code in honest:
                findings = integrity.scan_source(code)
                if findings:
                    flagged.append(f"{src.stem}:{gid}: {findings}")
    assert not flagged, "\n".join(flagged)
