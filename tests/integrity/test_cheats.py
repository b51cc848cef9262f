"""The cheat suite: ``make grade`` on a class of honest and hostile submissions.

tools/demo_class.py builds, from the current chapters, the demo class (instructor, blank,
partial, alternative, mistakes, duplicated and edited cells, ...) plus one student per attack:
"gain" attacks try to earn points (always-equal objects, monkeypatched numpy, math and
builtins, patched helpers.grading, reading expected values from frames, globals, gc or
IPython's history, custom exception handlers, input and AST transformers, trace and profile
hooks, output suppression, forged result files, grader detection, reading course files, writing
the gradebook, functions that spell a hidden check's inputs in exception types, dict keys and
type names); "harm" attacks try to hurt grading or classmates (os._exit, killing the parent, a
segfault, a 3 GiB allocation, a 3 GiB shared mapping, 60 MB of output, 400 kB written to file
descriptors 1 and 2, forged lines for the grader's log, filling the disk, a daemon process,
start-up files, writing classmates' files, a function that hangs whenever a check calls it);
"meta" attacks change the notebook's structure (stripped metadata, changed points, re-typed
cells, a test cell re-marked as an answer cell, reordered cells, another kernel); "file"
attacks are broken or hostile files (invalid, truncated or binary JSON, a JSON list, nbformat
3, a cell without source, text in points, a wrong name, the wrong assignment's notebooks, an
empty folder, symbolic links, a fake ``helpers`` package). Each must earn nothing it did not
solve, be flagged in ``reports/integrity.csv`` (or reported with its reason), and leave every
other grade as it is in a run without the attackers.
"""
import csv
import hashlib
import json
import subprocess
import sys
import time

import pytest

from course_utils import HIDDEN_RE, ROOT, distinctive_lines, regions, source_notebooks
import demo_class
import nbtools

pytestmark = pytest.mark.slow
ASSIGNMENT = "02_applications"
HONEST = ("instructor", "blank", "partial", "alternative", "mistakes", "duplicated_cell")
LEAK = "LEAK-MARKER-7f3a"


def _grade(course, *extra):
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--course", str(course), "--jobs", "2",
                           "--cell-timeout", "10", *extra], capture_output=True, text=True, timeout=2400)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout


def _read(course):
    with open(course / "reports" / "summary.csv") as f:
        summary = {r["student"]: r for r in csv.DictReader(f)}
    with open(course / "reports" / "integrity.csv") as f:
        findings = list(csv.DictReader(f))
    with open(course / "reports" / "grades.csv") as f:
        grades = list(csv.DictReader(f))
    return summary, findings, grades


@pytest.fixture(scope="module")
def clean(tmp_path_factory, machine_to_itself):
    """The honest students alone: the grades every run with attackers must reproduce."""
    course = demo_class.build(tmp_path_factory.mktemp("clean") / "c", (ASSIGNMENT,))
    for student in (course / "submitted").iterdir():
        if student.name not in HONEST:
            subprocess.run(["rm", "-rf", str(student)], check=True)
    _grade(course)
    return _read(course)


@pytest.fixture(scope="module")
def attacked(tmp_path_factory, machine_to_itself):
    course = demo_class.build_cheat_class(tmp_path_factory.mktemp("cheats") / "c", ASSIGNMENT)
    leak = nbtools.read(course / "submitted" / "blank" / ASSIGNMENT / source_notebooks(ASSIGNMENT)[0].name)
    answers = nbtools.instructor_answers(nbtools.read(source_notebooks(ASSIGNMENT)[0]))
    half = len(LEAK) // 2            # the marker is split in the source: only printed output can hold it whole
    printing = f"print('{LEAK[:half]}' + '{LEAK[half:]}', repr(args)[:300])"
    leaking = {gid: "\n".join(f"def {n}(*args, **kwargs):\n    {printing}\n    return 0.0"
                              for k, n in demo_class._defined_names(code) if k == "def") or "pass"
               for gid, code in answers.items()}
    folder = course / "submitted" / "leak_print_hidden_inputs" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / source_notebooks(ASSIGNMENT)[0].name).write_text(json.dumps(nbtools.fill_solutions(leak, leaking)))
    started = time.time()
    stdout = _grade(course, "--feedback")
    seconds = time.time() - started
    digest = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (course / "reports").glob("*.csv")}
    time.sleep(12)                       # the daemon attack waits 8 s before it strikes
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (course / "reports").glob("*.csv")}
    summary, findings, grades = _read(course)
    return {"course": course, "summary": summary, "findings": findings, "grades": grades, "stdout": stdout,
            "seconds": seconds, "reports_before": digest, "reports_after": after}


