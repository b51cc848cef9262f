"""Surface EMG of an agonist/antagonist pair, the envelope pipeline and co-contraction.

In a healthy reach the agonist fires and, through reciprocal inhibition (Ia
interneurons, plus descending control), its antagonist stays quiet.  In
dystonia the antagonist fires too: co-contraction.  This module makes the
signals, turns raw EMG into envelopes the standard way (band-pass 20-450 Hz,
full-wave rectification, ~6 Hz low-pass; De Luca et al. 2010; Winter 2009)
and measures how much two envelopes overlap.  It also models the H-reflex
test of spinal reciprocal inhibition and its three phases (Day et al. 1984).
"""
import numpy as np
from scipy import signal

from .checks import as_generator, check_array, check_number

FS_HZ = 2000.0               # surface EMG is usually sampled at 1-2 kHz
BAND_HZ = (20.0, 450.0)      # De Luca et al. 2010
LOWPASS_HZ = 6.0             # linear-envelope convention (Winter)
NOISE_FLOOR_MV = 0.005       # baseline noise, mV rms (course design)
PEAK_EMG_MV = 0.5            # rms at full activation, mV (course design, typical surface EMG)
SPILLOVER = 0.5              # share of the agonist command reaching the antagonist before inhibition (course design)

#: H-reflex reciprocal inhibition in healthy controls, % inhibition of the FCR H-reflex
#: by radial-nerve conditioning at three intervals (Chen, Tsai & Lu 1995; values
#: 41 ± 17, 40 ± 13 and 36 ± 20 %).  Three phases (Day, Marsden, Obeso & Rothwell
#: 1984): phase 1, disynaptic Ia, when the test comes from 1 ms before to 3 ms after
#: the conditioning shock; phase 2 at conditioning-test intervals of 5-50 ms, shown to
#: be presynaptic later (Berardelli et al. 1987); phase 3 at 50-500 ms.
RI_PHASE_RANGES_MS = ((-1.0, 3.0), (5.0, 50.0), (50.0, 500.0))
RI_CONTROL_PERCENT = {0.0: 41.0, 20.0: 40.0, 100.0: 36.0}
RI_CONTROL_SD = {0.0: 17.0, 20.0: 13.0, 100.0: 20.0}
#: Illustrative writer's-cramp values (course design): every phase smaller, phase 2 most.
RI_DYSTONIA_PERCENT = {0.0: 28.0, 20.0: 12.0, 100.0: 20.0}


def activation_profile(t_s, onset_s, duration_s, rise_s=0.08):
    """Smooth on/off activation (0-1): logistic rise at onset, fall at onset + duration."""
    t = np.asarray(t_s, dtype=float)
    on = 1.0 / (1.0 + np.exp(-(t - onset_s) / (rise_s / 4)))
    off = 1.0 / (1.0 + np.exp((t - onset_s - duration_s) / (rise_s / 4)))
    return on * off


def muscle_drives(t_s, *, reciprocal_inhibition=0.9, co_contraction=0.0, n_movements=2, period_s=2.0):
    """Agonist and antagonist drive (0-1) for repeated wrist flexions.

    The agonist bursts for 0.8 s every ``period_s``.  Half of the agonist command
    spills over to the antagonist's motor neurons and is removed by reciprocal
    inhibition (0 = none, 1 = complete); ``co_contraction`` adds a direct,
    uninhibited co-activation (the dystonic programme).  A small braking burst
    ends each movement (the normal triphasic pattern, simplified).  The spill-over
    fraction 0.5 is a course-design value.

    Returns
    -------
    tuple of ndarray
        ``(agonist, antagonist)`` drives, same shape as ``t_s``.
    """
    ri = check_number(reciprocal_inhibition, "reciprocal_inhibition", low=0.0, high=1.0)
    cc = check_number(co_contraction, "co_contraction", low=0.0, high=1.0)
    t = np.asarray(t_s, dtype=float)
    agonist = np.zeros_like(t)
    brake = np.zeros_like(t)
    for k in range(int(n_movements)):
        start = 0.4 + k * period_s
        agonist += 0.8 * activation_profile(t, start, 0.8)
        brake += 0.25 * activation_profile(t, start + 0.75, 0.12, rise_s=0.04)
    antagonist = np.clip(brake + agonist * (SPILLOVER * (1.0 - ri) + cc), 0.0, 1.0)
    return np.clip(agonist, 0, 1), antagonist


