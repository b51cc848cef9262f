"""Chapter 2's virtual patients (per-student data) and the genotype-to-DBS summary.

The case generators feed graded per-student problems, so they must be deterministic, cheap
(a student-data cell has < 50 ms), varied enough that two students rarely share a case, and
inside the ranges their docstrings promise.
"""
import time

import numpy as np
import pytest

from helpers import botulinum, classification, dbs, genes, programming, ratings

GENERATORS = [classification.sim_bfmdrs_patient, ratings.sim_rater_study, botulinum.sim_toxin_response,
              botulinum.sim_botox_plan, botulinum.sim_injection_history, dbs.sim_stimulation_target,
              dbs.sim_voltage_setting, dbs.sim_setting_pair, programming.sim_segment_setting, genes.sim_clinic]


def _plain(case):
    """A comparable form of a case (arrays become lists)."""
    if isinstance(case, dict):
        return {k: _plain(v) for k, v in case.items()}
    if isinstance(case, (list, tuple)):
        return [_plain(v) for v in case]
    if isinstance(case, np.ndarray):
        return case.tolist()
    return case


@pytest.mark.parametrize("make", GENERATORS, ids=lambda f: f.__name__)
def test_generators_are_deterministic_cheap_and_varied(make):
    assert _plain(make(12345)) == _plain(make(12345)), "same seed, same patient"
    assert _plain(make(np.random.default_rng(7))) == _plain(make(7)), "a Generator and its int seed agree"
    start = time.perf_counter()
    cases = [repr(_plain(make(seed))) for seed in range(200)]
    per_case_s = (time.perf_counter() - start) / 200
    assert per_case_s < 0.01, f"{make.__name__} takes {per_case_s * 1e3:.1f} ms (a data cell has 50 ms)"
    # per-student checks compare neighbouring students: a few repeats among 200 are harmless
    assert len(set(cases)) >= 185, f"{make.__name__}: only {len(set(cases))} distinct cases in 200 seeds"
    with pytest.raises(ValueError, match="seed"):
        make(-1)


def test_bfmdrs_patients_always_mix_half_and_full_weights():
    for seed in range(300):
        before, after = classification.sim_bfmdrs_patient(seed)
        assert 3 <= len(before) <= 6 and set(after) <= set(before)
        weights = {classification.BFMDRS_WEIGHTS[r] for r in before}
        assert weights == {0.5, 1.0}, "forgetting the 0.5 weights must change the score"
        for p, s in list(before.values()) + list(after.values()):
            assert 0 <= p <= 4 and 0 <= s <= 4 and float(p).is_integer() and float(s).is_integer()
        assert classification.bfmdrs_movement_score(before) > 0


def test_rater_studies_have_a_rater_bias_and_trial_like_reliability():
    """ICC(2,1) spans the TWSTRS range (0.70 for the TWSTRS-2 total, Comella 2015; 0.87-0.88, Kassaye 2024)."""
    iccs, consistency_gap = [], []
    for seed in range(300):
        s = ratings.sim_rater_study(seed)
        a, b = s["rater_a"], s["rater_b"]
        assert a.shape == b.shape and a.size % 2 == 1 and 9 <= a.size <= 15
        assert np.all((0 <= a) & (a <= 85)) and np.all(np.round(a) == a)
        assert 4 <= s["before"] - s["after"] <= 22
        table = np.column_stack([a, b])
        iccs.append(ratings.icc(table, "2,1"))
        consistency_gap.append(ratings.icc(table, "3,1") - iccs[-1])
    assert 0.75 <= np.median(iccs) <= 0.92
    assert np.percentile(iccs, 10) > 0.6
    # the rater bias makes absolute agreement lower than consistency in nearly every study
    assert np.mean(np.array(consistency_gap) > 1e-3) >= 0.95


def test_toxin_cases_reach_their_threshold_and_stay_in_a_muscles_range():
    """One muscle's dose stays within the per-muscle ranges (at most 100 U, below Odergren's 152 U session mean)."""
    top = max(m["max"] for m in botulinum.MUSCLES.values())
    for seed in range(300):
        case = botulinum.sim_toxin_response(seed)
        peak = botulinum.dose_response(case["dose_units"], case["ed50_units"])
        assert 0.05 <= case["threshold"] < peak
        assert 20 <= case["dose_units"] <= top == 100 and 20 <= case["ed50_units"] <= 60


def test_botox_plans_stay_within_each_muscles_range():
    for seed in range(300):
        plan = botulinum.sim_botox_plan(seed)
        for muscle, units in plan.items():
            info = botulinum.MUSCLES[muscle]
            assert info["min"] <= units <= info["max"] and units % 5 == 0


