import numpy as np
import pytest

from helpers import emg


def test_envelope_recovers_known_amplitude_modulation():
    """A 100 Hz carrier with a 1 Hz-modulated amplitude: the envelope tracks 2/π × amplitude."""
    fs = 2000.0
    t = np.arange(0, 4, 1 / fs)
    amp = 1.0 + 0.5 * np.sin(2 * np.pi * 1.0 * t)
    x = amp * np.sin(2 * np.pi * 100 * t)
    env = emg.envelope(x, fs)
    middle = slice(1000, -1000)
    assert np.allclose(env[middle], 2 / np.pi * amp[middle], rtol=0.05, atol=0.02)


def test_envelope_removes_slow_drift():
    """Band-pass at 20 Hz removes a 1 Hz baseline wander before rectification."""
    fs = 2000.0
    t = np.arange(0, 4, 1 / fs)
    drift = 2.0 * np.sin(2 * np.pi * 0.5 * t)
    env = emg.envelope(drift, fs)
    assert env[1000:-1000].max() < 0.05


def test_envelope_switches_reproduce_the_pipelines_classic_mistakes():
    """What 03a Problem 1's checks show a student: each switch changes the envelope the way the mistake does."""
    fs = 2000.0
    t = np.arange(0, 4, 1 / fs)
    burst = ((t > 1.5) & (t < 2.5)).astype(float)
    x = burst * np.sin(2 * np.pi * 100 * t) + 2.0 * np.sin(2 * np.pi * 0.5 * t)
    right = emg.envelope(x, fs)
    middle = slice(1000, -1000)
    assert right[middle].max() > 0.5 and right[:2400].max() < 0.1         # the burst, and no drift before it
    assert emg.envelope(x, fs, rectify=False)[middle].max() < 0.05          # low-passed oscillation averages out
    assert emg.envelope(x, fs, band_hz=None)[1000:2400].max() > 1.0         # the rectified drift stays in
    causal = emg.envelope(x, fs, zero_phase=False)
    half = 0.5 * right.max()
    onset = lambda env: int(np.argmax(env > half))
    assert onset(causal) - onset(right) > 0.02 * fs                         # one pass lags the burst by > 20 ms
    assert np.allclose(emg.envelope(x, fs, rectify=True, zero_phase=True), right)


def test_falconer_winter_limits_and_symmetry():
    a = np.array([0.0, 1.0, 2.0, 1.0])
    assert emg.cci_falconer_winter(a, a) == pytest.approx(100.0)
    assert emg.cci_falconer_winter(a, np.zeros(4) + 0.0 * a + np.array([1, 0, 0, 0.0])) == pytest.approx(0.0)
    b = np.array([1.0, 0.5, 0.0, 2.0])
    assert emg.cci_falconer_winter(a, b) == pytest.approx(emg.cci_falconer_winter(b, a))
    assert emg.cci_falconer_winter(a, b) == pytest.approx(200 * (0 + 0.5 + 0 + 1) / (a + b).sum())


def test_dystonic_pair_co_contracts_more_than_healthy():
    indices = {}
    for name, ri, cc in (("healthy", 0.9, 0.0), ("dystonia", 0.2, 0.8)):
        rec = emg.simulate_emg_pair(4.0, seed=11, reciprocal_inhibition=ri, co_contraction=cc)
        a = emg.envelope(rec["agonist_mV"], rec["fs_hz"])
        b = emg.envelope(rec["antagonist_mV"], rec["fs_hz"])
        indices[name] = emg.cci_falconer_winter(a, b)
    assert indices["healthy"] < 25 < 60 < indices["dystonia"]


def test_simulation_is_deterministic_and_seed_sensitive():
    a = emg.simulate_emg_pair(1.0, seed=3)["agonist_mV"]
    b = emg.simulate_emg_pair(1.0, seed=3)["agonist_mV"]
    c = emg.simulate_emg_pair(1.0, seed=4)["agonist_mV"]
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_reciprocal_inhibition_matches_control_values_and_is_reduced_in_dystonia():
    for isi, pct in emg.RI_CONTROL_PERCENT.items():
        assert emg.reciprocal_inhibition_percent(isi) == pytest.approx(pct, abs=0.01)
    healthy = emg.reciprocal_inhibition_percent(np.array([0.0, 20.0, 100.0]))
    dyst = emg.reciprocal_inhibition_percent(np.array([0.0, 20.0, 100.0]), dystonia=True)
    assert np.all(dyst < healthy)
    assert np.argmax(healthy - dyst) == 1, "phase 2 should be the most reduced"


def test_reciprocal_inhibition_curve_is_smooth_and_stays_in_day_1984_ranges():
    """Day et al. 1984: phase 1 from test 1 ms before to 3 ms after conditioning; phase 2 at 5-50 ms;
    phase 3 at 50-500 ms.  Review 1 row 24: no inhibition at -2 ms, no jump (the old curve stepped at 40 ms)."""
    isi = np.arange(-5.0, 600.0, 0.01)
    for dystonia in (False, True):
        ri = emg.reciprocal_inhibition_percent(isi, dystonia=dystonia)
        assert np.max(np.abs(np.diff(ri))) < 1.0, "a jump in the curve"
        assert np.max(np.abs(np.diff(ri, 2))) < 0.05, "a kink in the curve"
        outside = (isi < -1.0) | ((isi > 3.0) & (isi < 5.0)) | (isi > 500.0)
        assert np.all(ri[outside] == 0.0)
    assert emg.reciprocal_inhibition_percent(-2.0) == 0.0
    assert emg.reciprocal_inhibition_percent(isi).max() == pytest.approx(41.0, abs=0.01)


@pytest.mark.parametrize("bad", [dict(duration_s=-1), dict(fs_hz=500), dict(co_contraction=1.5),
                                 dict(reciprocal_inhibition=float("nan"))])
def test_bad_simulation_arguments_raise(bad):
    with pytest.raises(ValueError):
        emg.simulate_emg_pair(**bad)


def test_bad_envelope_inputs_raise():
    with pytest.raises(ValueError, match="emg_mV"):
        emg.envelope([], 2000.0)
    with pytest.raises(ValueError, match="band_hz"):
        emg.envelope(np.ones(500), 800.0)
    with pytest.raises(ValueError, match="same length"):
        emg.cci_falconer_winter([1, 2], [1, 2, 3])
