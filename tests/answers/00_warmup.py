"""Alternative correct and plausible wrong answers for 00_warmup (the Python warm-up).

Every answer computes its ``my_...`` values from the student's own data cells (``my_visits``,
``my_trials``, ``my_changes_points``), so each is right (or wrong) for whichever student runs it.
Problem 2's answers compute the percentage themselves rather than call Problem 1's function, so
a wrong Problem 1 never decides Problem 2's verdict here.
"""
from answer_registry import reading_entry as _reading_entry   # tools/answer_registry.py

# --- Problem 1: improvement_percent ------------------------------------------------------------
_CHECKED = '''def improvement_percent(baseline_points, followup_points):
    if baseline_points <= 0:
        raise ValueError(f"baseline_points must be > 0; got {baseline_points}")
'''

# --- Problem 2: improvements_by_visit ----------------------------------------------------------
_VISITS_OWN = '''

my_improvements = improvements_by_visit(my_visits)
my_best_visit = max(my_improvements, key=my_improvements.get)'''


def _visits(body):
    return "def improvements_by_visit(scores_points):\n" + body + _VISITS_OWN


# --- Problem 3: trial_summary ------------------------------------------------------------------
_TRIALS_OWN = '''

my_summary = trial_summary(my_trials["envelope_mV"], my_trials["fs_hz"], 0.25, 0.05)'''


def _trials(baseline="x[:, :n].mean(axis=1)", trace="x.mean(axis=0)", active="(x > threshold_mV).mean(axis=1)",
            n="round(baseline_s * fs_hz)"):
    return f'''def trial_summary(envelopes_mV, fs_hz, baseline_s, threshold_mV):
    x = np.asarray(envelopes_mV, dtype=float)
    n = {n}
    return {{"baseline_mV": {baseline}, "mean_trace_mV": {trace}, "active_fraction": {active}}}''' + _TRIALS_OWN


# --- Problem 4: bandpass_mV --------------------------------------------------------------------
_RMS_OWN = '''

_filtered = bandpass_mV(my_trials["raw_mV"], my_trials["fs_hz"], 20.0, 450.0)
my_rms_mV = np.sqrt(np.mean(_filtered ** 2, axis=1))'''


def _bandpass(body):
    return "def bandpass_mV(raw_mV, fs_hz, low_hz, high_hz):\n" + body + _RMS_OWN


# --- Problem 5: bootstrap_ci -------------------------------------------------------------------
_CI_OWN = '''

my_ci_points = bootstrap_ci(my_changes_points)'''


def _bootstrap(body):
    return "def bootstrap_ci(values, n_boot=2000, seed=0):\n" + body + _CI_OWN


