"""The course's one treatment rule set for isolated dystonia: oral drugs, toxin, DBS.

Both the first-line summary of chapter 2 (:func:`helpers.classification.suggested_first_line`,
shown in 02a's Demo 1) and the graded pathway of chapter 3 (:func:`treatment_pathway`, 03b
Problem 8) are read from the rules below, so the two can never disagree.

The sequence follows the EFNS guideline (Albanese et al. 2011):

- every early-onset dystonia gets a levodopa trial (dopa-responsive dystonia);
- botulinum toxin type A is first line for cranial (not oromandibular) and
  cervical dystonia, and it helps writer's cramp;
- "DBS is considered a good option, particularly for primary generalized or
  cervical dystonia, after medication or BoNT have failed".  For cervical
  dystonia refractory to toxin a sham-controlled trial showed benefit (Volkmann
  et al. 2014); segmental and generalized dystonia improved in a sham-controlled
  trial too (Kupsch et al. 2006; Volkmann et al. 2012).

Other focal dystonias that stay refractory after the toxin work-up are not DBS
candidates in this course.  Refractory blepharospasm goes to another toxin
product or to surgery (full myectomy is "reserved for botulinum-A toxin
failures", Anderson et al. 1998); writer's cramp to retraining, occupational
therapy and oral drugs, with thalamic surgery confined to specialist centres
(Pandey 2015; Stahl & Frucht 2017).  Two presentations are red flags for a
secondary cause before any symptomatic treatment: hemidystonia, usually from a
structural lesion of the contralateral basal ganglia or thalamus (Marsden et
al. 1985), and a focal leg dystonia starting in adult life, where over half of
36 patients had an identifiable cause, parkinsonism in 5 (McKeon et al. 2008).
Adult multifocal dystonia is treated with toxin in each affected region, with
oral drugs as adjuncts.

Oral drugs have weaker evidence: high-dose trihexyphenidyl (an anticholinergic)
helped in a double-blind trial in young patients (Burke, Fahn & Marsden 1986),
and is less well tolerated with age; benzodiazepines and baclofen rest on
uncontrolled experience.  This is a teaching pathway built from those
statements, not a treatment recommendation.
"""
from . import botulinum, genes
from .checks import as_generator, check_number, check_option

ORAL_DRUGS = {
    "levodopa": {"class": "dopamine precursor", "use": "diagnostic and therapeutic trial in early-onset dystonia; "
                 "sustained low-dose response in dopa-responsive dystonia", "source": "Albanese et al. 2011"},
    "trihexyphenidyl": {"class": "anticholinergic", "use": "segmental or generalized dystonia, best tolerated in "
                        "the young; dry mouth, blurred vision, constipation, memory problems and confusion limit it",
                        "source": "Burke, Fahn & Marsden 1986"},
    "clonazepam": {"class": "benzodiazepine", "use": "adjunct (uncontrolled evidence); sedation and dependence",
                   "source": "Albanese et al. 2011"},
    "baclofen": {"class": "GABA-B agonist", "use": "adjunct (uncontrolled evidence); drowsiness, withdrawal on "
                 "abrupt stop", "source": "Albanese et al. 2011"},
}
RESPONSES = (None, True, False)

#: Each step of :func:`treatment_pathway` begins with one of these texts; the keys are the
#: short codes of chapter 3 (03b Problem 8), in the order of the pathway.
STEP_TEXT = {
    "continue levodopa": "continue low-dose levodopa (dopa-responsive dystonia)",
    "levodopa trial": "levodopa trial",
    "look for a secondary cause": "look for a secondary cause",
    "botulinum toxin": "botulinum toxin",
    "continue toxin": "continue; re-inject when the effect wears off",
    "antibody test": "test for immunoresistance",
    "switch toxin": "toxin holiday",
    "review injections": "review injection technique",
    "oral drugs": "oral drugs",
    "pallidal DBS": "consider pallidal DBS",
    "specialist options": "specialist options",
}
#: The short codes of the steps, as chapter 3 uses them.
NEXT_STEPS = tuple(STEP_TEXT)

#: Body regions (of :data:`helpers.classification.REGIONS`) by site.
CRANIAL_REGIONS = ("eyes", "mouth", "speech_swallowing")
ARM_REGIONS = ("right_arm", "left_arm")
LEG_REGIONS = ("right_leg", "left_leg")

