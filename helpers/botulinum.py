"""Botulinum toxin: dose–response, time course, spread, product units, dose planning.

Mechanism (Pirazzini et al. 2017): the heavy chain binds the nerve terminal and
is endocytosed; the light chain, a zinc endopeptidase, cleaves SNAP-25
(type A) or VAMP/synaptobrevin (type B), so acetylcholine vesicles cannot fuse
and the muscle is chemically denervated until terminals sprout and the
original synapse recovers.

The quantitative models here are course-design choices, each labelled:
an Emax (Hill) dose–response; a rise–plateau–fall time course calibrated to
Odergren et al. (1998) and the onabotulinumtoxinA label; spread to
neighbouring muscles that decays exponentially with distance; and a plan
evaluator that weighs predicted benefit against the dose-dependent risks of
dysphagia and neck weakness measured by Poewe et al. (1998).

Time course, the landmarks it is fitted to:

- Odergren et al. (1998; 73 patients, Tsui score): improvement at week 2 was
  46 % (Dysport) and 37 % (Botox), at the week-4 peak 49 % and 44 %, so week 2
  already gives 84-94 % of the week-4 effect; time to re-treatment was 81-84
  days (83.9 ± 13.6 and 80.7 ± 14.4).
- The US onabotulinumtoxinA label: improvement within the first two weeks,
  maximum benefit at about six weeks, most patients back to their
  pre-treatment state by three months.

The curve is zero for a short lag, rises as the first half of a
gamma-variate to its maximum at ``peak_days`` (default day 21), stays there
for ``plateau_days`` (default to day 42, the label's week 6) and falls as the
second half of the same gamma-variate.  The default patient reaches 86 % of
the maximum on day 14 and falls below a quarter of it on day 79 (week 11.3).
Real patients differ: some wear off by week 8 (Evidente & Pappert 2014), the
tail of the distribution rather than the typical patient.

Adverse effects (Poewe et al. 1998, toxin-naive rotational torticollis,
Dysport 0/250/500/1000 U, converted here at 3 Dysport U per Botox U):
dysphagia 10/21/29/39 % and neck weakness 0/11/12/56 % of patients.  The
excess over placebo is fitted by an Emax curve of the sternocleidomastoid
(SCM) dose for dysphagia and a Hill curve of the total dose for neck
weakness.  The label adds that bilateral SCM injection and a small neck mass
raise the dysphagia risk; the factor used for bilateral SCM is course design.
"""
import math

import numpy as np
from .checks import as_generator, check_array, check_number, check_option, check_positive

PRODUCTS = ("onabotulinumtoxinA", "abobotulinumtoxinA", "incobotulinumtoxinA")
ALIASES = {"botox": "onabotulinumtoxinA", "dysport": "abobotulinumtoxinA", "xeomin": "incobotulinumtoxinA"}
#: Accepted conversion ranges, units of the product per 1 onabotulinumtoxinA unit.
#: Dysport: 2-3 (3:1 in Odergren et al. 1998; reviews recommend no more than 3:1);
#: real-world ratios spread from 2:1 to 11:1 (REAL DOSE 2005).  Xeomin: 1:1.
RATIO_TO_BOTOX = {"onabotulinumtoxinA": (1.0, 1.0), "abobotulinumtoxinA": (2.0, 3.0),
                  "incobotulinumtoxinA": (1.0, 1.0)}

#: Time course (course design, fitted to Odergren et al. 1998 and the US label): no
#: effect for LAG_DAYS, a gamma-variate rise to the maximum at PEAK_DAYS, a plateau of
#: PLATEAU_DAYS, then the falling half of the same gamma-variate.  With these values
#: day 14 gives 0.86 of the maximum (Odergren: 0.84-0.94 of week 4), the plateau covers
#: weeks 3-6 (Odergren's week-4 peak, the label's week-6 maximum) and the effect falls
#: below 0.25 on day 79 (Odergren re-treatment at 81-84 days; label: baseline by 3 months).
LAG_DAYS = 3.0
PEAK_DAYS = 21.0
SHAPE_K = 1.5
PLATEAU_DAYS = 21.0
#: Shortest interval between sessions the label advises (non-US onabotulinumtoxinA), days.
MIN_INTERVAL_DAYS = 70.0

#: Spread length constant to a neighbouring muscle, mm (course design).
SPREAD_LENGTH_MM = 10.0

