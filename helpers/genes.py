"""Genes of isolated and combined dystonia beyond TOR1A: a cited table, testing rules, treatment links.

Names follow the MDS system (gene after the phenotype prefix, e.g. DYT-TOR1A;
Marras et al. 2016), with the old locus symbols kept for reading older papers.
The table is for teaching: penetrance is given as a number only where the
course has a source for it; elsewhere it is described.  Testing today usually
uses gene panels or exome sequencing; the rules in :func:`genes_to_test` are the
EFNS guideline's (Albanese et al. 2011), which predate panels.

How genotype changes treatment (all evidence observational):

- DYT/PARK-GCH1 (dopa-responsive dystonia): a sustained, often dramatic
  response to low-dose levodopa, which is why every early-onset dystonia gets a
  levodopa trial (Albanese et al. 2011).
- Pallidal DBS: in a meta-analysis of monogenic dystonias, BFMDRS motor scores
  improved by 68 % in DYT-TOR1A and 37 % in DYT-THAP1 (NBIA/DYT-PANK2 27 %); only
  DYT-TOR1A improved in disability (69 %) (Artusi et al. 2020).  DYT-THAP1
  responds less and more variably early on (−32 % against −60 % for DYT-TOR1A at
  1-16 months) but comparably at 22-92 months (−42 % against −44 %;
  Brüggemann et al. 2015).  Myoclonus-dystonia (DYT-SGCE) usually responds well
  (Tisch & Kumar 2021 review).
"""
from .checks import check_number, check_option

#: The gene table.  ``penetrance`` is a number only where sourced; ``penetrance_note``
#: describes it otherwise.  Sources are named per entry.
GENES = {
    "TOR1A": {
        "name": "DYT-TOR1A", "old_locus": "DYT1", "inheritance": "autosomal dominant",
        "penetrance": 0.30, "penetrance_note": "about 30 % (Ozelius et al. 1997)",
        "onset": "childhood or adolescence, almost always before 26-30 years",
        "phenotype": "isolated dystonia starting in a limb, often generalizing; cranial involvement uncommon",
        "treatment": "pallidal DBS works well (BFMDRS motor -68 %, Artusi et al. 2020)",
        "dbs_bfmms_improvement_pct": 68.0,
        "sources": "Ozelius et al. 1997; Bressman et al. 2000; Artusi et al. 2020",
    },
    "THAP1": {
        "name": "DYT-THAP1", "old_locus": "DYT6", "inheritance": "autosomal dominant",
        "penetrance": None, "penetrance_note": "reduced",
        "onset": "adolescence or early adulthood",
        "phenotype": "isolated dystonia with prominent cranio-cervical and laryngeal (speech) involvement",
        "treatment": "pallidal DBS helps less and more variably at first (-37 %, Artusi et al. 2020; "
                     "-32 % early, -42 % late, Brüggemann et al. 2015)",
        "dbs_bfmms_improvement_pct": 37.0,
        "sources": "Albanese et al. 2011; Brüggemann et al. 2015; Artusi et al. 2020",
    },
    "GNAL": {
        "name": "DYT-GNAL", "old_locus": "DYT25", "inheritance": "autosomal dominant",
        "penetrance": None, "penetrance_note": "reduced",
        "onset": "adulthood",
        "phenotype": "isolated cervical or cranio-cervical dystonia, sometimes spreading",
        "treatment": "as for idiopathic focal or segmental dystonia (toxin first)",
        "dbs_bfmms_improvement_pct": None,
        "sources": "Fuchs et al. 2013",
    },
    "KMT2B": {
        "name": "DYT-KMT2B", "old_locus": "DYT28", "inheritance": "autosomal dominant, often de novo",
        "penetrance": None, "penetrance_note": "high in reported cases",
        "onset": "childhood",
        "phenotype": "lower-limb onset progressing to generalized dystonia with prominent cervical, cranial "
                     "and laryngeal involvement",
        "treatment": "pallidal DBS often gives substantial, sustained benefit (Meyer et al. 2017)",
        "dbs_bfmms_improvement_pct": None,
        "sources": "Meyer et al. 2017",
    },
    "GCH1": {
        "name": "DYT/PARK-GCH1", "old_locus": "DYT5a", "inheritance": "autosomal dominant",
        "penetrance": None, "penetrance_note": "reduced, higher in women",
        "onset": "childhood",
        "phenotype": "dopa-responsive dystonia: often starts focally in a leg (foot dystonia when walking), "
                     "worse later in the day; parkinsonism may follow",
        "treatment": "low-dose levodopa, sustained response; the reason for the levodopa trial",
        "dbs_bfmms_improvement_pct": None,
        "sources": "Albanese et al. 2011 (levodopa trial rule)",
    },
    "SGCE": {
        "name": "DYT-SGCE", "old_locus": "DYT11", "inheritance": "autosomal dominant, maternally imprinted "
                                                               "(expressed mostly when inherited from the father)",
        "penetrance": None, "penetrance_note": "high on paternal, low on maternal transmission",
        "onset": "childhood or adolescence",
        "phenotype": "myoclonus-dystonia: upper-body myoclonic jerks with cervical or arm dystonia, often "
                     "alcohol-responsive",
        "treatment": "pallidal DBS usually works well for both myoclonus and dystonia",
        "dbs_bfmms_improvement_pct": None,
        "sources": "Albanese et al. 2011 (testing rule); Tisch & Kumar 2021",
    },
    "ANO3": {
        "name": "DYT-ANO3", "old_locus": "DYT24", "inheritance": "autosomal dominant",
        "penetrance": None, "penetrance_note": "reduced",
        "onset": "adulthood (variable)",
        "phenotype": "cranio-cervical dystonia with prominent tremor",
        "treatment": "as for focal or segmental dystonia",
        "dbs_bfmms_improvement_pct": None,
        "sources": "Charlesworth et al. 2012",
    },
    "ATP1A3": {
        "name": "DYT/PARK-ATP1A3", "old_locus": "DYT12", "inheritance": "autosomal dominant, often de novo",
        "penetrance": None, "penetrance_note": "reduced",
        "onset": "adolescence or early adulthood, abrupt (hours to weeks), often after a trigger",
        "phenotype": "rapid-onset dystonia-parkinsonism with a rostro-caudal gradient (face and arms worst)",
        "treatment": "little response to levodopa or DBS",
        "dbs_bfmms_improvement_pct": None,
        "sources": "Brashear et al. 2007",
    },
}

