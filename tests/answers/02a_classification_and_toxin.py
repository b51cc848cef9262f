"""Alternative correct and plausible wrong answers for 02a_classification_and_toxin."""

_VIGNETTES = '''vignette_axis1 = {
    "A": {"age_group": "%s", "distribution": "focal", "associated": "%s"},
    "B": {"age_group": "childhood", "distribution": "%s", "associated": "isolated"},
    "C": {"age_group": "%s", "distribution": "%s", "associated": "%s"},
}'''

_MY_BFMDRS = "\n\n\nmy_change = bfmdrs_change(my_before, my_after)"
_BFMDRS = '''def bfmdrs_change(before, after, improve_pct=16.6, worsen_pct=21.5):
    w = %s
    score = lambda d: sum(p * s * w.get(r, 1) for r, (p, s) in d.items())
    pct = %s
    if pct %s improve_pct:
        verdict = "relevant improvement"
    elif %s:
        verdict = "relevant worsening"
    else:
        verdict = "no relevant change"
    return {"improvement_pct": pct, "verdict": verdict}''' + _MY_BFMDRS
_W3 = '{"eyes": 0.5, "mouth": 0.5, "neck": 0.5}'
_PCT = "100 * (score(before) - score(after)) / score(before)"
_WORSE = "pct < -worsen_pct"

_MY_REVIEW = '''


my_review = rating_review(my_study["rater_a"], my_study["rater_b"], my_study["before"], my_study["after"])'''
_REVIEW = '''def rating_review(rater_a, rater_b, before, after, mcic_points=11.9):
    table = np.column_stack([np.asarray(rater_a, dtype=float), np.asarray(rater_b, dtype=float)])
    icc = %s
    sem = np.std(table, ddof=%d) * np.sqrt(1.0 - icc)
    mdc95 = 1.96 * %s * sem
    change = before - after
    %s
    return {"icc": float(icc), "sem": float(sem), "mdc95": float(mdc95), "verdict": verdict}''' + _MY_REVIEW
_RIGHT = 'verdict = "not shown" if change < mdc95 else ("real but small" if change < mcic_points else "important")'

_MY_WEEKS = '''


my_weeks = weeks_above(my_toxin_case["threshold"], my_toxin_case["dose_units"], my_toxin_case["ed50_units"])'''
_WEEKS = '''def weeks_above(threshold, dose_units, ed50_units):
    t = np.arange(0.0, 200.0, %s)
    above = t[%s >= threshold]
    if len(above) == 0:
        return 0.0
    return float(%s)''' + _MY_WEEKS

_MY_PLAN = "\n\n\nmy_switch = dysport_plan(my_plan)"
_PLAN = '''def dysport_plan(botox_plan, low_ratio=2.0, high_ratio=3.0, session_max_dysport=1000.0):
    ranges = {m: (%s, %s) for m, u in botox_plan.items()}
    upper, lower = sum(h for _, h in ranges.values()), sum(l for l, _ in ranges.values())
    if %s:
        verdict = "whole range"
    elif %s:
        verdict = "lower end only"
    else:
        verdict = "reduce the plan"
    return {"ranges": ranges, "verdict": verdict}''' + _MY_PLAN
_UP, _LO = "upper <= session_max_dysport", "lower <= session_max_dysport"

_MY_HISTORY = '''


my_toxin_review = review_toxin_history(my_history["injection_days"], my_history["doses_units"],
                                       my_history["benefit_fractions"])'''
_HISTORY = '''def review_toxin_history(injection_days, doses_units, benefit_fractions):
    gaps = np.diff(np.asarray(injection_days, dtype=float))
    helped = [b %s 0.25 for b in benefit_fractions]
    if helped[-1]:
        response, step = "responder", "continue"
    elif not %s:
        response, step = "primary non-response", "review injections"
    elif %s:
        response, step = "secondary non-response", "%s"
    else:
        response, step = "single poor cycle", "review injections"
    return {"response": response, "short_intervals": int(%s), "boosters": int(np.sum(gaps < 28)),
            "cumulative_units": float(np.sum(doses_units)), "next_step": step}''' + _MY_HISTORY