def _students(report, prefix):
    names = sorted(s for s in report["summary"] if s.startswith(prefix))
    assert names, f"no {prefix}* students"
    return names


def _flagged(report, student, kinds=("tampering", "limit", "unusable")):
    return [f["finding"] for f in report["findings"] if f["student"] == student and f["kind"] in kinds]


def test_gain_attacks_earn_nothing_and_are_flagged(attacked):
    for student in _students(attacked, "gain_") + _students(attacked, "meta_"):
        row = attacked["summary"][student]
        assert float(row["raw_score"]) == 0.0, f"{student} earned {row['raw_score']}"
        assert row["integrity"].startswith("FLAGGED"), f"{student} was not flagged"


def _attacked_points(student):
    """Points of the problems a harm attack replaced (its first answer, or its first function)."""
    attack = student[len("harm_"):]
    points = 0.0
    for src in source_notebooks(ASSIGNMENT):
        nb = nbtools.read(src)
        target = demo_class.attacked_problem(nb, attack)
        for gid, cell in nbtools.test_cells(nb).items():
            if target and gid.startswith(target + "_"):
                points += float(cell.metadata["nbgrader"]["points"])
    return points


def test_harm_attacks_cost_only_their_own_points_and_are_flagged(attacked, clean):
    full = float(clean[0]["instructor"]["raw_score"])
    for student in _students(attacked, "harm_"):
        row = attacked["summary"][student]
        assert float(row["raw_score"]) == pytest.approx(full - _attacked_points(student)), (
            f"{student}: {row['raw_score']} of {full} (status {row['status']}; notes {row['notes']})")
        assert _flagged(attacked, student), f"{student} is not in integrity.csv"


def test_broken_files_score_zero_with_a_reason(attacked):
    for student in _students(attacked, "file_"):
        row = attacked["summary"][student]
        assert float(row["raw_score"]) == 0.0, f"{student} earned {row['raw_score']}"
        assert row["status"].startswith("graded; 0 for: ") or _flagged(attacked, student, ("tampering",)), (
            f"{student}: no reason given ({row['status']})")
        assert _flagged(attacked, student), f"{student} is not in integrity.csv"
    for student, needle in (("file_invalid_json", "not valid JSON"), ("file_truncated", "not valid JSON"),
                            ("file_binary", "not a text file"), ("file_json_list", "not a notebook"),
                            ("file_nbformat3", "format 3"), ("file_cell_without_source", "has no source"),
                            ("file_text_points", "non-numeric points"), ("file_wrong_name", "rename it"),
                            ("file_empty_folder", "empty"), ("file_symlinks", "symbolic link"),
                            ("file_wrong_assignment", "missing")):
        assert needle in attacked["summary"][student]["status"], f"{student}: {attacked['summary'][student]['status']}"
    assert any("ships Python code" in f for f in _flagged(attacked, "file_fake_helpers"))


def test_other_students_grades_are_unchanged(attacked, clean):
    cells = lambda grades, s: {(g["notebook"], g["problem"]): g["score"] for g in grades if g["student"] == s}
    for student in HONEST:
        assert cells(attacked["grades"], student) == cells(clean[2], student), f"{student}'s grades changed"
        assert attacked["summary"][student]["integrity"] == "", f"honest {student} was flagged"
        assert not _flagged(attacked, student, ("tampering",)), f"honest {student} has findings"


