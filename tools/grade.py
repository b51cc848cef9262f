"""Grade a whole class: parallel nbgrader autograde, a report, integrity flags, feedback.

Usage (from the course root):
    python tools/grade.py                 grade every submission under submitted/
    python tools/grade.py --demo          build and grade the demo class (in demo_class/)
    python tools/grade.py --feedback-only write feedback for what was graded last time
    python tools/grade.py --jobs 4        number of parallel graders (default: CPU count)

How it works.  nbgrader's gradebook is one SQLite file, which does not take
parallel writers, and one bad submission can stop a whole ``nbgrader autograde``
batch (jupyter/nbgrader#1083).  So each worker gets its own copy of the course
(``.grading/worker_<k>/``: source/, the config, its own gradebook) and one
long-lived process (tools/grade_worker.py) that runs nbgrader's autograde
in-process for one (student, assignment) at a time: nbgrader's start-up is paid
once per worker, not once per call.  Kernels are forked from a pre-warmed server
(tools/warm_kernel.py) that has already imported the course's libraries;
``--cold-kernels`` turns that off.  Figures are not rasterised while grading
(they show as ``<Figure size ...>`` in graded notebooks); ``--figures`` keeps
them.  A submission whose grading fails is reported and scored on what was
recorded; the others go on.  Duplicated answer cells are repaired first (the
last copy keeps the grade_id, the student's latest work); deleted cells are
restored by nbgrader (``add_missing_cells``).

Outputs: ``autograded/`` (graded notebooks), ``reports/grades.csv`` (one row
per student, assignment, notebook and graded cell), ``reports/summary.csv``,
``reports/integrity.csv``, ``reports/score_distribution.png``,
``reports/problem_difficulty.png``, a summary table in the terminal, and with
``--feedback`` or ``--feedback-only`` per-student HTML in ``feedback/``.
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import integrity  # noqa: E402
import warm_kernel  # noqa: E402

COURSE_ID = "dystonia"
KERNEL_ENV = {}       # JUPYTER_PATH and the socket of the warm-kernel server, when one runs


def grading_env():
    """The environment for nbgrader processes: this venv first on PATH (nbgrader calls
    ``alembic``), plus the grading kernels' settings when they are active."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.update(KERNEL_ENV)
    return env


def nbgrader_cmd(course, *args, timeout=3600):
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=grading_env(),
                          capture_output=True, text=True, timeout=timeout)


def repair_duplicates(path):
    """Keep the grade_id on the last copy of a duplicated answer cell (and the first of a test cell)."""
    nb = json.loads(Path(path).read_text())
    seen = defaultdict(list)
    for i, cell in enumerate(nb["cells"]):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid:
            seen[gid].append(i)
    fixed = []
    for gid, idx in seen.items():
        if len(idx) < 2:
            continue
        meta = nb["cells"][idx[0]]["metadata"]["nbgrader"]
        keep = idx[-1] if meta.get("solution") else idx[0]
        for i in idx:
            if i != keep:
                nb["cells"][i]["metadata"].pop("nbgrader", None)
        fixed.append(gid)
    if fixed:
        Path(path).write_text(json.dumps(nb, indent=1))
    return fixed


