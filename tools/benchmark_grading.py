"""How fast is grading?  ``make grade`` (sandboxed, verdicts outside the kernel) against bare execution.

1. Bare: execute each assignment's notebooks (instructor answers filled in) with nbclient in
   ordinary kernels, one after the other: the cost of simply running the code.
2. Graded: ``tools/grade.py`` on the honest demo students (instructor, blank, partial,
   mistakes, alternative) of every assignment, ``--copies`` times over, with ``--jobs`` workers (3: make grade's default on 2 cores):
   * sandboxed (the default), and
   * ``--unsafe`` (the same judge, kernels without namespaces): the sandbox's own cost.
   The judge's share (time spent running test cells in the grader, calls included) is read
   from the verdict files.

Prints seconds per submission per core, the ratios, and an extrapolation to 100 students x
3 assignments on 2 cores and to 2,000 students.  Usage: ``python tools/benchmark_grading.py
[--copies 3] [--jobs 3]`` (about 5 minutes on 2 cores).  Run it on an idle machine.
"""
import argparse
import csv
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import demo_class  # noqa: E402
import nbtools  # noqa: E402

HONEST = ("instructor", "blank", "partial", "mistakes", "alternative")
#: the chapters only: the warm-up and the quizzes are small, and the README's figures are per chapter
CHAPTERS = tuple(a for a in demo_class.ASSIGNMENTS if a not in demo_class.LIGHT_ASSIGNMENTS)


def bare_seconds():
    """Seconds per assignment to run its notebooks with nbclient in ordinary kernels (figures on)."""
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


def graded_seconds(copies, *extra, jobs=3):
    """Grade the honest demo students ``copies`` times over; return (wall, grading-only, prep, n, judge s)."""
    with tempfile.TemporaryDirectory() as tmp:
        course = demo_class.build(Path(tmp) / "demo", CHAPTERS)
        for student_dir in list((course / "submitted").iterdir()):
            if student_dir.name not in HONEST:
                shutil.rmtree(student_dir)
            else:
                for k in range(1, copies):
                    shutil.copytree(student_dir, student_dir.with_name(f"{student_dir.name}_{k}"))
        n = sum(1 for _ in (course / "submitted").glob("*/*"))
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--course", str(course),
                               "--jobs", str(jobs), *extra], check=True, capture_output=True, text=True)
        wall = time.perf_counter() - start
        prep = float(re.search(r"Prepared the workers in ([\d.]+) s", proc.stdout).group(1))
        grading = float(re.search(r"\(([\d.]+) s after preparing", proc.stdout).group(1))
        with open(course / "reports" / "timing.csv") as f:
            judge = sum(float(r["judge_seconds"] or 0) for r in csv.DictReader(f))
    return wall, grading, prep, n, judge


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=3, help="grading workers on 2 cores (make grade's default)")
    args = parser.parse_args(argv)
    bare = bare_seconds()
    bare_mean = sum(bare.values()) / len(bare)
    wall, grading, prep, n, judge = graded_seconds(args.copies, jobs=args.jobs)
    _, grading_unsafe, _, _, _ = graded_seconds(args.copies, "--unsafe", jobs=args.jobs)
    per_core = grading * 2 / n
    per_core_unsafe = grading_unsafe * 2 / n
    rows = [(f"bare nbclient execution, {a}", s) for a, s in bare.items()]
    rows += [("bare execution per submission (mean over assignments)", bare_mean),
             (f"make grade: {n} submissions, {args.jobs} workers on 2 cores, wall time", wall),
             ("  of which preparing the workers (once per run)", prep),
             ("make grade per submission per core (sandboxed)", per_core),
             ("make grade per submission per core, --unsafe (no sandbox)", per_core_unsafe),
             ("  of which the judge (test cells in the grader, calls included)", judge / n)]
    print(f"{'measure':<66}{'seconds':>10}")
    for label, value in rows:
        print(f"{label:<66}{value:>10.2f}")
    print(f"{'make grade / bare execution':<66}{per_core / bare_mean:>9.2f}x")
    print(f"{'sandbox overhead (sandboxed / unsafe)':<66}{per_core / per_core_unsafe:>9.2f}x")
    total = prep + 300 * per_core / 2
    print(f"{'100 students x 3 assignments, 2 cores (extrapolated)':<66}{total:>10.0f}  (= {total / 60:.1f} min)")
    cores = 6000 * per_core / 600
    print(f"{'2,000 students x 3 assignments in 10 minutes needs about':<66}{cores:>10.0f}  cores")


if __name__ == "__main__":
    main()
