"""Chapter 3 helpers: virtual patients, the best achievable plan and setting, and the hands-on figures."""
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy import signal  # noqa: E402

from helpers import botulinum, classification, dbs, emg, oscillations, programming, tms, treatment  # noqa: E402
from helpers.explorers import base  # noqa: E402
from helpers.explorers import hands_on as explorers  # noqa: E402
from helpers.plots import hands_on as plots  # noqa: E402
from reference_optimisers import reference_plan, reference_settings  # noqa: E402


def _fw(a, b):
    return 200.0 * np.minimum(a, b).sum() / (a + b).sum()


# --- EMG -------------------------------------------------------------------------------------------
def test_mvc_trial_is_full_activation_scaled_by_the_electrode_gain():
    """Rectified Gaussian noise of SD s has mean s·sqrt(2/pi): during the MVC, mean |EMG| = gain·PEAK·0.798."""
    fs = 2000.0
    x = emg.mvc_trial(4.0, fs, gain=1.7, seed=4)
    plateau = np.abs(x[int(1.0 * fs):int(3.0 * fs)]).mean()
    assert plateau == pytest.approx(1.7 * emg.PEAK_EMG_MV * math.sqrt(2 / math.pi), rel=0.03)
    quiet = np.abs(x[:int(0.2 * fs)]).mean()
    assert quiet < 0.05 * plateau


def test_virtual_wrist_patients_are_reproducible_and_never_at_2_khz():
    a, b = emg.virtual_wrist_patients(seed=12), emg.virtual_wrist_patients(seed=12)
    assert np.array_equal(a["raw"]["X"]["flexor"], b["raw"]["X"]["flexor"])
    rates = {emg.virtual_wrist_patients(seed=s)["fs_hz"] for s in range(40)}
    assert 2000.0 not in rates and rates <= set(emg.VIRTUAL_FS_HZ) and len(rates) > 3


def test_normalised_index_finds_the_dystonic_patient_and_raw_millivolts_distort_it():
    """Falconer & Winter's index on %MVC envelopes separates the patients; on raw mV the electrode gain shifts it
    (Halaki & Ginn 2012: amplitude depends on electrode and tissue, hence normalisation)."""
    shifts = []
    for seed in range(30):
        rec = emg.virtual_wrist_patients(seed=seed)
        fs = rec["fs_hz"]
        norm = {}
        for n in ("X", "Y"):
            e = {m: emg.envelope(rec["raw"][n][m], fs) for m in ("flexor", "extensor")}
            p = {m: emg.envelope(rec["mvc"][n][m], fs).max() for m in ("flexor", "extensor")}
            norm[n] = _fw(e["flexor"] / p["flexor"], e["extensor"] / p["extensor"])
            shifts.append(abs(_fw(e["flexor"], e["extensor"]) - norm[n]))
        assert max(norm.values()) > 70 and min(norm.values()) < 40, "one co-contracting and one healthy patient"
    assert np.median(shifts) > 5.0 and max(shifts) > 25.0


# --- TMS -------------------------------------------------------------------------------------------
def test_virtual_session_blocks_and_state_effects():
    """Each block has its own test pulses; a contraction enlarges MEPs; control cut-offs lie between the models."""
    gm = tms.geometric_mean
    ratios = []
    for seed in range(30):
        s = tms.virtual_session(seed=seed)
        assert all(20 <= v.size <= 40 for v in s.values())
        ratios.append(gm(s["test_active_mV"]) / gm(s["test_rest_mV"]))
    assert np.median(ratios) > 1.1
    assert tms.PEAK_RATIO[False]["sici"] < tms.CONTROL_CUTOFF["sici_rest"] < tms.PEAK_RATIO[True]["sici"]
    assert tms.PEAK_RATIO[False]["lici"] < tms.CONTROL_CUTOFF["lici_active"] < tms.DYSTONIA_ACTIVE_LICI