def test_nothing_changes_the_reports_after_grading(attacked):
    assert attacked["reports_before"] == attacked["reports_after"]
    assert not list(attacked["course"].rglob("pwned"))


def test_nothing_the_students_code_printed_reaches_feedback(attacked):
    pages = list((attacked["course"] / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
    assert len(pages) >= 40
    hidden = [line for src in source_notebooks(ASSIGNMENT) for cell in nbtools.read(src).cells
              for block in regions(cell.source, HIDDEN_RE) for line in distinctive_lines(block)]
    for page in pages:
        assert page.is_file() and not page.is_symlink()
        text = page.read_text()
        assert LEAK not in text and "x" * 1000 not in text, f"student output reached {page}"
        assert "BEGIN HIDDEN TESTS" not in text
        for line in hidden:
            assert line not in text, f"{page.name}: {line}"
    assert not [p for p in (attacked["course"] / "feedback").rglob("*") if p.is_file() and p.suffix != ".html"]


def test_the_class_is_graded_in_bounded_time(attacked):
    """Hung, flooding and crashing submissions cost their own time only (a few timeouts each)."""
    n = len(attacked["summary"])
    assert n >= 55
    assert attacked["seconds"] < 900, f"{n} submissions took {attacked['seconds']:.0f} s"


def test_a_shared_memory_attack_is_reported_as_over_its_memory_limit(attacked):
    """``mmap.mmap(-1, 3 << 30)`` held 3 GiB under the old RLIMIT_DATA; now it is stopped, and the
    report and the terminal say why."""
    found = [f for f in attacked["findings"] if f["student"] == "harm_mmap_memory" and f["kind"] == "limit"]
    assert any("over its memory limit" in f["finding"] for f in found), found
    assert "harm_mmap_memory" in attacked["stdout"] and "over its memory limit" in attacked["stdout"]


def test_no_kernel_writes_into_the_graders_files(attacked):
    """The kernels' descriptors 1 and 2 lead nowhere the grader reads: a forged log line stays in the kernel."""
    logs = [p for p in (attacked["course"] / ".grading").rglob("*") if p.is_file() and p.suffix in (".log", ".txt")]
    assert logs, "no grading logs found (the test would prove nothing)"
    for path in logs:
        assert b"FORGED-LOG-LINE" not in path.read_bytes(), f"a kernel wrote into {path}"
    assert "FORGED-LOG-LINE" not in attacked["stdout"]


def test_hidden_inputs_spelled_by_the_answer_never_reach_feedback(attacked):
    """A function that raises exceptions named after its arguments, returns dicts keyed by them or
    objects whose type name carries them: its feedback holds none of it."""
    import re
    pages = list((attacked["course"] / "feedback" / "gain_hidden_inputs_in_names").glob("*/*.html"))
    assert pages
    spelled = re.compile(r"HIDDENARGS_[\w(]")          # the marker with inputs after it (the source has it bare)
    for page in (attacked["course"] / "feedback").glob(f"*/{ASSIGNMENT}/*.html"):
        assert not spelled.search(page.read_text()), f"{page}: the answer's own text reached feedback"
    flagged = _flagged(attacked, "gain_hidden_inputs_in_names", ("tampering",))
    assert any("type() with 3 arguments" in f for f in flagged) and any("frames" in f for f in flagged), flagged


def test_a_test_cell_re_marked_as_an_answer_is_graded_and_flagged(attacked):
    row = attacked["summary"]["meta_retyped_as_answer"]
    assert row["status"] == "graded", row["status"]
    assert any("re-typed as an answer cell" in f for f in _flagged(attacked, "meta_retyped_as_answer", ("tampering",)))
