"""Alternative correct and plausible wrong answers for 03a_measurement.

Every answer computes its ``my_...`` values from the student's own data (``my_emg``,
``my_tms``, ``my_lfp``), so each is right (or wrong) for whichever student runs it.
"""
from answer_registry import reading_entry as _reading_entry   # tools/answer_registry.py

# --- Problem 1: the envelope -------------------------------------------------------------------
_PEAKS = '''

my_mvc_peak_mV = {name: [float(np.max(linear_envelope(my_emg["mvc"][name][muscle], FS_HZ)))
                         for muscle in ("flexor", "extensor")] for name in ("X", "Y")}'''


def _envelope(body):
    return "def linear_envelope(raw_mV, fs_hz):\n" + body + _PEAKS


# --- Problem 2: the index ----------------------------------------------------------------------
_OWN = '''

_env = {n: {m: emg.envelope(my_emg["raw"][n][m], FS_HZ) for m in ("flexor", "extensor")} for n in ("X", "Y")}
_mvc = {n: {m: float(emg.envelope(my_emg["mvc"][n][m], FS_HZ).max()) for m in ("flexor", "extensor")} for n in ("X", "Y")}
my_cci = {n: cocontraction_index(_env[n]["flexor"], _env[n]["extensor"], _mvc[n]["flexor"], _mvc[n]["extensor"])
          for n in ("X", "Y")}
dystonic_patient = "X" if my_cci["X"] > my_cci["Y"] else "Y"'''


def _cci(body):
    return "def cocontraction_index(env_flexor_mV, env_extensor_mV, mvc_flexor_mV, mvc_extensor_mV):\n" + body + _OWN


# --- Problem 3: paired pulses ------------------------------------------------------------------
_TMS_OWN = '''

my_tms_stats = paired_pulse_stats(my_tms["test_rest_mV"], my_tms["sici_mV"], my_tms["test_active_mV"], my_tms["lici_mV"])'''


def _tms(body):
    return "def paired_pulse_stats(test_rest_mV, sici_mV, test_active_mV, lici_mV, n_boot=2000, seed=0):\n" + body + _TMS_OWN


def _tms_tail(sici_class='"reduced" if sici > 0.65 else "normal"', lici_class='"reduced" if lici > 0.5 else "normal"'):
    return f'''
    low, high = np.percentile(boot, [2.5, 97.5])
    return {{"sici_ratio": float(sici), "lici_ratio": float(lici), "sici_ci": (float(low), float(high)),
            "sici_class": {sici_class}, "lici_class": {lici_class}}}'''


_TMS_TAIL = _tms_tail()
_TMS_RIGHT = '''    gm = lambda x: float(np.exp(np.mean(np.log(x))))
    rng = np.random.default_rng(seed)
    boot = [gm(rng.choice(sici_mV, len(sici_mV))) / gm(rng.choice(test_rest_mV, len(test_rest_mV))) for _ in range(n_boot)]
    sici = gm(sici_mV) / gm(test_rest_mV)
    lici = gm(lici_mV) / gm(test_active_mV)'''

# --- Problem 4: LFP ------------------------------------------------------------------------------
_LFP_OWN = '''

my_lfp_summary = lfp_summary(my_lfp["lfp_off_uV"], my_lfp["lfp_on_uV"], my_lfp["fs_hz"])'''


def _lfp(power_line="p[(f >= 4) & (f < 12)].sum() / p[(f >= 1) & (f < 45)].sum()", welch_kw='nperseg=int(2 * fs_hz), noverlap=int(fs_hz)',
         threshold="np.percentile(e_off, 75)", on_threshold="threshold", min_s="0.1", at_least=">="):
    return f'''def lfp_summary(lfp_off, lfp_on, fs_hz):
    def rel(x):
        f, p = signal.welch(x, fs=fs_hz, window="hann", {welch_kw})
        return {power_line}
    sos = signal.butter(4, (4.0, 12.0), btype="bandpass", fs=fs_hz, output="sos")
    e_off = np.abs(signal.hilbert(signal.sosfiltfilt(sos, lfp_off)))
    e_on = np.abs(signal.hilbert(signal.sosfiltfilt(sos, lfp_on)))
    threshold = {threshold}
    def mb(e, thr):
        a = np.concatenate([[0], (e > thr).astype(int), [0]])
        ed = np.flatnonzero(np.diff(a))
        ln = (ed[1::2] - ed[::2]) / fs_hz
        ln = ln[ln {at_least} {min_s}]
        return float(ln.mean()) if ln.size else 0.0
    r_off, r_on = rel(lfp_off), rel(lfp_on)
    return {{"rel_off": float(r_off), "rel_on": float(r_on), "suppression_percent": float(100 * (1 - r_on / r_off)),
            "threshold_uV": float(threshold), "mean_burst_off_s": mb(e_off, threshold),
            "mean_burst_on_s": mb(e_on, {on_threshold})}}''' + _LFP_OWN


