"""Grade a class at full size: 110 students x 3 assignments with ``make grade``, sandbox included.

The class is built from the demo class's honest students (``tools/demo_class.py``): each of the
110 students hands in one kind of work for every assignment, in turn the instructor's solutions,
half of them (partial), nothing (blank), each problem's first misconception (mistakes) or each
problem's first alternative method, and one more student, the flooder, hands in the
instructor's solutions with 70 kB written to file descriptors 1 and 2 at the start of every
notebook (``os.write``, as C libraries and child processes write): while kernels inherited the
fork server's stdout, that alone froze every later kernel of its worker.

It then runs ``tools/grade.py`` on the class (``--jobs``, default 3 on 2 cores, as ``make
grade``), checks every submission's score (the instructor's, the alternative's and the
flooder's: every automatic point, since written answers wait for a person; the flooder's flagged for its raw writes; blank: 0; partial: the points
of the problems it answers; mistakes: at most half of the maximum; each student's own data make
the copies differ a little) and prints the wall time and where it goes (preparing the workers;
per submission, nbgrader's own work, the notebook in its kernel, the judge). Exits 1 if any
score is not the expected one.

Usage: ``python tools/benchmark_grading.py [--students 110] [--jobs 3] [--keep DIR]``; ``--compare``
also times bare nbclient execution and an ``--unsafe`` run on a small class (the sandbox's cost).
Run it on an idle machine; the README quotes its figures.
"""
import argparse
import csv
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import demo_class  # noqa: E402
import nbtools  # noqa: E402
from grader import manual  # noqa: E402

HONEST = ("instructor", "partial", "blank", "mistakes", "alternative")
#: the chapters only: the warm-up and the quizzes are small, and the README's figures are per chapter
CHAPTERS = tuple(a for a in demo_class.ASSIGNMENTS if a not in demo_class.LIGHT_ASSIGNMENTS)
FLOOD = 'import os\nos.write(1, b"x" * 70_000)\nos.write(2, b"y" * 70_000)\n'


