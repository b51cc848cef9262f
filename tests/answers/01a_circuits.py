"""Alternative correct and plausible wrong answers for 01a_circuits (see course/authoring.md)."""

_MY_CCI = "\n\nmy_cci = cci_per_window(my_agonist_env, my_antagonist_env, my_fs_hz, my_onsets_s, my_window_s)\n"
_MY_SLOPE = "\n\nmy_slope = torque_velocity_slope(my_velocities_deg_s, my_rest_Nm)\n"
_MY_TONE = ("\n\nmy_rise_Nm = float(np.mean(np.asarray(my_distant_Nm) - np.asarray(my_rest_Nm)))\n"
            "patient_tone = hypertonia_type(my_velocities_deg_s, my_rest_Nm, my_distant_Nm)\n")
_MY_FUSION = "\n\nmy_fusion = fusion_index(my_weights, 2, 3)\n"
_MY_FUSED = ("\n\nmy_fusion_margin = float(np.corrcoef(my_weights[:, 2], my_weights[:, 3])[0, 1]\n"
             "                         - np.corrcoef(my_weights[:, 0], my_weights[:, 1])[0, 1])\n"
             "my_map_fused = map_is_fused(my_weights)\n")


def _cci(body):
    return "def cci_per_window(agonist_env, antagonist_env, fs_hz, onsets_s, window_s):\n" + body + _MY_CCI


def _slope(body):
    return "def torque_velocity_slope(velocities_deg_s, peak_torques_Nm):\n" + body + _MY_SLOPE


def _tone(body, tail=_MY_TONE):
    """A self-contained hypertonia_type: it fits its own slope (Problem 2a's answer may be a wrong one)."""
    return "def hypertonia_type(velocities_deg_s, rest_Nm, distant_Nm):\n" + body + tail


def _tone_rules(slope="np.polyfit(v, rest, 1)[0]", rise="np.mean(distant - rest)", provoked=">= 0.5",
                both="mixed", swapped=False):
    first, second = ("provoked", "fast") if swapped else ("fast", "provoked")
    return _tone(f'''    v = np.asarray(velocities_deg_s, dtype=float)
    rest, distant = np.asarray(rest_Nm, dtype=float), np.asarray(distant_Nm, dtype=float)
    fast = {slope} > 0.005
    provoked = {rise} {provoked}
    if {first} and {second}:
        return "{both}"
    if {first}:
        return "spastic"
    if {second}:
        return "dystonic"
    return "neither"''')


def _fusion(body):
    return "def fusion_index(weights, d1, d2):\n" + body + _MY_FUSION


def _fused(body, tail=_MY_FUSED):
    """A self-contained map_is_fused (Problem 4a's answer may be a wrong one)."""
    return "def map_is_fused(weights):\n" + body + tail


def _overflow(body):
    return "def overflow_onset(cross_talk):\n" + body


