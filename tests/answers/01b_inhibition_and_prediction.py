"""Alternative correct and plausible wrong answers for 01b_inhibition_and_prediction (see course/authoring.md)."""

_MY_SICI = "\n\nmy_sici = strongest_sici(my_test_mV, my_conditioned_by_isi)\n"


def _sici(body, head="def strongest_sici(test_mV, conditioned_by_isi):\n"):
    return head + body + _MY_SICI


def _ratio_picker(stat, pick="min", report="float(100 * (1 - ratios[isi]))", order="sorted(ratios)"):
    """Each wrong answer makes one mistake: a tie goes to the shorter interval unless ``order`` says otherwise."""
    return _sici(f'''    ratios = {{isi: {stat}(np.asarray(c)) / {stat}(np.asarray(test_mV)) for isi, c in conditioned_by_isi.items()}}
    isi = {pick}({order}, key=ratios.get)
    return float(isi), {report}''')


_GM = "(lambda x: np.exp(np.mean(np.log(x))))"


def _sigma(body):
    return "def max_proprioceptive_sigma(true_angle_deg, sigma_prediction_deg, max_error_deg):\n" + body


ANSWERS = {
    "ch1b_sici": {
        "hidden": ["ch1b_sici_hidden"],
        "per_student": True,
        "alternatives": [
            _sici('''    ratios = {isi: gmean(c) / gmean(test_mV) for isi, c in conditioned_by_isi.items()}
    isi = min(sorted(ratios), key=ratios.get)      # min keeps the first of equal values: the shorter interval
    return float(isi), float(100 * (1 - ratios[isi]))''',
                  head="from scipy.stats import gmean\n\ndef strongest_sici(test_mV, conditioned_by_isi):\n"),
        ],
        "wrong": {
            "arithmetic instead of geometric means": {
                "hint": "arithmetic", "visible": True, "code": _ratio_picker("np.mean"),
            },
            "medians instead of geometric means": {
                "hint": "median", "visible": True, "code": _ratio_picker("np.median"),
            },
            "sqrt of the product as a geometric mean": {
                "hint": "sqrt_product", "visible": True, "code": _ratio_picker("(lambda x: np.sqrt(np.prod(x)))"),
            },
            "reports the ratio, not the inhibition percent": {
                "hint": "ratio", "visible": True, "code": _ratio_picker(_GM, report="float(ratios[isi])"),
            },
            "inhibition as a fraction, not percent": {
                "hint": "fraction", "visible": True, "code": _ratio_picker(_GM, report="float(1 - ratios[isi])"),
            },
            "picks the weakest inhibition": {
                "hint": "weakest", "visible": True, "code": _ratio_picker(_GM, pick="max"),
            },
            "a tie goes to the first interval of the dict, not the shorter one": {
                "hint": "tie_first", "visible": True, "code": _ratio_picker(_GM, order="ratios"),
            },
            "hard-coded visible answer": {
                "hint": "hint", "visible": False, "why": "it reproduces the visible example",
                "code": _sici('''    return (1.0, 52.377968440954014) if 1.0 in conditioned_by_isi else (2.5, 63.29626262089371)'''),
            },
        },
    },
    "ch1b_sigma": {
        "hidden": ["ch1b_sigma_hidden"],
        "per_student": False,
        "why_not_per_student": "a closed-form formula with no data; the hidden checks use new geometries",
        "alternatives": [
            '''from scipy.optimize import brentq

def max_proprioceptive_sigma(true_angle_deg, sigma_prediction_deg, max_error_deg):
    def excess(sp):
        w = (1 / sp**2) / (1 / sp**2 + 1 / sigma_prediction_deg**2)
        return (1 - w) * true_angle_deg - max_error_deg
    return float(brentq(excess, 1e-9, 1e6, xtol=1e-14, rtol=1e-13))''',
        ],
        "wrong": {
            "weights by 1/σ instead of 1/σ²": {
                "hint": "inverse_sigma", "visible": True,
                "code": _sigma('''    e = max_error_deg
    return float(sigma_prediction_deg * e / (true_angle_deg - e))'''),
            },
            "keeps the belief near the prediction instead of the truth": {
                "hint": "swapped", "visible": True,
                "code": _sigma('''    e = max_error_deg
    return float(sigma_prediction_deg * np.sqrt((true_angle_deg - e) / e))'''),
            },
            "returns the variance, not the standard deviation": {
                "hint": "variance", "visible": True,
                "code": _sigma('''    e = max_error_deg
    return float(sigma_prediction_deg ** 2 * e / (true_angle_deg - e))'''),
            },
            "hard-coded visible answer": {
                "hint": "contract", "visible": False, "why": "it reproduces the visible example",
                "code": _sigma('''    return 1.572754809977605'''),
            },
        },
    },
}


# --- written answers (graded by people): answers the demo class hands in, and what a grader gave them ---
WRITTEN = {
    "ch1b_written_sici": {
        "alternative": ("My session shows the strongest inhibition at 2 ms, about 49 %, so a small conditioning "
                        "pulse just before the test pulse roughly halves the MEP, which is the GABA-A type "
                        "inhibition SICI measures. But in the 200 repeated sessions 2 ms and 3 ms each came out "
                        "best about half the time, so 24 pulses cannot tell me which of the two is really the "
                        "deepest; that needs 30 or more pulses and a confidence interval. And one healthy person's "
                        "SICI says nothing about dystonia, because the reduction in dystonia is a group effect that "
                        "Parkinson's disease shows too.", 3.0),
        "weak": ("SICI is strongest at 2 ms with 49 % inhibition. This shows the volunteer has normal inhibition "
                 "and does not have dystonia.", 0.5),
    },
    "ch1b_written_sensing": {
        "alternative": ("That people weight cues by their precision is established, because Ernst and Banks "
                        "measured it for vision and touch, and the worse temporal discrimination is established "
                        "too: Bradley found it in most patients and in about half of their healthy relatives. That "
                        "dystonia comes from too little trust in proprioception is a hypothesis: the sense is "
                        "disturbed, but nobody has shown that this is what keeps the posture wrong. The trick as an "
                        "added touch cue is also a hypothesis, and a shaky one, since in half of the patients the "
                        "muscles relax before the hand even touches the face.", 3.0),
        "weak": ("All four are hypotheses because dystonia is not well understood.", 0.0),
    },
}
