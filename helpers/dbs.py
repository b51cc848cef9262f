"""Deep brain stimulation physics: field, activation, charge safety, energy, planning.

The tissue is an infinite homogeneous isotropic conductor and each contact a
point (or small sphere) source.  That is the textbook first approximation
(McIntyre et al. 2004; Butson & McIntyre 2006): it ignores the electrode–tissue
interface, tissue anisotropy and axon orientation, so activation radii are
overestimates and are used here to compare settings, not to predict a patient.

Units: current in mA, voltage in V, pulse width in µs, frequency in Hz,
impedance in Ω, distances in mm, charge in µC, charge density in µC/cm²/phase,
energy in µJ per second (µW).
"""
import math

import numpy as np

from .checks import check_number, check_option, check_positive

#: Conductivity of grey matter, S/m (a common isotropic value; McIntyre et al. 2004).
TISSUE_CONDUCTIVITY_S_PER_M = 0.2
#: Medtronic 3387/3389 contact: 1.27 mm diameter, 1.5 mm height.
CONTACT_DIAMETER_MM = 1.27
CONTACT_HEIGHT_MM = 1.5
#: Lateral area of one cylindrical contact, cm² (π·d·h = 5.98 mm²).
CONTACT_AREA_CM2 = math.pi * CONTACT_DIAMETER_MM * CONTACT_HEIGHT_MM / 100.0
#: 3389 contact centres are 2 mm apart (1.5 mm contact + 0.5 mm gap).
CONTACT_SPACING_MM = 2.0
#: Charge-density warning limit printed in DBS programming manuals, µC/cm²/phase.
CHARGE_DENSITY_LIMIT_UC_PER_CM2 = 30.0
#: Shannon (1992) damage boundary: log10(D) = k - log10(Q); damage seen for k >= 1.85.
SHANNON_K_DAMAGE = 1.85
#: Field needed to activate axons at the reference pulse width, V/mm (Åström et al. 2015).
ACTIVATION_FIELD_V_PER_MM = 0.2
REFERENCE_PULSE_WIDTH_US = 90.0
#: Chronaxie, µs.  Course-design value fitted to the equal-benefit amplitudes of
#: Vercueil et al. (2007): 4.46, 3.45, 2.47 V at 60, 120, 450 µs.  With a
#: threshold proportional to 1 + c/PW, the 60 -> 450 µs ratio 2.47/4.46 gives
#: c = 64 µs (within the 30-200 µs reported by Holsheimer et al. 2000).
CHRONAXIE_US = 64.0
#: Typical impedance range, Ω (Butson, Maks & McIntyre 2006).
IMPEDANCE_RANGE_OHM = (500.0, 1500.0)
#: Battery model (course design): a fixed electronics drain plus the delivered
#: energy, with an energy budget calibrated so that bilateral 3.5 V / 130 Hz /
#: 450 µs / 1 kΩ lasts 24 months, as Isaias et al. (2009) saw for generalized
#: dystonia at 130 Hz.
DEVICE_OVERHEAD_UW = 50.0
SECONDS_PER_MONTH = 30.4375 * 24 * 3600
_REF_TEED = 2 * (3.5 ** 2) * 130 * 450e-6 / 1000.0 * 1e6  # µW, bilateral
BATTERY_BUDGET_J = (_REF_TEED + DEVICE_OVERHEAD_UW) * 1e-6 * 24 * SECONDS_PER_MONTH


def _current(amplitude_mA):
    return check_number(amplitude_mA, "amplitude_mA", low=0.0)


def _pw(pulse_width_us):
    return check_number(pulse_width_us, "pulse_width_us", low=0.0, low_inclusive=False, high=1000.0)


def contact_area_cm2(diameter_mm=CONTACT_DIAMETER_MM, height_mm=CONTACT_HEIGHT_MM):
    """Lateral area of a cylindrical contact, cm².

    >>> round(contact_area_cm2(), 4)
    0.0598
    """
    d = check_positive(diameter_mm, "diameter_mm")
    h = check_positive(height_mm, "height_mm")
    return math.pi * d * h / 100.0


