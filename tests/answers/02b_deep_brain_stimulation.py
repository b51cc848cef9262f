"""Alternative correct and plausible wrong answers for 02b_deep_brain_stimulation."""

ANSWERS = {
    "ch2b_amplitude": {
        "hidden": ["ch2b_amplitude_hidden"],
        "alternatives": [
            '''def amplitude_for_radius(radius_mm, pulse_width_us):
    # work in mm and V/mm: σ = 0.2 S/m = 2e-4 S/mm; I in A, then mA
    e_th = 0.2 * (1 + 64 / pulse_width_us) / (1 + 64 / 90)
    return 4 * np.pi * 2e-4 * e_th * radius_mm ** 2 * 1000''',
        ],
        "wrong": {
            "ignores strength-duration (threshold fixed at 0.2 V/mm)": '''def amplitude_for_radius(radius_mm, pulse_width_us):
    return float(4 * np.pi * 0.2 * 200.0 * (radius_mm * 1e-3) ** 2 * 1e3)''',
            "returns amperes, not mA": '''def amplitude_for_radius(radius_mm, pulse_width_us):
    e_th = 200.0 * (1 + 64 / pulse_width_us) / (1 + 64 / 90)
    return float(4 * np.pi * 0.2 * e_th * (radius_mm * 1e-3) ** 2)''',
            "radius not squared": '''def amplitude_for_radius(radius_mm, pulse_width_us):
    e_th = 200.0 * (1 + 64 / pulse_width_us) / (1 + 64 / 90)
    return float(4 * np.pi * 0.2 * e_th * (radius_mm * 1e-3) * 1e3)''',
            "hard-coded visible answer": '''def amplitude_for_radius(radius_mm, pulse_width_us):
    return 4 * np.pi * 0.2 * 200.0 * 0.002 ** 2 * 1e3''',
        },
    },
    "ch2b_charge": {
        "hidden": ["ch2b_charge_hidden"],
        "alternatives": [
            '''def charge_check(amplitude_V, impedance_ohm, pulse_width_us, area_cm2=0.0598):
    charge_C = (amplitude_V / impedance_ohm) * (pulse_width_us * 1e-6)
    density = charge_C * 1e6 / area_cm2
    return density, not density > 30''',
        ],
        "wrong": {
            "volts used as milliamps (impedance ignored)": '''def charge_check(amplitude_V, impedance_ohm, pulse_width_us, area_cm2=0.0598):
    d = amplitude_V * pulse_width_us * 1e-3 / area_cm2
    return d, d <= 30''',
            "area in mm² instead of cm²": '''def charge_check(amplitude_V, impedance_ohm, pulse_width_us, area_cm2=0.0598):
    d = (amplitude_V / impedance_ohm * 1e3) * pulse_width_us * 1e-3 / (area_cm2 * 100)
    return d, d <= 30''',
            "hard-coded visible answer": '''def charge_check(amplitude_V, impedance_ohm, pulse_width_us, area_cm2=0.0598):
    return 0.27 / 0.0598, True''',
        },
    },
    "ch2b_energy": {
        "hidden": ["ch2b_energy_hidden"],
        "alternatives": [
            '''def battery_life_ratio(setting_a, setting_b, overhead_uW=50.0):
    teeds = []
    for s in (setting_a, setting_b):
        current = s["voltage_V"] / s["impedance_ohm"]
        teeds.append(current ** 2 * s["impedance_ohm"] * s["frequency_hz"] * s["pulse_width_us"])
    life_a = 1 / (teeds[0] + overhead_uW)
    life_b = 1 / (teeds[1] + overhead_uW)
    return teeds[0], teeds[1], life_a / life_b''',
        ],
        "wrong": {
            "ignores the electronics overhead": '''def battery_life_ratio(setting_a, setting_b, overhead_uW=50.0):
    t = lambda s: s["voltage_V"] ** 2 * s["frequency_hz"] * s["pulse_width_us"] / s["impedance_ohm"]
    return t(setting_a), t(setting_b), t(setting_b) / t(setting_a)''',
            "impedance in the numerator": '''def battery_life_ratio(setting_a, setting_b, overhead_uW=50.0):
    t = lambda s: s["voltage_V"] ** 2 * s["frequency_hz"] * s["pulse_width_us"] * 1e-6 * s["impedance_ohm"]
    return t(setting_a), t(setting_b), (t(setting_b) + overhead_uW) / (t(setting_a) + overhead_uW)''',
            "ratio inverted (b over a)": '''def battery_life_ratio(setting_a, setting_b, overhead_uW=50.0):
    t = lambda s: s["voltage_V"] ** 2 * s["frequency_hz"] * s["pulse_width_us"] / s["impedance_ohm"]
    return t(setting_a), t(setting_b), (t(setting_a) + overhead_uW) / (t(setting_b) + overhead_uW)''',
            "hard-coded visible answer": '''def battery_life_ratio(setting_a, setting_b, overhead_uW=50.0):
    return 155.15448, 356.90265, 406.90265 / 205.15448''',
        },
    },
    "ch2b_daughter": {
        "hidden": ["ch2b_daughter_hidden"],
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
            "updates only the father": '''def daughter_carrier_probability(penetrance):
    f = penetrance
    return 0.5 * (0.5 * (1 - f) / (0.5 * (1 - f) + 0.5))''',
            "ignores penetrance (Mendel only)": '''def daughter_carrier_probability(penetrance):
    return 0.25''',
            "hard-coded visible answer": '''def daughter_carrier_probability(penetrance):
    return 0.49 / (0.49 + 2.7)''',
        },
    },
}