def band_limited_noise(n_samples, fs_hz=FS_HZ, band_hz=BAND_HZ, seed=None):
    """Unit-variance Gaussian noise band-limited to ``band_hz`` (4th-order Butterworth)."""
    rng = as_generator(seed)
    white = rng.standard_normal(int(n_samples) + 400)
    sos = signal.butter(4, band_hz, btype="bandpass", fs=fs_hz, output="sos")
    noise = signal.sosfilt(sos, white)[400:]
    return noise / noise.std()


def simulate_emg_pair(duration_s=4.0, fs_hz=FS_HZ, *, reciprocal_inhibition=0.9, co_contraction=0.0,
                      n_movements=2, seed=None):
    """Raw surface EMG of a wrist flexor (agonist) and extensor (antagonist).

    Surface EMG is modelled as band-limited (20-450 Hz) Gaussian noise whose
    amplitude follows the muscle's activation, plus a noise floor (a standard
    phenomenological model; the interference pattern of many motor units).

    Parameters
    ----------
    duration_s : float
        Recording length, s.
    fs_hz : float
        Sampling rate, Hz (> 900 so the 450 Hz band fits).
    reciprocal_inhibition : float
        0-1; healthy ~0.9.
    co_contraction : float
        0-1; how much of the agonist command leaks to the antagonist (dystonia: 0.6-0.9).
    seed : None, int or numpy.random.Generator

    Returns
    -------
    dict
        ``t_s``, ``agonist_mV``, ``antagonist_mV`` (raw EMG, mV), ``agonist_drive``,
        ``antagonist_drive`` (0-1), ``fs_hz``.

    Examples
    --------
    >>> rec = simulate_emg_pair(2.0, seed=1)
    >>> rec["agonist_mV"].shape
    (4000,)
    """
    duration = check_number(duration_s, "duration_s", low=0.1, high=600.0)
    fs = check_number(fs_hz, "fs_hz", low=900.0, high=20000.0, low_inclusive=False)
    rng = as_generator(seed)
    t = np.arange(int(round(duration * fs))) / fs
    ago, ant = muscle_drives(t, reciprocal_inhibition=reciprocal_inhibition, co_contraction=co_contraction,
                             n_movements=n_movements)
    out = {"t_s": t, "agonist_drive": ago, "antagonist_drive": ant, "fs_hz": fs}
    for name, drive in (("agonist_mV", ago), ("antagonist_mV", ant)):
        carrier = band_limited_noise(t.size, fs, seed=rng)
        floor = NOISE_FLOOR_MV * band_limited_noise(t.size, fs, seed=rng)
        out[name] = PEAK_EMG_MV * drive * carrier + floor
    return out


def envelope(emg_mV, fs_hz=FS_HZ, band_hz=BAND_HZ, lowpass_hz=LOWPASS_HZ, order=4, *, rectify=True, zero_phase=True):
    """Linear envelope: zero-phase band-pass, full-wave rectify, zero-phase low-pass.

    The keyword-only switches reproduce the pipeline's classic mistakes, so a check can show what
    each one gives (03a Problem 1): no rectification, no band-pass (``band_hz=None``), filters
    applied once (causal) instead of forwards and backwards.

    Parameters
    ----------
    emg_mV : array_like
        Raw EMG, mV (1-D, at least 100 samples).
    fs_hz : float
        Sampling rate, Hz.
    band_hz : tuple of float or None
        Band-pass corners, Hz; None skips the band-pass (a mistake: the drift stays in).
    lowpass_hz : float
        Envelope low-pass corner, Hz.
    order : int
        Butterworth order of each filter.
    rectify : bool, keyword-only, default: True
        Full-wave rectify between the filters (False: a mistake, the envelope is near 0).
    zero_phase : bool, keyword-only, default: True
        Filter forwards and backwards (False: once, causal, which lags the bursts).

    Returns
    -------
    ndarray
        Envelope, mV, same length as the input (clipped at 0).

    Examples
    --------
    >>> rec = simulate_emg_pair(2.0, seed=0)
    >>> env = envelope(rec["agonist_mV"], rec["fs_hz"])
    >>> bool(env.max() > 5 * env[:200].mean())
    True
    """
    x = check_array(emg_mV, "emg_mV", ndim=1, min_length=100)
    fs = check_number(fs_hz, "fs_hz", low=0.0, low_inclusive=False)
    if band_hz is not None:
        lo, hi = band_hz
        if not 0 < lo < hi < fs / 2:
            raise ValueError(f"band_hz must satisfy 0 < low < high < fs_hz/2 = {fs / 2}; got {band_hz}.")
    if not 0 < lowpass_hz < fs / 2:
        raise ValueError(f"lowpass_hz must be between 0 and fs_hz/2; got {lowpass_hz}.")
    apply = signal.sosfiltfilt if zero_phase else signal.sosfilt
    low = signal.butter(order, lowpass_hz, btype="lowpass", fs=fs, output="sos")
    if band_hz is not None:
        x = apply(signal.butter(order, band_hz, btype="bandpass", fs=fs, output="sos"), x)
    rectified = np.abs(x) if rectify else x
    # Zero-phase filtering can ring slightly below zero next to sharp bursts; an
    # envelope is an amplitude, so clip those few samples to 0.
    return np.maximum(apply(low, rectified), 0.0)


