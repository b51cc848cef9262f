"""Time every explorer (simulate + draw, and the explorer's whole update) and the heavy simulators.

Usage: ``make benchmark`` or ``python tools/benchmark.py [--repeats N]``.

For each registered explorer view it prints the median and 90th-percentile wall
time of *simulate + draw* (the view builds its figure and it is drawn once), and
the median of an *explorer update* as the widget does it in the kernel
(:func:`helpers.explorers.base.render` with the explorer's fixed box and cached
static layer, ending in the PNG inside the ``<figure>`` markup).  The update is
flagged over 150 ms, the kernel's share of the 250 ms budget from a control
change to the new image that tests/browser measures in Chromium.  Speed is
measured here, never in unit tests.
"""
import argparse
import importlib
import os
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGET_MS = 150.0   # kernel share of the 250 ms change-to-image budget


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

        layers = base.Layers()
        _, bbox = base.render(view, defaults, layers=layers)   # the explorer's first image

        def explorer_update(view=view, defaults=defaults, bbox=bbox, layers=layers):
            base.render(view, defaults, bbox, layers=layers)
        update()  # warm-up: imports, caches, font loading
        median, p90 = _time(update, repeats)
        png_median, _ = _time(explorer_update, max(3, repeats // 3))
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
    print("'simulate+draw' = the view builds its figure and it is drawn; 'update' = what the explorer")
    print("does per control change in the kernel (fixed box, cached static layer, PNG in <figure>).")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs\n")
    print(f"{'explorer':<{width}}  {'sim+draw':>9}  {'p90 ms':>7}  {'update':>7}  budget {BUDGET_MS:.0f} ms")
    over = 0
    for name, median, p90, png in rows:
        flag = "ok" if png <= BUDGET_MS else "OVER"
        over += flag == "OVER"
        print(f"{name:<{width}}  {median:9.1f}  {p90:7.1f}  {png:7.1f}  {flag}")
    if sim_rows:
        print()
        print(f"{'heavy simulator':<{width}}  {'median ms':>9}  {'p90 ms':>7}")
        for name, median, p90 in sim_rows:
            print(f"{name:<{width}}  {median:9.1f}  {p90:7.1f}")
    print(f"\n{len(rows)} explorers, {over} updates over the {BUDGET_MS:.0f} ms kernel budget.")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
