"""Alternative correct and plausible wrong answers for 03c_dbs_optimization."""

ANSWERS = {
    "ch3c_pulse": {
        "hidden": ["ch3c_pulse_hidden"],
        "alternatives": [
            '''def longest_safe_pulse_width(amplitude_mA, area_cm2=0.0598, limit_uC_per_cm2=30.0, step_us=10):
    pw = 0
    while (amplitude_mA * (pw + step_us) / 1000) / area_cm2 <= limit_uC_per_cm2:
        pw += step_us
    return pw''',
        ],
        "wrong": {
            "rounds to the nearest step (may exceed the limit)": '''def longest_safe_pulse_width(amplitude_mA, area_cm2=0.0598, limit_uC_per_cm2=30.0, step_us=10):
    return int(round(limit_uC_per_cm2 * area_cm2 / amplitude_mA * 1000 / step_us) * step_us)''',
            "area taken in mm²": '''def longest_safe_pulse_width(amplitude_mA, area_cm2=0.0598, limit_uC_per_cm2=30.0, step_us=10):
    return int(limit_uC_per_cm2 * (area_cm2 * 100) / amplitude_mA * 1000 // step_us * step_us)''',
            "hard-coded visible answer": '''def longest_safe_pulse_width(amplitude_mA, area_cm2=0.0598, limit_uC_per_cm2=30.0, step_us=10):
    return 590''',
        },
    },
    "ch3c_battery": {
        "hidden": ["ch3c_battery_hidden"],
        "alternatives": [
            '''def battery_months(amplitude_mA, pulse_width_us, frequency_hz, impedance_ohm, n_leads=2):
    per_lead = dbs.teed_uJ_per_s(amplitude_mA=amplitude_mA, frequency_hz=frequency_hz,
                                 pulse_width_us=pulse_width_us, impedance_ohm=impedance_ohm)
    return dbs.battery_life_months(n_leads * per_lead)

longer_programme = max("AB", key=lambda p: battery_months(*((3.0, 90, 130, 1100) if p == "A" else (2.0, 450, 130, 1100))))''',
        ],
        "wrong": {
            "counts one lead only": '''def battery_months(amplitude_mA, pulse_width_us, frequency_hz, impedance_ohm, n_leads=2):
    w = (amplitude_mA * 1e-3) ** 2 * impedance_ohm * frequency_hz * pulse_width_us * 1e-6 + 50e-6
    return dbs.BATTERY_BUDGET_J / w / dbs.SECONDS_PER_MONTH

longer_programme = "A"''',
            "voltage formula with milliamps (I²/Z)": '''def battery_months(amplitude_mA, pulse_width_us, frequency_hz, impedance_ohm, n_leads=2):
    w = n_leads * amplitude_mA ** 2 / impedance_ohm * frequency_hz * pulse_width_us * 1e-6 + 50e-6
    return dbs.BATTERY_BUDGET_J / w / dbs.SECONDS_PER_MONTH

longer_programme = "A"''',
            "hard-coded visible answer": '''def battery_months(amplitude_mA, pulse_width_us, frequency_hz, impedance_ohm, n_leads=2):
    return dbs.BATTERY_BUDGET_J / ((2 * 3.5e-3**2 * 1000 * 130 * 450e-6) + 50e-6) / dbs.SECONDS_PER_MONTH

longer_programme = "A"''',
        },
    },
    "ch3c_settings": {
        "hidden": ["ch3c_settings_hidden"],
        "alternatives": [
            '''def choose_settings(scenario):
    freq = scenario["frequency_range_hz"][0]
    grid = [(c, a, pw) for c in range(len(scenario["contact_z_mm"])) for pw in (60.0, 70.0, 80.0, 100.0)
            for a in np.arange(0.1, 6.0, 0.05)]
    evals = [(dbs.evaluate_settings({"contact": c, "amplitude_mA": a, "pulse_width_us": pw, "frequency_hz": freq},
                                    scenario), c, a, pw) for c, a, pw in grid]
    best = max(e["coverage"] for e, *_ in evals if e["feasible"])
    ok = [(e["teed_uJ_per_s"], c, a, pw) for e, c, a, pw in evals if e["feasible"] and e["coverage"] >= 0.9 * best]
    _, c, a, pw = min(ok)
    return {"contact": c, "amplitude_mA": float(a), "pulse_width_us": pw, "frequency_hz": freq}''',
        ],
        "wrong": {
            "maximises coverage, ignores energy": '''def choose_settings(scenario):
    freq = scenario["frequency_range_hz"][1]
    best = None
    for c in range(4):
        for pw in (90.0, 210.0, 450.0):
            for a in np.arange(0.5, 6.0, 0.1):
                s = {"contact": c, "amplitude_mA": float(a), "pulse_width_us": pw, "frequency_hz": freq}
                e = dbs.evaluate_settings(s, scenario)
                if e["feasible"] and (best is None or e["coverage"] > best[0]):
                    best = (e["coverage"], s)
    return best[1]''',
            "ignores the side-effect boundaries": '''def choose_settings(scenario):
    return {"contact": 1, "amplitude_mA": 6.0, "pulse_width_us": 90.0, "frequency_hz": 130.0}''',
            "hard-coded visible answer": '''def choose_settings(scenario):
    return {"contact": 1, "amplitude_mA": 3.9, "pulse_width_us": 65.0, "frequency_hz": 100.0}''',
        },
    },
}