# --- LFP -------------------------------------------------------------------------------------------
def test_virtual_recordings_show_suppression_of_theta_alpha_power_on_stimulation():
    """Barow et al. 2014: pallidal DBS suppresses low-frequency activity."""
    for seed in range(10):
        rec = oscillations.virtual_recordings(seed=seed)
        rel = []
        for key in ("lfp_off_uV", "lfp_on_uV"):
            f, p = oscillations.welch_psd(rec[key], rec["fs_hz"])
            rel.append(oscillations.band_power(f, p, (4, 12), relative=True))
        assert rel[1] < rel[0]


# --- toxin -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("naive", [False, True])
def test_best_net_benefit_matches_the_multistart_slsqp_reference(naive):
    """The greedy marginal-net-gain search over muscle subsets reaches the SLSQP optimum (35.62 for the default
    scenario; SLSQP's plan is rounded down to 0.5 U per site, so the greedy may be a little above it)."""
    sc = botulinum.default_scenario(toxin_naive=naive)
    _, ref = reference_plan(sc)
    assert ref == pytest.approx(35.6215, abs=1e-3)
    assert botulinum.best_net_benefit(sc) == pytest.approx(ref, rel=1e-3)
    assert botulinum.best_net_benefit(sc) >= ref - 1e-6


def test_best_net_benefit_on_virtual_and_old_hidden_scenarios():
    old_hidden = botulinum.cervical_scenario({"sternocleidomastoid_right": 0.7, "splenius_capitis_right": 0.8,
        "levator_scapulae_right": 0.9, "scalenes_right": 0.6, "trapezius_right": 0.5, "sternocleidomastoid_left": 0.0,
        "splenius_capitis_left": 0.0})
    assert botulinum.best_net_benefit(old_hidden) == pytest.approx(33.3665, rel=1e-3)
    for seed in (1, 5, 9):
        sc = botulinum.virtual_scenario(seed)
        _, ref = reference_plan(sc)
        assert botulinum.best_net_benefit(sc) == pytest.approx(ref, rel=2e-3)


def test_virtual_scenarios_follow_their_patterns_and_limits():
    naive = 0
    for seed in range(40):
        sc = botulinum.virtual_scenario(seed)
        pattern = botulinum.PATTERNS[sc["pattern"]]
        assert all(0.6 <= sc["involvement"][m] <= 1.0 for m in pattern["primary"])
        assert all(0.2 <= sc["involvement"][m] <= 0.7 for m in pattern["secondary"])
        others = set(botulinum.MUSCLES) - set(pattern["primary"]) - set(pattern["secondary"])
        assert all(sc["involvement"][m] == 0.0 for m in others)
        assert sc["session_max"] == (200.0 if sc["toxin_naive"] else 300.0)
        naive += sc["toxin_naive"]
    assert 5 < naive < 30


def test_virtual_toxin_patients_include_early_and_late_wear_off():
    """Typical patients wear off near day 79 (Odergren 1998: re-treatment at 81-84 days); some by week 8
    (Evidente & Pappert 2014), some later than 12 weeks."""
    days = []
    for seed in range(200):
        p = botulinum.virtual_toxin_patient(seed)
        d = int(np.floor(p["peak_days"])) + 1
        while botulinum.time_course(d, peak_days=p["peak_days"], shape_k=p["shape_k"]) >= p["wear_off"]:
            d += 1
        days.append(d)
    days = np.array(days)
    assert (days <= 56).any() and (days > 84).any()
    assert 65 <= np.median(days) <= 95


# --- classification and the pathway ---------------------------------------------------------------
def test_virtual_cervical_patients_are_valid_vignettes():
    dists, groups = set(), set()
    for seed in range(150):
        p = classification.virtual_cervical_patient(seed)
        assert "neck" in p["regions"] and p["age_now_years"] > p["age_at_onset_years"]
        assert all(0 <= v <= classification.TWSTRS_SEVERITY_ITEMS[k] for k, v in p["twstrs_items"].items())
        dists.add(classification.body_distribution(p["regions"]))
        groups.add(classification.age_at_onset_group(p["age_at_onset_years"]))
    assert dists == {"focal", "segmental", "multifocal"}
    assert {"adolescence", "early adulthood", "late adulthood"} <= groups


