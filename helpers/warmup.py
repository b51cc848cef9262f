"""Data for the Python warm-up (the ``00_warmup`` assignment): small, dystonia-flavoured, per student.

The warm-up teaches the Python the course uses on data that look like the course's: the
ratings of one patient over a botulinum-toxin cycle, repeated wrist flexions recorded with
surface EMG, and the rating changes of a clinic's patients.  Nothing new is modelled here;
each generator draws from the course's own models:

- :func:`virtual_visits`: TWSTRS totals (0-85 points) at baseline and 4, 8 and 12 weeks after
  an injection, shaped by :func:`helpers.botulinum.time_course` (plateau by week 3, fading by
  week 11-12);
- :func:`virtual_flexion_trials`: raw surface EMG of the wrist flexor in repeated flexions,
  from :func:`helpers.emg.simulate_emg_pair`, with a slow electrode drift, and each trial's
  linear envelope (:func:`helpers.emg.envelope`);
- :func:`virtual_rating_changes`: the TWSTRS improvement at week 4 of a clinic's patients,
  around the size of the scale's minimal clinically important change
  (:data:`helpers.ratings.TWSTRS_MCIC_POINTS`).

Ranges are course design, chosen near published values where the docstrings say so.  Every
generator takes ``seed`` (None, an int or a :class:`numpy.random.Generator`).

>>> sorted(virtual_visits(seed=1))
['baseline', 'week 12', 'week 4', 'week 8']
"""
import numpy as np
from scipy import signal

from . import botulinum, emg
from .checks import as_generator, check_array, check_number

#: Weeks after the injection at which the patient is rated again (course design).
VISIT_WEEKS = (4, 8, 12)
#: TWSTRS total at baseline, points: uniform over this range (course design; Espay et al. 2018
#: report a mean baseline of 43.4 in 304 patients treated with toxin).
BASELINE_RANGE_POINTS = (36, 54)
#: Peak improvement of one patient, fraction of the baseline score (course design; trial means
#: of about a fifth to a third of the TWSTRS total at week 4).
PEAK_IMPROVEMENT_RANGE = (0.22, 0.45)
#: Rater noise on each visit's total, points (SD; course design, below the MCIC).
RATER_SD_POINTS = 1.0

#: Sampling rates of the warm-up's EMG system, Hz (2 kHz left out on purpose: a filter
#: designed for it fails on every student's data).
TRIAL_FS_HZ = (1000.0, 1024.0, 1200.0, 1500.0)
#: Length of one flexion trial, s; the burst runs from 0.4 to 1.2 s (emg.muscle_drives).
TRIAL_DURATION_S = 1.6
#: Number of trials per student: uniform integer over this range, inclusive.
TRIAL_COUNT_RANGE = (6, 10)
#: Electrode drift, mV and Hz (course design, as in emg.virtual_wrist_patients).
DRIFT_MV_RANGE = (0.2, 0.5)
DRIFT_HZ_RANGE = (0.3, 0.8)

#: Patients in one clinic's audit: uniform integer over this range, inclusive.
CLINIC_SIZE_RANGE = (10, 18)
#: Mean fraction of the baseline a clinic's patients improve at week 4 (course design).
CLINIC_IMPROVEMENT_RANGE = (0.18, 0.32)
#: Baseline TWSTRS total of a clinic's patients, mean and SD, points (mean from Espay et al.
#: 2018; SD course design), clipped to 20-70.
CLINIC_BASELINE_POINTS = (43.4, 9.0)


def virtual_visits(seed=None):
    """One patient's TWSTRS totals over a toxin cycle: baseline, then weeks 4, 8 and 12.

    The improvement follows the course's toxin time course: full at week 4 (the plateau),
    smaller at week 8, nearly gone by week 12.  Scores are whole points, 0-85.

    Parameters
    ----------
    seed : None, int or numpy.random.Generator

    Returns
    -------
    dict
        ``{"baseline": int, "week 4": int, "week 8": int, "week 12": int}``, points; the
        keys in visit order.

    Examples
    --------
    >>> v = virtual_visits(seed=4)
    >>> v["week 4"] < v["baseline"] and list(v)[0] == "baseline"
    True
    """
    rng = as_generator(seed)
    baseline = int(rng.integers(BASELINE_RANGE_POINTS[0], BASELINE_RANGE_POINTS[1] + 1))
    peak = rng.uniform(*PEAK_IMPROVEMENT_RANGE)
    visits = {"baseline": baseline}
    for week in VISIT_WEEKS:
        effect = botulinum.time_course(7.0 * week)
        score = baseline * (1.0 - peak * effect) + rng.normal(0.0, RATER_SD_POINTS)
        visits[f"week {week}"] = int(np.clip(np.rint(score), 0, 85))
    return visits


