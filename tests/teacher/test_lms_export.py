"""Grade export for an LMS (tools/lms_export.py): Canvas and Moodle import files from reports/summary.csv.

The summary is written by the grader's own report code (grader.classroom.write_report) for a
small demo class: an instructor, a partial and a blank submission, a file that could not be
graded, a submission held for an integrity review, one with written answers pending, and a
student who did not submit one assignment.
"""
import csv

import pytest

import lms_export
from grader.classroom import write_report

ASSIGNMENTS = ("01_principles", "02_applications")
MAXIMA = {"01_principles": (("01a_circuits", "ch1a_cci_hidden", 2.0), ("01a_circuits", "ch1a_cci_visible", 1.0)),
          "02_applications": (("02a_classification_and_toxin", "ch2a_bfmdrs_hidden", 2.0),
                              ("02a_classification_and_toxin", "ch2a_bfmdrs_visible", 1.0))}


def _result(student, assignment, fraction, error=None, late_s=0.0):
    rows = [{"student": student, "assignment": assignment, "notebook": nb, "problem": cell,
             "score": round(fraction * top, 2), "max_score": top, "hints": ""} for nb, cell, top in MAXIMA[assignment]]
    return {"job": (student, assignment, None), "rows": rows, "error": error, "problems": [], "notes": [],
            "seconds_late": late_s, "timing": {}}


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    """reports/summary.csv of the small class, written by the grader's report code."""
    course = tmp_path_factory.mktemp("lms")
    results = [_result(s, a, f) for s, f in (("instructor", 1.0), ("partial", 0.5), ("blank", 0.0),
                                              ("monkeypatch", 1.0), ("written", 2 / 3))
               for a in ASSIGNMENTS]
    results += [_result("broken_file", a, 0.0, error="unusable: not a notebook (invalid JSON)") for a in ASSIGNMENTS]
    results.append(_result("late_one", "01_principles", 1.0, late_s=7200))            # never submitted 02
    flags = [("monkeypatch", "02_applications", "02a_classification_and_toxin", 3, 1, "np.isclose replaced",
              "tampering")]
    write_report(course, results, flags, course / "reports")
    path = course / "reports" / "summary.csv"
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:          # what `make grade` will write while written answers wait for the formgrader
        if r["student"] == "written" and r["assignment"] == "02_applications":
            r["status"] = "graded; written answers pending manual grading"
    with open(path, "w", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def _read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _canvas_accepts_header(row):
    """Canvas's GradebookImporter header test (app/models/gradebook_importer.rb: header?, update_column_count)."""
    if not (len(row) > 3 and "Student" in row[0] and "ID" in row[1]):
        return False
    columns = 3
    if row[2].startswith("SIS User ID") and row[3].startswith("SIS Login ID"):
        columns += 2
    elif row[2].startswith("SIS Login ID"):
        columns += 1
    return "Section" in row[columns - 1]


def test_canvas_file_has_canvas_columns_points_and_final_scores_only(summary, tmp_path, capsys):
    out = tmp_path / "canvas.csv"
    assert lms_export.main(["canvas", "--summary", str(summary), "--out", str(out)]) == 0
    rows = _read(out)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *ASSIGNMENTS]
    assert _canvas_accepts_header(rows[0])
    assert rows[1] == ["    Points Possible", "", "", "", "", "3", "3"]
    by_login = {r[3]: r[5:] for r in rows[2:]}
    assert by_login["instructor"] == ["3", "3"]
    assert by_login["partial"] == ["1.5", "1.5"]
    assert by_login["blank"] == ["0", "0"]                      # an honest blank is a real 0
    assert by_login["broken_file"] == ["0", "0"]                # an unusable file scored 0 with a reason
    assert by_login["monkeypatch"] == ["3", ""]                 # held for review: blank, not the 0 it is held at
    assert by_login["written"] == ["2", ""]                     # written answers pending: blank, not 2 of 3
    assert by_login["late_one"] == ["3", ""]                    # nothing submitted: blank by default
    assert {r[0] for r in rows[2:]} == set(by_login)            # no roster: the course id is the name too
    said = capsys.readouterr().out
    assert "3 cell(s) left blank (no grade; not 0)" in said
    for line in ("monkeypatch / 02_applications: held for integrity review",
                 "written / 02_applications: pending: graded; written answers pending manual grading",
                 "late_one / 02_applications: no submission"):
        assert line in said


