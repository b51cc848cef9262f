"""classification, botulinum, dbs."""
import math

import numpy as np
import pytest

from helpers import botulinum, classification, dbs
from reference_optimisers import reference_plan, reference_settings


@pytest.mark.parametrize("age,group", [(0, "infancy"), (2.9, "infancy"), (3, "childhood"), (12, "childhood"),
                                       (13, "adolescence"), (20, "adolescence"), (21, "early adulthood"),
                                       (40, "early adulthood"), (41, "late adulthood"), (90, "late adulthood")])
def test_age_groups_follow_the_consensus(age, group):
    assert classification.age_at_onset_group(age) == group


@pytest.mark.parametrize("age", [-1, 130, float("nan")])
def test_impossible_ages_raise(age):
    with pytest.raises(ValueError):
        classification.age_at_onset_group(age)


@pytest.mark.parametrize("regions,dist", [
    ({"neck"}, "focal"), ({"eyes", "mouth"}, "segmental"), ({"neck", "left_arm"}, "segmental"),
    ({"eyes", "left_leg"}, "multifocal"), ({"trunk", "left_leg", "right_leg"}, "generalized"),
    ({"right_arm", "right_leg"}, "hemidystonia")])
def test_body_distribution(regions, dist):
    assert classification.body_distribution(regions) == dist


def test_bfmdrs_and_twstrs_ranges():
    full = {r: (4, 4) for r in classification.REGIONS}
    assert classification.bfmdrs_movement_score(full) == classification.BFMDRS_MOVEMENT_MAX
    assert classification.twstrs_severity({k: v for k, v in classification.TWSTRS_SEVERITY_ITEMS.items()}) == 35
    with pytest.raises(ValueError):
        classification.bfmdrs_region_score("neck", 5, 1)
    with pytest.raises(ValueError):
        classification.twstrs_total(36, 0, 0)
    assert classification.percent_improvement(40, 10) == pytest.approx(75.0)


def test_toxin_peaks_at_week_four_and_fades_by_week_twelve():
    t = np.arange(0, 120, 0.5)
    course = botulinum.time_course(t)
    assert t[np.argmax(course)] == pytest.approx(28.0, abs=0.5)
    assert botulinum.time_course(14.0) > 0.3      # clear gain by week 2
    assert botulinum.time_course(84.0) < 0.05     # little left at week 12
    assert botulinum.time_course(2.0) == 0.0      # lag


def test_dose_response_and_unit_conversion_ranges():
    assert botulinum.dose_response(0.0) == 0.0
    assert botulinum.dose_response(1e6) == pytest.approx(1.0, abs=1e-4)
    lo, hi = botulinum.convert_units(100, "Botox", "Dysport")
    assert (lo, hi) == (200.0, 300.0)
    assert botulinum.convert_units(100, "xeomin", "botox") == (100.0, 100.0)
    with pytest.raises(ValueError):
        botulinum.convert_units(-5, "botox", "dysport")
    with pytest.raises(ValueError):
        botulinum.convert_units(5, "botox", "myobloc")


def test_plan_evaluator_catches_every_limit_and_reference_plan_is_feasible():
    sc = botulinum.default_scenario()
    plan, best = reference_plan(sc)
    assert botulinum.evaluate_plan(plan, sc)["feasible"]
    bad = {"sternocleidomastoid_right": [60.0], "splenius_capitis_left": 250.0, "sternocleidomastoid_left": 10}
    v = " | ".join(botulinum.evaluate_plan(bad, sc)["violations"])
    for needle in ("site", "exceeds its maximum", "not involved", "session total", "levator_scapulae_left"):
        assert needle in v
    # a feasible hand-made plan never beats the optimiser by more than rounding
    hand = {"sternocleidomastoid_right": [40, 40], "splenius_capitis_left": [30, 30, 30],
            "levator_scapulae_left": [30, 30], "trapezius_right": [10, 10, 10], "scalenes_right": [20]}
    res = botulinum.evaluate_plan(hand, sc)
    assert res["feasible"], res["violations"]
    assert res["predicted_improvement"] <= best + 0.5


def test_dbs_analytic_values():
    assert dbs.point_source_potential_V(1.0, 1.0) == pytest.approx(1e-3 / (4 * math.pi * 0.2 * 1e-3))
    assert dbs.teed_uJ_per_s(voltage_V=3, frequency_hz=130, pulse_width_us=90, impedance_ohm=1000) == \
        pytest.approx(105.3, abs=0.1)
    assert dbs.max_pulse_width_us(3.0, 0.06) == pytest.approx(600.0)
    assert dbs.charge_density_uC_per_cm2(5.0, 450.0, 0.0598) == pytest.approx(37.6, abs=0.05)
    assert dbs.shannon_k(3.0, 600.0, 0.06) < dbs.SHANNON_K_DAMAGE < dbs.shannon_k(5.0, 450.0, 0.0598)


def test_strength_duration_fits_vercueil_equal_benefit_amplitudes():
    """4.46 V at 60 µs, 3.45 V at 120 µs and 2.47 V at 450 µs gave equal benefit (Vercueil et al. 2007)."""
    radii = [dbs.activation_radius_mm(v, pw) for v, pw in ((4.46, 60), (3.45, 120), (2.47, 450))]
    assert max(radii) / min(radii) < 1.05


def test_activation_radius_grows_with_amplitude_and_pulse_width():
    assert dbs.activation_radius_mm(4.0, 90) == pytest.approx(dbs.activation_radius_mm(1.0, 90) * 2)
    assert dbs.activation_radius_mm(3.0, 450) > dbs.activation_radius_mm(3.0, 60)


def test_battery_life_calibration_and_frequency():
    ref = 2 * dbs.teed_uJ_per_s(voltage_V=3.5, frequency_hz=130, pulse_width_us=450, impedance_ohm=1000)
    low = 2 * dbs.teed_uJ_per_s(voltage_V=3.5, frequency_hz=60, pulse_width_us=450, impedance_ohm=1000)
    assert dbs.battery_life_months(ref) == pytest.approx(24.0)
    assert dbs.battery_life_months(low) > 48  # Isaias et al. 2009


def test_dbs_bad_inputs():
    with pytest.raises(ValueError, match="impedance_ohm"):
        dbs.teed_uJ_per_s(voltage_V=3, frequency_hz=130, pulse_width_us=90, impedance_ohm=0)
    with pytest.raises(ValueError, match="amplitude_mA"):
        dbs.charge_per_phase_uC(-1.0, 90)
    with pytest.raises(ValueError, match="pulse_width_us"):
        dbs.charge_per_phase_uC(1.0, float("nan"))


def test_reference_settings_are_feasible_and_cheaper_than_alternatives():
    ref = reference_settings()
    ev = dbs.evaluate_settings(ref["settings"])
    assert ev["feasible"] and ev["coverage"] >= 0.9 * ref["best_coverage"] - 1e-9
    # a feasible alternative on the same contact at a long pulse width costs more energy
    alt = dict(ref["settings"], pulse_width_us=300.0)
    alt["amplitude_mA"] = dbs._amplitude_for_radius_mA(ev["radius_mm"], 300.0)
    ev_alt = dbs.evaluate_settings(alt)
    assert ev_alt["coverage"] == pytest.approx(ev["coverage"], abs=1e-6)
    assert ev_alt["teed_uJ_per_s"] > ev["teed_uJ_per_s"]