def virtual_flexion_trials(seed=None):
    """Repeated wrist flexions recorded from the flexor with surface EMG: raw signal and envelopes.

    Each trial is one flexion (activation from 0.4 to 1.2 s) with its own strength (0.7-1.3
    times the first) and a slow electrode drift; its envelope is the course's linear envelope
    (band-pass 20-450 Hz, rectify, low-pass 6 Hz, zero-phase), which removes the drift.

    Parameters
    ----------
    seed : None, int or numpy.random.Generator

    Returns
    -------
    dict
        ``fs_hz`` (float, Hz); ``raw_mV`` and ``envelope_mV``: 2-D arrays of shape
        ``(n_trials, n_samples)``, one row per trial, mV; ``duration_s``.

    Examples
    --------
    >>> rec = virtual_flexion_trials(seed=2)
    >>> rec["raw_mV"].shape == rec["envelope_mV"].shape and rec["raw_mV"].shape[0] >= 6
    True
    """
    rng = as_generator(seed)
    fs = float(rng.choice(TRIAL_FS_HZ))
    n_trials = int(rng.integers(TRIAL_COUNT_RANGE[0], TRIAL_COUNT_RANGE[1] + 1))
    t = np.arange(int(round(TRIAL_DURATION_S * fs))) / fs
    drive, _ = emg.muscle_drives(t, n_movements=1)
    # emg.simulate_emg_pair's model for every trial at once: band-limited noise whose amplitude
    # follows the drive, plus a noise floor (emg.band_limited_noise, vectorised over trials)
    band = signal.butter(4, emg.BAND_HZ, btype="bandpass", fs=fs, output="sos")

    def noise():
        x = signal.sosfilt(band, rng.standard_normal((n_trials, t.size + 400)), axis=-1)[:, 400:]
        return x / x.std(axis=-1, keepdims=True)

    strength = rng.uniform(0.7, 1.3, size=(n_trials, 1))
    amp = rng.uniform(*DRIFT_MV_RANGE, size=(n_trials, 1))
    freq = rng.uniform(*DRIFT_HZ_RANGE, size=(n_trials, 1))
    phase = rng.uniform(0, 2 * np.pi, size=(n_trials, 1))
    raw = strength * (emg.PEAK_EMG_MV * drive * noise() + emg.NOISE_FLOOR_MV * noise())
    raw = raw + amp * np.sin(2 * np.pi * freq * t + phase)
    # the course's linear envelope (emg.envelope), row by row in one call
    low = signal.butter(4, emg.LOWPASS_HZ, btype="lowpass", fs=fs, output="sos")
    env = np.maximum(signal.sosfiltfilt(low, np.abs(signal.sosfiltfilt(band, raw, axis=-1)), axis=-1), 0.0)
    return {"fs_hz": fs, "raw_mV": raw, "envelope_mV": env, "duration_s": TRIAL_DURATION_S}


def virtual_rating_changes(seed=None):
    """A clinic's audit: each patient's TWSTRS improvement at week 4 after toxin, points.

    Improvement = baseline × the patient's fraction × the time course at day 28, plus rater
    noise, rounded to whole points (positive: better).  Clinic means land around the
    scale's MCIC (8-12 points), so an interval can fall on either side of it.

    Parameters
    ----------
    seed : None, int or numpy.random.Generator

    Returns
    -------
    ndarray
        1-D float array of whole points, one per patient (10-18 patients).

    Examples
    --------
    >>> x = virtual_rating_changes(seed=0)
    >>> 10 <= x.size <= 18 and bool(np.all(x == np.rint(x)))
    True
    """
    rng = as_generator(seed)
    n = int(rng.integers(CLINIC_SIZE_RANGE[0], CLINIC_SIZE_RANGE[1] + 1))
    mean_fraction = rng.uniform(*CLINIC_IMPROVEMENT_RANGE)
    baseline = np.clip(rng.normal(*CLINIC_BASELINE_POINTS, size=n), 20.0, 70.0)
    fraction = rng.normal(mean_fraction, 0.12, size=n)
    change = baseline * fraction * botulinum.time_course(28.0) + rng.normal(0.0, 2.5, size=n)
    return np.rint(change) + 0.0          # + 0.0: no -0.0 in the list a student prints


