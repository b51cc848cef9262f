"""Alternative correct and plausible wrong answers for quiz_1 (Chapter 1's pre-class quiz).

Choice questions: "the student chose option k" is written ``G.choice_letter(gid, k, n)``, the letter of
option k for whichever student runs it.  The numeric question's answers compute their ``my_...`` value
from the student's own data cell, so each is right (or wrong) for whichever student runs it.
"""
from answer_registry import reading_entry as _reading_entry   # tools/answer_registry.py


ANSWERS = {}
ANSWERS['quiz1_q1'] = _reading_entry('quiz1_q1', 'q1', 4, 'ambiguous',
                                 ['diagnostic', 'ambiguous', 'spasticity', 'electrode'])
ANSWERS['quiz1_q2'] = _reading_entry('quiz1_q2', 'q2', 4, 'rigidity',
                                 ['spasticity', 'dystonia', 'chorea', 'rigidity'])
ANSWERS['quiz1_q3'] = _reading_entry('quiz1_q3', 'q3', 4, 'weak_surround',
                                 ['weak_surround', 'strong_centre', 'order', 'gpi_high'])
ANSWERS['quiz1_q4'] = _reading_entry('quiz1_q4', 'q4', 4, 'open',
                                 ['bg_proven', 'normal', 'open', 'spinal'])
ANSWERS['quiz1_q5'] = _reading_entry('quiz1_q5', 'q5', 4, 'debated',
                                 ['established', 'task', 'practice', 'debated'])
ANSWERS['quiz1_q6'] = _reading_entry('quiz1_q6', 'q6', 4, 'skew',
                                 ['negative', 'skew', 'fewer', 'gaba'])
ANSWERS['quiz1_q7'] = _reading_entry('quiz1_q7', 'q7', 4, 'before_touch',
                                 ['light', 'shared', 'tdt', 'before_touch'])
ANSWERS['quiz1_q8'] = _reading_entry('quiz1_q8', 'q8', 4, 'phases',
                                 ['phases', 'recordings', 'slow', 'frequency'])
ANSWERS['quiz1_q9'] = _reading_entry('quiz1_q9', 'q9', 4, 'binding',
                                 ['gain', 'binding', 'reversed', 'penetrance'])

# --- Question 10: the geometric mean -----------------------------------------------------------
_RATIO = '''

my_sici_ratio = geometric_mean_mV(my_session["sici_mV"]) / geometric_mean_mV(my_session["test_rest_mV"])'''


def _gm(body):
    return "def geometric_mean_mV(meps_mV):\n" + body + _RATIO


ANSWERS["quiz1_gm"] = {
    "hidden": ["quiz1_gm_hidden"],
    "per_student": True,
    "alternatives": [
        '''def geometric_mean_mV(meps_mV):
    logs = np.log(meps_mV)
    return float(np.exp(logs.sum() / len(logs)))


my_sici_ratio = float(np.exp(np.log(my_session["sici_mV"]).mean() - np.log(my_session["test_rest_mV"]).mean()))''',
    ],
    "wrong": {
        "the arithmetic mean": {"code": _gm("    return float(np.mean(meps_mV))"), "hint": "arithmetic",
                                "visible": True},
        "the median": {"code": _gm("    return float(np.median(meps_mV))"), "hint": "median", "visible": True},
        "sqrt of the product (two values only)": {"code": _gm("    return float(np.sqrt(np.prod(meps_mV)))"),
                                                  "hint": "sqrt_product", "visible": True},
        "the mean of the logs, not turned back": {"code": _gm("    return float(np.mean(np.log(meps_mV)))"),
                                                  "hint": "log_mean", "visible": True},
        "hard-coded visible answer": {"code": _gm('''    if len(meps_mV) == 7:
        return 0.833217538129
    return 1.0'''), "hint": "hint", "visible": False, "why": "it reproduces the visible example"},
    },
}