ANSWERS = {
    "ch3a_envelope": {
        "hidden": ["ch3a_envelope_hidden"],
        "per_student": True,
        "alternatives": [
            _envelope('''    nyq = fs_hz / 2
    band = signal.butter(4, [20 / nyq, 450 / nyq], btype="bandpass", output="sos")
    low = signal.butter(4, 6 / nyq, output="sos")
    x = signal.sosfiltfilt(band, np.asarray(raw_mV, float), padtype="even")
    return signal.sosfiltfilt(low, np.sqrt(x ** 2), padtype="even")'''),
            _envelope('''    b, a = signal.butter(4, (20.0, 450.0), btype="bandpass", fs=fs_hz)
    d, c = signal.butter(4, 6.0, fs=fs_hz)
    return signal.filtfilt(d, c, np.abs(signal.filtfilt(b, a, raw_mV)))'''),
        ],
        "wrong": {
            "low-pass without rectifying": {"code": _envelope('''    band = signal.butter(4, (20.0, 450.0), btype="bandpass", fs=fs_hz, output="sos")
    low = signal.butter(4, 6.0, btype="lowpass", fs=fs_hz, output="sos")
    return signal.sosfiltfilt(low, signal.sosfiltfilt(band, raw_mV))'''), "hint": "no_rectify", "visible": True},
            "no band-pass (the drift is rectified into the envelope)": {"code": _envelope('''    low = signal.butter(4, 6.0, btype="lowpass", fs=fs_hz, output="sos")
    return signal.sosfiltfilt(low, np.abs(raw_mV))'''), "hint": "no_bandpass", "visible": True},
            "sampling rate hard-wired to 2 kHz": {"code": _envelope('''    band = signal.butter(4, (20.0, 450.0), btype="bandpass", fs=2000.0, output="sos")
    low = signal.butter(4, 6.0, btype="lowpass", fs=2000.0, output="sos")
    return signal.sosfiltfilt(low, np.abs(signal.sosfiltfilt(band, raw_mV)))'''), "hint": "fs_hardwired", "visible": True},
            "filtered once (causal, phase lag)": {"code": _envelope('''    band = signal.butter(4, (20.0, 450.0), btype="bandpass", fs=fs_hz, output="sos")
    low = signal.butter(4, 6.0, btype="lowpass", fs=fs_hz, output="sos")
    return signal.sosfilt(low, np.abs(signal.sosfilt(band, raw_mV)))'''), "hint": "causal_filter", "visible": True},
            "hard-coded visible answer": {"code": _envelope('''    if fs_hz == 1500.0 and len(raw_mV) == 4501:      # only the visible example
        band = signal.butter(4, (20.0, 450.0), btype="bandpass", fs=fs_hz, output="sos")
        low = signal.butter(4, 6.0, btype="lowpass", fs=fs_hz, output="sos")
        return signal.sosfiltfilt(low, np.abs(signal.sosfiltfilt(band, raw_mV)))
    return np.full(len(raw_mV), 0.1)'''), "hint": "hint", "visible": False,
                "why": "it reproduces the visible example"},
        },
    },
    "ch3a_cci": {
        "hidden": ["ch3a_cci_hidden"],
        "per_student": True,
        "alternatives": [
            _cci('''    a = np.asarray(env_flexor_mV) / mvc_flexor_mV * 100      # % MVC
    b = np.asarray(env_extensor_mV) / mvc_extensor_mV * 100
    return float(emg.cci_falconer_winter(a, b))'''),
        ],
        "wrong": {
            "no normalisation (raw millivolts)": {"code": _cci('''    a, b = np.asarray(env_flexor_mV), np.asarray(env_extensor_mV)
    return float(200 * np.minimum(a, b).sum() / (a + b).sum())'''), "hint": "no_normalisation", "visible": True},
            "each envelope normalised to its own peak": {"code": _cci('''    a = np.asarray(env_flexor_mV) / np.max(env_flexor_mV)
    b = np.asarray(env_extensor_mV) / np.max(env_extensor_mV)
    return float(200 * np.minimum(a, b).sum() / (a + b).sum())'''), "hint": "own_peak", "visible": True},
            "MVC peaks swapped": {"code": _cci('''    a = np.asarray(env_flexor_mV) / mvc_extensor_mV
    b = np.asarray(env_extensor_mV) / mvc_flexor_mV
    return float(200 * np.minimum(a, b).sum() / (a + b).sum())'''), "hint": "swapped_mvc", "visible": True},
            "a fraction instead of percent": {"code": _cci('''    a = np.asarray(env_flexor_mV) / mvc_flexor_mV
    b = np.asarray(env_extensor_mV) / mvc_extensor_mV
    return float(2 * np.minimum(a, b).sum() / (a + b).sum())'''), "hint": "fraction", "visible": True},
            "factor 2 forgotten": {"code": _cci('''    a = np.asarray(env_flexor_mV) / mvc_flexor_mV
    b = np.asarray(env_extensor_mV) / mvc_extensor_mV
    return float(100 * np.minimum(a, b).sum() / (a + b).sum())'''), "hint": "no_factor_two", "visible": True},
            "hard-coded visible answer": {"code": _cci('''    return 50.06105006105007'''), "hint": "hint", "visible": False,
                                          "why": "it reproduces the visible example"},
        },
    },
    "ch3a_tms": {
        "hidden": ["ch3a_tms_hidden"],
        "per_student": True,
        "alternatives": [
            '''from scipy.stats import gmean

def paired_pulse_stats(test_rest_mV, sici_mV, test_active_mV, lici_mV, n_boot=2000, seed=0):
    rng = np.random.default_rng(seed)
    ratios = []
    for _ in range(n_boot):
        s = rng.choice(sici_mV, size=len(sici_mV), replace=True)
        t = rng.choice(test_rest_mV, size=len(test_rest_mV), replace=True)
        ratios.append(gmean(s) / gmean(t))
    sici = gmean(sici_mV) / gmean(test_rest_mV)
    lici = tms.paired_pulse_ratio(lici_mV, test_active_mV)
    return {"sici_ratio": float(sici), "lici_ratio": float(lici),
            "sici_ci": tuple(float(v) for v in np.percentile(ratios, [2.5, 97.5])),
            "sici_class": "reduced" if sici > 0.65 else "normal", "lici_class": "reduced" if lici > 0.50 else "normal"}''' + _TMS_OWN,
        ],
        "wrong": {
            "arithmetic means": {"code": _tms('''    rng = np.random.default_rng(seed)
    boot = [rng.choice(sici_mV, len(sici_mV)).mean() / rng.choice(test_rest_mV, len(test_rest_mV)).mean()
            for _ in range(n_boot)]
    sici = np.mean(sici_mV) / np.mean(test_rest_mV)
    lici = np.mean(lici_mV) / np.mean(test_active_mV)''' + _TMS_TAIL), "hint": "arithmetic_means", "visible": True},
            "ratio inverted (test over conditioned)": {"code": _tms('''    gm = lambda x: float(np.exp(np.mean(np.log(x))))
    rng = np.random.default_rng(seed)
    boot = [gm(rng.choice(test_rest_mV, len(test_rest_mV))) / gm(rng.choice(sici_mV, len(sici_mV))) for _ in range(n_boot)]
    sici = gm(test_rest_mV) / gm(sici_mV)
    lici = gm(test_active_mV) / gm(lici_mV)''' + _TMS_TAIL), "hint": "inverted", "visible": True},
            "geometric mean as sqrt of the product": {"code": _tms('''    gm = lambda x: float(np.sqrt(np.prod(x)))
    rng = np.random.default_rng(seed)
    boot = [gm(rng.choice(sici_mV, len(sici_mV))) / gm(rng.choice(test_rest_mV, len(test_rest_mV))) for _ in range(n_boot)]
    sici = gm(sici_mV) / gm(test_rest_mV)
    lici = gm(lici_mV) / gm(test_active_mV)''' + _TMS_TAIL), "hint": "sqrt_product", "visible": True},
            "LICI divided by the resting test MEPs": {"code": _tms('''    gm = lambda x: float(np.exp(np.mean(np.log(x))))
    rng = np.random.default_rng(seed)
    boot = [gm(rng.choice(sici_mV, len(sici_mV))) / gm(rng.choice(test_rest_mV, len(test_rest_mV))) for _ in range(n_boot)]
    sici = gm(sici_mV) / gm(test_rest_mV)
    lici = gm(lici_mV) / gm(test_rest_mV)''' + _TMS_TAIL), "hint": "rest_test_for_lici", "visible": True},
            "only the SICI trials resampled": {"code": _tms('''    gm = lambda x: float(np.exp(np.mean(np.log(x))))
    rng = np.random.default_rng(seed)
    boot = [gm(rng.choice(sici_mV, len(sici_mV))) / gm(test_rest_mV) for _ in range(n_boot)]
    sici = gm(sici_mV) / gm(test_rest_mV)
    lici = gm(lici_mV) / gm(test_active_mV)''' + _TMS_TAIL), "hint": "sici_only_resampled", "visible": True},
            "'reduced' for a ratio below the cut-off (the ratio read as inhibition)": {
                "code": _tms(_TMS_RIGHT + _tms_tail('"reduced" if sici < 0.65 else "normal"', '"reduced" if lici < 0.5 else "normal"')),
                "hint": "class_inverted", "visible": True},
            "the two cut-offs swapped (SICI at 0.50, LICI at 0.65)": {
                "code": _tms(_TMS_RIGHT + _tms_tail('"reduced" if sici > 0.5 else "normal"', '"reduced" if lici > 0.65 else "normal"')),
                "hint": "cutoffs_swapped", "visible": True},
            "hard-coded visible answer": {"code": _tms('''    return {"sici_ratio": 0.5517836788331022, "lici_ratio": 0.6831641043151819, "sici_ci": (0.3626, 0.8478),
            "sici_class": "normal", "lici_class": "reduced"}'''), "hint": "hint", "visible": False,
                                          "why": "it reproduces the visible example"},
        },
    },
    "ch3a_lfp": {
        "hidden": ["ch3a_lfp_hidden"],
        "per_student": True,
        "alternatives": [
            '''def lfp_summary(lfp_off, lfp_on, fs_hz):
    def relative_theta_alpha(x):
        freqs, psd = signal.welch(x, fs=fs_hz, window="hann", nperseg=int(2 * fs_hz), noverlap=int(fs_hz))
        in_band = np.logical_and(freqs >= 4.0, freqs < 12.0)
        in_total = np.logical_and(freqs >= 1.0, freqs < 45.0)
        return float(np.sum(psd[in_band]) / np.sum(psd[in_total]))

    def amplitude(x):
        sos = signal.butter(4, [4.0, 12.0], btype="band", fs=fs_hz, output="sos")
        return np.abs(signal.hilbert(signal.sosfiltfilt(sos, x)))

    def mean_run(amp, thr):
        runs, count = [], 0
        for above in list(amp > thr) + [False]:
            if above:
                count += 1
            elif count:
                runs.append(count / fs_hz)
                count = 0
        runs = [r for r in runs if r >= 0.1]
        return sum(runs) / len(runs) if runs else 0.0

    off_amp, on_amp = amplitude(lfp_off), amplitude(lfp_on)
    thr = float(np.percentile(off_amp, 75))
    r_off, r_on = relative_theta_alpha(lfp_off), relative_theta_alpha(lfp_on)
    return dict(rel_off=r_off, rel_on=r_on, suppression_percent=100.0 * (r_off - r_on) / r_off, threshold_uV=thr,
                mean_burst_off_s=mean_run(off_amp, thr), mean_burst_on_s=mean_run(on_amp, thr))''' + _LFP_OWN,
        ],
        "wrong": {
            "absolute (unnormalised) band power": {"code": _lfp(power_line="p[(f >= 4) & (f < 12)].sum() * (f[1] - f[0])"),
                                                   "hint": "absolute_power", "visible": True},
            "Welch's default window": {"code": _lfp(welch_kw="nperseg=256"), "hint": "default_welch", "visible": True},
            "the 12 Hz bin included": {"code": _lfp(power_line="p[(f >= 4) & (f <= 12)].sum() / p[(f >= 1) & (f < 45)].sum()"),
                                       "hint": "band_edge_included", "visible": True},
            "divided by the whole spectrum": {"code": _lfp(power_line="p[(f >= 4) & (f < 12)].sum() / p.sum()"),
                                              "hint": "total_whole_spectrum", "visible": True},
            "threshold from both recordings pooled": {"code": _lfp(threshold="np.percentile(np.concatenate([e_off, e_on]), 75)"),
                                                      "hint": "pooled_threshold", "visible": True},
            "every run counted as a burst": {"code": _lfp(min_s="0.0"), "hint": "no_minimum_duration", "visible": True},
            "a run of exactly 0.1 s left out (more than, not at least)": {
                "code": _lfp(at_least=">"), "hint": "exactly_minimum_left_out", "visible": False,
                "why": "no run of the visible example lasts exactly 0.1 s; a hidden pair has one"},
            "each recording thresholded at its own 75th percentile": {"code": _lfp(on_threshold="np.percentile(e_on, 75)"),
                                                                      "hint": "own_threshold", "visible": True},
            "hard-coded visible answer": {"code": "VISIBLE_LFP", "hint": "hint", "visible": False,
                                          "why": "it reproduces the visible example"},
        },
    },
}