def normalise(env, reference=None):
    """Envelope divided by ``reference`` (e.g. the MVC envelope peak) or by its own maximum."""
    env = check_array(env, "env")
    ref = float(np.max(env)) if reference is None else check_number(reference, "reference", low=0.0,
                                                                    low_inclusive=False)
    return env / ref


def _pair(a, b):
    """Check two envelopes; clip the tiny negative ringing that zero-phase filtering leaves.

    Values below zero by more than 10 % of the larger envelope's peak are an error
    (probably an unrectified signal).
    """
    a = check_array(a, "a", ndim=1)
    b = check_array(b, "b", ndim=1)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same length; got {a.size} and {b.size}.")
    peak = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))), 1e-300)
    for name, x in (("a", a), ("b", b)):
        if x.min() < -0.1 * peak:
            raise ValueError(f"{name} has values far below zero (minimum {x.min():.3g}); envelopes must be "
                             "non-negative: did you rectify before low-pass filtering?")
    return np.maximum(a, 0.0), np.maximum(b, 0.0)


def cci_falconer_winter(a, b):
    """Falconer & Winter (1985) co-contraction index, %: 2·Σmin(a, b) / Σ(a + b) × 100.

    0 % = the envelopes never overlap; 100 % = identical envelopes.  Envelopes must be
    non-negative and sampled on the same time base.

    >>> cci_falconer_winter([1, 1, 0], [0, 1, 1])
    50.0
    """
    a, b = _pair(a, b)
    total = np.sum(a + b)
    if total == 0:
        raise ValueError("a and b are both all zeros: the index is undefined.")
    return float(200.0 * np.sum(np.minimum(a, b)) / total)


def cci_rudolph(a, b):
    """Rudolph et al. (2000) index, time-averaged (course design): mean of (lower/higher)·(lower + higher).

    >>> cci_rudolph([1, 1, 0], [0, 1, 1])
    0.6666666666666666
    """
    a, b = _pair(a, b)
    low, high = np.minimum(a, b), np.maximum(a, b)
    ratio = np.divide(low, high, out=np.zeros_like(low), where=high > 0)
    return float(np.mean(ratio * (low + high)))


def envelope_overlap(a, b, fs_hz):
    """Area under min(a, b), in envelope-units × s ("wasted" co-contraction).

    >>> envelope_overlap([1, 1, 0], [0, 1, 1], 1.0)
    1.0
    """
    a, b = _pair(a, b)
    fs = check_number(fs_hz, "fs_hz", low=0.0, low_inclusive=False)
    return float(np.sum(np.minimum(a, b)) / fs)


# --- H-reflex reciprocal inhibition --------------------------------------------------
#: Where each phase kernel peaks, ms: at the intervals Chen et al. (1995) measured (course design).
RI_PHASE_PEAKS_MS = (0.0, 20.0, 100.0)


def _bump(x, low, peak, high):
    """Smooth one-peaked bump on (low, high): sin² rise to 1 at ``peak``, cos² fall; 0 outside.

    Both halves have zero slope at the peak and at the ends, so the bump and its slope
    are continuous.
    """
    x = np.asarray(x, dtype=float)
    rise = np.sin(0.5 * np.pi * np.clip((x - low) / (peak - low), 0.0, 1.0)) ** 2
    fall = np.cos(0.5 * np.pi * np.clip((x - peak) / (high - peak), 0.0, 1.0)) ** 2
    return np.where((x <= low) | (x >= high), 0.0, np.where(x <= peak, rise, fall))


