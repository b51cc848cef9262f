"""Alternative correct and plausible wrong answers for 01c_rhythm_and_genes (see course/authoring.md)."""


def _kc(body):
    return "def estimate_critical_coupling(couplings, r_values):\n" + body


def _risk(body):
    return "def child_risk_of_unaffected_sibling(penetrance):\n" + body


ANSWERS = {
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
            "rejects the ends of the range (0 and 1)": {
                "hint": "raised:ValueError", "visible": True,
                "code": _risk('''    f = penetrance
    if not 0 < f < 1:
        raise ValueError(f"penetrance must lie strictly between 0 and 1, got {f}")
    return 0.5 * (1 - f) / (2 - f) * f'''),
            },
            "hard-coded visible answer": {
                "hint": "hint", "visible": False, "why": "it reproduces the visible example",
                "code": _risk('''    return 0.0 if penetrance == 1.0 else 0.07150306748466258'''),
            },
        },
    },
}


# --- written answers (graded by people): answers the demo class hands in, and what a grader gave them ---
WRITTEN = {
    "ch1c_written_cerebellum": {
        "alternative": ("Injecting kainate into the cerebellar vermis of mice gives them dystonic postures, so "
                        "the cerebellum can cause dystonia. But that is an injected drug in a mouse, and in people "
                        "we only have scans, which show that the cerebellum is different, not whether it is the "
                        "cause or the brain compensating for something else.", 2.0),
        "weak": ("The cerebellum is involved in dystonia because it controls timing.", 0.0),
    },
    "ch1c_written_stimulation": {
        "alternative": ("The figure shows that whether the model looks desynchronised depends on the phases we "
                        "assume: random phases make R drop, the same phase makes R go to 1, and the 6 Hz rhythm "
                        "disappears either way. It cannot tell us the mechanism of DBS, which is still debated, "
                        "or why patients improve over months while the model changes in milliseconds.", 2.0),
        "weak": ("Stimulation at 130 Hz desynchronises the network, which is how DBS works.", 0.0),
    },
    "ch1c_written_gene": {
        "alternative": ("It is established that the GAG deletion in TOR1A causes the disease and that the mutant "
                        "torsinA binds LAP1 and LULL1 badly, so it loses function. The rest is a hypothesis: "
                        "nobody has shown that torsinA slows receptor trafficking or that scaling is what keeps "
                        "neurons stable, and Zenke argues it is too slow for that anyway. The 1/3 threshold only "
                        "illustrates that a slow brake on a positive feedback is unstable; its value comes from "
                        "rates the course chose, so it predicts nothing about real neurons.", 3.0),
        "weak": ("TOR1A causes slow trafficking, which makes neurons unstable and causes dystonia below 1/3.", 0.5),
    },
}