#: Limits for onabotulinumtoxinA in cervical dystonia: <= 300 U per session and <= 50 U
#: per injection site (non-US label).  The US label's SCM sentence is advice: "limiting the
#: dose injected into the sternocleidomastoid muscle to 100 Units or less may decrease the
#: occurrence of dysphagia"; the UK SmPC is reported to state it as a limit (wording not
#: re-checked here).  The course uses it as a hard limit.
SESSION_MAX_UNITS = 300.0
SITE_MAX_UNITS = 50.0
SCM_MAX_UNITS = 100.0
#: When both SCMs are injected the SCM limit is multiplied by this factor: the US label's
#: dosing table halves the SCM dose in anterocollis, and bilateral SCM injection raises the
#: dysphagia risk (course design: the halving applies to any plan that injects both SCMs).
BILATERAL_SCM_LIMIT_FACTOR = 0.5
#: A plan whose predicted excess dysphagia risk is above this fraction is not acceptable
#: (course design, near the 19 % dysphagia of the US label's pivotal study, median 236 U):
#: the harm weight alone would trade any amount of dysphagia for benefit.
DYSPHAGIA_CEILING = 0.20
#: First session of a toxin-naive patient: at most 200 U (UK SmPC for onabotulinumtoxinA,
#: "not more than 200 Units ... for the first course of therapy"; wording from memory, to be
#: re-checked), then titration at follow-up.  Odergren's experienced patients averaged
#: 152 ± 45 U (range 70-240).
NAIVE_SESSION_MAX_UNITS = 200.0

#: Adverse-effect model (fitted to Poewe et al. 1998, Table 2; Dysport converted at 3:1).
#: Dysphagia, excess over placebo: DYSPHAGIA_MAX · A / (DYSPHAGIA_A50_UNITS + A) with A the
#: SCM + scalene units (anterior neck, next to the pharynx); fits 11/19/29 % at 25/50/100 U.
DYSPHAGIA_MAX = 0.63
DYSPHAGIA_A50_UNITS = 116.0
#: Bilateral SCM injection raises dysphagia risk (US label, no number given): factor is
#: course design.
BILATERAL_SCM_FACTOR = 1.5
#: Neck weakness, excess over placebo: T^n / (T50^n + T^n) of the total units T; fits
#: 3/15/55 % at 83/167/333 U (observed 11/12/56 %).
NECK_WEAKNESS_T50_UNITS = 310.0
NECK_WEAKNESS_HILL = 2.8
#: Net benefit = predicted improvement (% of the maximum) − HARM_WEIGHT × (dysphagia +
#: neck-weakness risk, in %).  Course design: one percentage point of adverse-effect risk
#: costs half a point of benefit; with it the best plan for the default scenario uses about
#: 165 U, between Odergren's mean (152 U) and the label's median (236 U).  Below the
#: DYSPHAGIA_CEILING the weight makes risk cheap; patients and injectors usually accept far
#: less dysphagia than such a trade-off would.
HARM_WEIGHT = 0.5


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
    ed50 = check_positive(ed50_units, "ed50_units")
    n = check_positive(hill, "hill")
    if isinstance(dose_units, (int, float)) and not isinstance(dose_units, bool):   # scalar fast path (plans)
        if not (math.isfinite(dose_units) and dose_units >= 0):
            raise ValueError("dose_units must be finite and >= 0.")
        d = float(dose_units)
        return float(emax * d ** n / (ed50 ** n + d ** n)) if d > 0 else 0.0
    d = np.asarray(dose_units, dtype=float)
    if np.any(~np.isfinite(d)) or np.any(d < 0):
        raise ValueError("dose_units must be finite and >= 0.")
    value = emax * d ** n / (ed50 ** n + d ** n)
    return float(value) if np.ndim(value) == 0 else value


def _gamma_variate(x, k):
    """(x)^k · exp(k(1 − x)) for x >= 0: 0 at 0, maximum 1 at x = 1 with zero slope."""
    return np.where(x > 0, np.clip(x, 0.0, None) ** k * np.exp(k * (1.0 - x)), 0.0)


