"""Botulinum toxin: dose–response, time course, spread, product units, dose planning.

Mechanism (Pirazzini et al. 2017): the heavy chain binds the nerve terminal and
is endocytosed; the light chain, a zinc endopeptidase, cleaves SNAP-25
(type A) or VAMP/synaptobrevin (type B), so acetylcholine vesicles cannot fuse
and the muscle is chemically denervated until terminals sprout and the
original synapse recovers.

The quantitative models here are course-design choices, each labelled:
an Emax (Hill) dose–response, a gamma-variate time course with its peak at
week 4 (Odergren et al. 1998) and little effect left by week 12, spread to
neighbouring muscles that decays exponentially with distance, and a
per-muscle plan evaluator with the label's limits.
"""
import math

import numpy as np
from .checks import check_array, check_number, check_option, check_positive

PRODUCTS = ("onabotulinumtoxinA", "abobotulinumtoxinA", "incobotulinumtoxinA")
ALIASES = {"botox": "onabotulinumtoxinA", "dysport": "abobotulinumtoxinA", "xeomin": "incobotulinumtoxinA"}
#: Accepted conversion ranges, units of the product per 1 onabotulinumtoxinA unit.
#: Dysport: 2-3 (3:1 in Odergren et al. 1998; reviews recommend no more than 3:1);
#: real-world ratios spread from 2:1 to 11:1 (REAL DOSE 2005).  Xeomin: 1:1.
RATIO_TO_BOTOX = {"onabotulinumtoxinA": (1.0, 1.0), "abobotulinumtoxinA": (2.0, 3.0),
                  "incobotulinumtoxinA": (1.0, 1.0)}

#: Time course (course design): no effect for LAG_DAYS, then a gamma-variate rising to a
#: peak at PEAK_DAYS (week 4, Odergren et al. 1998) and fading with SHAPE_K; with these
#: values 46 % of the peak is reached by day 14 and < 5 % remains at week 12.
LAG_DAYS = 3.0
PEAK_DAYS = 28.0
SHAPE_K = 3.0
#: Shortest interval between sessions the label advises (non-US onabotulinumtoxinA), days.
MIN_INTERVAL_DAYS = 70.0

#: Spread length constant to a neighbouring muscle, mm (course design).
SPREAD_LENGTH_MM = 10.0

#: Limits for onabotulinumtoxinA in cervical dystonia: <= 300 U per session and <= 50 U
#: per injection site (non-US label); sternocleidomastoid <= 100 U in total (US label).
SESSION_MAX_UNITS = 300.0
SITE_MAX_UNITS = 50.0
SCM_MAX_UNITS = 100.0


def canonical_product(name):
    """Full product name from a brand or generic name ('Botox' -> 'onabotulinumtoxinA')."""
    key = ALIASES.get(str(name).strip().lower(), name)
    return check_option(key, "product", PRODUCTS)


def convert_units(dose_units, from_product, to_product):
    """Convert a dose between products as an accepted range ``(low, high)``.

    Units are not interchangeable: each product's unit is defined by its own mouse
    LD50 assay.  Conversion factors are clinical consensus ranges, not constants.

    >>> convert_units(100, "botox", "dysport")
    (200.0, 300.0)
    >>> convert_units(300, "dysport", "botox")
    (100.0, 150.0)
    """
    dose = check_number(dose_units, "dose_units", low=0.0)
    src, dst = canonical_product(from_product), canonical_product(to_product)
    lo_src, hi_src = RATIO_TO_BOTOX[src]
    lo_dst, hi_dst = RATIO_TO_BOTOX[dst]
    botox_lo, botox_hi = dose / hi_src, dose / lo_src
    return (round(botox_lo * lo_dst, 9), round(botox_hi * hi_dst, 9))


def dose_response(dose_units, ed50_units=50.0, emax=1.0, hill=1.0):
    """Emax (Hill) dose–response: fraction of maximal weakening of one muscle (course design).

    >>> dose_response(50.0, ed50_units=50.0)
    0.5
    """
    d = np.asarray(dose_units, dtype=float)
    if np.any(~np.isfinite(d)) or np.any(d < 0):
        raise ValueError("dose_units must be finite and >= 0.")
    ed50 = check_positive(ed50_units, "ed50_units")
    n = check_positive(hill, "hill")
    value = emax * d ** n / (ed50 ** n + d ** n)
    return float(value) if np.ndim(value) == 0 else value


