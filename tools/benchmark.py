"""Time every explorer (simulate + draw + PNG encode) and the heavy simulators.

Usage: ``make benchmark`` or ``python tools/benchmark.py [--repeats N]``.

Prints the median and 90th-percentile wall time per explorer update, as the
notebook's inline backend does it (the view draws a figure, then the figure is
encoded to PNG), and flags anything over the 100 ms budget.  Speed is
measured here, never in unit tests.
"""
import argparse
import importlib
import io
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGET_MS = 100.0


def _time(func, repeats):
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000.0)
    samples.sort()
    return statistics.median(samples), samples[int(0.9 * (len(samples) - 1))]


def explorer_rows(repeats):
    from helpers import explorers
    from helpers.explorers import base
    for topic in explorers.TOPICS:
        try:
            importlib.import_module(f"helpers.explorers.{topic}")
        except ModuleNotFoundError as exc:
            if exc.name != f"helpers.explorers.{topic}":
                raise
    rows = []
    for name, (view, defaults) in sorted(base.REGISTRY.items()):
        def update(view=view, defaults=defaults):
            fig = view(**defaults)
            fig.canvas.draw()
            plt.close(fig)

        def update_png(view=view, defaults=defaults):
            fig = view(**defaults)
            fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
            plt.close(fig)
        update()  # warm-up: imports, caches, font loading
        median, p90 = _time(update, repeats)
        png_median, _ = _time(update_png, max(3, repeats // 3))
        rows.append((f"explorer {name}", median, p90, png_median))
    return rows


def simulator_rows(repeats):
    """Heavy simulators listed by the science modules in ``BENCHMARKS`` (name -> callable)."""
    import helpers
    rows = []
    for module_name in helpers.MODULES:
        if module_name in ("plots", "explorers", "checks", "grading"):
            continue
        try:
            module = importlib.import_module(f"helpers.{module_name}")
        except ModuleNotFoundError:
            continue
        for name, func in getattr(module, "BENCHMARKS", {}).items():
            func()
            rows.append((f"{module_name}.{name}", *_time(func, max(3, repeats // 3))))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    rows = explorer_rows(args.repeats)
    sim_rows = simulator_rows(args.repeats)
    width = max([len(r[0]) for r in rows + sim_rows] + [10])
    print("Explorer update = simulate + draw the figure (the budget); '+PNG' adds the inline")
    print("backend's PNG encoding with bbox_inches='tight', as a browser sees it.\n")
    print(f"{'update':<{width}}  {'median ms':>9}  {'p90 ms':>7}  {'+PNG ms':>7}  budget")
    over = 0
    for name, median, p90, png in rows:
        flag = "ok" if median <= BUDGET_MS else "OVER"
        over += flag == "OVER"
        print(f"{name:<{width}}  {median:9.1f}  {p90:7.1f}  {png:7.1f}  {flag}")
    if sim_rows:
        print()
        print(f"{'heavy simulator':<{width}}  {'median ms':>9}  {'p90 ms':>7}")
        for name, median, p90 in sim_rows:
            print(f"{name:<{width}}  {median:9.1f}  {p90:7.1f}")
    print(f"\n{len(rows)} explorers, {over} over the {BUDGET_MS:.0f} ms budget.")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
