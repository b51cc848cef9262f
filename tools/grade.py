"""Grade a whole class: sandboxed kernels, verdicts decided outside them, a report, feedback.

Usage (from the course root):
    python tools/grade.py                   grade every submission under submitted/
    python tools/grade.py --student ada     regrade one student (the report keeps the others)
    python tools/grade.py --demo            build and grade the demo class (in demo_class/)
    python tools/grade.py --feedback-only   write feedback for what was graded last time
    python tools/grade.py --reports-only    rewrite the reports with the written answers graded since
                                            (in Formgrader), without regrading anybody
    python tools/grade.py --jobs 4          number of parallel graders (default: CPU count)
    python tools/grade.py --unsafe          grade even where kernels cannot be sandboxed (says so)

How it works.  Every submitted file is first read without trusting it
(``grader/submissions.py``): a file that is not a usable notebook scores 0 with a one-line
reason, and only the notebooks the assignment has, as regular files, go on.  Each worker
owns a copy of the course (``.grading/worker_<k>/``: ``source/``, the config, its own
gradebook, since SQLite takes one writer) and one long-lived process
(``tools/grade_worker.py``) that calls nbgrader's autograde for one submission at a time.
nbgrader's configuration (``nbgrader_config.py``) replaces its executor with
``grader.nbgrader_ext.JudgeExecute``: the student's code runs in a sandboxed kernel forked
from a pre-warmed server (``grader/sandbox.py``), test cells run in the worker, and answers
cross as plain data.  A crashed or hung kernel costs only its own cell; a worker that dies
is restarted and that submission reported.

Outputs: ``autograded/``; ``reports/grades.csv`` (student, assignment, notebook, cell,
score, max, which hints fired), ``summary.csv`` (totals, status with reasons, integrity,
notes), ``integrity.csv``, ``items.csv`` (per test cell: pass rate, mean, discrimination,
hints), ``regrades.csv`` (scores that changed since the previous run, old -> new),
``score_distribution.png``, ``problem_difficulty.png``, ``rubrics.md`` (the written answers'
rubrics and model answers, for the people who grade them), a table in the terminal; with
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
from grader import manual, similarity, submissions  # noqa: E402
from grader.classroom import (SETTINGS, Worker, assignment_layout, discover, feedback, grade_one,  # noqa: E402
                              integrity_flags, max_scores, nbgrader_cmd, prepare_workers, print_summary,
                              write_report)
from grader.sandbox import check_platform  # noqa: E402


def compare_code(course, jobs, inspected, layouts, release_dir, report_dir, regrade_student=None):
    """``reports/similarity.csv``: each submission against the instructor's solution and every classmate.

    After a one-student regrade the whole class is compared again (reading the others' files).
    Flags ask for a person's review; they never change a grade (``grader/similarity.py``).
    """
    t0 = time.time()
    notebooks = {(s, a): inspected[(s, a)]["notebooks"] for s, a, _ in jobs}
    if regrade_student:
        for s, a, folder in discover(course):
            if (s, a) not in notebooks and a in layouts:
                notebooks[(s, a)] = submissions.inspect(folder, sorted(layouts[a]), layouts[a],
                                                        release_dir=release_dir / a)["notebooks"]
    flagged = similarity.write_report(course, notebooks, release_dir, report_dir)
    print(f"\nSimilarity: {len({(r['assignment'], *sorted((r['student'], r['other']))) for r in flagged})} pair(s) "
          f"flagged for review in reports/similarity.csv "
          f"({time.time() - t0:.1f} s; a flag changes no grade)")
    pairs = {}
    for r in flagged:       # a pair of classmates is listed once, from either side
        pairs.setdefault((r["assignment"], *sorted((r["student"], r["other"]))), r)
    for r in list(pairs.values())[:20]:
        print(f"  {r['assignment']}: {r['student']} ~ {r['other']}: {r['closeness']:.2f} ({r['cells']})")
    if len(pairs) > 20:
        print(f"  ... and {len(pairs) - 20} more")


def record_written_answers(course, results, assignments, inspected, demo=False):
    """Every graded submission into the course root's gradebook (Formgrader's), and its written answers' rows.

    Written answers are graded by people: pending until then, never counted as 0
    (``grader/manual.py``).  Adds the rows to each result and writes ``reports/rubrics.md``.
    """
    t0 = time.time()
    for a in assignments:
        error = manual.ensure_assignment(course, a, nbgrader_cmd)
        if error:
            print(f"  ! {error}", file=sys.stderr)
    errors = manual.sync(course, [(r["job"][0], r["job"][1], inspected[(r["job"][0], r["job"][1])].get("timestamp"))
                                  for r in results])
    for res in results:
        if (res["job"][0], res["job"][1]) in errors:
            res["notes"].append(errors[(res["job"][0], res["job"][1])])
    if demo:
        import demo_class
        demo_class.grade_written(course)      # the demo's grader, as Formgrader would record it
    rows = manual.written_rows(course, [(r["job"][0], r["job"][1]) for r in results])
    by_job = {}
    for row in rows:
        by_job.setdefault((row["student"], row["assignment"]), []).append(row)
    for res in results:
        student, assignment, _ = res["job"]
        for row in by_job.get((student, assignment), []):
            unanswered = not inspected[(student, assignment)]["notebooks"] or not (
                course / "autograded" / student / assignment / f"{row['notebook']}.ipynb").is_file()
            if unanswered and row["manual"] == manual.PENDING:
                row.update(score=0.0, manual=manual.NO_ANSWER)     # nothing was handed in to grade
            res["rows"].append(row)
    if any(manual.written_cells(course, a) for a in assignments):
        (course / "reports").mkdir(exist_ok=True)
        (course / "reports" / "rubrics.md").write_text(manual.rubric_sheet(course, assignments))
    print(f"Recorded {len(results)} submissions in the course gradebook for Formgrader ({time.time() - t0:.1f} s)",
          flush=True)


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
    parser.add_argument("--reports-only", action="store_true",
                        help="rewrite reports/ with the written answers' scores from the course gradebook (Formgrader)")
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
        if not (args.feedback_only or args.reports_only):
            demo_class.build(course, args.assignments or demo_class.ASSIGNMENTS)
    workers = [Worker(course / ".grading" / f"worker_{k}") for k in range(max(1, args.jobs))]
    report_dir = course / "reports"
    if args.feedback_only:
        feedback(course, [w.dir for w in workers])
        return 0
    if args.reports_only:
        return manual.main([str(course)])
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
    record_written_answers(course, results, assignments, inspected, demo=args.demo)
    flags += [f for res in results for f in res["flags"]]
    summary, changes, all_flags = write_report(course, results, flags, report_dir, regrade_student=args.student)
    print_summary([s for s in summary if not args.student or s["student"] == args.student],
                  [f for f in all_flags if not args.student or f[0] == args.student], changes)
    compare_code(course, jobs, inspected, layouts, workers[0].dir / "release", report_dir, args.student)
    print(f"\nGraded {len(jobs)} submissions in {time.time() - t0:.0f} s "
          f"({time.time() - t_prepared:.1f} s after preparing the workers); report in {report_dir}")
    if args.feedback and engine is None:
        feedback(course, [w.dir for w in workers])
    elif args.feedback:
        print(f"Feedback written to {course / 'feedback'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
