"""How long does each chapter take to run top to bottom, against the floor (kernel start + imports)?

For each instructor notebook (solutions in place, as a reader who solved it runs it):

* floor: start a fresh kernel and run only the set-up cell (imports, style);
* total: start a fresh kernel and run every cell, figures and explorers included.

The course's budget is total <= 2 x floor.  Also reports the time *Validate* takes (a fresh
kernel and every cell except those tagged ``display-only``, as nbgrader's Validate runs).
Usage: ``python tools/benchmark_notebooks.py [--repeats 3] [NAME ...]``.  Run it on an idle
machine: the figures go into docs/developing.md (Benchmarks).
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import nbtools  # noqa: E402


def _run(nb, cwd, skip_tag=None):
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(cwd)}})
    if skip_tag:
        client.skip_cells_with_tag = skip_tag
    client.execute()
    return time.perf_counter() - start


def measure(path, repeats):
    source = nbtools.read(path)
    solved = nbtools.fill_solutions(nbtools.read(ROOT / "release" / path.parent.name / path.name),
                                    nbtools.instructor_answers(source))
    setup = [c for c in solved.cells if (nbtools.grade_id(c) or "").endswith("_setup")]
    floor_nb = nbtools.new_notebook(setup)
    cwd = ROOT / "release" / path.parent.name
    floors, totals, validates = [], [], []
    for _ in range(repeats):
        floors.append(_run(nbtools.read_copy(floor_nb), cwd))
        totals.append(_run(nbtools.read_copy(solved), cwd))
        validates.append(_run(nbtools.read_copy(solved), cwd, skip_tag="display-only"))
    return statistics.median(floors), statistics.median(totals), statistics.median(validates)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("names", nargs="*", help="notebook stems (default: all)")
    args = parser.parse_args(argv)
    paths = sorted((ROOT / "source").glob("*/*.ipynb"))
    if args.names:
        paths = [p for p in paths if p.stem in args.names or any(n in p.stem for n in args.names)]
    print(f"{'notebook':<32}{'floor s':>9}{'total s':>9}{'ratio':>7}{'validate s':>12}  budget (total <= 2 x floor)")
    worst = 0.0
    for path in paths:
        floor, total, validate = measure(path, args.repeats)
        ratio = total / floor
        worst = max(worst, ratio)
        print(f"{path.stem:<32}{floor:>9.2f}{total:>9.2f}{ratio:>7.2f}{validate:>12.2f}  {'ok' if ratio <= 2 else 'OVER'}")
    return 0 if worst <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
