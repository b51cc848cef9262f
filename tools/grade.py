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
    python tools/grade.py --fresh           regrade everything, even after a run that was stopped

Stopping.  Ctrl-C or SIGTERM stops grading at once: every worker, sandbox and kernel ends,
``reports/`` holds what was graded so far, and the next run resumes where this one stopped
(it takes the unchanged submissions graded before from ``.grading/journal.jsonl``).  A run
killed outright (SIGKILL) also leaves no process behind (each worker ends when its pipe to
this process closes), and its journal lets the next run resume in the same way.

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
``score_distribution.png``, ``problem_difficulty.png``, ``rubrics.md`` (the written answers'
rubrics and model answers, for the people who grade them), a table in the terminal; with
``--feedback`` or ``--feedback-only``, per-student HTML in ``feedback/`` (HTML files the
grader wrote, nothing else).
"""
import argparse
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
from grader import manual, similarity, submissions  # noqa: E402
from grader.classroom import (SETTINGS, STOP, Journal, Worker, assignment_layout, discover, feedback,  # noqa: E402
                              fingerprint, grade_jobs, integrity_flags, max_scores, nbgrader_cmd, prepare_workers,
                              print_summary, read_previous, submission_digest, write_report)
from grader.sandbox import check_platform  # noqa: E402

PARTIAL_REPORT_S = 30          # while grading, the reports are rewritten at most this often


def _die_with_parent():
    """SIGTERM this process when its parent (``make``) dies, even by SIGKILL (Linux only)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)     # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:
        raise SystemExit("the process that started grading is gone")