# --- what the warm-up's figures show ------------------------------------------------------------
def lowpass_once_and_twice(x_mV, fs_hz, cutoff_hz=emg.LOWPASS_HZ, order=4):
    """A rectified EMG low-passed once, forwards (causal), and forwards and backwards (zero-phase).

    Parameters
    ----------
    x_mV : array_like
        1-D signal, mV (for an envelope: band-passed and rectified EMG).
    fs_hz : float
        Sampling rate, Hz.
    cutoff_hz : float, optional, default: emg.LOWPASS_HZ
        Butterworth corner, Hz.
    order : int, optional, default: 4

    Returns
    -------
    tuple of ndarray
        ``(causal, zero_phase)``, mV: ``signal.sosfilt`` and ``signal.sosfiltfilt`` of the
        same design.  The causal one lags the signal; the zero-phase one does not.

    Examples
    --------
    >>> x = np.r_[np.zeros(500), np.ones(500)]
    >>> once, twice = lowpass_once_and_twice(x, 1000.0)
    >>> bool(once[520] < twice[520])        # just after the step, the causal filter is behind
    True
    """
    x = check_array(x_mV, "x_mV", ndim=1, min_length=30)
    fs = check_number(fs_hz, "fs_hz", low=0.0, low_inclusive=False)
    cutoff = check_number(cutoff_hz, "cutoff_hz", low=0.0, high=fs / 2, low_inclusive=False, high_inclusive=False)
    sos = signal.butter(int(order), cutoff, btype="lowpass", fs=fs, output="sos")
    return signal.sosfilt(sos, x), signal.sosfiltfilt(sos, x)


def gain_db_once_and_twice(freqs_hz, fs_hz, cutoff_hz=emg.LOWPASS_HZ, order=4):
    """Gain of a Butterworth low-pass applied once and twice (forwards and backwards), dB.

    Filtering twice multiplies the magnitude response by itself: every gain in dB doubles,
    so the corner's −3 dB becomes −6 dB and the roll-off doubles.

    Parameters
    ----------
    freqs_hz : array_like
        Frequencies, Hz (below fs_hz/2).
    fs_hz, cutoff_hz : float
        Sampling rate and corner, Hz.
    order : int, optional, default: 4

    Returns
    -------
    tuple of ndarray
        ``(once_dB, twice_dB)``.

    Examples
    --------
    >>> once, twice = gain_db_once_and_twice([6.0], 1000.0, 6.0)
    >>> round(float(once[0]), 1), round(float(twice[0]), 1)
    (-3.0, -6.0)
    """
    f = check_array(freqs_hz, "freqs_hz", low=0.0)
    fs = check_number(fs_hz, "fs_hz", low=0.0, low_inclusive=False)
    sos = signal.butter(int(order), check_number(cutoff_hz, "cutoff_hz", low=0.0, high=fs / 2, low_inclusive=False,
                                                 high_inclusive=False), btype="lowpass", fs=fs, output="sos")
    _, h = signal.sosfreqz(sos, worN=f, fs=fs)
    once = 20 * np.log10(np.maximum(np.abs(h), 1e-12))
    return once, 2 * once


def bootstrap_means(values, n_boot=2000, seed=None):
    """Means of ``n_boot`` resamples of ``values``, each drawn with replacement at the same size.

    Parameters
    ----------
    values : array_like
        1-D sample (at least 2 values).
    n_boot : int, optional, default: 2000
    seed : None, int or numpy.random.Generator

    Returns
    -------
    ndarray
        ``n_boot`` resampled means; their 2.5th and 97.5th percentiles are the 95 %
        percentile-bootstrap interval of the mean (Efron & Tibshirani 1993).

    Examples
    --------
    >>> m = bootstrap_means([1.0, 2.0, 3.0, 10.0], n_boot=500, seed=0)
    >>> m.shape, bool(1.0 <= m.min() and m.max() <= 10.0)
    ((500,), True)
    """
    x = check_array(values, "values", ndim=1, min_length=2)
    n = int(check_number(n_boot, "n_boot", low=1, integer=True))
    rng = as_generator(seed)
    return x[rng.integers(0, x.size, (n, x.size))].mean(axis=1)
