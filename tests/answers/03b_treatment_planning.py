"""Alternative correct and plausible wrong answers for 03b_treatment_planning.

Every answer computes its ``my_...`` values from the student's own data (``my_patient``,
``my_scenario``, ``my_course``, ``my_clinic``), so each is right (or wrong) for whichever
student runs it.
"""
from answer_registry import reading_entry as _reading_entry   # tools/answer_registry.py

# --- Problem 1: classify and score ---------------------------------------------------------------
_ASSESS_OWN = '''

my_assessment = assess(my_patient)'''


def _assess(age="patient['age_at_onset_years']", late_from=41, combined="patient['tremor'] == 'parkinsonism'",
            inherited="patient['gene_test'].startswith('pathogenic')", duration_twice=True, exposure_first=False):
    group = (f"classification.age_at_onset_group({age})" if late_from == 41 else
             f"('late adulthood' if {age} >= 40 else classification.age_at_onset_group({age}))")
    severity = ("classification.twstrs_severity(patient['twstrs_items'])" if duration_twice else
                "sum(patient['twstrs_items'].values())")
    cause = (f'''    if patient["exposure"] != "none":
        etiology = "acquired"
    elif {inherited}:
        etiology = "inherited"''' if exposure_first else f'''    if {inherited}:
        etiology = "inherited"
    elif patient["exposure"] != "none":
        etiology = "acquired"''')
    return f'''def assess(patient):
{cause}
    else:
        etiology = "idiopathic"
    return {{"age_group": {group}, "distribution": classification.body_distribution(patient["regions"]),
            "associated": "combined" if {combined} else "isolated", "etiology": etiology,
            "twstrs_severity": {severity}}}''' + _ASSESS_OWN


# --- Problem 2: the plan -------------------------------------------------------------------------
_PLAN_OWN = '''

my_plan = make_plan(my_scenario)
my_net_benefit = botulinum.evaluate_plan(my_plan, my_scenario)["net_benefit"]'''


def _subset_greedy(score='result["net_benefit"]', ok='result["feasible"]', one_site=False):
    """The reference method (every subset of optional muscles, greedy from the minimums) with a changed score,
    feasibility test or site split."""
    split = ('''        return {m: [d] for m, d in dose.items()}''' if one_site else '''        plan = {}
        for m, d in dose.items():
            n = max(1, int(np.ceil(d / scenario["site_max"])))
            plan[m] = [d / n] * n
        return plan''')
    return f'''import itertools

def make_plan(scenario):
    inv = scenario["involvement"]
    required = [m for m, w in inv.items() if w >= 0.5]
    optional = [m for m, w in inv.items() if 0 < w < 0.5]

    def as_plan(dose):
{split}

    def judge(dose):
        result = botulinum.evaluate_plan(as_plan(dose), scenario)
        return {score}, {ok}

    best_plan, best_value = None, -np.inf
    for k in range(len(optional) + 1):
        for extra in itertools.combinations(optional, k):
            dose = {{m: float(botulinum.MUSCLES[m]["min"]) for m in required + list(extra)}}
            current, feasible = judge(dose)
            if not dose or not feasible:
                continue
            for step in (5.0, 1.0):
                while True:
                    step_to, step_value = None, current
                    for m in dose:
                        value, feasible = judge(dict(dose, **{{m: dose[m] + step}}))
                        if feasible and value > step_value:
                            step_to, step_value = m, value
                    if step_to is None:
                        break
                    dose[step_to] += step
                    current = step_value
            if current > best_value:
                best_plan, best_value = as_plan(dose), current
    return best_plan''' + _PLAN_OWN