def _visible_lfp_answer():
    """The hard-coded answer: the reference summary of the visible example, returned for any input."""
    import numpy as np
    from scipy import signal
    from helpers import oscillations
    off = oscillations.simulate_lfp(30.0, 500.0, seed=61)
    on = oscillations.simulate_lfp(30.0, 500.0, dbs_on=True, seed=62)
    fs = 500.0

    def rel(x):
        f, p = signal.welch(x, fs=fs, window="hann", nperseg=int(2 * fs), noverlap=int(fs))
        return p[(f >= 4) & (f < 12)].sum() / p[(f >= 1) & (f < 45)].sum()
    sos = signal.butter(4, (4.0, 12.0), btype="bandpass", fs=fs, output="sos")
    e_off = np.abs(signal.hilbert(signal.sosfiltfilt(sos, off)))
    e_on = np.abs(signal.hilbert(signal.sosfiltfilt(sos, on)))
    thr = float(np.percentile(e_off, 75))

    def mb(e):
        a = np.concatenate([[0], (e > thr).astype(int), [0]])
        ed = np.flatnonzero(np.diff(a))
        ln = (ed[1::2] - ed[::2]) / fs
        ln = ln[ln >= 0.1]
        return float(ln.mean()) if ln.size else 0.0
    r_off, r_on = float(rel(off)), float(rel(on))
    values = {"rel_off": r_off, "rel_on": r_on, "suppression_percent": 100 * (1 - r_on / r_off), "threshold_uV": thr,
              "mean_burst_off_s": mb(e_off), "mean_burst_on_s": mb(e_on)}
    return "def lfp_summary(lfp_off, lfp_on, fs_hz):\n    return " + repr(values) + _LFP_OWN


