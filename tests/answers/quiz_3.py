"""Alternative correct and plausible wrong answers for quiz_3 (Chapter 3's pre-class quiz).

Choice questions: "the student chose option k" is written ``G.choice_letter(gid, k, n)``, the letter of
option k for whichever student runs it.  The numeric question's answers compute their ``my_...`` value
from the student's own data cell, so each is right (or wrong) for whichever student runs it.
"""
from answer_registry import reading_entry as _reading_entry   # tools/answer_registry.py


ANSWERS = {}
ANSWERS['quiz3_q1'] = _reading_entry('quiz3_q1', 'q1', 4, 'doubled',
                                 ['fourth', 'causal', 'nothing', 'doubled'])
ANSWERS['quiz3_q2'] = _reading_entry('quiz3_q2', 'q2', 4, 'not_firm',
                                 ['reduced', 'not_firm', 'normal', 'method'])
ANSWERS['quiz3_q3'] = _reading_entry('quiz3_q3', 'q3', 4, 'min_cycles',
                                 ['min_cycles', 'beta', 'one_wrong', 'noise'])
ANSWERS['quiz3_q4'] = _reading_entry('quiz3_q4', 'q4', 4, 'aperiodic',
                                 ['same', 'bursts', 'aperiodic', 'artefact'])
ANSWERS['quiz3_q5'] = _reading_entry('quiz3_q5', 'q5', 4, 'rules',
                                 ['today', 'tremor', 'suspected', 'rules'])
ANSWERS['quiz3_q6'] = _reading_entry('quiz3_q6', 'q6', 4, 'weighted',
                                 ['weighted', 'label', 'falls', 'units'])
ANSWERS['quiz3_q7'] = _reading_entry('quiz3_q7', 'q7', 4, 'assumptions',
                                 ['exact', 'speed', 'assumptions', 'labels'])
ANSWERS['quiz3_q8'] = _reading_entry('quiz3_q8', 'q8', 4, 'symptoms',
                                 ['pulses', 'symptoms', 'lead', 'leak'])
ANSWERS['quiz3_q9'] = _reading_entry('quiz3_q9', 'q9', 4, 'research',
                                 ['beta', 'fixed', 'standard', 'research'])

# --- Question 10: battery life -----------------------------------------------------------------
_OWN = '''

my_life_months = battery_life_months(my_teed_uW, OVERHEAD_UW, BUDGET_J)'''


def _battery(body):
    return "def battery_life_months(teed_uW, overhead_uW, budget_J):\n" + body + _OWN


ANSWERS["quiz3_battery"] = {
    "hidden": ["quiz3_battery_hidden"],
    "per_student": True,
    "alternatives": [
        '''def battery_life_months(teed_uW, overhead_uW, budget_J):
    watts = (teed_uW + overhead_uW) / 1e6
    days = budget_J / watts / 86400
    return days / 30.4375


my_life_months = battery_life_months(teed_uW=my_teed_uW, overhead_uW=OVERHEAD_UW, budget_J=BUDGET_J)''',
    ],
    "wrong": {
        "the generator's drain left out": {"code": _battery(
            "    return budget_J / (teed_uW * 1e-6) / (30.4375 * 24 * 3600)"), "hint": "no_overhead", "visible": True},
        "µW used as W": {"code": _battery("    return budget_J / (teed_uW + overhead_uW) / (30.4375 * 24 * 3600)"),
                         "hint": "watts", "visible": True},
        "days, not months": {"code": _battery("    return budget_J / ((teed_uW + overhead_uW) * 1e-6) / 86400"),
                             "hint": "days", "visible": True},
        "hard-coded visible answer": {"code": _battery('''    if teed_uW == 450.0:
        return 38.0257053768
    return 1.0'''), "hint": "hint", "visible": False, "why": "it reproduces the visible example"},
    },
}
