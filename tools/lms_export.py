"""Turn ``reports/summary.csv`` into a grade-import file for Canvas or Moodle.

Usage::

    python tools/lms_export.py canvas                     # -> reports/canvas_import.csv
    python tools/lms_export.py moodle                     # -> reports/moodle_import.csv
    python tools/lms_export.py canvas --roster export.csv --match "SIS Login ID"
    python tools/lms_export.py moodle --id-field email --roster roster.csv --match email
    python tools/lms_export.py canvas --rename 01_principles="Chapter 1 lab (4521)"

(``make lms-export LMS=canvas``.)  ``course/lms.md`` says how to import each file.

One row per student, one column per assignment, the points of ``summary.csv``'s ``score``
column (its ``max_score`` is the column's points possible).  **A score is written only when
it is final.**  A cell is left blank, never 0, and the reason is printed, when

* the score is blank or the status says "pending" (written answers waiting for manual
  grading: the autograded part alone is not the grade);
* the submission is held for an integrity review (``summary.csv``'s ``integrity`` column: the
  grader holds it at 0 until you decide);
* the student has no row for that assignment (nothing submitted): ``--missing zero`` writes
  0 instead, if that is your policy.

A broken or unusable file that the grader scored 0 *with a reason* is a final 0 and is
exported as 0.  Both LMSs read a blank cell as "no grade", which also **removes** a grade
already in the gradebook for that student and column: import only the columns you mean to
change (``--assignments``) when grades were entered in the LMS by hand.

Formats (from the importers' source code, see course/lms.md):

* **Canvas** gradebook import: header ``Student, ID, SIS User ID, SIS Login ID, Section``,
  then one column per assignment; a ``Points Possible`` row under the header.  Canvas finds
  the student by ``ID`` (its own user id), else by ``SIS User ID`` / ``SIS Login ID``, else by
  name; it finds the assignment by a ``Title (id)`` header, else by its exact title, and
  otherwise creates a new assignment.  Without a roster the course's student id (the
  JupyterHub user name) goes into ``SIS Login ID`` and ``Student``.
* **Moodle** CSV grade import: an identifier column (``--id-field``: ``username``, ``email``,
  ``idnumber`` or ``id``, the user field you map it to in "Map from / Map to"), then one
  column per assignment, which you map to a grade item (or "new grade item").
"""
import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CANVAS_STUDENT_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS_ROW = "    Points Possible"
MOODLE_ID_FIELDS = ("username", "email", "idnumber", "id")
PENDING_WORDS = ("pending", "needs manual", "manual grading")


class ExportError(ValueError):
    """The summary or roster cannot be exported as asked (the message says why and what to do)."""


def read_csv(path):
    """Rows of a CSV file as dicts (UTF-8, with or without a byte-order mark)."""
    path = Path(path)
    if not path.exists():
        raise ExportError(f"{path} does not exist: run `make grade` first (it writes reports/summary.csv)")
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def final_score(row):
    """``(points, None)`` for a final score, ``(None, reason)`` for one that must stay blank.

    >>> final_score({"score": "11.5", "status": "graded", "integrity": ""})
    (11.5, None)
    >>> final_score({"score": "", "status": "graded", "integrity": ""})
    (None, 'no score yet (pending)')
    >>> final_score({"score": "9.0", "status": "graded; written answers pending manual grading", "integrity": ""})
    (None, 'pending: graded; written answers pending manual grading')
    >>> final_score({"score": "0.0", "status": "graded", "integrity": "FLAGGED: held at 0 for review"})
    (None, 'held for integrity review: FLAGGED: held at 0 for review')
    """
    status = (row.get("status") or "").strip()
    integrity = (row.get("integrity") or "").strip()
    raw = (row.get("score") or "").strip()
    if integrity:
        return None, f"held for integrity review: {integrity}"
    if not raw or raw.lower() in ("pending", "nan", "-"):
        return None, "no score yet (pending)"
    if any(word in status.lower() for word in PENDING_WORDS):
        return None, f"pending: {status}"
    try:
        return float(raw), None
    except ValueError:
        raise ExportError(f"score {raw!r} of {row.get('student')}/{row.get('assignment')} is not a number") from None


def points_text(points):
    """A score as the importers read it: up to two decimals, a point as decimal separator.

    >>> points_text(12.0), points_text(7.25), points_text(1 / 3)
    ('12', '7.25', '0.33')
    """
    return f"{points:.2f}".rstrip("0").rstrip(".")


def gradebook(summary_rows, assignments=None, missing="blank"):
    """Collect the grades: ``(students, assignments, cells, maxima, blanks)``.

    ``cells[(student, assignment)]`` is the text to write ("" for blank); ``blanks`` lists
    ``(student, assignment, reason)`` for every blank cell; ``maxima[assignment]`` the points
    possible.  ``assignments`` keeps only those (in that order); ``missing`` is ``"blank"``
    or ``"zero"`` for a student without a row for an assignment.
    """
    if missing not in ("blank", "zero"):
        raise ExportError(f"missing must be 'blank' or 'zero', not {missing!r}")
    needed = {"student", "assignment", "score", "max_score", "status", "integrity"}
    if summary_rows and not needed <= set(summary_rows[0]):
        raise ExportError(f"summary.csv lacks the columns {sorted(needed - set(summary_rows[0]))}")
    found = sorted({r["assignment"] for r in summary_rows})
    if assignments:
        unknown = [a for a in assignments if a not in found]
        if unknown:
            raise ExportError(f"no grades for {unknown} in summary.csv (it has {found})")
        found = list(assignments)
    students = sorted({r["student"] for r in summary_rows})
    by_key = {(r["student"], r["assignment"]): r for r in summary_rows}
    maxima = {}
    for r in summary_rows:
        if r["assignment"] in found and r.get("max_score"):
            maxima[r["assignment"]] = max(maxima.get(r["assignment"], 0.0), float(r["max_score"]))
    cells, blanks = {}, []
    for student in students:
        for assignment in found:
            row = by_key.get((student, assignment))
            if row is None:
                if missing == "zero":
                    cells[(student, assignment)] = "0"
                else:
                    cells[(student, assignment)] = ""
                    blanks.append((student, assignment, "no submission"))
                continue
            points, reason = final_score(row)
            cells[(student, assignment)] = "" if points is None else points_text(points)
            if points is None:
                blanks.append((student, assignment, reason))
    return students, found, cells, maxima, blanks