def _phase_kernels(isi_ms):
    """Kernels (0-1) of the three phases over the conditioning–test interval (ms; negative = test first).

    Each is a smooth bump confined to Day et al.'s (1984) range and peaking at the
    interval Chen et al. (1995) measured: phase 1 on (−1, 3) ms peaking at 0 ms (linear
    time), phases 2 and 3 on (5, 50) and (50, 500) ms peaking at 20 and 100 ms (log
    time).  No step anywhere, so the curve has no jump.
    """
    isi = np.asarray(isi_ms, dtype=float)
    (a1, b1), (a2, b2), (a3, b3) = RI_PHASE_RANGES_MS
    p1, p2, p3 = RI_PHASE_PEAKS_MS
    k1 = _bump(isi, a1, p1, b1)
    log_isi = np.log(np.clip(isi, 1e-3, None))
    k2 = np.where(isi > 0, _bump(log_isi, np.log(a2), np.log(p2), np.log(b2)), 0.0)
    k3 = np.where(isi > 0, _bump(log_isi, np.log(a3), np.log(p3), np.log(b3)), 0.0)
    return k1, k2, k3


def _gains_for(targets_percent):
    """Phase gains whose summed kernels hit the target inhibition at 0, 20 and 100 ms."""
    isis = np.array(sorted(targets_percent))
    kernels = np.column_stack(_phase_kernels(isis))
    return np.linalg.solve(kernels, np.array([targets_percent[i] for i in isis]) / 100.0)


def reciprocal_inhibition_percent(isi_ms, *, dystonia=False, phase_gains=None):
    """Inhibition of the FCR H-reflex by radial-nerve conditioning, % (course-design kernels).

    Three phases within Day et al.'s (1984) ranges (see RI_PHASE_RANGES_MS): disynaptic
    Ia (−1 to 3 ms), presynaptic (5-50 ms; Berardelli et al. 1987) and late (50-500 ms);
    none outside them (no inhibition at −2 ms).  ``isi_ms`` is the conditioning–test
    interval, negative when the test shock comes first.  Healthy gains reproduce the
    control means (41, 40, 36 % at 0, 20, 100 ms; Chen et al. 1995); ``dystonia=True``
    reduces all three phases, the
    second most (a course-design illustration: Nakashima et al. 1989 found phase 2
    reduced; Chen et al. 1995 found all three reduced, in both arms).

    >>> [round(reciprocal_inhibition_percent(isi), 1) for isi in (0.0, 20.0, 100.0)]
    [41.0, 40.0, 36.0]
    >>> reciprocal_inhibition_percent(20.0, dystonia=True) < reciprocal_inhibition_percent(20.0)
    True
    """
    isi = np.asarray(isi_ms, dtype=float)
    if np.any(~np.isfinite(isi)) or np.any(isi < -5) or np.any(isi > 1000):
        raise ValueError("isi_ms must be between -5 and 1000 ms.")
    if phase_gains is None:
        phase_gains = _gains_for(RI_DYSTONIA_PERCENT if dystonia else RI_CONTROL_PERCENT)
    k1, k2, k3 = _phase_kernels(isi)
    value = 100.0 * np.clip(phase_gains[0] * k1 + phase_gains[1] * k2 + phase_gains[2] * k3, 0, 1)
    return float(value) if np.ndim(value) == 0 else value


def conditioned_h_reflex(h_test_mV, isi_ms, **kwargs):
    """Conditioned H-reflex amplitude, mV: H_test × (1 − RI%/100)."""
    h = check_number(h_test_mV, "h_test_mV", low=0.0)
    return h * (1.0 - reciprocal_inhibition_percent(isi_ms, **kwargs) / 100.0)


# --- virtual patients (chapter 3) ----------------------------------------------------
#: Sampling rates of common surface-EMG systems, Hz; 2 kHz is left out on purpose so a
#: pipeline that hard-wires it fails on every virtual patient.
VIRTUAL_FS_HZ = (1000.0, 1024.0, 1200.0, 1500.0, 2048.0, 2400.0)
#: Electrode gain range (log-uniform), a stand-in for placement, skin and tissue
#: differences that scale each channel (course design; Halaki & Ginn 2012 list the causes).
VIRTUAL_GAIN_RANGE = (0.4, 2.5)