#: What follows a toxin-refractory focal dystonia outside the neck, by region (see the module
#: docstring for the sources).  None of them is pallidal DBS.
FOCAL_REFRACTORY_OPTIONS = {
    "eyes": "for refractory blepharospasm: another toxin product or type B, then surgery (myectomy)",
    "mouth": "for refractory oromandibular dystonia: another toxin product, oral drugs",
    "speech_swallowing": "for refractory laryngeal dystonia: another toxin product, voice therapy",
    "right_arm": "for a refractory arm dystonia (writer's cramp): retraining and occupational therapy, oral drugs; "
                 "thalamic surgery only in specialist centres",
    "trunk": "for a refractory axial dystonia: oral drugs, physiotherapy",
    "right_leg": "for a refractory leg dystonia: oral drugs, physiotherapy and orthoses",
}
FOCAL_REFRACTORY_OPTIONS["left_arm"] = FOCAL_REFRACTORY_OPTIONS["right_arm"]
FOCAL_REFRACTORY_OPTIONS["left_leg"] = FOCAL_REFRACTORY_OPTIONS["right_leg"]
_DBS_REFRACTORY = ("consider pallidal DBS (toxin-refractory cervical dystonia, Volkmann et al. 2014; "
                   "segmental dystonia, Kupsch et al. 2006)")


def step_code(step):
    """The short code (:data:`NEXT_STEPS`) of one step of :func:`treatment_pathway`.

    >>> step_code("test for immunoresistance: frontalis or extensor digitorum brevis test")
    'antibody test'
    """
    for code, text in STEP_TEXT.items():
        if str(step).startswith(text):
            return code
    raise ValueError(f"not a step of treatment_pathway: {step!r}.")


def _regions_of(axis1, regions):
    from .classification import REGIONS
    chosen = axis1.get("regions") if regions is None else regions
    if chosen is None:
        return None
    chosen = {chosen} if isinstance(chosen, str) else set(chosen)
    for r in chosen:
        check_option(r, "region", REGIONS)
    return chosen


def _red_flag(distribution, regions, early):
    """A presentation that calls for a search for a secondary cause first, or None."""
    if distribution == "hemidystonia":
        return ("look for a secondary cause: brain imaging for a structural lesion "
                "(hemidystonia is usually acquired; Marsden et al. 1985)")
    if distribution == "focal" and not early and regions & set(LEG_REGIONS):
        return ("look for a secondary cause: parkinsonism (levodopa trial), trauma or a lesion "
                "(adult-onset focal leg dystonia; McKeon et al. 2008)")
    return None


def refractory_step(distribution, regions):
    """The step after the toxin work-up when the dystonia stays refractory, by distribution and site.

    Pallidal DBS only for a focal cervical (neck alone) or a segmental dystonia (EFNS 2011;
    Volkmann et al. 2014; Kupsch et al. 2006); specialist options for the other focal regions
    and for multifocal dystonia.

    >>> refractory_step("focal", {"neck"})[:21]
    'consider pallidal DBS'
    >>> refractory_step("focal", {"eyes"})
    'specialist options for refractory blepharospasm: another toxin product or type B, then surgery (myectomy)'
    """
    if distribution == "segmental" or (distribution == "focal" and set(regions) == {"neck"}):
        return _DBS_REFRACTORY
    if distribution == "multifocal":
        return "specialist options for each region: another toxin product, physiotherapy, oral drugs as adjuncts"
    if distribution == "focal":
        (region,) = tuple(regions)
        return f"specialist options {FOCAL_REFRACTORY_OPTIONS[region]}"
    raise ValueError(f"a toxin-refractory step needs a focal, segmental or multifocal dystonia; got {distribution!r}.")


