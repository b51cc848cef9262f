"""Grading a class: workers, one submission at a time, and the reports (the engine behind ``make grade``).

``tools/grade.py`` is the command line; this module does the work so that a distributed engine
(``grader/distributed.py``) can run exactly the same code on other machines.
"""
import argparse
import csv
import hashlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))
import nbtools  # noqa: E402

from . import integrity, manual, submissions  # noqa: E402

COURSE_ID = "dystonia"
SETTINGS = {"cell_timeout": None, "notebook_timeout": None, "unsafe": False, "figures": False,
            "worker_timeout": 1800,        # per notebook, until a worker has said how long one may take
            "worker_timeout_fixed": None}


def worker_env():
    """The environment of nbgrader worker processes: this venv first on PATH (nbgrader calls alembic)."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if SETTINGS["cell_timeout"]:
        env["DYSTONIA_CELL_TIMEOUT"] = str(SETTINGS["cell_timeout"])
    if SETTINGS.get("notebook_timeout"):
        env["DYSTONIA_NOTEBOOK_TIMEOUT"] = str(SETTINGS["notebook_timeout"])
    env["DYSTONIA_UNSAFE"] = "1" if SETTINGS["unsafe"] else "0"
    env["DYSTONIA_FIGURES"] = "1" if SETTINGS["figures"] else "0"
    return env


def nbgrader_cmd(course, *args, timeout=3600):
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=worker_env(),
                          capture_output=True, text=True, timeout=timeout)


# --- the assignment as the instructor wrote it ------------------------------------------------
def assignment_layout(course, assignment):
    """``{notebook file name: set of grade_ids}`` of the instructor's edition."""
    layout = {}
    for path in sorted((course / "source" / assignment).glob("*.ipynb")):
        nb = nbtools.read(path)
        layout[path.name] = {nbtools.grade_id(c) for c in nb.cells if nbtools.grade_id(c)}
    return layout


def max_scores(worker_dir, assignment):
    """``{(notebook, grade_id): max_score}`` of the code cells with points, from the gradebook."""
    from nbgrader.api import Gradebook
    out = {}
    with Gradebook(f"sqlite:///{worker_dir}/gradebook.db", course_id=COURSE_ID) as gb:
        for nb in gb.find_assignment(assignment).notebooks:
            for cell in nb.grade_cells:
                if cell.max_score and cell.cell_type == "code":
                    out[(nb.name, cell.name)] = float(cell.max_score)
    return out


# --- workers -------------------------------------------------------------------------------------
class Interrupted(Exception):
    """Grading was asked to stop (Ctrl-C, SIGTERM): the submission in progress is not reported."""


STOP = threading.Event()      # set when grading must stop: no request starts, running ones are abandoned
NOTEBOOK_MARGIN_S = 120       # nbgrader's own work around the notebooks of one submission