def build_class(course, students, assignments=CHAPTERS):
    """``course`` with ``students`` honest students (kinds in turn) plus the flooder; returns ``{student: kind}``."""
    demo_class.build(course, assignments)
    submitted = course / "submitted"
    kinds = {}
    for k in range(students):
        name, kind = f"s{k + 1:03d}", HONEST[k % len(HONEST)]
        shutil.copytree(submitted / kind, submitted / name)
        kinds[name] = kind
    shutil.copytree(submitted / "instructor", submitted / "flooder")
    for path in (submitted / "flooder").glob("*/*.ipynb"):
        nb = nbtools.read(path)
        cell = next(c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution"))
        cell.source = FLOOD + cell.source
        nbtools.write(nb, path)
    kinds["flooder"] = "flooder"
    for folder in list(submitted.iterdir()):
        if folder.name not in kinds:
            shutil.rmtree(folder)
    return kinds


def partial_points(assignment):
    """Points of the test cells of the problems ``partial`` answers (the first half of each notebook's)."""
    total = 0.0
    for src in sorted((ROOT / "source" / assignment).glob("*.ipynb")):
        nb = nbtools.read(src)
        gids = list(nbtools.instructor_answers(nb))
        answered = gids[: max(1, len(gids) // 2)]
        for gid, cell in nbtools.test_cells(nb).items():
            if any(gid.startswith(a + "_") for a in answered):
                total += float(cell.metadata["nbgrader"]["points"])
    return total


def check_scores(summary, kinds):
    """``[problem, ...]``: every submission whose score is not the one its kind must earn."""
    problems = []
    partial = {}
    for row in summary:
        kind = kinds.get(row["student"])
        score, assignment = float(row["raw_score"]), row["assignment"]
        # The automatic points: written answers wait for a person (pending, or 0 when left unwritten).
        maximum = float(row["max_score"]) - sum(manual.written_cells(ROOT, assignment).values())
        if row["status"] != "graded":
            problems.append(f"{row['student']} / {assignment}: {row['status']}")
        if bool(row["integrity"]) != (kind == "flooder"):        # the flood is reported, honest work never is
            problems.append(f"{row['student']} / {assignment}: integrity {row['integrity'] or 'not flagged'}")
        if kind in ("instructor", "alternative", "flooder") and abs(score - maximum) > 1e-6:
            problems.append(f"{row['student']} ({kind}) / {assignment}: {score} of {maximum}")
        elif kind == "blank" and score != 0.0:
            problems.append(f"{row['student']} (blank) / {assignment}: {score}")
        elif kind == "partial":
            want = partial.setdefault(assignment, partial_points(assignment))
            if abs(score - want) > 1e-6:
                problems.append(f"{row['student']} (partial) / {assignment}: {score}, expected {want}")
        elif kind == "mistakes" and score > maximum / 2:
            problems.append(f"{row['student']} (mistakes) / {assignment}: {score} of {maximum}")
    return problems


def grade(course, jobs, *extra):
    """Run ``tools/grade.py``; returns (wall s, preparing s, stdout)."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--course", str(course),
                           "--jobs", str(jobs), "--fresh", *extra], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"grading failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    prep = float(re.search(r"Prepared the workers in ([\d.]+) s", proc.stdout).group(1))
    return wall, prep, proc.stdout


def _read(path):
    with open(path) as fh:
        return list(csv.DictReader(fh))


def where_the_time_goes(course, wall, prep, jobs):
    timing = _read(course / "reports" / "timing.csv")
    n = len(timing)
    per = {key: [float(r.get(key) or 0) for r in timing]
           for key in ("seconds", "worker_seconds", "notebook_seconds", "judge_seconds")}
    restarts = sum(int(r["restarts"] or 0) for r in timing)
    mean = {key: statistics.fmean(v) for key, v in per.items()}
    rows = [
        (f"make grade, {n} submissions, {jobs} workers on 2 cores: wall time", wall),
        ("  preparing the workers (generate_assignment, fork servers warming up)", prep),
        ("  grading", wall - prep),
        ("per submission, in its worker (mean)", mean["seconds"]),
        ("  grade.py: the submission's files, its scores from the gradebook", mean["seconds"] - mean["worker_seconds"]),
        ("  nbgrader's own work in the worker (sanitising, saving, the gradebook)",
         mean["worker_seconds"] - mean["notebook_seconds"]),
        ("  the notebook's cells in the sandboxed kernel (kernel start included)",
         mean["notebook_seconds"] - mean["judge_seconds"]),
        ("  the judge (test cells in the grader, calls to the kernel included)", mean["judge_seconds"]),
        ("per submission per core (2 cores x grading time / submissions)", 2 * (wall - prep) / n),
        ("slowest submission", max(per["seconds"])),
    ]
    print(f"{'measure':<78}{'seconds':>10}")
    for label, value in rows:
        print(f"{label:<78}{value:>10.2f}")
    print(f"{'kernel restarts (crashes, time limits)':<78}{restarts:>10d}")
    by_assignment = defaultdict(list)
    for r in timing:
        by_assignment[r["assignment"]].append(float(r["seconds"]))
    for assignment, values in sorted(by_assignment.items()):
        print(f"{'  mean per submission, ' + assignment:<78}{statistics.fmean(values):>10.2f}")


def bare_seconds():
    """Seconds per assignment to run its notebooks with nbclient in ordinary kernels (figures on)."""
    from nbclient import NotebookClient
    per_assignment = {}
    for assignment in CHAPTERS:
        total = 0.0
        for src in sorted((ROOT / "source" / assignment).glob("*.ipynb")):
            nb = nbtools.fill_solutions(nbtools.read(ROOT / "release" / assignment / src.name),
                                        nbtools.instructor_answers(nbtools.read(src)))
            start = time.perf_counter()
            NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                           resources={"metadata": {"path": str(ROOT / "release" / assignment)}}).execute()
            total += time.perf_counter() - start
        per_assignment[assignment] = total
    return per_assignment


def compare(jobs, students=15):
    """Bare execution, and the same small class graded with and without the sandbox."""
    bare = bare_seconds()
    out = {}
    for label, extra in (("sandboxed", ()), ("--unsafe", ("--unsafe",))):
        with tempfile.TemporaryDirectory() as tmp:
            course = Path(tmp) / "c"
            build_class(course, students)
            wall, prep, _ = grade(course, jobs, *extra)
            out[label] = 2 * (wall - prep) / (3 * (students + 1))
    print(f"{'bare nbclient execution per submission (mean over assignments)':<78}"
          f"{statistics.fmean(bare.values()):>10.2f}")
    for label, value in out.items():
        print(f"{'make grade per submission per core, ' + label:<78}{value:>10.2f}")
    print(f"{'sandbox overhead (sandboxed / --unsafe)':<78}{out['sandboxed'] / out['--unsafe']:>9.2f}x")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=110)
    parser.add_argument("--jobs", type=int, default=3, help="grading workers (make grade's default on 2 cores)")
    parser.add_argument("--keep", type=Path, default=None, help="build and keep the class in this folder")
    parser.add_argument("--compare", action="store_true", help="also time bare execution and --unsafe")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        course = (args.keep or Path(tmp) / "class").resolve()
        if course.exists():
            shutil.rmtree(course)
        kinds = build_class(course, args.students)
        n = 3 * len(kinds)
        print(f"{len(kinds)} students x 3 assignments = {n} submissions in {course}", flush=True)
        wall, prep, _ = grade(course, args.jobs)
        where_the_time_goes(course, wall, prep, args.jobs)
        problems = check_scores(_read(course / "reports" / "summary.csv"), kinds)
        print(f"{'wall time for the class':<78}{wall / 60:>9.1f} min  (goal: 10 min on 2 cores)")
        if args.compare:
            compare(args.jobs)
        if problems:
            print(f"\n{len(problems)} submission(s) not at their expected score:")
            for line in problems[:40]:
                print(f"  {line}")
            return 1
        print(f"every one of the {n} submissions scored what its kind must earn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
