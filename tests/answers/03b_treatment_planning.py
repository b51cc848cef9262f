"""Alternative correct and plausible wrong answers for 03b_treatment_planning."""

ANSWERS = {
    "ch3b_classify": {
        "hidden": ["ch3b_classify_hidden"],
        "alternatives": [
            '''patient_axis = dict(age_group="Late Adulthood", distribution="Focal", associated="ISOLATED", etiology="idiopathic ")
items = {"rotation": 3, "laterocollis": 1, "antero_retrocollis": 0, "lateral_shift": 1, "sagittal_shift": 0,
         "duration": 4, "sensory_trick": 1, "shoulder_elevation": 1, "range_of_motion": 2, "time": 2}
twstrs_severity_score = classification.twstrs_severity(items)''',
        ],
        "wrong": {
            "dystonic tremor counted as combined; duration not doubled": '''patient_axis = {"age_group": "late adulthood", "distribution": "focal", "associated": "combined", "etiology": "idiopathic"}
twstrs_severity_score = 15''',
            "age now instead of age at onset, wrong etiology": '''patient_axis = {"age_group": "late adulthood", "distribution": "focal", "associated": "isolated", "etiology": "acquired"}
twstrs_severity_score = 19''',
        },
    },
    "ch3b_plan": {
        "hidden": ["ch3b_plan_hidden"],
        "alternatives": [
            '''from scipy.optimize import minimize

def make_plan(scenario):
    inv = scenario["involvement"]
    ms = [m for m, w in inv.items() if w > 0]
    w = np.array([inv[m] for m in ms]); ed = np.array([botulinum.MUSCLES[m]["ed50"] for m in ms], float)
    lo = np.array([botulinum.MUSCLES[m]["min"] if inv[m] >= 0.5 else 0 for m in ms], float)
    hi = np.array([min(botulinum.MUSCLES[m]["max"], 50 * botulinum.MUSCLES[m]["sites"]) for m in ms], float)
    scm = np.array([m.startswith("sternocleidomastoid") for m in ms], float)
    cons = [{"type": "ineq", "fun": lambda x: 295 - x.sum()}, {"type": "ineq", "fun": lambda x: 99 - scm @ x}]
    res = minimize(lambda x: -np.sum(w * x / (ed + x)), (lo + hi) / 2 * 0.5, bounds=list(zip(lo, hi)),
                   constraints=cons, method="SLSQP")
    plan = {}
    for m, d in zip(ms, res.x):
        n = botulinum.MUSCLES[m]["sites"]
        plan[m] = [float(np.floor(max(d, 0) / n * 10) / 10)] * n
    return plan''',
        ],
        "wrong": {
            "every involved muscle at its maximum (breaks the session limit)": '''def make_plan(scenario):
    return {m: [botulinum.MUSCLES[m]["max"] / botulinum.MUSCLES[m]["sites"]] * botulinum.MUSCLES[m]["sites"]
            for m, w in scenario["involvement"].items() if w > 0}''',
            "only the minimum doses (safe but far from the best)": '''def make_plan(scenario):
    return {m: [float(botulinum.MUSCLES[m]["min"])] for m, w in scenario["involvement"].items() if w >= 0.5}''',
            "hard-coded visible answer": '''def make_plan(scenario):
    return {"sternocleidomastoid_right": [40, 40], "splenius_capitis_left": [35, 35, 30],
            "levator_scapulae_left": [30, 30], "trapezius_right": [15, 15]}''',
        },
    },
    "ch3b_schedule": {
        "hidden": ["ch3b_schedule_hidden"],
        "alternatives": [
            '''def injection_schedule(n_sessions, peak_days, shape_k, wear_off=0.25, min_interval_days=70):
    days = np.arange(0, 1000)
    effect = botulinum.time_course(days, peak_days=peak_days, shape_k=shape_k)
    worn = int(days[(days > peak_days) & (effect < wear_off)][0])
    step = max(worn, min_interval_days)
    schedule = [0]
    while len(schedule) < n_sessions:
        schedule.append(schedule[-1] + step)
    return schedule''',
        ],
        "wrong": {
            "always the minimum interval": '''def injection_schedule(n_sessions, peak_days, shape_k, wear_off=0.25, min_interval_days=70):
    return [k * min_interval_days for k in range(n_sessions)]''',
            "ignores the minimum interval (antibody risk)": '''def injection_schedule(n_sessions, peak_days, shape_k, wear_off=0.25, min_interval_days=70):
    d = int(peak_days) + 1
    while botulinum.time_course(d, peak_days=peak_days, shape_k=shape_k) >= wear_off:
        d += 1
    return [k * d for k in range(n_sessions)]''',
            "hard-coded visible answer": '''def injection_schedule(n_sessions, peak_days, shape_k, wear_off=0.25, min_interval_days=70):
    return [0, 70, 140]''',
        },
    },
}
