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
                      toxin_response=None, oral_drugs_failed=False):
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
        else:
            steps += list(botulinum.nonresponse_workup(toxin_response))
            steps.append("if still refractory: consider pallidal DBS (toxin-refractory cervical dystonia, "
                         "Volkmann et al. 2014)")
    else:
        if not oral_drugs_failed:
            steps.append("oral drugs: trihexyphenidyl (best tolerated when young), then benzodiazepines or baclofen")
        steps.append("consider pallidal DBS")
    if gene is not None and any("DBS" in s for s in steps):
        steps.append(f"genotype {genes.GENES[gene]['name']}: {genes.treatment_implication(gene)}")
    return steps
