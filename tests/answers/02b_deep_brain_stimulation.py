"""Alternative correct and plausible wrong answers for 02b_deep_brain_stimulation."""

_MY_AMP = '''


my_amplitude_mA = amplitude_for_radius(my_target["radius_mm"], my_target["pulse_width_us"])'''
_AMP = '''def amplitude_for_radius(radius_mm, pulse_width_us):
    e_th = %s
    return float(4 * np.pi * 0.2 * e_th * (radius_mm * 1e-3) ** %s * %s)''' + _MY_AMP

_MY_CHARGE = '''


my_density, my_is_safe = charge_check(my_setting["amplitude_V"], my_setting["impedance_ohm"], my_setting["pulse_width_us"])'''
_CHARGE = '''def charge_check(amplitude_V, impedance_ohm, pulse_width_us, area_cm2=0.0598):
    d = %s
    return d, d <= 30''' + _MY_CHARGE

_MY_SEGMENT = '''


my_segment = segment_check(my_segment_setting["amplitude_mA"], my_segment_setting["pulse_width_us"])'''
_SEGMENT = '''import math

def segment_check(amplitude_mA, pulse_width_us, arc_fraction=0.25, limit_uC_per_cm2=30.0):
    ring = %s
    area = %s
    q = amplitude_mA * pulse_width_us * 1e-3
    d = q / area
    return {"area_cm2": area, "density_uC_per_cm2": d,
            "max_mA_ring": limit_uC_per_cm2 * ring / pulse_width_us * 1e3,
            "max_mA_segment": limit_uC_per_cm2 * area / pulse_width_us * 1e3,
            "shannon_k": %s, "within_limit": d <= limit_uC_per_cm2}''' + _MY_SEGMENT