def test_injection_histories_cover_all_three_courses():
    kinds = set()
    for seed in range(300):
        h = botulinum.sim_injection_history(seed)
        days = np.array(h["injection_days"])
        assert days[0] == 0 and np.all(np.diff(days) >= 14)
        benefit = h["benefit_fractions"]
        last_ok = benefit[-1] >= 0.25
        earlier_ok = any(b >= 0.25 for b in benefit[:-1])
        kinds.add("responder" if last_ok else "secondary" if earlier_ok else "primary")
        assert all(100 <= d <= 300 for d in h["doses_units"])
    assert kinds == {"responder", "secondary", "primary"}


def test_dbs_settings_are_clinical_and_avoid_the_revealing_values():
    for seed in range(300):
        goal = dbs.sim_stimulation_target(seed)
        assert goal["pulse_width_us"] != dbs.REFERENCE_PULSE_WIDTH_US, "at 90 µs the strength-duration factor is 1"
        s = dbs.sim_voltage_setting(seed)
        assert 500 <= s["impedance_ohm"] <= 1500 and 1.5 <= s["amplitude_V"] <= 5.0
        a, b = dbs.sim_setting_pair(seed)
        assert a["impedance_ohm"] == b["impedance_ohm"] and a["frequency_hz"] == b["frequency_hz"]
        ta = dbs.teed_uJ_per_s(voltage_V=a["voltage_V"], frequency_hz=a["frequency_hz"],
                               pulse_width_us=a["pulse_width_us"], impedance_ohm=a["impedance_ohm"])
        tb = dbs.teed_uJ_per_s(voltage_V=b["voltage_V"], frequency_hz=b["frequency_hz"],
                               pulse_width_us=b["pulse_width_us"], impedance_ohm=b["impedance_ohm"])
        assert ta > 0 and tb > 0
        seg = programming.sim_segment_setting(seed)
        assert dbs.charge_safety(seg["amplitude_mA"], seg["pulse_width_us"])["within_limit"], (
            "every segment setting is safe on a full ring: only the segment's smaller area can break the limit")


def test_dbs_outlook_follows_the_cited_outcomes():
    """Artusi et al. 2020: TOR1A -68 % vs THAP1 -37 %; GCH1 is treated with levodopa (Albanese et al. 2011)."""
    by_gene = genes.DBS_OUTCOME_BY_GENE["artusi_2020_bfmms_pct"]
    assert by_gene["TOR1A"] > by_gene["THAP1"]
    assert genes.dbs_outlook("TOR1A") == "good" and genes.dbs_outlook("THAP1") == "variable"
    assert genes.dbs_outlook("GCH1") == "levodopa" and genes.dbs_outlook("ATP1A3") == "poor"
    assert set(genes.DBS_OUTLOOK) <= set(genes.GENES)
    with pytest.raises(ValueError, match="gene"):
        genes.dbs_outlook("GNAL")


def test_virtual_clinic_mixes_known_and_unknown_genotypes():
    clinic = [p for seed in range(100) for p in genes.sim_clinic(seed)]
    known = [p for p in clinic if p["gene_found"]]
    assert 0.3 < len(known) / len(clinic) < 0.5
    assert {p["gene_found"] for p in known} == set(genes.DBS_OUTLOOK)
    unknown = [p for p in clinic if not p["gene_found"]]
    assert {p["onset_region"] for p in unknown} == set(genes.ONSET_REGIONS)
    # every rule of the EFNS guideline is exercised by some patient
    tests = [tuple(genes.genes_to_test(p["age_at_onset_years"], p["onset_region"],
                                       relative_with_early_onset=p["relative_with_early_onset"],
                                       familial=p["familial"], myoclonus=p["myoclonus"])) for p in unknown]
    assert {g for t in tests for g in t} == {"TOR1A", "THAP1", "SGCE"} and () in tests


def test_two_raters_figure_has_labelled_axes_and_the_bland_altman_bias():
    import matplotlib.pyplot as plt
    from helpers.plots.ratings import plot_two_raters
    study = ratings.sim_rater_study(3)
    fig = plot_two_raters(study["rater_a"], study["rater_b"])
    try:
        assert len(fig.axes) == 2
        for ax in fig.axes:
            assert ax.has_data() and "(points)" in ax.get_xlabel() and "(points)" in ax.get_ylabel()
        bias = ratings.bland_altman(study["rater_b"], study["rater_a"])["bias"]
        lines = [line.get_ydata()[0] for line in fig.axes[1].get_lines()[1:2]]
        assert lines == [pytest.approx(bias)]
    finally:
        plt.close(fig)