def mvc_trial(duration_s=3.0, fs_hz=FS_HZ, *, gain=1.0, seed=None):
    """Raw EMG of one maximal voluntary contraction (MVC): full activation from 0.5 s to 0.5 s before the end.

    The same band-limited noise model as :func:`simulate_emg_pair` at drive 1, times
    ``gain`` (the electrode's own scaling).  Its envelope peak is the reference for %MVC
    normalisation.

    Examples
    --------
    >>> mvc_trial(3.0, 1000.0, seed=0).shape
    (3000,)
    """
    duration = check_number(duration_s, "duration_s", low=1.5, high=60.0)
    fs = check_number(fs_hz, "fs_hz", low=900.0, high=20000.0, low_inclusive=False)
    g = check_number(gain, "gain", low=0.0, low_inclusive=False)
    rng = as_generator(seed)
    t = np.arange(int(round(duration * fs))) / fs
    drive = activation_profile(t, 0.5, duration - 1.0, rise_s=0.2)
    carrier = band_limited_noise(t.size, fs, seed=rng)
    floor = NOISE_FLOOR_MV * band_limited_noise(t.size, fs, seed=rng)
    return g * (PEAK_EMG_MV * drive * carrier + floor)


def virtual_wrist_patients(seed=None, duration_s=6.0, mvc_duration_s=3.0):
    """Two patients with a stiff wrist, X and Y: one co-contracts (dystonia), the other does not.

    Each patient flexes the wrist three times while surface EMG is recorded from the
    flexor (agonist) and extensor (antagonist), and then makes one MVC with each muscle.
    Electrode movement adds a slow drift (0.2-0.6 mV at 0.3-0.8 Hz; the extensor sees
    50-100 % of it).  Every channel has its own gain (log-uniform in VIRTUAL_GAIN_RANGE),
    the same in the task and in that muscle's MVC, so raw envelopes are not comparable
    between muscles until each is divided by its MVC.  The dystonic patient has
    reciprocal inhibition 0.2-0.5 and co-contraction 0.5-0.85, the other 0.8-0.95 and
    0-0.1.  All ranges are course design.

    Parameters
    ----------
    seed : None, int or numpy.random.Generator
    duration_s, mvc_duration_s : float
        Length of the task and of each MVC recording, s.

    Returns
    -------
    dict
        ``fs_hz``; ``raw`` and ``mvc``: ``{"X": {"flexor": mV, "extensor": mV}, "Y": ...}``
        (1-D arrays of raw EMG).  Which patient is dystonic is not returned: it is for the
        measurement to find.

    Examples
    --------
    >>> rec = virtual_wrist_patients(seed=3)
    >>> sorted(rec["raw"]), sorted(rec["raw"]["X"]), rec["fs_hz"] != 2000.0
    (['X', 'Y'], ['extensor', 'flexor'], True)
    """
    rng = as_generator(seed)
    fs = float(rng.choice(VIRTUAL_FS_HZ))
    dystonic = "X" if rng.random() < 0.5 else "Y"
    low, high = np.log(VIRTUAL_GAIN_RANGE[0]), np.log(VIRTUAL_GAIN_RANGE[1])
    raw, mvc = {}, {}
    for name in ("X", "Y"):
        if name == dystonic:
            ri, cc = rng.uniform(0.2, 0.5), rng.uniform(0.5, 0.85)
        else:
            ri, cc = rng.uniform(0.8, 0.95), rng.uniform(0.0, 0.1)
        gains = np.exp(rng.uniform(low, high, 2))
        rec = simulate_emg_pair(duration_s, fs, reciprocal_inhibition=ri, co_contraction=cc, n_movements=3,
                                seed=rng)
        amp, freq, phase, share = rng.uniform(0.2, 0.6), rng.uniform(0.3, 0.8), rng.uniform(0, 2 * np.pi), \
            rng.uniform(0.5, 1.0)
        drift = amp * np.sin(2 * np.pi * freq * rec["t_s"] + phase)
        raw[name] = {"flexor": gains[0] * rec["agonist_mV"] + drift,
                     "extensor": gains[1] * rec["antagonist_mV"] + share * drift}
        mvc[name] = {}
        for muscle, g in zip(("flexor", "extensor"), gains):
            trial = mvc_trial(mvc_duration_s, fs, gain=g, seed=rng)
            t = np.arange(trial.size) / fs
            mvc[name][muscle] = trial + 0.5 * amp * np.sin(2 * np.pi * freq * t + rng.uniform(0, 2 * np.pi))
    return {"fs_hz": fs, "raw": raw, "mvc": mvc}
