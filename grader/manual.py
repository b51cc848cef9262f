"""Written answers graded by people: pending until a grader scores them, never counted as 0.

A written answer is one of nbgrader's *manually graded answers*: a Markdown answer cell with
points (``grade`` and ``solution`` in its nbgrader metadata, ``tools/nbtools.py``'s
``written_answer``).  Its model answer and rubric sit in the instructor edition between
``### BEGIN SOLUTION`` and ``### END SOLUTION``, which nbgrader replaces with "YOUR ANSWER HERE"
in the student edition.

How a written answer travels through ``make grade``:

1. The workers autograde the code cells as always; written answers are not theirs to judge.
2. :func:`sync` writes every graded submission into the course root's ``gradebook.db``, the
   one Formgrader reads, scoring each cell as nbgrader's ``SaveAutoGrades`` does:
   code cells get their automatic scores, an untouched written answer scores 0 ("No
   response."), an answered one waits for a person.  A score a grader gave earlier is kept
   (nbgrader marks it for review if the submission changed).  So Formgrader shows every
   submission without a second ``nbgrader autograde``.
3. :func:`written_rows` reads the written answers' scores back: graded, pending or no answer.
   The reports count a graded answer like any cell and a pending one not at all: its points
   are listed in ``summary.csv``'s ``pending`` column and left out of both the score and the
   maximum that percentages and plots use.
4. After grading in Formgrader, ``python tools/grade.py --reports-only`` (``make grade
   REPORTS=1``) rewrites the reports with the new scores, in seconds, without regrading
   anybody (:func:`refresh_reports`).
"""
import sys
from collections import defaultdict
from pathlib import Path

import nbformat

COURSE_ID = "dystonia"
ROOT_RELEASE = ".grading/root_release"     # where generate_assignment writes when it fills the root gradebook
PENDING, GRADED, NO_ANSWER = "pending", "graded", "no answer"


def gradebook_url(course):
    return f"sqlite:///{Path(course) / 'gradebook.db'}"


def written_cells(course, assignment):
    """``{(notebook, grade_id): points}`` of the manually graded cells of ``assignment`` (instructor edition)."""
    out = {}
    for path in sorted((Path(course) / "source" / assignment).glob("*.ipynb")):
        for cell in nbformat.read(str(path), as_version=4).cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            manual = (meta.get("grade") and meta.get("solution")) or meta.get("task")
            if manual and meta.get("grade_id"):
                out[(path.stem, meta["grade_id"])] = float(meta.get("points") or 0)
    return out


def _grade_cells(course, assignment):
    """Every graded cell (automatic and written) of the instructor edition: ``{(notebook, grade_id)}``."""
    out = set()
    for path in sorted((Path(course) / "source" / assignment).glob("*.ipynb")):
        for cell in nbformat.read(str(path), as_version=4).cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if (meta.get("grade") or meta.get("task")) and meta.get("grade_id"):
                out.add((path.stem, meta["grade_id"]))
    return out


def ensure_assignment(course, assignment, run_nbgrader):
    """Make sure the course root's gradebook knows ``assignment``'s cells (``generate_assignment`` if not).

    ``run_nbgrader(course, *args)`` runs nbgrader's command line in ``course``.  The student
    edition it writes goes to ``.grading/root_release/``, never to ``release/``.
    Returns an error message, or ``""``.
    """
    from nbgrader.api import Gradebook, MissingEntry
    course = Path(course)
    want = _grade_cells(course, assignment)
    have = set()
    if (course / "gradebook.db").exists():
        try:
            with Gradebook(gradebook_url(course), course_id=COURSE_ID) as gb:
                for nb in gb.find_assignment(assignment).notebooks:
                    have |= {(nb.name, c.name) for c in nb.grade_cells} | {(nb.name, c.name) for c in nb.task_cells}
        except MissingEntry:
            pass
    if want <= have:
        return ""
    proc = run_nbgrader(course, "generate_assignment", assignment, "--force",
                        f"--CourseDirectory.release_directory={ROOT_RELEASE}")
    if proc.returncode != 0:
        last = (proc.stderr or proc.stdout).strip().splitlines()
        return f"the course gradebook could not take {assignment}: {last[-1] if last else 'nbgrader failed'}"[:300]
    return ""


def _timestamp(text):
    from nbgrader.utils import parse_utc
    try:
        return parse_utc(text) if text else None
    except (ValueError, TypeError, OverflowError):
        return None