def treatment_pathway(axis1, *, regions=None, age_at_onset_years=None, gene=None, levodopa_response=None,
                      toxin_response=None, oral_drugs_failed=False, antibody_test_shows_no_weakness=None,
                      workup_done=False):
    """Ordered next steps for an isolated dystonia: the course's one rule set (see the module docstring).

    The rules, first match wins:

    1. a GCH1 variant or a sustained response to levodopa: continue levodopa;
    2. red flags: hemidystonia (any age) or a focal leg dystonia with onset after 26 years: look
       for a secondary cause;
    3. early onset (up to 26 years) without a levodopa trial yet: a levodopa trial;
    4. generalized dystonia: oral drugs, then pallidal DBS once they have failed;
    5. focal, segmental or multifocal dystonia: botulinum toxin (into each region when
       multifocal); after a poor response the work-up of
       :func:`helpers.botulinum.nonresponse_workup`; once the work-up is done and the dystonia
       is still refractory, :func:`refractory_step` (pallidal DBS only for cervical or
       segmental dystonia).

    Parameters
    ----------
    axis1 : dict
        From :func:`helpers.classification.classify_axis1` (``distribution``, ``age_group`` and
        ``regions``).
    regions : iterable of str, optional
        Affected regions, if ``axis1`` has none; needed for a focal dystonia (the site decides
        the red flag and the refractory step).
    age_at_onset_years : float, optional
        Lets onset at 21-26 years count as early.
    gene : str, optional
        A key of :data:`helpers.genes.GENES`.  A genotype never skips a step; GCH1 means
        dopa-responsive dystonia, and any other genotype adds its DBS outlook when DBS is a step.
    levodopa_response : bool or None
        Result of the levodopa trial (None: not done yet).
    toxin_response : str or None
        One of :data:`helpers.botulinum.NONRESPONSE_KINDS` (None: not treated yet).
    oral_drugs_failed : bool
        Whether oral drugs were tried without enough benefit (generalized dystonia).
    antibody_test_shows_no_weakness : bool or None
        Result of a frontalis or EDB test after a secondary non-response (None: not done);
        passed to :func:`helpers.botulinum.nonresponse_workup`.
    workup_done : bool
        The non-response work-up has been done and the dystonia is still refractory to toxin.

    Returns
    -------
    list of str
        Each begins with one of the texts of :data:`STEP_TEXT` (see :func:`step_code`).

    Examples
    --------
    >>> treatment_pathway({"distribution": "focal", "age_group": "childhood", "regions": ["right_leg"]})
    ['levodopa trial']
    >>> treatment_pathway({"distribution": "focal", "age_group": "late adulthood", "regions": ["neck"]})
    ['botulinum toxin']
    >>> neck = {"distribution": "focal", "age_group": "late adulthood", "regions": ["neck"]}
    >>> treatment_pathway(neck, toxin_response="secondary non-response")[0]
    'test for immunoresistance: frontalis or extensor digitorum brevis test'
    >>> treatment_pathway(neck, toxin_response="secondary non-response", antibody_test_shows_no_weakness=True)[0]
    'toxin holiday'
    >>> step_code(treatment_pathway(neck, toxin_response="primary non-response", workup_done=True)[0])
    'pallidal DBS'
    >>> eyes = {"distribution": "focal", "age_group": "late adulthood", "regions": ["eyes"]}
    >>> step_code(treatment_pathway(eyes, toxin_response="primary non-response", workup_done=True)[0])
    'specialist options'
    """
    from .classification import DISTRIBUTIONS, EARLY_ONSET_MAX_YEARS, MAX_AGE_YEARS
    if not isinstance(axis1, dict):
        raise ValueError(f"axis1 must be a dict from classification.classify_axis1; got {type(axis1).__name__}.")
    dist = check_option(axis1.get("distribution"), "distribution", DISTRIBUTIONS)
    chosen = _regions_of(axis1, regions)
    if dist == "focal" and chosen is None:
        raise ValueError("regions are needed for a focal dystonia: the next steps depend on the site "
                         "(pass regions=..., or an axis1 dict from classification.classify_axis1).")
    if dist == "focal" and len(chosen) != 1:
        raise ValueError(f"a focal dystonia has exactly one region; got {sorted(chosen)}.")
    check_option(levodopa_response, "levodopa_response", RESPONSES)
    if toxin_response is not None:
        check_option(toxin_response, "toxin_response", botulinum.NONRESPONSE_KINDS)
    if gene is not None:
        check_option(gene, "gene", tuple(genes.GENES))
    if age_at_onset_years is not None:
        early = check_number(age_at_onset_years, "age_at_onset_years", low=0.0,
                             high=MAX_AGE_YEARS) <= EARLY_ONSET_MAX_YEARS
    else:
        early = axis1.get("age_group") in ("infancy", "childhood", "adolescence")
    if gene == "GCH1" or levodopa_response is True:
        return [STEP_TEXT["continue levodopa"]]
    flag = _red_flag(dist, chosen, early)
    if flag is not None:
        return [flag]
    if early and levodopa_response is None:
        return [STEP_TEXT["levodopa trial"]]
    steps = []
    if dist == "generalized":
        if not oral_drugs_failed:
            steps.append("oral drugs: trihexyphenidyl (best tolerated when young), then benzodiazepines or baclofen")
        steps.append("consider pallidal DBS (generalized dystonia after oral drugs; Vidailhet et al. 2005, "
                     "Kupsch et al. 2006)")
    elif toxin_response is None:
        steps.append("botulinum toxin into each affected region" if dist == "multifocal" else "botulinum toxin")
    elif toxin_response == "responder":
        steps += list(botulinum.nonresponse_workup("responder"))
    elif workup_done:
        steps.append(refractory_step(dist, chosen))
    else:
        steps += list(botulinum.nonresponse_workup(toxin_response, antibody_test_shows_no_weakness))
        steps.append(f"if still refractory: {refractory_step(dist, chosen)}")
    if gene is not None and any("pallidal DBS" in s for s in steps):
        steps.append(f"genotype {genes.GENES[gene]['name']}: {genes.treatment_implication(gene)}")
    return steps


