"""Alternative correct and plausible wrong answers for quiz_2 (Chapter 2's pre-class quiz).

Choice questions: "the student chose option k" is written ``G.choice_letter(gid, k, n)``, the letter of
option k for whichever student runs it.  The numeric question's answers compute their ``my_...`` value
from the student's own data cell, so each is right (or wrong) for whichever student runs it.
"""
from answer_registry import reading_entry as _reading_entry   # tools/answer_registry.py


ANSWERS = {}
ANSWERS['quiz2_q1'] = _reading_entry('quiz2_q1', 'q1', 4, 'onset',
                                 ['now', 'segmental', 'generalized', 'onset'])
ANSWERS['quiz2_q2'] = _reading_entry('quiz2_q2', 'q2', 4, 'isolated',
                                 ['isolated', 'combined', 'acquired', 'neither'])
ANSWERS['quiz2_q3'] = _reading_entry('quiz2_q3', 'q3', 4, 'levodopa',
                                 ['toxin', 'levodopa', 'dbs', 'lesion'])
ANSWERS['quiz2_q4'] = _reading_entry('quiz2_q4', 'q4', 4, 'within_error',
                                 ['important', 'real_small', 'within_error', 'percent'])
ANSWERS['quiz2_q5'] = _reading_entry('quiz2_q5', 'q5', 4, 'snap25',
                                 ['receptor', 'fibre', 'snap25', 'death'])
ANSWERS['quiz2_q6'] = _reading_entry('quiz2_q6', 'q6', 4, 'range',
                                 ['same', 'protein', 'third', 'range'])
ANSWERS['quiz2_q7'] = _reading_entry('quiz2_q7', 'q7', 4, 'antibodies',
                                 ['antibodies', 'review_first', 'booster', 'dbs'])
ANSWERS['quiz2_q8'] = _reading_entry('quiz2_q8', 'q8', 4, 'shannon',
                                 ['heat', 'shannon', 'impedance', 'same'])
ANSWERS['quiz2_q9'] = _reading_entry('quiz2_q9', 'q9', 4, 'prognosis',
                                 ['first', 'prognosis', 'nothing', 'thap1'])

# --- Question 10: the MDC ----------------------------------------------------------------------
_MDC_OWN = '''

my_mdc_points = mdc95_points(my_sd_points, my_icc)'''


def _mdc(body):
    return "def mdc95_points(sd_points, icc):\n" + body + _MDC_OWN


ANSWERS["quiz2_mdc"] = {
    "hidden": ["quiz2_mdc_hidden"],
    "per_student": True,
    "alternatives": [
        '''def mdc95_points(sd_points, icc):
    standard_error = sd_points * (1 - icc) ** 0.5
    return 1.96 * 2 ** 0.5 * standard_error


my_mdc_points = mdc95_points(sd_points=my_sd_points, icc=my_icc)''',
    ],
    "wrong": {
        "no sqrt(2) for the difference of two ratings": {"code": _mdc("    return 1.96 * sd_points * np.sqrt(1 - icc)"),
                                                         "hint": "no_sqrt2", "visible": True},
        "the SEM itself": {"code": _mdc("    return sd_points * np.sqrt(1 - icc)"), "hint": "sem_only",
                           "visible": True},
        "sqrt(ICC) instead of sqrt(1 - ICC)": {"code": _mdc("    return 1.96 * np.sqrt(2) * sd_points * np.sqrt(icc)"),
                                               "hint": "icc_not_one_minus", "visible": True},
        "hard-coded visible answer": {"code": _mdc('''    if sd_points == 8.4:
        return 9.8784
    return 1.0'''), "hint": "hint", "visible": False, "why": "it reproduces the visible example"},
    },
}

# --- Question 11: the charge density -----------------------------------------------------------
_DENSITY_OWN = '''

my_density = charge_density_uC_per_cm2(my_amplitude_mA, my_pulse_width_us, my_area_cm2)'''


def _density(body):
    return "def charge_density_uC_per_cm2(amplitude_mA, pulse_width_us, area_cm2):\n" + body + _DENSITY_OWN


ANSWERS["quiz2_density"] = {
    "hidden": ["quiz2_density_hidden"],
    "per_student": True,
    "alternatives": [
        '''def charge_density_uC_per_cm2(amplitude_mA, pulse_width_us, area_cm2):
    charge_C = (amplitude_mA / 1000) * (pulse_width_us / 1e6)
    return charge_C * 1e6 / area_cm2


my_density = charge_density_uC_per_cm2(my_amplitude_mA, my_pulse_width_us, my_area_cm2)''',
    ],
    "wrong": {
        "nC, not µC (no division by 1000)": {"code": _density("    return amplitude_mA * pulse_width_us / area_cm2"),
                                             "hint": "nanocoulombs", "visible": True},
        "the charge, not divided by the area": {"code": _density("    return amplitude_mA * pulse_width_us / 1000"),
                                                "hint": "charge_only", "visible": True},
        "coulombs (A x s)": {"code": _density("    return (amplitude_mA / 1000) * (pulse_width_us / 1e6) / area_cm2"),
                             "hint": "coulombs", "visible": True},
        "hard-coded visible answer": {"code": _density('''    if amplitude_mA == 3.2:
        return 6.95652173913
    return 1.0'''), "hint": "hint", "visible": False, "why": "it reproduces the visible example"},
    },
}