#: The greedy of the previous course version: optional muscles start at 0 and grow 1 U at a time (trace doses),
#: the SCM limit is never halved and the dysphagia ceiling is not checked.
_TRACE_GREEDY = '''def make_plan(scenario):
    inv = scenario["involvement"]
    muscles = [m for m, w in inv.items() if w > 0]
    dose = {m: float(botulinum.MUSCLES[m]["min"]) if inv[m] >= 0.5 else 0.0 for m in muscles}
    cap = {m: min(botulinum.MUSCLES[m]["max"], botulinum.MUSCLES[m]["sites"] * scenario["site_max"]) for m in muscles}
    current = botulinum.net_benefit(dose, scenario)
    while True:
        total = sum(dose.values())
        scm = sum(v for m, v in dose.items() if m.startswith("sternocleidomastoid"))
        best, best_value = None, current
        for m in muscles:
            if dose[m] + 1.0 > cap[m] or total + 1.0 > scenario["session_max"]:
                continue
            if m.startswith("sternocleidomastoid") and scm + 1.0 > scenario["scm_max"]:
                continue
            trial = dict(dose)
            trial[m] += 1.0
            value = botulinum.net_benefit(trial, scenario)
            if value > best_value:
                best, best_value = m, value
        if best is None:
            break
        dose[best] += 1.0
        current = best_value
    plan = {}
    for m, d in dose.items():
        if d > 0:
            n = max(1, int(np.ceil(d / scenario["site_max"])))
            plan[m] = [d / n] * n
    return plan''' + _PLAN_OWN


# --- Problem 3: the schedule ---------------------------------------------------------------------
_SCHED_OWN = '''

my_schedule = injection_schedule(my_course["n_sessions"], my_course["peak_days"], my_course["shape_k"],
                                 my_course["wear_off"], my_course["min_interval_days"])'''


def _schedule(call="botulinum.time_course(d, peak_days=peak_days, shape_k=shape_k)", interval="max(d, min_interval_days)",
              shift=""):
    own_call = call.replace("peak_days=peak_days", 'peak_days=my_course["peak_days"]').replace(
        "shape_k=shape_k", 'shape_k=my_course["shape_k"]')
    return f'''def injection_schedule(n_sessions, peak_days, shape_k, wear_off=0.25, min_interval_days=70):
    d = int(np.floor(peak_days)) + 1
    while {call} >= wear_off:
        d += 1{shift}
    interval = {interval}
    return [int(k * interval) for k in range(n_sessions)]''' + _SCHED_OWN + f'''
d = int(np.floor(my_course["peak_days"])) + 1
while {own_call} >= my_course["wear_off"]:
    d += 1{shift.replace("    ", "", 1) if shift else ""}
my_wear_off_day = d'''


# --- Problem 4: the next step --------------------------------------------------------------------
_DECISION_OWN = '''

my_next_steps = [next_step(p) for p in my_clinic]'''


def _decision(early="onset <= 26", focal_levodopa=True, dbs_first=False, backwards=False, oral=True,
              dbs_every_site=False, one_cycle_secondary=False, red_flags=True,
              order=("keep", "red", "trial", "rest", "toxin")):
    """A next_step written rule block by rule block; ``order`` is the order in which the blocks are read."""
    keep = '''    if patient["levodopa_trial"] == "sustained benefit":
        return "continue levodopa"
'''
    red = ('''    one_leg = dist == "focal" and patient["regions"][0] in ("right_leg", "left_leg")
    if dist == "hemidystonia" or (one_leg and onset > 26):
        return "look for a secondary cause"
''' if red_flags else "")
    early_rule = (f"{early} and patient['levodopa_trial'] == 'not done'" if focal_levodopa else
                  f"{early} and patient['levodopa_trial'] == 'not done' and dist != 'focal'")
    trial = f'''    if {early_rule}:
        return "levodopa trial"
'''
    switch, review = ('"review injections"', '"switch toxin"') if backwards else ('"switch toxin"', '"review injections"')
    site = ('"pallidal DBS"' if dbs_every_site else
            '"pallidal DBS" if dist == "segmental" or patient["regions"] == ["neck"] else "specialist options"')
    single = "" if one_cycle_secondary else ' or toxin["poor_cycles"] == 1'
    non_response = (f'''        return {site}''' if dbs_first else f'''        if toxin["workup_done"]:
            return {site}
        if not toxin["ever_responded"]{single}:
            return "review injections"
        if toxin["antibody_test"] == "not done":
            return "antibody test"
        if toxin["antibody_test"] == "no weakness":
            return {switch}
        return {review}''')
    generalized = ('return "pallidal DBS" if patient["oral_drugs_failed"] else "oral drugs"' if oral
                   else 'return "pallidal DBS"')
    generalized_test = 'dist == "generalized"' if red_flags else 'dist in ("generalized", "hemidystonia")'
    toxin_history = f'''    toxin = patient["toxin"]
    if toxin is not None and dist in ("focal", "segmental", "multifocal"):
        if toxin["benefit_fraction"] >= 0.25:
            return "continue toxin"
{non_response}
'''
    rest = f'''    if {generalized_test}:
        {generalized}
    if patient["toxin"] is None:
        return "botulinum toxin"
'''
    blocks = {"keep": keep, "red": red, "trial": trial, "toxin": toxin_history, "rest": rest}
    body = "".join(blocks[b] for b in order)
    return f'''def next_step(patient):
    dist = classification.body_distribution(patient["regions"])
    onset = patient["age_at_onset_years"]
{body}''' + _DECISION_OWN