ANSWERS = {
    "ch2a_vignettes": {
        "hidden": ["ch2a_vignettes_hidden"],
        "per_student": False,
        "per_student_why": "the vignettes are prose; a categorical answer (50 possible combinations) cannot differ "
                           "between 99 % of student pairs",
        "alternatives": [
            '''vignette_axis1 = {}
vignette_axis1["A"] = dict(age_group="Early adulthood ", distribution="FOCAL", associated="Isolated")
vignette_axis1["B"] = dict(age_group="childhood", distribution="Generalized", associated="isolated")
vignette_axis1["C"] = dict(age_group=" adolescence", distribution="generalized", associated="ISOLATED")''',
        ],
        "wrong": {
            "age now instead of age at onset": {
                "code": _VIGNETTES % ("late adulthood", "isolated", "generalized", "early adulthood", "generalized",
                                      "isolated"),
                "hint": "age_now", "visible": True},
            "limb + trunk called segmental": {
                "code": _VIGNETTES % ("early adulthood", "isolated", "segmental", "adolescence", "segmental", "isolated"),
                "hint": "segmental", "visible": True},
            "tremor taken for a second movement disorder": {
                "code": _VIGNETTES % ("early adulthood", "combined", "generalized", "adolescence", "generalized",
                                      "combined"),
                "hint": "tremor_combined", "visible": True},
            "an onset at exactly 40 called late adulthood": {
                "code": _VIGNETTES % ("late adulthood", "isolated", "generalized", "adolescence", "generalized",
                                      "isolated"),
                "hint": "boundary_40", "visible": False,
                "why": "only vignette A has its onset on a bin's edge (40 years), and the visible check judges vignette "
                       "C alone (judging A would give its answer away)"},
        },
    },
    "ch2a_bfmdrs": {
        "hidden": ["ch2a_bfmdrs_hidden"],
        "per_student": True,
        "alternatives": [
            '''def bfmdrs_change(before, after, improve_pct=16.6, worsen_pct=21.5):
    b = classification.bfmdrs_movement_score(before)
    a = classification.bfmdrs_movement_score(after)
    change = classification.percent_improvement(b, a)
    verdict = "No relevant change"
    if change > improve_pct:
        verdict = "Relevant improvement"
    if -change > worsen_pct:
        verdict = " relevant worsening"
    return dict(improvement_pct=change, verdict=verdict)''' + _MY_BFMDRS,
        ],
        "wrong": {
            "forgets the 0.5 weights": {
                "code": _BFMDRS % ("{}", _PCT, ">", _WORSE),
                "hint": "no_weights", "visible": True},
            "0.5 weight on the neck only": {
                "code": _BFMDRS % ('{"neck": 0.5}', _PCT, ">", _WORSE),
                "hint": "neck_only_weight", "visible": True},
            "divides by the score after treatment": {
                "code": _BFMDRS % (_W3, "100 * (score(before) - score(after)) / score(after)", ">", _WORSE),
                "hint": "divides_by_after", "visible": True},
            "fraction instead of percent": {
                "code": _BFMDRS % (_W3, "(score(before) - score(after)) / score(before)", ">", _WORSE),
                "hint": "fraction", "visible": True},
            "averages each region's improvement": {
                "code": '''def bfmdrs_change(before, after, improve_pct=16.6, worsen_pct=21.5):
    per_region = []
    for region, (p, s) in before.items():
        p2, s2 = after.get(region, (0, 0))
        per_region.append(1 - (p2 * s2) / (p * s))
    pct = 100 * sum(per_region) / len(per_region)
    verdict = ("relevant improvement" if pct > improve_pct else
               "relevant worsening" if pct < -worsen_pct else "no relevant change")
    return {"improvement_pct": pct, "verdict": verdict}''' + _MY_BFMDRS,
                "hint": "mean_of_regions", "visible": True},
            "a change exactly at the threshold counted as relevant": {
                "code": _BFMDRS % (_W3, _PCT, ">=", "pct <= -worsen_pct"),
                "hint": "at_least", "visible": True},
            "the improvement threshold used for worsening too": {
                "code": _BFMDRS % (_W3, _PCT, ">", "pct < -improve_pct"),
                "hint": "symmetric", "visible": True},
            "no verdict for a worsening": {
                "code": _BFMDRS % (_W3, _PCT, ">", "False"),
                "hint": "no_worsening", "visible": True},
            "hard-coded visible answer": {
                "code": '''def bfmdrs_change(before, after, improve_pct=16.6, worsen_pct=21.5):
    if improve_pct == 25.0:
        return {"improvement_pct": 25.0, "verdict": "no relevant change"}
    if "left_leg" in after and "left_leg" not in before:
        return {"improvement_pct": -20.0, "verdict": "no relevant change"}
    if set(before) == {"right_arm", "left_arm"}:
        return {"improvement_pct": -40.0, "verdict": "relevant worsening"}
    return {"improvement_pct": 72.91666666666667, "verdict": "relevant improvement"}''' + _MY_BFMDRS,
                "hint": "hard_coded", "visible": False, "why": "it reproduces the visible examples"},
        },
    },
    "ch2a_reliability": {
        "hidden": ["ch2a_reliability_hidden"],
        "per_student": True,
        "alternatives": [
            '''def rating_review(rater_a, rater_b, before, after, mcic_points=11.9):
    x = np.array([rater_a, rater_b], dtype=float).T
    n, k = x.shape
    m = x.mean()
    ss_r = k * ((x.mean(axis=1) - m) ** 2).sum()
    ss_c = n * ((x.mean(axis=0) - m) ** 2).sum()
    ss_e = ((x - m) ** 2).sum() - ss_r - ss_c
    ms_r, ms_c, ms_e = ss_r / (n - 1), ss_c / (k - 1), ss_e / ((n - 1) * (k - 1))
    icc = (ms_r - ms_e) / (ms_r + (k - 1) * ms_e + k * (ms_c - ms_e) / n)
    sem = x.std(ddof=1) * (1 - icc) ** 0.5
    mdc = 1.96 * 2 ** 0.5 * sem
    gain = before - after
    if gain >= mdc and gain >= mcic_points:
        verdict = "Important"
    elif gain >= mdc:
        verdict = "real but small "
    else:
        verdict = "not shown"
    return dict(icc=icc, sem=sem, mdc95=mdc, verdict=verdict)''' + _MY_REVIEW,
        ],
        "wrong": {
            "consistency ICC(3,1)": {
                "code": _REVIEW % ('ratings.icc(table, "3,1")', 1, "np.sqrt(2.0)", _RIGHT),
                "hint": "consistency_icc", "visible": True},
            "Pearson correlation": {
                "code": _REVIEW % ("np.corrcoef(table.T)[0, 1]", 1, "np.sqrt(2.0)", _RIGHT),
                "hint": "pearson", "visible": True},
            "one-way ICC(1,1)": {
                "code": _REVIEW % ('ratings.icc(table, "1,1")', 1, "np.sqrt(2.0)", _RIGHT),
                "hint": "one_way", "visible": True},
            "population SD (ddof=0)": {
                "code": _REVIEW % ('ratings.icc(table, "2,1")', 0, "np.sqrt(2.0)", _RIGHT),
                "hint": "population_sd", "visible": True},
            "MDC without sqrt(2)": {
                "code": _REVIEW % ('ratings.icc(table, "2,1")', 1, "1.0", _RIGHT),
                "hint": "no_sqrt2", "visible": True},
            "strict > at the threshold": {
                "code": _REVIEW % ('ratings.icc(table, "2,1")', 1, "np.sqrt(2.0)",
                                   'verdict = "not shown" if change <= mdc95 else ("real but small" if change <= mcic_points '
                                   'else "important")'),
                "hint": "strict", "visible": True},
            "ignores the measurement error": {
                "code": _REVIEW % ('ratings.icc(table, "2,1")', 1, "np.sqrt(2.0)",
                                   'verdict = "important" if change >= mcic_points else "not shown"'),
                "hint": "ignores_mdc", "visible": True},
            "ignores the smallest change patients notice": {
                "code": _REVIEW % ('ratings.icc(table, "2,1")', 1, "np.sqrt(2.0)",
                                   'verdict = "important" if change >= mdc95 else "not shown"'),
                "hint": "ignores_mcic", "visible": True},
            "MDC and MCIC swapped": {
                "code": _REVIEW % ('ratings.icc(table, "2,1")', 1, "np.sqrt(2.0)",
                                   'verdict = "not shown" if change < mcic_points else ("real but small" if change < mdc95 '
                                   'else "important")'),
                "hint": "swapped", "visible": True},
            "hard-coded visible answer": {
                "code": '''def rating_review(rater_a, rater_b, before, after, mcic_points=11.9):
    verdict = {12.0: "important", 10.0: "real but small"}.get(before - after, "not shown")
    return {"icc": 0.9221485266934866, "sem": 3.0169955191176943, "mdc95": 8.362684922279994,
            "verdict": verdict}''' + _MY_REVIEW,
                "hint": "hard_coded", "visible": False, "why": "it reproduces the visible examples"},
        },
    },
    "ch2a_duration": {
        "hidden": ["ch2a_duration_hidden"],
        "per_student": True,
        "alternatives": [
            '''from scipy.optimize import brentq

def weeks_above(threshold, dose_units, ed50_units):
    if botulinum.dose_response(dose_units, ed50_units) < threshold:
        return 0.0
    f = lambda t: botulinum.effect_time_course(t, dose_units, ed50_units) - threshold
    on = brentq(f, 3.0001, 28.0)
    off = brentq(f, 28.0, 300.0)
    return (off - on) / 7''' + _MY_WEEKS,
        ],
        "wrong": {
            "duration left in days": {
                "code": _WEEKS % ("0.01", "botulinum.effect_time_course(t, dose_units, ed50_units)",
                                  "above.max() - above.min()"),
                "hint": "days", "visible": True},
            "time of wearing off instead of duration": {
                "code": _WEEKS % ("0.01", "botulinum.effect_time_course(t, dose_units, ed50_units)", "above.max() / 7"),
                "hint": "wear_off_time", "visible": True},
            "ED50 not passed to the model (default 50 U)": {
                "code": _WEEKS % ("0.01", "botulinum.effect_time_course(t, dose_units)",
                                  "(above.max() - above.min()) / 7"),
                "hint": "default_ed50", "visible": True},
            "threshold applied to the time course alone": {
                "code": _WEEKS % ("0.01", "botulinum.time_course(t)", "(above.max() - above.min()) / 7"),
                "hint": "no_dose", "visible": True},
            "no answer when the effect never reaches the threshold": {
                "code": '''def weeks_above(threshold, dose_units, ed50_units):
    t = np.arange(0.0, 200.0, 0.01)
    above = t[botulinum.effect_time_course(t, dose_units, ed50_units) >= threshold]
    return float((above.max() - above.min()) / 7)''' + _MY_WEEKS,
                "hint": "raised:ValueError", "visible": True},
            "grid of whole days": {
                "code": _WEEKS % ("1.0", "botulinum.effect_time_course(t, dose_units, ed50_units)",
                                  "(above.max() - above.min()) / 7"),
                "hint": "coarse_grid", "visible": True},
            "hard-coded visible answer": {
                "code": '''def weeks_above(threshold, dose_units, ed50_units):
    return 0.0 if dose_units == 30.0 else 8.04789769688829''' + _MY_WEEKS,
                "hint": "hard_coded", "visible": False, "why": "it reproduces the visible example"},
        },
    },
    "ch2a_convert": {
        "hidden": ["ch2a_convert_hidden"],
        "per_student": True,
        "alternatives": [
            '''def dysport_plan(botox_plan, low_ratio=2.0, high_ratio=3.0, session_max_dysport=1000.0):
    ranges = {}
    total_low = total_high = 0.0
    for muscle in botox_plan:
        low, high = low_ratio * botox_plan[muscle], high_ratio * botox_plan[muscle]
        ranges[muscle] = [low, high]
        total_low += low
        total_high += high
    if total_low > session_max_dysport:
        return {"ranges": ranges, "verdict": "Reduce the plan"}
    if total_high > session_max_dysport:
        return {"ranges": ranges, "verdict": "lower end only"}
    return {"ranges": ranges, "verdict": " whole range"}''' + _MY_PLAN,
        ],
        "wrong": {
            "converts in the wrong direction": {
                "code": _PLAN % ("u / high_ratio", "u / low_ratio", _UP, _LO),
                "hint": "divides", "visible": True},
            "judges the whole range by the lower total": {
                "code": _PLAN % ("u * low_ratio", "u * high_ratio", _LO, _LO),
                "hint": "lower_total", "visible": True},
            "strict < at the maximum": {
                "code": _PLAN % ("u * low_ratio", "u * high_ratio", "upper < session_max_dysport",
                                 "lower < session_max_dysport"),
                "hint": "strict", "visible": True},
            "ratios fixed at 2 and 3": {
                "code": _PLAN % ("u * 2.0", "u * 3.0", _UP, _LO),
                "hint": "fixed_ratios", "visible": True},
            "no middle verdict (the lower end alone never fits)": {
                "code": _PLAN % ("u * low_ratio", "u * high_ratio", _UP, "False"),
                "hint": "no_lower_end", "visible": True},
            "hard-coded visible answer": {
                "code": '''def dysport_plan(botox_plan, low_ratio=2.0, high_ratio=3.0, session_max_dysport=1000.0):
    ranges = {"splenius_capitis_left": (150.0, 180.0), "sternocleidomastoid_right": (87.5, 105.0),
              "levator_scapulae_left": (62.5, 75.0)}
    if session_max_dysport == 360.0:
        return {"ranges": ranges, "verdict": "whole range"}
    if session_max_dysport == 600.0:
        return {"ranges": ranges, "verdict": "reduce the plan"}
    return {"ranges": ranges, "verdict": "lower end only"}''' + _MY_PLAN,
                "hint": "hard_coded", "visible": False, "why": "it reproduces the visible examples"},
        },
    },
    "ch2a_nonresponse": {
        "hidden": ["ch2a_nonresponse_hidden"],
        "per_student": True,
        "alternatives": [
            '''def review_toxin_history(injection_days, doses_units, benefit_fractions):
    short = boosters = 0
    for previous, day in zip(injection_days[:-1], injection_days[1:]):
        gap = day - previous
        short += gap < 70
        boosters += gap < 28
    earlier = [b for b in benefit_fractions[:-1] if b >= 0.25]
    if benefit_fractions[-1] >= 0.25:
        kind, step = "Responder", "Continue"
    elif not earlier:
        kind, step = "Primary non-response", "Review injections"
    elif max(benefit_fractions[-2:]) < 0.25:
        kind, step = "Secondary non-response", "Antibody test"
    else:
        kind, step = " Single poor cycle", "Review injections"
    return {"response": kind, "short_intervals": short, "boosters": boosters,
            "cumulative_units": sum(doses_units), "next_step": step}''' + _MY_HISTORY,
        ],
        "wrong": {
            "response judged by the first cycle": {
                "code": _HISTORY % (">=", "helped[0]", "not helped[-2]", "antibody test", "np.sum(gaps < 70)"),
                "hint": "first_cycle", "visible": True},
            "70-day interval counted as short": {
                "code": _HISTORY % (">=", "any(helped[:-1])", "not helped[-2]", "antibody test", "np.sum(gaps <= 70)"),
                "hint": "boundary_70", "visible": True},
            "boosters not counted as short intervals": {
                "code": _HISTORY % (">=", "any(helped[:-1])", "not helped[-2]", "antibody test",
                                    "np.sum((gaps >= 28) & (gaps < 70))"),
                "hint": "boosters_excluded", "visible": True},
            "a lost response treated as an injection problem": {
                "code": _HISTORY % (">=", "any(helped[:-1])", "not helped[-2]", "review injections", "np.sum(gaps < 70)"),
                "hint": "skip_antibody_test", "visible": True},
            "one poor cycle taken as a lost response": {
                "code": _HISTORY % (">=", "any(helped[:-1])", "True", "antibody test", "np.sum(gaps < 70)"),
                "hint": "one_poor_cycle", "visible": True},
            "a benefit of exactly 0.25 taken as no help": {
                "code": _HISTORY % (">", "any(helped[:-1])", "not helped[-2]", "antibody test", "np.sum(gaps < 70)"),
                "hint": "strict_quarter", "visible": True},
            "hard-coded visible answer": {
                "code": '''def review_toxin_history(injection_days, doses_units, benefit_fractions):
    if len(injection_days) == 3:
        return {"response": "responder", "short_intervals": 0, "boosters": 0,
                "cumulative_units": 470.0, "next_step": "continue"}
    if len(injection_days) == 4:
        return {"response": "single poor cycle", "short_intervals": 0, "boosters": 0,
                "cumulative_units": 660.0, "next_step": "review injections"}
    return {"response": "secondary non-response", "short_intervals": 2, "boosters": 1,
            "cumulative_units": 1150.0, "next_step": "antibody test"}''' + _MY_HISTORY,
                "hint": "hard_coded", "visible": False,
                "why": "it reproduces the visible example"},
        },
    },
}

WRITTEN = {
    "ch2a_written_change": {
        "alternative": ("The patient improved by 5 TWSTRS points, but with these two raters anything under about "
                        "10 points could just be the raters disagreeing, so my function says \"not shown\"; 5 points "
                        "is also below the 11.9 that patients would notice. So I cannot claim the treatment worked or "
                        "failed from these scores, because a different clinician rated each visit. A milder patient "
                        "would have a lower MCIC, and the MDC itself comes from only 13 patients.", 2.5),
        "weak": ("The ICC is 0.93, which is excellent, so the ratings are reliable and the patient improved.", 0.0),
    },
}
