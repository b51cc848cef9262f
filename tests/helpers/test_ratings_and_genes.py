"""ratings (reliability) and genes (table, testing rules)."""
import numpy as np
import pytest

from helpers import genes, ratings

#: Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges.
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


def test_icc_reproduces_shrout_and_fleiss_1979():
    """Shrout & Fleiss 1979, Table 4: ICC(1,1) = .17, ICC(2,1) = .29, ICC(3,1) = .71."""
    assert ratings.icc(SHROUT_FLEISS, "1,1") == pytest.approx(0.17, abs=0.005)
    assert ratings.icc(SHROUT_FLEISS, "2,1") == pytest.approx(0.29, abs=0.005)
    assert ratings.icc(SHROUT_FLEISS, "3,1") == pytest.approx(0.71, abs=0.005)


def test_icc_of_identical_raters_is_one_and_bad_input_raises():
    x = np.column_stack([np.arange(10.0), np.arange(10.0)])
    for form in ratings.ICC_FORMS:
        assert ratings.icc(x, form) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="raters"):
        ratings.icc(np.arange(5.0)[:, None])
    with pytest.raises(ValueError, match="form"):
        ratings.icc(x, "2,k")


def test_weighted_kappa_gives_partial_credit_for_near_misses():
    a = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]
    b = [1, 2, 3, 4, 3, 0, 1, 2, 3, 4]      # five off-by-one disagreements
    plain = ratings.cohen_kappa(a, b)
    linear = ratings.cohen_kappa(a, b, weights="linear")
    quad = ratings.cohen_kappa(a, b, weights="quadratic")
    assert plain < linear < quad < 1.0
    # hand value of the unweighted kappa: observed agreement 0.5, chance agreement 0.2 -> 0.375
    assert plain == pytest.approx((0.5 - 0.2) / (1 - 0.2))
    with pytest.raises(ValueError, match="categories"):
        ratings.cohen_kappa([0, 5], [0, 1], categories=[0, 1])


def test_bland_altman_limits_and_mcic():
    out = ratings.bland_altman([10, 12, 14, 16], [9, 12, 13, 17])
    assert out["bias"] == 0.25 and out["upper"] - out["lower"] == pytest.approx(2 * 1.96 * out["sd"])
    assert ratings.TWSTRS_MCIC_POINTS["espay_2018"] == 11.9
    assert ratings.is_clinically_important_change(43.4, 43.4 - 11.9)
    assert not ratings.is_clinically_important_change(43.4, 43.4 - 11.8)


def test_efns_2011_genetic_testing_rules():
    """Albanese et al. 2011: DYT1 for limb onset before 30 or an affected early-onset relative; DYT6 for
    early-onset or familial cranio-cervical dystonia or after DYT1 exclusion; DYT11 for early-onset myoclonus."""
    assert genes.genes_to_test(29, "limb") == ["TOR1A"]
    assert genes.genes_to_test(31, "limb") == []
    assert genes.genes_to_test(50, "cranio-cervical", relative_with_early_onset=True) == ["TOR1A"]
    assert genes.genes_to_test(50, "cranio-cervical", familial=True) == ["THAP1"]
    assert genes.genes_to_test(14, "limb", tor1a_negative=True) == ["THAP1"]
    assert genes.genes_to_test(10, "trunk", myoclonus=True) == ["SGCE"]
    with pytest.raises(ValueError, match="onset_region"):
        genes.genes_to_test(10, "foot")


def test_gene_table_and_dbs_outcomes_match_artusi_2020_and_bruggemann_2015():
    """Artusi et al. 2020: BFMDRS motor -68 % DYT-TOR1A, -37 % DYT-THAP1; Brüggemann et al. 2015: THAP1 -32 %
    early but -42 % late, comparable to TOR1A (-44 %)."""
    assert genes.GENES["TOR1A"]["penetrance"] == 0.30
    assert genes.dbs_expected_improvement_pct("TOR1A") == 68.0
    assert genes.dbs_expected_improvement_pct("THAP1") == 37.0
    assert genes.dbs_expected_improvement_pct("GNAL") is None
    early, late = genes.DBS_OUTCOME_BY_GENE["bruggemann_2015_early_pct"], genes.DBS_OUTCOME_BY_GENE["bruggemann_2015_late_pct"]
    assert early["THAP1"] > early["TOR1A"] and abs(late["THAP1"] - late["TOR1A"]) < 5
    for entry in genes.GENES.values():
        assert entry["sources"] and entry["name"].startswith("DYT")
        assert entry["penetrance"] is None or 0 < entry["penetrance"] < 1


def test_toxin_nonresponse_follows_the_british_neurotoxin_network_workup():
    """Marion et al. 2016: test immunoresistance (frontalis or EDB test) in secondary non-response; if
    immunoresistant consider a holiday, BoNT-B or another type A product; otherwise review technique
    with EMG or ultrasound guidance, muscle selection and dose.  Tucker et al. 2021: 25 of 42 suboptimal
    responders (60 %) recovered with dose, muscle or technique changes, so one poor cycle is reviewed first
    and a loss is a secondary non-response only over 2 consecutive poor cycles."""
    from helpers import botulinum
    assert botulinum.classify_response(True, 0.1, 2) == "secondary non-response"
    assert botulinum.classify_response(True, 0.1, 1) == "single poor cycle"
    assert botulinum.classify_response(False, 0.1) == "primary non-response"
    assert botulinum.classify_response(True, 0.25, 3) == "responder"
    assert "frontalis" in botulinum.nonresponse_workup("secondary non-response")[0]
    assert "switch to botulinum toxin type B" in botulinum.nonresponse_workup("secondary non-response", True)
    assert not any("DBS" in s for s in botulinum.nonresponse_workup("secondary non-response", True))
    assert any("ultrasound" in s for s in botulinum.nonresponse_workup("primary non-response"))
    assert botulinum.nonresponse_workup("single poor cycle")[0].startswith("review injection technique")
    flags = botulinum.antibody_risk_flags([0, 20, 60, 150], [300, 100, 300, 400])
    assert any("booster" in f for f in flags) and any("cumulative" in f for f in flags)
    with pytest.raises(ValueError, match="ever_responded"):
        botulinum.classify_response("yes", 0.1)
    with pytest.raises(ValueError, match="poor_cycles"):
        botulinum.classify_response(True, 0.1, 0)


def test_treatment_pathway_follows_efns_2011():
    from helpers import classification, treatment
    child_focal = classification.classify_axis1(8, {"right_leg"})
    assert treatment.treatment_pathway(child_focal) == ["levodopa trial"]
    assert "levodopa" in treatment.treatment_pathway(child_focal, levodopa_response=True)[0]
    assert treatment.treatment_pathway(child_focal, levodopa_response=False) == ["botulinum toxin"]
    gen = classification.classify_axis1(9, {"trunk", "right_leg", "left_leg"})
    steps = treatment.treatment_pathway(gen, levodopa_response=False, gene="TOR1A")
    assert steps[0].startswith("oral drugs") and steps[1].startswith("consider pallidal DBS") and "TOR1A" in steps[2]
    adult_cd = classification.classify_axis1(50, {"neck"})
    refractory = treatment.treatment_pathway(adult_cd, toxin_response="secondary non-response")
    assert "immunoresistance" in refractory[0] and "Volkmann" in refractory[-1]
    with pytest.raises(ValueError, match="toxin_response"):
        treatment.treatment_pathway(adult_cd, toxin_response="bad")