def roster_lookup(roster_rows, match):
    """``{course student id: roster row}``, keyed by the roster's column ``match``."""
    if not roster_rows:
        raise ExportError("the roster is empty")
    if match not in roster_rows[0]:
        raise ExportError(f"the roster has no column {match!r} (it has {list(roster_rows[0])}); choose one with --match")
    out = {}
    for row in roster_rows:
        key = (row.get(match) or "").strip()
        if key and not key.lower().startswith("points possible") and "Points Possible" not in (row.get("Student") or ""):
            out[key] = row
    return out


def _titles(assignments, renames):
    return [renames.get(a, a) for a in assignments]


def canvas_rows(book, renames=None, roster=None, points_row=True):
    """The Canvas gradebook-import table (a list of rows, header first)."""
    students, assignments, cells, maxima, _ = book
    renames = renames or {}
    header = list(CANVAS_STUDENT_COLUMNS) + _titles(assignments, renames)
    rows = [header]
    if points_row:
        rows.append([CANVAS_POINTS_ROW, "", "", "", ""] + [points_text(maxima.get(a, 0.0)) for a in assignments])
    unmatched = [s for s in students if roster is not None and s not in roster]
    if unmatched:
        raise ExportError(f"students in summary.csv not in the roster: {unmatched} (check --match, or add them)")
    for s in students:
        who = roster[s] if roster is not None else {"Student": s, "SIS Login ID": s}
        rows.append([who.get(c, "") or "" for c in CANVAS_STUDENT_COLUMNS] + [cells[(s, a)] for a in assignments])
    return rows


def moodle_rows(book, renames=None, roster=None, id_field="username", roster_field=None):
    """The Moodle grade-import table: an identifier column, then one column per assignment."""
    if id_field not in MOODLE_ID_FIELDS:
        raise ExportError(f"--id-field must be one of {MOODLE_ID_FIELDS}, not {id_field!r}")
    students, assignments, cells, _, _ = book
    renames = renames or {}
    rows = [[id_field] + _titles(assignments, renames)]
    unmatched = [s for s in students if roster is not None and s not in roster]
    if unmatched:
        raise ExportError(f"students in summary.csv not in the roster: {unmatched} (check --match, or add them)")
    for s in students:
        ident = (roster[s].get(roster_field or id_field) or "").strip() if roster is not None else s
        if not ident:
            raise ExportError(f"the roster gives {s} no {roster_field or id_field}")
        rows.append([ident] + [cells[(s, a)] for a in assignments])
    return rows


def write_rows(rows, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def _renames(pairs):
    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise ExportError(f"--rename takes ASSIGNMENT=TITLE, not {pair!r}")
        old, new = pair.split("=", 1)
        out[old.strip()] = new.strip()
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lms", choices=("canvas", "moodle"))
    parser.add_argument("--summary", type=Path, default=ROOT / "reports" / "summary.csv")
    parser.add_argument("--out", type=Path, default=None, help="default: reports/<lms>_import.csv")
    parser.add_argument("--assignments", nargs="*", default=None, help="only these assignments, in this order")
    parser.add_argument("--rename", action="append", metavar="ASSIGNMENT=TITLE",
                        help="column title in the LMS (Canvas: 'Title (assignment id)' matches an existing one)")
    parser.add_argument("--missing", choices=("blank", "zero"), default="blank",
                        help="a student with no submission for an assignment (default: blank)")
    parser.add_argument("--roster", type=Path, default=None,
                        help="CSV with the LMS's own columns (a Canvas gradebook export, a Moodle participant list)")
    parser.add_argument("--match", default=None,
                        help="the roster column holding the course's student id (default: 'SIS Login ID' "
                             "for Canvas, the --id-field for Moodle)")
    parser.add_argument("--id-field", default="username", help=f"Moodle: the user field, one of {MOODLE_ID_FIELDS}")
    parser.add_argument("--no-points-row", action="store_true", help="Canvas: leave out the Points Possible row")
    args = parser.parse_args(argv)
    try:
        book = gradebook(read_csv(args.summary), args.assignments, args.missing)
        match = args.match or ("SIS Login ID" if args.lms == "canvas" else args.id_field)
        roster = roster_lookup(read_csv(args.roster), match) if args.roster else None
        renames = _renames(args.rename)
        if args.lms == "canvas":
            rows = canvas_rows(book, renames, roster, points_row=not args.no_points_row)
        else:
            rows = moodle_rows(book, renames, roster, id_field=args.id_field)
    except ExportError as exc:
        print(f"lms_export: {exc}", file=sys.stderr)
        return 2
    out = args.out or args.summary.parent / f"{args.lms}_import.csv"
    write_rows(rows, out)
    students, assignments, _, _, blanks = book
    print(f"wrote {out}: {len(students)} students x {len(assignments)} assignments ({', '.join(assignments)})")
    if blanks:
        print(f"{len(blanks)} cell(s) left blank (no grade; not 0):")
        for student, assignment, reason in blanks:
            print(f"  {student} / {assignment}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
