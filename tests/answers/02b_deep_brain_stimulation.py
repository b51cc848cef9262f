"""Alternative correct and plausible wrong answers for 02b_deep_brain_stimulation."""

_MY_AMP = '''


my_amplitude_mA = amplitude_for_radius(my_target["radius_mm"], my_target["pulse_width_us"])'''
_AMP = '''def amplitude_for_radius(radius_mm, pulse_width_us):
    e_th = %s
    return float(4 * np.pi * 0.2 * e_th * (radius_mm * 1e-3) ** %s * %s)''' + _MY_AMP

_MY_CONTACT = '''


my_contact = contact_choice(my_segment_setting["amplitude_mA"], my_segment_setting["pulse_width_us"])'''
_CONTACT = '''def contact_choice(amplitude_mA, pulse_width_us, ring_area_cm2=0.0598, arc_fraction=0.25, limit_uC_per_cm2=30.0):
    q = amplitude_mA * pulse_width_us * %s
    ring = %s
    seg = %s
    d_ring, d_seg = q / ring, q / seg
    if d_seg <= limit_uC_per_cm2:
        verdict = "both"
    elif d_ring <= limit_uC_per_cm2:
        verdict = "ring only"
    else:
        verdict = "neither"
    return {"ring_uC_per_cm2": d_ring, "segment_uC_per_cm2": d_seg,
            "max_segment_mA": limit_uC_per_cm2 * %s / (pulse_width_us * %s), "verdict": verdict}''' + _MY_CONTACT

_MY_BATTERY = "\n\n\nmy_battery = battery_choice(my_setting_pair[0], my_setting_pair[1])"
_BATTERY = '''def battery_choice(setting_a, setting_b, overhead_uW=dbs.DEVICE_OVERHEAD_UW):
    t = lambda s: %s
    ta, tb = t(setting_a), t(setting_b)
    ratio = %s
    return {"teed_a": ta, "teed_b": tb, "life_ratio": ratio, "keep": %s}''' + _MY_BATTERY
_TEED = 's["voltage_V"] ** 2 * s["frequency_hz"] * s["pulse_width_us"] / s["impedance_ohm"]'
_RATIO = "(tb + overhead_uW) / (ta + overhead_uW)"
_KEEP = '"b" if tb < ta else "a"'

_MY_WORKUPS = "\n\n\nmy_workups = [genetic_workup(p) for p in my_clinic]"
_WORKUP = '''def genetic_workup(patient):
    age, region, gene = patient["age_at_onset_years"], patient["onset_region"], patient["gene_found"]
    outlook = {"GCH1": "levodopa", "TOR1A": "good", "KMT2B": "good", "SGCE": "good", "THAP1": "%s", "ATP1A3": "poor"}
    tests = []
    if %s or patient["relative_with_early_onset"]:
        tests.append("TOR1A")
    if region == "cranio-cervical" and (age <= 26 or patient["familial"]):
        tests.append("THAP1")
    if patient["myoclonus"] and age <= 26:
        tests.append("SGCE")
    if gene is not None:
        return {"levodopa_trial": False, "genes_to_test": %s, "dbs_outlook": outlook[gene]}
    return {"levodopa_trial": age <= %s, "genes_to_test": tests, "dbs_outlook": None}''' + _MY_WORKUPS

_E98 = "200.0 * (1 + 98 / pulse_width_us) / (1 + 98 / 90)"