ANSWERS = {
    "ch1a_cci": {
        "hidden": ["ch1a_cci_hidden"],
        "per_student": True,
        "alternatives": [
            _cci('''    n = round(window_s * fs_hz)
    starts = [round(t * fs_hz) for t in onsets_s]
    idx = np.array(starts)[:, None] + np.arange(n)[None, :]
    a = np.asarray(agonist_env)[idx]
    b = np.asarray(antagonist_env)[idx]
    overlap = np.where(a < b, a, b).sum(axis=1)
    return 100 * 2 * overlap / (a.sum(axis=1) + b.sum(axis=1))'''),
        ],
        "wrong": {
            "fraction instead of percent": {
                "hint": "fraction", "visible": True,
                "code": _cci('''    n = round(window_s * fs_hz)
    out = []
    for t0 in onsets_s:
        s = round(t0 * fs_hz)
        a, b = agonist_env[s:s + n], antagonist_env[s:s + n]
        out.append(2 * np.minimum(a, b).sum() / (a + b).sum())
    return np.array(out)'''),
            },
            "window includes one extra sample": {
                "hint": "end_inclusive", "visible": True,
                "code": _cci('''    n = round(window_s * fs_hz)
    out = []
    for t0 in onsets_s:
        s = round(t0 * fs_hz)
        a, b = agonist_env[s:s + n + 1], antagonist_env[s:s + n + 1]
        out.append(200 * np.minimum(a, b).sum() / (a + b).sum())
    return np.array(out)'''),
            },
            "window end rounded from the end time": {
                "hint": "end_from_time", "visible": True,
                "code": _cci('''    out = []
    for t0 in onsets_s:
        s, e = round(t0 * fs_hz), round((t0 + window_s) * fs_hz)
        a, b = agonist_env[s:e], antagonist_env[s:e]
        out.append(200 * np.minimum(a, b).sum() / (a + b).sum())
    return np.array(out)'''),
            },
            "whole recording instead of windows": {
                "hint": "whole_recording", "visible": True,
                "code": _cci('''    a, b = np.asarray(agonist_env), np.asarray(antagonist_env)
    value = 200 * np.minimum(a, b).sum() / (a + b).sum()
    return np.full(len(onsets_s), value)'''),
            },
            "int() truncates the start and length": {
                "hint": "truncated", "visible": True,
                "code": _cci('''    n = int(window_s * fs_hz)
    out = []
    for t0 in onsets_s:
        s = int(t0 * fs_hz)
        a, b = agonist_env[s:s + n], antagonist_env[s:s + n]
        out.append(200 * np.minimum(a, b).sum() / (a + b).sum())
    return np.array(out)'''),
            },
            "forgets the factor 2": {
                "hint": "no_factor_two", "visible": True,
                "code": _cci('''    n = round(window_s * fs_hz)
    out = []
    for t0 in onsets_s:
        s = round(t0 * fs_hz)
        a, b = agonist_env[s:s + n], antagonist_env[s:s + n]
        out.append(100 * np.minimum(a, b).sum() / (a + b).sum())
    return np.array(out)'''),
            },
            "normalises each envelope to its peak": {
                "hint": "normalised", "visible": True,
                "code": _cci('''    a_all = np.asarray(agonist_env) / np.max(agonist_env)
    b_all = np.asarray(antagonist_env) / np.max(antagonist_env)
    n = round(window_s * fs_hz)
    out = []
    for t0 in onsets_s:
        s = round(t0 * fs_hz)
        a, b = a_all[s:s + n], b_all[s:s + n]
        out.append(200 * np.minimum(a, b).sum() / (a + b).sum())
    return np.array(out)'''),
            },
            "hard-coded visible answer": {
                "hint": "type", "visible": False, "why": "it reproduces the visible example",
                "code": _cci('''    return np.array([44.9438202247191, 45.28301886792454])'''),
            },
        },
    },
    "ch1a_slope": {
        "hidden": ["ch1a_slope_hidden"],
        "per_student": True,
        "alternatives": [
            _slope('''    v = np.asarray(velocities_deg_s, float)
    t = np.asarray(peak_torques_Nm, float)
    A = np.column_stack([v, np.ones_like(v)])
    return float(np.linalg.lstsq(A, t, rcond=None)[0][0])'''),
        ],
        "wrong": {
            "slope per rad/s instead of per deg/s": {
                "hint": "per_rad_s", "visible": True,
                "code": _slope('''    return float(np.polyfit(np.deg2rad(velocities_deg_s), peak_torques_Nm, 1)[0])'''),
            },
            "velocity regressed on torque (axes swapped)": {
                "hint": "axes_swapped", "visible": True,
                "code": _slope('''    return float(1.0 / np.polyfit(peak_torques_Nm, velocities_deg_s, 1)[0])'''),
            },
            "slope from the first and last points only": {
                "hint": "two_point", "visible": True,
                "code": _slope('''    v, t = np.asarray(velocities_deg_s), np.asarray(peak_torques_Nm)
    return float((t[-1] - t[0]) / (v[-1] - v[0]))'''),
            },
            "fit without an intercept": {
                "hint": "through_origin", "visible": True,
                "code": _slope('''    v, t = np.asarray(velocities_deg_s), np.asarray(peak_torques_Nm)
    return float(np.sum(v * t) / np.sum(v * v))'''),
            },
            "mean of point-to-point slopes": {
                "hint": "mean_of_steps", "visible": True,
                "code": _slope('''    return float(np.mean(np.diff(peak_torques_Nm) / np.diff(velocities_deg_s)))'''),
            },
            "hard-coded visible answer": {
                "hint": "hint", "visible": False, "why": "it reproduces the visible example",
                "code": ('''def torque_velocity_slope(velocities_deg_s, peak_torques_Nm):
    return 0.018493103268110458

my_slope = 0.018493103268110458
'''),
            },
        },
    },
    "ch1a_tone": {
        "hidden": ["ch1a_tone_hidden"],
        "per_student": True,
        "alternatives": [
            _tone('''    v = np.asarray(velocities_deg_s, float)
    r = np.asarray(rest_Nm, float)
    d = np.asarray(distant_Nm, float)
    dv = v - v.mean()
    slope = np.sum(dv * (r - r.mean())) / np.sum(dv ** 2)
    signs = (bool(slope > 0.005), bool(d.mean() - r.mean() >= 0.5))
    return {(True, True): "mixed", (True, False): "spastic",
            (False, True): "dystonic", (False, False): "neither"}[signs]'''),
        ],
        "wrong": {
            "both signs reported as spastic (no mixed tone)": {
                "hint": "no_mixed", "visible": True, "code": _tone_rules(both="spastic"),
            },
            "velocity dependence and provocation swapped": {
                "hint": "swapped", "visible": True, "code": _tone_rules(swapped=True),
            },
            "a rise of exactly 0.5 N·m not counted ('more than' instead of 'at least')": {
                "hint": "strict_rise", "visible": True, "code": _tone_rules(provoked="> 0.5"),
            },
            "the rise judged at its largest velocity instead of averaged": {
                "hint": "any_velocity", "visible": True, "code": _tone_rules(rise="np.max(distant - rest)"),
            },
            "the slope rule applied per rad/s": {
                "hint": "per_rad_s", "visible": True,
                "code": _tone_rules(slope="np.polyfit(np.deg2rad(v), rest, 1)[0]"),
            },
            "hard-coded visible answer": {
                "hint": "hint", "visible": False, "why": "it reproduces the visible example",
                "code": _tone('''    last = round(float(rest_Nm[-1]), 2)
    return {4.6: "mixed", 5.2: "spastic", 3.25: "dystonic", 2.2: "neither"}.get(last, "neither")'''),
            },
        },
    },
    "ch1a_overflow": {
        "hidden": ["ch1a_overflow_hidden"],
        "per_student": False,
        "why_not_per_student": "the answer is a property of the model (a function of cross-talk); there are no data",
        "alternatives": [
            _overflow('''    grid = np.arange(0.0, 1.5, 0.0005)
    moving = np.array([basal_ganglia.neighbour_moves(s, cross_talk) for s in grid])
    return float(grid[moving].max() + 0.00025)'''),
        ],
        "wrong": {
            "coarse grid (step 0.1)": {
                "hint": "coarse_grid", "visible": True,
                "code": _overflow('''    grid = np.arange(0.0, 1.5, 0.1)
    moving = [s for s in grid if basal_ganglia.neighbour_moves(s, cross_talk)]
    return float(max(moving))'''),
            },
            "last moving point of a 0.01 grid": {
                "hint": "grid_last_moving", "visible": True,
                "code": _overflow('''    grid = np.arange(0.0, 1.5, 0.01)
    moving = [s for s in grid if basal_ganglia.neighbour_moves(s, cross_talk)]
    return float(max(moving))'''),
            },
            "first still point of a 0.01 grid": {
                "hint": "grid_first_still", "visible": True,
                "code": _overflow('''    for s in np.arange(0.0, 1.5, 0.01):
        if not basal_ganglia.neighbour_moves(s, cross_talk):
            return float(s)
    return 1.5'''),
            },
            "counts the selected channel as overflow": {
                "hint": "selected_channel", "visible": True,
                "code": _overflow('''    grid = np.arange(0.0, 1.5, 0.001)
    c = basal_ganglia.cortical_command(9, cross_talk=cross_talk)
    moving = [s for s in grid if basal_ganglia.select_action(c, surround_inhibition=s)["moving"].any()]
    return float(max(moving))'''),
            },
            "hard-coded visible answer": {
                "hint": "contract", "visible": False, "why": "it reproduces the visible example",
                "code": _overflow('''    return 0.33433'''),
            },
        },
    },
    "ch1a_fusion": {
        "hidden": ["ch1a_fusion_hidden"],
        "per_student": True,
        "alternatives": [
            _fusion('''    return float(np.corrcoef(np.asarray(weights)[:, d1], np.asarray(weights)[:, d2])[0, 1])'''),
        ],
        "wrong": {
            "cosine similarity (no mean subtracted)": {
                "hint": "cosine", "visible": True,
                "code": _fusion('''    x, y = weights[:, d1], weights[:, d2]
    return float(x @ y / np.sqrt((x @ x) * (y @ y)))'''),
            },
            "correlates rows instead of columns": {
                "hint": "rows", "visible": True,
                "code": _fusion('''    return float(np.corrcoef(weights[d1, :], weights[d2, :])[0, 1])'''),
            },
            "digits counted from 1": {
                "hint": "one_based", "visible": True,
                "code": _fusion('''    return float(np.corrcoef(weights[:, d1 - 1], weights[:, d2 - 1])[0, 1])'''),
            },
            "covariance instead of correlation": {
                "hint": "covariance", "visible": True,
                "code": _fusion('''    return float(np.cov(weights[:, d1], weights[:, d2])[0, 1])'''),
            },
            "hard-coded visible answer": {
                "hint": "hint", "visible": False, "why": "it reproduces the visible example",
                "code": _fusion('''    return 0.9879658673374923'''),
            },
        },
    },
    "ch1a_fused": {
        "hidden": ["ch1a_fused_hidden"],
        "per_student": True,
        "alternatives": [
            _fused('''    r = np.corrcoef(np.asarray(weights, float).T)      # 5 x 5: every pair of digits at once
    return bool(r[2, 3] - r[0, 1] >= 0.5)'''),
        ],
        "wrong": {
            "judged on the D3–D4 index alone (no control pair)": {
                "hint": "no_control", "visible": True,
                "code": _fused('''    return bool(np.corrcoef(weights[:, 2], weights[:, 3])[0, 1] >= 0.5)'''),
            },
            "the margin taken the wrong way round": {
                "hint": "reversed", "visible": True,
                "code": _fused('''    r = np.corrcoef(np.asarray(weights, float).T)
    return bool(r[0, 1] - r[2, 3] >= 0.5)''', tail=(
                    "\n\nmy_fusion_margin = float(np.corrcoef(my_weights[:, 0], my_weights[:, 1])[0, 1]\n"
                    "                         - np.corrcoef(my_weights[:, 2], my_weights[:, 3])[0, 1])\n"
                    "my_map_fused = map_is_fused(my_weights)\n")),
            },
            "hard-coded visible answer": {
                "hint": "hint", "visible": False, "why": "it reproduces the visible example",
                "code": _fused('''    key = round(float(np.corrcoef(weights[:, 2], weights[:, 3])[0, 1]), 3)
    return {0.466: True, 0.193: False, 0.942: True}.get(key, False)''',
                               tail="\n\nmy_fusion_margin = 0.5\nmy_map_fused = True\n"),
            },
        },
    },
}


