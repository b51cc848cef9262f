"""Alternative correct and plausible wrong answers for 03c_dbs_optimization.

Every answer computes its ``my_...`` values from the student's own data (``my_programmes``,
``my_lead``), so each is right (or wrong) for whichever student runs it.
"""
from answer_registry import reading_entry as _reading_entry   # tools/answer_registry.py

# --- Problem 1: the longest safe pulse -----------------------------------------------------------
def _pulse(body):
    return "def longest_safe_pulse_width(amplitude_mA, area_cm2=0.0598, limit_uC_per_cm2=30.0, step_us=10):\n" + body


# --- Problem 2: battery --------------------------------------------------------------------------
_BATTERY_OWN = '''

my_battery = {k: battery_months(my_programmes[k]["amplitude_mA"], my_programmes[k]["pulse_width_us"],
                                my_programmes[k]["frequency_hz"], my_programmes["impedance_ohm"]) for k in ("A", "B")}
longer_programme = "A" if my_battery["A"] > my_battery["B"] else "B"'''


def _battery(teed="(amplitude_mA * 1e-3) ** 2 * impedance_ohm * frequency_hz * pulse_width_us",
             leads="n_leads", overhead="dbs.DEVICE_OVERHEAD_UW", per=""):
    return f'''def battery_months(amplitude_mA, pulse_width_us, frequency_hz, impedance_ohm, n_leads=2):
    teed_uW = {teed}
    watts = ({leads} * teed_uW + {overhead}) * 1e-6
    return float(dbs.BATTERY_BUDGET_J / watts / dbs.SECONDS_PER_MONTH{per})''' + _BATTERY_OWN


# --- Problem 3: the review -----------------------------------------------------------------------
_REVIEW_OWN = '''

my_review = review_lead(my_lead)'''


def _review(status="['low' if z < 500 else 'high' if z > 1500 else 'normal' for z in scenario['impedance_ohm']]",
            distance="min(a + b * z_mm, z_mm + scenario['optic_tract_below_tip_mm'])", pw="pulse_width_us",
            amplitude="max(th - margin_V / z_ohm * 1e3, 0.0)", key="(round(ev['coverage'], 9), -ev['teed_uJ_per_s'])",
            pick="max(options) if options else (None, None, 0.0)"):
    return f'''def review_lead(scenario, pulse_width_us=60.0, margin_V=0.5):
    status = {status}
    a, b = scenario["capsule_distance_mm"]
    e_th = dbs.threshold_field_V_per_mm({pw}) * 1e3
    thresholds, options = [], []
    for c, (z_mm, z_ohm) in enumerate(zip(scenario["contact_z_mm"], scenario["impedance_ohm"])):
        r = {distance} * 1e-3
        th = 4 * np.pi * dbs.TISSUE_CONDUCTIVITY_S_PER_M * e_th * r ** 2 * 1e3
        thresholds.append(float(th))
        amp = {amplitude}
        ev = dbs.evaluate_settings({{"contact": c, "amplitude_mA": amp, "pulse_width_us": pulse_width_us,
                                    "frequency_hz": 130.0}}, scenario)
        if status[c] == "normal" and ev["feasible"]:
            options.append(({key}, c, float(amp)))
    _, contact, amplitude = {pick}
    return {{"impedance_status": status, "threshold_mA": thresholds, "contact": contact, "amplitude_mA": amplitude}}''' \
        + _REVIEW_OWN


# --- Problem 4: the optimisation -----------------------------------------------------------------
_SETTINGS_OWN = '''

my_settings = choose_settings(my_lead)
my_teed_uJ_per_s = dbs.evaluate_settings(my_settings, my_lead)["teed_uJ_per_s"]'''


