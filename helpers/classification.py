"""Classification of dystonia (Albanese et al. 2013 consensus) and rating scales.

Axis I describes the clinical picture: age at onset, body distribution,
temporal pattern, and whether dystonia is isolated or combined with another
movement disorder.  Axis II describes the etiology: nervous-system pathology
and whether the cause is inherited, acquired or idiopathic.

The scales: the Burke–Fahn–Marsden Dystonia Rating Scale (BFMDRS; Burke et al.
1985) movement part, and the Toronto Western Spasmodic Torticollis Rating Scale
(TWSTRS; Consky & Lang 1994).
"""
import numpy as np

from .checks import as_generator, check_number, check_option

#: Age-at-onset groups (Albanese et al. 2013), as (name, lower bound in completed years):
#: infancy 0-2, childhood 3-12, adolescence 13-20, early adulthood 21-40, late adulthood > 40.
AGE_GROUPS = (("infancy", 0.0), ("childhood", 3.0), ("adolescence", 13.0),
              ("early adulthood", 21.0), ("late adulthood", 41.0))
#: Early-onset dystonia for the levodopa-trial rule: onset up to 26 years, the classical
#: cut-off between early- and late-onset primary dystonia (Bressman et al. 2000).  The EFNS
#: guideline: "a levodopa trial is warranted in every patient with early-onset primary
#: dystonia without an alternative diagnosis" (Albanese et al. 2011).
EARLY_ONSET_MAX_YEARS = 26.0
MAX_AGE_YEARS = 120.0

#: Body regions used for distribution and the BFMDRS.
REGIONS = ("eyes", "mouth", "speech_swallowing", "neck", "trunk",
           "right_arm", "left_arm", "right_leg", "left_leg")
#: Which regions touch each other (for "segmental" = contiguous), a simplification of the
#: consensus's segments (cranial, cervical, brachial, crural; Albanese et al. 2013).  The head
#: sits on the neck, so every cranial region touches it: blepharospasm with cervical dystonia is
#: a segmental (cranio-cervical) dystonia, as are oromandibular or laryngeal with cervical
#: dystonia.  Within the head, the eyes touch the mouth and the mouth the larynx.
ADJACENT = {
    frozenset(p) for p in [
        ("eyes", "mouth"), ("mouth", "speech_swallowing"), ("eyes", "neck"), ("mouth", "neck"),
        ("speech_swallowing", "neck"), ("neck", "right_arm"), ("neck", "left_arm"),
        ("neck", "trunk"), ("right_arm", "left_arm"), ("trunk", "right_arm"),
        ("trunk", "left_arm"), ("trunk", "right_leg"), ("trunk", "left_leg"),
        ("right_leg", "left_leg"),
    ]
}
_SIDE = {"right_arm": "right", "right_leg": "right", "left_arm": "left", "left_leg": "left"}

DISTRIBUTIONS = ("focal", "segmental", "multifocal", "generalized", "hemidystonia")
TEMPORAL_COURSE = ("static", "progressive")
VARIABILITY = ("persistent", "action-specific", "diurnal", "paroxysmal")
ETIOLOGY = ("inherited", "acquired", "idiopathic")

#: BFMDRS region weights: 0.5 for eyes, mouth and neck, 1 otherwise (Burke et al. 1985).
BFMDRS_WEIGHTS = {"eyes": 0.5, "mouth": 0.5, "speech_swallowing": 1.0, "neck": 0.5, "trunk": 1.0,
                  "right_arm": 1.0, "left_arm": 1.0, "right_leg": 1.0, "left_leg": 1.0}
BFMDRS_MOVEMENT_MAX = 120.0
#: TWSTRS severity items and their maxima (Consky & Lang 1994); the duration factor is
#: scored 0-5 and counts twice, so the severity total runs 0-35.
TWSTRS_SEVERITY_ITEMS = {"rotation": 4, "laterocollis": 3, "antero_retrocollis": 3, "lateral_shift": 1,
                         "sagittal_shift": 1, "duration": 5, "sensory_trick": 2,
                         "shoulder_elevation": 3, "range_of_motion": 4, "time": 4}
TWSTRS_MAX = {"severity": 35, "disability": 30, "pain": 20}


def age_at_onset_group(age_years):
    """Axis I age-at-onset group.

    Infancy: birth to 2 years; childhood: 3-12; adolescence: 13-20; early adulthood:
    21-40; late adulthood: over 40 (Albanese et al. 2013).  Ages are completed years
    (a child of 2.9 years is 2), so 40 is early adulthood and 41 late adulthood.

    >>> age_at_onset_group(8)
    'childhood'
    >>> age_at_onset_group(40)
    'early adulthood'
    >>> age_at_onset_group(-1)
    Traceback (most recent call last):
    ...
    ValueError: age_years must be >= 0.0; got -1.
    """
    age = int(check_number(age_years, "age_years", low=0.0, high=MAX_AGE_YEARS))
    for name, lower in reversed(AGE_GROUPS):
        if age >= lower:
            return name
    return "infancy"  # pragma: no cover