def prepare_workers(course, workers, assignments):
    """Fill worker 0 (source, config, gradebook via generate_assignment), then copy it to the others."""
    base = workers[0].dir
    for worker in workers:
        if worker.dir.exists():
            shutil.rmtree(worker.dir)
    base.mkdir(parents=True)
    shutil.copytree(course / "source", base / "source",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copy(ROOT / "nbgrader_config.py", base / "nbgrader_config.py")
    for a in assignments:
        reply = workers[0].request(generate=a)
        if not reply["success"]:
            raise RuntimeError(f"generate_assignment {a} failed:\n{reply['error'] or reply['log']}")
    for worker in workers[1:]:
        shutil.copytree(base, worker.dir, ignore=shutil.ignore_patterns("worker.log"))


def read_scores(worker_dir, assignment, student):
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
    return rows


CELL_TIMEOUT = None


def _copy_submission(job, worker_dir):
    student, assignment, folder = job
    target = worker_dir / "submitted" / student / assignment
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(folder, target)
    repaired = []
    for nb_path in target.glob("*.ipynb"):
        repaired += repair_duplicates(nb_path)
    return repaired


def _notes(worker_dir, student, assignment):
    notes = []
    for nb_path in sorted((worker_dir / "autograded" / student / assignment).glob("*.ipynb")):
        nb = json.loads(nb_path.read_text())
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                text = out.get("ename", "") + out.get("evalue", "")
                if out.get("output_type") == "error" and "Timeout" in text:
                    notes.append(f"{nb_path.stem}: a cell timed out")
                if out.get("output_type") == "error" and "DeadKernel" in text:
                    notes.append(f"{nb_path.stem}: the kernel died")
    return notes


class Worker:
    """A course copy (``.grading/worker_<k>/``) and its long-lived tools/grade_worker.py process."""

    def __init__(self, directory):
        self.dir = Path(directory)
        self.proc = None

    def start(self):
        cmd = [sys.executable, str(ROOT / "tools" / "grade_worker.py"), str(self.dir)]
        if CELL_TIMEOUT:
            cmd += ["--cell-timeout", str(CELL_TIMEOUT)]
        self.log = open(self.dir / "worker.log", "a")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                     text=True, env=grading_env(), cwd=self.dir)
        if not json.loads(self.proc.stdout.readline() or "{}").get("ready"):
            raise RuntimeError(f"grading worker in {self.dir} did not start; see {self.dir / 'worker.log'}")

    def request(self, **message):
        """Send one request; restart the process if it died.  Returns the reply (a dict)."""
        for attempt in range(2):
            if self.proc is None or self.proc.poll() is not None:
                self.start()
            try:
                self.proc.stdin.write(json.dumps(message) + "\n")
                self.proc.stdin.flush()
                line = self.proc.stdout.readline()
            except (BrokenPipeError, OSError):
                line = ""
            if line:
                return json.loads(line)
            self.proc.wait()
        return {"success": False, "error": "the grading worker died twice on this submission", "log": ""}

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self.proc:
            self.log.close()


def grade_one(job, worker):
    """Grade one (student, assignment) on ``worker``; a failure is reported, never fatal."""
    student, assignment, _ = job
    repaired = _copy_submission(job, worker.dir)
    reply = worker.request(assignment=assignment, student=student)
    last = (reply.get("error") or "").strip().splitlines()
    error = None if reply.get("success") else f"grading failed: {(last[-1] if last else 'unknown error')[:200]}"
    try:
        rows = read_scores(worker.dir, assignment, student)
    except Exception as exc:  # noqa: BLE001 - reported with the worker's own message
        rows = []
        error = error or f"grading failed: {str(exc)[:200]}"
    return {"job": job, "rows": rows, "error": error, "repaired": repaired,
            "notes": _notes(worker.dir, student, assignment), "seconds": reply.get("seconds", 0.0)}


class GradingKernels:
    """The kernels nbgrader starts while grading, for the duration of a run.

    nbgrader finds our ``python3`` kernelspec first through ``JUPYTER_PATH``.  With
    ``warm=True`` (the default) its client asks a fork server (tools/warm_kernel.py) for
    a kernel that has already imported the course's libraries; if the server dies (a
    hostile submission can kill it) it is restarted before the next submission, and
    meanwhile clients fall back to ordinary cold kernels.  With ``figures=False`` (the
    default) the inline backend renders no images: figures and explorers still run,
    but are not rasterised, which grading never needs.
    """

    def __init__(self, course, *, warm=True, figures=False):
        self.dir = Path(tempfile.mkdtemp(prefix="dystonia-kernels-"))   # short: Unix sockets allow ~100 chars
        self.socket = str(self.dir / "kernels.sock")
        self.log = str(course / ".grading" / "warm_kernel.log")
        self.warm = warm
        warm_kernel.write_kernelspec(str(self.dir / "jupyter"), warm=warm,
                                     extra_argv=() if figures else warm_kernel.NO_FIGURES)
        KERNEL_ENV.update({"JUPYTER_PATH": str(self.dir / "jupyter"), warm_kernel.ENV_SOCKET: self.socket})
        self.lock = threading.Lock()
        self.proc = None
        self.ensure_running()

    def ensure_running(self):
        if not self.warm:
            return
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                self.proc = warm_kernel.start_server(self.socket, log=self.log)

    def stop(self):
        KERNEL_ENV.clear()
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)