def first_line(axis1, *, regions=None, age_at_onset_years=None, gene=None):
    """A new patient's first step and, when it is a trial or a drug class, the step after it.

    Read from :func:`treatment_pathway` (the course's one rule set), for chapter 2's summary
    (:func:`helpers.classification.suggested_first_line`).

    >>> first_line({"distribution": "generalized", "age_group": "late adulthood"})
    'oral drugs, then consider pallidal DBS'
    >>> first_line({"distribution": "segmental", "age_group": "adolescence"})
    'levodopa trial, then botulinum toxin'
    """
    kwargs = {"regions": regions, "age_at_onset_years": age_at_onset_years, "gene": gene}
    steps = treatment_pathway(axis1, **kwargs)
    if steps == [STEP_TEXT["levodopa trial"]]:
        steps = [steps[0]] + [s for s in treatment_pathway(axis1, levodopa_response=False, **kwargs)[:1]]
    labels = []
    for s in steps[:2]:
        code = step_code(s)
        if code == "pallidal DBS":
            labels.append("consider pallidal DBS")
        elif code == "botulinum toxin" and s != STEP_TEXT["botulinum toxin"]:
            labels.append("botulinum toxin in each region")
        else:
            labels.append(code)
    return ", then ".join(labels)


# --- chapter 3: a clinic list of virtual patients ---------------------------------------------
#: Region sets the virtual clinic draws from (course design).  Toxin candidates: focal cervical,
#: blepharospasm and arm dystonia, segmental (neck and arm; cranio-cervical) and a multifocal
#: blepharospasm with an arm dystonia.
_TOXIN_REGIONS = (["neck"], ["eyes"], ["right_arm"], ["neck", "right_arm"], ["eyes", "neck"], ["eyes", "right_arm"])
#: After a refractory work-up: sets that lead to pallidal DBS, and sets that lead to specialist options.
_DBS_REGIONS = (["neck"], ["neck", "right_arm"], ["eyes", "neck"], ["neck", "left_arm"])
_OTHER_REGIONS = (["eyes"], ["right_arm"], ["left_arm"], ["eyes", "right_arm"])
_GENERALIZED_REGIONS = (["trunk", "neck", "left_arm"], ["trunk", "right_leg", "left_leg"],
                        ["trunk", "neck", "right_arm", "left_arm"])
_EARLY_REGIONS = (["right_leg"], ["left_leg"], ["neck"], ["right_arm"], ["trunk", "right_leg", "left_leg"])
_RED_FLAG_REGIONS = (["right_leg"], ["left_leg"], ["right_arm", "right_leg"], ["left_arm", "left_leg"])
#: The branches of :func:`virtual_patients`, each reaching one step of :func:`treatment_pathway`.
CLINIC_BRANCHES = ("levodopa trial", "continue levodopa", "botulinum toxin", "continue toxin", "antibody test",
                   "switch toxin", "review injections", "pallidal DBS after toxin", "specialist options",
                   "oral drugs", "pallidal DBS after oral drugs", "look for a secondary cause")


def _toxin_history(rng, kind, *, test="not done", workup_done=False):
    """A toxin dict: the latest cycle's benefit and how many poor cycles end the history."""
    if kind == "responder":
        return {"ever_responded": True, "benefit_fraction": round(float(rng.uniform(0.4, 1.0)), 2), "poor_cycles": 0,
                "antibody_test": "not done", "workup_done": False}
    poor = {"single": 1, "secondary": int(rng.integers(2, 4)), "primary": int(rng.integers(2, 5))}[kind]
    return {"ever_responded": kind != "primary", "benefit_fraction": round(float(rng.uniform(0.0, 0.2)), 2),
            "poor_cycles": poor, "antibody_test": test, "workup_done": workup_done}