def point_source_potential_V(amplitude_mA, distance_mm, conductivity_S_per_m=TISSUE_CONDUCTIVITY_S_PER_M):
    """Potential of a monopolar point source in a homogeneous medium, V = I/(4πσr).

    Parameters
    ----------
    amplitude_mA : float or array
        Current, mA.
    distance_mm : float or array
        Distance from the source, mm (> 0).
    conductivity_S_per_m : float
        Tissue conductivity, S/m.

    Examples
    --------
    >>> round(point_source_potential_V(1.0, 1.0), 4)
    0.3979
    """
    current = np.asarray(amplitude_mA, dtype=float) * 1e-3
    r = np.asarray(distance_mm, dtype=float)
    if np.any(~np.isfinite(r)) or np.any(r <= 0):
        raise ValueError("distance_mm must be finite and > 0 (the point source is singular at 0).")
    sigma = check_positive(conductivity_S_per_m, "conductivity_S_per_m")
    value = current / (4 * np.pi * sigma * r * 1e-3)
    return float(value) if np.ndim(value) == 0 else value


def field_V_per_mm(amplitude_mA, distance_mm, conductivity_S_per_m=TISSUE_CONDUCTIVITY_S_PER_M):
    """Field magnitude of a point source, E = I/(4πσr²), in V/mm.

    >>> round(field_V_per_mm(1.0, 1.0), 4)
    0.3979
    >>> round(field_V_per_mm(1.0, 2.0), 4)   # falls as 1/r²
    0.0995
    """
    potential = np.asarray(point_source_potential_V(amplitude_mA, distance_mm, conductivity_S_per_m))
    value = potential / np.asarray(distance_mm, dtype=float)
    return float(value) if np.ndim(value) == 0 else value


def threshold_field_V_per_mm(pulse_width_us, chronaxie_us=CHRONAXIE_US,
                             reference_field_V_per_mm=ACTIVATION_FIELD_V_PER_MM,
                             reference_pulse_width_us=REFERENCE_PULSE_WIDTH_US):
    """Field needed to activate axons at a pulse width (Lapicque strength–duration).

    E_th(PW) = E_ref · (1 + c/PW) / (1 + c/PW_ref): shorter pulses need stronger fields.

    >>> threshold_field_V_per_mm(90.0) == ACTIVATION_FIELD_V_PER_MM
    True
    >>> threshold_field_V_per_mm(60.0) > threshold_field_V_per_mm(450.0)
    True
    """
    pw = np.asarray(pulse_width_us, dtype=float)
    if np.any(~np.isfinite(pw)) or np.any(pw <= 0):
        raise ValueError("pulse_width_us must be finite and > 0.")
    c = check_positive(chronaxie_us, "chronaxie_us")
    value = reference_field_V_per_mm * (1 + c / pw) / (1 + c / reference_pulse_width_us)
    return float(value) if np.ndim(value) == 0 else value


def activation_radius_mm(amplitude_mA, pulse_width_us, conductivity_S_per_m=TISSUE_CONDUCTIVITY_S_PER_M,
                         chronaxie_us=CHRONAXIE_US):
    """Radius within which the point-source field exceeds the activation threshold, mm.

    Solving I/(4πσr²) = E_th(PW) gives r = sqrt(I / (4πσ E_th)).  A course-design
    model: it overestimates real volumes of tissue activated (no interface, no
    anisotropy) but keeps the right trends (r ∝ sqrt(I); longer pulses reach further).

    Examples
    --------
    >>> round(activation_radius_mm(3.0, 90.0), 2)
    2.44
    """
    current = np.asarray(amplitude_mA, dtype=float)
    if np.any(~np.isfinite(current)) or np.any(current < 0):
        raise ValueError("amplitude_mA must be finite and >= 0.")
    sigma = check_positive(conductivity_S_per_m, "conductivity_S_per_m")
    e_th = np.asarray(threshold_field_V_per_mm(pulse_width_us, chronaxie_us)) * 1e3  # V/m
    r_m = np.sqrt(current * 1e-3 / (4 * np.pi * sigma * e_th))
    value = r_m * 1e3
    return float(value) if np.ndim(value) == 0 else value