def time_course(t_days, lag_days=LAG_DAYS, peak_days=PEAK_DAYS, shape_k=SHAPE_K):
    """Relative effect (0-1, peak = 1) of one injection at ``t_days`` after it (course design).

    g(s) = (s/s_p)^k · exp(k·(1 − s/s_p)) with s = t − lag and s_p = peak − lag.

    >>> time_course(28.0)
    1.0
    >>> time_course(2.0)
    0.0
    >>> time_course(84.0) < 0.05
    True
    """
    t = np.asarray(t_days, dtype=float)
    if np.any(~np.isfinite(t)):
        raise ValueError("t_days must be finite.")
    lag = check_number(lag_days, "lag_days", low=0.0)
    peak = check_number(peak_days, "peak_days", low=lag, low_inclusive=False)
    k = check_positive(shape_k, "shape_k")
    s = np.clip(t - lag, 0.0, None) / (peak - lag)
    value = np.where(t > lag, s ** k * np.exp(k * (1.0 - s)), 0.0)
    return float(value) if np.ndim(value) == 0 else value


def effect_time_course(t_days, dose_units, ed50_units=50.0, **kwargs):
    """Effect of one injection over time: dose_response(dose) × time_course(t).

    >>> round(effect_time_course(28.0, 100.0, ed50_units=50.0), 3)
    0.667
    """
    return dose_response(dose_units, ed50_units) * time_course(t_days, **kwargs)


def repeated_effect(t_days, injection_days, dose_units, ed50_units=50.0):
    """Effect of a series of injections (superposed, capped at the Emax of 1).

    >>> round(float(repeated_effect(28.0 + 84.0, [0.0, 84.0], 100.0)), 3)  # a little left of the first
    0.669
    """
    t = check_array(np.atleast_1d(t_days), "t_days")
    days = check_array(injection_days, "injection_days")
    total = sum(effect_time_course(t - d0, dose_units, ed50_units) for d0 in days)
    out = np.minimum(total, 1.0)
    return float(out[0]) if np.ndim(t_days) == 0 else out


def interval_warnings(injection_days, min_interval_days=MIN_INTERVAL_DAYS):
    """Messages for intervals shorter than advised (more antigen exposure: antibody risk).

    >>> interval_warnings([0, 84, 140])
    ['interval 2 is 56 days (< 70): raises the risk of neutralising antibodies']
    """
    days = check_array(injection_days, "injection_days")
    gaps = np.diff(np.sort(days))
    return [f"interval {i + 1} is {g:g} days (< {min_interval_days:g}): raises the risk of neutralising antibodies"
            for i, g in enumerate(gaps) if g < min_interval_days]


def spread_fraction(distance_mm, length_mm=SPREAD_LENGTH_MM):
    """Fraction of a dose acting on a muscle ``distance_mm`` away, exp(−d/λ) (course design).

    >>> round(spread_fraction(10.0), 3)
    0.368
    """
    d = check_number(distance_mm, "distance_mm", low=0.0)
    return math.exp(-d / check_positive(length_mm, "length_mm"))


# --- cervical dystonia planning ---------------------------------------------------
#: Per-muscle onabotulinumtoxinA ranges (U) and ED50s for the effect model.  The ranges
#: are illustrative of published pattern-based guides (not a label), the ED50s a course
#: design that makes bigger muscles need more toxin.
MUSCLES = {
    "sternocleidomastoid_left": {"min": 25, "max": 100, "ed50": 30, "sites": 2},
    "sternocleidomastoid_right": {"min": 25, "max": 100, "ed50": 30, "sites": 2},
    "splenius_capitis_left": {"min": 25, "max": 100, "ed50": 45, "sites": 3},
    "splenius_capitis_right": {"min": 25, "max": 100, "ed50": 45, "sites": 3},
    "levator_scapulae_left": {"min": 25, "max": 100, "ed50": 35, "sites": 2},
    "levator_scapulae_right": {"min": 25, "max": 100, "ed50": 35, "sites": 2},
    "trapezius_left": {"min": 25, "max": 100, "ed50": 50, "sites": 3},
    "trapezius_right": {"min": 25, "max": 100, "ed50": 50, "sites": 3},
    "scalenes_left": {"min": 15, "max": 50, "ed50": 20, "sites": 1},
    "scalenes_right": {"min": 15, "max": 50, "ed50": 20, "sites": 1},
}