def time_course(t_days, lag_days=LAG_DAYS, peak_days=PEAK_DAYS, shape_k=SHAPE_K, plateau_days=PLATEAU_DAYS):
    """Relative effect (0-1, maximum = 1) of one injection at ``t_days`` after it (course design).

    With s = t − lag and s_p = peak − lag, and g(x) = x^k · exp(k(1 − x)):

    - rise, t <= peak: g(s/s_p);
    - plateau, peak < t <= peak + plateau_days: 1;
    - fall, later: g((s − plateau_days)/s_p).

    g has zero slope at its maximum, so the joins are smooth.  Smaller ``shape_k``
    means a faster rise and a slower fall.  The defaults are fitted to Odergren et
    al. (1998) and the US label (see the module docstring); ``plateau_days=0`` gives
    the plain gamma-variate.

    Parameters
    ----------
    t_days : float or array
        Days since the injection.
    lag_days : float, optional, default: LAG_DAYS
        Days with no effect.
    peak_days : float, optional, default: PEAK_DAYS
        Day the maximum is first reached (> lag_days).
    shape_k : float, optional, default: SHAPE_K
        Shape of the rise and the fall (> 0).
    plateau_days : float, optional, default: PLATEAU_DAYS
        Days the maximum lasts (>= 0).

    Examples
    --------
    >>> time_course(21.0), time_course(42.0)
    (1.0, 1.0)
    >>> time_course(2.0)
    0.0
    >>> 0.84 <= time_course(14.0) / time_course(28.0) <= 0.94   # Odergren et al. 1998
    True
    >>> time_course(78.0) > 0.25 > time_course(79.0)
    True
    """
    t = np.asarray(t_days, dtype=float)
    if np.any(~np.isfinite(t)):
        raise ValueError("t_days must be finite.")
    lag = check_number(lag_days, "lag_days", low=0.0)
    peak = check_number(peak_days, "peak_days", low=lag, low_inclusive=False)
    k = check_positive(shape_k, "shape_k")
    plateau = check_number(plateau_days, "plateau_days", low=0.0)
    scale = peak - lag
    s = t - lag
    value = np.where(t <= peak, _gamma_variate(s / scale, k),
                     np.where(t <= peak + plateau, 1.0, _gamma_variate((s - plateau) / scale, k)))
    value = np.where(t > lag, value, 0.0)
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
    0.688
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
#: design that makes bigger muscles need more toxin.  A muscle that is injected at all gets
#: at least its minimum (no trace doses); the SCM minimum is 15 U so that both SCMs can be
#: injected within the halved limit and the dysphagia ceiling.
MUSCLES = {
    "sternocleidomastoid_left": {"min": 15, "max": 100, "ed50": 30, "sites": 2},
    "sternocleidomastoid_right": {"min": 15, "max": 100, "ed50": 30, "sites": 2},
    "splenius_capitis_left": {"min": 25, "max": 100, "ed50": 45, "sites": 3},
    "splenius_capitis_right": {"min": 25, "max": 100, "ed50": 45, "sites": 3},
    "levator_scapulae_left": {"min": 25, "max": 100, "ed50": 35, "sites": 2},
    "levator_scapulae_right": {"min": 25, "max": 100, "ed50": 35, "sites": 2},
    "trapezius_left": {"min": 25, "max": 100, "ed50": 50, "sites": 3},
    "trapezius_right": {"min": 25, "max": 100, "ed50": 50, "sites": 3},
    "scalenes_left": {"min": 15, "max": 50, "ed50": 20, "sites": 1},
    "scalenes_right": {"min": 15, "max": 50, "ed50": 20, "sites": 1},
}


def cervical_scenario(involvement, *, toxin_naive=False, harm_weight=HARM_WEIGHT):
    """A planning scenario from EMG involvement per muscle (0 = silent, 1 = maximal).

    Muscles with involvement >= 0.5 are *required* (must be injected at least their
    minimum); muscles with involvement 0 must not be injected; the others are optional,
    and an optional muscle that is injected gets at least its minimum too.  The limits
    (:func:`evaluate_plan`): ``session_max``, ``site_max``, ``scm_max`` (halved when both
    SCMs are injected) and ``dysphagia_ceiling``.

    Parameters
    ----------
    involvement : dict
        ``{muscle: 0-1}`` for muscles of :data:`MUSCLES`.
    toxin_naive : bool, optional, default: False
        First session ever: the session limit drops to NAIVE_SESSION_MAX_UNITS (200 U).
    harm_weight : float, optional, default: HARM_WEIGHT
        Points of benefit lost per percentage point of adverse-effect risk (>= 0).
    """
    if not isinstance(involvement, dict) or not involvement:
        raise ValueError("involvement must be a non-empty dict {muscle: 0-1}.")
    inv = {}
    for m, w in involvement.items():
        check_option(m, "muscle", tuple(MUSCLES))
        inv[m] = check_number(w, f"involvement[{m}]", low=0.0, high=1.0)
    weight = check_number(harm_weight, "harm_weight", low=0.0)
    return {"involvement": inv,
            "session_max": NAIVE_SESSION_MAX_UNITS if toxin_naive else SESSION_MAX_UNITS,
            "site_max": SITE_MAX_UNITS, "scm_max": SCM_MAX_UNITS, "dysphagia_ceiling": DYSPHAGIA_CEILING,
            "toxin_naive": bool(toxin_naive),
            "harm_weight": weight, "muscles": {m: dict(MUSCLES[m]) for m in inv}}


def predicted_improvement(plan_totals, scenario):
    """Predicted improvement, % of the maximum possible: Σ wₘ·E(Dₘ)/Σ wₘ × 100 (benefit only)."""
    inv = scenario["involvement"]
    weight = sum(inv.values())
    if weight <= 0:
        return 0.0
    gain = sum(w * dose_response(plan_totals.get(m, 0.0), scenario["muscles"][m]["ed50"]) for m, w in inv.items())
    return 100.0 * gain / weight