def _clinic_step(p):
    """The next step's code for one virtual clinic patient, read from treatment_pathway."""
    axis = classification.classify_axis1(p["age_at_onset_years"], p["regions"])
    tox = p["toxin"]
    kind = None if tox is None else botulinum.classify_response(tox["ever_responded"], tox["benefit_fraction"],
                                                                 tox["poor_cycles"])
    test = None if tox is None else {"not done": None, "weakness": False, "no weakness": True}[tox["antibody_test"]]
    steps = treatment.treatment_pathway(
        axis, age_at_onset_years=p["age_at_onset_years"],
        levodopa_response={"not done": None, "no benefit": False, "sustained benefit": True}[p["levodopa_trial"]],
        toxin_response=kind, oral_drugs_failed=p["oral_drugs_failed"], antibody_test_shows_no_weakness=test,
        workup_done=bool(tox and tox["workup_done"]))
    return treatment.step_code(steps[0])


def test_treatment_pathway_new_arguments_follow_bnn_2016_and_volkmann_2014():
    neck = classification.classify_axis1(55, {"neck"})
    kind = "secondary non-response"
    assert treatment.treatment_pathway(neck, toxin_response=kind)[0].startswith("test for immunoresistance")
    assert treatment.treatment_pathway(neck, toxin_response=kind, antibody_test_shows_no_weakness=True)[0] == "toxin holiday"
    assert treatment.treatment_pathway(neck, toxin_response=kind, antibody_test_shows_no_weakness=False)[0].startswith(
        "review injection technique")
    assert "Volkmann" in treatment.treatment_pathway(neck, toxin_response="primary non-response", workup_done=True)[0]


@pytest.mark.parametrize("regions,code", [
    ({"neck"}, "pallidal DBS"), ({"neck", "right_arm"}, "pallidal DBS"), ({"eyes", "neck"}, "pallidal DBS"),
    ({"eyes"}, "specialist options"), ({"right_arm"}, "specialist options"), ({"mouth"}, "specialist options"),
    ({"speech_swallowing"}, "specialist options"), ({"eyes", "right_arm"}, "specialist options")])
def test_only_refractory_cervical_and_segmental_dystonia_go_to_pallidal_dbs(regions, code):
    """EFNS (Albanese et al. 2011): DBS "particularly for primary generalized or cervical dystonia"; the
    sham-controlled trials: toxin-refractory cervical dystonia (Volkmann et al. 2014), generalized and
    segmental dystonia (Kupsch et al. 2006).  Refractory blepharospasm goes to another toxin or myectomy
    (Anderson et al. 1998), writer's cramp to retraining and oral drugs: never pallidal DBS."""
    axis = classification.classify_axis1(55, regions)
    for kind, test in (("primary non-response", None), ("secondary non-response", True),
                       ("secondary non-response", False), ("single poor cycle", None)):
        steps = treatment.treatment_pathway(axis, toxin_response=kind, antibody_test_shows_no_weakness=test,
                                            workup_done=True)
        assert treatment.step_code(steps[0]) == code
        before = treatment.treatment_pathway(axis, toxin_response=kind, antibody_test_shows_no_weakness=test)
        assert ("pallidal DBS" in before[-1]) == (code == "pallidal DBS")


def test_a_refractory_blepharospasm_writers_cramp_or_adult_leg_dystonia_is_never_graded_pallidal_dbs():
    """The clinic lists of 03b Problem 8 over 300 seeds: every refractory focal dystonia outside the neck gets
    specialist options, every adult focal leg dystonia a search for a secondary cause, and a refractory cervical
    dystonia still gets pallidal DBS."""
    seen = set()
    for seed in range(300):
        for p in treatment.virtual_patients(seed):
            code = _clinic_step(p)
            dist = classification.body_distribution(p["regions"])
            if dist == "focal" and p["regions"] != ["neck"]:
                assert code != "pallidal DBS", p
            if dist == "focal" and p["regions"][0].endswith("_leg") and p["age_at_onset_years"] > 26:
                assert code == "look for a secondary cause", p
            if p["toxin"] and p["toxin"]["workup_done"] and p["regions"] == ["neck"]:
                assert code == "pallidal DBS", p
                seen.add("refractory cervical")
            if p["toxin"] and p["toxin"]["workup_done"] and p["regions"] == ["eyes"]:
                seen.add("refractory blepharospasm")
    assert seen == {"refractory cervical", "refractory blepharospasm"}