#: Pallidal DBS outcome by genotype, BFMDRS motor score change (%).
DBS_OUTCOME_BY_GENE = {
    "artusi_2020_bfmms_pct": {"TOR1A": 68.0, "THAP1": 37.0, "PANK2": 27.0},
    "artusi_2020_bfmds_pct": {"TOR1A": 69.0},
    "bruggemann_2015_early_pct": {"TOR1A": -60.0, "THAP1": -32.0, "non-monogenic": -52.0},
    "bruggemann_2015_late_pct": {"TOR1A": -44.0, "THAP1": -42.0, "non-monogenic": -61.0},
    "bruggemann_2015_responders": {"THAP1": 0.57, "others": 0.90},
}

ONSET_REGIONS = ("limb", "cranio-cervical", "trunk")
#: EFNS age limits (Albanese et al. 2011): DYT1 testing for limb onset before 30 years;
#: "early onset" for the levodopa trial and DYT6/DYT11 rules, taken here as <= 26 years
#: (Bressman et al. 2000).
TOR1A_TEST_MAX_ONSET_YEARS = 30.0
EARLY_ONSET_MAX_YEARS = 26.0


def genes_to_test(age_at_onset_years, onset_region, *, relative_with_early_onset=False, familial=False,
                  myoclonus=False, tor1a_negative=False):
    """Genetic tests the EFNS guideline recommends for isolated dystonia (Albanese et al. 2011).

    - TOR1A: limb onset before 30 years, or an affected relative with early onset.
    - THAP1: early-onset or familial cranio-cervical dystonia, or after TOR1A is excluded.
    - SGCE: early-onset myoclonus (myoclonus-dystonia).

    Every early-onset patient also gets a levodopa trial, which is not a genetic test
    (see :func:`helpers.classification.suggested_first_line`).

    Parameters
    ----------
    age_at_onset_years : float
    onset_region : {"limb", "cranio-cervical", "trunk"}
    relative_with_early_onset, familial, myoclonus, tor1a_negative : bool

    Returns
    -------
    list of str
        Gene symbols, in the order of the guideline.

    Examples
    --------
    >>> genes_to_test(9, "limb")
    ['TOR1A']
    >>> genes_to_test(17, "cranio-cervical")
    ['THAP1']
    >>> genes_to_test(12, "limb", myoclonus=True, tor1a_negative=True)
    ['THAP1', 'SGCE']
    >>> genes_to_test(45, "cranio-cervical")
    []
    """
    age = check_number(age_at_onset_years, "age_at_onset_years", low=0.0, high=120.0)
    region = check_option(onset_region, "onset_region", ONSET_REGIONS)
    early = age <= EARLY_ONSET_MAX_YEARS
    tests = []
    if not tor1a_negative and ((region == "limb" and age < TOR1A_TEST_MAX_ONSET_YEARS) or relative_with_early_onset):
        tests.append("TOR1A")
    if (region == "cranio-cervical" and (early or familial)) or (tor1a_negative and early):
        tests.append("THAP1")
    if myoclonus and early:
        tests.append("SGCE")
    return tests


def treatment_implication(gene):
    """What the genotype adds to the treatment decision (one sentence from :data:`GENES`).

    >>> treatment_implication("GCH1").startswith("low-dose levodopa")
    True
    """
    check_option(gene, "gene", tuple(GENES))
    return GENES[gene]["treatment"]


def dbs_expected_improvement_pct(gene):
    """Mean BFMDRS motor improvement after pallidal DBS for a genotype (Artusi et al. 2020), or None.

    >>> dbs_expected_improvement_pct("TOR1A") - dbs_expected_improvement_pct("THAP1")
    31.0
    """
    check_option(gene, "gene", tuple(GENES) + ("PANK2",))
    return DBS_OUTCOME_BY_GENE["artusi_2020_bfmms_pct"].get(gene)
