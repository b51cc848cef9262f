"""tms, sensorimotor, oscillations, homeostasis, genetics."""
import numpy as np
import pytest

from helpers import genetics, homeostasis, oscillations, sensorimotor, tms


def test_boltzmann_curve_midpoint_and_saturation():
    assert tms.mep_mean_mV(tms.I50_PCT_RMT) == pytest.approx(tms.MEP_MAX_MV / 2)
    assert tms.mep_mean_mV(400) == pytest.approx(tms.MEP_MAX_MV, rel=1e-3)
    assert tms.mep_mean_mV(126.0) == pytest.approx(1.0, abs=0.1)


def test_meps_are_right_skewed_and_geometric_mean_is_below_arithmetic():
    meps = tms.simulate_mep_trials(5000, seed=1)
    assert np.mean(meps) > np.median(meps)
    assert tms.geometric_mean(meps) < np.mean(meps)


def test_sici_reduced_in_dystonia_icf_unchanged():
    test = tms.simulate_mep_trials(3000, seed=2)
    r = {d: tms.paired_pulse_ratio(tms.simulate_mep_trials(3000, condition="sici", dystonia=d, seed=3), test)
         for d in (False, True)}
    assert r[False] == pytest.approx(0.45, abs=0.05) and r[True] == pytest.approx(0.80, abs=0.05)
    assert tms.conditioning_ratio(12.0) == pytest.approx(tms.conditioning_ratio(12.0, dystonia=True), abs=1e-3)


def test_silent_period_shorter_in_dystonia():
    h = tms.simulate_silent_period_ms(500, seed=1).mean()
    d = tms.simulate_silent_period_ms(500, dystonia=True, seed=1).mean()
    assert h == pytest.approx(198, abs=3) and d == pytest.approx(168, abs=3)


def test_tms_bad_inputs():
    with pytest.raises(ValueError):
        tms.simulate_mep_trials(0)
    with pytest.raises(ValueError):
        tms.simulate_mep_trials(10, condition="saici")
    with pytest.raises(ValueError):
        tms.geometric_mean([1.0, -1.0])


def test_cue_combination_analytic_example():
    """Ernst & Banks (2002): σ_prop = 2, σ_vis = 1 → w_prop = 0.2, σ = 2/√5 = 0.894."""
    w = sensorimotor.precision_weights([2.0, 1.0])
    assert w == pytest.approx([0.2, 0.8])
    est, sd = sensorimotor.fuse([10.0, 20.0], [2.0, 1.0])
    assert est == pytest.approx(18.0) and sd == pytest.approx(2 / np.sqrt(5))


def test_low_proprioceptive_precision_and_sensory_trick():
    healthy, _ = sensorimotor.posture_estimate(30.0, 0.0, 4.0, 2.0)
    dyst, _ = sensorimotor.posture_estimate(30.0, 0.0, 4.0, 8.0)
    trick, _ = sensorimotor.posture_estimate(30.0, 0.0, 4.0, 8.0, trick_sigma_deg=1.5)
    assert dyst < healthy < 30 and trick > healthy - 1


def test_tdt_limits_and_psychometric():
    assert sensorimotor.tdt_upper_limit_ms(30) == 42.86 and sensorimotor.tdt_upper_limit_ms(70) == 44.58
    r = sensorimotor.simulate_tdt_responses(np.array([5.0, 25.0, 60.0]), 400, seed=0).mean(axis=1)
    assert r[0] < 0.05 and abs(r[1] - 0.5) < 0.08 and r[2] > 0.95
    with pytest.raises(ValueError):
        sensorimotor.precision_weights([1.0, 0.0])


def test_kuramoto_matches_lorentzian_theory_for_large_n():
    """R∞ = sqrt(1 − K_c/K) above K_c = 2γ; incoherent below (Kuramoto 1984)."""
    kc = oscillations.critical_coupling(half_width_hz=0.5)
    for factor in (2.0, 4.0):
        r = oscillations.mean_synchrony(3.0, 2.0, n_oscillators=2000, coupling=factor * kc, dt_s=1e-3, seed=1)
        assert r == pytest.approx(np.sqrt(1 - 1 / factor), abs=0.03)
    assert oscillations.mean_synchrony(3.0, 2.0, n_oscillators=2000, coupling=0.5 * kc, dt_s=1e-3, seed=1) < 0.1


def test_gaussian_critical_coupling():
    assert oscillations.critical_coupling(sd_hz=1.0) == pytest.approx(2 * np.pi * 1.596, rel=1e-3)


