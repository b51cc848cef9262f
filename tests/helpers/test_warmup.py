"""helpers.warmup (the warm-up's data and what its figures show) and helpers.plots.warmup."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy import signal  # noqa: E402

from helpers import botulinum, emg, warmup  # noqa: E402
from helpers.plots import warmup as plots  # noqa: E402


@pytest.mark.parametrize("make", [warmup.virtual_visits, warmup.virtual_flexion_trials, warmup.virtual_rating_changes])
def test_every_generator_is_reproducible_from_its_seed_and_differs_between_seeds(make):
    def same(a, b):
        if isinstance(a, dict):
            return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        return bool(np.array_equal(a, b))
    assert same(make(seed=7), make(seed=7))
    assert not same(make(seed=7), make(seed=8))


def test_visits_follow_the_course_toxin_time_course():
    """Across many patients: the week-4 plateau improves most, week 12 is nearly back at baseline."""
    improvements = {week: [] for week in warmup.VISIT_WEEKS}
    for seed in range(200):
        v = warmup.virtual_visits(seed=seed)
        assert list(v) == ["baseline", "week 4", "week 8", "week 12"]
        assert all(type(x) is int and 0 <= x <= 85 for x in v.values())
        assert warmup.BASELINE_RANGE_POINTS[0] <= v["baseline"] <= warmup.BASELINE_RANGE_POINTS[1]
        for week in warmup.VISIT_WEEKS:
            improvements[week].append((v["baseline"] - v[f"week {week}"]) / v["baseline"])
    mean = {week: float(np.mean(x)) for week, x in improvements.items()}
    expected_peak = np.mean(warmup.PEAK_IMPROVEMENT_RANGE)
    assert mean[4] == pytest.approx(expected_peak * botulinum.time_course(28.0), abs=0.02)
    assert mean[4] > mean[8] > mean[12] and mean[12] < 0.1


def test_trials_are_the_emg_model_with_drift_and_their_envelopes_are_the_course_envelope():
    rec = warmup.virtual_flexion_trials(seed=3)
    fs, raw, env = rec["fs_hz"], rec["raw_mV"], rec["envelope_mV"]
    assert fs in warmup.TRIAL_FS_HZ and fs != 2000.0
    n_trials, n_samples = raw.shape
    assert warmup.TRIAL_COUNT_RANGE[0] <= n_trials <= warmup.TRIAL_COUNT_RANGE[1]
    assert n_samples == round(warmup.TRIAL_DURATION_S * fs) and env.shape == raw.shape
    for k in range(n_trials):
        np.testing.assert_allclose(env[k], emg.envelope(raw[k], fs), rtol=1e-9, atol=1e-12)
    quiet, burst = slice(0, int(0.3 * fs)), slice(int(0.6 * fs), int(1.0 * fs))
    assert np.all(env[:, burst].mean(axis=1) > 20 * env[:, quiet].mean(axis=1)), "the flexion burst stands out"
    # the drift (below 1 Hz) is in the raw signal, not in the envelope
    slow = signal.sosfiltfilt(signal.butter(2, 1.0, fs=fs, output="sos"), raw, axis=-1)
    assert np.all(np.ptp(slow[:, quiet], axis=1) > 0.01)


def test_rating_changes_are_whole_points_around_the_mcic():
    means = []
    for seed in range(100):
        x = warmup.virtual_rating_changes(seed=seed)
        assert x.ndim == 1 and warmup.CLINIC_SIZE_RANGE[0] <= x.size <= warmup.CLINIC_SIZE_RANGE[1]
        assert np.all(x == np.rint(x)) and not np.any(np.signbit(x) & (x == 0)), "whole points, no -0.0"
        means.append(x.mean())
    assert 5.0 < np.mean(means) < 15.0 and min(means) < 11.9 < max(means)


def test_lowpass_once_lags_and_twice_does_not():
    fs = 1000.0
    t = np.arange(3000) / fs
    x = emg.activation_profile(t, 1.0, 1.0)
    once, twice = warmup.lowpass_once_and_twice(x, fs, 6.0)
    half = lambda y: t[np.argmax(y > 0.5 * y.max())]  # noqa: E731
    assert half(once) - half(x) > 0.03 and abs(half(twice) - half(x)) < 0.005
    with pytest.raises(ValueError, match="cutoff_hz"):
        warmup.lowpass_once_and_twice(x, fs, 600.0)


def test_filtering_twice_doubles_the_gain_in_decibels():
    once, twice = warmup.gain_db_once_and_twice([1.0, 6.0, 12.0], 1000.0, 6.0)
    np.testing.assert_allclose(twice, 2 * once)
    assert once[1] == pytest.approx(-3.01, abs=0.01) and twice[1] == pytest.approx(-6.02, abs=0.02)
    assert once[2] == pytest.approx(-24.1, abs=0.3), "4th order: about 24 dB per octave"


def test_bootstrap_means_resample_with_replacement():
    x = np.array([1.0, 2.0, 3.0, 10.0])
    means = warmup.bootstrap_means(x, n_boot=4000, seed=1)
    assert means.shape == (4000,) and np.array_equal(means, warmup.bootstrap_means(x, n_boot=4000, seed=1))
    assert means.min() == 1.0 and means.max() == 10.0, "a resample can repeat one value n times"
    assert means.mean() == pytest.approx(x.mean(), rel=0.02)
    assert means.std() == pytest.approx(x.std() / np.sqrt(x.size), rel=0.05)
    with pytest.raises(ValueError, match="values"):
        warmup.bootstrap_means([1.0])


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _labelled(fig):
    """Every panel with data names what it plots, with a unit (a strip of dots needs no x label)."""
    axes = [ax for ax in fig.axes if ax.has_data()]
    assert axes and all("(" in ax.get_xlabel() + ax.get_ylabel() for ax in axes)
    return axes


def test_figures_draw_labelled_axes_and_wait_for_unanswered_problems():
    rec = warmup.virtual_flexion_trials(seed=1)
    changes = warmup.virtual_rating_changes(seed=1)
    figures = [plots.plot_visits(warmup.virtual_visits(seed=1)), plots.plot_trials(rec),
               plots.plot_zero_phase(rec), plots.plot_bootstrap_idea(changes)]
    for fig in figures:
        _labelled(fig)
        plt.close(fig)
    for fig, text in ((plots.plot_my_trial_summary(rec, _stub, 0.25, 0.05), "Problem 3"),
                      (plots.plot_my_bandpass(rec, _stub), "Problem 4"),
                      (plots.plot_my_interval(changes, _stub, 11.9), "Problem 5")):
        shown = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
        assert f"Answer {text}" in shown, shown
        plt.close(fig)


def test_plot_your_result_figures_draw_the_students_answer():
    rec = warmup.virtual_flexion_trials(seed=2)

    def summary(x, fs, base_s, thr):
        return {"baseline_mV": x[:, :round(base_s * fs)].mean(axis=1), "mean_trace_mV": x.mean(axis=0),
                "active_fraction": (x > thr).mean(axis=1)}
    fig = plots.plot_my_trial_summary(rec, summary, 0.25, 0.05)
    bars = [p.get_height() for p in fig.axes[1].patches]
    np.testing.assert_allclose(bars, (rec["envelope_mV"] > 0.05).mean(axis=1))
    plt.close(fig)
    fig = plots.plot_my_interval(np.array([4.0, 8.0, 12.0]), lambda v: (5.0, 11.0), 11.9)
    assert not any("Answer" in t.get_text() for t in fig.axes[0].texts)
    plt.close(fig)
