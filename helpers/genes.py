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
from .checks import as_generator, check_number, check_option

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


#: What a genetic result predicts for pallidal DBS, in one word (a teaching summary of the
#: sources in :data:`GENES`): "levodopa" (dopa-responsive dystonia: treat with levodopa,
#: DBS is not the question), "good" (DYT-TOR1A: -68 % BFMDRS motor score, Artusi et al.
#: 2020; DYT-KMT2B: substantial, sustained benefit, Meyer et al. 2017; DYT-SGCE: myoclonus
#: and dystonia both improve, Azoulay-Zyss et al. 2011), "variable" (DYT-THAP1: -37 %,
#: Artusi et al. 2020; 57 % responders against 90 %, Brüggemann et al. 2015), "poor"
#: (DYT/PARK-ATP1A3: little response, Brashear et al. 2007).  All observational.
DBS_OUTLOOK = {"GCH1": "levodopa", "TOR1A": "good", "KMT2B": "good", "SGCE": "good", "THAP1": "variable",
               "ATP1A3": "poor"}


def dbs_outlook(gene):
    """One-word summary of what a genotype predicts for pallidal DBS (see :data:`DBS_OUTLOOK`).

    >>> dbs_outlook("THAP1"), dbs_outlook("GCH1")
    ('variable', 'levodopa')
    """
    return DBS_OUTLOOK[check_option(gene, "gene", tuple(DBS_OUTLOOK))]


#: Phenotypes the virtual clinic draws for a patient whose gene is already known
#: (region, onset age range in years, myoclonus), following the ``phenotype`` entries of
#: :data:`GENES` (course design).
_KNOWN_GENE_PHENOTYPE = {"TOR1A": ("limb", (6, 21), False), "THAP1": ("cranio-cervical", (10, 26), False),
                         "KMT2B": ("limb", (3, 11), False), "SGCE": ("trunk", (3, 19), True),
                         "GCH1": ("limb", (3, 13), False), "ATP1A3": ("cranio-cervical", (14, 31), False)}


def sim_clinic(seed=None, n_patients=8):
    """A virtual genetics clinic: ``n_patients`` patients with isolated dystonia (course design).

    About 60 % have no genetic result yet: onset age 3-60 years, onset region limb,
    cranio-cervical or trunk, myoclonus in 15 %, an affected relative with early
    onset in 20 %, a family history in 25 %.  The others already carry a result in one of the
    genes of :data:`DBS_OUTLOOK`, with a phenotype that fits it.

    Returns
    -------
    list of dict
        Each with ``age_at_onset_years`` (float), ``onset_region``, ``myoclonus``,
        ``relative_with_early_onset``, ``familial`` (bools) and ``gene_found`` (a gene
        symbol or None).

    >>> clinic = sim_clinic(5)
    >>> len(clinic), sorted(clinic[0])[:2]
    (8, ['age_at_onset_years', 'familial'])
    """
    rng = as_generator(seed)
    n = check_number(n_patients, "n_patients", low=1, high=100, integer=True)
    clinic = []
    for _ in range(n):
        if rng.random() < 0.6:
            patient = {"age_at_onset_years": float(rng.integers(3, 61)),
                       "onset_region": str(rng.choice(ONSET_REGIONS)),
                       "myoclonus": bool(rng.random() < 0.15),
                       "relative_with_early_onset": bool(rng.random() < 0.2),
                       "familial": bool(rng.random() < 0.25), "gene_found": None}
        else:
            gene = str(rng.choice(list(_KNOWN_GENE_PHENOTYPE)))
            region, (lo, hi), myoclonus = _KNOWN_GENE_PHENOTYPE[gene]
            patient = {"age_at_onset_years": float(rng.integers(lo, hi)), "onset_region": region,
                       "myoclonus": myoclonus, "relative_with_early_onset": bool(rng.random() < 0.3),
                       "familial": bool(rng.random() < 0.5), "gene_found": gene}
        clinic.append(patient)
    return clinic