def adverse_effect_risk(plan_totals):
    """Excess risk over placebo (fractions 0-1) of dysphagia and neck weakness for a plan (course model).

    Dysphagia rises with the anterior-neck dose A = SCM + scalene units as
    DYSPHAGIA_MAX·A/(DYSPHAGIA_A50_UNITS + A), × BILATERAL_SCM_FACTOR when both SCMs are
    injected (capped at 1).  Neck weakness rises with the total dose T as a Hill curve.
    Both are fitted to Poewe et al. (1998, Table 2); see the module docstring.

    Parameters
    ----------
    plan_totals : dict
        ``{muscle: total units}``, onabotulinumtoxinA.

    Returns
    -------
    dict
        ``dysphagia``, ``neck_weakness`` (fractions of patients, excess over placebo).

    Examples
    --------
    >>> r = adverse_effect_risk({"sternocleidomastoid_right": 50.0, "splenius_capitis_left": 117.0})
    >>> round(r["dysphagia"], 2), round(r["neck_weakness"], 2)   # Poewe 500 U Dysport arm: +19 %, +12 %
    (0.19, 0.15)
    """
    if not isinstance(plan_totals, dict):
        raise ValueError(f"plan_totals must be a dict {{muscle: units}}; got {type(plan_totals).__name__}.")
    totals = {m: check_number(v, f"plan_totals[{m}]", low=0.0) for m, v in plan_totals.items()}
    scm = {m: v for m, v in totals.items() if m.startswith("sternocleidomastoid")}
    anterior = sum(scm.values()) + sum(v for m, v in totals.items() if m.startswith("scalenes"))
    dysphagia = DYSPHAGIA_MAX * anterior / (DYSPHAGIA_A50_UNITS + anterior)
    if sum(1 for v in scm.values() if v > 0) == 2:
        dysphagia = min(1.0, dysphagia * BILATERAL_SCM_FACTOR)
    total = sum(totals.values())
    n = NECK_WEAKNESS_HILL
    weakness = total ** n / (NECK_WEAKNESS_T50_UNITS ** n + total ** n)
    return {"dysphagia": float(dysphagia), "neck_weakness": float(weakness)}


def net_benefit(plan_totals, scenario):
    """The plan's single score: improvement (%) − harm_weight × (dysphagia + neck weakness risk, %).

    A course-design trade-off (see HARM_WEIGHT): without it the best plan always fills
    the session limit.
    """
    risk = adverse_effect_risk(plan_totals)
    weight = scenario.get("harm_weight", HARM_WEIGHT)
    return predicted_improvement(plan_totals, scenario) - weight * 100.0 * (risk["dysphagia"] + risk["neck_weakness"])


def _site_doses(value, muscle):
    if isinstance(value, (list, tuple, np.ndarray)):
        doses = [check_number(v, f"plan[{muscle}] site dose", low=0.0) for v in value]
    else:
        doses = [check_number(value, f"plan[{muscle}]", low=0.0)]
    return doses