def test_virtual_clinic_lists_reach_every_next_step():
    patients = treatment.virtual_patients(seed=3, n_patients=len(treatment.CLINIC_BRANCHES))
    assert {_clinic_step(p) for p in patients} == set(treatment.NEXT_STEPS)
    kinds = set()
    for seed in range(60):
        for p in treatment.virtual_patients(seed):
            tox = p["toxin"]
            if tox is not None:
                kinds.add(botulinum.classify_response(tox["ever_responded"], tox["benefit_fraction"], tox["poor_cycles"]))
    assert kinds == set(botulinum.NONRESPONSE_KINDS)


def test_best_coverage_and_teed_matches_the_reference_grid_search():
    """C* 0.824902 and E_min 78.7968 µW for the default scenario; 1.0 and 71.9055 for the (2.8, +0.12) capsule."""
    out = dbs.best_coverage_and_teed(dbs.default_scenario())
    ref = reference_settings()
    assert out["best_coverage"] == pytest.approx(ref["best_coverage"]) == pytest.approx(0.824902, abs=1e-6)
    assert out["least_teed_uJ_per_s"] == pytest.approx(ref["teed_uJ_per_s"]) == pytest.approx(78.7968, abs=1e-4)
    sc = dbs.default_scenario()
    sc.update({"impedance_ohm": [800.0, 1300.0, 900.0, 1000.0], "target_center_mm": (1.0, 4.4), "target_radius_mm": 1.8,
               "capsule_distance_mm": (2.8, 0.12), "optic_tract_below_tip_mm": 2.0})
    out = dbs.best_coverage_and_teed(sc)
    assert out["best_coverage"] == pytest.approx(1.0) and out["least_teed_uJ_per_s"] == pytest.approx(71.9055, abs=1e-4)
    with pytest.raises(ValueError, match="contacts"):
        dbs.best_coverage_and_teed(sc, contacts=[])


def test_virtual_leads_put_the_capsule_nearest_the_deepest_contacts():
    """Patel et al. 2021: the internal capsule borders the ventral GPi, so capsular thresholds rise with height."""
    faulty = 0
    for seed in range(100):
        lead = dbs.virtual_lead(seed)
        assert lead["capsule_distance_mm"][1] > 0
        status = [programming.impedance_status(z) for z in lead["impedance_ohm"]]
        faulty += status.count("normal") < 4
        assert status.count("normal") >= 3
        assert programming.choose_contact(programming.monopolar_review(lead)) is not None
    assert 20 < faulty < 60


def test_virtual_programmes_are_iso_radius_and_a_is_near_the_chronaxie():
    """B's amplitude gives A's activation radius (strength-duration, c = CHRONAXIE_US); TEED per radius is
    least near the chronaxie, so at equal frequency A always costs less energy."""
    for seed in range(30):
        p = dbs.virtual_programmes(seed)
        ra = dbs.activation_radius_mm(p["A"]["amplitude_mA"], p["A"]["pulse_width_us"])
        rb = dbs.activation_radius_mm(p["B"]["amplitude_mA"], p["B"]["pulse_width_us"])
        assert rb == pytest.approx(ra, rel=0.02)
        if p["B"]["frequency_hz"] == p["A"]["frequency_hz"]:
            teed = {k: dbs.teed_uJ_per_s(amplitude_mA=p[k]["amplitude_mA"], frequency_hz=p[k]["frequency_hz"],
                                         pulse_width_us=p[k]["pulse_width_us"], impedance_ohm=p["impedance_ohm"])
                    for k in "AB"}
            assert teed["A"] < teed["B"]