def cervical_scenario(involvement):
    """A planning scenario from EMG involvement per muscle (0 = silent, 1 = maximal).

    Muscles with involvement >= 0.5 are *required* (must be injected at least their
    minimum); muscles with involvement 0 must not be injected.
    """
    if not isinstance(involvement, dict) or not involvement:
        raise ValueError("involvement must be a non-empty dict {muscle: 0-1}.")
    inv = {}
    for m, w in involvement.items():
        check_option(m, "muscle", tuple(MUSCLES))
        inv[m] = check_number(w, f"involvement[{m}]", low=0.0, high=1.0)
    return {"involvement": inv, "session_max": SESSION_MAX_UNITS, "site_max": SITE_MAX_UNITS,
            "scm_max": SCM_MAX_UNITS, "muscles": {m: dict(MUSCLES[m]) for m in inv}}


def predicted_improvement(plan_totals, scenario):
    """Predicted improvement, % of the maximum possible: Σ wₘ·E(Dₘ)/Σ wₘ × 100."""
    inv = scenario["involvement"]
    weight = sum(inv.values())
    if weight <= 0:
        return 0.0
    gain = sum(w * dose_response(plan_totals.get(m, 0.0), scenario["muscles"][m]["ed50"]) for m, w in inv.items())
    return 100.0 * gain / weight


def _site_doses(value, muscle):
    if isinstance(value, (list, tuple, np.ndarray)):
        doses = [check_number(v, f"plan[{muscle}] site dose", low=0.0) for v in value]
    else:
        doses = [check_number(value, f"plan[{muscle}]", low=0.0)]
    return doses


def evaluate_plan(plan, scenario):
    """Check a plan against the scenario's limits and predict its effect.

    Parameters
    ----------
    plan : dict
        ``{muscle: units}`` (one injection site) or ``{muscle: [units per site, ...]}``,
        onabotulinumtoxinA units.
    scenario : dict
        From :func:`cervical_scenario`.

    Returns
    -------
    dict
        ``feasible``, ``violations`` (list of str), ``totals`` ({muscle: U}),
        ``total_units``, ``predicted_improvement`` (% of maximum).
    """
    if not isinstance(plan, dict):
        raise ValueError(f"plan must be a dict {{muscle: units}}; got {type(plan).__name__}.")
    violations, totals = [], {}
    for muscle, value in plan.items():
        if muscle not in MUSCLES:
            raise ValueError(f"unknown muscle {muscle!r}; allowed: {', '.join(MUSCLES)}.")
        doses = _site_doses(value, muscle)
        totals[muscle] = float(sum(doses))
        if any(d > scenario["site_max"] for d in doses):
            violations.append(f"{muscle}: a site gets more than {scenario['site_max']:g} U")
        info = MUSCLES[muscle]
        if len([d for d in doses if d > 0]) > info["sites"]:
            violations.append(f"{muscle}: more than {info['sites']} injection sites")
        if totals[muscle] > info["max"]:
            violations.append(f"{muscle}: {totals[muscle]:g} U exceeds its maximum of {info['max']} U")
    inv = scenario["involvement"]
    for muscle, w in inv.items():
        got = totals.get(muscle, 0.0)
        if w >= 0.5 and got < MUSCLES[muscle]["min"]:
            violations.append(f"{muscle} is clearly involved (EMG) but gets {got:g} U (< {MUSCLES[muscle]['min']} U)")
    for muscle, got in totals.items():
        if got > 0 and inv.get(muscle, 0.0) == 0.0:
            violations.append(f"{muscle} is not involved and must not be injected")
    scm = sum(v for m, v in totals.items() if m.startswith("sternocleidomastoid"))
    if scm > scenario["scm_max"]:
        violations.append(f"sternocleidomastoid total {scm:g} U exceeds {scenario['scm_max']:g} U (dysphagia risk)")
    total = float(sum(totals.values()))
    if total > scenario["session_max"]:
        violations.append(f"session total {total:g} U exceeds {scenario['session_max']:g} U")
    return {"feasible": not violations, "violations": violations, "totals": totals,
            "total_units": total, "predicted_improvement": predicted_improvement(totals, scenario)}


def default_scenario():
    """Left torticollis (chin turned to the left): right SCM and left splenius drive it (illustrative)."""
    return cervical_scenario({
        "sternocleidomastoid_right": 0.9, "splenius_capitis_left": 1.0, "levator_scapulae_left": 0.6,
        "trapezius_right": 0.3, "sternocleidomastoid_left": 0.0, "splenius_capitis_right": 0.0,
        "scalenes_right": 0.2,
    })


