"""programming: impedance check, monopolar review, directional segments."""
import math

import numpy as np
import pytest

from helpers import dbs, programming


def test_impedance_status_uses_the_clinical_range():
    """Butson, Maks & McIntyre 2006: clinical impedances 500-1500 Ω."""
    assert [programming.impedance_status(z) for z in (499.0, 500.0, 1500.0, 1501.0)] == \
        ["low", "normal", "normal", "high"]
    with pytest.raises(ValueError, match="impedance_ohm"):
        programming.impedance_status(0.0)


def test_threshold_is_where_the_activation_sphere_reaches_the_nearer_structure():
    sc = dbs.default_scenario()
    for c in range(4):
        th = programming.side_effect_threshold(sc, c, 60.0)
        assert dbs.activation_radius_mm(th["threshold_mA"], 60.0) == pytest.approx(th["distance_mm"])
        capsule, optic = dbs._side_effect_distances(sc, c)
        assert th["distance_mm"] == min(capsule, optic)
        assert th["threshold_V"] == pytest.approx(th["threshold_mA"] * sc["impedance_ohm"][c] / 1000.0)
    # thresholds rise with contact height once the capsule (nearest the deepest contact) is the limit
    ths = [programming.side_effect_threshold(sc, c)["threshold_mA"] for c in range(4)]
    assert np.all(np.diff(ths) > 0)


def test_programmed_amplitude_margins_follow_volkmann_2014_and_vercueil_2007():
    """Volkmann et al. 2014: 0.5 V below the adverse-effect threshold; Vercueil et al. 2007: 10 % below."""
    assert programming.programmed_amplitude_mA(3.0, 1250.0) == pytest.approx(3.0 - 0.4)
    assert programming.programmed_amplitude_mA(3.0, 1000.0, "10%") == pytest.approx(2.7)
    assert programming.programmed_amplitude_mA(0.2, 1000.0) == 0.0
    with pytest.raises(ValueError, match="margin"):
        programming.programmed_amplitude_mA(3.0, 1000.0, "1V")


def test_monopolar_review_never_programs_above_threshold_and_skips_broken_contacts():
    sc = dbs.default_scenario()
    sc["impedance_ohm"] = [1100.0, 4000.0, 1000.0, 1200.0]   # contact 1: open circuit?
    review = programming.monopolar_review(sc)
    for row in review:
        assert row["amplitude_mA"] < row["threshold_mA"]
        ev = dbs.evaluate_settings({"contact": row["contact"], "amplitude_mA": row["amplitude_mA"],
                                    "pulse_width_us": 60.0, "frequency_hz": 130.0}, sc)
        assert ev["coverage"] == pytest.approx(row["coverage"])
    assert not review[1]["usable"] and review[1]["impedance_status"] == "high"
    best = programming.choose_contact(review)
    assert best["contact"] != 1
    assert best["coverage"] == max(r["coverage"] for r in review if r["usable"])


def test_segment_has_four_times_the_density_of_a_ring_at_the_same_current():
    """Review 2 row 12: ring 0.0598 cm², segment about 0.015 cm²; at 30 µC/cm² k is 1.73 and 1.13."""
    assert programming.segment_area_cm2() == pytest.approx(0.015, abs=0.0005)
    out = programming.ring_vs_segment(3.0, 90.0)
    assert out["density_ratio"] == pytest.approx(4.0)
    assert out["segment"]["shannon_k"] - out["ring"]["shannon_k"] == pytest.approx(math.log10(4.0))
    assert programming.shannon_k_at_limit(0.0598) == pytest.approx(1.73, abs=0.01)
    assert programming.shannon_k_at_limit(0.015) == pytest.approx(1.13, abs=0.01)
    assert programming.shannon_k_at_limit(0.12) > dbs.SHANNON_K_DAMAGE
    assert programming.max_safe_amplitude_mA(90.0, programming.segment_area_cm2()) == \
        pytest.approx(programming.max_safe_amplitude_mA(90.0, dbs.CONTACT_AREA_CM2) / 4)