def _settings(freq='scenario["frequency_range_hz"][0]', use_contact='500.0 <= scenario["impedance_ohm"][c] <= 1500.0',
              side_effects=True, energy=True):
    limits = ('(density <= scenario["limit_uC_per_cm2"]) & (radius <= a + b * z) & '
              '(radius <= z + scenario["optic_tract_below_tip_mm"])') if side_effects else \
        '(density <= scenario["limit_uC_per_cm2"])'
    pick = ('np.where(good, teed, np.inf)' if energy else 'np.where(good, -cov, np.inf)')
    return f'''def choose_settings(scenario):
    amps = np.arange(0.1, 6.0 + 1e-9, 0.02)
    pws = np.arange(60.0, 450.0 + 1e-9, 5.0)
    A, PW = np.meshgrid(amps, pws, indexing="ij")
    freq = {freq}
    radius = dbs.activation_radius_mm(A, PW)
    density = A * PW * 1e-3 / scenario["area_cm2"]
    tx, tz = scenario["target_center_mm"]
    a, b = scenario["capsule_distance_mm"]
    options = []
    for c, z in enumerate(scenario["contact_z_mm"]):
        if not ({use_contact}):
            continue
        ok = {limits}
        cov = dbs.sphere_overlap_fraction(radius, scenario["target_radius_mm"], np.hypot(tx, tz - z))
        teed = (A * 1e-3) ** 2 * scenario["impedance_ohm"][c] * freq * PW
        options.append((c, ok, cov, teed))
    best = max(float(np.max(np.where(ok, cov, 0))) for _, ok, cov, _ in options)
    choice = None
    for c, ok, cov, teed in options:
        good = ok & (cov >= 0.9 * best + 1e-9)
        if good.any():
            score = {pick}
            i = np.unravel_index(np.argmin(score), teed.shape)
            if choice is None or score[i] < choice[0]:
                choice = (score[i], c, float(A[i]), float(PW[i]))
    _, c, amp, pw = choice
    return {{"contact": int(c), "amplitude_mA": amp, "pulse_width_us": pw, "frequency_hz": float(freq)}}''' + _SETTINGS_OWN