class Worker:
    """A course copy (``.grading/worker_<k>/``) and its long-lived ``grader/grade_worker.py`` process."""

    def __init__(self, directory):
        self.dir = Path(directory)
        self.proc = None
        self.log = None
        self.notebook_seconds = None      # the longest one notebook can take (the worker says at start)

    def start(self):
        cmd = [sys.executable, "-m", "grader.grade_worker", str(self.dir)]
        if self.log is None:
            self.log = open(self.dir / "worker.log", "a")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                     text=True, env=worker_env(), cwd=self.dir, start_new_session=True)
        ready = json.loads(self.proc.stdout.readline() or "{}")
        if not ready.get("ready"):
            raise RuntimeError(f"grading worker in {self.dir} did not start; see {self.dir / 'worker.log'}")
        self.notebook_seconds = ready.get("notebook_seconds")

    def timeout_for(self, notebooks):
        """How long a submission of ``notebooks`` notebooks may take before its worker is declared hung.

        Every notebook keeps to its own limits (``grader.judge.worst_case_seconds``), so this is
        their sum plus nbgrader's own work: no submission that keeps to its limits is cut short
        (a fixed 1800 s once ended a slow 3-notebook submission, 3 x 600 s, as "grading failed").
        """
        if SETTINGS.get("worker_timeout_fixed"):
            return SETTINGS["worker_timeout_fixed"]
        per_notebook = self.notebook_seconds or SETTINGS["worker_timeout"]
        return max(1, notebooks) * per_notebook + NOTEBOOK_MARGIN_S

    def kill(self):
        """Stop the worker now: SIGTERM (it stops its sandbox and kernels), SIGKILL if it lingers."""
        if self.proc is not None and self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, None)):
                try:
                    os.killpg(self.proc.pid, sig)
                except OSError:
                    pass
                try:
                    self.proc.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue

    _kill = kill

    def _reply(self, timeout):
        """The worker's next line, waiting at most ``timeout`` s; '' if it died, hung or grading stopped."""
        deadline = time.monotonic() + timeout
        while not STOP.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return ""
            ready, _, _ = select.select([self.proc.stdout], [], [], min(1.0, left))
            if ready:
                return self.proc.stdout.readline()
        raise Interrupted()

    def request(self, timeout=None, **message):
        """Send one request; restart the process if it died or hung.  Returns the reply (a dict).

        Raises :class:`Interrupted` once :data:`STOP` is set (the worker is then stopped).
        """
        timeout = timeout or SETTINGS["worker_timeout"]
        for _ in range(2):
            if STOP.is_set():
                raise Interrupted()
            if self.proc is None or self.proc.poll() is not None:
                self.start()
            try:
                self.proc.stdin.write(json.dumps(message) + "\n")
                self.proc.stdin.flush()
                line = self._reply(timeout)
            except Interrupted:
                self.kill()
                raise
            except (BrokenPipeError, OSError):
                line = ""
            if line:
                return json.loads(line)
            self.kill()
        return {"success": False, "error": "the grading worker died or hung twice on this submission", "log": ""}

    def close(self):
        if self.proc and self.proc.poll() is None:
            try:
                self.proc.stdin.close()           # the worker's watchdog ends it (and its sandbox) at once
            except OSError:
                pass
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.log:
            self.log.close()
            self.log = None