def _amplitude_for_radius_mA(radius_mm, pulse_width_us, conductivity_S_per_m=TISSUE_CONDUCTIVITY_S_PER_M,
                            chronaxie_us=CHRONAXIE_US):
    """Current needed for an activation radius (inverse of :func:`activation_radius_mm`), mA.

    Private: deriving this inverse is a chapter 2 exercise; the lead keeps it for tests.

    >>> round(_amplitude_for_radius_mA(activation_radius_mm(2.0, 120.0), 120.0), 6)
    2.0
    """
    r = check_positive(radius_mm, "radius_mm") * 1e-3
    sigma = check_positive(conductivity_S_per_m, "conductivity_S_per_m")
    e_th = threshold_field_V_per_mm(_pw(pulse_width_us), chronaxie_us) * 1e3
    return 4 * math.pi * sigma * e_th * r ** 2 * 1e3


def volume_activated_mm3(amplitude_mA, pulse_width_us, **kwargs):
    """Volume of the activation sphere, mm³ (course-design VTA)."""
    r = np.asarray(activation_radius_mm(amplitude_mA, pulse_width_us, **kwargs))
    value = 4.0 / 3.0 * np.pi * r ** 3
    return float(value) if np.ndim(value) == 0 else value


def current_from_voltage_mA(voltage_V, impedance_ohm):
    """Ohm's law, I = V/Z, in mA.

    >>> current_from_voltage_mA(3.0, 1000.0)
    3.0
    """
    v = check_number(voltage_V, "voltage_V", low=0.0)
    z = check_positive(impedance_ohm, "impedance_ohm")
    return v / z * 1e3


def charge_per_phase_uC(amplitude_mA, pulse_width_us):
    """Charge per phase Q = I·PW, µC (mA × µs = nC).

    >>> charge_per_phase_uC(3.0, 90.0)
    0.27
    """
    return round(_current(amplitude_mA) * _pw(pulse_width_us) * 1e-3, 12)


def charge_density_uC_per_cm2(amplitude_mA, pulse_width_us, area_cm2=CONTACT_AREA_CM2):
    """Charge density per phase D = Q/A, µC/cm².

    >>> round(charge_density_uC_per_cm2(5.0, 450.0, 0.0598), 1)
    37.6
    """
    area = check_positive(area_cm2, "area_cm2")
    return charge_per_phase_uC(amplitude_mA, pulse_width_us) / area


def shannon_k(amplitude_mA, pulse_width_us, area_cm2=CONTACT_AREA_CM2):
    """Shannon's k = log10(D) + log10(Q) (Shannon 1992); damage was seen for k >= 1.85.

    >>> round(shannon_k(3.0, 600.0, 0.06), 2)
    1.73
    """
    q = charge_per_phase_uC(amplitude_mA, pulse_width_us)
    if q <= 0:
        raise ValueError("amplitude_mA and pulse_width_us must be > 0 to compute Shannon's k.")
    d = charge_density_uC_per_cm2(amplitude_mA, pulse_width_us, area_cm2)
    return math.log10(d) + math.log10(q)


def charge_safety(amplitude_mA, pulse_width_us, area_cm2=CONTACT_AREA_CM2,
                  limit_uC_per_cm2=CHARGE_DENSITY_LIMIT_UC_PER_CM2):
    """Charge, density, Shannon k and whether the setting is within the density limit.

    Returns
    -------
    dict
        ``charge_uC``, ``density_uC_per_cm2``, ``shannon_k``, ``within_limit`` (density
        <= limit), ``below_shannon_damage`` (k < 1.85), ``margin_uC_per_cm2``.
    """
    density = charge_density_uC_per_cm2(amplitude_mA, pulse_width_us, area_cm2)
    q = charge_per_phase_uC(amplitude_mA, pulse_width_us)
    k = shannon_k(amplitude_mA, pulse_width_us, area_cm2) if q > 0 else -math.inf
    return {"charge_uC": q, "density_uC_per_cm2": density, "shannon_k": k,
            "within_limit": bool(density <= limit_uC_per_cm2),
            "below_shannon_damage": bool(k < SHANNON_K_DAMAGE),
            "margin_uC_per_cm2": limit_uC_per_cm2 - density}