ANSWERS = {
    "ch3c_pulse": {
        "hidden": ["ch3c_pulse_hidden"],
        "per_student": False,
        "per_student_why": "a formula with no patient data; it is checked on many currents, areas, limits and steps",
        "alternatives": [
            _pulse('''    charge_uC = limit_uC_per_cm2 * area_cm2
    longest_us = charge_uC / amplitude_mA * 1000.0
    return int(step_us * (longest_us // step_us))'''),
            '''import math

def longest_safe_pulse_width(amplitude_mA, area_cm2=0.0598, limit_uC_per_cm2=30.0, step_us=10):
    charge_nC = limit_uC_per_cm2 * area_cm2 * 1000.0          # the largest charge per phase, nC = mA x µs
    return int(step_us * math.floor(charge_nC / amplitude_mA / step_us + 1e-9))''',
            _pulse('''    width = 0
    while amplitude_mA * (width + step_us) / 1000.0 / area_cm2 <= limit_uC_per_cm2:
        width += step_us
    return width'''),
        ],
        "wrong": {
            "rounded to the nearest step": {"code": _pulse('''    return int(round(limit_uC_per_cm2 * area_cm2 / amplitude_mA * 1e3 / step_us) * step_us)'''),
                                            "hint": "rounds_to_nearest", "visible": True},
            "strictly below the limit (the exact limit lost)": {
                "code": _pulse('''    return int((np.ceil(limit_uC_per_cm2 * area_cm2 / amplitude_mA * 1e3 / step_us) - 1) * step_us)'''),
                "hint": "strictly_below", "visible": True},
            "the step ignored (always 10 µs)": {
                "code": _pulse('''    return int(np.floor(limit_uC_per_cm2 * area_cm2 / amplitude_mA * 1e3 / 10) * 10)'''),
                "hint": "step_ignored", "visible": True},
            "the ring's area whatever area_cm2 says": {
                "code": _pulse('''    return int(np.floor(limit_uC_per_cm2 * dbs.CONTACT_AREA_CM2 / amplitude_mA * 1e3 / step_us) * step_us)'''),
                "hint": "default_area", "visible": True},
            "µC / mA taken as µs": {"code": _pulse('''    return int(np.floor(limit_uC_per_cm2 * area_cm2 / amplitude_mA / step_us) * step_us)'''),
                                   "hint": "units", "visible": True},
            "hard-coded visible answer": {"code": _pulse('''    return {3.0: 590, 2.5: 750, 2.2: 680, 1.6: 280}.get(amplitude_mA, 500)'''), "hint": "hint",
                                          "visible": False, "why": "it reproduces the visible example"},
        },
    },
    "ch3c_battery": {
        "hidden": ["ch3c_battery_hidden"],
        "per_student": True,
        "alternatives": [
            '''def battery_months(amplitude_mA, pulse_width_us, frequency_hz, impedance_ohm, n_leads=2):
    current_A, width_s = amplitude_mA / 1000.0, pulse_width_us / 1e6
    delivered_W = n_leads * current_A ** 2 * impedance_ohm * frequency_hz * width_s
    drain_W = delivered_W + dbs.DEVICE_OVERHEAD_UW / 1e6
    seconds = dbs.BATTERY_BUDGET_J / drain_W
    return seconds / dbs.SECONDS_PER_MONTH''' + _BATTERY_OWN,
        ],
        "wrong": {
            "the old 50 µW overhead": {"code": _battery(overhead="50.0"), "hint": "old_overhead", "visible": True},
            "no overhead": {"code": _battery(overhead="0.0"), "hint": "no_overhead", "visible": True},
            "one lead only": {"code": _battery(leads="1"), "hint": "one_lead", "visible": True},
            "always two leads": {"code": _battery(leads="2"), "hint": "two_leads_always", "visible": True},
            "the voltage-mode formula with mA as volts": {
                "code": _battery(teed="amplitude_mA ** 2 * frequency_hz * pulse_width_us / impedance_ohm"),
                "hint": "voltage_formula", "visible": True},
            "years instead of months": {"code": _battery(per=" / 12"), "hint": "years", "visible": True},
            "hard-coded visible answer": {"code": '''def battery_months(amplitude_mA, pulse_width_us, frequency_hz, impedance_ohm, n_leads=2):
    return {3.2: VISIBLE_A, 2.4: VISIBLE_B}.get(amplitude_mA, 40.0)''' + _BATTERY_OWN, "hint": "hint", "visible": False,
                                          "why": "it reproduces the visible example"},
        },
    },
    "ch3c_review": {
        "hidden": ["ch3c_review_hidden"],
        "per_student": True,
        "alternatives": [
            '''from scipy.optimize import brentq

def review_lead(scenario, pulse_width_us=60.0, margin_V=0.5):
    status = [programming.impedance_status(z) for z in scenario["impedance_ohm"]]
    a, b = scenario["capsule_distance_mm"]
    rows, thresholds = [], []
    for c, z_mm in enumerate(scenario["contact_z_mm"]):
        reach = min(a + b * z_mm, z_mm + scenario["optic_tract_below_tip_mm"])
        th = brentq(lambda i: dbs.activation_radius_mm(i, pulse_width_us) - reach, 1e-6, 100.0, xtol=1e-12)
        thresholds.append(th)
        amp = max(th - margin_V / scenario["impedance_ohm"][c] * 1000.0, 0.0)
        ev = dbs.evaluate_settings({"contact": c, "amplitude_mA": amp, "pulse_width_us": pulse_width_us,
                                    "frequency_hz": 130.0}, scenario)
        if status[c] == "normal" and ev["feasible"]:
            rows.append({"contact": c, "amp": amp, "cov": ev["coverage"], "teed": ev["teed_uJ_per_s"]})
    if not rows:
        return {"impedance_status": status, "threshold_mA": thresholds, "contact": None, "amplitude_mA": 0.0}
    best = sorted(rows, key=lambda r: (-round(r["cov"], 9), r["teed"]))[0]
    return {"impedance_status": status, "threshold_mA": thresholds, "contact": best["contact"], "amplitude_mA": best["amp"]}''' + _REVIEW_OWN,
        ],
        "wrong": {
            "no impedance check": {"code": _review(status="['normal'] * len(scenario['impedance_ohm'])"),
                                   "hint": "no_impedance_check", "visible": True},
            "the capsule only (the optic tract forgotten)": {"code": _review(distance="(a + b * z_mm)"),
                                                             "hint": "capsule_only", "visible": True},
            "thresholds at 90 µs whatever the pulse width": {"code": _review(pw="90.0"), "hint": "reference_pw",
                                                             "visible": True},
            "the margin taken as milliamperes": {"code": _review(amplitude="max(th - margin_V, 0.0)"), "hint": "margin_as_mA",
                                                 "visible": True},
            "10 % below threshold": {"code": _review(amplitude="0.9 * th"), "hint": "ten_percent", "visible": True},
            "the highest threshold chosen": {"code": _review(key="th"), "hint": "highest_threshold", "visible": True},
            "500 and 1500 Ohm counted as abnormal": {
                "code": _review(status="['low' if z <= 500 else 'high' if z >= 1500 else 'normal' for z in scenario['impedance_ohm']]"),
                "hint": "limits_excluded", "visible": True},
            "a coverage tie not broken by the TEED": {"code": _review(key="round(ev['coverage'], 9)"), "hint": "tie_ignored",
                                                      "visible": False,
                                                      "why": "no two contacts of the visible lead cover the target equally"},
            "no usable contact: contact 0 returned anyway": {"code": _review(pick="max(options) if options else (None, 0, 0.0)"),
                                                            "hint": "none_usable", "visible": False,
                                                            "why": "the visible lead has usable contacts"},
            "hard-coded visible answer": {"code": "VISIBLE_REVIEW", "hint": "hint", "visible": False,
                                          "why": "it reproduces the visible example"},
        },
    },
    "ch3c_settings": {
        "hidden": ["ch3c_settings_hidden"],
        "per_student": True,
        "alternatives": [
            '''def choose_settings(scenario):
    freq = min(scenario["frequency_range_hz"])
    amps = np.arange(0.1, 6.0 + 1e-9, 0.01)
    candidates = []
    for c in range(len(scenario["contact_z_mm"])):
        if programming.impedance_status(scenario["impedance_ohm"][c]) != "normal":
            continue
        capsule = scenario["capsule_distance_mm"][0] + scenario["capsule_distance_mm"][1] * scenario["contact_z_mm"][c]
        optic = scenario["contact_z_mm"][c] + scenario["optic_tract_below_tip_mm"]
        dist = np.hypot(scenario["target_center_mm"][0], scenario["target_center_mm"][1] - scenario["contact_z_mm"][c])
        for pw in np.arange(60.0, 450.0 + 1e-9, 10.0):
            r = dbs.activation_radius_mm(amps, pw)
            ok = (r <= min(capsule, optic)) & (amps * pw / 1000 / scenario["area_cm2"] <= scenario["limit_uC_per_cm2"])
            cov = dbs.sphere_overlap_fraction(r, scenario["target_radius_mm"], dist)
            teed = (amps / 1000) ** 2 * scenario["impedance_ohm"][c] * freq * pw
            for i in np.flatnonzero(ok):
                candidates.append((cov[i], teed[i], c, float(amps[i]), float(pw)))
    best = max(x[0] for x in candidates)
    _, _, c, amp, pw = min((x for x in candidates if x[0] >= 0.9 * best + 1e-9), key=lambda x: x[1])
    return {"contact": c, "amplitude_mA": amp, "pulse_width_us": pw, "frequency_hz": float(freq)}''' + _SETTINGS_OWN,
        ],
        "wrong": {
            "the best coverage, energy ignored": {"code": _settings(energy=False), "hint": "too_much_energy", "visible": True},
            "130 Hz instead of the lowest frequency": {"code": _settings(freq="130.0"), "hint": "frequency_floor",
                                                       "visible": True},
            "contacts with an abnormal impedance used": {"code": _settings(use_contact="True"), "hint": "faulty_contact",
                                                        "visible": True},
            "side effects ignored (capsule, optic tract)": {"code": _settings(side_effects=False), "hint": "capsule",
                                                            "visible": True},
            "hard-coded visible answer": {"code": '''def choose_settings(scenario):
    if scenario["impedance_ohm"][1] == 300.0:
        return {"contact": 2, "amplitude_mA": 3.5, "pulse_width_us": 100.0, "frequency_hz": 100.0}
    return {"contact": 1, "amplitude_mA": 2.88, "pulse_width_us": 100.0, "frequency_hz": 100.0}''' + _SETTINGS_OWN,
                                          "hint": "low_coverage", "visible": False, "why": "it reproduces the visible example"},
        },
    },
    "ch3c_reading_pulse": _reading_entry("ch3c_reading_pulse", "reading_c1", 4, "shorter",
        ['per_electrode', 'longer', 'shorter', 'doubles']),
    "ch3c_reading_battery": _reading_entry("ch3c_reading_battery", "reading_c2", 4, "overhead",
        ['proportional', 'overhead', 'independent', 'voltage_mode']),
    "ch3c_reading_review": _reading_entry("ch3c_reading_review", "reading_c3", 4, "weeks",
        ['unmeasurable', 'highest_best', 'battery', 'weeks']),
    "ch3c_reading_settings": _reading_entry("ch3c_reading_settings", "reading_c4", 4, "model",
        ['best_for_all', 'model', 'damage', 'volume']),
}