def test_more_stimulation_means_less_synchrony():
    kc = oscillations.critical_coupling(half_width_hz=0.5)
    r = [oscillations.mean_synchrony(1.5, 0.8, n_oscillators=200, coupling=2 * kc, stim_amplitude=a, seed=3)
         for a in (0.0, 600.0, 1200.0)]
    assert r[0] > r[1] > r[2] and r[2] < 0.3


def test_desynchronisation_comes_only_from_the_random_stimulus_offsets():
    """Review 1 row 10: with identical offsets the network locks to the 130 Hz drive (R near 1), yet its
    shared 4-12 Hz rhythm is gone; with uniform offsets R itself falls."""
    kc = oscillations.critical_coupling(half_width_hz=0.5)
    kw = dict(n_oscillators=200, coupling=2 * kc, stim_amplitude=1200.0, seed=1)
    same = oscillations.simulate_kuramoto(1.5, stim_phase_spread=0.0, **kw)
    spread = oscillations.simulate_kuramoto(1.5, **kw)
    off = oscillations.simulate_kuramoto(1.5, n_oscillators=200, coupling=2 * kc, seed=1)
    assert same["R"][-2000:].mean() > 0.95 and spread["R"][-2000:].mean() < 0.2
    assert oscillations.band_synchrony(same) < 0.05 < 0.4 < oscillations.band_synchrony(off)


def test_model_frequency_dependence_is_the_documented_non_physiological_one():
    """Locking needs A > 2π|f_s − f_i|, easier at lower f_s: 60 Hz desynchronises R better than 180 Hz."""
    kc = oscillations.critical_coupling(half_width_hz=0.5)
    r = {f: oscillations.mean_synchrony(1.0, 0.5, n_oscillators=100, coupling=15.0, stim_amplitude=600.0,
                                        stim_frequency_hz=f, seed=2) for f in (60.0, 180.0)}
    assert kc < 15.0 and r[60.0] < r[180.0]


def test_a_run_split_into_two_segments_equals_one_run():
    kw = dict(n_oscillators=60, coupling=15.0, stim_amplitude=800.0, dt_s=2.5e-4)
    whole = oscillations.simulate_kuramoto(0.4, seed=5, **kw)
    first = oscillations.simulate_kuramoto(0.2, seed=5, **kw)
    second = oscillations.simulate_kuramoto(0.2, initial_phases=first["phases"], stim_offsets=first["stim_offsets"],
                                            t0_s=first["t_end_s"], **kw)
    assert np.allclose(np.concatenate([first["R"], second["R"]]), whole["R"], atol=1e-9)
    with pytest.raises(ValueError, match="initial_phases"):
        oscillations.simulate_kuramoto(0.1, n_oscillators=10, initial_phases=np.zeros(3))


def test_steady_synchrony_recovers_the_critical_coupling():
    """Review 1 row 2: at steady state (10 s run, 6 s transient, dt 2 ms) K(1 − R²) averages to K_c = 2γ
    (= 2π rad/s for γ = 0.5 Hz) within 2 %; R at K = 8 is 0.46 (theory 0.463)."""
    couplings = np.array([8.0, 10.0, 14.0, 20.0])
    r = np.array([oscillations.steady_synchrony(k) for k in couplings])
    assert r[0] == pytest.approx(np.sqrt(1 - 2 * np.pi / 8.0), abs=0.02)
    assert np.mean(couplings * (1 - r ** 2)) == pytest.approx(oscillations.critical_coupling(half_width_hz=0.5),
                                                             rel=0.02)


def test_lfp_band_power_and_dbs_suppression():
    f, p_off = oscillations.welch_psd(oscillations.simulate_lfp(60.0, seed=1), 1000.0)
    _, p_on = oscillations.welch_psd(oscillations.simulate_lfp(60.0, seed=1, dbs_on=True), 1000.0)
    _, p_pd = oscillations.welch_psd(oscillations.simulate_lfp(60.0, theta_alpha_amplitude_uV=1.0,
                                                               beta_amplitude_uV=4.0, seed=1), 1000.0)
    rel = lambda p, band: oscillations.band_power(f, p, band, relative=True)  # noqa: E731
    assert rel(p_off, (4, 12)) > rel(p_pd, (4, 12))
    assert rel(p_pd, (13, 30)) > rel(p_off, (13, 30))
    assert rel(p_on, (4, 12)) < 0.6 * rel(p_off, (4, 12))


