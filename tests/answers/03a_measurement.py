"""Alternative correct and plausible wrong answers for 03a_measurement."""

_DECIDE = '''
_idx = {n: emg.cci_falconer_winter(linear_envelope(a, FS_HZ), linear_envelope(b, FS_HZ)) for n, (a, b) in raw.items()}
dystonic_patient = "X" if _idx["X"] > _idx["Y"] else "Y"'''

ANSWERS = {
    "ch3a_envelope": {
        "hidden": ["ch3a_envelope_hidden"],
        "alternatives": [
            '''def linear_envelope(raw_mV, fs_hz):
    nyq = fs_hz / 2
    band = signal.butter(4, [20 / nyq, 450 / nyq], btype="bandpass", output="sos")
    low = signal.butter(4, 6 / nyq, output="sos")
    x = signal.sosfiltfilt(band, np.asarray(raw_mV, float), padtype="even")
    return signal.sosfiltfilt(low, np.sqrt(x ** 2), padtype="even")
''' + _DECIDE,
        ],
        "wrong": {
            "low-pass without rectifying": '''def linear_envelope(raw_mV, fs_hz):
    band = signal.butter(4, (20.0, 450.0), btype="bandpass", fs=fs_hz, output="sos")
    low = signal.butter(4, 6.0, btype="lowpass", fs=fs_hz, output="sos")
    return signal.sosfiltfilt(low, signal.sosfiltfilt(band, raw_mV))

dystonic_patient = "X"''',
            "no band-pass (drift rectified into the envelope)": '''def linear_envelope(raw_mV, fs_hz):
    low = signal.butter(4, 6.0, btype="lowpass", fs=fs_hz, output="sos")
    return signal.sosfiltfilt(low, np.abs(raw_mV))

dystonic_patient = "X"''',
            "sampling rate hard-wired to 2 kHz": '''def linear_envelope(raw_mV, fs_hz):
    band = signal.butter(4, (20.0, 450.0), btype="bandpass", fs=2000.0, output="sos")
    low = signal.butter(4, 6.0, btype="lowpass", fs=2000.0, output="sos")
    return signal.sosfiltfilt(low, np.abs(signal.sosfiltfilt(band, raw_mV)))

dystonic_patient = "X"''',
            "hard-coded visible answer": '''def linear_envelope(raw_mV, fs_hz):
    return np.full(len(raw_mV), 1.5 * 2 / np.pi)

dystonic_patient = "X"''',
        },
    },
    "ch3a_tms": {
        "hidden": ["ch3a_tms_hidden"],
        "alternatives": [
            '''from scipy.stats import gmean

def paired_pulse_stats(test_mV, sici_mV, lici_mV, n_boot=2000, seed=0):
    rng = np.random.default_rng(seed)
    ratios = []
    for _ in range(n_boot):
        s = rng.choice(sici_mV, size=len(sici_mV), replace=True)
        t = rng.choice(test_mV, size=len(test_mV), replace=True)
        ratios.append(gmean(s) / gmean(t))
    sici = gmean(sici_mV) / gmean(test_mV)
    return {"sici_ratio": float(sici), "lici_ratio": float(gmean(lici_mV) / gmean(test_mV)),
            "sici_ci": tuple(float(v) for v in np.percentile(ratios, [2.5, 97.5])),
            "sici_class": "reduced" if sici > 0.65 else "normal"}''',
        ],
        "wrong": {
            "arithmetic means": '''def paired_pulse_stats(test_mV, sici_mV, lici_mV, n_boot=2000, seed=0):
    rng = np.random.default_rng(seed)
    boot = [rng.choice(sici_mV, len(sici_mV)).mean() / rng.choice(test_mV, len(test_mV)).mean() for _ in range(n_boot)]
    sici = np.mean(sici_mV) / np.mean(test_mV)
    return {"sici_ratio": float(sici), "lici_ratio": float(np.mean(lici_mV) / np.mean(test_mV)),
            "sici_ci": tuple(np.percentile(boot, [2.5, 97.5])), "sici_class": "reduced" if sici > 0.65 else "normal"}''',
            "ratio inverted (test over conditioned)": '''def paired_pulse_stats(test_mV, sici_mV, lici_mV, n_boot=2000, seed=0):
    gm = lambda x: float(np.exp(np.mean(np.log(x))))
    rng = np.random.default_rng(seed)
    boot = [gm(rng.choice(test_mV, len(test_mV))) / gm(rng.choice(sici_mV, len(sici_mV))) for _ in range(n_boot)]
    sici = gm(test_mV) / gm(sici_mV)
    return {"sici_ratio": sici, "lici_ratio": gm(test_mV) / gm(lici_mV),
            "sici_ci": tuple(np.percentile(boot, [2.5, 97.5])), "sici_class": "reduced" if sici > 0.65 else "normal"}''',
            "hard-coded visible answer": '''def paired_pulse_stats(test_mV, sici_mV, lici_mV, n_boot=2000, seed=0):
    return {"sici_ratio": 0.5, "lici_ratio": 0.25, "sici_ci": (0.25, 1.0), "sici_class": "normal"}''',
        },
    },
    "ch3a_lfp": {
        "hidden": ["ch3a_lfp_hidden"],
        "alternatives": [
            '''def lfp_summary(lfp_off, lfp_on, fs_hz):
    out = {}
    for key, x in (("rel_off", lfp_off), ("rel_on", lfp_on)):
        f, p = oscillations.welch_psd(x, fs_hz, window_s=2.0, overlap=0.5)
        out[key] = oscillations.band_power(f, p, (4, 12), relative=True, total_hz=(1, 45))
    out["suppression_percent"] = 100 * (1 - out["rel_on"] / out["rel_off"])
    thr = np.percentile(oscillations.amplitude_envelope(lfp_off, fs_hz, (4, 12)), 75)
    for key, x in (("mean_burst_off_s", lfp_off), ("mean_burst_on_s", lfp_on)):
        bursts = oscillations.detect_bursts(x, fs_hz, (4, 12), min_duration_s=0.1, threshold_uV=thr)
        out[key] = float(np.mean([e - s for s, e in bursts])) if bursts else 0.0
    return out''',
        ],
        "wrong": {
            "absolute (unnormalised) band power": '''def lfp_summary(lfp_off, lfp_on, fs_hz):
    def power(x):
        f, p = signal.welch(x, fs=fs_hz, window="hann", nperseg=int(2 * fs_hz), noverlap=int(fs_hz))
        return p[(f >= 4) & (f < 12)].sum() * (f[1] - f[0])
    sos = signal.butter(4, (4.0, 12.0), btype="bandpass", fs=fs_hz, output="sos")
    env = [np.abs(signal.hilbert(signal.sosfiltfilt(sos, x))) for x in (lfp_off, lfp_on)]
    thr = np.percentile(env[0], 75)
    def mb(e):
        a = np.concatenate([[0], (e > thr).astype(int), [0]]); ed = np.flatnonzero(np.diff(a))
        ln = (ed[1::2] - ed[::2]) / fs_hz; ln = ln[ln >= 0.1]
        return float(ln.mean()) if ln.size else 0.0
    r_off, r_on = power(lfp_off), power(lfp_on)
    return {"rel_off": r_off, "rel_on": r_on, "suppression_percent": 100 * (1 - r_on / r_off),
            "mean_burst_off_s": mb(env[0]), "mean_burst_on_s": mb(env[1])}''',
            "each recording thresholded at its own 75th percentile": '''def lfp_summary(lfp_off, lfp_on, fs_hz):
    def rel(x):
        f, p = signal.welch(x, fs=fs_hz, window="hann", nperseg=int(2 * fs_hz), noverlap=int(fs_hz))
        return p[(f >= 4) & (f < 12)].sum() / p[(f >= 1) & (f < 45)].sum()
    sos = signal.butter(4, (4.0, 12.0), btype="bandpass", fs=fs_hz, output="sos")
    def mb(x):
        e = np.abs(signal.hilbert(signal.sosfiltfilt(sos, x)))
        a = np.concatenate([[0], (e > np.percentile(e, 75)).astype(int), [0]]); ed = np.flatnonzero(np.diff(a))
        ln = (ed[1::2] - ed[::2]) / fs_hz; ln = ln[ln >= 0.1]
        return float(ln.mean()) if ln.size else 0.0
    r_off, r_on = rel(lfp_off), rel(lfp_on)
    return {"rel_off": r_off, "rel_on": r_on, "suppression_percent": 100 * (1 - r_on / r_off),
            "mean_burst_off_s": mb(lfp_off), "mean_burst_on_s": mb(lfp_on)}''',
            "hard-coded visible answer": '''def lfp_summary(lfp_off, lfp_on, fs_hz):
    return {"rel_off": 1.0, "rel_on": 0.5, "suppression_percent": 50.0, "mean_burst_off_s": 0.3, "mean_burst_on_s": 0.2}''',
        },
    },
}
