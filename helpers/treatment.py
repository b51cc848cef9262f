"""A treatment pathway for isolated dystonia: oral drugs, toxin, DBS, by classification and response.

The sequence follows the EFNS guideline (Albanese et al. 2011):

- every early-onset dystonia gets a levodopa trial (dopa-responsive dystonia);
- botulinum toxin type A is first line for cranial (not oromandibular) and
  cervical dystonia, and it helps writer's cramp;
- pallidal DBS is a good option for primary generalized or cervical dystonia
  after medication or toxin has failed.  For cervical dystonia refractory to
  toxin, a sham-controlled trial showed benefit (Volkmann et al. 2014).

Oral drugs have weaker evidence: high-dose trihexyphenidyl (an anticholinergic)
helped in a double-blind trial in young patients (Burke, Fahn & Marsden 1986),
and is less well tolerated with age; benzodiazepines and baclofen rest on
uncontrolled experience.  This is a teaching pathway built from those
statements, not a treatment recommendation.
"""
from . import botulinum, genes
from .checks import check_option

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


def treatment_pathway(axis1, *, age_at_onset_years=None, gene=None, levodopa_response=None,
                      toxin_response=None, oral_drugs_failed=False, antibody_test_shows_no_weakness=None,
                      workup_done=False):
    """Ordered next steps for an isolated dystonia (a teaching pathway; see the module docstring).

    Parameters
    ----------
    axis1 : dict
        From :func:`helpers.classification.classify_axis1` (``distribution``, ``age_group``).
    age_at_onset_years : float, optional
        Lets onset at 21-26 years count as early.
    gene : str, optional
        A key of :data:`helpers.genes.GENES`.
    levodopa_response : bool or None
        Result of the levodopa trial (None: not done yet).
    toxin_response : str or None
        One of :data:`helpers.botulinum.NONRESPONSE_KINDS` (None: not treated yet).
    oral_drugs_failed : bool
        Whether oral drugs were tried without enough benefit.
    antibody_test_shows_no_weakness : bool or None
        Result of a frontalis or EDB test after a secondary non-response (None: not done);
        passed to :func:`helpers.botulinum.nonresponse_workup`.
    workup_done : bool
        The non-response work-up has been done and the dystonia is still refractory to
        toxin: the next step is pallidal DBS (Volkmann et al. 2014).

    Returns
    -------
    list of str

    Examples
    --------
    >>> treatment_pathway({"distribution": "focal", "age_group": "childhood"})
    ['levodopa trial']
    >>> treatment_pathway({"distribution": "focal", "age_group": "late adulthood"})
    ['botulinum toxin']
    >>> treatment_pathway({"distribution": "focal", "age_group": "late adulthood"},
    ...                   toxin_response="secondary non-response")[0]
    'test for immunoresistance: frontalis or extensor digitorum brevis test'
    >>> treatment_pathway({"distribution": "focal", "age_group": "late adulthood"},
    ...                   toxin_response="secondary non-response", antibody_test_shows_no_weakness=True)[0]
    'toxin holiday'
    >>> treatment_pathway({"distribution": "focal", "age_group": "late adulthood"},
    ...                   toxin_response="primary non-response", workup_done=True)[0][:21]
    'consider pallidal DBS'
    """
    from .classification import EARLY_ONSET_MAX_YEARS
    dist = axis1["distribution"]
    check_option(levodopa_response, "levodopa_response", RESPONSES)
    if toxin_response is not None:
        check_option(toxin_response, "toxin_response", botulinum.NONRESPONSE_KINDS)
    if gene is not None:
        check_option(gene, "gene", tuple(genes.GENES))
    if age_at_onset_years is not None:
        early = float(age_at_onset_years) <= EARLY_ONSET_MAX_YEARS
    else:
        early = axis1.get("age_group") in ("infancy", "childhood", "adolescence")
    if gene == "GCH1" or levodopa_response is True:
        return ["continue low-dose levodopa (dopa-responsive dystonia)"]
    if early and levodopa_response is None:
        return ["levodopa trial"]
    steps = []
    if dist in ("focal", "segmental"):
        if toxin_response is None:
            steps.append("botulinum toxin")
        elif toxin_response == "responder":
            steps += list(botulinum.nonresponse_workup("responder"))
        elif workup_done:
            steps.append("consider pallidal DBS (toxin-refractory cervical dystonia, Volkmann et al. 2014)")
        else:
            steps += list(botulinum.nonresponse_workup(toxin_response, antibody_test_shows_no_weakness))
            steps.append("if still refractory: consider pallidal DBS (toxin-refractory cervical dystonia, "
                         "Volkmann et al. 2014)")
    else:
        if not oral_drugs_failed:
            steps.append("oral drugs: trihexyphenidyl (best tolerated when young), then benzodiazepines or baclofen")
        steps.append("consider pallidal DBS")
    if gene is not None and any("DBS" in s for s in steps):
        steps.append(f"genotype {genes.GENES[gene]['name']}: {genes.treatment_implication(gene)}")
    return steps