def test_band_power_of_a_sinusoid_equals_its_variance():
    fs = 1000.0
    t = np.arange(0, 20, 1 / fs)
    f, p = oscillations.welch_psd(3.0 * np.sin(2 * np.pi * 8 * t), fs)
    assert oscillations.band_power(f, p, (4, 12)) == pytest.approx(4.5, rel=0.02)


def test_burst_detection_finds_a_known_burst():
    fs = 1000.0
    t = np.arange(0, 10, 1 / fs)
    x = 0.05 * np.random.default_rng(0).standard_normal(t.size)
    x[4000:4600] += np.sin(2 * np.pi * 7 * t[4000:4600])
    bursts = oscillations.detect_bursts(x, fs, percentile=90)
    assert len(bursts) == 1
    start, end = bursts[0]
    # zero-phase band-pass filtering smears the edges by up to ~0.2 s
    assert start == pytest.approx(4.0, abs=0.25) and end == pytest.approx(4.6, abs=0.25)


def test_homeostasis_recovers_when_healthy_and_runs_away_when_slow():
    ok = homeostasis.simulate_scaling(96.0)
    slow = homeostasis.simulate_scaling(96.0, trafficking=0.2)
    assert ok["rate_hz"][-1] == pytest.approx(homeostasis.TARGET_RATE_HZ, rel=0.02)
    assert homeostasis.recovery_time_h(ok["t_h"], ok["rate_hz"], after_h=18.0) < 24
    assert slow["rate_hz"][-1] > 5 * homeostasis.TARGET_RATE_HZ
    assert np.isinf(homeostasis.recovery_time_h(slow["t_h"], slow["rate_hz"], after_h=18.0))
    with pytest.raises(ValueError):
        homeostasis.simulate_scaling(10.0, trafficking=0.0)


def test_penetrance_bayes():
    assert genetics.affected_probability(genetics.child_carrier_probability()) == pytest.approx(0.15)
    assert genetics.posterior_carrier_probability(0.5, 0.3) == pytest.approx(0.35 / 0.85)
    assert genetics.posterior_carrier_probability(0.5, 0.0) == pytest.approx(0.5)
    young = genetics.posterior_carrier_given_unaffected_at_age(0.5, 5)
    old = genetics.posterior_carrier_given_unaffected_at_age(0.5, 50)
    assert old == pytest.approx(genetics.posterior_carrier_probability(0.5, 0.3), abs=1e-3) and young > old
    with pytest.raises(ValueError):
        genetics.posterior_carrier_probability(1.2)


def test_below_critical_trafficking_any_perturbation_runs_away():
    """Review 1 row 14: stability iff trafficking > τ_w·η_H = 1/3; no threshold in perturbation size."""
    assert homeostasis.critical_trafficking() == pytest.approx(1 / 3)
    tiny_slow = homeostasis.simulate_scaling(96.0, trafficking=0.2, perturbation=0.01)
    tiny_ok = homeostasis.simulate_scaling(96.0, trafficking=0.5, perturbation=0.01)
    assert tiny_slow["rate_hz"][-1] > 1.5 * homeostasis.TARGET_RATE_HZ
    assert tiny_ok["rate_hz"][-1] == pytest.approx(homeostasis.TARGET_RATE_HZ, rel=0.05)


def test_a_sub_locking_drive_shifts_the_rhythm_rather_than_breaking_it():
    """Science review (chapter 1, turn 3, N2): below the locking amplitude a 130 Hz drive raises the collective
    frequency by about A^2/(2*dw) (6.0 -> 8.3 -> 15.5 Hz at A = 0, 150, 300 rad/s) while R stays near its
    unstimulated value; the 4-12 Hz measure falls because the rhythm has left the band."""
    kc = oscillations.critical_coupling(half_width_hz=0.5)
    freqs, rs, bands = [], [], []
    for amp in (0.0, 150.0, 300.0):
        out = oscillations.simulate_kuramoto(4.0, n_oscillators=500, coupling=2 * kc, stim_amplitude=amp,
                                             stim_frequency_hz=130.0, seed=1)
        freqs.append(oscillations.mean_field_frequency_hz(out, 1.0))
        rs.append(out["R"][-1000:].mean())
        bands.append(oscillations.band_synchrony(out))
    assert freqs[0] == pytest.approx(6.0, abs=0.2)
    dw = 2 * np.pi * (130.0 - 6.0)
    for amp, f in zip((150.0, 300.0), freqs[1:]):
        assert f - 6.0 == pytest.approx(amp ** 2 / (2 * dw) / (2 * np.pi), rel=0.35)
    assert rs[2] > 0.6 and rs[2] > 0.9 * rs[0]
    assert bands[2] < 0.2 < bands[0]