def test_missing_as_zero_is_a_choice_and_pending_stays_blank(summary, tmp_path):
    out = tmp_path / "canvas.csv"
    lms_export.main(["canvas", "--summary", str(summary), "--out", str(out), "--missing", "zero"])
    by_login = {r[3]: r[5:] for r in _read(out)[2:]}
    assert by_login["late_one"] == ["3", "0"]
    assert by_login["written"] == ["2", ""]
    assert by_login["monkeypatch"] == ["3", ""]


def test_canvas_roster_gives_canvas_ids_and_titles_match_existing_assignments(summary, tmp_path):
    roster = tmp_path / "canvas_export.csv"
    students = ["instructor", "partial", "blank", "broken_file", "monkeypatch", "written", "late_one"]
    with open(roster, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Quiz 1 (77)"])
        w.writerow(["    Points Possible", "", "", "", "", "10"])
        for k, s in enumerate(students):
            w.writerow([f"Doe, {s.title()}", str(1000 + k), f"U{k:04d}", s, "Neuro 101 A", "9"])
    out = tmp_path / "canvas.csv"
    assert lms_export.main(["canvas", "--summary", str(summary), "--out", str(out), "--roster", str(roster),
                            "--rename", "01_principles=Chapter 1 lab (4521)", "--assignments", "01_principles"]) == 0
    rows = _read(out)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Chapter 1 lab (4521)"]
    assert rows[2] == ["Doe, Blank", "1002", "U0002", "blank", "Neuro 101 A", "0"]
    assert len(rows) == 2 + len(students)


def test_an_unknown_student_or_column_is_a_clear_error(summary, tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section\nDoe,1,U1,instructor,A\n")
    assert lms_export.main(["canvas", "--summary", str(summary), "--roster", str(roster)]) == 2
    assert "not in the roster" in capsys.readouterr().err
    assert lms_export.main(["moodle", "--summary", str(summary), "--roster", str(roster), "--match", "email"]) == 2
    assert "no column 'email'" in capsys.readouterr().err
    assert lms_export.main(["canvas", "--summary", str(tmp_path / "none.csv")]) == 2
    assert "run `make grade` first" in capsys.readouterr().err
    assert lms_export.main(["canvas", "--summary", str(summary), "--assignments", "09_nothing"]) == 2
    assert "no grades for ['09_nothing']" in capsys.readouterr().err


def test_moodle_file_has_one_identifier_column_then_grade_items(summary, tmp_path):
    out = tmp_path / "moodle.csv"
    assert lms_export.main(["moodle", "--summary", str(summary), "--out", str(out)]) == 0
    rows = _read(out)
    assert rows[0] == ["username", *ASSIGNMENTS]
    by_user = {r[0]: r[1:] for r in rows[1:]}
    assert by_user["partial"] == ["1.5", "1.5"]
    assert by_user["monkeypatch"] == ["3", ""]
    assert by_user["written"] == ["2", ""]

    roster = tmp_path / "participants.csv"
    with open(roster, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["username", "email"])
        for s in by_user:
            w.writerow([s, f"{s}@uni.example"])
    assert lms_export.main(["moodle", "--summary", str(summary), "--out", str(out), "--roster", str(roster),
                            "--match", "username", "--id-field", "email"]) == 0
    rows = _read(out)
    assert rows[0][0] == "email"
    assert "partial@uni.example" in {r[0] for r in rows[1:]}


def test_final_score_rules():
    assert lms_export.final_score({"score": "7.5", "status": "graded; 0 for: P3 timed out", "integrity": ""}) == (7.5, None)
    assert lms_export.final_score({"score": "pending", "status": "", "integrity": ""})[0] is None
    with pytest.raises(lms_export.ExportError, match="not a number"):
        lms_export.final_score({"score": "seven", "status": "graded", "integrity": "", "student": "x"})


def test_the_examples_in_the_docstrings_hold():
    import doctest
    result = doctest.testmod(lms_export)
    assert result.attempted >= 2 and result.failed == 0
