"""Alternative correct and plausible wrong answers for 01b_networks (see course/authoring.md)."""

ANSWERS = {
    "ch1b_sici": {
        "hidden": ["ch1b_sici_hidden"],
        "alternatives": [
            '''from scipy.stats import gmean

def strongest_sici(test_mV, conditioned_by_isi):
    ratios = {isi: gmean(c) / gmean(test_mV) for isi, c in conditioned_by_isi.items()}
    isi = min(ratios, key=ratios.get)
    return float(isi), float(100 * (1 - ratios[isi]))''',
        ],
        "wrong": {
            "arithmetic instead of geometric means": '''def strongest_sici(test_mV, conditioned_by_isi):
    ratios = {isi: np.mean(c) / np.mean(test_mV) for isi, c in conditioned_by_isi.items()}
    isi = min(ratios, key=ratios.get)
    return float(isi), float(100 * (1 - ratios[isi]))''',
            "reports the ratio, not the inhibition percent": '''def strongest_sici(test_mV, conditioned_by_isi):
    ratios = {isi: np.exp(np.mean(np.log(c)) - np.mean(np.log(test_mV))) for isi, c in conditioned_by_isi.items()}
    isi = min(ratios, key=ratios.get)
    return float(isi), float(ratios[isi])''',
            "picks the weakest inhibition": '''def strongest_sici(test_mV, conditioned_by_isi):
    ratios = {isi: np.exp(np.mean(np.log(c)) - np.mean(np.log(test_mV))) for isi, c in conditioned_by_isi.items()}
    isi = max(ratios, key=ratios.get)
    return float(isi), float(100 * (1 - ratios[isi]))''',
            "hard-coded visible answer": '''def strongest_sici(test_mV, conditioned_by_isi):
    return (3.0, 75.0)''',
        },
    },
    "ch1b_sigma": {
        "hidden": ["ch1b_sigma_hidden"],
        "alternatives": [
            '''from scipy.optimize import brentq

def max_proprioceptive_sigma(true_angle_deg, sigma_prediction_deg, max_error_deg):
    def excess(sp):
        w = (1 / sp**2) / (1 / sp**2 + 1 / sigma_prediction_deg**2)
        return (1 - w) * true_angle_deg - max_error_deg
    return float(brentq(excess, 1e-9, 1e6, xtol=1e-14, rtol=1e-13))''',
        ],
        "wrong": {
            "weights by 1/σ instead of 1/σ²": '''def max_proprioceptive_sigma(true_angle_deg, sigma_prediction_deg, max_error_deg):
    e = max_error_deg
    return float(sigma_prediction_deg * e / (true_angle_deg - e))''',
            "swaps prediction and proprioception": '''def max_proprioceptive_sigma(true_angle_deg, sigma_prediction_deg, max_error_deg):
    e = max_error_deg
    return float(sigma_prediction_deg * np.sqrt((true_angle_deg - e) / e))''',
            "hard-coded visible answer": '''def max_proprioceptive_sigma(true_angle_deg, sigma_prediction_deg, max_error_deg):
    return 2.0''',
        },
    },
    "ch1b_kc": {
        "hidden": ["ch1b_kc_hidden"],
        "alternatives": [
            '''def estimate_critical_coupling(couplings, r_values):
    estimates = [k - k * r * r for k, r in zip(couplings, r_values) if r >= 0.3]
    return sum(estimates) / len(estimates)''',
        ],
        "wrong": {
            "forgets to square R": '''def estimate_critical_coupling(couplings, r_values):
    k, r = np.asarray(couplings), np.asarray(r_values)
    keep = r >= 0.3
    return float(np.mean(k[keep] * (1 - r[keep])))''',
            "keeps incoherent points too": '''def estimate_critical_coupling(couplings, r_values):
    k, r = np.asarray(couplings), np.asarray(r_values)
    return float(np.mean(k * (1 - r ** 2)))''',
            "converts to Hz": '''def estimate_critical_coupling(couplings, r_values):
    k, r = np.asarray(couplings), np.asarray(r_values)
    keep = r >= 0.3
    return float(np.mean(k[keep] * (1 - r[keep] ** 2)) / (2 * np.pi))''',
            "hard-coded visible answer": '''def estimate_critical_coupling(couplings, r_values):
    return 4.0''',
        },
    },
    "ch1b_risk": {
        "hidden": ["ch1b_risk_hidden"],
        "alternatives": [
            '''def child_risk_of_unaffected_sibling(penetrance):
    f = penetrance
    return (1 - f) / (2 - f) / 2 * f''',
        ],
        "wrong": {
            "no Bayes update for the unaffected sister": '''def child_risk_of_unaffected_sibling(penetrance):
    return 0.5 * 0.5 * penetrance''',
            "carrier probability instead of disease risk": '''def child_risk_of_unaffected_sibling(penetrance):
    f = penetrance
    return 0.5 * (0.5 * (1 - f) / (0.5 * (1 - f) + 0.5))''',
            "hard-coded visible answer": '''def child_risk_of_unaffected_sibling(penetrance):
    return 0.5 * (0.35 / 0.85) * 0.3''',
        },
    },
}
