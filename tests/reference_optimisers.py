"""Reference optimisers for chapter 3's open problems (kept out of ``helpers``).

Students get the course's *evaluators* (``botulinum.evaluate_plan``,
``dbs.evaluate_settings``); the optimisers that find the best achievable
value live here, so no graded answer is one call into ``helpers``.  The
hidden tests hold the optimum values as literals; ``tests/test_reference_values.py``
checks that those literals still match these optimisers.
"""
import math

import numpy as np
from scipy.optimize import minimize

from helpers import botulinum, dbs
from helpers.botulinum import MUSCLES, evaluate_plan, dose_response  # noqa: F401
from helpers.checks import check_number
from helpers.dbs import activation_radius_mm, sphere_overlap_fraction, default_scenario, _side_effect_distances


def reference_plan(scenario):
    """The plan that maximises predicted improvement under the limits (SLSQP optimiser).

    Returns
    -------
    tuple
        ``(plan, predicted_improvement)``; the plan gives each muscle a list of
        equal site doses, rounded down to 0.5 U.
    """
    names = [m for m, w in scenario["involvement"].items() if w > 0]
    w = np.array([scenario["involvement"][m] for m in names])
    ed50 = np.array([MUSCLES[m]["ed50"] for m in names], dtype=float)
    lo = np.array([MUSCLES[m]["min"] if scenario["involvement"][m] >= 0.5 else 0.0 for m in names], dtype=float)
    hi = np.array([min(MUSCLES[m]["max"], MUSCLES[m]["sites"] * scenario["site_max"]) for m in names], dtype=float)
    scm = np.array([m.startswith("sternocleidomastoid") for m in names], dtype=float)

    def negative_gain(x):
        return -float(np.sum(w * x / (ed50 + x)))

    def gradient(x):
        return -(w * ed50 / (ed50 + x) ** 2)

    cons = [{"type": "ineq", "fun": lambda x: scenario["session_max"] - np.sum(x), "jac": lambda x: -np.ones_like(x)},
            {"type": "ineq", "fun": lambda x: scenario["scm_max"] - scm @ x, "jac": lambda x: -scm}]
    x0 = lo + 0.5 * (hi - lo) * min(1.0, (scenario["session_max"] - lo.sum()) / max((hi - lo).sum(), 1e-9))
    res = minimize(negative_gain, x0, jac=gradient, bounds=list(zip(lo, hi)), constraints=cons, method="SLSQP",
                   options={"ftol": 1e-10, "maxiter": 200})
    plan = {}
    for m, dose in zip(names, res.x):
        n = MUSCLES[m]["sites"]
        per_site = math.floor(max(dose, 0.0) / n * 2) / 2.0
        plan[m] = [per_site] * n
    return plan, evaluate_plan(plan, scenario)["predicted_improvement"]



def _grid(scenario, amp_step=0.02, pw_step=5.0):
    amps = np.arange(scenario["amplitude_range_mA"][0], scenario["amplitude_range_mA"][1] + 1e-9, amp_step)
    pws = np.arange(scenario["pulse_width_range_us"][0], scenario["pulse_width_range_us"][1] + 1e-9, pw_step)
    return np.meshgrid(amps, pws, indexing="ij")


def reference_settings(scenario=None, coverage_fraction=0.9):
    """Reference optimum by exhaustive grid search (amplitude step 0.02 mA, pulse width step 5 µs).

    Finds the best feasible coverage C* over all contacts, then, among feasible settings
    with coverage >= ``coverage_fraction``·C*, the one with the least TEED (frequency at
    the lower end of the therapeutic range, since coverage does not depend on it here).

    Returns
    -------
    dict
        ``settings`` (dict), ``best_coverage`` (C*), ``coverage``, ``teed_uJ_per_s``.
    """
    scenario = default_scenario() if scenario is None else scenario
    frac = check_number(coverage_fraction, "coverage_fraction", low=0.0, high=1.0)
    amp, pw = _grid(scenario)
    freq = scenario["frequency_range_hz"][0]
    radius = activation_radius_mm(amp, pw)
    density = amp * pw * 1e-3 / scenario["area_cm2"]
    tx, tz = scenario["target_center_mm"]
    per_contact = []
    for c, z in enumerate(scenario["contact_z_mm"]):
        capsule, optic = _side_effect_distances(scenario, c)
        ok = (density <= scenario["limit_uC_per_cm2"]) & (radius <= capsule) & (radius <= optic)
        cov = sphere_overlap_fraction(radius, scenario["target_radius_mm"], math.hypot(tx, tz - z))
        teed = (amp * 1e-3) ** 2 * scenario["impedance_ohm"][c] * freq * pw * 1e-6 * 1e6
        per_contact.append((ok, cov, teed))
    best = max(float(np.max(np.where(ok, cov, 0.0))) for ok, cov, _ in per_contact)
    choice = None
    for c, (ok, cov, teed) in enumerate(per_contact):
        good = ok & (cov >= frac * best)
        if np.any(good):
            idx = np.unravel_index(np.argmin(np.where(good, teed, np.inf)), teed.shape)
            if choice is None or teed[idx] < choice[0]:
                choice = (float(teed[idx]), c, float(amp[idx]), float(pw[idx]), float(cov[idx]))
    teed_min, c, a, p, cov = choice
    settings = {"contact": c, "amplitude_mA": round(a, 3), "pulse_width_us": p, "frequency_hz": freq}
    return {"settings": settings, "best_coverage": best, "coverage": cov, "teed_uJ_per_s": teed_min}