def max_pulse_width_us(amplitude_mA, area_cm2=CONTACT_AREA_CM2,
                       limit_uC_per_cm2=CHARGE_DENSITY_LIMIT_UC_PER_CM2):
    """Longest pulse width that keeps the charge density at or below the limit, µs.

    >>> round(max_pulse_width_us(3.0, 0.06))
    600
    """
    current = check_number(amplitude_mA, "amplitude_mA", low=0.0, low_inclusive=False)
    area = check_positive(area_cm2, "area_cm2")
    limit = check_positive(limit_uC_per_cm2, "limit_uC_per_cm2")
    return limit * area / current * 1e3


def teed_uJ_per_s(*, frequency_hz, pulse_width_us, impedance_ohm, voltage_V=None, amplitude_mA=None):
    """Total electrical energy delivered per second (TEED), µJ/s, for one contact.

    Voltage mode: V²·f·PW/Z; current mode: I²·Z·f·PW (Koss et al. 2005).  Give
    exactly one of ``voltage_V`` or ``amplitude_mA``.

    Examples
    --------
    >>> round(teed_uJ_per_s(voltage_V=3.0, frequency_hz=130, pulse_width_us=90, impedance_ohm=1000), 1)
    105.3
    >>> round(teed_uJ_per_s(amplitude_mA=3.0, frequency_hz=130, pulse_width_us=90, impedance_ohm=1000), 1)
    105.3
    """
    f = check_number(frequency_hz, "frequency_hz", low=0.0, high=10000.0)
    pw = _pw(pulse_width_us) * 1e-6
    z = check_positive(impedance_ohm, "impedance_ohm")
    if (voltage_V is None) == (amplitude_mA is None):
        raise ValueError("give exactly one of voltage_V or amplitude_mA.")
    if voltage_V is not None:
        v = check_number(voltage_V, "voltage_V", low=0.0)
        watts = v ** 2 * f * pw / z
    else:
        i = _current(amplitude_mA) * 1e-3
        watts = i ** 2 * z * f * pw
    return watts * 1e6


def battery_life_months(teed_total_uJ_per_s, overhead_uW=DEVICE_OVERHEAD_UW, budget_J=BATTERY_BUDGET_J):
    """Battery life of a primary-cell stimulator for a total delivered power, months (course design).

    >>> round(battery_life_months(2 * 3.5**2 * 130 * 450e-6 / 1000 * 1e6))
    24
    """
    load = check_number(teed_total_uJ_per_s, "teed_total_uJ_per_s", low=0.0)
    overhead = check_number(overhead_uW, "overhead_uW", low=0.0)
    if load + overhead <= 0:
        raise ValueError("total drain must be > 0.")
    return budget_J / ((load + overhead) * 1e-6) / SECONDS_PER_MONTH


# --- planning ------------------------------------------------------------------
def default_scenario():
    """A GPi programming scenario (course design, plausible geometry).

    A 4-contact 3389-type lead (contacts 0-3, centres 2 mm apart along z, contact 0
    deepest at z = 0).  The sensorimotor GPi target is a sphere; the internal
    capsule lies beside the lead, nearer the upper contacts; the optic tract lies
    below the tip.  Activation reaching either causes side effects.
    """
    return {
        "contact_z_mm": [0.0, 2.0, 4.0, 6.0],
        "impedance_ohm": [1100.0, 950.0, 1000.0, 1200.0],
        "target_center_mm": (1.2, 2.6),        # (lateral distance from lead axis, z)
        "target_radius_mm": 2.0,
        "capsule_distance_mm": (3.0, -0.1),    # distance = a + b*z at each contact
        "optic_tract_below_tip_mm": 2.2,       # optic tract lies this far below contact 0
        "area_cm2": CONTACT_AREA_CM2,
        "limit_uC_per_cm2": CHARGE_DENSITY_LIMIT_UC_PER_CM2,
        "amplitude_range_mA": (0.1, 6.0),
        "pulse_width_range_us": (60.0, 450.0),
        "frequency_range_hz": (100.0, 185.0),
    }