def _stop_on_signals():
    """SIGINT (Ctrl-C), SIGTERM and SIGHUP stop grading as Ctrl-C does (SIGINT even where the shell
    that started this process ignores it, as a non-interactive shell does for background jobs;
    SIGHUP only where it is not ignored, as ``nohup`` asks)."""
    def stop(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
        signal.signal(signal.SIGHUP, stop)


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
    parser.add_argument("--notebook-timeout", type=int, default=None,
                        help="seconds per notebook (default: nbgrader_config.py's JudgeExecute.notebook_timeout)")
    parser.add_argument("--unsafe", action="store_true",
                        help="grade even if kernels cannot be sandboxed on this machine (not recommended)")
    parser.add_argument("--dask", default=None, metavar="ADDRESS",
                        help="grade on a Dask cluster (tcp://scheduler:8786), or 'local' for a local one of --jobs workers")
    parser.add_argument("--fresh", action="store_true",
                        help="regrade every submission, even after a run that was stopped (no resuming)")
    parser.add_argument("--die-with-parent", action="store_true",
                        help="stop (as with SIGTERM) when the process that started this one dies (make grade)")
    args = parser.parse_args(argv)
    if args.die_with_parent:
        _die_with_parent()
    _stop_on_signals()
    SETTINGS.update(cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout, unsafe=args.unsafe,
                    figures=args.figures)
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
    from grader import cgroups
    print(cgroups.describe())
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
    for s, a in unknown:
        print(f"  ! {s} / {a}: no such assignment in source/ (ignored)")
    t0 = time.time()
    (course / ".grading").mkdir(exist_ok=True)
    # a stopped run of the same assignments is resumed: its unchanged submissions are not graded again
    journal = Journal(course) if not args.student else None
    run = fingerprint(course, assignments)
    done = journal.resumable(run) if journal is not None and not args.fresh else {}
    results, lock = [], threading.Lock()
    inspected, layout_max, digests = {}, {}, {}
    state = {"written": time.monotonic(), "flags": []}
    previous = read_previous(report_dir)
    interrupted = False
    todo = []
    try:
        reused = prepare_workers(course, workers if engine is None else workers[:1], assignments, reuse=bool(done))
        for s, a, folder in jobs:
            inspected[(s, a)] = submissions.inspect(folder, sorted(layouts[a]), layouts[a],
                                                    release_dir=workers[0].dir / "release" / a)
            digests[(s, a)] = submission_digest(inspected[(s, a)])
        resumed = [done[(s, a)][1] for s, a, _ in jobs if (s, a) in done and done[(s, a)][0] == digests[(s, a)]]
        graded_before = {(r["job"][0], r["job"][1]) for r in resumed}
        todo = [j for j in jobs if (j[0], j[1]) not in graded_before]
        if journal is not None:
            journal.open(run, report_dir, resume=bool(resumed))
            if resumed:
                previous = journal.previous()
                print(f"Resuming a stopped run: {len(resumed)} of {len(jobs)} submissions were graded before "
                      f"(--fresh grades them again){'' if reused or engine else '; their feedback needs a new run'}")
        results += resumed
        print(f"Grading {len(todo)} submissions of {len(assignments)} assignments {where}...")
        for a in assignments:
            layout_max[a] = max_scores(workers[0].dir, a)
        state["flags"] = integrity_flags(jobs, inspected, workers[0].dir / "release")
        t_prepared = time.time()
        print(f"Prepared the workers in {t_prepared - t0:.1f} s", flush=True)

        def report(res):
            graded = Path(res.get("autograded") or "")
            if engine is None and graded.is_dir():       # in the course at once: a killed run keeps it
                shutil.copytree(graded, course / "autograded" / res["job"][0] / res["job"][1], dirs_exist_ok=True)
            with lock:
                results.append(res)
                if journal is not None:
                    journal.add(res, digests[(res["job"][0], res["job"][1])])
                total = sum(r["score"] for r in res["rows"])
                maximum = sum(r["max_score"] for r in res["rows"])
                why = res["error"] or ("; ".join(res["problems"]) if res["problems"] else "")
                print(f"[{len(results) - len(resumed)}/{len(todo)}] {res['job'][0]} / {res['job'][1]}: "
                      f"{total:.1f}/{maximum:.0f}  ({res['seconds']:.1f} s){'  ' + why if why else ''}", flush=True)
                if time.monotonic() - state["written"] > PARTIAL_REPORT_S:
                    _write(course, results, state["flags"], report_dir, args.student, previous, plots=False)
                    state["written"] = time.monotonic()

        if engine is None:
            grade_jobs(workers, todo, inspected, layout_max, report)
        else:
            engine.run(course, todo, inspected, layout_max, assignments, dict(SETTINGS), args.feedback, report)
    except KeyboardInterrupt:
        STOP.set()
        interrupted = True
    finally:
        for worker in workers:
            if interrupted:
                worker.kill()
            worker.close()
        if engine is not None:
            engine.close()
        if journal is not None and not interrupted and len(results) == len(jobs):
            journal.finish()
        elif journal is not None:
            journal.close()
    if engine is None:
        for worker in workers:
            if (worker.dir / "autograded").exists():
                shutil.copytree(worker.dir / "autograded", course / "autograded", dirs_exist_ok=True)
    if interrupted and not results:
        print("\nStopped before any submission was graded; reports/ is unchanged.")
        return 130
    if not interrupted:
        results.sort(key=lambda r: (r["job"][0], r["job"][1]))
        record_written_answers(course, results, assignments, inspected, demo=args.demo)
    summary, changes, all_flags = _write(course, results, state["flags"], report_dir, args.student, previous,
                                         plots=not interrupted)
    print_summary([s for s in summary if not args.student or s["student"] == args.student],
                  [f for f in all_flags if not args.student or f[0] == args.student], changes)
    if not interrupted:
        compare_code(course, jobs, inspected, layouts, workers[0].dir / "release", report_dir, args.student)
    if interrupted:
        print(f"\nStopped: {len(results)} of {len(jobs)} submissions graded; reports/ holds them. "
              f"Run make grade again to grade the rest (it resumes; --fresh starts over).")
        return 130
    print(f"\nGraded {len(todo)} submissions in {time.time() - t0:.0f} s "
          f"({time.time() - t_prepared:.1f} s after preparing the workers); report in {report_dir}")
    if args.feedback and engine is None:
        feedback(course, [w.dir for w in workers])
    elif args.feedback:
        print(f"Feedback written to {course / 'feedback'}")
    return 0


def _write(course, results, flags, report_dir, student, previous, plots):
    """The reports of ``results`` so far (sorted), with the scanner's and the judge's findings."""
    done = sorted(results, key=lambda r: (r["job"][0], r["job"][1]))
    graded = {(r["job"][0], r["job"][1]) for r in done}
    found = [f for f in flags if (f[0], f[1]) in graded] + [f for res in done for f in res["flags"]]
    return write_report(course, done, found, report_dir, regrade_student=student, previous=previous, plots=plots)


if __name__ == "__main__":
    sys.exit(main())