ANSWERS = {
    "ch2b_amplitude": {
        "hidden": ["ch2b_amplitude_hidden"],
        "per_student": True,
        "alternatives": [
            '''def amplitude_for_radius(radius_mm, pulse_width_us):
    # work in mm and V/mm: σ = 0.2 S/m = 2e-4 S/mm; I in A, then mA
    e_th = 0.2 * (1 + 98 / pulse_width_us) / (1 + 98 / 90)
    return 4 * np.pi * 2e-4 * e_th * radius_mm ** 2 * 1000''' + _MY_AMP,
        ],
        "wrong": {
            "ignores strength-duration (threshold fixed at 0.2 V/mm)": {
                "code": _AMP % ("200.0", 2, "1e3"), "hint": "fixed_threshold", "visible": True},
            "returns amperes, not mA": {
                "code": _AMP % (_E98, 2, "1.0"), "hint": "amperes", "visible": True},
            "radius not squared": {
                "code": _AMP % (_E98, 1, "1e3"), "hint": "not_squared", "visible": True},
            "the voltage chronaxie of 64 µs": {
                "code": _AMP % ("200.0 * (1 + 64 / pulse_width_us) / (1 + 64 / 90)", 2, "1e3"),
                "hint": "old_chronaxie", "visible": True},
            "threshold not normalised at 90 µs": {
                "code": _AMP % ("200.0 * (1 + 98 / pulse_width_us)", 2, "1e3"), "hint": "unnormalised", "visible": True},
            "hard-coded visible answer": {
                "code": '''def amplitude_for_radius(radius_mm, pulse_width_us):
    return 3.3520927298596868''' + _MY_AMP,
                "hint": "hard_coded", "visible": False, "why": "it reproduces the visible example"},
        },
    },
    "ch2b_directional": {
        "hidden": ["ch2b_directional_hidden"],
        "per_student": True,
        "alternatives": [
            '''def contact_choice(amplitude_mA, pulse_width_us, ring_area_cm2=0.0598, arc_fraction=0.25, limit_uC_per_cm2=30.0):
    segment_area = ring_area_cm2 * arc_fraction
    on_ring = dbs.charge_density_uC_per_cm2(amplitude_mA, pulse_width_us, ring_area_cm2)
    on_segment = dbs.charge_density_uC_per_cm2(amplitude_mA, pulse_width_us, segment_area)
    if on_ring > limit_uC_per_cm2:
        verdict = "Neither"
    elif on_segment > limit_uC_per_cm2:
        verdict = "ring only "
    else:
        verdict = "both"
    largest = programming.max_safe_amplitude_mA(pulse_width_us, segment_area, limit_uC_per_cm2)
    return dict(ring_uC_per_cm2=on_ring, segment_uC_per_cm2=on_segment, max_segment_mA=largest, verdict=verdict)'''
            + _MY_CONTACT,
        ],
        "wrong": {
            "the segment given the whole ring's area": {
                "code": _CONTACT % ("1e-3", "ring_area_cm2", "ring_area_cm2", "seg", "1e-3"),
                "hint": "ring_area", "visible": True},
            "arc fraction fixed at 0.25": {
                "code": _CONTACT % ("1e-3", "ring_area_cm2", "0.25 * ring_area_cm2", "seg", "1e-3"),
                "hint": "fixed_arc", "visible": True},
            "a segment taken as a third of the ring": {
                "code": _CONTACT % ("1e-3", "ring_area_cm2", "ring_area_cm2 / 3", "seg", "1e-3"),
                "hint": "third", "visible": True},
            "ring area fixed at 0.0598 cm²": {
                "code": _CONTACT % ("1e-3", "0.0598", "arc_fraction * 0.0598", "seg", "1e-3"),
                "hint": "fixed_area", "visible": True},
            "area converted to mm²": {
                "code": _CONTACT % ("1e-3", "ring_area_cm2 * 100", "arc_fraction * ring_area_cm2 * 100", "seg", "1e-3"),
                "hint": "area_mm2", "visible": True},
            "mA × µs taken as µC": {
                "code": _CONTACT % ("1.0", "ring_area_cm2", "arc_fraction * ring_area_cm2", "seg", "1.0"),
                "hint": "pw_units", "visible": True},
            "largest current computed for the ring": {
                "code": _CONTACT % ("1e-3", "ring_area_cm2", "arc_fraction * ring_area_cm2", "ring", "1e-3"),
                "hint": "max_ring", "visible": True},
            "hard-coded visible answer": {
                "code": '''def contact_choice(amplitude_mA, pulse_width_us, ring_area_cm2=0.0598, arc_fraction=0.25, limit_uC_per_cm2=30.0):
    if amplitude_mA == 3.5:
        return {"ring_uC_per_cm2": 4.682274247491639, "segment_uC_per_cm2": 15.607580824972134,
                "max_segment_mA": 6.727499999999998, "verdict": "both"}
    if pulse_width_us == 450.0:
        return {"ring_uC_per_cm2": 37.5, "segment_uC_per_cm2": 150.0,
                "max_segment_mA": 0.9999999999999999, "verdict": "neither"}
    return {"ring_uC_per_cm2": 10.033444816053512, "segment_uC_per_cm2": 40.13377926421405,
            "max_segment_mA": 3.7375000000000003, "verdict": "ring only"}''' + _MY_CONTACT,
                "hint": "hard_coded", "visible": False, "why": "it reproduces the visible examples"},
        },
    },
    "ch2b_energy": {
        "hidden": ["ch2b_energy_hidden"],
        "per_student": True,
        "alternatives": [
            '''def battery_choice(setting_a, setting_b, overhead_uW=dbs.DEVICE_OVERHEAD_UW):
    teeds = []
    for s in (setting_a, setting_b):
        current = s["voltage_V"] / s["impedance_ohm"]
        teeds.append(current ** 2 * s["impedance_ohm"] * s["frequency_hz"] * s["pulse_width_us"])
    life_a = 1 / (teeds[0] + overhead_uW)
    life_b = 1 / (teeds[1] + overhead_uW)
    return {"teed_a": teeds[0], "teed_b": teeds[1], "life_ratio": life_a / life_b,
            "keep": "B" if life_b > life_a else "A"}''' + _MY_BATTERY,
        ],
        "wrong": {
            "ignores the device overhead": {
                "code": _BATTERY % (_TEED, "tb / ta", _KEEP), "hint": "no_overhead", "visible": True},
            "impedance in the numerator": {
                "code": _BATTERY % ('s["voltage_V"] ** 2 * s["frequency_hz"] * s["pulse_width_us"] * 1e-6 * s["impedance_ohm"]',
                                    _RATIO, _KEEP),
                "hint": "impedance_numerator", "visible": True},
            "ratio inverted (b over a)": {
                "code": _BATTERY % (_TEED, "(ta + overhead_uW) / (tb + overhead_uW)", _KEEP),
                "hint": "inverted", "visible": True},
            "overhead argument ignored": {
                "code": _BATTERY % (_TEED, "(tb + dbs.DEVICE_OVERHEAD_UW) / (ta + dbs.DEVICE_OVERHEAD_UW)", _KEEP),
                "hint": "fixed_overhead", "visible": True},
            "TEED left in watts": {
                "code": _BATTERY % ('s["voltage_V"] ** 2 * s["frequency_hz"] * s["pulse_width_us"] * 1e-6 / s["impedance_ohm"]',
                                    _RATIO, _KEEP),
                "hint": "watts", "visible": True},
            "keeps the setting with the lower voltage": {
                "code": _BATTERY % (_TEED, _RATIO, '"b" if setting_b["voltage_V"] < setting_a["voltage_V"] else "a"'),
                "hint": "lower_voltage", "visible": True},
            "changes the setting when the lives are equal": {
                "code": _BATTERY % (_TEED, _RATIO, '"b" if tb <= ta else "a"'),
                "hint": "tie_b", "visible": True},
            "hard-coded visible answer": {
                "code": '''def battery_choice(setting_a, setting_b, overhead_uW=dbs.DEVICE_OVERHEAD_UW):
    keep = "b" if setting_a["pulse_width_us"] > setting_b["pulse_width_us"] else "a"
    ratio = 1.4033717142751576 if overhead_uW == 300.0 else 1.136272872925295
    return {"teed_a": 134.91693913043477, "teed_b": 310.3501304347826, "life_ratio": ratio, "keep": keep}''' + _MY_BATTERY,
                "hint": "hard_coded", "visible": False, "why": "it reproduces the visible examples"},
        },
    },
    "ch2b_daughter": {
        "hidden": ["ch2b_daughter_hidden"],
        "per_student": False,
        "per_student_why": "a pure formula of the penetrance on a fixed pedigree: there are no data to personalise",
        "alternatives": [
            '''def daughter_carrier_probability(penetrance):
    f = penetrance
    # joint over (father, daughter): both carriers, father only, neither
    both = 0.5 * 0.5 * (1 - f) ** 2
    father_only = 0.5 * 0.5 * (1 - f)
    neither = 0.5
    return both / (both + father_only + neither)''',
        ],
        "wrong": {
            "updates only the father": {
                "code": '''def daughter_carrier_probability(penetrance):
    f = penetrance
    return 0.5 * (0.5 * (1 - f) / (0.5 * (1 - f) + 0.5))''', "hint": "father_only", "visible": True},
            "ignores penetrance (Mendel only)": {
                "code": '''def daughter_carrier_probability(penetrance):
    return 0.25''', "hint": "mendel", "visible": True},
            "forgets the ½ from father to daughter": {
                "code": '''def daughter_carrier_probability(penetrance):
    father = genetics.posterior_carrier_probability(0.5, penetrance)
    return genetics.posterior_carrier_probability(father, penetrance)''', "hint": "no_halving", "visible": True},
            "updates only the daughter": {
                "code": '''def daughter_carrier_probability(penetrance):
    return genetics.posterior_carrier_probability(0.25, penetrance)''', "hint": "daughter_only", "visible": True},
            "hard-coded visible answer": {
                "code": '''def daughter_carrier_probability(penetrance):
    return 0.06250000000000001 if penetrance == 0.6 else 0.15360501567398116''',
                "hint": "hard_coded", "visible": False, "why": "it reproduces the visible examples"},
        },
    },
    "ch2b_genes": {
        "hidden": ["ch2b_genes_hidden"],
        "per_student": True,
        "alternatives": [
            '''def genetic_workup(patient):
    if patient["gene_found"]:
        return {"levodopa_trial": False, "genes_to_test": [], "dbs_outlook": genes.dbs_outlook(patient["gene_found"])}
    age = patient["age_at_onset_years"]
    tests = genes.genes_to_test(age, patient["onset_region"], myoclonus=patient["myoclonus"],
                                relative_with_early_onset=patient["relative_with_early_onset"],
                                familial=patient["familial"])
    return {"levodopa_trial": age <= genes.EARLY_ONSET_MAX_YEARS, "genes_to_test": tests, "dbs_outlook": None}''' + _MY_WORKUPS,
        ],
        "wrong": {
            "levodopa trial only for childhood onset": {
                "code": _WORKUP % ("variable", 'region == "limb" and age < 30', "[]", 12),
                "hint": "childhood_only", "visible": True},
            "TOR1A also at a limb onset of exactly 30": {
                "code": _WORKUP % ("variable", 'region == "limb" and age <= 30', "[]", 26),
                "hint": "boundary_30", "visible": True},
            "TOR1A for any early onset, whatever the region": {
                "code": _WORKUP % ("variable", "age < 30", "[]", 26),
                "hint": "tor1a_any_region", "visible": True},
            "THAP1 taken for a good DBS responder": {
                "code": _WORKUP % ("good", 'region == "limb" and age < 30', "[]", 26),
                "hint": "thap1_good", "visible": True},
            "genes tested although the result is known": {
                "code": _WORKUP % ("variable", 'region == "limb" and age < 30', "tests", 26),
                "hint": "tests_after_result", "visible": True},
            "hard-coded visible answer": {
                "code": '''def genetic_workup(patient):
    answers = {26.0: (True, ["THAP1"], None), 30.0: (False, [], None), 14.0: (True, ["SGCE"], None),
               9.0: (False, [], "variable"), 45.0: (False, ["TOR1A"], None), 7.0: (False, [], "levodopa")}
    trial, tests, outlook = answers.get(patient["age_at_onset_years"], (False, [], "variable"))
    return {"levodopa_trial": trial, "genes_to_test": tests, "dbs_outlook": outlook}''' + _MY_WORKUPS,
                "hint": "hard_coded", "visible": False, "why": "it reproduces the visible examples"},
        },
    },
}


WRITTEN = {
    "ch2b_written_evidence": {
        "alternative": ("(a) Established: the 4-12 Hz pallidal activity has been recorded falling during DBS in patients "
                        "(Barow 2014), even if nobody agrees yet on why. (b) Only half of it is established: the slow "
                        "improvement over months is what the trials saw, but the idea that rewiring of the network "
                        "explains it has not been tested directly. (c) Open: 60 Hz worked in one centre's patients "
                        "and looked as good as 130 Hz in a series that was not randomised, so nobody has compared "
                        "them fairly.", 3.0),
        "weak": ("All three are established because they come from published studies of DBS in dystonia.", 0.0),
    },
}