ANSWERS = {
    "ch3b_classify": {
        "hidden": ["ch3b_classify_hidden"],
        "per_student": True,
        "alternatives": [
            '''def assess(patient):
    onset = patient["age_at_onset_years"]
    for name, lower in (("late adulthood", 41), ("early adulthood", 21), ("adolescence", 13), ("childhood", 3),
                        ("infancy", 0)):
        if onset >= lower:
            group = name
            break
    regions = set(patient["regions"])
    if len(regions) == 1:
        dist = "Focal"
    else:
        dist = classification.body_distribution(regions).upper()
    items = dict(patient["twstrs_items"])
    severity = sum(items.values()) + items["duration"]
    cause = "Inherited" if "pathogenic" in patient["gene_test"] else ("Acquired" if "haloperidol" in patient["exposure"]
                                                                    else "Idiopathic")
    return {"age_group": group, "distribution": dist, "etiology": cause, "twstrs_severity": float(severity),
            "associated": "combined" if patient["tremor"] == "parkinsonism" else "isolated"}''' + _ASSESS_OWN,
        ],
        "wrong": {
            "age today instead of age at onset": {"code": _assess(age="patient['age_now_years']"), "hint": "age_now",
                                                  "visible": True},
            "onset at 40 counted as late adulthood": {"code": _assess(late_from=40), "hint": "boundary_40", "visible": True},
            "a dystonic tremor counted as combined": {"code": _assess(combined="patient['tremor'] != 'none'"),
                                                      "hint": "tremor_combined", "visible": True},
            "a relative with another disorder taken as inherited": {
                "code": _assess(inherited="patient['gene_test'].startswith('pathogenic') or patient['family_history'] != 'none'"),
                "hint": "family_history", "visible": True},
            "duration factor counted once": {"code": _assess(duration_twice=False), "hint": "duration_once", "visible": True},
            "the drug history read before the genetic test": {"code": _assess(exposure_first=True), "hint": "exposure_first",
                                                               "visible": True},
            "hard-coded visible answer": {"code": '''def assess(patient):
    if patient["age_at_onset_years"] == 35:
        return {"age_group": "early adulthood", "distribution": "focal", "associated": "combined",
                "etiology": "acquired", "twstrs_severity": 19}
    if patient["age_at_onset_years"] == 29:
        return {"age_group": "early adulthood", "distribution": "focal", "associated": "isolated",
                "etiology": "inherited", "twstrs_severity": 19}
    return {"age_group": "early adulthood", "distribution": "segmental", "associated": "isolated",
            "etiology": "idiopathic", "twstrs_severity": 19}''' + _ASSESS_OWN, "hint": "hint", "visible": False,
                                          "why": "it reproduces the visible example"},
        },
    },
    "ch3b_plan": {
        "hidden": ["ch3b_plan_hidden"],
        "per_student": True,
        "alternatives": [
            '''from scipy.optimize import minimize

def make_plan(scenario):
    inv = scenario["involvement"]
    required = [m for m, w in inv.items() if w >= 0.5]
    optional = [m for m, w in inv.items() if 0 < w < 0.5]
    best, best_value = None, -np.inf
    for mask in range(2 ** len(optional)):
        ms = required + [m for k, m in enumerate(optional) if mask >> k & 1]
        lo = np.array([botulinum.MUSCLES[m]["min"] for m in ms], float)
        hi = np.array([min(botulinum.MUSCLES[m]["max"], 50.0 * botulinum.MUSCLES[m]["sites"]) for m in ms])
        scm = np.array([m.startswith("sternocleidomastoid") for m in ms], float)
        limit = scenario["scm_max"] * (0.5 if scm.sum() == 2 else 1.0)
        neg = lambda x, ms=ms: -botulinum.net_benefit(dict(zip(ms, np.clip(x, 0, None))), scenario)
        cons = [{"type": "ineq", "fun": lambda x: scenario["session_max"] - 1 - x.sum()},
                {"type": "ineq", "fun": lambda x, scm=scm, limit=limit: limit - 1 - scm @ x},
                {"type": "ineq", "fun": lambda x, ms=ms: scenario["dysphagia_ceiling"] - 0.002
                 - botulinum.adverse_effect_risk(dict(zip(ms, np.clip(x, 0, None))))["dysphagia"]}]
        res = minimize(neg, lo, bounds=list(zip(lo, hi)), constraints=cons, method="SLSQP")
        plan = {}
        for m, d in zip(ms, res.x):
            n = botulinum.MUSCLES[m]["sites"]
            plan[m] = [float(max(np.floor(d / n * 10) / 10, np.ceil(botulinum.MUSCLES[m]["min"] / n * 10) / 10))] * n
        ev = botulinum.evaluate_plan(plan, scenario)
        if ev["feasible"] and ev["net_benefit"] > best_value:
            best, best_value = plan, ev["net_benefit"]
    return best''' + _PLAN_OWN,
        ],
        "wrong": {
            "benefit only (harm ignored): the session is filled": {
                "code": _subset_greedy(score='result["predicted_improvement"]'), "hint": "fills_session",
                "visible": True},
            "trace doses: optional muscles grow from 0 U, no ceiling": {"code": _TRACE_GREEDY, "hint": "below_min",
                                                                       "visible": True},
            "the dysphagia ceiling ignored": {
                "code": _subset_greedy(ok='all("dysphagia" in v for v in result["violations"])'),
                "hint": "dysphagia_ceiling", "visible": True},
            "every involved muscle at its maximum": {"code": '''def make_plan(scenario):
    return {m: [botulinum.MUSCLES[m]["max"] / botulinum.MUSCLES[m]["sites"]] * botulinum.MUSCLES[m]["sites"]
            for m, w in scenario["involvement"].items() if w > 0}''' + _PLAN_OWN, "hint": "session_limit", "visible": True},
            "only the minimum doses": {"code": '''def make_plan(scenario):
    return {m: [float(botulinum.MUSCLES[m]["min"])] for m, w in scenario["involvement"].items() if w >= 0.5}''' + _PLAN_OWN,
                                       "hint": "too_little", "visible": True},
            "one injection site per muscle": {"code": _subset_greedy(ok="True", one_site=True), "hint": "site_limit",
                                              "visible": True},
            "the same 25 U into every muscle": {"code": '''def make_plan(scenario):
    return {m: [25.0] for m in botulinum.MUSCLES}''' + _PLAN_OWN, "hint": "uninvolved", "visible": True},
            "hard-coded visible answer": {"code": '''def make_plan(scenario):
    if scenario["involvement"].get("sternocleidomastoid_left", 0.0) > 0:
        return {"sternocleidomastoid_left": [31.0], "scalenes_left": [22.0], "splenius_capitis_right": [36.5, 36.5]}
    return {"sternocleidomastoid_right": [26.0], "splenius_capitis_left": [36.5, 36.5], "levator_scapulae_left": [45.0],
            "trapezius_right": [25.0]}''' + _PLAN_OWN,
                                          "hint": "required_min", "visible": False, "why": "it reproduces the visible example"},
        },
    },
    "ch3b_schedule": {
        "hidden": ["ch3b_schedule_hidden"],
        "per_student": True,
        "alternatives": [
            '''def injection_schedule(n_sessions, peak_days, shape_k, wear_off=0.25, min_interval_days=70):
    days = np.arange(0, 1000)
    effect = botulinum.time_course(days, peak_days=peak_days, shape_k=shape_k)
    worn = int(days[(days > peak_days) & (effect < wear_off)][0])
    step = max(worn, min_interval_days)
    schedule = [0]
    while len(schedule) < n_sessions:
        schedule.append(schedule[-1] + step)
    return schedule''' + _SCHED_OWN + '''
_days = np.arange(0, 1000)
_effect = botulinum.time_course(_days, peak_days=my_course["peak_days"], shape_k=my_course["shape_k"])
my_wear_off_day = int(_days[(_days > my_course["peak_days"]) & (_effect < my_course["wear_off"])][0])''',
        ],
        "wrong": {
            "always the minimum interval": {"code": _schedule(interval="min_interval_days"), "hint": "always_minimum",
                                            "visible": True},
            "the minimum interval ignored (antibody risk)": {"code": _schedule(interval="d"), "hint": "ignores_minimum",
                                                             "visible": True},
            "the last day above the level": {"code": _schedule(shift="\n    d -= 1"), "hint": "last_day_above",
                                             "visible": True},
            "shape_k not passed (the default used)": {"code": _schedule(call="botulinum.time_course(d, peak_days=peak_days)"),
                                                      "hint": "default_shape", "visible": True},
            "peak_days not passed (the default used)": {"code": _schedule(call="botulinum.time_course(d, shape_k=shape_k)"),
                                                        "hint": "default_peak", "visible": True},
            "hard-coded visible answer": {"code": '''def injection_schedule(n_sessions, peak_days, shape_k, wear_off=0.25, min_interval_days=70):
    table = {(3, 30.0, 1.2): [0, 115, 230], (3, 21.0, 1.5): [0, 79, 158], (4, 17.5, 2.2): [0, 84, 168, 252]}
    return table.get((n_sessions, peak_days, shape_k), [0] * n_sessions)''' + _SCHED_OWN + '''
my_wear_off_day = 79''', "hint": "hint", "visible": False, "why": "it reproduces the visible example"},
        },
    },
    "ch3b_decision": {
        "hidden": ["ch3b_decision_hidden"],
        "per_student": True,
        "alternatives": [
            '''def next_step(patient):
    distribution = classification.body_distribution(patient["regions"])
    onset, trial, tox = patient["age_at_onset_years"], patient["levodopa_trial"], patient["toxin"]
    leg_only = distribution == "focal" and patient["regions"][0].endswith("_leg")
    checks = [
        (trial == "sustained benefit", "continue levodopa"),
        (distribution == "hemidystonia" or (leg_only and onset > 26), "look for a secondary cause"),
        (onset <= 26 and trial == "not done", "levodopa trial"),
        (distribution == "generalized" and patient["oral_drugs_failed"], "pallidal DBS"),
        (distribution == "generalized", "oral drugs"),
        (tox is None, "botulinum toxin"),
    ]
    for condition, step in checks:
        if condition:
            return step.upper()
    if tox["benefit_fraction"] >= 0.25:
        return "CONTINUE TOXIN"
    if tox["workup_done"]:
        dbs_site = distribution == "segmental" or list(patient["regions"]) == ["neck"]
        return "PALLIDAL DBS" if dbs_site else "SPECIALIST OPTIONS"
    secondary = tox["ever_responded"] and tox["poor_cycles"] >= 2
    if not secondary or tox["antibody_test"] == "weakness":
        return "REVIEW INJECTIONS"
    return "ANTIBODY TEST" if tox["antibody_test"] == "not done" else "SWITCH TOXIN"''' + _DECISION_OWN,
            '''_LEGS = {"right_leg", "left_leg"}

def next_step(patient):
    regions = set(patient["regions"])
    dist = classification.body_distribution(regions)
    early = patient["age_at_onset_years"] <= 26
    tox = patient["toxin"]
    if patient["levodopa_trial"] == "sustained benefit":
        return "continue levodopa"
    if dist == "hemidystonia" or (dist == "focal" and regions <= _LEGS and not early):
        return "look for a secondary cause"
    if early and patient["levodopa_trial"] == "not done":
        return "levodopa trial"
    if dist == "generalized":
        return ["oral drugs", "pallidal DBS"][int(patient["oral_drugs_failed"])]
    if tox is None:
        return "botulinum toxin"
    if not tox["benefit_fraction"] < 0.25:
        return "continue toxin"
    if tox["workup_done"]:
        return "pallidal DBS" if dist == "segmental" or regions == {"neck"} else "specialist options"
    if tox["ever_responded"] and tox["poor_cycles"] >= 2:
        return {"not done": "antibody test", "no weakness": "switch toxin"}.get(tox["antibody_test"], "review injections")
    return "  Review Injections "''' + _DECISION_OWN,
        ],
        "wrong": {
            "the age group used instead of onset up to 26": {
                "code": _decision(early="classification.age_at_onset_group(onset) in "
                                        "('infancy', 'childhood', 'adolescence')"),
                "hint": "age_group_not_26", "visible": True},
            "no levodopa trial for a focal dystonia": {"code": _decision(focal_levodopa=False), "hint": "focal_skips_levodopa",
                                                       "visible": True},
            "straight to DBS after a toxin failure": {"code": _decision(dbs_first=True), "hint": "dbs_before_workup",
                                                      "visible": True},
            "the antibody test read backwards": {"code": _decision(backwards=True), "hint": "test_read_backwards",
                                                 "visible": True},
            "oral drugs skipped in generalized dystonia": {"code": _decision(oral=False), "hint": "oral_skipped",
                                                           "visible": True},
            "pallidal DBS for every refractory focal dystonia (blepharospasm, writer's cramp)": {
                "code": _decision(dbs_every_site=True), "hint": "dbs_for_every_site", "visible": True},
            "one poor cycle taken as secondary non-response": {"code": _decision(one_cycle_secondary=True),
                                                               "hint": "one_poor_cycle", "visible": True},
            "no red flags (adult-onset leg dystonia, hemidystonia)": {"code": _decision(red_flags=False),
                                                                       "hint": "no_red_flags", "visible": True},
            "the levodopa trial before the red flags": {"code": _decision(order=("keep", "trial", "red", "rest", "toxin")),
                                                       "hint": "trial_before_flags", "visible": True},
            "the toxin history read before the levodopa trial": {
                "code": _decision(order=("keep", "red", "toxin", "trial", "rest")), "hint": "toxin_before_trial",
                "visible": True},
            "the red flags before a sustained levodopa response": {
                "code": _decision(order=("red", "keep", "trial", "rest", "toxin")), "hint": "flags_before_levodopa",
                "visible": True},
            "hard-coded visible answer": {"code": '''def next_step(patient):
    table = {9: "levodopa trial", 24: "levodopa trial", 26: "levodopa trial", 45: "antibody test", 52: "switch toxin",
             38: "review injections", 61: "continue toxin", 40: "oral drugs", 12: "pallidal DBS",
             57: "specialist options", 48: "pallidal DBS", 63: "look for a secondary cause", 44: "review injections",
             35: "pallidal DBS", 19: "look for a secondary cause", 20: "levodopa trial", 8: "continue levodopa"}
    return table.get(patient["age_at_onset_years"], "botulinum toxin")''' + _DECISION_OWN, "hint": "hint",
                                          "visible": False, "why": "it reproduces the visible example"},
        },
    },
    "ch3b_reading_plan": _reading_entry("ch3b_reading_plan", "reading_b1", 4, "tradeoff",
        ['label_170', 'tradeoff', 'optimiser', 'loses_effect']),
    "ch3b_reading_schedule": _reading_entry("ch3b_reading_schedule", "reading_b2", 4, "antibodies",
        ['keeps_working', 'earlier_longer', 'accumulates', 'antibodies']),
    "ch3b_reading_decision": _reading_entry("ch3b_reading_decision", "reading_b3", 4, "drd",
        ['drd', 'children', 'levodopa_better', 'predicts_dbs']),
}


# --- written answers (graded by people): answers the demo class hands in, and what a grader gave them ---
WRITTEN = {
    "ch3b_written_order": {
        "alternative": ("Patient 15 of the visible list (onset at 19, left arm and leg) fits the red-flag rule and the "
                        "levodopa-trial rule, and my function sends her to look for a secondary cause first. One-sided "
                        "dystonia is usually caused by a lesion on the other side of the brain, and you should know "
                        "about a lesion before you try any drug. Doing the trial first could delay the scan of a "
                        "treatable lesion by weeks.", 3.0),
        "weak": ("My function follows the rules in the order they are listed, which is what the guideline says, so the "
                 "answers are right for every patient.", 0.0),
    },
}
