"""Alternative correct and plausible wrong answers for 02a_classification_and_toxin."""

_RIGHT = '''vignette_axis1 = {
    "A": {"age_group": "%s", "distribution": "%s", "associated": "isolated"},
    "B": {"age_group": "childhood", "distribution": "%s", "associated": "isolated"},
}'''

ANSWERS = {
    "ch2a_vignettes": {
        "hidden": ["ch2a_vignettes_hidden"],
        "alternatives": [
            '''vignette_axis1 = {}
vignette_axis1["A"] = dict(age_group="Late adulthood ", distribution="FOCAL", associated="Isolated")
vignette_axis1["B"] = dict(age_group="childhood", distribution="Generalized", associated="isolated")''',
        ],
        "wrong": {
            "limb + trunk called segmental": _RIGHT % ("late adulthood", "focal", "segmental"),
            "age at onset 44 put in early adulthood": _RIGHT % ("early adulthood", "focal", "generalized"),
        },
    },
    "ch2a_bfmdrs": {
        "hidden": ["ch2a_bfmdrs_hidden"],
        "alternatives": [
            '''def bfmdrs_improvement(before, after):
    b = classification.bfmdrs_movement_score(before)
    a = classification.bfmdrs_movement_score(after)
    return classification.percent_improvement(b, a)''',
        ],
        "wrong": {
            "forgets the 0.5 weights": '''def bfmdrs_improvement(before, after):
    b = sum(p * s for p, s in before.values())
    a = sum(p * s for p, s in after.values())
    return 100 * (b - a) / b''',
            "divides by the score after treatment": '''def bfmdrs_improvement(before, after):
    w = {"eyes": 0.5, "mouth": 0.5, "neck": 0.5}
    score = lambda d: sum(p * s * w.get(r, 1) for r, (p, s) in d.items())
    return 100 * (score(before) - score(after)) / score(after)''',
            "fraction instead of percent": '''def bfmdrs_improvement(before, after):
    w = {"eyes": 0.5, "mouth": 0.5, "neck": 0.5}
    score = lambda d: sum(p * s * w.get(r, 1) for r, (p, s) in d.items())
    return (score(before) - score(after)) / score(before)''',
            "hard-coded visible answer": '''def bfmdrs_improvement(before, after):
    return 75.0''',
        },
    },
    "ch2a_duration": {
        "hidden": ["ch2a_duration_hidden"],
        "alternatives": [
            '''from scipy.optimize import brentq

def weeks_above(threshold, dose_units, ed50_units):
    f = lambda t: botulinum.effect_time_course(t, dose_units, ed50_units) - threshold
    on = brentq(f, 3.0001, 28.0)
    off = brentq(f, 28.0, 300.0)
    return (off - on) / 7''',
        ],
        "wrong": {
            "duration left in days": '''def weeks_above(threshold, dose_units, ed50_units):
    t = np.arange(0.0, 200.0, 0.01)
    above = t[botulinum.effect_time_course(t, dose_units, ed50_units) >= threshold]
    return float(above.max() - above.min())''',
            "time of wearing off instead of duration": '''def weeks_above(threshold, dose_units, ed50_units):
    t = np.arange(0.0, 200.0, 0.01)
    above = t[botulinum.effect_time_course(t, dose_units, ed50_units) >= threshold]
    return float(above.max() / 7)''',
            "hard-coded visible answer": '''def weeks_above(threshold, dose_units, ed50_units):
    return 5.2886''',
        },
    },
    "ch2a_convert": {
        "hidden": ["ch2a_convert_hidden"],
        "alternatives": [
            '''def dysport_plan(botox_plan, low_ratio=2.0, high_ratio=3.0, session_max_dysport=1000.0):
    ranges = {}
    total_high = 0.0
    for muscle in botox_plan:
        low, high = low_ratio * botox_plan[muscle], high_ratio * botox_plan[muscle]
        ranges[muscle] = (low, high)
        total_high += high
    return ranges, total_high <= session_max_dysport''',
        ],
        "wrong": {
            "converts in the wrong direction": '''def dysport_plan(botox_plan, low_ratio=2.0, high_ratio=3.0, session_max_dysport=1000.0):
    ranges = {m: (u / high_ratio, u / low_ratio) for m, u in botox_plan.items()}
    return ranges, sum(h for _, h in ranges.values()) <= session_max_dysport''',
            "checks the lower total against the limit": '''def dysport_plan(botox_plan, low_ratio=2.0, high_ratio=3.0, session_max_dysport=1000.0):
    ranges = {m: (u * low_ratio, u * high_ratio) for m, u in botox_plan.items()}
    return ranges, sum(l for l, _ in ranges.values()) <= session_max_dysport''',
            "hard-coded visible answer": '''def dysport_plan(botox_plan, low_ratio=2.0, high_ratio=3.0, session_max_dysport=1000.0):
    return {"splenius_capitis_left": (120.0, 180.0), "sternocleidomastoid_right": (80.0, 120.0)}, True''',
        },
    },
}
