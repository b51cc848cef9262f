"""Alternative correct and plausible wrong answers for 01a_circuits (see course/authoring.md)."""

ANSWERS = {
    "ch1a_cci": {
        "hidden": ["ch1a_cci_hidden"],
        "alternatives": [
            '''def cci_per_window(agonist_env, antagonist_env, fs_hz, onsets_s, window_s):
    n = round(window_s * fs_hz)
    starts = [round(t * fs_hz) for t in onsets_s]
    idx = np.array(starts)[:, None] + np.arange(n)[None, :]
    a = np.asarray(agonist_env)[idx]
    b = np.asarray(antagonist_env)[idx]
    overlap = np.where(a < b, a, b).sum(axis=1)
    return 100 * 2 * overlap / (a.sum(axis=1) + b.sum(axis=1))''',
        ],
        "wrong": {
            "fraction instead of percent": '''def cci_per_window(agonist_env, antagonist_env, fs_hz, onsets_s, window_s):
    n = round(window_s * fs_hz)
    out = []
    for t0 in onsets_s:
        s = round(t0 * fs_hz)
        a, b = agonist_env[s:s + n], antagonist_env[s:s + n]
        out.append(2 * np.minimum(a, b).sum() / (a + b).sum())
    return np.array(out)''',
            "window includes one extra sample": '''def cci_per_window(agonist_env, antagonist_env, fs_hz, onsets_s, window_s):
    n = round(window_s * fs_hz)
    out = []
    for t0 in onsets_s:
        s = round(t0 * fs_hz)
        a, b = agonist_env[s:s + n + 1], antagonist_env[s:s + n + 1]
        out.append(200 * np.minimum(a, b).sum() / (a + b).sum())
    return np.array(out)''',
            "whole recording instead of windows": '''def cci_per_window(agonist_env, antagonist_env, fs_hz, onsets_s, window_s):
    a, b = np.asarray(agonist_env), np.asarray(antagonist_env)
    value = 200 * np.minimum(a, b).sum() / (a + b).sum()
    return np.full(len(onsets_s), value)''',
            "hard-coded visible answer": '''def cci_per_window(agonist_env, antagonist_env, fs_hz, onsets_s, window_s):
    return np.array([50.0, 200.0 * 4 / 12])''',
        },
    },
    "ch1a_slope": {
        "hidden": ["ch1a_slope_hidden"],
        "alternatives": [
            '''velocities_measured = np.array([15.0, 60.0, 110.0, 160.0, 210.0])
torques_measured = np.array([4.1, 4.2, 4.35, 4.3, 4.5])

def torque_velocity_slope(velocities_deg_s, peak_torques_Nm):
    v = np.asarray(velocities_deg_s, float)
    t = np.asarray(peak_torques_Nm, float)
    A = np.column_stack([v, np.ones_like(v)])
    return float(np.linalg.lstsq(A, t, rcond=None)[0][0])

patient_is_spastic = bool(torque_velocity_slope(velocities_measured, torques_measured) > 0.005)''',
        ],
        "wrong": {
            "slope per rad/s instead of per deg/s": '''velocities_measured = np.array([15.0, 60.0, 110.0, 160.0, 210.0])
torques_measured = np.array([4.1, 4.2, 4.35, 4.3, 4.5])

def torque_velocity_slope(velocities_deg_s, peak_torques_Nm):
    return float(np.polyfit(np.deg2rad(velocities_deg_s), peak_torques_Nm, 1)[0])

patient_is_spastic = torque_velocity_slope(velocities_measured, torques_measured) > 0.005''',
            "velocity regressed on torque (axes swapped)": '''velocities_measured = np.array([15.0, 60.0, 110.0, 160.0, 210.0])
torques_measured = np.array([4.1, 4.2, 4.35, 4.3, 4.5])

def torque_velocity_slope(velocities_deg_s, peak_torques_Nm):
    return float(1.0 / np.polyfit(peak_torques_Nm, velocities_deg_s, 1)[0])

patient_is_spastic = torque_velocity_slope(velocities_measured, torques_measured) > 0.005''',
            "hard-coded visible answer": '''velocities_measured = np.array([15.0, 60.0, 110.0, 160.0, 210.0])
torques_measured = np.array([4.1, 4.2, 4.35, 4.3, 4.5])

def torque_velocity_slope(velocities_deg_s, peak_torques_Nm):
    return 0.01

patient_is_spastic = False''',
        },
    },
    "ch1a_overflow": {
        "hidden": ["ch1a_overflow_hidden"],
        "alternatives": [
            '''def overflow_onset(cross_talk):
    grid = np.arange(0.0, 1.5, 0.0005)
    moving = np.array([basal_ganglia.neighbour_moves(s, cross_talk) for s in grid])
    return float(grid[moving].max() + 0.00025)''',
        ],
        "wrong": {
            "coarse grid (step 0.1)": '''def overflow_onset(cross_talk):
    grid = np.arange(0.0, 1.5, 0.1)
    moving = [s for s in grid if basal_ganglia.neighbour_moves(s, cross_talk)]
    return float(max(moving))''',
            "counts the selected channel as overflow": '''def overflow_onset(cross_talk):
    grid = np.arange(0.0, 1.5, 0.001)
    c = basal_ganglia.cortical_command(9, cross_talk=cross_talk)
    moving = [s for s in grid if basal_ganglia.select_action(c, surround_inhibition=s)["moving"].any()]
    return float(max(moving))''',
            "hard-coded visible answer": '''def overflow_onset(cross_talk):
    return 0.4012''',
        },
    },
    "ch1a_fusion": {
        "hidden": ["ch1a_fusion_hidden"],
        "alternatives": [
            '''def fusion_index(weights, d1, d2):
    return float(np.corrcoef(np.asarray(weights)[:, d1], np.asarray(weights)[:, d2])[0, 1])''',
        ],
        "wrong": {
            "cosine similarity (no mean subtracted)": '''def fusion_index(weights, d1, d2):
    x, y = weights[:, d1], weights[:, d2]
    return float(x @ y / np.sqrt((x @ x) * (y @ y)))''',
            "correlates rows instead of columns": '''def fusion_index(weights, d1, d2):
    return float(np.corrcoef(weights[d1, :], weights[d2, :])[0, 1])''',
            "hard-coded visible answer": '''def fusion_index(weights, d1, d2):
    return 0.9983814394570298''',
        },
    },
}