def prepare_workers(course, workers, assignments, reuse=False):
    """Fill worker 0 (source, config, gradebook via generate_assignment), then copy it to the others.

    ``reuse``: a stopped run of the same assignments is resumed; workers whose course copies are
    all there keep them (their gradebooks hold what was graded before the stop, which feedback
    needs).  Returns True if they were reused.
    """
    if reuse and all((w.dir / "gradebook.db").exists() for w in workers):
        for worker in workers:
            copy_due_dates(course, worker.dir, assignments)
        with ThreadPoolExecutor(len(workers)) as pool:
            for fut in [pool.submit(w.start) for w in workers if w.proc is None]:
                fut.result()
        return True
    base = workers[0].dir
    for worker in workers:
        if worker.dir.exists():
            shutil.rmtree(worker.dir)
    base.mkdir(parents=True)
    shutil.copytree(course / "source", base / "source",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"), symlinks=False)
    shutil.copy(course / "nbgrader_config.py" if (course / "nbgrader_config.py").exists()
                else ROOT / "nbgrader_config.py", base / "nbgrader_config.py")
    for a in assignments:
        reply = workers[0].request(generate=a)
        if not reply["success"]:
            raise RuntimeError(f"generate_assignment {a} failed:\n{reply['error'] or reply['log']}")
    copy_due_dates(course, base, assignments)
    for worker in workers[1:]:
        shutil.copytree(base, worker.dir, ignore=shutil.ignore_patterns("worker.log", ".grading"))
    # the other workers start now (nbgrader's import, their sandbox's fork server), in parallel
    # and while the submissions are read, instead of inside their first student's time
    with ThreadPoolExecutor(max(1, len(workers) - 1)) as pool:
        for fut in [pool.submit(w.start) for w in workers[1:] if w.proc is None]:
            fut.result()
    return False


def seconds_late(worker_dir, assignment, student):
    """How late nbgrader found the submission (0 when on time, or when the assignment has no due date)."""
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{worker_dir}/gradebook.db", course_id=COURSE_ID) as gb:
        return float(gb.find_submission(assignment, student).total_seconds_late or 0.0)


def copy_due_dates(course, worker_dir, assignments):
    """Give the worker's gradebook the due dates of the course's own gradebook (for lateness)."""
    from nbgrader.api import Gradebook, MissingEntry
    source = course / "gradebook.db"
    if not source.exists():
        return
    with Gradebook(f"sqlite:///{source}", course_id=COURSE_ID) as gb:
        due = {}
        for a in assignments:
            try:
                due[a] = gb.find_assignment(a).duedate
            except MissingEntry:
                continue
    with Gradebook(f"sqlite:///{worker_dir}/gradebook.db", course_id=COURSE_ID) as gb:
        for a, when in due.items():
            if when is not None:
                gb.update_or_create_assignment(a, duedate=when)


def read_scores(worker_dir, assignment, student, with_lateness=False):
    """The code cells' scores of one submission (and, ``with_lateness``, its seconds late), in one gradebook visit."""
    from nbgrader.api import Gradebook
    rows = []
    with Gradebook(f"sqlite:///{worker_dir}/gradebook.db", course_id=COURSE_ID) as gb:
        sub = gb.find_submission(assignment, student)
        for nb in sub.notebooks:
            for grade in nb.grades:
                if grade.max_score and grade.cell_type == "code":
                    rows.append({"student": student, "assignment": assignment, "notebook": nb.name,
                                 "problem": grade.name, "score": float(grade.score or 0.0),
                                 "max_score": float(grade.max_score)})
        late = float(sub.total_seconds_late or 0.0)
    return (rows, late) if with_lateness else rows


def _read_verdicts(worker_dir, student, assignment):
    folder = worker_dir / ".grading" / "verdicts" / student / assignment
    reports = {}
    for path in sorted(folder.glob("*.json")):
        try:
            reports[path.stem] = json.loads(path.read_text())
        except ValueError:
            continue
    shutil.rmtree(folder, ignore_errors=True)
    return reports


def _event_notes(reports):
    notes = []
    for nb, rep in sorted(reports.items()):
        for ev in rep.get("events", []):
            if ev["kind"] in ("restart", "output_truncated", "check_error"):
                continue
            where = f"cell {ev['cell']}" if ev.get("cell") is not None else "notebook"
            notes.append(f"{nb} {where}: {ev['detail']}")
        if rep.get("unsafe"):
            notes.append(f"{nb}: graded WITHOUT a sandbox (--unsafe)")
    return notes


LIMIT_EVENTS = {"memory_limit": "over its memory limit", "output_limit": "flooded the output",
                "timeout_killed": "ignored the interrupt after the time limit", "timeout": "ran out of time"}


def _runtime_flags(student, assignment, reports):
    """Findings from the judge: answers withheld by tampering, and limits a cell ran into (for review)."""
    flags = []
    for nb, rep in sorted(reports.items()):
        for ev in rep.get("events", []):
            if ev["kind"] in LIMIT_EVENTS:
                flags.append((student, assignment, nb, ev.get("cell", "-"), "-",
                              f"{LIMIT_EVENTS.get(ev['kind'], 'hung a check')}: {ev['detail']}"[:200], "limit"))
            if ev["kind"] == "no_answer":
                flags.append((student, assignment, nb, ev.get("cell", "-"), "-",
                              "answers did not come back from the kernel (display or helpers.wire replaced?)",
                              "tampering"))
    return flags


FAILURE_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Warning)): (.+)$")
KNOWN_FAILURES = ((re.compile(r"Inconsistent checksums for cell (\S+)"),
                   "nbgrader refused cell {0}: its type or nbgrader metadata was changed"),
                  (re.compile(r"No notebooks were matched"), "nbgrader found no notebook to grade"))


def nbgrader_failure(reply):
    r"""One readable line for a failed autograde: the error underneath nbgrader's generic wrapper.

    nbgrader ends every failure with ``NbGraderException: Please see the the above traceback``;
    the cause is the last other exception line in its log (``RuntimeError: Inconsistent
    checksums for cell ...``), said here in the course's words where it is a known one.

    >>> nbgrader_failure({"log": "    RuntimeError: Inconsistent checksums for cell ch2a_x_visible\n[ERROR] ...",
    ...                   "error": "nbgrader.converters.base.NbGraderException: Please see the the above traceback"})
    'nbgrader refused cell ch2a_x_visible: its type or nbgrader metadata was changed'
    """
    text = f"{reply.get('log') or ''}\n{reply.get('error') or ''}"
    causes = [m for m in (FAILURE_LINE.match(line.strip()) for line in text.splitlines())
              if m and "NbGraderException" not in m.group(1)]
    if causes:
        kind, message = causes[-1].group(1).rsplit(".", 1)[-1], causes[-1].group(2).strip()
    else:
        lines = [line.strip() for line in (reply.get("error") or "").splitlines() if line.strip()]
        kind, message = "", lines[-1] if lines else "unknown error"
    for pattern, words in KNOWN_FAILURES:
        found = pattern.search(message)
        if found:
            return words.format(*found.groups())[:200]
    return (f"{kind}: {message}" if kind else message)[:200]