# --- written answers (graded by people): answers the demo class hands in, and what a grader gave them ---
WRITTEN = {
    "ch1a_written_surround": {
        "alternative": ("The model says the basal ganglia pick one movement by lifting the GPi brake on it and "
                        "keep the brake on its neighbours through the subthalamic nucleus, so when that surround is "
                        "weaker than the spread of the cortical command a neighbouring muscle moves too; with "
                        "cross-talk 0.35 the surround has to stay above about 0.33. Sohn and Hallett showed with "
                        "TMS that in focal hand dystonia the little-finger muscle is not inhibited when the index "
                        "finger starts to move, whereas in healthy people it is. So lost surround inhibition is "
                        "measured, but only in the cortex, and that it comes from the basal ganglia is still a "
                        "hypothesis.", 3.0),
        "weak": ("Overflow happens when the surround inhibition is weak. Patients with dystonia have less surround "
                 "inhibition, which proves the model is right.", 0.5),
    },
    "ch1a_written_map": {
        "alternative": ("My map's D3 and D4 correlate only 0.18 more than the D1-D2 pair, so it is not fused: with "
                        "scaling switched on the practised fingers stayed apart, and in the model only practice "
                        "without the controls merges them. That does not make fusion the cause of hand dystonia, "
                        "because a study comparing dystonic musicians with healthy musicians found normal finger "
                        "maps, and the older fused maps were sensory maps compared with non-musicians. The model "
                        "also cannot explain why a musician's dystonia affects one task and spares others with the "
                        "same fingers.", 3.0),
        "weak": ("The map is not fused. The model shows how dystonia happens in musicians who practise too much.",
                 0.5),
    },
}