ANSWERS["ch3a_lfp"]["wrong"]["hard-coded visible answer"]["code"] = _visible_lfp_answer()


ANSWERS["ch3a_reading_emg"] = _reading_entry("ch3a_reading_emg", "reading_a1", 4, "gain",
        ['drift', 'percent', 'gain', 'range'])
ANSWERS["ch3a_reading_tms"] = _reading_entry("ch3a_reading_tms", "reading_a2", 4, "state",
        ['state', 'lici_at_rest', 'equal_trials', 'gm_active'])
ANSWERS["ch3a_reading_lfp"] = _reading_entry("ch3a_reading_lfp", "reading_a3", 4, "shrinks",
        ['same_percentile', 'too_short', 'artefact', 'shrinks'])


# --- written answers (graded by people): answers the demo class hands in, and what a grader gave them ---
WRITTEN = {
    "ch3a_written_cci": {
        "alternative": ("X is the one co-contracting: 83 % against 26 % for Y. I can compare the two numbers only "
                        "because both muscles were scaled to their own maximal contraction, so the electrode gain "
                        "drops out. But a high index does not prove dystonia, since spastic or rigid or painful "
                        "limbs also co-contract, and the MVC may not have been a real maximum.", 3.0),
        "weak": ("Patient X has dystonia because the co-contraction index is higher, which shows the antagonist "
                 "is active.", 0.5),
    },
}
