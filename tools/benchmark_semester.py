"""A semester at full size on this machine: 110 students through the hub's exchange, graded and returned.

As root: ``python tools/benchmark_semester.py [--students 110]``.  It builds a throw-away hub
site (Unix users ``dh<hex>...``, removed afterwards) and runs ``tests/hub/semester.py``: every
student fetches and submits the three chapters as their own Unix user through the exchange
(no JupyterHub servers), the instructor collects, runs ``make grade`` and ``make feedback`` and
releases the feedback in the formgrader's terminal, every student fetches theirs.  It then
checks every score, the late hours, the tricks and who can read which feedback, prints the
time of each phase and writes them to ``tests/artifacts/hub/semester_full.json``.  Exit status
1 when anything differs from what the models say.  Takes about half an hour on 2 cores (the
grading alone is the README's ``make grade`` figure).
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT / "tests" / "hub", ROOT / "tests", ROOT / "tools"):
    sys.path.insert(0, str(extra))

import semester as sem  # noqa: E402
from hub_site import ARTIFACTS, skip_reason  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=110)
    args = parser.parse_args(argv)
    reason = skip_reason()
    if reason:
        raise SystemExit(f"cannot run the hub here: {reason}")
    semester, result = sem.run(args.students, label="semester-full")
    try:
        problems = sem.check(semester, result) + sem.feedback_problems(semester, result)
    finally:
        semester.close()
    data = sem.write_timings(ARTIFACTS / "semester_full.json", result, args.students)
    print(f"{'phase':<24}{'seconds':>10}")
    for name, seconds in sorted(data["timings"].items(), key=lambda kv: kv[0]):
        print(f"{name:<24}{seconds:>10.1f}")
    for kind, stats in data["student_actions_s"].items():
        print(f"{kind + ' per student':<24}{stats['median']:>10.2f}  median, max {stats['max']:.2f} ({stats['n']} runs)")
    submissions = len(result["summary"])
    print(f"\n{args.students} students, {submissions} submissions graded; make grade "
          f"{data['timings'].get('make_grade_s', float('nan')):.0f} s")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for line in problems[:100]:
            print("  " + line)
        return 1
    print("Every score, late hour, trick and feedback as expected.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