_MY_BATTERY = "\n\n\nmy_battery = battery_life_ratio(my_setting_pair[0], my_setting_pair[1])"
_BATTERY = '''def battery_life_ratio(setting_a, setting_b, overhead_uW=dbs.DEVICE_OVERHEAD_UW):
    t = lambda s: %s
    ta, tb = t(setting_a), t(setting_b)
    return ta, tb, %s''' + _MY_BATTERY

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
    "ch2b_charge": {
        "hidden": ["ch2b_charge_hidden"],
        "per_student": True,
        "alternatives": [
            '''def charge_check(amplitude_V, impedance_ohm, pulse_width_us, area_cm2=0.0598):
    charge_C = (amplitude_V / impedance_ohm) * (pulse_width_us * 1e-6)
    density = charge_C * 1e6 / area_cm2
    return density, not density > 30''' + _MY_CHARGE,
        ],
        "wrong": {
            "volts used as milliamps (impedance ignored)": {
                "code": _CHARGE % "amplitude_V * pulse_width_us * 1e-3 / area_cm2", "hint": "volts_as_mA",
                "visible": True},
            "area in mm² instead of cm²": {
                "code": _CHARGE % "(amplitude_V / impedance_ohm * 1e3) * pulse_width_us * 1e-3 / (area_cm2 * 100)",
                "hint": "area_mm2", "visible": True},
            "mA × µs taken as µC": {
                "code": _CHARGE % "(amplitude_V / impedance_ohm * 1e3) * pulse_width_us * 1e-6 / area_cm2",
                "hint": "pw_units", "visible": True},
            "area fixed at 0.0598 cm²": {
                "code": _CHARGE % "(amplitude_V / impedance_ohm * 1e3) * pulse_width_us * 1e-3 / 0.0598",
                "hint": "fixed_area", "visible": True},
            "hard-coded visible answer": {
                "code": '''def charge_check(amplitude_V, impedance_ohm, pulse_width_us, area_cm2=0.0598):
    if amplitude_V == 4.2:
        return 39.37500000000001, False
    return 16.856187290969903, True''' + _MY_CHARGE,
                "hint": "hard_coded", "visible": False, "why": "it reproduces the visible examples"},
        },
    },
    "ch2b_directional": {
        "hidden": ["ch2b_directional_hidden"],
        "per_student": True,
        "alternatives": [
            '''def segment_check(amplitude_mA, pulse_width_us, arc_fraction=0.25, limit_uC_per_cm2=30.0):
    area = programming.segment_area_cm2(arc_fraction)
    safety = dbs.charge_safety(amplitude_mA, pulse_width_us, area, limit_uC_per_cm2)
    return {"area_cm2": area, "density_uC_per_cm2": safety["density_uC_per_cm2"],
            "max_mA_ring": programming.max_safe_amplitude_mA(pulse_width_us, dbs.CONTACT_AREA_CM2, limit_uC_per_cm2),
            "max_mA_segment": programming.max_safe_amplitude_mA(pulse_width_us, area, limit_uC_per_cm2),
            "shannon_k": safety["shannon_k"], "within_limit": safety["within_limit"]}''' + _MY_SEGMENT,
        ],
        "wrong": {
            "the segment given the whole ring's area": {
                "code": _SEGMENT % ("math.pi * 0.127 * 0.15", "ring", "math.log10(d) + math.log10(q)"),
                "hint": "ring_area", "visible": True},
            "arc fraction fixed at 0.25": {
                "code": _SEGMENT % ("math.pi * 0.127 * 0.15", "0.25 * ring", "math.log10(d) + math.log10(q)"),
                "hint": "fixed_arc", "visible": True},
            "contact area without π": {
                "code": _SEGMENT % ("0.127 * 0.15", "arc_fraction * ring", "math.log10(d) + math.log10(q)"),
                "hint": "no_pi", "visible": True},
            "Shannon k with natural logarithms": {
                "code": _SEGMENT % ("math.pi * 0.127 * 0.15", "arc_fraction * ring", "math.log(d) + math.log(q)"),
                "hint": "ln_k", "visible": True},
            "Shannon k from the density alone": {
                "code": _SEGMENT % ("math.pi * 0.127 * 0.15", "arc_fraction * ring", "math.log10(d)"),
                "hint": "k_density_only", "visible": True},
            "hard-coded visible answer": {
                "code": '''def segment_check(amplitude_mA, pulse_width_us, arc_fraction=0.25, limit_uC_per_cm2=30.0):
    return {"area_cm2": 0.017954202015265666, "density_uC_per_cm2": 15.595235018628419,
            "max_mA_ring": 22.442752519082084, "max_mA_segment": 6.732825755724625,
            "shannon_k": 0.6401499552590042, "within_limit": amplitude_mA == 3.5}''' + _MY_SEGMENT,
                "hint": "hard_coded", "visible": False, "why": "it reproduces the visible examples"},
        },
    },
    "ch2b_energy": {
        "hidden": ["ch2b_energy_hidden"],
        "per_student": True,
        "alternatives": [
            '''def battery_life_ratio(setting_a, setting_b, overhead_uW=dbs.DEVICE_OVERHEAD_UW):
    teeds = []
    for s in (setting_a, setting_b):
        current = s["voltage_V"] / s["impedance_ohm"]
        teeds.append(current ** 2 * s["impedance_ohm"] * s["frequency_hz"] * s["pulse_width_us"])
    life_a = 1 / (teeds[0] + overhead_uW)
    life_b = 1 / (teeds[1] + overhead_uW)
    return teeds[0], teeds[1], life_a / life_b''' + _MY_BATTERY,
        ],
        "wrong": {
            "ignores the device overhead": {
                "code": _BATTERY % ('s["voltage_V"] ** 2 * s["frequency_hz"] * s["pulse_width_us"] / s["impedance_ohm"]',
                                    "tb / ta"),
                "hint": "no_overhead", "visible": True},
            "impedance in the numerator": {
                "code": _BATTERY % ('s["voltage_V"] ** 2 * s["frequency_hz"] * s["pulse_width_us"] * 1e-6 * s["impedance_ohm"]',
                                    "(tb + overhead_uW) / (ta + overhead_uW)"),
                "hint": "impedance_numerator", "visible": True},
            "ratio inverted (b over a)": {
                "code": _BATTERY % ('s["voltage_V"] ** 2 * s["frequency_hz"] * s["pulse_width_us"] / s["impedance_ohm"]',
                                    "(ta + overhead_uW) / (tb + overhead_uW)"),
                "hint": "inverted", "visible": True},
            "overhead argument ignored": {
                "code": _BATTERY % ('s["voltage_V"] ** 2 * s["frequency_hz"] * s["pulse_width_us"] / s["impedance_ohm"]',
                                    "(tb + dbs.DEVICE_OVERHEAD_UW) / (ta + dbs.DEVICE_OVERHEAD_UW)"),
                "hint": "fixed_overhead", "visible": True},
            "TEED left in watts": {
                "code": _BATTERY % ('s["voltage_V"] ** 2 * s["frequency_hz"] * s["pulse_width_us"] * 1e-6 / s["impedance_ohm"]',
                                    "(tb + overhead_uW) / (ta + overhead_uW)"),
                "hint": "watts", "visible": True},
            "hard-coded visible answer": {
                "code": '''def battery_life_ratio(setting_a, setting_b, overhead_uW=dbs.DEVICE_OVERHEAD_UW):
    return 134.91693913043477, 310.3501304347826, 1.4033717142751576 if overhead_uW == 300.0 else 1.136272872925295''' + _MY_BATTERY,
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