def integrity_flags(jobs, release_dir):
    """Every integrity finding: tampering code (AST scan) and test cells deleted or edited
    relative to the student edition in ``release_dir``.  Rows of
    ``(student, assignment, notebook, cell, line, reason)``."""
    flags = []
    for student, assignment, folder in jobs:
        for nb_path in sorted(folder.glob("*.ipynb")):
            findings = integrity.scan_notebook(nb_path)
            release = release_dir / assignment / nb_path.name
            if release.exists():
                findings += integrity.compare_tests(nb_path, release)
            flags += [(student, assignment, nb_path.stem, c, ln, reason) for c, ln, reason in findings]
    return flags


def discover(course):
    jobs = []
    sub = course / "submitted"
    for student_dir in sorted(p for p in sub.iterdir() if p.is_dir()) if sub.exists() else []:
        for assignment_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if list(assignment_dir.glob("*.ipynb")):
                jobs.append((student_dir.name, assignment_dir.name, assignment_dir))
    return jobs


def write_report(course, results, flags, report_dir):
    report_dir.mkdir(parents=True, exist_ok=True)
    rows = [r for res in results for r in res["rows"]]
    with open(report_dir / "grades.csv", "w", newline="") as f:
        w = csv.DictWriter(f, ["student", "assignment", "notebook", "problem", "score", "max_score"])
        w.writeheader()
        w.writerows(rows)
    maxima = defaultdict(float)
    for r in rows:
        maxima[(r["assignment"], r["notebook"], r["problem"])] = r["max_score"]
    assignment_max = defaultdict(float)
    for (a, _, _), m in maxima.items():
        assignment_max[a] += m
    totals = defaultdict(float)
    for r in rows:
        totals[(r["student"], r["assignment"])] += r["score"]
    summary = []
    for res in results:
        student, assignment, _ = res["job"]
        flagged = [f for f in flags if f[0] == student and f[1] == assignment]
        raw = round(totals.get((student, assignment), 0.0), 2)
        # Tampering is held at 0 until the instructor has looked: the raw score is kept beside it.
        summary.append({"student": student, "assignment": assignment,
                        "score": 0.0 if flagged else raw, "raw_score": raw,
                        "max_score": assignment_max.get(assignment, 0.0),
                        "status": res["error"] or "graded",
                        "integrity": "FLAGGED: held at 0 for review" if flagged else "",
                        "notes": "; ".join(res["notes"] + [f"repaired duplicate {g}" for g in res["repaired"]])})
    with open(report_dir / "summary.csv", "w", newline="") as f:
        w = csv.DictWriter(f, list(summary[0]) if summary else ["student"])
        w.writeheader()
        w.writerows(summary)
    with open(report_dir / "integrity.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "assignment", "notebook", "cell", "line", "finding"])
        w.writerows(flags)
    _plots(rows, assignment_max, totals, report_dir)
    return summary


def _plots(rows, assignment_max, totals, report_dir):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    sys.path.insert(0, str(ROOT))
    from helpers.plots.style import apply_style, label_axes
    apply_style()
    assignments = sorted(assignment_max)
    if not assignments:
        return
    fig, axes = plt.subplots(1, len(assignments), figsize=(4 * len(assignments), 3.2), squeeze=False)
    for ax, a in zip(axes[0], assignments):
        pct = [100 * s / assignment_max[a] for (st, aa), s in totals.items() if aa == a and assignment_max[a]]
        ax.hist(pct, bins=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.0001], color="#0072B2")
        label_axes(ax, "Score (% of maximum)", "Number of students", a)
    fig.savefig(report_dir / "score_distribution.png", bbox_inches="tight")
    plt.close(fig)
    per_problem = defaultdict(list)
    for r in rows:
        per_problem[f"{r['notebook']}:{r['problem']}"].append(r["score"] / r["max_score"])
    names = sorted(per_problem)
    fig, ax = plt.subplots(figsize=(7, max(3, 0.22 * len(names))))
    ax.barh(names, [100 * sum(v) / len(v) for v in (per_problem[n] for n in names)], color="#D55E00")
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=7)
    label_axes(ax, "Mean score (% of the cell's points)", "Graded cell (notebook:grade_id)",
               "Problem difficulty across the class")
    fig.savefig(report_dir / "problem_difficulty.png", bbox_inches="tight")
    plt.close(fig)


def print_summary(summary, flags):
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
                f"  {s['score']:>7.1f}/{s['max_score']:<5.0f}{'!' if s['status'] != 'graded' else ' ':>3}"
        line += "  " + ("FLAGGED" if any(f[0] == st for f in flags) else "")
        print(line)
    if flags:
        print("\nIntegrity: code that tampers with grading (see reports/integrity.csv)")
        for st, a, nb, c, ln, reason in flags:
            print(f"  {st} / {a} / {nb} cell {c} line {ln}: {reason}")
    failed = [s for s in summary if s["status"] != "graded"]
    for s in failed:
        print(f"  ! {s['student']} / {s['assignment']}: {s['status']}")