def sphere_overlap_fraction(r_act_mm, target_radius_mm, center_distance_mm):
    """Fraction of a target sphere's volume inside an activation sphere (exact lens volume).

    >>> sphere_overlap_fraction(5.0, 1.0, 0.0)
    1.0
    >>> sphere_overlap_fraction(1.0, 1.0, 3.0)
    0.0
    """
    r1 = np.asarray(r_act_mm, dtype=float)
    r2 = float(target_radius_mm)
    d = float(center_distance_mm)
    vol_target = 4.0 / 3.0 * np.pi * r2 ** 3
    with np.errstate(divide="ignore", invalid="ignore"):
        lens = (np.pi * (r1 + r2 - d) ** 2 * (d ** 2 + 2 * d * r2 - 3 * r2 ** 2 + 2 * d * r1
                                            + 6 * r1 * r2 - 3 * r1 ** 2) / (12 * d)) if d > 0 else np.zeros_like(r1)
    inside_small = 4.0 / 3.0 * np.pi * np.minimum(r1, r2) ** 3
    out = np.where(d >= r1 + r2, 0.0, np.where(d <= np.abs(r1 - r2), inside_small, lens))
    frac = np.clip(out / vol_target, 0.0, 1.0)
    return float(frac) if np.ndim(frac) == 0 else frac


def _side_effect_distances(scenario, contact):
    z = scenario["contact_z_mm"][contact]
    a, b = scenario["capsule_distance_mm"]
    return a + b * z, z + scenario["optic_tract_below_tip_mm"]


def evaluate_settings(settings, scenario=None):
    """Judge DBS settings on a scenario: safety, side effects, target coverage, energy.

    Parameters
    ----------
    settings : dict
        ``contact`` (int index), ``amplitude_mA``, ``pulse_width_us``, ``frequency_hz``.
    scenario : dict, optional
        From :func:`default_scenario` (the default).

    Returns
    -------
    dict
        ``feasible`` (bool), ``violations`` (list of str), ``coverage`` (0-1 fraction of the
        target sphere activated), ``radius_mm``, ``density_uC_per_cm2``, ``teed_uJ_per_s``.
    """
    scenario = default_scenario() if scenario is None else scenario
    if not isinstance(settings, dict):
        raise ValueError(f"settings must be a dict; got {type(settings).__name__}.")
    missing = {"contact", "amplitude_mA", "pulse_width_us", "frequency_hz"} - set(settings)
    if missing:
        raise ValueError(f"settings is missing {sorted(missing)}.")
    n_contacts = len(scenario["contact_z_mm"])
    contact = check_number(settings["contact"], "contact", low=0, high=n_contacts - 1, integer=True)
    amp = check_number(settings["amplitude_mA"], "amplitude_mA", low=0.0)
    pw = _pw(settings["pulse_width_us"])
    freq = check_number(settings["frequency_hz"], "frequency_hz", low=0.0, low_inclusive=False)
    violations = []
    lo, hi = scenario["amplitude_range_mA"]
    if not lo <= amp <= hi:
        violations.append(f"amplitude {amp} mA outside the device range {lo}-{hi} mA")
    lo, hi = scenario["pulse_width_range_us"]
    if not lo <= pw <= hi:
        violations.append(f"pulse width {pw} µs outside {lo}-{hi} µs")
    lo, hi = scenario["frequency_range_hz"]
    if not lo <= freq <= hi:
        violations.append(f"frequency {freq} Hz outside the therapeutic range {lo}-{hi} Hz")
    density = charge_density_uC_per_cm2(amp, pw, scenario["area_cm2"])
    if density > scenario["limit_uC_per_cm2"]:
        violations.append(f"charge density {density:.1f} µC/cm² above {scenario['limit_uC_per_cm2']}")
    radius = activation_radius_mm(amp, pw)
    capsule, optic = _side_effect_distances(scenario, contact)
    if radius > capsule:
        violations.append(f"activation radius {radius:.2f} mm reaches the internal capsule ({capsule:.2f} mm)")
    if radius > optic:
        violations.append(f"activation radius {radius:.2f} mm reaches the optic tract ({optic:.2f} mm)")
    tx, tz = scenario["target_center_mm"]
    dist = math.hypot(tx, tz - scenario["contact_z_mm"][contact])
    coverage = sphere_overlap_fraction(radius, scenario["target_radius_mm"], dist)
    teed = teed_uJ_per_s(amplitude_mA=amp, frequency_hz=freq, pulse_width_us=pw,
                         impedance_ohm=scenario["impedance_ohm"][contact])
    return {"feasible": not violations, "violations": violations, "coverage": float(coverage),
            "radius_mm": float(radius), "density_uC_per_cm2": float(density), "teed_uJ_per_s": float(teed)}