ANSWERS = {
    "wu_improvement": {
        "hidden": ["wu_improvement_hidden"],
        "per_student": False,
        "alternatives": [
            '''def improvement_percent(baseline_points, followup_points):
    if not baseline_points > 0:
        raise ValueError("baseline_points has to be positive, got %r" % (baseline_points,))
    change = baseline_points - followup_points
    return change / baseline_points * 100''',
        ],
        "wrong": {
            "sign flipped (follow-up minus baseline)": {
                "code": _CHECKED + "    return 100.0 * (followup_points - baseline_points) / baseline_points",
                "hint": "sign_flipped", "visible": True},
            "divided by the follow-up score": {
                "code": _CHECKED + "    return 100.0 * (baseline_points - followup_points) / followup_points",
                "hint": "over_followup", "visible": True},
            "a fraction, not percent": {
                "code": _CHECKED + "    return (baseline_points - followup_points) / baseline_points",
                "hint": "fraction", "visible": True},
            "no ValueError for a baseline of 0": {
                "code": '''def improvement_percent(baseline_points, followup_points):
    return 100.0 * (baseline_points - followup_points) / baseline_points''',
                "hint": "no_value_error", "visible": True},
            "hard-coded visible answer": {
                "code": _CHECKED + "    return 32.55813953488372",
                "hint": "hint", "visible": False, "why": "it reproduces the visible example"},
        },
    },
    "wu_visits": {
        "hidden": ["wu_visits_hidden"],
        "per_student": True,
        "alternatives": [
            '''def improvements_by_visit(scores_points):
    result = {}
    for name in scores_points:
        if name == "baseline":
            continue
        result[name] = 100.0 * (scores_points["baseline"] - scores_points[name]) / scores_points["baseline"]
    return result


my_improvements = improvements_by_visit(my_visits)
best = None
for visit, value in my_improvements.items():
    if best is None or value > my_improvements[best]:
        best = visit
my_best_visit = best''',
        ],
        "wrong": {
            "the baseline kept as a visit (0 %)": {"code": _visits('''    b = scores_points["baseline"]
    return {k: 100.0 * (b - v) / b for k, v in scores_points.items()}'''),
                                                  "hint": "baseline_included", "visible": True},
            "each visit compared with the previous one": {"code": _visits('''    out, before = {}, scores_points["baseline"]
    for k, v in scores_points.items():
        if k != "baseline":
            out[k] = 100.0 * (before - v) / before
            before = v
    return out'''), "hint": "previous_visit", "visible": True},
            "changes in points, not percent": {"code": _visits('''    b = scores_points["baseline"]
    return {k: float(b - v) for k, v in scores_points.items() if k != "baseline"}'''),
                                               "hint": "points_not_percent", "visible": True},
            "hard-coded visible answer": {"code": _visits('''    if scores_points == {"baseline": 44, "week 2": 35, "week 6": 27, "week 10": 39}:
        return {"week 2": 20.454545454545453, "week 6": 38.63636363636363, "week 10": 11.363636363636363}
    return {}'''), "hint": "type", "visible": False, "why": "it reproduces the visible example"},
        },
    },
    "wu_trials": {
        "hidden": ["wu_trials_hidden"],
        "per_student": True,
        "alternatives": [
            '''def trial_summary(envelopes_mV, fs_hz, baseline_s, threshold_mV):
    rows = np.asarray(envelopes_mV, dtype=float)
    n_base = int(round(baseline_s * fs_hz))
    baselines = np.array([row[:n_base].mean() for row in rows])
    fractions = np.array([np.count_nonzero(row > threshold_mV) / row.size for row in rows])
    return {"baseline_mV": baselines, "mean_trace_mV": rows.sum(axis=0) / rows.shape[0],
            "active_fraction": fractions}


my_summary = trial_summary(my_trials["envelope_mV"], my_trials["fs_hz"], 0.25, 0.05)''',
        ],
        "wrong": {
            "the baseline window slices the trials (rows)": {"code": _trials(baseline="x[:n].mean(axis=1)"),
                                                             "hint": "rows_sliced", "visible": True},
            "the mean trace averaged along each trial (axis=1)": {"code": _trials(trace="x.mean(axis=1)"),
                                                                  "hint": "axis_swapped", "visible": True},
            "the active fraction in percent": {"code": _trials(active="100 * (x > threshold_mV).mean(axis=1)"),
                                               "hint": "percent", "visible": True},
            "the baseline window counted at 1 kHz": {"code": _trials(n="round(baseline_s * 1000)"),
                                                     "hint": "baseline_1khz", "visible": True},
            "hard-coded visible answer": {"code": '''def trial_summary(envelopes_mV, fs_hz, baseline_s, threshold_mV):
    if fs_hz == 20.0 and np.shape(envelopes_mV) == (3, 9):
        x = np.asarray(envelopes_mV, dtype=float)
        return {"baseline_mV": x[:, :2].mean(axis=1), "mean_trace_mV": x.mean(axis=0),
                "active_fraction": (x > 0.05).mean(axis=1)}
    k, m = np.shape(envelopes_mV)
    return {"baseline_mV": np.zeros(k), "mean_trace_mV": np.zeros(m), "active_fraction": np.zeros(k)}''' + _TRIALS_OWN,
                                          "hint": "hint", "visible": False, "why": "it reproduces the visible example"},
        },
    },
    "wu_bandpass": {
        "hidden": ["wu_bandpass_hidden"],
        "per_student": True,
        "alternatives": [
            _bandpass('''    b, a = signal.butter(4, [low_hz, high_hz], btype="band", fs=fs_hz)
    return signal.filtfilt(b, a, raw_mV, axis=-1)'''),
            '''def bandpass_mV(raw_mV, fs_hz, low_hz, high_hz):
    nyquist = 0.5 * fs_hz
    sections = signal.butter(4, [low_hz / nyquist, high_hz / nyquist], btype="bandpass", output="sos")
    data = np.asarray(raw_mV, dtype=float)
    if data.ndim == 1:
        return signal.sosfiltfilt(sections, data)
    return np.array([signal.sosfiltfilt(sections, row) for row in data])


filtered = [bandpass_mV(trial, my_trials["fs_hz"], 20.0, 450.0) for trial in my_trials["raw_mV"]]
my_rms_mV = np.array([np.sqrt(np.sum(f * f) / f.size) for f in filtered])''',
        ],
        "wrong": {
            "filtered once, forwards (causal: it lags)": {"code": _bandpass('''    sos = signal.butter(4, (low_hz, high_hz), btype="bandpass", fs=fs_hz, output="sos")
    return signal.sosfilt(sos, raw_mV, axis=-1)'''), "hint": "causal", "visible": True},
            "sampling rate hard-wired to 2 kHz": {"code": _bandpass('''    sos = signal.butter(4, (low_hz, high_hz), btype="bandpass", fs=2000.0, output="sos")
    return signal.sosfiltfilt(sos, raw_mV, axis=-1)'''), "hint": "fs_hardwired", "visible": True},
            "a low-pass at the upper corner only (the drift stays)": {"code": _bandpass('''    sos = signal.butter(4, high_hz, btype="lowpass", fs=fs_hz, output="sos")
    return signal.sosfiltfilt(sos, raw_mV, axis=-1)'''), "hint": "lowpass_only", "visible": True},
            "hard-coded visible answer": {"code": _bandpass('''    if fs_hz == 1250.0:
        sos = signal.butter(4, (low_hz, high_hz), btype="bandpass", fs=fs_hz, output="sos")
        return signal.sosfiltfilt(sos, raw_mV, axis=-1)
    return np.zeros_like(np.asarray(raw_mV, dtype=float))'''), "hint": "hint", "visible": False,
                "why": "it reproduces the visible example"},
        },
    },
    "wu_bootstrap": {
        "hidden": ["wu_bootstrap_hidden"],
        "per_student": True,
        "alternatives": [
            _bootstrap('''    gen = np.random.default_rng(seed)
    data = np.asarray(values, float)
    boot = np.empty(n_boot)
    for i in range(n_boot):
        boot[i] = gen.choice(data, size=data.size, replace=True).mean()
    return (float(np.quantile(boot, 0.025)), float(np.quantile(boot, 0.975)))'''),
        ],
        "wrong": {
            "resamples drawn without replacement": {"code": _bootstrap('''    rng = np.random.default_rng(seed)
    x = np.asarray(values, dtype=float)
    means = np.array([rng.permutation(x).mean() for _ in range(n_boot)])
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)'''), "hint": "no_replacement", "visible": True},
            "percentiles of the data, not of the resampled means": {"code": _bootstrap('''    x = np.asarray(values, dtype=float)
    low, high = np.percentile(x, [2.5, 97.5])
    return float(low), float(high)'''), "hint": "data_percentiles", "visible": True},
            "a 90 % interval (5th and 95th percentiles)": {"code": _bootstrap('''    rng = np.random.default_rng(seed)
    x = np.asarray(values, dtype=float)
    means = x[rng.integers(0, x.size, size=(n_boot, x.size))].mean(axis=1)
    low, high = np.percentile(means, [5, 95])
    return float(low), float(high)'''), "hint": "ninety_percent", "visible": True},
            "an unseeded generator (another interval every call)": {"code": _bootstrap('''    rng = np.random.default_rng()
    x = np.asarray(values, dtype=float)
    means = x[rng.integers(0, x.size, size=(n_boot, x.size))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)'''), "hint": "unseeded", "visible": True},
            "hard-coded visible answer": {"code": _bootstrap('''    if len(values) == 11 and n_boot == 20000:
        return (39.7, 54.063636)
    return (0.0, 1.0)'''), "hint": "hint", "visible": False, "why": "it reproduces the visible example"},
        },
    },
}


ANSWERS["wu_reading_checks"] = _reading_entry("wu_reading_checks", "reading_w1", 4, "rate_in_code",
                                              ["tolerance", "grader_fault", "rate_in_code", "random"])
