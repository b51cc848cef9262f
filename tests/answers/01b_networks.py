"""Alternative correct and plausible wrong answers for 01b_networks (see course/authoring.md)."""

_MY_SICI = "\n\nmy_sici = strongest_sici(my_test_mV, my_conditioned_by_isi)\n"


def _sici(body, head="def strongest_sici(test_mV, conditioned_by_isi):\n"):
    return head + body + _MY_SICI


def _ratio_picker(stat, pick="min", report="float(100 * (1 - ratios[isi]))"):
    return _sici(f'''    ratios = {{isi: {stat}(np.asarray(c)) / {stat}(np.asarray(test_mV)) for isi, c in conditioned_by_isi.items()}}
    isi = {pick}(ratios, key=ratios.get)
    return float(isi), {report}''')


_GM = "(lambda x: np.exp(np.mean(np.log(x))))"


def _sigma(body):
    return "def max_proprioceptive_sigma(true_angle_deg, sigma_prediction_deg, max_error_deg):\n" + body


def _kc(body):
    return "def estimate_critical_coupling(couplings, r_values):\n" + body


def _risk(body):
    return "def child_risk_of_unaffected_sibling(penetrance):\n" + body


ANSWERS = {
    "ch1b_sici": {
        "hidden": ["ch1b_sici_hidden"],
        "per_student": True,
        "alternatives": [
            _sici('''    ratios = {isi: gmean(c) / gmean(test_mV) for isi, c in conditioned_by_isi.items()}
    isi = min(ratios, key=ratios.get)
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
            "hard-coded visible answer": {
                "hint": "contract", "visible": False, "why": "it reproduces the visible example",
                "code": _sici('''    return (2.5, 63.29626262089371)'''),
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
    "ch1b_kc": {
        "hidden": ["ch1b_kc_hidden"],
        "per_student": False,
        "why_not_per_student": ("the data come from a network simulation that takes about a second, too slow for a "
                                "student-data cell (< 50 ms); the hidden checks use the model's data and new data sets"),
        "alternatives": [
            _kc('''    estimates = [k - k * r * r for k, r in zip(couplings, r_values) if r >= 0.3]
    return sum(estimates) / len(estimates)'''),
        ],
        "wrong": {
            "drops the point exactly at R = 0.3": {
                "hint": "strict", "visible": True,
                "code": _kc('''    k, r = np.asarray(couplings), np.asarray(r_values)
    keep = r > 0.3
    return float(np.mean(k[keep] * (1 - r[keep] ** 2)))'''),
            },
            "keeps incoherent points too": {
                "hint": "all_points", "visible": True,
                "code": _kc('''    k, r = np.asarray(couplings), np.asarray(r_values)
    return float(np.mean(k * (1 - r ** 2)))'''),
            },
            "forgets to square R": {
                "hint": "no_square", "visible": True,
                "code": _kc('''    k, r = np.asarray(couplings), np.asarray(r_values)
    keep = r >= 0.3
    return float(np.mean(k[keep] * (1 - r[keep])))'''),
            },
            "converts to Hz": {
                "hint": "hz", "visible": True,
                "code": _kc('''    k, r = np.asarray(couplings), np.asarray(r_values)
    keep = r >= 0.3
    return float(np.mean(k[keep] * (1 - r[keep] ** 2)) / (2 * np.pi))'''),
            },
            "solves once at the mean K and mean R": {
                "hint": "mean_first", "visible": True,
                "code": _kc('''    k, r = np.asarray(couplings), np.asarray(r_values)
    keep = r >= 0.3
    return float(np.mean(k[keep]) * (1 - np.mean(r[keep]) ** 2))'''),
            },
            "hard-coded visible answer": {
                "hint": "hint", "visible": False, "why": "it reproduces the visible example",
                "code": _kc('''    return 5.29223'''),
            },
        },
    },
    "ch1b_risk": {
        "hidden": ["ch1b_risk_hidden"],
        "per_student": False,
        "why_not_per_student": "a formula of the penetrance with no data; the hidden checks use other penetrances",
        "alternatives": [
            _risk('''    f = penetrance
    return (1 - f) / (2 - f) / 2 * f'''),
        ],
        "wrong": {
            "no Bayes update for the unaffected sister": {
                "hint": "no_bayes", "visible": True,
                "code": _risk('''    return 0.5 * 0.5 * penetrance'''),
            },
            "carrier probability instead of disease risk": {
                "hint": "carrier_not_risk", "visible": True,
                "code": _risk('''    f = penetrance
    return 0.5 * (0.5 * (1 - f) / (0.5 * (1 - f) + 0.5))'''),
            },
            "Bayes step with the helper's default penetrance": {
                "hint": "default_penetrance", "visible": True,
                "code": _risk('''    return 0.5 * genetics.posterior_carrier_probability(0.5) * penetrance'''),
            },
            "forgets the factor ½ for transmission": {
                "hint": "no_transmission", "visible": True,
                "code": _risk('''    f = penetrance
    return 0.5 * (1 - f) / (0.5 * (1 - f) + 0.5) * f'''),
            },
            "hard-coded visible answer": {
                "hint": "hint", "visible": False, "why": "it reproduces the visible example",
                "code": _risk('''    return 0.07150306748466258'''),
            },
        },
    },
}