def sync(course, submissions):
    """Write graded submissions (``autograded/<student>/<assignment>/``) into the course root's gradebook.

    ``submissions`` is a list of ``(student, assignment, timestamp or None)``.  Every grade cell
    is scored as nbgrader's ``SaveAutoGrades`` scores it (``nbgrader.utils.determine_grade``:
    the cell's output for code, 0 for an untouched answer, None for an answered written one):
    automatic scores are replaced, scores a person gave are kept and marked for review, as
    ``nbgrader autograde`` does.  One database session and one commit for the whole class
    (nbgrader's preprocessor commits once per cell: 3 s per submission here).
    Returns ``{(student, assignment): error message}`` for those that could not be written.
    """
    from nbgrader import utils
    from nbgrader.api import Gradebook, MissingEntry
    course = Path(course)
    errors = {}
    with Gradebook(gradebook_url(course), course_id=COURSE_ID) as gb:
        for student, assignment, timestamp in submissions:
            folder = course / "autograded" / student / assignment
            notebooks = sorted(p for p in folder.glob("*.ipynb") if p.is_file() and not p.is_symlink())
            if not notebooks:
                continue
            when = _timestamp(timestamp)
            try:
                gb.update_or_create_student(student)
                sub = gb.update_or_create_submission(assignment, student, **({"timestamp": when} if when else {}))
                by_name = {nb.name: nb for nb in sub.notebooks}
                for path in notebooks:
                    record = by_name.get(path.stem)
                    if record is None:
                        raise MissingEntry(f"notebook {path.stem} is not part of {assignment}")
                    grades = {g.name: g for g in record.grades}
                    comments = {c.name: c for c in record.comments}
                    for cell in nbformat.read(str(path), as_version=4).cells:
                        meta = cell.get("metadata", {}).get("nbgrader", {})
                        gid = meta.get("grade_id")
                        if utils.is_grade(cell) and gid in grades:
                            grade = grades[gid]
                            grade.auto_score = utils.determine_grade(cell)[0]
                            grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
                        if (utils.is_solution(cell) or utils.is_task(cell)) and gid in comments:
                            unchanged = meta.get("checksum") == utils.compute_checksum(cell) and not utils.is_task(cell)
                            comments[gid].auto_comment = "No response." if unchanged else None
            except (MissingEntry, ValueError, OSError, KeyError) as exc:
                gb.db.rollback()
                errors[(student, assignment)] = (f"not written to the course gradebook "
                                                 f"({type(exc).__name__}: {str(exc)[:150]})")
                continue
        gb.db.commit()
    return errors


def written_rows(course, jobs):
    """Grade rows of the written answers of ``jobs`` (``[(student, assignment), ...]``) from the root gradebook.

    Each row: student, assignment, notebook, problem, score (a float, or ``None`` while
    pending), max_score, hints (empty) and manual (``graded``, ``pending`` or ``no answer``).
    A submission the gradebook does not hold gives pending rows.
    """
    from nbgrader.api import Gradebook, MissingEntry
    course = Path(course)
    rows = []
    layouts = {}
    found = {}
    wanted = [(s, a) for s, a in jobs]
    if (course / "gradebook.db").exists() and wanted:
        with Gradebook(gradebook_url(course), course_id=COURSE_ID) as gb:
            for student, assignment in wanted:
                try:
                    sub = gb.find_submission(assignment, student)
                except MissingEntry:
                    continue
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        found[(student, assignment, nb.name, grade.name)] = (grade.manual_score, grade.auto_score)
    for student, assignment in wanted:
        if assignment not in layouts:
            layouts[assignment] = written_cells(course, assignment)
        for (notebook, gid), points in sorted(layouts[assignment].items()):
            manual_score, auto_score = found.get((student, assignment, notebook, gid), (None, None))
            if manual_score is not None:
                score, state = float(manual_score), GRADED
            elif auto_score is not None:
                score, state = float(auto_score), NO_ANSWER
            else:
                score, state = None, PENDING
            rows.append({"student": student, "assignment": assignment, "notebook": notebook, "problem": gid,
                         "score": score, "max_score": points, "hints": "", "manual": state})
    return rows


def pending_points(rows):
    """``{(student, assignment): points still waiting for a grader}``."""
    out = defaultdict(float)
    for r in rows:
        if r.get("manual") == PENDING:
            out[(r["student"], r["assignment"])] += float(r["max_score"])
    return dict(out)


def is_pending(row):
    return row.get("manual") == PENDING or row.get("score") in (None, "")