# --- chapter 3: a clinic list of virtual patients ---------------------------------------------
#: The next step of each branch of :func:`treatment_pathway`, as the short codes chapter 3 uses.
NEXT_STEPS = ("levodopa trial", "continue levodopa", "botulinum toxin", "continue toxin", "antibody test",
              "switch toxin", "review injections", "oral drugs", "pallidal DBS")
_FOCAL_REGIONS = (["neck"], ["right_arm"], ["eyes"], ["neck", "right_arm"], ["right_leg"])
_WIDE_REGIONS = (["trunk", "neck", "left_arm"], ["trunk", "right_leg", "left_leg"], ["neck", "right_leg"],
                 ["trunk", "neck", "right_arm", "left_arm"])


def virtual_patients(seed=None, n_patients=6):
    """A clinic list of ``n_patients`` dystonia patients, each at a different point of the pathway.

    Each patient is built to reach one branch of :func:`treatment_pathway` (drawn without
    repetition while branches remain): a levodopa trial due, a dopa-responsive patient,
    toxin not yet tried, a responder, a secondary non-responder before and after an
    antibody test, a primary non-responder, a refractory patient after the work-up, and a
    generalized dystonia before and after oral drugs.  Onset ages and regions are drawn to
    match (course design).

    Returns
    -------
    list of dict
        Each: ``age_at_onset_years`` (int), ``regions`` (list), ``levodopa_trial``
        ("not done", "no benefit", "sustained benefit"), ``toxin`` (None, or a dict with
        ``ever_responded``, ``benefit_fraction`` (latest cycle / best earlier one),
        ``antibody_test`` ("not done", "weakness", "no weakness") and ``workup_done``),
        ``oral_drugs_failed`` (bool).

    Examples
    --------
    >>> [sorted(p) for p in virtual_patients(seed=1, n_patients=1)][0][:3]
    ['age_at_onset_years', 'levodopa_trial', 'oral_drugs_failed']
    """
    from .checks import as_generator, check_number
    n = check_number(n_patients, "n_patients", low=1, high=100, integer=True)
    rng = as_generator(seed)
    branches = []
    while len(branches) < n:
        branches += list(rng.permutation(10))
    patients = []
    for b in branches[:n]:
        b = int(b)
        early = b in (0, 1) or rng.random() < 0.3
        onset = int(rng.integers(5, 27)) if early else int(rng.integers(27, 71))
        wide = b in (8, 9)
        regions = list(_WIDE_REGIONS[rng.integers(len(_WIDE_REGIONS))] if wide
                       else _FOCAL_REGIONS[rng.integers(len(_FOCAL_REGIONS))])
        trial = "not done" if b == 0 else ("sustained benefit" if b == 1 else ("no benefit" if early else "not done"))
        toxin = None
        if b == 3:
            toxin = {"ever_responded": True, "benefit_fraction": round(float(rng.uniform(0.4, 1.0)), 2),
                     "antibody_test": "not done", "workup_done": False}
        elif b in (4, 5):
            toxin = {"ever_responded": True, "benefit_fraction": round(float(rng.uniform(0.0, 0.2)), 2),
                     "antibody_test": "not done" if b == 4 else "no weakness", "workup_done": False}
        elif b == 6:
            primary = bool(rng.random() < 0.5)
            toxin = {"ever_responded": not primary, "benefit_fraction": round(float(rng.uniform(0.0, 0.2)), 2),
                     "antibody_test": "not done" if primary else "weakness", "workup_done": False}
        elif b == 7:
            toxin = {"ever_responded": bool(rng.random() < 0.5),
                     "benefit_fraction": round(float(rng.uniform(0.0, 0.2)), 2),
                     "antibody_test": "weakness", "workup_done": True}
        patients.append({"age_at_onset_years": onset, "regions": regions, "levodopa_trial": trial,
                         "toxin": toxin, "oral_drugs_failed": b == 9})
    return patients