def virtual_patients(seed=None, n_patients=6):
    """A clinic list of ``n_patients`` dystonia patients, each at a different point of the pathway.

    Each patient is built to reach one of the twelve :data:`CLINIC_BRANCHES` of
    :func:`treatment_pathway` (drawn without repetition while branches remain): a levodopa
    trial due, a dopa-responsive patient, toxin not yet tried, a responder, a secondary
    non-responder before and after an antibody test, a patient whose injections need review
    (a primary non-response, a single poor cycle, or weakness after the test dose), a
    refractory cervical or segmental dystonia after the work-up, a refractory blepharospasm,
    arm or multifocal dystonia after the work-up, a generalized dystonia before and after
    oral drugs, and a red flag (hemidystonia, or a focal leg dystonia starting after 26).
    Onset ages and regions are drawn to match (course design).

    Returns
    -------
    list of dict
        Each: ``age_at_onset_years`` (int), ``regions`` (list), ``levodopa_trial``
        ("not done", "no benefit", "sustained benefit"), ``toxin`` (None, or a dict with
        ``ever_responded``, ``benefit_fraction`` (latest cycle / best earlier one),
        ``poor_cycles`` (consecutive cycles below 25 % that end the history, 0 for a
        responder), ``antibody_test`` ("not done", "weakness", "no weakness") and
        ``workup_done``), ``oral_drugs_failed`` (bool).

    Examples
    --------
    >>> [sorted(p) for p in virtual_patients(seed=1, n_patients=1)][0][:3]
    ['age_at_onset_years', 'levodopa_trial', 'oral_drugs_failed']
    """
    n = check_number(n_patients, "n_patients", low=1, high=100, integer=True)
    rng = as_generator(seed)
    branches = []
    while len(branches) < n:
        branches += [CLINIC_BRANCHES[int(i)] for i in rng.permutation(len(CLINIC_BRANCHES))]

    def pick(pool):
        return list(pool[int(rng.integers(len(pool)))])

    patients = []
    for b in branches[:n]:
        early = b in ("levodopa trial", "continue levodopa") or (b != "look for a secondary cause"
                                                                 and rng.random() < 0.3)
        onset = int(rng.integers(5, 27)) if early else int(rng.integers(27, 71))
        trial = "no benefit" if early else "not done"
        toxin, failed = None, False
        if b in ("levodopa trial", "continue levodopa"):
            regions = pick(_EARLY_REGIONS)
            trial = "not done" if b == "levodopa trial" else "sustained benefit"
        elif b == "look for a secondary cause":
            regions = pick(_RED_FLAG_REGIONS)
            if len(regions) == 2 and rng.random() < 0.4:      # hemidystonia, at any age
                onset = int(rng.integers(5, 27))
            trial = "not done"
        elif b in ("oral drugs", "pallidal DBS after oral drugs"):
            regions = pick(_GENERALIZED_REGIONS)
            failed = b == "pallidal DBS after oral drugs"
        elif b in ("pallidal DBS after toxin", "specialist options"):
            regions = pick(_DBS_REGIONS if b == "pallidal DBS after toxin" else _OTHER_REGIONS)
            kind = "primary" if rng.random() < 0.5 else "secondary"
            toxin = _toxin_history(rng, kind, workup_done=True,
                                   test="not done" if kind == "primary" else str(rng.choice(("weakness", "no weakness"))))
        else:
            regions = pick(_TOXIN_REGIONS + ((["right_leg"],) if early else ()))
            if b == "continue toxin":
                toxin = _toxin_history(rng, "responder")
            elif b in ("antibody test", "switch toxin"):
                toxin = _toxin_history(rng, "secondary", test="not done" if b == "antibody test" else "no weakness")
            elif b == "review injections":
                kind = str(rng.choice(("primary", "single", "secondary")))
                toxin = _toxin_history(rng, kind, test="weakness" if kind == "secondary" else "not done")
        patients.append({"age_at_onset_years": onset, "regions": regions, "levodopa_trial": trial,
                         "toxin": toxin, "oral_drugs_failed": failed})
    return patients