def grade_one(job, worker, inspected, layout_max, next_job=None):
    """Grade one (student, assignment) on ``worker``; a failure is reported, never fatal.

    ``next_job`` is the job this worker grades next, if known: its first kernel starts early.
    """
    student, assignment, _ = job
    if STOP.is_set():
        raise Interrupted()
    target = worker.dir / "submitted" / student / assignment
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name, nb in inspected["notebooks"].items():
        (target / name).write_text(json.dumps(nb, indent=1))
    if inspected.get("timestamp"):
        (target / "timestamp.txt").write_text(inspected["timestamp"])
    started = time.time()
    error = None
    worker_seconds = 0.0
    if inspected["notebooks"]:
        upcoming = {"next_student": next_job[0], "next_assignment": next_job[1]} if next_job else {}
        reply = worker.request(timeout=worker.timeout_for(len(inspected["notebooks"])), assignment=assignment,
                               student=student, **upcoming)
        worker_seconds = float(reply.get("seconds") or 0.0)
        if not reply.get("success"):
            error = f"grading failed: {nbgrader_failure(reply)}"
        try:
            rows, late = read_scores(worker.dir, assignment, student, with_lateness=True)
        except Exception as exc:  # noqa: BLE001 - reported with the worker's own message
            rows, late = [], 0.0
            error = error or f"grading failed: {str(exc)[:200]}"
        reports = _read_verdicts(worker.dir, student, assignment)
    else:
        rows, reports, late = [], {}, 0.0
    graded = {(r["notebook"], r["problem"]) for r in rows}
    for (nb, gid), maximum in layout_max.items():      # anything not graded scores 0
        if (nb, gid) not in graded:
            rows.append({"student": student, "assignment": assignment, "notebook": nb, "problem": gid,
                         "score": 0.0, "max_score": maximum})
    hints = defaultdict(list)
    for nb, rep in reports.items():
        for v in rep.get("verdicts", []):
            fired = [p["hint_id"] for p in v.get("parts", []) if not p["passed"]]
            if v.get("failure"):
                fired.append(v["failure"]["hint_id"])
            hints[(nb, v["grade_id"])] = fired
    for r in rows:
        r["hints"] = ";".join(hints.get((r["notebook"], r["problem"]), []))
    timing = {"seconds": round(time.time() - started, 3),
              "notebook_seconds": round(sum(r.get("seconds", 0.0) for r in reports.values()), 3),
              "judge_seconds": round(sum(v["seconds"] for r in reports.values() for v in r.get("verdicts", [])), 3),
              "restarts": sum(r.get("restarts", 0) for r in reports.values()),
              "worker_seconds": round(worker_seconds, 3)}
    return {"job": job, "rows": rows, "error": error, "problems": inspected["problems"],
            "notes": inspected["notes"] + _event_notes(reports), "reports": reports,
            "flags": _runtime_flags(student, assignment, reports), "seconds": time.time() - started,
            "timing": timing, "seconds_late": late,
            "autograded": str(worker.dir / "autograded" / student / assignment)}


#: integrity.csv's kind for what the instructor should know but that changes no score
INFORMATION = "information"


def integrity_flags(jobs, inspected, release_dir):
    """Tampering code (AST scan), test cells deleted or edited, metadata claiming unknown cells; and, for
    information only, a notebook that ran as the demo student or under another id than its own."""
    flags = []
    for student, assignment, folder in jobs:
        info = inspected[(student, assignment)]
        for name, nb in info["notebooks"].items():
            stem = Path(name).stem
            findings = integrity.scan_nb(nb)
            release = release_dir / assignment / name
            if release.exists():
                findings += integrity.compare_tests_nb(nb, nbtools.read(release))
            flags += [(student, assignment, stem, c, ln, reason, "tampering") for c, ln, reason in findings]
            other = submissions.worked_as_finding(nb, student)
            if other:
                flags.append((student, assignment, stem, "-", "-", f"{other}: its patients and reading options were "
                              "not its own; graded under its own id as always (no score change)", INFORMATION))
        flags += [(student, assignment, Path(name).stem, cell, "-", reason, "tampering")
                  for name, cell, reason in info["flags"]]
        flags += [(student, assignment, "-", "-", "-", f"unusable: {reason}", "unusable") for reason in info["problems"]]
    return flags