def _connected(regions):
    regions = list(regions)
    seen = {regions[0]}
    frontier = [regions[0]]
    while frontier:
        here = frontier.pop()
        for other in regions:
            if other not in seen and frozenset((here, other)) in ADJACENT:
                seen.add(other)
                frontier.append(other)
    return len(seen) == len(regions)


def body_distribution(regions):
    """Axis I body distribution from the set of affected regions.

    Rules (Albanese et al. 2013, simplified to :data:`REGIONS`): one region is
    *focal*; the trunk plus at least two other regions is *generalized*; two or
    more limb regions confined to one side (with or without the face) is
    *hemidystonia*; two or more contiguous regions is *segmental*; two or more
    non-contiguous regions is *multifocal*.

    >>> body_distribution({"neck"})
    'focal'
    >>> body_distribution({"neck", "right_arm"})
    'segmental'
    >>> body_distribution({"eyes", "right_arm"})
    'multifocal'
    >>> body_distribution({"eyes", "neck"})      # cranio-cervical
    'segmental'
    >>> body_distribution({"trunk", "right_leg", "left_leg"})
    'generalized'
    """
    if isinstance(regions, str):
        regions = {regions}
    regions = set(regions)
    if not regions:
        raise ValueError("regions must name at least one affected region.")
    for r in regions:
        check_option(r, "region", REGIONS)
    if len(regions) == 1:
        return "focal"
    if "trunk" in regions and len(regions) >= 3:
        return "generalized"
    limbs = {r for r in regions if r in _SIDE}
    sides = {_SIDE[r] for r in limbs}
    if len(limbs) >= 2 and len(sides) == 1 and not (regions - limbs - {"eyes", "mouth"}):
        return "hemidystonia"
    return "segmental" if _connected(regions) else "multifocal"


def classify_axis1(age_at_onset_years, regions, *, course="static", variability="persistent",
                   associated_movement_disorder=False):
    """Axis I as a dict: ``age_group``, ``distribution``, ``course``, ``variability``, ``associated``.

    The dict also keeps the affected ``regions`` (sorted, in :data:`REGIONS` order): the
    treatment rules (:mod:`helpers.treatment`) need the site of a focal dystonia.

    >>> classify_axis1(9, {"trunk", "right_leg", "left_arm"}, course="progressive")["distribution"]
    'generalized'
    """
    regions = {regions} if isinstance(regions, str) else set(regions)
    return {"regions": sorted(regions, key=lambda r: REGIONS.index(r) if r in REGIONS else -1),
        "age_group": age_at_onset_group(age_at_onset_years),
        "distribution": body_distribution(regions),
        "course": check_option(course, "course", TEMPORAL_COURSE),
        "variability": check_option(variability, "variability", VARIABILITY),
        "associated": "combined" if associated_movement_disorder else "isolated",
    }


def classify_axis2(*, pathology="none", etiology="idiopathic", detail=""):
    """Axis II as a dict: nervous-system ``pathology`` and ``etiology`` (+ free-text detail)."""
    return {"pathology": check_option(pathology, "pathology", ("degeneration", "structural lesion", "none")),
            "etiology": check_option(etiology, "etiology", ETIOLOGY), "detail": str(detail)}


