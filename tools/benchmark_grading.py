"""How fast is grading?  ``make grade`` against bare notebook execution.

1. Bare: execute each assignment's notebooks (instructor answers filled in) with
   nbclient, one after the other: the unavoidable cost of running the code.
2. Graded: ``tools/grade.py`` on a demo class of honest submissions (instructor,
   blank, partial, mistakes, alternative; no infinite loop) with 2 workers.

Prints seconds per submission for both, the overhead ratio per core, the time
for the demo class, and an extrapolation to 100 students × 3 assignments.
Usage: ``python tools/benchmark_grading.py`` (about 5 minutes on 2 cores).
"""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import demo_class  # noqa: E402
import nbtools  # noqa: E402
import warm_kernel  # noqa: E402

HONEST = ("instructor", "blank", "partial", "mistakes", "alternative")


def bare_seconds(warm=False):
    """Seconds per assignment to run its notebooks with nbclient.

    ``warm=False``: ordinary kernels with figures, as a student's "Run All" does.
    ``warm=True``: the kernels grading uses (forked from the warm server, no figures).
    """
    if warm:
        tmp = tempfile.mkdtemp(prefix="dystonia-bench-")
        sock = str(Path(tmp) / "k.sock")
        warm_kernel.write_kernelspec(str(Path(tmp) / "jupyter"), extra_argv=warm_kernel.NO_FIGURES)
        server = warm_kernel.start_server(sock)
        saved = {k: os.environ.get(k) for k in ("JUPYTER_PATH", warm_kernel.ENV_SOCKET)}
        os.environ.update({"JUPYTER_PATH": str(Path(tmp) / "jupyter"), warm_kernel.ENV_SOCKET: sock})
        try:
            return bare_seconds(warm=False)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
            server.terminate()
            server.wait()
            shutil.rmtree(tmp, ignore_errors=True)
    per_assignment = {}
    for assignment in demo_class.ASSIGNMENTS:
        total = 0.0
        for src in sorted((ROOT / "source" / assignment).glob("*.ipynb")):
            nb = nbtools.fill_solutions(nbtools.read(ROOT / "release" / assignment / src.name),
                                        nbtools.instructor_answers(nbtools.read(src)))
            start = time.perf_counter()
            NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                           resources={"metadata": {"path": str(ROOT / "release" / assignment)}}).execute()
            total += time.perf_counter() - start
        per_assignment[assignment] = total
    return per_assignment


def graded_seconds(jobs=2, copies=2):
    """Grade ``copies`` copies of each honest demo student; return (wall, grading-only, prep, n)."""
    with tempfile.TemporaryDirectory() as tmp:
        course = demo_class.build(Path(tmp) / "demo")
        for student_dir in list((course / "submitted").iterdir()):
            if student_dir.name not in HONEST:
                shutil.rmtree(student_dir)
            else:
                for k in range(1, copies):
                    shutil.copytree(student_dir, student_dir.with_name(f"{student_dir.name}_{k}"))
        n = sum(1 for _ in (course / "submitted").glob("*/*"))
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--course", str(course),
                               "--jobs", str(jobs)], check=True, capture_output=True, text=True)
        wall = time.perf_counter() - start
        prep = float(re.search(r"Prepared \d+ workers in ([\d.]+) s", proc.stdout).group(1))
        grading = float(re.search(r"\(([\d.]+) s after preparing", proc.stdout).group(1))
        with open(course / "reports" / "summary.csv") as f:
            assert len(list(csv.DictReader(f))) == n
    return wall, grading, prep, n


def main():
    bare = bare_seconds()
    bare_mean = sum(bare.values()) / len(bare)
    warm = bare_seconds(warm=True)
    warm_mean = sum(warm.values()) / len(warm)
    wall, grading, prep, n = graded_seconds(jobs=2)
    per_core = grading * 2 / n
    print(f"{'measure':<52}{'seconds':>10}")
    for a, s in bare.items():
        print(f"{'bare nbclient execution (cold kernels), ' + a:<52}{s:>10.1f}")
    print(f"{'bare execution per submission, cold kernels (mean)':<52}{bare_mean:>10.1f}")
    print(f"{'bare execution per submission, grading kernels (mean)':<52}{warm_mean:>10.1f}")
    print(f"{f'make grade: {n} submissions, 2 workers, wall time':<52}{wall:>10.1f}")
    print(f"{'  of which preparing the workers (once per run)':<52}{prep:>10.1f}")
    print(f"{'make grade per submission per core':<52}{per_core:>10.1f}")
    print(f"{'make grade / bare execution, cold kernels':<52}{per_core / bare_mean:>10.2f}x")
    print(f"{'make grade / bare execution, same kernels as grading':<52}{per_core / warm_mean:>10.2f}x")
    total = prep + 300 * per_core / 2
    print(f"{'100 students x 3 assignments, 2 cores (extrapolated)':<52}{total:>10.0f}"
          f"  (= {total / 60:.1f} min)")


if __name__ == "__main__":
    main()