def discover(course, student=None):
    jobs = []
    sub = course / "submitted"
    for student_dir in sorted(p for p in sub.iterdir() if p.is_dir() and not p.is_symlink()) if sub.exists() else []:
        if student and student_dir.name != student:
            continue
        for assignment_dir in sorted(p for p in student_dir.iterdir() if p.is_dir() and not p.is_symlink()):
            jobs.append((student_dir.name, assignment_dir.name, assignment_dir))
    return jobs


def grade_jobs(workers, jobs, inspected, layout_max, report):
    """Grade ``jobs`` on ``workers``, one thread each; ``report(result)`` receives every finished submission.

    Each worker holds the job it grades next, so that job's first kernel starts early.  A
    Ctrl-C (``KeyboardInterrupt`` in the calling thread) sets :data:`STOP`: no new submission
    starts, the ones being graded are abandoned (their workers, sandboxes and kernels stopped),
    the threads end, and the interrupt is raised again once they have.
    """
    queue = list(jobs)
    lock = threading.Lock()

    def take():
        with lock:
            return queue.pop(0) if queue and not STOP.is_set() else None

    def run(worker):
        upcoming = take()
        while upcoming is not None:
            job, upcoming = upcoming, take()
            try:
                result = grade_one(job, worker, inspected[(job[0], job[1])], layout_max[job[1]], next_job=upcoming)
            except Interrupted:
                return
            report(result)

    pool = ThreadPoolExecutor(max(1, len(workers)))
    futures = [pool.submit(run, w) for w in workers]
    try:
        for fut in as_completed(futures):
            fut.result()
    except BaseException:
        STOP.set()
        raise
    finally:
        pool.shutdown(wait=True)


# --- a run that can be stopped and resumed --------------------------------------------------------
def fingerprint(course, assignments):
    """What grading depends on besides the submissions: the assignments' source, the configuration, the settings."""
    digest = hashlib.sha256()
    for assignment in sorted(assignments):
        for path in sorted((course / "source" / assignment).rglob("*")):
            if path.is_file() and not path.is_symlink() and ".ipynb_checkpoints" not in path.parts \
                    and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(course)).encode() + b"\0" + path.read_bytes())
    config = course / "nbgrader_config.py"
    if config.exists():
        digest.update(config.read_bytes())
    digest.update(json.dumps({k: SETTINGS.get(k) for k in ("cell_timeout", "notebook_timeout", "unsafe", "figures")},
                             sort_keys=True).encode())
    return digest.hexdigest()[:32]


def submission_digest(inspected):
    """A submission as it was read (its notebooks, problems and timestamp): a resubmission changes it."""
    data = {"notebooks": inspected["notebooks"], "problems": inspected["problems"],
            "timestamp": inspected.get("timestamp")}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]


