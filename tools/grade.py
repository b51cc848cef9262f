"""Grade a whole class: sandboxed kernels, verdicts decided outside them, a report, feedback.

Usage (from the course root):
    python tools/grade.py                   grade every submission under submitted/
    python tools/grade.py --student ada     regrade one student (the report keeps the others)
    python tools/grade.py --demo            build and grade the demo class (in demo_class/)
    python tools/grade.py --feedback-only   write feedback for what was graded last time
    python tools/grade.py --jobs 4          number of parallel graders (default: CPU count)
    python tools/grade.py --unsafe          grade even where kernels cannot be sandboxed (says so)

How it works.  Every submitted file is first read without trusting it
(``grader/submissions.py``): a file that is not a usable notebook scores 0 with a one-line
reason, and only the notebooks the assignment has, as regular files, go on.  Each worker
owns a copy of the course (``.grading/worker_<k>/``: ``source/``, the config, its own
gradebook, since SQLite takes one writer) and one long-lived process
(``grader/grade_worker.py``) that calls nbgrader's autograde for one submission at a time.
nbgrader's configuration (``nbgrader_config.py``) replaces its executor with
``grader.nbgrader_ext.JudgeExecute``: the student's code runs in a sandboxed kernel forked
from a pre-warmed server (``grader/sandbox.py``), test cells run in the worker, and answers
cross as plain data.  A crashed or hung kernel costs only its own cell; a worker that dies
is restarted and that submission reported.

Outputs: ``autograded/``; ``reports/grades.csv`` (student, assignment, notebook, cell,
score, max, which hints fired), ``summary.csv`` (totals, status with reasons, integrity,
notes), ``integrity.csv``, ``items.csv`` (per test cell: pass rate, mean, discrimination,
hints), ``regrades.csv`` (scores that changed since the previous run, old -> new),
``score_distribution.png``, ``problem_difficulty.png``, a table in the terminal; with
``--feedback`` or ``--feedback-only``, per-student HTML in ``feedback/`` (HTML files the
grader wrote, nothing else).
"""
import argparse
import os
import shutil
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
from grader import submissions  # noqa: E402
from grader.classroom import (SETTINGS, Worker, assignment_layout, discover, feedback, grade_one,  # noqa: E402
                              integrity_flags, max_scores, prepare_workers, print_summary, write_report)
