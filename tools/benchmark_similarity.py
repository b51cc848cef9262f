"""Time reports/similarity.csv for a class: N students x the three assignments (default 110).

Each student's answer to each problem is drawn (seeded) from the instructor's solution, the
registry's alternatives and wrong answers (tests/answers/), half of them disguised as a copier
would (tools/demo_class.py's ``disguise``); the notebooks are written to a temporary course and
compared the way ``make grade`` compares them (``grader/similarity.py``'s ``write_report``,
from reading the files to writing the CSV).

    python tools/benchmark_similarity.py [--students 110] [--seed 20261201]
"""
import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
import demo_class  # noqa: E402
import nbtools  # noqa: E402
from course_utils import load_answers  # noqa: E402
from grader import similarity  # noqa: E402

ASSIGNMENTS = ("01_principles", "02_applications", "03_hands_on")


def build(course, n_students, seed):
    rng = random.Random(seed)
    notebooks = {}
    for assignment in ASSIGNMENTS:
        for src in sorted((ROOT / "source" / assignment).glob("*.ipynb")):
            release = nbtools.read(ROOT / "release" / assignment / src.name)
            instructor = nbtools.instructor_answers(nbtools.read(src))
            registry = load_answers(src.stem)
            variants = {gid: [instructor[gid]] + e["alternatives"] + [w["code"] for w in e["wrong"].values()]
                        for gid, e in registry.items()}
            for k in range(n_students):
                answers = {gid: demo_class.disguise(rng.choice(v)) if rng.random() < 0.5 else rng.choice(v)
                           for gid, v in variants.items()}
                nb = nbtools.fill_solutions(release, answers)
                folder = course / "submitted" / f"s{k:03d}" / assignment
                folder.mkdir(parents=True, exist_ok=True)
                (folder / src.name).write_text(json.dumps(nb))
                notebooks.setdefault((f"s{k:03d}", assignment), {})[src.name] = folder / src.name
    (course / "source").symlink_to(ROOT / "source")
    return notebooks


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=110)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp)
        paths = build(course, args.students, args.seed)
        t0 = time.perf_counter()
        notebooks = {key: {name: json.loads(path.read_text()) for name, path in nbs.items()}
                     for key, nbs in paths.items()}
        t_read = time.perf_counter() - t0
        flagged = similarity.write_report(course, notebooks, ROOT / "release", course / "reports")
        t_total = time.perf_counter() - t0
        rows = sum(1 for _ in open(course / "reports" / "similarity.csv")) - 1
    print(f"{args.students} students x {len(ASSIGNMENTS)} assignments ({len(paths)} submissions): "
          f"{t_total:.2f} s in all, of which {t_read:.2f} s reading the notebooks; {rows} rows, "
          f"{len(flagged)} flagged rows (these synthetic students share a few variants, so most are copies)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