class Journal:
    """Every submission a run has graded, as it is graded (``.grading/journal.jsonl``).

    A run that is stopped (Ctrl-C, SIGTERM, SIGKILL, a power cut) leaves its journal without
    the final ``{"complete": true}``; the next run with the same :func:`fingerprint` takes every
    result whose submission is unchanged from it instead of grading it again.  The reports the
    stopped run started from are kept beside it (``.grading/baseline/``), so ``regrades.csv``
    still compares with the run before.
    """

    def __init__(self, course):
        self.path = Path(course) / ".grading" / "journal.jsonl"
        self.baseline = Path(course) / ".grading" / "baseline"
        self.fh = None

    def resumable(self, run):
        """``{(student, assignment): (digest, result)}`` from an unfinished run with fingerprint ``run``."""
        if not self.path.exists():
            return {}
        lines = self.path.read_text().splitlines()
        try:
            header = json.loads(lines[0]) if lines else {}
        except ValueError:
            return {}
        if header.get("fingerprint") != run:
            return {}
        done = {}
        for line in lines[1:]:
            try:
                entry = json.loads(line)
            except ValueError:
                continue                          # the last line of a run killed while writing it
            if entry.get("complete"):
                return {}
            res = entry["result"]
            res["job"] = (res["job"][0], res["job"][1], Path(res["job"][2]))
            res["flags"] = [tuple(f) for f in res["flags"]]
            done[(res["job"][0], res["job"][1])] = (entry["digest"], res)
        return done

    def open(self, run, report_dir, resume):
        """Start a new journal (keeping the current reports as the baseline), or go on with the last one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not resume:
            shutil.rmtree(self.baseline, ignore_errors=True)
            self.baseline.mkdir(parents=True)
            for name in ("grades", "summary", "integrity"):
                if (Path(report_dir) / f"{name}.csv").exists():
                    shutil.copyfile(Path(report_dir) / f"{name}.csv", self.baseline / f"{name}.csv")
            self.path.write_text(json.dumps({"fingerprint": run, "started": time.time()}) + "\n")
        self.fh = open(self.path, "a")
        if resume and not self.path.read_bytes().endswith(b"\n"):
            self.fh.write("\n")               # after a line cut short by a kill, start a fresh one

    def previous(self):
        return read_previous(self.baseline)

    def add(self, result, digest):
        entry = {"digest": digest, "result": {k: v for k, v in result.items() if k != "reports"}}
        self.fh.write(json.dumps(entry, default=str) + "\n")
        self.fh.flush()

    def finish(self):
        self.fh.write(json.dumps({"complete": True}) + "\n")
        self.close()

    def close(self):
        if self.fh is not None:
            self.fh.close()
            self.fh = None


# --- reports ------------------------------------------------------------------------------------
GRADE_FIELDS = ["student", "assignment", "notebook", "problem", "score", "max_score", "hints", "manual"]
# score is empty while a written answer waits for a grader (manual = pending; grader/manual.py)
SUMMARY_FIELDS = ["student", "assignment", "score", "raw_score", "max_score", "pending", "status", "integrity",
                  "late_hours", "notes"]
ITEM_FIELDS = ["assignment", "notebook", "problem", "n", "max_score", "mean_score", "pass_rate", "discrimination",
               "hints"]


def _scored(rows):
    """The rows that have a score (a written answer still pending has none and counts nowhere)."""
    return [r for r in rows if r.get("score") not in (None, "")]


def _read_csv(path):
    if not path.exists():
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def _write_csv(path, fields, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def item_analysis(rows):
    """Per test cell: count, mean score, pass rate, discrimination (upper minus lower 27 %), hints fired.

    Written answers still pending are left out (they have no score yet).
    """
    rows = _scored(rows)
    totals = defaultdict(float)
    for r in rows:
        totals[(r["student"], r["assignment"])] += float(r["score"])
    by_item = defaultdict(list)
    for r in rows:
        by_item[(r["assignment"], r["notebook"], r["problem"])].append(r)
    items = []
    for (assignment, notebook, problem), group in sorted(by_item.items()):
        maximum = float(group[0]["max_score"])
        ranked = sorted(group, key=lambda r: totals[(r["student"], assignment)])
        k = max(1, round(0.27 * len(ranked)))
        def rate(rs):
            return sum(float(r["score"]) >= maximum for r in rs) / len(rs)
        hints = defaultdict(int)
        for r in group:
            for h in filter(None, str(r.get("hints", "")).split(";")):
                hints[h] += 1
        items.append({"assignment": assignment, "notebook": notebook, "problem": problem, "n": len(group),
                      "max_score": maximum, "mean_score": round(sum(float(r["score"]) for r in group) / len(group), 3),
                      "pass_rate": round(rate(group), 3),
                      "discrimination": round(rate(ranked[-k:]) - rate(ranked[:k]), 3) if len(group) >= 2 else "",
                      "hints": "; ".join(f"{h}:{n}" for h, n in sorted(hints.items(), key=lambda x: -x[1]))})
    return items


def read_previous(report_dir):
    """The reports of the previous run, as read before this one writes any: ``{"grades", "summary", "integrity"}``."""
    return {name: _read_csv(Path(report_dir) / f"{name}.csv") for name in ("grades", "summary", "integrity")}


def write_report(course, results, flags, report_dir, regrade_student=None, previous=None, plots=True):
    """Write every report of ``results``; ``previous`` (:func:`read_previous`) is what regrades compare with.

    A run writes its reports several times while it grades (what is graded so far, in case it is
    stopped), so the previous run's reports are read once, when it starts, and passed in here.
    """
    report_dir.mkdir(parents=True, exist_ok=True)
    before = previous if previous is not None else read_previous(report_dir)
    previous = before["grades"]
    new_rows = [r for res in results for r in res["rows"]]
    graded_jobs = {(res["job"][0], res["job"][1]) for res in results}
    kept = [r for r in previous if (r["student"], r["assignment"]) not in graded_jobs] if regrade_student else []
    rows = kept + new_rows
    rows.sort(key=lambda r: (r["student"], r["assignment"], r["notebook"], r["problem"]))
    _write_csv(report_dir / "grades.csv", GRADE_FIELDS, rows)
    old = {(r["student"], r["assignment"], r["notebook"], r["problem"]): float(r["score"]) for r in _scored(previous)}
    changes = [{"student": r["student"], "assignment": r["assignment"], "notebook": r["notebook"],
                "problem": r["problem"], "old_score": old[key], "new_score": float(r["score"])}
               for r in new_rows for key in [(r["student"], r["assignment"], r["notebook"], r["problem"])]
               if key in old and r.get("score") is not None and abs(old[key] - float(r["score"])) > 1e-9]
    _write_csv(report_dir / "regrades.csv", ["student", "assignment", "notebook", "problem", "old_score", "new_score"],
               changes)
    maxima = {}
    for r in rows:
        maxima[(r["assignment"], r["notebook"], r["problem"])] = float(r["max_score"])
    assignment_max = defaultdict(float)
    for (a, _, _), m in maxima.items():
        assignment_max[a] += m
    totals = defaultdict(float)
    for r in _scored(rows):
        totals[(r["student"], r["assignment"])] += float(r["score"])
    pending = manual.pending_points(rows)
    previous_summary = {(s["student"], s["assignment"]): s for s in before["summary"]}
    summary = [s for key, s in previous_summary.items() if key not in graded_jobs] if regrade_student else []
    for res in results:
        student, assignment, _ = res["job"]
        flagged = [f for f in flags if f[0] == student and f[1] == assignment and f[6] == "tampering"]
        raw = round(totals.get((student, assignment), 0.0), 2)
        status = res["error"] or ("graded" if not res["problems"] else "graded; 0 for: " + "; ".join(res["problems"]))
        summary.append({"student": student, "assignment": assignment,
                        "score": 0.0 if flagged else raw, "raw_score": raw,
                        "max_score": assignment_max.get(assignment, 0.0),
                        "pending": pending.get((student, assignment), "") or "", "status": status,
                        "integrity": "FLAGGED: held at 0 for review" if flagged else "",
                        "late_hours": round(res.get("seconds_late", 0.0) / 3600, 2) or "",
                        "notes": "; ".join(res["notes"])})
    summary.sort(key=lambda s: (s["student"], s["assignment"]))
    _write_csv(report_dir / "summary.csv", SUMMARY_FIELDS, summary)
    previous_flags = [tuple(r.values()) for r in before["integrity"]] if regrade_student else []
    all_flags = [f for f in previous_flags if (f[0], f[1]) not in graded_jobs] + flags
    with open(report_dir / "integrity.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "assignment", "notebook", "cell", "line", "finding", "kind"])
        w.writerows(all_flags)
    _write_csv(report_dir / "timing.csv", ["student", "assignment", "seconds", "worker_seconds", "notebook_seconds",
                                           "judge_seconds", "restarts"],
               [{"student": r["job"][0], "assignment": r["job"][1], **r.get("timing", {})} for r in results])
    items = item_analysis(rows)
    _write_csv(report_dir / "items.csv", ITEM_FIELDS, items)
    if plots:
        _plots(rows, assignment_max, totals, report_dir, pending)
    return summary, changes, all_flags


def _plots(rows, assignment_max, totals, report_dir, pending=None):
    """Score distribution (percent of what has been graded) and mean score per cell (pending ones left out)."""
    pending = pending or {}
    rows = _scored(rows)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from helpers.plots.style import apply_style, label_axes
    apply_style()
    assignments = sorted(assignment_max)
    if not assignments:
        return
    fig, axes = plt.subplots(1, len(assignments), figsize=(4 * len(assignments), 3.2), squeeze=False)
    for ax, a in zip(axes[0], assignments):
        pct = [100 * s / (assignment_max[a] - pending.get((st, aa), 0.0)) for (st, aa), s in totals.items()
               if aa == a and assignment_max[a] - pending.get((st, aa), 0.0) > 0]
        ax.hist(pct, bins=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.0001], color="#0072B2")
        label_axes(ax, "Score (% of maximum)", "Number of students", a)
    fig.savefig(report_dir / "score_distribution.png", bbox_inches="tight")
    plt.close(fig)
    per_problem = defaultdict(list)
    for r in rows:
        per_problem[f"{r['notebook']}:{r['problem']}"].append(float(r["score"]) / float(r["max_score"]))
    names = sorted(per_problem)
    fig, ax = plt.subplots(figsize=(7, max(3, 0.22 * len(names))))
    ax.barh(names, [100 * sum(v) / len(v) for v in (per_problem[n] for n in names)], color="#D55E00")
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=7)
    label_axes(ax, "Mean score (% of the cell's points)", "Graded cell (notebook:grade_id)",
               "Problem difficulty across the class")
    fig.savefig(report_dir / "problem_difficulty.png", bbox_inches="tight")
    plt.close(fig)


def print_summary(summary, flags, changes):
    students = sorted({s["student"] for s in summary})
    assignments = sorted({s["assignment"] for s in summary})
    cell = {(s["student"], s["assignment"]): s for s in summary}
    width = max([len(s) for s in students] + [7])
    print("\n" + "student".ljust(width) + "".join(f"  {a:>16}" for a in assignments) + "  integrity")
    for st in students:
        line = st.ljust(width)
        for a in assignments:
            s = cell.get((st, a))
            line += f"  {'-':>16}" if s is None else \
                f"  {float(s['score']):>7.1f}/{float(s['max_score']) - float(s.get('pending') or 0):<5g}" \
                f"{'!' if s['status'] != 'graded' else 'P' if s.get('pending') else ' ':>3}"
        line += "  " + ("FLAGGED" if any(f[0] == st and f[6] == "tampering" for f in flags) else "")
        print(line)
    tampering = [f for f in flags if f[6] == "tampering"]
    if tampering:
        print("\nIntegrity: findings held at 0 for review (reports/integrity.csv)")
        for st, a, nb, c, ln, reason, _ in tampering[:60]:
            print(f"  {st} / {a} / {nb} cell {c} line {ln}: {reason}")
        if len(tampering) > 60:
            print(f"  ... and {len(tampering) - 60} more")
    others = sorted({(f[0], f[1]) for f in flags if f[6] == INFORMATION})
    if others:
        print(f"\n{len(others)} submission(s) ran as the demo student or under another id than their own "
              "(reports/integrity.csv, kind information; graded under their own id, no score change):")
        for st, a in others[:20]:
            print(f"  {st} / {a}")
    limits = [f for f in flags if f[6] == "limit"]
    if limits:
        print("\nLimits a submission ran into (listed, not held; reports/integrity.csv)")
        for st, a, nb, c, _, reason, _ in limits[:30]:
            print(f"  {st} / {a} / {nb} cell {c}: {reason}")
        if len(limits) > 30:
            print(f"  ... and {len(limits) - 30} more")
    for s in summary:
        if s["status"] != "graded":
            print(f"  ! {s['student']} / {s['assignment']}: {s['status']}")
    waiting = [s for s in summary if s.get("pending")]
    if waiting:
        print(f"\nP: {len(waiting)} submission(s) with written answers waiting for a grader "
              f"({sum(float(s['pending']) for s in waiting):g} points, not counted yet; column pending of "
              "summary.csv). Grade them in Formgrader, then make grade REPORTS=1.")
    if changes:
        print(f"\n{len(changes)} score(s) changed since the previous run (reports/regrades.csv):")
        for c in changes[:20]:
            print(f"  {c['student']} / {c['assignment']} / {c['notebook']}:{c['problem']}: "
                  f"{c['old_score']:g} -> {c['new_score']:g}")


FEEDBACK_COMPANIONS = ("timestamp.txt", "submission_secret.txt")


def feedback(course, workers):
    """Per-student HTML feedback; only HTML files the grader wrote are copied, never links."""
    out = course / "feedback"
    for worker in workers:
        if not (worker / "gradebook.db").exists():
            continue
        for assignment_dir in sorted({p.parent.name for p in (worker / "autograded").glob("*/*/*.ipynb")}):
            nbgrader_cmd(worker, "generate_feedback", assignment_dir, "--force")
        for page in sorted((worker / "feedback").glob("*/*/*")) if (worker / "feedback").exists() else []:
            # the HTML pages, plus the two small files nbgrader's release_feedback needs to match them
            wanted = page.suffix == ".html" or page.name in FEEDBACK_COMPANIONS
            if wanted and page.is_file() and not page.is_symlink() and page.stat().st_size < 20_000_000:
                target = out / page.relative_to(worker / "feedback")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(page, target)
    print(f"Feedback written to {out}")