def _visible_values():
    """The hard-coded answers: the visible examples' reference values (computed here, returned for any input)."""
    from helpers import dbs, programming
    lives = {}
    for args in ((3.2, 120.0, 150.0, 1250.0, 2), (2.4, 60.0, 130.0, 850.0, 1)):
        i, pw, f, z, n = args
        lives[i] = dbs.battery_life_months(n * dbs.teed_uJ_per_s(amplitude_mA=i, frequency_hz=f, pulse_width_us=pw,
                                                                 impedance_ohm=z))
    lead = dbs.default_scenario()
    lead["impedance_ohm"] = [1150.0, 4200.0, 880.0, 1500.0]
    th = [programming.side_effect_threshold(lead, c, 70.0)["threshold_mA"] for c in range(4)]
    rows = []
    for c, z in enumerate(lead["impedance_ohm"]):
        amp = max(th[c] - 0.4 / z * 1e3, 0.0)
        ev = dbs.evaluate_settings({"contact": c, "amplitude_mA": amp, "pulse_width_us": 70.0, "frequency_hz": 130.0}, lead)
        if programming.impedance_status(z) == "normal" and ev["feasible"]:
            rows.append((round(ev["coverage"], 9), -ev["teed_uJ_per_s"], c, amp))
    _, _, contact, amp = max(rows)
    review = {"impedance_status": [programming.impedance_status(z) for z in lead["impedance_ohm"]], "threshold_mA": th,
              "contact": contact, "amplitude_mA": amp}
    return lives, review


_LIVES, _REVIEW = _visible_values()
_B = ANSWERS["ch3c_battery"]["wrong"]["hard-coded visible answer"]
_B["code"] = _B["code"].replace("VISIBLE_A", repr(_LIVES[3.2])).replace("VISIBLE_B", repr(_LIVES[2.4]))
ANSWERS["ch3c_review"]["wrong"]["hard-coded visible answer"]["code"] = (
    "def review_lead(scenario, pulse_width_us=60.0, margin_V=0.5):\n    return " + repr(_REVIEW) + _REVIEW_OWN)


# --- written answers (graded by people): answers the demo class hands in, and what a grader gave them ---
WRITTEN = {
    "ch3c_written_review": {
        "alternative": ("The review kept every contact with a normal impedance, found where each one's sphere "
                        "first touches the capsule or the optic tract, and chose the contact that covers the most "
                        "of the target once its current is set just under that limit. What it cannot tell me is "
                        "whether the dystonia will get better, since that takes weeks and is scored later on a "
                        "rating scale. The model's sphere is also a simplification of the real activated tissue.",
                        2.5),
        "weak": ("The review shows the best contact for the patient, and the patient will improve at that "
                 "setting because the target is covered.", 0.5),
    },
}