# --- refreshing the reports after grading in Formgrader ------------------------------------------
def refresh_reports(course, report_dir=None):
    """Rewrite ``reports/`` with the written answers' current scores, without regrading anybody.

    Returns ``(summary rows, changed rows)``.  The automatic scores, notes, integrity findings
    and lateness of the last ``make grade`` are kept as they are.
    """
    from . import classroom
    course = Path(course)
    report_dir = Path(report_dir or course / "reports")
    grades = classroom._read_csv(report_dir / "grades.csv")
    if not grades:
        raise FileNotFoundError(f"{report_dir / 'grades.csv'} is missing: run make grade first")
    jobs = sorted({(r["student"], r["assignment"]) for r in grades})
    fresh = {(r["student"], r["assignment"], r["notebook"], r["problem"]): r for r in written_rows(course, jobs)}
    changes, rows = [], []
    for r in grades:
        key = (r["student"], r["assignment"], r["notebook"], r["problem"])
        if key not in fresh:
            rows.append(r)
            continue
        old = None if r.get("score") in (None, "") else float(r["score"])
        new = fresh[key]["score"]
        if old != new:
            changes.append({"student": r["student"], "assignment": r["assignment"], "notebook": r["notebook"],
                            "problem": r["problem"], "old_score": PENDING if old is None else old,
                            "new_score": PENDING if new is None else new})
        rows.append(dict(r, score=new, manual=fresh[key]["manual"]))
    for r in rows:
        r["score"] = None if r.get("score") in (None, "") else float(r["score"])
        r["max_score"] = float(r["max_score"])
    classroom._write_csv(report_dir / "grades.csv", classroom.GRADE_FIELDS, rows)
    summary = classroom._read_csv(report_dir / "summary.csv")
    totals, pending = defaultdict(float), pending_points(rows)
    for r in rows:
        if r["score"] is not None:
            totals[(r["student"], r["assignment"])] += r["score"]
    for s in summary:
        key = (s["student"], s["assignment"])
        raw = round(totals.get(key, 0.0), 2)
        s["raw_score"] = raw
        s["score"] = 0.0 if s.get("integrity") else raw
        s["pending"] = pending.get(key, "") or ""
    classroom._write_csv(report_dir / "summary.csv", classroom.SUMMARY_FIELDS, summary)
    if changes:
        classroom._write_csv(report_dir / "regrades.csv",
                             ["student", "assignment", "notebook", "problem", "old_score", "new_score"], changes)
    classroom._write_csv(report_dir / "items.csv", classroom.ITEM_FIELDS, classroom.item_analysis(rows))
    maxima = {}
    for r in rows:
        maxima[(r["assignment"], r["notebook"], r["problem"])] = r["max_score"]
    assignment_max = defaultdict(float)
    for (a, _, _), m in maxima.items():
        assignment_max[a] += m
    classroom._plots(rows, assignment_max, totals, report_dir, pending)
    return summary, changes


def rubric_sheet(course, assignments):
    """Markdown: every written answer's statement, rubric and model answer, for the people who grade.

    Formgrader shows the student's answer, not the rubric; this sheet (``reports/rubrics.md``,
    written by ``make grade``) sits beside it.  It holds model answers: never give it to students.
    """
    import re
    course = Path(course)
    region = re.compile(r"### BEGIN SOLUTION\n?(.*?)### END SOLUTION", re.S)
    lines = ["# Written answers: rubrics and model answers (instructors only)", ""]
    for assignment in assignments:
        for path in sorted((course / "source" / assignment).glob("*.ipynb")):
            cells = nbformat.read(str(path), as_version=4).cells
            for i, cell in enumerate(cells):
                meta = cell.get("metadata", {}).get("nbgrader", {})
                if not (meta.get("grade") and meta.get("solution") and cell.cell_type == "markdown"):
                    continue
                statement = cells[i - 1].source.strip() if i and cells[i - 1].cell_type == "markdown" else ""
                heading = next((l.lstrip("# ") for l in statement.splitlines() if l.startswith("#")), meta["grade_id"])
                lines += [f"## {assignment} / {path.stem} / `{meta['grade_id']}` ({meta.get('points', 0):g} points)",
                          "", f"**{heading}**", ""]
                body = [l for l in statement.splitlines() if not l.startswith("#")]
                lines += [("> " + l) if l else ">" for l in "\n".join(body).strip().splitlines()] + [""]
                lines += [m.strip() for m in region.findall(cell.source)] + [""]
    return "\n".join(lines) + "\n"


def main(argv=None):
    """``python -m grader.manual COURSE``: refresh the reports of COURSE after grading in Formgrader."""
    course = Path(argv[0] if argv else ".").resolve()
    summary, changes = refresh_reports(course)
    waiting = sum(float(s["pending"] or 0) for s in summary)
    print(f"{len(changes)} written-answer score(s) changed; {waiting:g} points still pending. "
          f"Reports in {course / 'reports'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