from grader.sandbox import check_platform  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="build and grade the demo class in demo_class/")
    parser.add_argument("--course", type=Path, default=None, help="course directory (default: repository root)")
    # a worker's grader and its kernel take turns (a test cell waits for the kernel's answers),
    # so one worker more than cores keeps every core busy: 45 submissions on 2 cores took
    # 93 s with 2 workers, 77 s with 3 and 78 s with 4 (tools/benchmark_grading.py)
    parser.add_argument("--jobs", type=int, default=(os.cpu_count() or 2) + 1,
                        help="grading workers (default: cores + 1)")
    parser.add_argument("--student", default=None, help="regrade only this student (the report keeps the others)")
    parser.add_argument("--assignments", nargs="*", default=None, help="with --demo: only these assignments")
    parser.add_argument("--feedback", action="store_true", help="also write feedback after grading")
    parser.add_argument("--feedback-only", action="store_true")
    parser.add_argument("--figures", action="store_true",
                        help="render figures into the graded notebooks (slower; grading never needs them)")
    parser.add_argument("--cell-timeout", type=int, default=None,
                        help="seconds per cell (default: nbgrader_config.py's JudgeExecute.cell_timeout)")
    parser.add_argument("--unsafe", action="store_true",
                        help="grade even if kernels cannot be sandboxed on this machine (not recommended)")
    parser.add_argument("--dask", default=None, metavar="ADDRESS",
                        help="grade on a Dask cluster (tcp://scheduler:8786), or 'local' for a local one of --jobs workers")
    args = parser.parse_args(argv)
    SETTINGS.update(cell_timeout=args.cell_timeout, unsafe=args.unsafe, figures=args.figures)
    course = (args.course or ROOT).resolve()
    if args.demo:
        import demo_class
        course = (args.course or ROOT / "demo_class").resolve()
        if not args.feedback_only:
            demo_class.build(course, args.assignments or demo_class.ASSIGNMENTS)
    workers = [Worker(course / ".grading" / f"worker_{k}") for k in range(max(1, args.jobs))]
    report_dir = course / "reports"
    if args.feedback_only:
        feedback(course, [w.dir for w in workers])
        return 0
    ok, reason = check_platform()
    if not ok and not args.unsafe:
        print(f"Refusing to grade: student code cannot be sandboxed on this machine ({reason}).\n"
              "Without a sandbox a submission could read the hidden tests or change other grades.\n"
              "Fix the platform, or pass --unsafe to grade anyway (the report will say so).", file=sys.stderr)
        return 2
    if not ok:
        print(f"WARNING: grading without a sandbox (--unsafe): {reason}", file=sys.stderr)
    jobs = discover(course, args.student)
    if not jobs:
        print(f"No submissions under {course / 'submitted'} (expected submitted/<student>/<assignment>/*.ipynb).")
        return 0
    assignments = sorted({a for _, a, _ in jobs if (course / "source" / a).is_dir()})
    unknown = [(s, a) for s, a, _ in jobs if a not in assignments]
    jobs = [j for j in jobs if j[1] in assignments]
    layouts = {a: assignment_layout(course, a) for a in assignments}
    engine = None
    if args.dask:
        from grader.distributed import DaskEngine
        engine = DaskEngine(args.dask, n_workers=max(1, args.jobs))
        where = f"on Dask ({args.dask}, {engine.workers()} workers)"
    else:
        where = f"with {len(workers)} workers"
    print(f"Grading {len(jobs)} submissions of {len(assignments)} assignments {where}...")
    for s, a in unknown:
        print(f"  ! {s} / {a}: no such assignment in source/ (ignored)")
    t0 = time.time()
    (course / ".grading").mkdir(exist_ok=True)
    results = []
    lock = threading.Lock()
    inspected, layout_max = {}, {}

    def report(res):
        with lock:
            results.append(res)
            total = sum(r["score"] for r in res["rows"])
            maximum = sum(r["max_score"] for r in res["rows"])
            why = res["error"] or ("; ".join(res["problems"]) if res["problems"] else "")
            print(f"[{len(results)}/{len(jobs)}] {res['job'][0]} / {res['job'][1]}: {total:.1f}/{maximum:.0f}"
                  f"  ({res['seconds']:.1f} s){'  ' + why if why else ''}", flush=True)

    queue = list(jobs)

    def take():
        with lock:
            return queue.pop(0) if queue else None

    def run(worker):
        # each worker holds the job it grades next, so that job's first kernel can start early
        upcoming = take()
        while upcoming is not None:
            job, upcoming = upcoming, take()
            report(grade_one(job, worker, inspected[(job[0], job[1])], layout_max[job[1]], next_job=upcoming))

    try:
        # worker 0 always prepares here: it gives the student editions and the maximum scores
        prepare_workers(course, workers if engine is None else workers[:1], assignments)
        for s, a, folder in jobs:
            inspected[(s, a)] = submissions.inspect(folder, sorted(layouts[a]), layouts[a],
                                                    release_dir=workers[0].dir / "release" / a)
        for a in assignments:
            layout_max[a] = max_scores(workers[0].dir, a)
        flags = integrity_flags(jobs, inspected, workers[0].dir / "release")
        t_prepared = time.time()
        print(f"Prepared the workers in {t_prepared - t0:.1f} s", flush=True)
        if engine is None:
            with ThreadPoolExecutor(len(workers)) as pool:
                for fut in as_completed([pool.submit(run, w) for w in workers]):
                    fut.result()
        else:
            engine.run(course, jobs, inspected, layout_max, assignments, dict(SETTINGS), args.feedback, report)
    finally:
        for worker in workers:
            worker.close()
        if engine is not None:
            engine.close()
    if engine is None:
        for worker in workers:
            if (worker.dir / "autograded").exists():
                shutil.copytree(worker.dir / "autograded", course / "autograded", dirs_exist_ok=True)
    results.sort(key=lambda r: (r["job"][0], r["job"][1]))
    flags += [f for res in results for f in res["flags"]]
    summary, changes, all_flags = write_report(course, results, flags, report_dir, regrade_student=args.student)
    print_summary([s for s in summary if not args.student or s["student"] == args.student],
                  [f for f in all_flags if not args.student or f[0] == args.student], changes)
    print(f"\nGraded {len(jobs)} submissions in {time.time() - t0:.0f} s "
          f"({time.time() - t_prepared:.1f} s after preparing the workers); report in {report_dir}")
    if args.feedback and engine is None:
        feedback(course, [w.dir for w in workers])
    elif args.feedback:
        print(f"Feedback written to {course / 'feedback'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