# --- figures and explorers ---------------------------------------------------------------------------
def _stub(*args, **kwargs):
    raise NotImplementedError()


def _envelope(x, fs):
    band = signal.butter(4, (20.0, 450.0), btype="bandpass", fs=fs, output="sos")
    low = signal.butter(4, 6.0, fs=fs, output="sos")
    return signal.sosfiltfilt(low, np.abs(signal.sosfiltfilt(band, x)))


@pytest.mark.parametrize("answered", [False, True])
def test_plots_of_the_students_result_draw_with_or_without_an_answer(answered):
    rec = emg.virtual_wrist_patients(seed=0)
    session = tms.virtual_session(seed=0)
    lfp = oscillations.virtual_recordings(seed=0)
    scenario = botulinum.virtual_scenario(0)
    course = botulinum.virtual_toxin_patient(0)
    lead = dbs.virtual_lead(0)
    progs = dbs.virtual_programmes(0)

    def stats(t, s, ta, l):
        return {"sici_ratio": 0.6, "lici_ratio": 0.4, "sici_ci": (0.5, 0.7), "sici_class": "normal", "lici_class": "normal"}

    def summary(off, on, fs):
        return {"threshold_uV": 2.0, "mean_burst_off_s": 0.3, "mean_burst_on_s": 0.2}

    figs = [plots.plot_raw_emg(rec),
            plots.plot_my_envelope(rec, "X", _envelope if answered else _stub),
            plots.plot_my_cci(rec, _envelope if answered else _stub, (lambda a, b, ma, mb: 50.0) if answered else _stub),
            plots.plot_mep_session(session), plots.plot_my_paired_pulse(session, stats if answered else _stub),
            plots.plot_my_bursts(lfp, summary if answered else _stub),
            plots.plot_involvement(scenario),
            plots.plot_my_plan(scenario, (lambda sc: {m: [10.0] for m, w in sc["involvement"].items() if w > 0})
                               if answered else _stub),
            plots.plot_my_schedule(course, (lambda n, *a: [k * 80 for k in range(n)]) if answered else _stub),
            plots.plot_my_battery(progs, (lambda *a: 40.0) if answered else _stub),
            plots.plot_lead(lead, {"contact": 1, "amplitude_mA": 2.0, "pulse_width_us": 90.0, "frequency_hz": 130.0}),
            plots.plot_my_settings(lead, (lambda sc: {"contact": 1, "amplitude_mA": 2.0, "pulse_width_us": 90.0,
                                                      "frequency_hz": 130.0}) if answered else _stub),
            plots.plot_my_review(lead, (lambda sc: {"threshold_mA": [3.0, 4.0, 5.0, 6.0], "contact": 1,
                                                    "amplitude_mA": 3.5}) if answered else _stub),
            plots.plot_my_pulse_widths((lambda a, area=0.0598: int(30 * area / a * 1e3 // 10 * 10)) if answered else _stub)]
    plots.show_my_assessment(classification.virtual_cervical_patient(0),
                             (lambda p: {"age_group": "late adulthood"}) if answered else _stub)
    plots.show_my_next_steps(treatment.virtual_patients(0), (lambda p: "oral drugs") if answered else _stub)
    try:
        for fig in figs:
            assert all((ax.has_data() or not answered) and ax.get_ylabel() for ax in fig.axes)
            assert any(ax.has_data() for ax in fig.axes) or not answered
            assert any(ax.get_xlabel() for ax in fig.axes)
    finally:
        plt.close("all")


@pytest.mark.parametrize("name", [n for n in base.REGISTRY if n.startswith("hands_on.")])
def test_hands_on_explorer_views_draw_labelled_axes(name):
    view, defaults = base.REGISTRY[name]
    fig = view(**defaults)
    try:
        assert all(ax.has_data() and ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)
    finally:
        plt.close(fig)


def test_hands_on_explorer_widgets_build():
    for make in (explorers.make_normalisation_explorer, explorers.make_toxin_dose_explorer, explorers.make_lead_explorer):
        assert make() is not None
    plt.close("all")