def feedback(course, workers, report_dir):
    out = course / "feedback"
    for worker in workers:
        if not (worker / "gradebook.db").exists():
            continue
        for assignment_dir in sorted({p.parent.name for p in (worker / "autograded").glob("*/*/*.ipynb")}):
            nbgrader_cmd(worker, "generate_feedback", assignment_dir, "--force")
        if (worker / "feedback").exists():
            shutil.copytree(worker / "feedback", out, dirs_exist_ok=True)
    print(f"Feedback written to {out}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="build and grade the demo class in demo_class/")
    parser.add_argument("--course", type=Path, default=None, help="course directory (default: repository root)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--assignments", nargs="*", default=None, help="with --demo: only these assignments")
    parser.add_argument("--feedback", action="store_true", help="also write feedback after grading")
    parser.add_argument("--feedback-only", action="store_true")
    parser.add_argument("--cold-kernels", action="store_true",
                        help="start every kernel from scratch instead of forking pre-warmed ones (slower)")
    parser.add_argument("--figures", action="store_true",
                        help="render figures into the graded notebooks (slower; grading never needs them)")
    parser.add_argument("--cell-timeout", type=int, default=None,
                        help="seconds per cell (default: nbgrader_config.py's Execute.timeout)")
    args = parser.parse_args(argv)
    global CELL_TIMEOUT
    CELL_TIMEOUT = args.cell_timeout
    course = (args.course or ROOT).resolve()
    if args.demo:
        import demo_class
        course = (args.course or ROOT / "demo_class").resolve()
        if not args.feedback_only:
            demo_class.build(course, args.assignments or demo_class.ASSIGNMENTS)
    workers = [Worker(course / ".grading" / f"worker_{k}") for k in range(max(1, args.jobs))]
    report_dir = course / "reports"
    if args.feedback_only:
        feedback(course, [w.dir for w in workers], report_dir)
        return 0
    jobs = discover(course)
    if not jobs:
        print(f"No submissions under {course / 'submitted'} (expected submitted/<student>/<assignment>/*.ipynb).")
        return 0
    assignments = sorted({a for _, a, _ in jobs})
    print(f"Grading {len(jobs)} submissions of {len(assignments)} assignments with {len(workers)} workers...")
    t0 = time.time()
    (course / ".grading").mkdir(exist_ok=True)
    server = GradingKernels(course, warm=not args.cold_kernels, figures=args.figures)
    results = []
    queue = list(jobs)
    lock = threading.Lock()

    def run(worker):
        while True:
            with lock:
                if not queue:
                    return
                job = queue.pop(0)
            server.ensure_running()
            res = grade_one(job, worker)
            with lock:
                results.append(res)
                total = sum(r["score"] for r in res["rows"])
                maximum = sum(r["max_score"] for r in res["rows"])
                print(f"[{len(results)}/{len(jobs)}] {job[0]} / {job[1]}: {total:.1f}/{maximum:.0f}"
                      f"  ({res['seconds']:.1f} s){'  ' + res['error'] if res['error'] else ''}", flush=True)

    try:
        prepare_workers(course, workers, assignments)
        flags = integrity_flags(jobs, workers[0].dir / "release")
        t_prepared = time.time()
        print(f"Prepared {len(workers)} workers in {t_prepared - t0:.1f} s", flush=True)
        with ThreadPoolExecutor(len(workers)) as pool:
            for fut in as_completed([pool.submit(run, w) for w in workers]):
                fut.result()
    finally:
        for worker in workers:
            worker.close()
        server.stop()
    workers = [w.dir for w in workers]
    # collect graded notebooks into the course's autograded/
    for worker in workers:
        if (worker / "autograded").exists():
            shutil.copytree(worker / "autograded", course / "autograded", dirs_exist_ok=True)
    results.sort(key=lambda r: (r["job"][0], r["job"][1]))
    summary = write_report(course, results, flags, report_dir)
    print_summary(summary, flags)
    print(f"\nGraded {len(jobs)} submissions in {time.time() - t0:.0f} s "
          f"({time.time() - t_prepared:.1f} s after preparing the workers); report in {report_dir}")
    if args.feedback:
        feedback(course, workers, report_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