def suggested_first_line(axis1, genetic_cause=None, *, age_at_onset_years=None, regions=None):
    """How classification steers the first treatment step: a summary of the course's rule set.

    The rules live in one place, :func:`helpers.treatment.treatment_pathway` (the graded
    pathway of chapter 3), and this summary is read from them (:func:`helpers.treatment.first_line`):

    - hemidystonia, or a focal leg dystonia starting after 26 years: look for a secondary
      cause first (a structural lesion; parkinsonism);
    - early onset (up to 26 years), *whatever the distribution, focal included*: a levodopa
      trial first (EFNS guideline, Albanese et al. 2011), then the step below;
    - focal or segmental: botulinum toxin; multifocal: toxin in each region;
    - generalized: oral drugs, then pallidal DBS once they have failed.

    A genotype never skips a step (DYT-TOR1A responds well to DBS, but only once DBS is
    the step).  Real decisions weigh far more (cause, disability, patient choice).

    Parameters
    ----------
    axis1 : dict
        From :func:`classify_axis1` (``distribution``, ``age_group``, ``regions``; an
        ``age_at_onset_years`` entry is used if present).
    genetic_cause : str, optional
        e.g. "DYT-TOR1A" or "TOR1A".
    age_at_onset_years : float, optional
        Age at onset; lets onset at 21-26 years count as early.
    regions : iterable of str, optional
        Affected regions, when ``axis1`` has none (needed for a focal dystonia).

    >>> suggested_first_line(classify_axis1(55, {"neck"}))
    'botulinum toxin'
    >>> suggested_first_line(classify_axis1(8, {"right_leg"}))
    'levodopa trial, then botulinum toxin'
    >>> suggested_first_line(classify_axis1(24, {"neck"}), age_at_onset_years=24)
    'levodopa trial, then botulinum toxin'
    >>> suggested_first_line(classify_axis1(45, {"trunk", "neck", "left_arm"}))
    'oral drugs, then consider pallidal DBS'
    >>> suggested_first_line(classify_axis1(50, {"right_leg"}))
    'look for a secondary cause'
    """
    from .treatment import first_line
    age = age_at_onset_years if age_at_onset_years is not None else axis1.get("age_at_onset_years")
    gene = None if genetic_cause is None else str(genetic_cause).rsplit("-", 1)[-1]
    return first_line(axis1, regions=regions, age_at_onset_years=age, gene=gene)


def bfmdrs_region_score(region, provoking_factor, severity):
    """BFMDRS movement score of one region: provoking factor × severity × weight.

    Provoking factor and severity are each 0-4 (integers or half points).

    >>> bfmdrs_region_score("neck", 4, 3)
    6.0
    >>> bfmdrs_region_score("right_arm", 4, 3)
    12.0
    """
    check_option(region, "region", REGIONS)
    p = check_number(provoking_factor, "provoking_factor", low=0, high=4)
    s = check_number(severity, "severity", low=0, high=4)
    return p * s * BFMDRS_WEIGHTS[region]


def bfmdrs_movement_score(ratings):
    """Total BFMDRS movement score (0-120) from ``{region: (provoking_factor, severity)}``.

    Regions not listed score 0.

    >>> bfmdrs_movement_score({"neck": (4, 4), "trunk": (4, 4)})
    24.0
    """
    if not isinstance(ratings, dict):
        raise ValueError("ratings must be a dict {region: (provoking_factor, severity)}.")
    return float(sum(bfmdrs_region_score(r, *ps) for r, ps in ratings.items()))


def twstrs_severity(items):
    """TWSTRS severity (0-35) from its items; the duration factor (0-5) counts twice.

    >>> twstrs_severity({"rotation": 3, "duration": 4, "range_of_motion": 2})
    13.0
    """
    if not isinstance(items, dict):
        raise ValueError("items must be a dict of TWSTRS severity items.")
    total = 0.0
    for name, value in items.items():
        check_option(name, "item", tuple(TWSTRS_SEVERITY_ITEMS))
        v = check_number(value, name, low=0, high=TWSTRS_SEVERITY_ITEMS[name])
        total += 2 * v if name == "duration" else v
    return total


def twstrs_total(severity, disability, pain):
    """TWSTRS total (0-85) after checking each subscale's range.

    >>> twstrs_total(20, 12, 8)
    40.0
    """
    s = check_number(severity, "severity", low=0, high=TWSTRS_MAX["severity"])
    d = check_number(disability, "disability", low=0, high=TWSTRS_MAX["disability"])
    p = check_number(pain, "pain", low=0, high=TWSTRS_MAX["pain"])
    return s + d + p


def percent_improvement(before, after):
    """Percent improvement of a severity score, 100·(before − after)/before.

    >>> round(percent_improvement(46.3, 21.0), 1)
    54.6
    """
    b = check_number(before, "before", low=0.0, low_inclusive=False)
    a = check_number(after, "after", low=0.0)
    return 100.0 * (b - a) / b


# --- virtual patients (per-student data) -----------------------------------------------
_HALF_WEIGHT = ("eyes", "mouth", "neck")
_FULL_WEIGHT = ("speech_swallowing", "trunk", "right_arm", "left_arm", "right_leg", "left_leg")