def evaluate_plan(plan, scenario):
    """Check a plan against the scenario's limits and score it.

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
        ``total_units``, ``predicted_improvement`` (% of maximum, benefit only),
        ``dysphagia_risk`` and ``neck_weakness_risk`` (fractions, excess over placebo),
        ``net_benefit`` (the score to compare plans: improvement − harm).
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
    scm_doses = [v for m, v in totals.items() if m.startswith("sternocleidomastoid") and v > 0]
    scm, scm_limit = sum(scm_doses), scm_limit_units(scenario, len(scm_doses))
    if scm > scm_limit + 1e-9:
        why = ("both SCMs injected: the label halves the SCM dose" if len(scm_doses) == 2 else
               "the label's dysphagia-reduction advice, used here as a hard limit")
        violations.append(f"sternocleidomastoid total {scm:g} U exceeds {scm_limit:g} U ({why})")
    total = float(sum(totals.values()))
    if total > scenario["session_max"]:
        which = "for a toxin-naive first session " if scenario.get("toxin_naive") else ""
        violations.append(f"session total {total:g} U exceeds {scenario['session_max']:g} U {which}".rstrip())
    for muscle, got in totals.items():
        if 0 < got < MUSCLES[muscle]["min"] and inv.get(muscle, 0.0) < 0.5:
            violations.append(f"{muscle} gets {got:g} U, below its minimum of {MUSCLES[muscle]['min']} U: "
                              "inject at least the minimum or leave it out")
    risk = adverse_effect_risk(totals)
    improvement = predicted_improvement(totals, scenario)
    ceiling = scenario.get("dysphagia_ceiling", DYSPHAGIA_CEILING)
    if risk["dysphagia"] > ceiling + 1e-12:
        violations.append(f"predicted excess dysphagia risk {100 * risk['dysphagia']:.1f} % exceeds the "
                          f"{100 * ceiling:g} % ceiling: fewer units into the SCMs and scalenes")
    return {"feasible": not violations, "violations": violations, "totals": totals,
            "total_units": total, "predicted_improvement": improvement,
            "dysphagia_risk": risk["dysphagia"], "neck_weakness_risk": risk["neck_weakness"],
            "net_benefit": improvement - scenario.get("harm_weight", HARM_WEIGHT) * 100.0
            * (risk["dysphagia"] + risk["neck_weakness"])}


def scm_limit_units(scenario, n_scm_injected):
    """The SCM total limit, U: ``scm_max``, halved (BILATERAL_SCM_LIMIT_FACTOR) when both SCMs are injected.

    >>> scm_limit_units(default_scenario(), 1), scm_limit_units(default_scenario(), 2)
    (100.0, 50.0)
    """
    limit = float(scenario["scm_max"])
    return limit * BILATERAL_SCM_LIMIT_FACTOR if n_scm_injected >= 2 else limit


def default_scenario(toxin_naive=False):
    """Left torticollis (chin turned to the left): right SCM and left splenius drive it (illustrative)."""
    return cervical_scenario({
        "sternocleidomastoid_right": 0.9, "splenius_capitis_left": 1.0, "levator_scapulae_left": 0.6,
        "trapezius_right": 0.3, "sternocleidomastoid_left": 0.0, "splenius_capitis_right": 0.0,
        "scalenes_right": 0.2,
    }, toxin_naive=toxin_naive)


# --- non-response -----------------------------------------------------------------
#: Non-response (British Neurotoxin Network recommendations, Marion et al. 2016, Pract Neurol
#: 16:288-295): about 20 % of patients with cervical dystonia eventually stop toxin, mostly for
#: treatment failure.  Immunoresistance (neutralising antibodies) has become less common; it is
#: tested with a frontalis test or an extensor digitorum brevis (EDB) test.  Antibody risk rises
#: with injection frequency (short intervals, "booster" injections), cumulative dose and product
#: (Hammoud & Jankovic 2022 review).  A poor response is not yet a secondary non-response: in an
#: audit of the BNN recommendations (Tucker et al. 2021, Mov Disord Clin Pract 8:541-545), 25 of
#: 42 patients (60 %) with a suboptimal response recovered after changes of dose, muscles or
#: technique, and 8 of the 20 no-response patients tested (40 %) were immunoresistant.  The
#: course therefore calls a lost response *secondary non-response* only after
#: SECONDARY_MIN_POOR_CYCLES consecutive poor cycles; a single poor cycle is met with a review of
#: the injections (course design, after the usual definitions that ask for a loss persisting
#: over consecutive cycles at the same dose and technique).
STOP_TREATMENT_FRACTION = 0.20
#: A cycle with less benefit than this fraction of the best earlier one is poor (course design).
POOR_CYCLE_BELOW = 0.25
SECONDARY_MIN_POOR_CYCLES = 2
NONRESPONSE_KINDS = ("responder", "single poor cycle", "primary non-response", "secondary non-response")
WORKUP_IMMUNORESISTANT = ("toxin holiday", "switch to botulinum toxin type B", "try another type A product")
WORKUP_NOT_IMMUNORESISTANT = ("review injection technique with EMG or ultrasound guidance",
                              "review muscle selection (pattern, including head versus neck muscles)",
                              "review the dose", "add drugs, retraining and psychological support")


def classify_response(ever_responded, current_benefit_fraction, poor_cycles=1):
    """Responder, a single poor cycle, primary non-response or secondary non-response.

    Parameters
    ----------
    ever_responded : bool
        Did any earlier cycle, at an adequate dose and with good technique, help?
    current_benefit_fraction : float
        Benefit of the latest cycle as a fraction of the best earlier one (0-1); below
        POOR_CYCLE_BELOW (0.25) the cycle is poor (course design).
    poor_cycles : int, optional, default: 1
        Consecutive poor cycles that end the history, the latest included (>= 1 when the
        latest is poor).  A lost response counts as secondary non-response from
        SECONDARY_MIN_POOR_CYCLES (2) poor cycles on; one poor cycle after good ones is a
        "single poor cycle" (review the injections first; Tucker et al. 2021).

    >>> classify_response(True, 0.1, 2), classify_response(False, 0.0), classify_response(True, 0.8)
    ('secondary non-response', 'primary non-response', 'responder')
    >>> classify_response(True, 0.1)
    'single poor cycle'
    """
    benefit = check_number(current_benefit_fraction, "current_benefit_fraction", low=0.0, high=1.0)
    if not isinstance(ever_responded, (bool, np.bool_)):
        raise ValueError(f"ever_responded must be True or False; got {ever_responded!r}.")
    if benefit >= POOR_CYCLE_BELOW:
        return "responder"
    poor = check_number(poor_cycles, "poor_cycles", low=1, high=1000, integer=True)
    if not ever_responded:
        return "primary non-response"
    return "secondary non-response" if poor >= SECONDARY_MIN_POOR_CYCLES else "single poor cycle"


def antibody_risk_flags(injection_days, doses_units, high_cumulative_units=1000.0):
    """Risk factors for neutralising antibodies in an injection history (flags, not a probability).

    Flags: intervals under 10 weeks (label), "booster" re-injections within 4 weeks, and a
    cumulative dose above ``high_cumulative_units`` (course design threshold).

    >>> antibody_risk_flags([0, 21, 120], [200, 50, 200])
    ['interval 1 is 21 days (< 70): raises the risk of neutralising antibodies', 'booster injection on day 21']
    """
    days = check_array(injection_days, "injection_days")
    doses = check_array(doses_units, "doses_units", low=0.0)
    if days.shape != doses.shape:
        raise ValueError("injection_days and doses_units must have the same length.")
    order = np.argsort(days)
    days, doses = days[order], doses[order]
    flags = interval_warnings(days)
    flags += [f"booster injection on day {d:g}" for d, gap in zip(days[1:], np.diff(days)) if gap < 28]
    total = float(doses.sum())
    if total > check_number(high_cumulative_units, "high_cumulative_units", low=0.0):
        flags.append(f"cumulative dose {total:g} U")
    return flags


def nonresponse_workup(kind, antibody_test_shows_no_weakness=None):
    """Next steps after a poor response (Marion et al. 2016), as a tuple of strings.

    Secondary non-response: first test for immunoresistance (frontalis or EDB test; no
    weakness after the test dose suggests neutralising antibodies); with immunoresistance, a
    holiday or another product.  Without immunoresistance, in primary non-response and after a
    single poor cycle, review technique, muscle selection and dose.  What follows when the
    dystonia stays refractory depends on its site (:func:`helpers.treatment.refractory_step`).

    >>> nonresponse_workup("secondary non-response")
    ('test for immunoresistance: frontalis or extensor digitorum brevis test',)
    >>> nonresponse_workup("secondary non-response", True)[1]
    'switch to botulinum toxin type B'
    """
    check_option(kind, "kind", NONRESPONSE_KINDS)
    if kind == "responder":
        return ("continue; re-inject when the effect wears off, not sooner than 10 weeks",)
    if kind == "secondary non-response" and antibody_test_shows_no_weakness is None:
        return ("test for immunoresistance: frontalis or extensor digitorum brevis test",)
    if kind == "secondary non-response" and antibody_test_shows_no_weakness:
        return WORKUP_IMMUNORESISTANT
    return WORKUP_NOT_IMMUNORESISTANT


# --- virtual patients (per-student data) -----------------------------------------------
def sim_toxin_response(seed=None):
    """A virtual muscle and dose for the time-course model (course design).

    Dose 20-100 U in steps of 5 U into one muscle (the span of the per-muscle ranges of
    :data:`MUSCLES`; a whole session averaged 152 U in Odergren et al. 1998), the muscle's
    ED50 20-60 U (the span of :data:`MUSCLES`), and a "useful effect" threshold between
    0.15 and 0.8 of the peak effect E(D) of that dose (two decimals), so that the
    threshold is always reached.

    Returns
    -------
    dict
        ``threshold`` (fraction of the maximum, 0-1), ``dose_units``, ``ed50_units``.

    >>> case = sim_toxin_response(1)
    >>> case["threshold"] < dose_response(case["dose_units"], case["ed50_units"])
    True
    """
    rng = as_generator(seed)
    dose = float(5 * rng.integers(4, 21))
    ed50 = float(rng.integers(20, 61))
    peak = dose_response(dose, ed50)
    threshold = round(float(rng.uniform(0.15, 0.8)) * peak, 2)
    return {"threshold": max(threshold, 0.05), "dose_units": dose, "ed50_units": ed50}


def sim_botox_plan(seed=None):
    """A virtual onabotulinumtoxinA plan for cervical dystonia: 3-5 muscles, doses in steps of 5 U.

    Illustrative doses (course design), each within its muscle's range in
    :data:`MUSCLES`; the total may exceed what a Dysport session allows, which is the
    point of the conversion exercise.

    >>> plan = sim_botox_plan(2)
    >>> 3 <= len(plan) <= 5 and all(u % 5 == 0 for u in plan.values())
    True
    """
    rng = as_generator(seed)
    muscles = rng.choice(list(MUSCLES), size=int(rng.integers(3, 6)), replace=False)
    return {str(m): float(5 * rng.integers(MUSCLES[m]["min"] // 5, MUSCLES[m]["max"] // 5 + 1))
            for m in sorted(muscles)}


def sim_injection_history(seed=None):
    """A virtual patient's toxin history: injection days, doses and benefit per cycle (course design).

    Six to twelve cycles.  Intervals are mostly 12-18 weeks, with a 25 % chance of a short
    one (42-69 days) and an 8 % chance of a "booster" (14-27 days).  Doses are 100-300 U in
    steps of 5 U.  The benefit of each cycle (fraction of the maximum, two decimals)
    follows one of three courses: a lasting response (half of the patients), a response
    that fails in the last one to three cycles (35 %: one poor cycle is a "single poor
    cycle", two or more a secondary non-response) or no response at any cycle (primary
    non-response, 15 %).

    Returns
    -------
    dict
        ``injection_days`` (ascending, first 0), ``doses_units``, ``benefit_fractions``
        (lists of floats, one per cycle).

    >>> h = sim_injection_history(0)
    >>> len(h["injection_days"]) == len(h["doses_units"]) == len(h["benefit_fractions"])
    True
    """
    rng = as_generator(seed)
    n = int(rng.integers(6, 13))
    gaps = []
    for _ in range(n - 1):
        u = rng.random()
        if u < 0.08:
            gaps.append(int(rng.integers(14, 28)))
        elif u < 0.33:
            gaps.append(int(rng.integers(42, 70)))
        else:
            gaps.append(int(7 * rng.integers(12, 19)))
    days = [0.0] + [float(d) for d in np.cumsum(gaps)]
    doses = [float(5 * rng.integers(20, 61)) for _ in range(n)]
    course = rng.choice(["responder", "secondary", "primary"], p=[0.5, 0.35, 0.15])
    good = rng.uniform(0.35, 0.9, n)
    poor = rng.uniform(0.0, 0.22, n)
    if course == "responder":
        benefit = good
    elif course == "primary":
        benefit = poor
    else:
        lost = int(rng.integers(1, min(3, n - 1) + 1))
        benefit = np.concatenate([good[: n - lost], poor[n - lost:]])
    return {"injection_days": days, "doses_units": doses,
            "benefit_fractions": [round(float(b), 2) for b in benefit]}


# --- chapter 3: virtual patients and the best achievable plan ----------------------------
#: Classical patterns of cervical dystonia and the muscles that drive them (Type I-IV
#: scheme; the Col-Cap scheme of Jost et al. 2020 separates head and neck movements and
#: adds muscles this model lacks).  ``primary``: involvement 0.6-1.0, ``secondary``:
#: 0.2-0.7 (course design).
PATTERNS = {
    "left torticollis": {"primary": ("sternocleidomastoid_right", "splenius_capitis_left"),
                         "secondary": ("levator_scapulae_left", "trapezius_right", "scalenes_right")},
    "right torticollis": {"primary": ("sternocleidomastoid_left", "splenius_capitis_right"),
                          "secondary": ("levator_scapulae_right", "trapezius_left", "scalenes_left")},
    "left laterocollis": {"primary": ("splenius_capitis_left", "levator_scapulae_left"),
                          "secondary": ("sternocleidomastoid_left", "scalenes_left", "trapezius_left")},
    "right laterocollis": {"primary": ("splenius_capitis_right", "levator_scapulae_right"),
                           "secondary": ("sternocleidomastoid_right", "scalenes_right", "trapezius_right")},
    "retrocollis": {"primary": ("splenius_capitis_left", "splenius_capitis_right"),
                    "secondary": ("trapezius_left", "trapezius_right", "levator_scapulae_left")},
}
#: Share of virtual patients who come for their first session ever (course design).
VIRTUAL_NAIVE_FRACTION = 0.4


def virtual_scenario(seed=None):
    """A cervical dystonia planning scenario for one virtual patient (course design).

    A pattern of :data:`PATTERNS` is drawn, each primary muscle gets involvement 0.6-1.0
    and each secondary one 0.2-0.7 (steps of 0.05), every other muscle of
    :data:`MUSCLES` 0; with probability VIRTUAL_NAIVE_FRACTION the patient is toxin-naive
    (session limit 200 U).  The pattern's name is stored under ``"pattern"``.

    Examples
    --------
    >>> sc = virtual_scenario(seed=4)
    >>> sc["pattern"] in PATTERNS, sorted(sc["involvement"]) == sorted(MUSCLES)
    (True, True)
    """
    from .checks import as_generator
    rng = as_generator(seed)
    name = str(rng.choice(sorted(PATTERNS)))
    inv = {m: 0.0 for m in MUSCLES}
    for m in PATTERNS[name]["primary"]:
        inv[m] = float(np.round(rng.uniform(0.6, 1.0) * 20) / 20)
    for m in PATTERNS[name]["secondary"]:
        inv[m] = float(np.round(rng.uniform(0.2, 0.7) * 20) / 20)
    scenario = cervical_scenario(inv, toxin_naive=bool(rng.random() < VIRTUAL_NAIVE_FRACTION))
    scenario["pattern"] = name
    return scenario


def _greedy_net_benefit(scenario, muscles, step):
    """Greedy plan injecting exactly ``muscles``: start each at its minimum, then add ``step`` U where the
    net benefit rises most, while any step helps and every limit holds.  Returns (doses, net) or None
    when the minimums alone break a limit."""
    inv = scenario["involvement"]
    weight = sum(inv.values())
    hw = scenario.get("harm_weight", HARM_WEIGHT) * 100.0
    ceiling = scenario.get("dysphagia_ceiling", DYSPHAGIA_CEILING)
    w = np.array([inv[m] for m in muscles])
    ed50 = np.array([scenario["muscles"][m]["ed50"] for m in muscles], dtype=float)
    cap = np.array([min(MUSCLES[m]["max"], MUSCLES[m]["sites"] * scenario["site_max"]) for m in muscles], float)
    dose = np.array([MUSCLES[m]["min"] for m in muscles], dtype=float)
    scm = np.array([m.startswith("sternocleidomastoid") for m in muscles])
    anterior = scm | np.array([m.startswith("scalenes") for m in muscles])
    scm_limit = scm_limit_units(scenario, int(scm.sum()))
    n = NECK_WEAKNESS_HILL

    def evaluate(d):                    # d: (k, n_muscles) candidate plans -> (net benefit, feasible)
        benefit = 100.0 * np.sum(w * d / (ed50 + d), axis=1) / weight
        a = d[:, anterior].sum(axis=1)
        dys = DYSPHAGIA_MAX * a / (DYSPHAGIA_A50_UNITS + a)
        dys = np.where(scm.sum() == 2, np.minimum(1.0, dys * BILATERAL_SCM_FACTOR), dys)
        t = d.sum(axis=1)
        weak = t ** n / (NECK_WEAKNESS_T50_UNITS ** n + t ** n)
        ok = ((d <= cap + 1e-9).all(axis=1) & (t <= scenario["session_max"] + 1e-9)
              & (d[:, scm].sum(axis=1) <= scm_limit + 1e-9) & (dys <= ceiling + 1e-12))
        return benefit - hw * (dys + weak), ok

    value, ok = evaluate(dose[None, :])
    if not ok[0]:
        return None
    current = float(value[0])
    steps = np.eye(len(muscles)) * step
    while True:
        values, ok = evaluate(dose[None, :] + steps)
        values = np.where(ok, values, -np.inf)
        best = int(np.argmax(values))
        if values[best] <= current:
            return dose, current
        dose, current = dose + steps[best], float(values[best])


def best_net_benefit(scenario, step_units=0.5):
    """The highest net benefit (:func:`net_benefit`) a feasible plan reaches in ``scenario``: the value only.

    Every subset of the optional muscles (0 < involvement < 0.5) is tried, each injected muscle
    starting at its minimum (a muscle gets 0 U or at least its minimum).  For each subset the
    search adds ``step_units`` at a time to the muscle whose next step raises the net benefit
    most, while some step helps and every limit holds (the marginal-net-gain rule), and the best
    subset is kept.  Against a multi-start SLSQP search over the same subsets the result agrees
    within 0.1 % (``tests/helpers``).  The plan itself is not returned: building one is the exercise.

    Parameters
    ----------
    scenario : dict
        From :func:`cervical_scenario`.
    step_units : float, optional, default: 0.5
        Dose step, U (0.25 U changes the result by less than 0.01 %).

    Returns
    -------
    float
        Net benefit of the best plan found (points of predicted improvement minus harm).

    Examples
    --------
    >>> round(best_net_benefit(default_scenario()), 1)
    35.6
    """
    step = check_number(step_units, "step_units", low=0.01, high=5.0)
    inv = scenario["involvement"]
    required = [m for m, w in inv.items() if w >= 0.5]
    optional = [m for m, w in inv.items() if 0 < w < 0.5]
    best = -math.inf
    for mask in range(2 ** len(optional)):
        use = required + [m for k, m in enumerate(optional) if mask >> k & 1]
        if not use:
            continue
        found = _greedy_net_benefit(scenario, use, step)
        if found is not None:
            best = max(best, found[1])
    return best


#: Virtual toxin patients (course design): time to the maximum 14-35 days, shape 1.1-2.5
#: (the typical patient is 21 days and 1.5), the clinic's minimum interval 70 or 84 days
#: (10 or 12 weeks), 4-6 planned sessions, and a "worn off" level of 0.25 or 0.30.
VIRTUAL_PEAK_DAYS = (14.0, 35.0)
VIRTUAL_SHAPE_K = (1.1, 2.5)


def virtual_toxin_patient(seed=None):
    """One patient's toxin time course and the clinic's scheduling rules (course design).

    Returns
    -------
    dict
        ``peak_days`` (float, 0.5-day steps), ``shape_k`` (float, 0.05 steps),
        ``wear_off`` (0.25 or 0.30), ``min_interval_days`` (70 or 84), ``n_sessions`` (4-6).

    Examples
    --------
    >>> p = virtual_toxin_patient(seed=0)
    >>> 14.0 <= p["peak_days"] <= 35.0 and p["min_interval_days"] in (70, 84)
    True
    """
    from .checks import as_generator
    rng = as_generator(seed)
    return {"peak_days": float(np.round(rng.uniform(*VIRTUAL_PEAK_DAYS) * 2) / 2),
            "shape_k": float(np.round(rng.uniform(*VIRTUAL_SHAPE_K) * 20) / 20),
            "wear_off": float(rng.choice((0.25, 0.30))),
            "min_interval_days": int(rng.choice((70, 84))),
            "n_sessions": int(rng.integers(4, 7))}
