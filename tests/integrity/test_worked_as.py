"""A student who worked as the demo student (or under a classmate's id) is told, and the instructor learns it.

Without a hub a student must set their id in a chapter's first cell; one who forgets works on the
demo patient and sees the readings' options in the demo order, yet is graded under their own id,
in their own order.  Through the real pipeline (``tools/grade.py``: sandboxed kernels, the judge,
nbgrader's feedback), on chapter 3c with its four readings:

* ``ada`` answered every reading with the letter that is right *in the demo order*, and saved the
  notebook with the first cell's demo line: each letter is judged in ada's own order (right only
  where the two orders agree), ``integrity.csv`` says "worked as the demo student" (kind
  *information*, no score held), and every reading's feedback says whose order counted;
* ``bob`` saved it running as ``ada``: "worked as ada" for the instructor; his feedback says the
  options were not in his order and never names the other id (student-chosen text);
* ``grace`` worked under her own id: no finding, no note, full marks for the readings.
"""
import csv
import json
import re
import shutil
import subprocess
import sys

import pytest

import nbtools
from course_utils import ROOT, load_answers, make_course
from helpers import choices, cohort

pytestmark = pytest.mark.slow
ASSIGNMENT, STEM = "03_hands_on", "03c_dbs_optimization"
READINGS = {gid: e["choice"] for gid, e in load_answers(STEM).items() if "choice" in e}
NOTE = "Your notebook was saved showing the options in"


def _submission(student, letters_for, first_line):
    """The instructor's answers, the readings answered with ``letters_for``'s letters, the first cell's saved line."""
    source = nbtools.read(ROOT / "source" / ASSIGNMENT / f"{STEM}.ipynb")
    answers = nbtools.instructor_answers(source)
    for gid, choice in READINGS.items():
        letter = choices.choice_letter(gid, choice["correct"], choice["options"], student=letters_for)
        answers[gid] = f'{choice["variable"]} = "{letter}"'
    nb = nbtools.fill_solutions(nbtools.read(ROOT / "release" / ASSIGNMENT / f"{STEM}.ipynb"), answers)
    first = next(c for c in nb.cells if "course-start" in c.metadata.get("tags", []))
    first.outputs = [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                      "data": {"text/plain": first_line, "text/html": f"<p><b>{first_line}</b></p>"}}]
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("worked_as") / "c")
    for other in (course / "source").iterdir():              # one notebook is enough: chapter 3c
        if other.name != ASSIGNMENT:
            shutil.rmtree(other)
    for nb in (course / "source" / ASSIGNMENT).glob("*.ipynb"):
        if nb.stem != STEM:
            nb.unlink()
    students = {"ada": _submission("ada", "demo", cohort.DEMO_NOTE),
                "bob": _submission("bob", "bob", "Your patient: ada (the STUDENT_ID in this notebook's first cell)."),
                "grace": _submission("grace", "grace", "Your patient: grace (from DYSTONIA_STUDENT_ID).")}
    for student, nb in students.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{STEM}.ipynb").write_text(json.dumps(nb))
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--course", str(course), "--jobs", "1",
                           "--feedback"], capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    def rows(name):
        with open(course / "reports" / name) as f:
            return list(csv.DictReader(f))
    feedback = {s: (course / "feedback" / s / ASSIGNMENT / f"{STEM}.html").read_text() for s in students}
    return {"out": proc.stdout, "integrity": rows("integrity.csv"), "summary": {r["student"]: r for r in rows("summary.csv")},
            "grades": rows("grades.csv"), "feedback": feedback}


def test_the_course_has_readings_to_test_with():
    assert len(READINGS) >= 3


def test_letters_are_judged_in_the_students_own_order(graded):
    scores = {(r["student"], r["problem"]): float(r["score"]) for r in graded["grades"]}
    for gid, choice in READINGS.items():
        hidden = f"{gid}_hidden"
        maximum = next(float(r["max_score"]) for r in graded["grades"] if r["problem"] == hidden)
        assert scores[("grace", hidden)] == maximum and scores[("bob", hidden)] == maximum
        same = (choices.choice_letter(gid, choice["correct"], choice["options"], student="demo")
                == choices.choice_letter(gid, choice["correct"], choice["options"], student="ada"))
        assert scores[("ada", hidden)] == (maximum if same else 0.0), f"{gid}: ada's demo-order letter"
    assert any(choices.choice_letter(g, c["correct"], c["options"], student="demo")
               != choices.choice_letter(g, c["correct"], c["options"], student="ada") for g, c in READINGS.items()), (
        "no reading where the orders differ: the test proves nothing")


def test_the_instructor_learns_who_worked_as_whom_and_no_score_is_held(graded):
    found = {(r["student"], r["finding"].split(":")[0], r["kind"]) for r in graded["integrity"]}
    assert found == {("ada", "worked as the demo student", "information"), ("bob", "worked as ada", "information")}
    assert all(graded["summary"][s]["integrity"] == "" for s in ("ada", "bob", "grace"))
    for s in ("ada", "bob", "grace"):
        assert float(graded["summary"][s]["score"]) == float(graded["summary"][s]["raw_score"])
    assert "2 submission(s) ran as the demo student or under another id" in graded["out"]


def _text(page):
    import html
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_feedback_says_whose_order_counted(graded):
    ada, bob, grace = (_text(graded["feedback"][s]) for s in ("ada", "bob", "grace"))
    assert ada.count(f"{NOTE} the demo student's order, not in yours") == len(READINGS)
    assert "the order drawn for your own id, ada" in ada
    assert bob.count(f"{NOTE} an order that is not yours") == len(READINGS) and "own id, bob" in bob
    notes = [line for line in bob.splitlines() if NOTE in line or "order drawn for" in line]
    assert notes and not [line for line in notes if re.search(r"\bada\b", line)], "the other id reached bob"
    assert NOTE not in grace