def sim_bfmdrs_patient(seed=None):
    """A virtual patient's BFMDRS movement ratings before and after treatment (course design).

    Three to six affected regions, always at least one half-weighted region (eyes,
    mouth or neck) and one full-weight region, so that forgetting the 0.5 weights
    changes the result.  Before treatment each provoking factor and severity is an
    integer 1-4; afterwards each rating changes by -3 to +1 (never below 0), and a
    region that scores 0 is left out of the ``after`` dict, as an examiner leaves an
    unaffected region blank.  The numbers are illustrative, not fitted to a cohort.

    Parameters
    ----------
    seed : None, int or numpy.random.Generator
        Source of randomness (per-student data use ``G.seed_for(problem_id)``).

    Returns
    -------
    before, after : dict
        ``{region: (provoking_factor, severity)}``, integers 0-4.

    Examples
    --------
    >>> before, after = sim_bfmdrs_patient(3)
    >>> bfmdrs_movement_score(before) > 0 and set(after) <= set(before)
    True
    """
    rng = as_generator(seed)
    n_regions = int(rng.integers(3, 7))
    half = [str(r) for r in rng.choice(_HALF_WEIGHT, size=int(rng.integers(1, min(3, n_regions - 1) + 1)),
                                        replace=False)]
    full = [str(r) for r in rng.choice(_FULL_WEIGHT, size=n_regions - len(half), replace=False)]
    before, after = {}, {}
    for region in sorted(half + full, key=REGIONS.index):
        p, s = (int(v) for v in rng.integers(1, 5, size=2))
        before[region] = (p, s)
        p2, s2 = (int(np.clip(v + d, 0, 4)) for v, d in zip((p, s), rng.integers(-3, 2, size=2)))
        if p2 * s2 > 0:
            after[region] = (p2, s2)
    return before, after


# --- chapter 3: a virtual patient with cervical dystonia -----------------------------------
#: Tremor descriptions in the virtual vignettes.  Tremor that is part of the dystonia keeps
#: it *isolated*; parkinsonism makes it *combined* (Albanese et al. 2013).
TREMOR_KINDS = ("none", "dystonic head tremor", "parkinsonism")
GENE_TESTS = ("not done", "negative", "pathogenic GNAL variant")
EXPOSURES = ("none", "haloperidol for two years before onset")
FAMILY_HISTORIES = ("none", "mother has essential tremor", "father had Parkinson's disease")


def virtual_cervical_patient(seed=None):
    """A vignette of adult-onset cervical dystonia for the hands-on chapter (course design).

    Onset at 14-75 years.  The neck is always affected; with probability 0.25 an arm too
    (segmental), 0.15 the mouth (segmental) or 0.15 a leg (not contiguous: multifocal).
    Tremor: none, a dystonic head tremor or parkinsonism (a third each).  Cause: a
    pathogenic GNAL variant (0.25, inherited), two years of haloperidol before onset (0.25,
    acquired: tardive dystonia) or none found.  A family history of another disorder is a distractor.  The
    TWSTRS severity items are drawn within their ranges (:data:`TWSTRS_SEVERITY_ITEMS`).

    Returns
    -------
    dict
        ``age_now_years``, ``age_at_onset_years`` (int), ``regions`` (list of
        :data:`REGIONS`), ``tremor`` (:data:`TREMOR_KINDS`), ``gene_test``
        (:data:`GENE_TESTS`), ``exposure`` (:data:`EXPOSURES`), ``family_history``
        (:data:`FAMILY_HISTORIES`), ``twstrs_items`` (dict of ints).

    Examples
    --------
    >>> p = virtual_cervical_patient(seed=5)
    >>> "neck" in p["regions"] and p["age_now_years"] > p["age_at_onset_years"]
    True
    """
    from .checks import as_generator
    rng = as_generator(seed)
    onset = int(rng.integers(14, 76))
    regions = ["neck"]
    extra = rng.random()
    if extra < 0.25:
        regions.append(str(rng.choice(("right_arm", "left_arm"))))
    elif extra < 0.40:
        regions.append("mouth")
    elif extra < 0.55:
        regions.append(str(rng.choice(("right_leg", "left_leg"))))
    tremor = str(rng.choice(TREMOR_KINDS))
    cause = rng.random()
    gene = GENE_TESTS[2] if cause < 0.25 else str(rng.choice(GENE_TESTS[:2]))
    exposure = EXPOSURES[1] if 0.25 <= cause < 0.50 else EXPOSURES[0]
    items = {"rotation": int(rng.integers(1, 5))}
    for name, top in TWSTRS_SEVERITY_ITEMS.items():
        if name != "rotation":
            items[name] = int(rng.integers(0, top + 1))
    items["duration"] = max(items["duration"], 1)
    return {"age_now_years": onset + int(rng.integers(1, 16)), "age_at_onset_years": onset, "regions": regions,
            "tremor": tremor, "gene_test": gene, "exposure": exposure,
            "family_history": str(rng.choice(FAMILY_HISTORIES)), "twstrs_items": items}
