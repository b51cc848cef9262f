"""Reference optimisers for chapter 3's open problems (kept out of ``helpers``).

Students get the course's *evaluators* (``botulinum.evaluate_plan``, whose score is
``net_benefit``,
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


def reference_plan(scenario, n_starts=12):
    """The plan that maximises the net benefit under the limits (multi-start SLSQP over muscle subsets).

    The objective is ``botulinum.net_benefit``: predicted improvement minus the weighted
    dysphagia and neck-weakness risks.  A muscle gets 0 U or at least its minimum, so every
    subset of the optional muscles is tried with its injected muscles bounded below by their
    minimums; the constraints are the session limit, the SCM limit (halved when both SCMs are
    injected) and the dysphagia ceiling.  The objective is not concave (the weakness term is a
    Hill curve of the total dose), so each subset runs from several starts.

    Returns
    -------
    tuple
        ``(plan, net_benefit)``; the plan gives each muscle a list of equal site doses,
        rounded down to 0.5 U (``(None, -inf)`` when no plan keeps the limits).
    """
    inv = scenario["involvement"]
    required = [m for m, w in inv.items() if w >= 0.5]
    optional = [m for m, w in inv.items() if 0 < w < 0.5]
    ceiling = scenario.get("dysphagia_ceiling", botulinum.DYSPHAGIA_CEILING)
    rng = np.random.default_rng(0)
    best_plan, best_score = None, -np.inf
    for mask in range(2 ** len(optional)):
        use = required + [m for k, m in enumerate(optional) if mask >> k & 1]
        if not use:
            continue
        lo = np.array([MUSCLES[m]["min"] for m in use], dtype=float)
        hi = np.array([min(MUSCLES[m]["max"], MUSCLES[m]["sites"] * scenario["site_max"]) for m in use], dtype=float)
        scm = np.array([m.startswith("sternocleidomastoid") for m in use], dtype=float)
        scm_limit = botulinum.scm_limit_units(scenario, int(scm.sum()))

        def negative_score(x, use=use):
            return -botulinum.net_benefit(dict(zip(use, np.clip(x, 0.0, None))), scenario)

        def dysphagia_margin(x, use=use):
            return ceiling - botulinum.adverse_effect_risk(dict(zip(use, np.clip(x, 0.0, None))))["dysphagia"]

        cons = [{"type": "ineq", "fun": lambda x: scenario["session_max"] - np.sum(x)},
                {"type": "ineq", "fun": lambda x, scm=scm, limit=scm_limit: limit - scm @ x},
                {"type": "ineq", "fun": dysphagia_margin}]
        starts = [lo.copy(), lo + 0.25 * (hi - lo)] + [lo + rng.random(lo.size) * 0.6 * (hi - lo)
                                                      for _ in range(n_starts)]
        for x0 in starts:
            res = minimize(negative_score, x0, bounds=list(zip(lo, hi)), constraints=cons, method="SLSQP",
                           options={"ftol": 1e-10, "maxiter": 300})
            plan = {}
            for m, dose in zip(use, res.x):
                n = MUSCLES[m]["sites"]
                per_site = math.floor(max(dose, 0.0) / n * 2) / 2.0
                plan[m] = [max(per_site, math.ceil(MUSCLES[m]["min"] / n * 2) / 2.0)] * n
            ev = evaluate_plan(plan, scenario)
            if ev["feasible"] and ev["net_benefit"] > best_score:
                best_plan, best_score = plan, ev["net_benefit"]
    return best_plan, best_score


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


